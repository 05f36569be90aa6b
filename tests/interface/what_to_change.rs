//! What to change: written on the Diagnosis screen (a reading, a pillar) and on the matrix (a
//! topic), from the method's draft; saved with the session, shown beside the finding and in the
//! client's report; withdrawn by emptying it.

use crossterm::event::KeyCode;

use crosscheck::session::{Finding, Session};
use crosscheck::ui::Screen;
use crosscheck::ui::overlays::recommend::RecommendForm;

use crate::common::Harness;

/// The demo, opened, without the recommendation it ships with.
fn demo(h: &mut Harness) -> Session {
    demo_with(h, |_| {})
}

/// The demo without its recommendation, changed by `change`, opened.
fn demo_with(h: &mut Harness, change: impl FnOnce(&mut Session)) -> Session {
    h.open_demo_with(|demo| {
        demo.recommendations.clear();
        change(demo);
    })
}

#[test]
fn a_recommendation_is_written_on_a_reading_and_read_out() {
    let mut h = Harness::new();
    demo(&mut h);
    h.ch('g');
    assert_eq!(h.app.screen(), Screen::Diagnosis);
    // The first reading: strong metrics, weak practices; the draft says what the method implies.
    h.ch('w');
    let form = h.app.overlay_as::<RecommendForm>().expect("the form");
    assert_eq!(form.finding, Finding::Reading("performance-practice".into()));
    let [change, owner, ..] = form.form.values();
    assert!(change.starts_with("Build the practices behind the delivery figures"), "{change}");
    assert_eq!(owner, "Engineering");
    insta::assert_snapshot!("what_to_change_form_80x24", h.draw(80, 24).backend());
    // Rewrite the owner, keep the rest.
    h.key(KeyCode::Tab).key(KeyCode::End);
    for _ in 0..20 {
        h.key(KeyCode::Backspace);
    }
    h.typed("Head of Engineering").key(KeyCode::Enter);
    let saved = h.on_disk().recommendations;
    assert_eq!(saved.len(), 1);
    assert_eq!(
        (saved[0].owner.as_str(), &saved[0].answers),
        ("Head of Engineering", &Finding::Reading("performance-practice".into()))
    );
    let screen = h.draw(120, 40).backend().to_string();
    assert!(
        screen.contains("What to change: Build the practices") && screen.contains("owner Head of Engineering"),
        "{screen}"
    );
    let report = crosscheck::report::markdown(
        &h.on_disk(),
        &h.app.env.catalog,
        crate::common::t0(),
        &crosscheck::report::ReadOut::client(),
    );
    let section = &report[report.find("## What to change").expect("the section")..];
    assert!(
        section.contains("Owner: Head of Engineering.") && section.contains("It answers *Performance and practice")
    );
    // w again edits it; emptying what to change withdraws it.
    h.ch('w');
    assert!(h.app.overlay_as::<RecommendForm>().unwrap().id.is_some(), "the one written, not a new one");
    h.key(KeyCode::End);
    for _ in 0..300 {
        h.key(KeyCode::Backspace);
    }
    h.key(KeyCode::Enter);
    let kept = h.on_disk().recommendations;
    assert!(kept.len() == 1 && kept[0].withdrawn_at.is_some(), "kept, withdrawn");
    assert!(!h.draw(120, 40).backend().to_string().contains("What to change:"));
}

#[test]
fn a_pillar_and_a_topic_get_their_own_drafts() {
    let mut h = Harness::new();
    demo(&mut h);
    h.ch('g').key(KeyCode::Right).ch('w');
    let form = h.app.overlay_as::<RecommendForm>().expect("the form");
    assert_eq!(form.finding, Finding::Pillar(crosscheck::bank::Pillar::IdentityDirection));
    assert_eq!(form.form.values()[1], "Leadership");
    h.key(KeyCode::Esc).ch('q');
    // The matrix: the selected topic, its draft naming the functions it did not reach.
    h.ch('v');
    assert_eq!(h.app.screen(), Screen::Divergence);
    h.ch('w');
    let form = h.app.overlay_as::<RecommendForm>().expect("the form on the matrix");
    assert!(matches!(form.finding, Finding::Topic(_)));
    assert!(form.form.values()[0].starts_with("Agree what "), "{:?}", form.form.values());
    let change = form.form.values()[0].to_string();
    h.key(KeyCode::Enter);
    assert_eq!(h.on_disk().recommendations.len(), 1);
    // Shown in the topic's detail pane, where it was written.
    let screen = h.draw(200, 50).backend().to_string();
    let start: String = change.chars().take(40).collect();
    assert!(screen.contains(&format!("What to change: {start}")), "{screen}");
    insta::assert_snapshot!("topic_recommendation_in_detail_200x50", h.draw(200, 50).backend());
}

/// Two versions of one recommendation that a merge kept: both shown, and `c` on the finding
/// chooses the one to keep; the other stays in the session, settled.
#[test]
fn two_versions_of_a_recommendation_are_chosen_between() {
    use crosscheck::session::{Disputed, Recommendation};
    use crosscheck::ui::overlays::conflicts::ConflictChoice;
    let mut h = Harness::new();
    let t = crate::common::t0();
    let mine = Recommendation {
        id: "r1".into(),
        answers: Finding::Reading("performance-practice".into()),
        change: "Measure the four delivery figures from the pipeline".into(),
        owner: "Engineering".into(),
        checkpoints: ["Dashboard live".into(), String::new(), String::new()],
        written_at: t,
        written_by: Some("Ana".into()),
        edited_at: t,
        withdrawn_at: None,
        revision: Default::default(),
    };
    let theirs = Recommendation {
        change: "Close every incident review's actions".into(),
        owner: "Operations".into(),
        written_by: Some("Ben".into()),
        ..mine.clone()
    };
    demo_with(&mut h, |demo| {
        demo.recommendations = vec![mine];
        demo.recommendation_conflicts = vec![Disputed { version: theirs, settled_at: None, settled_by: None }];
    });
    h.ch('g');
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.contains("another version (c to choose): Close every incident"), "{screen}");
    h.ch('c');
    assert!(h.app.overlay_as::<ConflictChoice>().is_some(), "the choice");
    insta::assert_snapshot!("recommendation_versions_80x24", h.draw(80, 24).backend());
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let saved = h.on_disk();
    assert_eq!(saved.recommendations[0].change, "Close every incident review's actions");
    assert_eq!(saved.recommendation_conflicts.len(), 2, "both versions stay: {:?}", saved.recommendation_conflicts);
    assert!(saved.recommendation_conflicts.iter().all(|d| !d.open()), "settled");
    assert!(!h.draw(120, 40).backend().to_string().contains("another version"));
    // Nothing left to choose.
    h.ch('c');
    assert!(h.app.overlay_as::<ConflictChoice>().is_none());
}

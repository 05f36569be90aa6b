//! Several interviewers in the interface: a colleague's copy imported and merged from the
//! sessions screen, who captured each interview and its conflicts on the session screen, the
//! conflict beside the answer, and choosing the value to keep.

use crate::common;

use chrono::Duration;
use common::{Harness, t0};
use crosscheck::bank::Kind;
use crosscheck::session::{AnswerValue, Session};
use crossterm::event::KeyCode;

/// Ana's session with a Product interview (a scale answer of 1) on disk, and Ben's copy of it
/// where he changed that answer to 3 and added a Sales interview, as a transcript file.
fn two_copies(h: &mut Harness) -> (String, std::path::PathBuf) {
    two_copies_with_notes(h, "")
}

/// As [`two_copies`], Ben's answer with `notes`.
fn two_copies_with_notes(h: &mut Harness, notes: &str) -> (String, std::path::PathBuf) {
    h.app.interviewer = Some("Ana".into());
    h.new_session("Acme Ltd", "Ana").add_interview("product", "Priya Shah", "PM");
    let q = h.goto_kind(Kind::Scale);
    h.ch('1').ch('q').ch('q');
    let Some(crosscheck::storage::Listed::Session(chosen)) = h.app.sessions.chosen() else { panic!("a session") };
    let mine = h.app.store.load(&chosen.id, &h.app.env.catalog).unwrap();
    let mut theirs: Session = mine.clone();
    let a = theirs.interviews[0].answer_mut(&q);
    a.set_value(AnswerValue::Scale { value: 3 }, t0() + Duration::minutes(30));
    a.edited_by = Some("Ben".into());
    a.notes = notes.into();
    let i = theirs.add_interview("sales", "1", t0() + Duration::minutes(40));
    theirs.interviews[i].interviewer = Some("Ben".into());
    let file = h.dir.path().join("ben.json");
    let transcript = crosscheck::transcript::build(&theirs, &h.app.env.catalog, t0());
    std::fs::write(&file, crosscheck::transcript::to_json(&transcript)).unwrap();
    (q, file)
}

#[test]
fn a_colleagues_copy_merged_from_the_sessions_screen_shows_who_and_what_to_review() {
    let mut h = Harness::new();
    let (q, file) = two_copies(&mut h);
    h.ch('m').typed(file.to_str().unwrap()).key(KeyCode::Enter);
    let status = h.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("1 interview added, 1 conflict to review"), "{status}");
    h.key(KeyCode::Enter);
    insta::assert_snapshot!("team_session_after_merge_80x24", h.draw(80, 24).backend());
    // The interview with the conflict: the other value beside the answer.
    h.key(KeyCode::Enter);
    assert_eq!(h.current_question(), q, "the interview opens on its conflict");
    insta::assert_snapshot!("team_conflict_on_the_answer_80x24", h.draw(80, 24).backend());
    h.ch('c');
    insta::assert_snapshot!("team_choose_a_value_80x24", h.draw(80, 24).backend());
    // Keep Ana's 1 (the second value), not Ben's 3.
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let kept = h.on_disk().interviews[0].answers[&q].clone();
    assert_eq!((kept.value, kept.edited_by.as_deref()), (Some(AnswerValue::Scale { value: 1 }), Some("Ana")));
    let saved = h.on_disk();
    assert_eq!(saved.open_conflicts(), 0, "settled");
    assert!(saved.interviews[0].conflicts.iter().all(|c| c.settled_by.as_deref() == Some("Ana")), "the choice is kept");
    h.ch('c');
    let status = h.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.starts_with("No conflict on this answer"), "{status}");
}

#[test]
fn long_notes_in_the_choice_wrap_and_every_value_stays_in_view() {
    let mut h = Harness::new();
    let notes = "He said the deck reached the team the Friday before, but only the regional leads saw it; \
                 the reps heard about the new tier from a customer on the Monday call.";
    let (_, file) = two_copies_with_notes(&mut h, notes);
    h.ch('m').typed(file.to_str().unwrap()).key(KeyCode::Enter);
    h.key(KeyCode::Enter).key(KeyCode::Enter).ch('c');
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("Monday call"), "Ben's notes are shown whole:\n{screen}");
    assert!(screen.contains("also said · Ana"), "{screen}");
    assert!(screen.contains("1 – "), "Ana's value is in view below the wrapped notes:\n{screen}");
    insta::assert_snapshot!("team_choose_between_long_notes_80x24", h.draw(80, 24).backend());
}

#[test]
fn a_transcript_imported_from_the_sessions_screen_becomes_a_session() {
    let mut h = Harness::new();
    let (_, file) = two_copies(&mut h);
    h.ch('i').typed(file.to_str().unwrap()).key(KeyCode::Enter);
    let status = h.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    // Ben's copy of the engagement differs from the session here: no second copy, but the
    // way to merge it.
    assert!(status.contains("no second copy") && status.contains("crosscheck merge"), "{status}");
    h.key(KeyCode::Esc);
    h.ch('i').typed("/nowhere/ben.json").key(KeyCode::Enter);
    let status = h.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.starts_with("Could not import") && status.contains("/nowhere/ben.json"), "{status}");
    assert!(h.app.overlay_as::<crosscheck::ui::overlays::line_form::LineForm>().is_some(), "the form is offered again");
}

#[test]
fn another_engagements_file_is_refused_with_the_way_to_force_it() {
    let mut h = Harness::new();
    let (_, _) = two_copies(&mut h);
    let other = crosscheck::testing::session(&h.app.env.catalog, 1, 3);
    let file = h.dir.path().join("other.json");
    std::fs::write(
        &file,
        crosscheck::transcript::to_json(&crosscheck::transcript::build(&other, &h.app.env.catalog, t0())),
    )
    .unwrap();
    let before = h.app.store.list(&h.app.env.catalog).unwrap().len();
    h.ch('m').typed(file.to_str().unwrap()).key(KeyCode::Enter);
    let status = h.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("another engagement") && status.contains("--force"), "{status}");
    assert_eq!(h.app.store.list(&h.app.env.catalog).unwrap().len(), before, "nothing came in");
}

#[test]
fn a_claim_edited_on_two_laptops_is_chosen_like_an_answer() {
    use crosscheck::session::{Claim, on_laptop};
    let mut h = Harness::new();
    let (_, _) = two_copies(&mut h);
    let Some(crosscheck::storage::Listed::Session(chosen)) = h.app.sessions.chosen() else { panic!("a session") };
    let mut mine = h.app.store.load(&chosen.id, &h.app.env.catalog).unwrap();
    let claim = Claim {
        id: "0190f0c0-0000-7000-8000-00000000c1a1".into(),
        topic: "launch.sales-briefing".into(),
        text: "The battlecard went to the sales drive on 22 September".into(),
        concerns: vec!["sales".into()],
        notes: String::new(),
        quote: false,
        made_at: t0(),
        made_by: Some("Ana".into()),
        edited_at: t0(),
        withdrawn_at: None,
        revision: Default::default(),
    };
    mine.interviews[0].put_claim(claim.clone());
    let mut theirs = mine.clone();
    on_laptop("ben", || {
        let text = "The battlecard went out on 23 September, to the regional leads only".into();
        theirs.interviews[0].put_claim(Claim { text, edited_at: t0() + Duration::minutes(50), ..claim.clone() });
    });
    on_laptop("ana", || {
        let notes = "She showed the drive folder".into();
        mine.interviews[0].put_claim(Claim { notes, edited_at: t0() + Duration::minutes(45), ..claim.clone() });
    });
    h.app.store.save(&mine).unwrap();
    let file = h.dir.path().join("ben-claims.json");
    let transcript = crosscheck::transcript::build(&theirs, &h.app.env.catalog, t0());
    std::fs::write(&file, crosscheck::transcript::to_json(&transcript)).unwrap();
    h.ch('m').typed(file.to_str().unwrap()).key(KeyCode::Enter);
    let status = h.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("1 conflict to review"), "{status}");
    h.key(KeyCode::Enter);
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("⚠1"), "the session screen counts the claim's versions:\n{screen}");
    h.key(KeyCode::Enter).ch('c');
    insta::assert_snapshot!("team_choose_a_claim_version_80x24", h.draw(80, 24).backend());
    // Keep Ana's annotated version over Ben's later rewording: both stay in the session.
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let saved = h.on_disk();
    assert_eq!(saved.open_conflicts(), 0, "settled");
    assert_eq!(saved.interviews[0].claims[0].notes, "She showed the drive folder");
    let versions = &saved.interviews[0].claim_conflicts;
    assert!(versions.iter().any(|d| d.version.text.contains("regional leads only") && !d.open()), "{versions:?}");
}

/// Two interviewers in one Sales conversation: the second's capture is marked with `c` on the
/// session screen, shown beside its label ("Sales #2 = #1") with the pair's agreement in the list's title,
/// kept on disk, and unmarked by pressing `c` until it cycles back to none.
#[test]
fn a_second_capture_is_marked_on_the_session_screen_and_its_agreement_shown() {
    let mut h = Harness::new();
    let demo = h.open_demo_with(|s| {
        let first = s.interviews.iter().position(|i| i.function == "sales").unwrap();
        let mut second = s.interviews[first].clone();
        second.id = "sales-second-capture".into();
        second.interviewer = Some("Sam".into());
        s.interviews.insert(first + 1, second);
    });
    let second = demo.interviews.iter().position(|i| i.id == "sales-second-capture").unwrap();
    for _ in 0..second {
        h.key(KeyCode::Down);
    }
    h.ch('c');
    let first_id = demo.interviews[second - 1].id.clone();
    assert_eq!(h.on_disk().interviews[second].second_capture_of.as_deref(), Some(first_id.as_str()));
    insta::assert_snapshot!("team_second_capture_marked_80x24", h.draw(80, 24).backend());
    let screen = h.draw(120, 30).backend().to_string();
    assert!(screen.contains("captured twice (=): 1, agreement α 1.00, reliable"), "{screen}");
    assert!(screen.contains("Sales #2 = #1"), "{screen}");
    // The demo has two Sales interviews more: the next is the other conversation, then none.
    h.ch('c');
    assert_ne!(h.on_disk().interviews[second].second_capture_of.as_deref(), Some(first_id.as_str()));
    h.ch('c');
    assert_eq!(h.on_disk().interviews[second].second_capture_of, None);
    assert!(!h.draw(120, 30).backend().to_string().contains("captured twice"));
}

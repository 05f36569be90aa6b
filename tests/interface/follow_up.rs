//! A follow-up engagement's divergence screen: beside each cell, how it moved since the
//! engagement it follows up, with the legend saying so and the detail pane the figures.

use crate::common;

use common::Harness;
use crosscheck::session::AnswerValue;

#[test]
fn a_follow_up_shows_what_moved_beside_each_cell_since_the_earlier_engagement() {
    let mut h = Harness::new();
    // Six months earlier, Sales said two points less had reached it on every scale question.
    let mut earlier = crosscheck::testing::demo();
    earlier.id = "corvane-earlier".into();
    earlier.engagement = Some("corvane-earlier".into());
    earlier.created_at -= chrono::Duration::days(180);
    for a in earlier.interviews.iter_mut().filter(|i| i.function == "sales").flat_map(|i| i.answers.values_mut()) {
        if let Some(AnswerValue::Scale { value }) = a.value.as_mut() {
            *value = value.saturating_sub(2);
        }
    }
    h.app.store.save(&earlier).unwrap();
    h.open_demo_with(|s| s.follows = Some("corvane-earlier".into()));
    h.ch('v');
    let screen = h.draw(160, 50).backend().to_string();
    assert!(screen.contains("since corvane-earlier: ↑ better ↓ worse ↕ mixed"), "{screen}");
    assert!(screen.matches("↑ ").count() >= 3, "{screen}");
    assert!(screen.contains(" Since corvane-earlier: "), "{screen}");
    insta::assert_snapshot!("follow_up_divergence_80x24", h.draw(80, 24).backend());

    // Without the earlier engagement in the data folder, the screen is as before: no marks.
    let mut plain = Harness::new();
    plain.open_demo_with(|s| s.follows = Some("corvane-earlier".into()));
    plain.ch('v');
    let screen = plain.draw(160, 50).backend().to_string();
    assert!(!screen.contains("since corvane-earlier") && !screen.contains("Since corvane-earlier"), "{screen}");
}

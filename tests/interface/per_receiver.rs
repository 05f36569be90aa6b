//! Per receiver: what arrived, with who it came from; a claim asked for several functions at
//! once, a row each.

use crossterm::event::KeyCode;

use crosscheck::bank::Stance;
use crosscheck::session::Sender;

use crate::common::{Harness, answer_on_disk};

/// Moves, by ↑/↓, to the first question of the interview's bank that `pick` accepts.
fn go_to(h: &mut Harness, pick: impl Fn(&crosscheck::bank::Question) -> bool) -> String {
    let open = h.app.open.as_ref().unwrap();
    let iv = open.interview().unwrap();
    let (function, from) = (open.session().interviews[iv.index].function.clone(), iv.question);
    let bank = h.app.env.catalog.bank(&function).unwrap();
    let target = bank.questions.iter().position(pick).expect("such a question");
    for _ in target..from {
        h.key(KeyCode::Up);
    }
    for _ in from..target {
        h.key(KeyCode::Down);
    }
    h.current_question().to_string()
}

#[test]
fn a_receiver_says_who_sent_what_arrived() {
    let mut h = Harness::new();
    h.new_session("Acme", "Kim").add_interview("sales", "Dana", "AE");
    let id = go_to(&mut h, |q| q.stance == Some(Stance::Received) && q.kind == crosscheck::bank::Kind::Scale);
    let screen = h.draw(100, 30).backend().to_string();
    assert!(screen.contains("Sent by: not recorded"), "{screen}");
    // m: the claimant's function first, then Product Marketing; saved at once.
    h.ch('2').ch('m').ch('m');
    assert_eq!(answer_on_disk(&h, &id).and_then(|a| a.sent_by), Some(Sender::ProductMarketing));
    insta::assert_snapshot!("received_sent_by_80x24", h.draw(80, 24).backend());
    // Round the values and back to none.
    for _ in 0..4 {
        h.ch('m');
    }
    assert_eq!(answer_on_disk(&h, &id).and_then(|a| a.sent_by), None);
    // A practice question records neither; it says so.
    go_to(&mut h, |q| q.topic.is_none() && !q.source && q.kind != crosscheck::bank::Kind::Text);
    h.ch('m');
    assert!(h.draw(100, 30).backend().to_string().contains("records neither"));
}

#[test]
fn answers_to_retired_questions_are_shown_under_their_own_words() {
    use crosscheck::session::{AnswerValue, Session};
    let mut h = Harness::new();
    let catalog = h.app.env.catalog.clone();
    let mut s = Session::new("20261207-acme-0001".into(), "Acme".into(), None, crate::common::t0());
    let i = s.add_interview("sales", &catalog.bank("sales").unwrap().version, crate::common::t0());
    let old = s.interviews[i].answer_mut("sales.documentation");
    old.set_value(AnswerValue::Scale { value: 1 }, crate::common::t0());
    old.notes = "Help pages came a week late".into();
    h.app.store.save(&s).unwrap();
    h.app.reload_sessions();
    h.app.open_session(&s.id).unwrap();
    h.key(KeyCode::Enter);
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("R: 1 retired"), "{screen}");
    h.ch('R');
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("On launch day, how complete was the documentation"), "{screen}");
    assert!(screen.contains("Help pages came a week late") && screen.contains("1 on the scale"), "{screen}");
    insta::assert_snapshot!("retired_answers_80x24", h.draw(80, 24).backend());
    h.key(KeyCode::Esc);
    assert!(!h.draw(80, 24).backend().to_string().contains("no longer asked"), "closed");
}

#[test]
fn a_claim_for_several_functions_is_answered_in_one_widget_a_row_each() {
    let mut h = Harness::new();
    h.new_session("Acme", "Kim").add_interview("product", "Priya", "PM");
    // The advance notice: Sales, CS and Operations, a value each.
    let first = go_to(&mut h, |q| q.group.as_deref() == Some("product.first-told"));
    assert_eq!(first, "product.first-told-sales");
    h.ch('3').key(KeyCode::Tab).ch('d').key(KeyCode::Tab).ch('1');
    assert_eq!(h.current_question(), "product.first-told-operations");
    insta::assert_snapshot!("rows_advance_notice_80x24", h.draw(80, 24).backend());
    // The question is read aloud: the rows never push its last words out of view.
    let screen = h.draw(80, 24).backend().to_string();
    let asked = crosscheck::bank::fill(
        &h.app.env.catalog.question("product.first-told-operations").unwrap().1.text,
        &crosscheck::bank::Case::default(),
    )
    .into_owned();
    let last = asked.split_whitespace().last().unwrap();
    assert!(screen.contains(&format!("{last}  ")) || screen.contains(&format!("{last} ")), "{last}: {screen}");
    let screen = h.draw(100, 30).backend().to_string();
    for row in ["Sales", "CS", "Ops"] {
        assert!(screen.contains(row), "{row}: {screen}");
    }
    // Each row stored and compared on its own.
    let value = |id: &str| answer_on_disk(&h, id).and_then(|a| a.value);
    use crosscheck::session::AnswerValue::Choice;
    assert_eq!(value("product.first-told-sales"), Some(Choice { option: "Two to four weeks before".into() }));
    assert_eq!(
        answer_on_disk(&h, "product.first-told-customer-success").map(|a| a.state),
        Some(crosscheck::session::AnswerState::DontKnow)
    );
    assert_eq!(value("product.first-told-operations"), Some(Choice { option: "More than three months before".into() }));
    // Shift-Tab goes back a row.
    h.key(KeyCode::BackTab);
    assert_eq!(h.current_question(), "product.first-told-customer-success");
}

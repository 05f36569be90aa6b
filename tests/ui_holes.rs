//! The interface cases of the issue "Several interviewers, and still not a word lost": the
//! palette never switches interviews silently, the comparison line follows every change of
//! the answer, and the import and merge dialogs refuse what is not a regular file.

mod common;

use common::Harness;
use crosscheck::session::AnswerValue;
use crosscheck::ui::Overlay;
use crosscheck::ui::overlays::confirm::Confirm;
use crossterm::event::KeyCode;

/// The function of the interview on screen.
fn showing(h: &Harness) -> String {
    let open = h.app.open.as_ref().unwrap();
    open.session().interviews[open.interview().expect("an interview is open").index].function.clone()
}

/// A session with the PM (Priya Raman, who gave 4 on the Sales briefing) and, on screen, a
/// Sales interview with Dana. Gives the PM's question id.
fn pm_then_sales(h: &mut Harness) -> String {
    h.new_session("Acme Ltd", "Kim").add_interview("product", "Priya Raman", "PM");
    let product = h.app.catalog.bank("product").unwrap();
    let q = product.questions.iter().position(|q| q.id == "product.sales-briefing").unwrap();
    for _ in 0..q {
        h.key(KeyCode::Down);
    }
    assert_eq!(h.current_question(), "product.sales-briefing");
    h.ch('4').ch('q');
    h.add_interview("sales", "Dana", "AE");
    assert_eq!(showing(h), "sales");
    "product.sales-briefing".to_string()
}

fn pm_value(h: &Harness, q: &str) -> Option<AnswerValue> {
    h.on_disk().interviews[0].answers.get(q).and_then(|a| a.value.clone())
}

/// Case 15: in a Sales interview, `/brief⏎` stays with the person in front of you, and the
/// digit typed next answers Sales, never the PM.
#[test]
fn case_15_the_palette_ranks_this_interviews_questions_first() {
    let mut h = Harness::new();
    let pm = pm_then_sales(&mut h);
    h.ch('/').typed("brief");
    let palette = h.draw(80, 24);
    h.key(KeyCode::Enter);
    assert_eq!(showing(&h), "sales", "the Sales interview is still on screen");
    assert!(h.current_question().starts_with("sales."), "{}", h.current_question());
    h.ch('1');
    assert_eq!(pm_value(&h, &pm), Some(AnswerValue::Scale { value: 4 }), "the PM's 4 is untouched");
    insta::assert_snapshot!("palette_in_a_sales_interview_80x24", palette.backend());
}

/// Case 15: a match in another interview asks before leaving; a digit typed by reflex lands
/// nowhere, Esc stays, `y` goes and the header says where you now are until the next key.
#[test]
fn case_15_leaving_the_interview_from_the_palette_asks_and_says_where_you_are() {
    let mut h = Harness::new();
    let pm = pm_then_sales(&mut h);
    let here = h.current_question().to_string();
    let text = h.app.catalog.bank("product").unwrap().questions.iter().find(|q| q.id == pm).unwrap().text.clone();
    h.ch('/').typed(&text);
    let screen = h.draw(100, 30).backend().to_string();
    assert!(screen.contains("→ Product (PM)"), "a match elsewhere is marked:\n{screen}");
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.overlay(), Some(Overlay::Confirm(Confirm::Switch { .. }))), "asked first");
    insta::assert_snapshot!("palette_leave_for_another_interview_80x24", h.draw(80, 24).backend());
    h.ch('1').key(KeyCode::Enter);
    assert_eq!((showing(&h), h.current_question()), ("sales".to_string(), here.as_str()), "nothing moved");
    assert_eq!(pm_value(&h, &pm), Some(AnswerValue::Scale { value: 4 }), "the digit landed nowhere");
    h.key(KeyCode::Esc);
    assert!(h.app.overlay().is_none());
    assert_eq!((showing(&h), h.current_question()), ("sales".to_string(), here.as_str()), "Esc stays");
    h.ch('/').typed(&text).key(KeyCode::Enter).ch('y');
    assert_eq!((showing(&h), h.current_question()), ("product".to_string(), pm.as_str()));
    insta::assert_snapshot!("interview_now_in_after_a_jump_80x24", h.draw(80, 24).backend());
    let header = h.draw(80, 24).backend().to_string();
    assert!(header.lines().next().unwrap().contains("Now in: Product #1 — Priya Raman, PM"), "{header}");
    h.key(KeyCode::Down);
    let header = h.draw(80, 24).backend().to_string();
    let first = header.lines().next().unwrap();
    assert!(first.contains("· Product #1") && !first.contains("Now in"), "until the next key:\n{header}");
}

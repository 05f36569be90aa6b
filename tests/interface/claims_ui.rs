//! Claims in the interface: recorded in the PM's interview, hidden from the receiver until
//! their own answer is given, put to them, marked in the matrix, listed to verify, withdrawn.

use crate::common;

use common::Harness;
use crosscheck::bank::Stance;
use crosscheck::session::Verdict;
use crossterm::event::KeyCode;

const TOPIC: &str = "launch.sales-briefing";
const CLAIM: &str = "The battlecard went to the sales drive on 22 September";

/// Moves from the first question to `function`'s question on the topic with `stance`.
fn to_question(h: &mut Harness, function: &str, stance: Stance) {
    let bank = h.app.env.catalog.bank(function).unwrap();
    let target =
        bank.questions.iter().position(|q| q.topic.as_deref() == Some(TOPIC) && q.stance == Some(stance)).unwrap();
    let from = h.app.open.as_ref().unwrap().interview().unwrap().question;
    for _ in from..target {
        h.key(KeyCode::Down);
    }
    for _ in target..from {
        h.key(KeyCode::Up);
    }
}

fn screen(h: &Harness) -> String {
    format!("{:?}", h.draw(100, 30).backend())
}

/// The PM claims the battlecard went out, for Sales and CS; then a Sales interview starts.
fn claimed_then_sales(h: &mut Harness) {
    h.new_session("Globex", "Ana").add_interview("product", "Priya Shah", "PM");
    to_question(h, "product", Stance::Communicated);
    h.ch('4').ch('C');
    insta::assert_snapshot!("claims_record_80x24", h.draw(80, 24).backend());
    // Its example whole at 80 columns, where the statement is typed.
    let screen = h.draw(80, 24).backend().to_string();
    let form = h.app.overlay_as::<crosscheck::ui::overlays::claims::ClaimForm>().expect("the claim form");
    assert!(screen.contains(form.text.input.placeholder_text()), "{screen}");
    h.typed(CLAIM).key(KeyCode::Enter);
    h.ch('q').add_interview("sales", "Dana Ortiz", "Head of Sales");
    to_question(h, "sales", Stance::Received);
}

#[test]
fn a_claim_is_hidden_until_the_receivers_own_answer_then_put_and_marked() {
    let mut h = Harness::new();
    claimed_then_sales(&mut h);
    let claims = &h.session().interviews[0].claims;
    assert_eq!((claims.len(), claims[0].text.as_str()), (1, CLAIM));
    assert_eq!(claims[0].concerns, ["sales"], "the topic's receivers, all by default");
    // Before the answer: nothing of the claim, and V says why.
    assert!(!screen(&h).contains("battlecard"), "the claim would lead the answer");
    h.ch('V');
    assert!(h.app.status.as_ref().unwrap().text.starts_with("Give their own answer first"));
    // After it: the claim, to verify; V puts it; 3 = not received.
    h.ch('1');
    insta::assert_snapshot!("claims_shown_after_the_answer_80x24", h.draw(80, 24).backend());
    // Not put yet: in the follow-ups, to verify with Sales.
    h.ch('F');
    let text = screen(&h);
    assert!(text.contains("to verify with Sales") && text.contains(CLAIM), "{text}");
    h.key(KeyCode::Esc).ch('V');
    insta::assert_snapshot!("claims_verify_80x24", h.draw(80, 24).backend());
    h.ch('3').key(KeyCode::Esc);
    let check = h.on_disk().interviews.iter().find(|i| i.function == "sales").unwrap().checks[0].clone();
    assert_eq!(check.verdict, Verdict::NotReceived);
    // The matrix marks the Sales cell, and the detail pane says who said what.
    h.ch('q').ch('v');
    let text = screen(&h);
    let row = text.split("\", \"").find(|l| l.contains("Sales briefing")).unwrap_or_default().to_string();
    assert!(row.contains("⊘"), "{row}");
    assert!(text.contains("refuted") && text.contains("not received"), "{text}");
    insta::assert_snapshot!("claims_matrix_marks_and_detail_160x48", h.draw(160, 48).backend());
    // Put to Sales: no longer to verify.
    h.ch('q').ch('F');
    assert!(!screen(&h).contains("to verify with"));
}

#[test]
fn a_withdrawn_claim_leaves_the_matrix_and_stays_in_the_transcript() {
    let mut h = Harness::new();
    claimed_then_sales(&mut h);
    h.ch('1').ch('V').ch('3').key(KeyCode::Esc).ch('q');
    // Back in the PM's interview: withdraw it.
    h.key(KeyCode::Up).key(KeyCode::Enter);
    to_question(&mut h, "product", Stance::Communicated);
    h.ch('C');
    assert!(
        h.app.overlay_as::<crosscheck::ui::overlays::claims::ClaimList>().is_some(),
        "the list of the topic's claims"
    );
    h.ch('w').ch('q').ch('v');
    assert!(!screen(&h).contains("⊘"), "no longer marked");
    let saved = h.on_disk();
    let claim = &saved.interviews[0].claims[0];
    assert!(claim.withdrawn_at.is_some(), "kept, as withdrawn");
    let t = crosscheck::transcript::build(&saved, &h.app.env.catalog, common::t0());
    assert!(crosscheck::transcript::to_json(&t).contains("withdrawn_at"));
}

#[test]
fn the_palette_finds_a_claim_by_its_text() {
    let mut h = Harness::new();
    claimed_then_sales(&mut h);
    h.key(KeyCode::Char('/')).typed("battlecard drive");
    let text = screen(&h);
    assert!(text.contains("claim") && text.contains("battlecard"), "{text}");
    // The claim is in the PM's interview: leaving the Sales interview asks first.
    h.key(KeyCode::Enter).ch('y');
    let open = h.app.open.as_ref().unwrap();
    let iv = open.interview().expect("the claim's interview");
    assert_eq!(open.session().interviews[iv.index].function, "product");
    let q = &h.app.env.catalog.bank("product").unwrap().questions[iv.question];
    assert_eq!(q.topic.as_deref(), Some(TOPIC));
}

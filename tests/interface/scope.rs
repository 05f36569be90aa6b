//! Scope: an engagement asks only the questions of the pillars it covers, chosen when it is
//! created and changed on the session screen, never so as to hide an answer.

use crossterm::event::KeyCode;

use crosscheck::bank::{Catalog, Pillar, Scope};

use crate::common::{Harness, answer_on_disk};

/// The built-in banks with Sales' last section put in Coordination; its questions' ids.
fn with_coordination() -> (Catalog, Vec<String>) {
    let mut catalog = Catalog::embedded().unwrap();
    let sales = catalog.banks.iter_mut().find(|b| b.function == "sales").unwrap();
    let section = sales.sections.last_mut().unwrap();
    section.pillar = Pillar::Coordination;
    let id = section.id.clone();
    let ids = sales.questions.iter().filter(|q| q.section == id).map(|q| q.id.clone()).collect();
    (catalog, ids)
}

/// P on the session screen, the field emptied, `scope` typed, Enter.
fn set_scope(h: &mut Harness, scope: &str) {
    h.ch('P');
    for _ in 0..80 {
        h.key(KeyCode::Backspace);
    }
    h.typed(scope).key(KeyCode::Enter);
}

#[test]
fn interviews_ask_the_pillars_in_scope_and_a_scope_never_hides_an_answer() {
    let (catalog, coordination) = with_coordination();
    let mut h = Harness::with(catalog);
    h.new_session("Acme", "Kim");
    assert!(h.draw(100, 30).backend().to_string().contains("scope: Operations (P)"));
    h.add_interview("sales", "Dana", "AE");
    let asked = |h: &Harness| {
        h.app.env.catalog.bank("sales").unwrap().questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>()
    };
    assert!(!asked(&h).iter().any(|id| coordination.contains(id)), "Operations only: Coordination is not asked");

    // The whole method: the Coordination questions are asked, and the choice is saved.
    h.ch('q');
    set_scope(&mut h, "all");
    assert_eq!(h.on_disk().scope, Scope::all());
    assert!(coordination.iter().all(|id| asked(&h).contains(id)));
    assert!(h.draw(100, 30).backend().to_string().contains("scope: all five pillars (P)"));

    // An answer in Coordination: dropping the pillar is refused, saying why.
    h.key(KeyCode::Enter);
    let target = asked(&h).iter().position(|id| *id == coordination[0]).unwrap();
    for _ in 0..target {
        h.key(KeyCode::Down);
    }
    assert_eq!(h.current_question(), coordination[0]);
    h.ch('s');
    assert!(answer_on_disk(&h, &coordination[0]).is_some());
    h.ch('q');
    set_scope(&mut h, "operations");
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("Coordination (1 answer) would be hidden"), "{screen}");
    insta::assert_snapshot!("scope_refused_80x24", h.draw(80, 24).backend());
    h.key(KeyCode::Esc);
    assert_eq!(h.on_disk().scope, Scope::all(), "unchanged");

    // Typed wrong: said, with the pillars to choose from.
    set_scope(&mut h, "finance");
    assert!(h.draw(100, 30).backend().to_string().contains("unknown pillar \"finance\""));
}

#[test]
fn a_new_session_takes_its_scope_from_the_form() {
    let mut h = Harness::new();
    h.ch('n').typed("Acme").key(KeyCode::Tab).typed("Kim").key(KeyCode::Tab).key(KeyCode::Tab);
    for _ in 0..20 {
        h.key(KeyCode::Backspace);
    }
    h.typed("coordination, operations").key(KeyCode::Enter);
    assert_eq!(h.on_disk().scope, Scope::parse("coordination,operations").unwrap());
}

#[test]
fn insight_product_received_was_sent_by_sales_never_by_product_marketing() {
    use crosscheck::session::Sender;
    let mut h = Harness::new();
    h.new_session("Acme", "Kim");
    set_scope(&mut h, "all");
    h.add_interview("product", "Ana", "PM");
    let target = h.app.env.catalog.bank("product").unwrap().questions.iter().position(|q| {
        q.topic.as_deref() == Some("insight.from-sales") && q.stance == Some(crosscheck::bank::Stance::Received)
    });
    for _ in 0..target.expect("Product receives Sales' insight") {
        h.key(KeyCode::Down);
    }
    let id = h.current_question().to_string();
    h.ch('2').ch('m');
    assert!(h.draw(100, 30).backend().to_string().contains("Sent by: Sales"));
    let mut seen = Vec::new();
    for _ in 0..5 {
        seen.push(answer_on_disk(&h, &id).and_then(|a| a.sent_by));
        h.ch('m');
    }
    let want = [Sender::Claimant, Sender::Colleague, Sender::Customer, Sender::FoundIt].map(Some);
    assert_eq!(seen, [&want[..], &[None]].concat(), "Sales' insight is not Product Marketing's to send");
}

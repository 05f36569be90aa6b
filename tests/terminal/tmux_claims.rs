//! A claim in real terminals, as a new user would: made in the PM's interview, shown to the
//! Sales lead only after their own answer, put to them, then seen in the matrix and the report.

use crate::common;

use common::tmux::{BIN, Tmux};
use crosscheck::bank::{Catalog, Stance};

fn down_to(t: &Tmux, catalog: &Catalog, function: &str, stance: Stance) {
    let bank = catalog.bank(function).unwrap();
    let n = bank
        .questions
        .iter()
        .position(|q| q.topic.as_deref() == Some("launch.sales-briefing") && q.stance == Some(stance))
        .unwrap();
    for _ in 0..n {
        t.keys(&["Down"]);
    }
}

#[test]
fn a_claim_made_to_the_pm_is_verified_with_sales_and_reaches_the_matrix_and_the_report() {
    let catalog = common::operations_catalog();
    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "claims") else { return };
    t.new_session("Pied Piper");
    t.keys(&["a", "Enter"]);
    t.wait_for("Product #1");
    down_to(&t, &catalog, "product", Stance::Communicated);
    t.keys(&["4", "C"]);
    t.wait_for("Record a claim");
    t.type_text("The battlecard went to the sales drive on 22 September");
    t.keys(&["Enter"]);
    t.wait_for("Claim recorded");
    t.keys(&["q"]);
    t.wait_for("Interviews (1)");
    // The Sales lead: nothing of the claim until their own answer.
    t.keys(&["a", "Enter"]);
    t.wait_for("Sales #1");
    down_to(&t, &catalog, "sales", Stance::Received);
    let before = t.wait_for("what briefing on it did you");
    assert!(!before.contains("battlecard"), "the claim would lead the answer:\n{before}");
    t.keys(&["1"]);
    t.wait_for("to verify (V)");
    t.keys(&["V"]);
    t.wait_for("Claims to verify");
    t.keys(&["3", "Escape"]);
    t.wait_for("— not received");
    t.keys(&["q"]);
    t.wait_for("Interviews (2)");
    t.keys(&["v"]);
    let screen = t.wait_for("Topics × receiving functions");
    let row = screen.lines().find(|l| l.contains("Sales briefing")).unwrap_or_default();
    assert!(row.contains('⊘'), "the refuted claim marks the cell:\n{screen}");
    t.keys(&["q"]);
    t.wait_for("Interviews (2)");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
    let id = std::fs::read_dir(data.path().join("sessions")).unwrap().next().unwrap().unwrap().file_name();
    let out =
        std::process::Command::new(BIN).arg("--data-dir").arg(data.path()).arg("report").arg(&id).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    let section = report.split("## Claims checked").nth(1).unwrap_or_default();
    assert!(section.contains("battlecard") && section.contains("not received"), "{report}");
}

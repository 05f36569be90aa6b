use chrono::{TimeZone, Utc};

use super::*;
use crate::session::{Check, Claim, Verdict};

fn t(m: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000 + m * 60, 0).unwrap()
}

fn claim(id: &str, concerns: &[&str]) -> Claim {
    Claim {
        id: id.into(),
        topic: "launch.pricing".into(),
        text: "CS was trained on the new pricing two weeks before launch".into(),
        concerns: concerns.iter().map(|s| s.to_string()).collect(),
        notes: String::new(),
        quote: false,
        made_at: t(1),
        made_by: Some("Ana".into()),
        edited_at: t(1),
        withdrawn_at: None,
        revision: Default::default(),
    }
}

fn check(claim: &str, verdict: Verdict) -> Check {
    Check {
        claim: claim.into(),
        verdict,
        notes: String::new(),
        at: t(5),
        by: Some("Ben".into()),
        revision: Default::default(),
    }
}

#[test]
fn each_function_stands_on_what_its_interviews_said() {
    let catalog = Catalog::embedded().unwrap();
    let mut s = Session::new("s".into(), "Acme".into(), None, t(0));
    let pm = s.add_interview("product", "1", t(0));
    let sales = s.add_interview("sales", "1", t(2));
    let cs = s.add_interview("customer-success", "1", t(3));
    s.interviews[pm].claims.push(claim("c1", &["sales", "customer-success", "operations"]));
    s.interviews[pm].claims.push(Claim { withdrawn_at: Some(t(4)), ..claim("gone", &["sales"]) });
    s.interviews[sales].record_check(check("c1", Verdict::Confirmed));
    s.interviews[cs].record_check(check("c1", Verdict::Unaware));
    let ledger = ledger(&s, &catalog);
    assert_eq!(ledger.len(), 1, "a withdrawn claim leaves the read-out");
    let standing: Vec<(&str, Standing)> =
        ledger[0].functions.iter().map(|f| (f.function.as_str(), f.standing)).collect();
    assert_eq!(
        standing,
        [
            ("sales", Standing::Confirmed),
            ("customer-success", Standing::Refuted),
            ("operations", Standing::NotInterviewed)
        ]
    );
    assert_eq!(cell_standing(&ledger, "launch.pricing", "customer-success"), Some(Standing::Refuted));
    assert_eq!(ledger[0].to_verify().map(|f| f.function.as_str()).collect::<Vec<_>>(), ["operations"]);
    // A second Sales interview, not yet asked: Sales still confirmed by the first, and the
    // claim still to put to the second.
    let second = s.add_interview("sales", "1", t(6));
    let ledger = super::ledger(&s, &catalog);
    assert_eq!(ledger[0].functions[0].standing, Standing::Confirmed);
    assert_eq!(ledger[0].functions[0].heard.len(), 2);
    let unasked: Vec<&str> = ledger[0].functions[0].unasked().map(|h| h.interview.as_str()).collect();
    assert_eq!(unasked, [s.interviews[second].id.as_str()]);
    assert_eq!(ledger[0].to_verify().map(|f| f.function.as_str()).collect::<Vec<_>>(), ["sales", "operations"]);
    assert_eq!(
        cell_standing(&ledger, "launch.pricing", "sales"),
        Some(Standing::ToVerify),
        "the second is still to ask"
    );
    s.interviews[second].record_check(check("c1", Verdict::Confirmed));
    let ledger = super::ledger(&s, &catalog);
    assert_eq!(cell_standing(&ledger, "launch.pricing", "sales"), Some(Standing::Confirmed));
    assert_eq!(to_put(&s, "launch.pricing", "sales", &s.interviews[sales].id).count(), 1);
    assert_eq!(to_put(&s, "launch.pricing", "sales", &s.interviews[pm].id).count(), 0, "not its own claim");
    // A second claim on the topic, confirmed by neither yet: the cell is to verify again, even
    // though the first stands confirmed.
    s.interviews[pm].claims.push(claim("c2", &["sales"]));
    let ledger = super::ledger(&s, &catalog);
    assert_eq!(cell_standing(&ledger, "launch.pricing", "sales"), Some(Standing::ToVerify));
    assert_eq!(cell_standing(&ledger, "launch.pricing", "customer-success"), Some(Standing::Refuted));
}

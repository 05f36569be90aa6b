use super::*;
use crate::session::{AnswerValue, Verdict};

fn catalog() -> Catalog {
    Catalog::embedded().unwrap()
}

/// The demo as an earlier engagement: another id, six months before.
fn earlier(change: impl FnOnce(&mut Session)) -> Session {
    let mut s = crate::testing::demo();
    s.id = "demo-earlier".into();
    s.created_at -= chrono::Duration::days(180);
    change(&mut s);
    s
}

#[test]
fn an_engagement_against_itself_has_moved_nowhere() {
    let (catalog, later) = (catalog(), crate::testing::demo());
    let c = compare(&earlier(|_| {}), &later, &catalog);
    assert!(!c.cells.is_empty());
    assert!(c.cells.iter().all(|x| x.movement == Movement::Unchanged), "{:?}", c.cells);
    assert!(c.pillars.is_empty() && c.readings.is_empty() && c.claims.is_empty() && c.retired.is_empty());
    assert_eq!(c.gap_index.delta(), Some(0.0));
}

#[test]
fn a_function_interviewed_once_is_said_not_compared() {
    let (catalog, later) = (catalog(), crate::testing::demo());
    let c = compare(&earlier(|s| s.interviews.retain(|i| i.function != "customer-success")), &later, &catalog);
    let cs: Vec<&NotComparable> = c.not_comparable.iter().filter(|n| n.function == "customer-success").collect();
    assert!(!cs.is_empty());
    assert!(cs.iter().all(|n| n.reason.contains("was not interviewed in the earlier engagement")), "{cs:?}");
    assert!(c.cells.iter().all(|x| x.function != "customer-success"));
}

#[test]
fn an_answer_to_a_question_since_reworded_is_listed_and_its_cell_not_compared() {
    let (catalog, later) = (catalog(), crate::testing::demo());
    // The earlier engagement asked Sales the launch-process question in its old words.
    let before = earlier(|s| {
        for i in s.interviews.iter_mut().filter(|i| i.function == "sales") {
            if let Some(a) = i.answers.remove("sales.launch-process-shared") {
                i.answers.insert("sales.launch-process".into(), a);
            }
        }
    });
    let c = compare(&before, &later, &catalog);
    let retired = c.retired.iter().find(|r| r.question_id == "sales.launch-process").expect("listed");
    assert!(retired.text.as_deref().is_some_and(|t| t.starts_with("How clearly could you describe")), "{retired:?}");
    assert_eq!(retired.engagement, "demo-earlier");
    let topic = catalog.bank("sales").unwrap().question("sales.launch-process-shared").unwrap().topic.clone().unwrap();
    let cell = c.not_comparable.iter().find(|n| n.topic == topic && n.function == "sales").expect("said");
    assert!(cell.reason.contains("no level in the earlier engagement"), "{cell:?}");
}

#[test]
fn a_claim_that_was_confirmed_and_is_now_refuted_is_a_change() {
    let (catalog, later) = (catalog(), crate::testing::demo());
    let refuted = later.interviews.iter().flat_map(|i| &i.checks).find(|c| c.verdict == Verdict::NotReceived);
    let claim = refuted.expect("the demo has a refuted claim").claim.clone();
    let before = earlier(|s| {
        for check in s.interviews.iter_mut().flat_map(|i| i.checks.iter_mut()).filter(|c| c.claim == claim) {
            check.verdict = Verdict::Confirmed;
        }
    });
    let c = compare(&before, &later, &catalog);
    assert!(c.claims.iter().any(|v| v.later == "refuted" && v.earlier != "refuted"), "{:?}", c.claims);
}

#[test]
fn more_received_is_improvement_and_less_is_worse() {
    let (catalog, later) = (catalog(), crate::testing::demo());
    // Earlier, CS said two points less reached it on every scale question it answered.
    let before = earlier(|s| {
        for i in s.interviews.iter_mut().filter(|i| i.function == "customer-success") {
            for a in i.answers.values_mut() {
                if let Some(AnswerValue::Scale { value }) = a.value.as_mut() {
                    *value = value.saturating_sub(2);
                }
            }
        }
    });
    let c = compare(&before, &later, &catalog);
    let cs: Vec<&CellChange> = c
        .cells
        .iter()
        .filter(|x| x.function == "customer-success" && x.level.delta().is_some_and(|d| d >= 1.0))
        .collect();
    assert!(!cs.is_empty());
    assert!(cs.iter().all(|x| matches!(x.movement, Movement::Improved | Movement::Mixed)), "{cs:?}");
    // The other way round, the same cells worsened.
    let c = compare(&later, &before, &catalog);
    let back = c.cell(&cs[0].topic, "customer-success").unwrap();
    assert!(matches!(back.movement, Movement::Worsened | Movement::Mixed), "{back:?}");
}

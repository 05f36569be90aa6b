//! The merge laws over generated sessions: each side is a common start edited by its own
//! interviewer (answers changed, notes written, flags set, interviews added), at nearby times
//! so that ties happen.

use chrono::Duration;
use proptest::prelude::*;

use super::*;
use crate::bank::Catalog;
use crate::session::{AnswerState, AnswerValue};
use crate::testing::{self, Rng, SessionShape};

fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().unwrap())
}

fn start(seed: u64, interviews: usize) -> Session {
    let shape = SessionShape { practice_per_interview: 4, ..SessionShape::new(interviews) };
    testing::session_with(catalog(), shape, seed)
}

/// `base` after `author`'s edits on their laptop.
fn edited(base: &Session, author: &str, seed: u64) -> Session {
    let mut rng = Rng::new(seed);
    let mut s = base.clone();
    let at = |rng: &mut Rng| base.updated_at + Duration::seconds(rng.below(4) as i64 * 60);
    if rng.chance(0.3) {
        let i = s.add_interview("sales", "1", at(&mut rng));
        s.interviews[i].interviewer = Some(author.into());
    }
    if rng.chance(0.2) {
        s.organisation = format!("{} ({author})", s.organisation);
        s.updated_at = at(&mut rng);
    }
    for _ in 0..rng.below(8) {
        if s.interviews.is_empty() {
            break;
        }
        let k = rng.below(s.interviews.len());
        let Some(bank) = catalog().bank(&s.interviews[k].function) else { continue };
        let q = &bank.questions[rng.below(bank.questions.len().min(6))];
        let now = at(&mut rng);
        let a = s.interviews[k].answer_mut(&q.id);
        match rng.below(4) {
            0 => a.set_value(AnswerValue::Scale { value: rng.below(5) as u8 }, now),
            1 => a.set_notes(format!("{} {author} says {}", a.notes, rng.below(100)), q.kind, now),
            2 => a.toggle_follow_up(now),
            _ => a.toggle_state(AnswerState::DontKnow, now),
        }
        a.edited_at = Some(now);
        a.edited_by = Some(author.into());
        s.interviews[k].updated_at = Some(now);
    }
    s
}

/// Every value a side holds is in the merge: the answer kept, or its interviewer's conflict.
fn keeps_every_value(side: &Session, merged: &Session) -> Result<(), TestCaseError> {
    keeps_every_new_value(side, merged, None)
}

/// As [`keeps_every_value`], but values the common ancestor `base` already held may have been
/// replaced by the other side's edit: that is history, not loss.
fn keeps_every_new_value(side: &Session, merged: &Session, base: Option<&Session>) -> Result<(), TestCaseError> {
    for i in &side.interviews {
        let was = base.and_then(|b| b.interviews.iter().find(|x| x.id == i.id));
        let m = merged.interviews.iter().find(|x| x.id == i.id);
        prop_assert!(m.is_some(), "interview {} lost", i.id);
        let m = m.unwrap();
        for (q, a) in &i.answers {
            if was.and_then(|w| w.answers.get(q)) == Some(a) {
                continue;
            }
            let kept = m.answers.get(q).is_some_and(|w| w.same_content(a));
            let conflict = m
                .conflicts
                .iter()
                .any(|c| &c.question == q && c.answer.edited_by == a.edited_by && c.answer.same_content(a));
            prop_assert!(kept || conflict, "{}/{q}: {a:?} lost", i.id);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn merging_is_commutative_associative_idempotent_and_loses_nothing(
        seed in any::<u64>(), interviews in 1usize..4, edits in any::<(u64, u64, u64)>()
    ) {
        let base = start(seed, interviews);
        let (a, b, c) = (edited(&base, "Ana", edits.0), edited(&base, "Ben", edits.1), edited(&base, "Cy", edits.2));
        let ab = merge(&a, &b);
        prop_assert_eq!(&ab, &merge(&b, &a), "commutative");
        prop_assert_eq!(merge(&ab, &c), merge(&a, &merge(&b, &c)), "associative");
        prop_assert_eq!(&merge(&ab, &ab), &ab, "idempotent");
        prop_assert_eq!(&merge(&ab, &a), &ab, "a side merged again changes nothing");
        keeps_every_value(&a, &ab)?;
        keeps_every_value(&b, &ab)?;
    }

    #[test]
    fn with_the_common_ancestor_only_edits_on_both_sides_conflict(
        seed in any::<u64>(), edits in any::<(u64, u64)>()
    ) {
        let base = start(seed, 2);
        let (a, b) = (edited(&base, "Ana", edits.0), edited(&base, "Ben", edits.1));
        let m = merge3(Some(&base), &a, &b);
        prop_assert_eq!(&m, &merge3(Some(&base), &b, &a));
        keeps_every_new_value(&a, &m, Some(&base))?;
        keeps_every_new_value(&b, &m, Some(&base))?;
        for i in &m.interviews {
            for c in i.open_conflicts() {
                let touched = |s: &Session| {
                    let was = base.interviews.iter().find(|x| x.id == i.id).and_then(|x| x.answers.get(&c.question));
                    s.interviews.iter().find(|x| x.id == i.id).and_then(|x| x.answers.get(&c.question)) != was
                };
                prop_assert!(touched(&a) && touched(&b), "{}/{} conflicts though one side left it", i.id, c.question);
            }
        }
    }
}

#[test]
fn the_same_answer_edited_on_two_laptops_keeps_both_values() {
    let base = start(3, 1);
    let q = catalog().bank(&base.interviews[0].function).unwrap().questions[0].id.clone();
    let edit = |author: &str, minutes: i64, value: u8| {
        let mut s = base.clone();
        let a = s.interviews[0].answer_mut(&q);
        a.set_value(AnswerValue::Scale { value }, base.updated_at + Duration::minutes(minutes));
        a.edited_by = Some(author.into());
        s
    };
    let m = merge(&edit("Ana", 1, 1), &edit("Ben", 2, 3));
    let kept = &m.interviews[0].answers[&q];
    assert_eq!((kept.value.clone(), kept.edited_by.as_deref()), (Some(AnswerValue::Scale { value: 3 }), Some("Ben")));
    let open: Vec<_> = m.interviews[0].open_conflicts().collect();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].answer.value.clone(), open[0].answer.edited_by.as_deref()),
        (Some(AnswerValue::Scale { value: 1 }), Some("Ana"))
    );
    // The same interviewer's earlier value is history, not a conflict.
    let m = merge(&edit("Ana", 1, 1), &edit("Ana", 2, 3));
    assert_eq!(m.interviews[0].conflicts.len(), 0);
}

#[test]
fn another_engagement_is_refused_unless_forced() {
    let a = start(1, 1);
    let mut b = start(2, 1);
    b.engagement = Some("another".into());
    let err = merge_all([&a, &b], false).unwrap_err().to_string();
    assert!(err.contains("different engagements") && err.contains("--force"), "{err}");
    assert!(merge_all([&a, &b], true).unwrap().is_some());
}

#[test]
fn claims_and_their_checks_survive_a_merge_and_the_transcript() {
    use crate::session::{Check, Claim, Verdict};
    let base = start(4, 2);
    let t = base.updated_at;
    let claim = Claim {
        id: "0190f0c0-0000-7000-8000-00000000c1a1".into(),
        topic: "launch.sales-briefing".into(),
        text: "The battlecard went to the sales drive on 22 September".into(),
        concerns: vec!["sales".into()],
        notes: String::new(),
        quote: true,
        made_at: t,
        made_by: Some("Ana".into()),
        edited_at: t,
        withdrawn_at: None,
    };
    // Ana records the claim on her laptop; Ben, on his, puts it to the interviewee.
    let mut ana = base.clone();
    ana.interviews[0].put_claim(claim.clone());
    let mut ben = base.clone();
    ben.interviews[1].record_check(Check {
        claim: claim.id.clone(),
        verdict: Verdict::NotReceived,
        notes: "never saw it".into(),
        at: t + Duration::minutes(5),
        by: Some("Ben".into()),
    });
    let merged = merge(&ana, &ben);
    assert_eq!(
        merged.interviews.iter().find(|i| i.id == ana.interviews[0].id).unwrap().claims,
        std::slice::from_ref(&claim)
    );
    let checked = merged.interviews.iter().find(|i| i.id == ben.interviews[1].id).unwrap();
    assert_eq!(checked.check_of(&claim.id).map(|c| c.verdict), Some(Verdict::NotReceived));
    // An edit and a withdrawal on two laptops: the later wins, everywhere.
    let mut edited = ana.clone();
    edited.interviews[0].put_claim(Claim {
        text: "The battlecard went out on 23 September".into(),
        edited_at: t + Duration::minutes(9),
        ..claim.clone()
    });
    let mut withdrawn = ana.clone();
    withdrawn.interviews[0].withdraw_claim(&claim.id, t + Duration::minutes(7));
    let m = merge(&edited, &withdrawn);
    assert_eq!(m, merge(&withdrawn, &edited));
    assert_eq!(
        m.interviews.iter().find(|i| i.id == ana.interviews[0].id).unwrap().claims[0].text,
        "The battlecard went out on 23 September"
    );
    // Through the transcript and back, claims and checks intact.
    let catalog = catalog();
    let text = crate::transcript::to_json(&crate::transcript::build(&merged, catalog, t));
    let back = crate::transcript::read("t.json", &text).unwrap();
    for (a, b) in merged.interviews.iter().zip(&back.interviews) {
        assert_eq!((&a.claims, &a.checks), (&b.claims, &b.checks));
    }
}

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
    let mut s = testing::session_with(catalog(), shape, seed);
    // A claim in the first interview, checked in the second: both sides may edit them.
    let t = s.updated_at;
    s.interviews[0].put_claim(crate::session::Claim {
        id: "0190f0c0-0000-7000-8000-00000000c1a1".into(),
        topic: "launch.sales-briefing".into(),
        text: "The battlecard went to the sales drive".into(),
        concerns: vec!["sales".into()],
        notes: String::new(),
        quote: false,
        made_at: t,
        made_by: Some("Pat".into()),
        edited_at: t,
        withdrawn_at: None,
        revision: Default::default(),
    });
    if s.interviews.len() > 1 {
        s.interviews[1].record_check(crate::session::Check {
            claim: "0190f0c0-0000-7000-8000-00000000c1a1".into(),
            verdict: crate::session::Verdict::Partly,
            notes: String::new(),
            at: t,
            by: Some("Pat".into()),
            revision: Default::default(),
        });
    }
    s
}

/// Who an edit is attributed to: sometimes one login name on every laptop, sometimes no name
/// at all (files from before names), else the laptop's own.
fn identity(laptop: &str, rng: &mut Rng) -> Option<String> {
    match rng.below(3) {
        0 => Some("ubuntu".into()),
        1 => None,
        _ => Some(laptop.into()),
    }
}

/// `base` after edits on the laptop `laptop`: answers changed, notes written, flags set,
/// interviews added, claims reworded or withdrawn, checks changed; at nearby times so that
/// ties happen, and now and then with the laptop's clock years ahead.
fn edited(base: &Session, laptop: &str, seed: u64) -> Session {
    crate::session::on_laptop(laptop, || {
        let mut rng = Rng::new(seed);
        let mut s = base.clone();
        let skew = if rng.chance(0.15) { Duration::days(365 * 5) } else { Duration::zero() };
        let at = |rng: &mut Rng| base.updated_at + skew + Duration::seconds(rng.below(4) as i64 * 60);
        if rng.chance(0.3) {
            let i = s.add_interview("sales", "1", at(&mut rng));
            s.interviews[i].interviewer = identity(laptop, &mut rng);
        }
        if rng.chance(0.2) {
            s.organisation = format!("{} ({laptop})", s.organisation);
            s.updated_at = at(&mut rng);
        }
        for _ in 0..rng.below(8) {
            let now = at(&mut rng);
            edit_answer(&mut s, laptop, &mut rng, now);
        }
        if rng.chance(0.4) {
            let now = at(&mut rng);
            edit_claim(&mut s, laptop, &mut rng, now);
        }
        s
    })
}

/// One edit of an answer, stamped as the interface stamps it.
fn edit_answer(s: &mut Session, laptop: &str, rng: &mut Rng, now: chrono::DateTime<chrono::Utc>) {
    use crate::session::Versioned;
    let k = rng.below(s.interviews.len());
    let Some(bank) = catalog().bank(&s.interviews[k].function) else { return };
    let q = &bank.questions[rng.below(bank.questions.len().min(6))];
    let by = identity(laptop, rng);
    let a = s.interviews[k].answer_mut(&q.id);
    let replaced = a.legacy_hash();
    match rng.below(4) {
        0 => a.set_value(AnswerValue::Scale { value: rng.below(5) as u8 }, now),
        1 => a.set_notes(format!("{} {laptop} says {}", a.notes, rng.below(100)), q.kind, now),
        2 => a.toggle_follow_up(now),
        _ => a.toggle_state(AnswerState::DontKnow, now),
    }
    a.edited_at = Some(now);
    a.edited_by = by;
    a.revision.advance(replaced);
    s.interviews[k].updated_at = Some(now);
}

/// One edit of the claim or its check.
fn edit_claim(s: &mut Session, laptop: &str, rng: &mut Rng, now: chrono::DateTime<chrono::Utc>) {
    let id = "0190f0c0-0000-7000-8000-00000000c1a1";
    match rng.below(3) {
        0 => {
            let Some(c) = s.interviews[0].claims.first().cloned() else { return };
            let text = format!("{} ({laptop} {})", c.text, rng.below(100));
            s.interviews[0].put_claim(crate::session::Claim { text, edited_at: now, ..c });
        }
        1 => s.interviews[0].withdraw_claim(id, now),
        _ if s.interviews.len() > 1 => {
            let Some(c) = s.interviews[1].check_of(id).cloned() else { return };
            let notes = format!("{laptop} heard it {}", rng.below(100));
            s.interviews[1].record_check(crate::session::Check { notes, at: now, by: identity(laptop, rng), ..c });
        }
        _ => {}
    }
}

/// A lead's laptop settles every open conflict of `merged`, each time keeping one of the
/// other values (or the answer) by `seed`.
fn settled(merged: &Session, seed: u64) -> Session {
    crate::session::on_laptop("lead", || {
        let mut rng = Rng::new(seed);
        let mut s = merged.clone();
        let now = s.updated_at + Duration::hours(1);
        for i in &mut s.interviews {
            let questions: std::collections::BTreeSet<String> =
                i.open_conflicts().map(|c| c.question.clone()).collect();
            for q in questions {
                let mut choices: Vec<crate::session::Answer> = i.conflicts_on(&q).map(|c| c.answer.clone()).collect();
                choices.extend(i.answer(&q).cloned());
                let chosen = choices[rng.below(choices.len())].clone();
                i.resolve(&q, &chosen, Some("Lead"), now);
            }
            for d in i.claim_conflicts.clone().iter().filter(|d| d.open()) {
                let chosen = if rng.chance(0.5) { d.version.clone() } else { i.claims[0].clone() };
                i.resolve_claim(&d.version.id, &chosen, now, Some("Lead"));
            }
            for d in i.check_conflicts.clone().iter().filter(|d| d.open()) {
                let chosen = if rng.chance(0.5) { d.version.clone() } else { i.checks[0].clone() };
                i.resolve_check(&d.version.claim, &chosen, now, Some("Lead"));
            }
        }
        s
    })
}

/// Every value a side holds is in the merge — the answer kept, a conflict, or an ancestor of
/// one of those (history) — and so is every claim and check.
fn keeps_every_value(side: &Session, merged: &Session) -> Result<(), TestCaseError> {
    use crate::session::Versioned;
    for i in &side.interviews {
        let m = merged.interviews.iter().find(|x| x.id == i.id);
        prop_assert!(m.is_some(), "interview {} lost", i.id);
        let m = m.unwrap();
        let values = i.answers.iter().chain(i.conflicts.iter().map(|c| (&c.question, &c.answer)));
        for (q, a) in values {
            let mut there =
                m.answers.get(q).into_iter().chain(m.conflicts.iter().filter(|c| &c.question == q).map(|c| &c.answer));
            prop_assert!(there.any(|w| a.superseded_by(w)), "{}/{q}: {a:?} lost", i.id);
        }
        let claims = i.claims.iter().chain(i.claim_conflicts.iter().map(|c| &c.version));
        for c in claims {
            let mut there = m.claims.iter().chain(m.claim_conflicts.iter().map(|c| &c.version));
            prop_assert!(there.any(|w| w.id == c.id && c.superseded_by(w)), "{}: claim {c:?} lost", i.id);
        }
        let checks = i.checks.iter().chain(i.check_conflicts.iter().map(|c| &c.version));
        for c in checks {
            let mut there = m.checks.iter().chain(m.check_conflicts.iter().map(|c| &c.version));
            prop_assert!(there.any(|w| w.claim == c.claim && c.superseded_by(w)), "{}: check {c:?} lost", i.id);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn merging_is_commutative_associative_idempotent_and_loses_nothing(
        seed in any::<u64>(), interviews in 1usize..4, edits in any::<(u64, u64, u64, u64)>()
    ) {
        let base = start(seed, interviews);
        let (a, b, c) = (edited(&base, "ana", edits.0), edited(&base, "ben", edits.1), edited(&base, "cy", edits.2));
        // The lead settles a merge of two copies; a side edits on after that.
        let lead = settled(&merge(&a, &b), edits.3);
        let d = edited(&lead, "ana", edits.3 ^ 1);
        let ab = merge(&a, &b);
        prop_assert_eq!(&ab, &merge(&b, &a), "commutative");
        prop_assert_eq!(merge(&ab, &c), merge(&a, &merge(&b, &c)), "associative");
        prop_assert_eq!(merge(&merge(&lead, &c), &d), merge(&lead, &merge(&c, &d)), "associative with choices");
        prop_assert_eq!(merge(&lead, &d), merge(&d, &lead), "commutative with choices");
        prop_assert_eq!(&merge(&ab, &ab), &ab, "idempotent");
        prop_assert_eq!(&merge(&ab, &a), &ab, "a side merged again changes nothing");
        for side in [&a, &b, &c, &lead, &d] {
            keeps_every_value(side, &merge(&merge(&ab, &c), &merge(&lead, &d)))?;
        }
        keeps_every_value(&a, &ab)?;
        keeps_every_value(&b, &ab)?;
        // A settled choice stays settled: merging the copies it was made between reopens nothing.
        let again = merge(&merge(&lead, &a), &b);
        prop_assert_eq!(again.open_conflicts(), 0, "a settled choice reopened");
    }

    #[test]
    fn with_the_common_ancestor_only_edits_on_both_sides_conflict(
        seed in any::<u64>(), edits in any::<(u64, u64)>()
    ) {
        let base = start(seed, 2);
        let (a, b) = (edited(&base, "ana", edits.0), edited(&base, "ben", edits.1));
        let m = merge3(Some(&base), &a, &b);
        prop_assert_eq!(&m, &merge3(Some(&base), &b, &a));
        keeps_every_value(&a, &m)?;
        keeps_every_value(&b, &m)?;
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

/// The first question of interview 0 set to `value` with `notes` on laptop `laptop`, by
/// `by`, `minutes` after the start.
fn one_edit(base: &Session, laptop: &str, by: Option<&str>, minutes: i64, value: u8, notes: &str) -> Session {
    crate::session::on_laptop(laptop, || {
        let mut s = base.clone();
        let q = catalog().bank(&s.interviews[0].function).unwrap().questions[0].id.clone();
        let now = base.updated_at + Duration::minutes(minutes);
        let a = s.interviews[0].answer_mut(&q);
        let replaced = crate::session::Versioned::legacy_hash(a);
        a.set_value(AnswerValue::Scale { value }, now);
        a.notes = notes.into();
        a.edited_by = by.map(str::to_string);
        a.revision.advance(replaced);
        s
    })
}

fn first_question(s: &Session) -> String {
    catalog().bank(&s.interviews[0].function).unwrap().questions[0].id.clone()
}

/// Every value of the first question in `s`: the answer's, then the conflicts'.
fn values(s: &Session) -> Vec<(Option<AnswerValue>, String)> {
    let q = first_question(s);
    let i = &s.interviews[0];
    let answer = i.answer(&q).map(|a| (a.value.clone(), a.notes.clone()));
    answer
        .into_iter()
        .chain(i.conflicts.iter().filter(|c| c.question == q).map(|c| (c.answer.value.clone(), c.answer.notes.clone())))
        .collect()
}

#[test]
fn two_values_under_one_name_are_a_conflict_whoever_wrote_them() {
    let base = start(3, 1);
    for who in [Some("ubuntu"), None] {
        let one = one_edit(&base, "laptop-1", who, 1, 1, "KIM LAPTOP1 notes");
        let two = one_edit(&base, "laptop-2", who, 2, 3, "KIM LAPTOP2 notes");
        let m = merge(&one, &two);
        assert_eq!(m, merge(&two, &one));
        assert_eq!(m.open_conflicts(), 1, "{who:?}");
        let kept = values(&m);
        assert!(kept.contains(&(Some(AnswerValue::Scale { value: 1 }), "KIM LAPTOP1 notes".into())), "{kept:?}");
        assert!(kept.contains(&(Some(AnswerValue::Scale { value: 3 }), "KIM LAPTOP2 notes".into())), "{kept:?}");
        // The same file three ways (merge-driver): both sides changed it.
        assert_eq!(merge3(Some(&base), &one, &two).open_conflicts(), 1);
    }
    // One laptop's later edit of its own value is history, not a conflict.
    let first = one_edit(&base, "laptop-1", Some("kim"), 1, 1, "first");
    let later = one_edit(&first, "laptop-1", Some("kim"), 2, 2, "then corrected");
    let m = merge(&first, &later);
    assert_eq!(
        (m.open_conflicts(), values(&m)),
        (0, vec![(Some(AnswerValue::Scale { value: 2 }), "then corrected".into())])
    );
}

#[test]
fn a_value_stamped_in_the_future_never_drops_the_later_correction_and_is_pointed_out() {
    let base = start(3, 1);
    let years = 60 * 24 * 365 * 5;
    let skewed = one_edit(&base, "kim-old-clock", Some("kim"), years, 0, "KIM OLD VALUE (clock wrong)");
    let corrected = one_edit(&base, "kim-now", Some("kim"), 5, 4, "KIM CORRECTED VALUE");
    let m = merge(&corrected, &skewed);
    let kept = values(&m);
    assert!(kept.iter().any(|(_, n)| n == "KIM CORRECTED VALUE"), "{kept:?}");
    assert!(kept.iter().any(|(_, n)| n == "KIM OLD VALUE (clock wrong)"), "{kept:?}");
    let now = base.updated_at + Duration::minutes(10);
    let ahead = future_stamps(&m, now);
    assert_eq!(ahead.len(), 1, "{ahead:?}");
    assert_eq!((ahead[0].item.as_str(), ahead[0].edited_by.as_deref()), (first_question(&m).as_str(), Some("kim")));
    assert!(future_stamps(&corrected, now).is_empty());
}

#[test]
fn claims_and_checks_edited_on_two_laptops_keep_both_versions() {
    let base = start(4, 2);
    let id = "0190f0c0-0000-7000-8000-00000000c1a1";
    let t = base.updated_at;
    let reworded = crate::session::on_laptop("ana", || {
        let mut s = base.clone();
        let c = s.interviews[0].claims[0].clone();
        s.interviews[0].put_claim(crate::session::Claim {
            text: "ANA REWORDED CLAIM".into(),
            edited_at: t + Duration::minutes(1),
            ..c
        });
        let k = s.interviews[1].checks[0].clone();
        s.interviews[1].record_check(crate::session::Check {
            notes: "ANA CHECK NOTES".into(),
            at: t + Duration::minutes(1),
            ..k
        });
        s
    });
    let annotated = crate::session::on_laptop("ben", || {
        let mut s = base.clone();
        let c = s.interviews[0].claims[0].clone();
        s.interviews[0].put_claim(crate::session::Claim {
            notes: "BEN ADDED CLAIM NOTES".into(),
            edited_at: t + Duration::minutes(2),
            ..c
        });
        let k = s.interviews[1].checks[0].clone();
        s.interviews[1].record_check(crate::session::Check {
            notes: "BEN CHECK NOTES".into(),
            at: t + Duration::minutes(2),
            ..k
        });
        s
    });
    let m = merge(&reworded, &annotated);
    assert_eq!(m, merge(&annotated, &reworded));
    let json = serde_json::to_string(&m).unwrap();
    for words in ["ANA REWORDED CLAIM", "BEN ADDED CLAIM NOTES", "ANA CHECK NOTES", "BEN CHECK NOTES"] {
        assert!(json.contains(words), "{words} lost");
    }
    assert_eq!(m.open_conflicts(), 2, "one claim and one check to review");
    assert_eq!(m.interviews[0].claims[0].id, id);
    // The later edit of one laptop over its own: no conflict.
    let again = crate::session::on_laptop("ana", || {
        let mut s = reworded.clone();
        s.interviews[0].withdraw_claim(id, t + Duration::minutes(3));
        s
    });
    assert_eq!(merge(&reworded, &again).open_conflicts(), 0);
}

#[test]
fn two_conversations_under_one_legacy_id_are_both_kept() {
    let base = start(5, 1);
    let mut one = base.clone();
    let mut two = base.clone();
    for (s, who, minutes) in [(&mut one, "Dana Ortiz", 0), (&mut two, "Lee Park", 30)] {
        s.interviews[0].id = "sales-1".into();
        s.interviews[0].function = "sales".into();
        s.interviews[0].interviewee = Some(who.into());
        s.interviews[0].started_at += Duration::minutes(minutes);
    }
    let m = merge(&one, &two);
    assert_eq!(m, merge(&two, &one));
    let who: Vec<_> = m.interviews.iter().map(|i| (i.id.clone(), i.interviewee.clone().unwrap())).collect();
    assert_eq!(who.len(), 2, "{who:?}");
    assert_eq!(who[0], ("sales-1".to_string(), "Dana Ortiz".to_string()));
    assert!(who[1].0.starts_with("sales-1-") && who[1].1 == "Lee Park", "{who:?}");
    assert!(crate::storage::valid_id(&who[1].0));
    // Merging either again changes nothing: the second one is found under its new id.
    assert_eq!(merge(&m, &two), m);
    assert_eq!(merge(&m, &one), m);
}

#[test]
fn choosing_a_value_keeps_the_one_it_replaces_and_stays_chosen_through_merges() {
    let base = start(3, 1);
    let ana = one_edit(&base, "ana", Some("Ana"), 1, 1, "ANA NOTES words");
    let ben = one_edit(&base, "ben", Some("Ben"), 2, 3, "BEN NOTES words");
    let merged = merge(&ana, &ben);
    let q = first_question(&merged);
    let mut lead = merged.clone();
    crate::session::on_laptop("lead", || {
        let theirs = lead.interviews[0].conflicts_on(&q).next().unwrap().answer.clone();
        lead.interviews[0].resolve(&q, &theirs, Some("Lead"), base.updated_at + Duration::hours(1));
    });
    let kept = values(&lead);
    assert_eq!(kept[0].1, "ANA NOTES words", "Ana's value chosen");
    assert!(kept.iter().any(|(_, n)| n == "BEN NOTES words"), "the replaced value is kept: {kept:?}");
    assert_eq!(lead.open_conflicts(), 0);
    // Merging either colleague's file again, or the merge, reopens nothing.
    for other in [&ben, &ana, &merged] {
        let again = merge(&lead, other);
        assert_eq!(again.open_conflicts(), 0);
        assert_eq!(again, merge(other, &lead));
        assert!(values(&again).iter().any(|(_, n)| n == "BEN NOTES words"));
    }
    // A colleague's edit made after the choice is new: open again.
    let ben_later = one_edit(&ben, "ben", Some("Ben"), 90, 2, "BEN LATER");
    assert_eq!(merge(&lead, &ben_later).open_conflicts(), 1);
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
        revision: Default::default(),
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
        revision: Default::default(),
    });
    let merged = merge(&ana, &ben);
    let claims = &merged.interviews.iter().find(|i| i.id == ana.interviews[0].id).unwrap().claims;
    assert!(claims.len() == 1 && crate::session::Versioned::same_content(&claims[0], &claim), "{claims:?}");
    let checked = merged.interviews.iter().find(|i| i.id == ben.interviews[1].id).unwrap();
    assert_eq!(checked.check_of(&claim.id).map(|c| c.verdict), Some(Verdict::NotReceived));
    // An edit and a withdrawal on two laptops: the later shows, the other is kept to review.
    let edited = crate::session::on_laptop("ana-2", || {
        let mut s = ana.clone();
        let old = s.interviews[0].claims[0].clone();
        s.interviews[0].put_claim(Claim {
            text: "The battlecard went out on 23 September".into(),
            edited_at: t + Duration::minutes(9),
            ..old
        });
        s
    });
    let withdrawn = crate::session::on_laptop("ana-3", || {
        let mut s = ana.clone();
        s.interviews[0].withdraw_claim(&claim.id, t + Duration::minutes(7));
        s
    });
    let m = merge(&edited, &withdrawn);
    assert_eq!(m, merge(&withdrawn, &edited));
    let pm = m.interviews.iter().find(|i| i.id == ana.interviews[0].id).unwrap();
    assert_eq!(pm.claims[0].text, "The battlecard went out on 23 September");
    assert!(pm.claim_conflicts.len() == 1 && pm.claim_conflicts[0].version.withdrawn_at.is_some());
    // Through the transcript and back, claims and checks intact.
    let catalog = catalog();
    let text = crate::transcript::to_json(&crate::transcript::build(&merged, catalog, t));
    let back = crate::transcript::read("t.json", &text).unwrap();
    for (a, b) in merged.interviews.iter().zip(&back.interviews) {
        assert_eq!((&a.claims, &a.checks), (&b.claims, &b.checks));
        assert_eq!((&a.claim_conflicts, &a.check_conflicts), (&b.claim_conflicts, &b.check_conflicts));
    }
}

/// A pillar either copy covers stays covered, whichever copy was written last: narrowing the
/// scope in a merge would hide what was answered in it.
#[test]
fn the_merged_scope_covers_both_copies() {
    use crate::bank::Scope;
    let base = start(7, 1);
    let mut wide = base.clone();
    wide.scope = Scope::parse("coordination,operations").unwrap();
    let mut later = base.clone();
    later.updated_at += chrono::Duration::hours(1);
    later.scope = Scope::parse("identity-direction").unwrap();
    for (a, b) in [(&wide, &later), (&later, &wide)] {
        let merged = merge(a, b);
        assert_eq!(merged.scope, Scope::parse("identity-direction,coordination,operations").unwrap());
    }
}

#[test]
fn recommendations_written_on_two_laptops_are_all_kept() {
    use crate::session::{Finding, Recommendation, on_laptop};
    let base = start(8, 1);
    let t = base.updated_at;
    let rec = |id: &str, change: &str, minutes: i64| Recommendation {
        id: id.into(),
        answers: Finding::Reading("performance-practice".into()),
        change: change.into(),
        owner: "Engineering".into(),
        checkpoints: Default::default(),
        written_at: t,
        written_by: None,
        edited_at: t + Duration::minutes(minutes),
        withdrawn_at: None,
        revision: Default::default(),
    };
    let mut common = base.clone();
    on_laptop("lead", || common.put_recommendation(rec("r1", "Automate the tests", 1)));
    // Each laptop edits r1 its own way; one also writes r2.
    let (mut a, mut b) = (common.clone(), common.clone());
    on_laptop("a", || a.put_recommendation(rec("r1", "Automate the billing tests first", 2)));
    on_laptop("b", || {
        b.put_recommendation(rec("r1", "Own the pipeline as a platform", 3));
        b.put_recommendation(rec("r2", "Bring Operations in at design", 3));
    });
    for (x, y) in [(&a, &b), (&b, &a)] {
        let merged = merge3(Some(&common), x, y);
        let changes: Vec<&str> = merged.recommendations.iter().map(|r| r.change.as_str()).collect();
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changes.contains(&"Bring Operations in at design"));
        let other: Vec<&str> = merged.recommendation_conflicts.iter().map(|d| d.version.change.as_str()).collect();
        let r1 = merged.recommendations.iter().find(|r| r.id == "r1").unwrap();
        let mut both = vec![r1.change.as_str(), other[0]];
        both.sort_unstable();
        assert_eq!(both, ["Automate the billing tests first", "Own the pipeline as a platform"], "neither dropped");
    }
    // An edit on one side only, from the common copy, is no conflict.
    let merged = merge3(Some(&common), &a, &common);
    assert!(merged.recommendation_conflicts.is_empty());
    assert_eq!(merged.recommendations[0].change, "Automate the billing tests first");
}

use chrono::{TimeZone, Utc};

use super::*;
use crate::bank::BankSource;
use crate::session::{AnswerState, AnswerValue, Session};

const TOPICS: &str = r#"{"version": "1", "topics": [
  {"id": "t.brief", "title": "Briefing"}, {"id": "t.notice", "title": "Notice"}, {"id": "t.none", "title": "Nobody"}]}"#;
/// The labels the fixtures' compared scales answer on (a compared scale says what happened).
const LABELS: &str = r#"["None", "A note", "A call", "A briefing", "A rehearsal"]"#;

const NOTICE_OPTIONS: &str =
    r#"[{"label": "Early", "score": 4}, {"label": "Mid", "score": 2}, {"label": "Late", "score": 0}]"#;

fn catalog() -> Catalog {
    let bank = |function: &str, questions: String| {
        format!(
            r#"{{"function": "{function}", "title": "{function}", "version": "1", "sections": [{{"id": "s", "title": "S"}}],
                "questions": [{questions}]}}"#
        )
    };
    let q = |id: &str, topic: &str, stance: &str| {
        if topic == "t.notice" {
            format!(
                r#"{{"id": "{id}", "section": "s", "text": "?", "kind": "choice", "options": {NOTICE_OPTIONS}, "topic": "{topic}", "stance": "{stance}"}}"#
            )
        } else {
            format!(
                r#"{{"id": "{id}", "section": "s", "text": "?", "kind": "scale", "labels": {LABELS}, "topic": "{topic}", "stance": "{stance}"}}"#
            )
        }
    };
    let files = vec![
        ("topics.json".to_string(), TOPICS.to_string()),
        (
            "product.json".into(),
            bank(
                "product",
                [
                    q("p.brief", "t.brief", "communicated"),
                    q("p.notice", "t.notice", "communicated"),
                    q("p.brief-x", "t.brief", "practice"),
                ]
                .join(","),
            ),
        ),
        (
            "sales.json".into(),
            bank("sales", [q("s.brief", "t.brief", "received"), q("s.notice", "t.notice", "received")].join(",")),
        ),
        ("cs.json".into(), bank("customer-success", q("c.brief", "t.brief", "received"))),
    ];
    Catalog::from_files(files, BankSource::Embedded).unwrap_or_else(|e| panic!("{e}"))
}

/// A session from (function, [(question, answer)]) where an answer is a scale point, a choice
/// label, "skip" or "dk", with optional notes after a '|'.
fn session(interviews: &[(&str, &[(&str, &str)])]) -> Session {
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let mut s = Session::new("s".into(), "Org".into(), None, now);
    for (function, answers) in interviews {
        let i = s.add_interview(function, "1", now);
        for (qid, spec) in *answers {
            let (value, notes) = spec.split_once('|').unwrap_or((spec, ""));
            let a = s.interviews[i].answer_mut(qid);
            match value {
                "skip" => a.toggle_state(AnswerState::Skipped, now),
                "dk" => a.toggle_state(AnswerState::DontKnow, now),
                "" => {}
                v => match v.parse::<u8>() {
                    Ok(n) => a.set_value(AnswerValue::Scale { value: n }, now),
                    Err(_) => a.set_value(AnswerValue::Choice { option: v.to_string() }, now),
                },
            }
            a.notes = notes.to_string();
        }
    }
    s
}

fn brief(d: &Divergence) -> &TopicDivergence {
    d.topics.iter().find(|t| t.topic == "t.brief").unwrap()
}

#[test]
fn verdicts_follow_the_thresholds() {
    let table = [
        (1.0, 0.25, Verdict::OverStated { major: true }),
        (1.0, 0.5, Verdict::OverStated { major: true }),
        (0.75, 0.5, Verdict::OverStated { major: false }),
        (1.0, 0.75, Verdict::OverStated { major: false }),
        (0.25, 0.75, Verdict::UnderStated { major: true }),
        (0.5, 0.75, Verdict::UnderStated { major: false }),
        (0.5, 0.5, Verdict::Aligned),
        (0.75, 0.75, Verdict::AlignedStrong),
        (1.0, 1.0, Verdict::AlignedStrong),
        (0.25, 0.25, Verdict::AgreedWeakness),
        (0.0, 0.0, Verdict::AgreedWeakness),
        (0.25, 0.0, Verdict::OverStated { major: false }),
        (0.6, 0.5, Verdict::Aligned),
    ];
    for (c, r, expect) in table {
        assert_eq!(verdict(c, r), expect, "communicated {c}, received {r}");
    }
}

/// (case, interviews, receiver, expected verdict, expected gap)
type Case<'a> = (&'a str, &'a [(&'a str, &'a [(&'a str, &'a str)])], &'a str, Verdict, Option<f64>);

#[test]
fn cells_by_case() {
    let cases: &[Case] = &[
        (
            "no receivers interviewed",
            &[("product", &[("p.brief", "4")])],
            "sales",
            Verdict::Unknown { communicated_missing: false },
            None,
        ),
        (
            "nothing communicated yet",
            &[("sales", &[("s.brief", "1")])],
            "sales",
            Verdict::Unknown { communicated_missing: true },
            None,
        ),
        (
            "one receiver",
            &[("product", &[("p.brief", "4")]), ("sales", &[("s.brief", "1")])],
            "sales",
            Verdict::OverStated { major: true },
            Some(0.75),
        ),
        (
            "several interviews of one function: their mean",
            &[("product", &[("p.brief", "2")]), ("sales", &[("s.brief", "3")]), ("sales", &[("s.brief", "1")])],
            "sales",
            Verdict::Aligned,
            Some(0.0),
        ),
        (
            "skipped is unknown",
            &[("product", &[("p.brief", "3")]), ("sales", &[("s.brief", "skip")])],
            "sales",
            Verdict::Unknown { communicated_missing: false },
            None,
        ),
        (
            "don't know is unknown",
            &[("product", &[("p.brief", "dk")]), ("sales", &[("s.brief", "2")])],
            "sales",
            Verdict::Unknown { communicated_missing: true },
            None,
        ),
        (
            "ordinal choice",
            &[("product", &[("p.notice", "Early")]), ("sales", &[("s.notice", "Late")])],
            "sales",
            Verdict::OverStated { major: true },
            Some(1.0),
        ),
        (
            "under-stated",
            &[("product", &[("p.brief", "1")]), ("customer-success", &[("c.brief", "3")])],
            "customer-success",
            Verdict::UnderStated { major: true },
            Some(-0.5),
        ),
    ];
    let catalog = catalog();
    for (case, interviews, receiver, verdict, gap) in cases {
        let d = compute(&session(interviews), &catalog);
        let topic = if interviews.iter().any(|(_, a)| a.iter().any(|(q, _)| q.ends_with("notice"))) {
            "t.notice"
        } else {
            "t.brief"
        };
        let t = d.topics.iter().find(|t| t.topic == topic).unwrap();
        let cell = t.cell(receiver).unwrap_or_else(|| panic!("{case}: no cell"));
        assert_eq!(cell.verdict, *verdict, "{case}");
        assert_eq!(cell.gap, *gap, "{case}");
    }
}

#[test]
fn unknown_says_why() {
    let catalog = catalog();
    let d = compute(&session(&[("product", &[("p.brief", "3")]), ("sales", &[("s.brief", "skip")])]), &catalog);
    assert_eq!(brief(&d).cell("sales").unwrap().received.unknown, Some(Unknown::Skipped));
    assert_eq!(brief(&d).cell("customer-success").unwrap().received.unknown, Some(Unknown::NotInterviewed));
    let d = compute(&session(&[("sales", &[])]), &catalog);
    assert_eq!(brief(&d).cell("sales").unwrap().received.unknown, Some(Unknown::NotAsked));
    assert_eq!(brief(&d).communicated.unknown, Some(Unknown::NotInterviewed));
}

#[test]
fn all_skipped_gives_no_index() {
    let d = compute(
        &session(&[("product", &[("p.brief", "skip"), ("p.notice", "skip")]), ("sales", &[("s.brief", "skip")])]),
        &catalog(),
    );
    assert_eq!(d.gap_index, None);
    assert_eq!(d.cells_compared, 0);
    assert!(d.topics.iter().flat_map(|t| &t.cells).all(|c| matches!(c.verdict, Verdict::Unknown { .. })));
}

#[test]
fn spread_of_several_interviews() {
    let d = compute(
        &session(&[("product", &[("p.brief", "3")]), ("sales", &[("s.brief", "4")]), ("sales", &[("s.brief", "1")])]),
        &catalog(),
    );
    let cell = brief(&d).cell("sales").unwrap();
    assert_eq!(cell.received.score, Some(0.625));
    assert_eq!(cell.received.spread_points, Some(3.0));
    assert_eq!(cell.received.voices.len(), 2);
}

#[test]
fn receivers_telling_different_stories() {
    let catalog = catalog();
    let apart = session(&[
        ("product", &[("p.brief", "2")]),
        ("sales", &[("s.brief", "4")]),
        ("customer-success", &[("c.brief", "0")]),
    ]);
    let c = brief(&compute(&apart, &catalog)).consistency.clone().unwrap();
    assert_eq!(c.ad_points, 2.0);
    assert!(c.inconsistent);
    let close = session(&[("sales", &[("s.brief", "3")]), ("customer-success", &[("c.brief", "2")])]);
    let c = brief(&compute(&close, &catalog)).consistency.clone().unwrap();
    assert_eq!(c.ad_points, 0.5);
    assert!(!c.inconsistent);
    let one = session(&[("sales", &[("s.brief", "3")])]);
    assert_eq!(brief(&compute(&one, &catalog)).consistency, None, "one receiver has nobody to disagree with");
}

#[test]
fn gap_index_and_severity_order() {
    let s = session(&[
        ("product", &[("p.brief", "3"), ("p.notice", "Early")]),
        ("sales", &[("s.brief", "3"), ("s.notice", "Late")]),
        ("customer-success", &[("c.brief", "1")]),
    ]);
    let d = compute(&s, &catalog());
    // Cells: notice/sales |1.0|, brief/sales 0, brief/cs |0.5| → mean 0.5 → 50.
    assert_eq!(d.cells_compared, 3);
    assert_eq!(d.gap_index, Some(50.0));
    let order: Vec<_> = d.topics.iter().map(|t| t.topic.as_str()).collect();
    assert_eq!(order, ["t.notice", "t.brief"], "t.none has no communicated question, so no row");
    assert_eq!(d.receivers, ["sales", "customer-success"]);
}

#[test]
fn said_but_not_heard_uses_every_note_on_the_topic() {
    let s = session(&[
        (
            "product",
            &[("p.brief", "4|Sales got the pricing FAQ two weeks early."), ("p.brief-x", "|We ran a recorded demo.")],
        ),
        ("sales", &[("s.brief", "1|The launch surprised us; no FAQ.")]),
        ("customer-success", &[("c.brief", "2|")]),
    ]);
    let t = brief(&compute(&s, &catalog())).clone();
    assert!(t.said_not_heard.iter().any(|w| w.contains("demo")), "{:?}", t.said_not_heard);
    assert!(!t.said_not_heard.iter().any(|w| w == "faq"), "{:?}", t.said_not_heard);
    // «surprised» is a verb: the thing Sales named that Product did not is the launch.
    let sales = &t.cell("sales").unwrap().heard_not_said;
    assert!(sales.iter().any(|w| w == "launch") && !sales.iter().any(|w| w.contains("surprised")), "{sales:?}");
    assert!(t.cell("customer-success").unwrap().heard_not_said.is_empty(), "empty notes give no terms");
}

#[test]
fn notes_in_other_scripts() {
    let s = session(&[
        ("product", &[("p.brief", "4|営業には二週間前に説明した")]),
        ("sales", &[("s.brief", "1|Никто нам не сказал")]),
    ]);
    let t = brief(&compute(&s, &catalog())).clone();
    assert_eq!(t.said_not_heard, ["営業には二週間前に説明した"]);
    assert!(t.cell("sales").unwrap().heard_not_said.iter().any(|w| w.contains("сказал")));
}

/// The computation as first written — every bank scanned for every topic, every note split for
/// every comparison — kept to check the faster one against.
mod reference {
    use crate::bank::{Catalog, SCALE_MAX, Stance};
    use crate::divergence::*;
    use crate::session::{AnswerState, Session};

    pub fn compute(session: &Session, catalog: &Catalog) -> Divergence {
        let mut topics: Vec<TopicDivergence> =
            catalog.topics.iter().filter_map(|t| topic(session, catalog, &t.id)).collect();
        // Most severe first: compared topics by their worst gap, inconsistent stories next, then
        // the unknowns; the bank's topic order breaks ties.
        topics.sort_by(|a, b| {
            b.compared()
                .cmp(&a.compared())
                .then(b.worst_gap().total_cmp(&a.worst_gap()))
                .then(b.inconsistent().cmp(&a.inconsistent()))
                .then(b.heard_from().cmp(&a.heard_from()))
        });
        // Shared facts are not communications: neither in the gap index nor in readiness.
        let communication = || topics.iter().filter(|t| !t.shared_fact).flat_map(|t| &t.cells);
        let gaps: Vec<f64> = communication().filter_map(|c| c.gap).map(f64::abs).collect();
        let gap_index = (!gaps.is_empty()).then(|| 100.0 * gaps.iter().sum::<f64>() / gaps.len() as f64);
        // Receivers: functions with a received question, or a shared fact they are not first on.
        let receivers = catalog
            .banks
            .iter()
            .enumerate()
            .filter(|(i, b)| {
                b.questions.iter().any(|q| {
                    q.stance == Some(Stance::Received)
                        || q.stance == Some(Stance::Shared)
                            && catalog.banks[..*i]
                                .iter()
                                .any(|e| has_stance(e, q.topic.as_deref().unwrap_or(""), Stance::Shared))
                })
            })
            .map(|(_, b)| b.function.clone())
            .collect();
        let levels: Vec<f64> = communication().filter_map(|c| c.received.score).collect();
        let readiness = (!levels.is_empty()).then(|| 100.0 * levels.iter().sum::<f64>() / levels.len() as f64);
        Divergence {
            gap_index,
            cells_compared: gaps.len(),
            readiness,
            levels_received: levels.len(),
            receivers,
            topics,
        }
    }
    pub fn topic(session: &Session, catalog: &Catalog, topic_id: &str) -> Option<TopicDivergence> {
        let title = catalog.topic(topic_id).map_or(topic_id.to_string(), |t| t.title.clone());
        // Every communicated question on the topic, with its bank: the one without a "to" is the
        // topic's, else the first.
        // On a shared fact, the first bank that answers it stands where the claim would.
        let shared = catalog.banks.iter().find(|b| has_stance(b, topic_id, Stance::Shared));
        let (sent, got) =
            if shared.is_some() { (Stance::Shared, Stance::Shared) } else { (Stance::Communicated, Stance::Received) };
        let all_communicated: Vec<(&crate::bank::Bank, &crate::bank::Question)> = catalog
            .banks
            .iter()
            .filter(|b| shared.is_none_or(|first| first.function == b.function))
            .flat_map(|b| b.questions.iter().map(move |q| (b, q)))
            .filter(|(_, q)| q.topic.as_deref() == Some(topic_id) && q.stance == Some(sent))
            .collect();
        let (communicator, general) =
            *all_communicated.iter().find(|(_, q)| q.to.is_empty()).or(all_communicated.first())?;
        let communicated = side(session, catalog, &communicator.function, topic_id, sent, Some(&general.id));
        let communicated_notes = said_notes(session, catalog, &communicator.function, topic_id, &general.id);
        let en = language::or_default(&session.language);
        // Every compared topic's notes, each topic one document, to weigh terms against.
        let documents: Vec<Vec<String>> = catalog
            .topics
            .iter()
            .filter(|t| {
                catalog
                    .banks
                    .iter()
                    .any(|b| has_stance(b, &t.id, Stance::Communicated) || has_stance(b, &t.id, Stance::Shared))
            })
            .map(|t| {
                let compared = catalog.banks.iter().filter(|b| {
                    [Stance::Communicated, Stance::Received, Stance::Shared].iter().any(|&s| has_stance(b, &t.id, s))
                });
                compared.flat_map(|b| topic_notes(session, catalog, &b.function, &t.id)).collect()
            })
            .collect();
        let docs: Vec<Vec<&str>> = documents.iter().map(|d| refs(d)).collect();
        let mut all_heard: Vec<String> = Vec::new();
        let mut compared_with_communicated = Vec::new();
        let mut heard_by_topic_row = 0;
        let mut cells = Vec::new();
        let receivers =
            catalog.banks.iter().filter(|b| has_stance(b, topic_id, got) && b.function != communicator.function);
        for bank in receivers {
            let received = side(session, catalog, &bank.function, topic_id, got, None);
            let heard = topic_notes(session, catalog, &bank.function, topic_id);
            // The communicated question addressed to this function, the topic's own included.
            let own = all_communicated.iter().find(|(_, q)| q.to.contains(&bank.function)).map(|(b, q)| {
                if q.id == general.id {
                    all_heard.extend(heard.iter().cloned());
                    heard_by_topic_row += 1;
                }
                (
                    side(session, catalog, &b.function, topic_id, sent, Some(&q.id)),
                    said_notes(session, catalog, &b.function, topic_id, &q.id),
                )
            });
            let compared = own.as_ref().map_or(&communicated, |(side, _)| side);
            let (gap, verdict) = match (compared.score, received.score) {
                (Some(c), Some(r)) => (Some(c - r), on_fact(verdict(c, r), shared.is_some())),
                _ => (None, Verdict::Unknown { communicated_missing: compared.score.is_none() }),
            };
            let said_notes = own.as_ref().map_or(&communicated_notes, |(_, notes)| notes);
            let addressed = all_communicated.iter().any(|(_, q)| q.to.contains(&bank.function));
            let heard_not_said = terms::missing_from(&refs(&heard), &refs(said_notes), TERMS, &docs, en);
            let said_not_heard = match &own {
                Some((_, notes)) => terms::missing_from(&refs(notes), &refs(&heard), TERMS, &docs, en),
                None => {
                    all_heard.extend(heard);
                    compared_with_communicated.push(cells.len());
                    Vec::new()
                }
            };
            let both = compared.score.is_some() && received.score.is_some();
            let not_in = |a: &Side, b: &Side| -> Vec<String> {
                if both { a.items.iter().filter(|i| !b.items.contains(i)).cloned().collect() } else { Vec::new() }
            };
            let (items_not_received, items_not_communicated) =
                (not_in(compared, &received), not_in(&received, compared));
            let communicated = Some(own.map_or_else(|| communicated.clone(), |(side, _)| side));
            cells.push(Cell {
                received,
                gap,
                gap_points: gap.map(|g| g * SCALE_MAX),
                verdict,
                heard_not_said,
                communicated,
                addressed,
                said_not_heard,
                items_not_received,
                items_not_communicated,
            });
        }
        let said_not_heard = if compared_with_communicated.is_empty() && heard_by_topic_row == 0 {
            Vec::new()
        } else {
            terms::missing_from(&refs(&communicated_notes), &refs(&all_heard), TERMS, &docs, en)
        };
        for &c in &compared_with_communicated {
            cells[c].said_not_heard.clone_from(&said_not_heard);
        }
        let points: Vec<f64> = cells.iter().filter_map(|c| c.received.score).map(|s| s * SCALE_MAX).collect();
        let consistency = (points.len() >= 2).then(|| {
            let mean = points.iter().sum::<f64>() / points.len() as f64;
            let ad_points = points.iter().map(|p| (p - mean).abs()).sum::<f64>() / points.len() as f64;
            Consistency { ad_points, inconsistent: ad_points > AD_CUTOFF_POINTS }
        });
        let shared_fact = shared.is_some();
        Some(TopicDivergence {
            topic: topic_id.to_string(),
            title,
            communicated,
            cells,
            consistency,
            shared_fact,
            said_not_heard,
        })
    }
    /// On a shared fact, a difference either way is a disagreement.
    fn on_fact(v: Verdict, shared: bool) -> Verdict {
        match v {
            Verdict::OverStated { major } | Verdict::UnderStated { major } if shared => Verdict::Disagree { major },
            v => v,
        }
    }
    fn has_stance(bank: &crate::bank::Bank, topic_id: &str, stance: Stance) -> bool {
        bank.questions.iter().any(|q| q.topic.as_deref() == Some(topic_id) && q.stance == Some(stance))
    }
    fn refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    /// What `function` said on the topic through its questions of `stance` (only `question`,
    /// when given).
    fn side(
        session: &Session,
        catalog: &Catalog,
        function: &str,
        topic_id: &str,
        stance: Stance,
        question: Option<&str>,
    ) -> Side {
        let mut voices = Vec::new();
        let questions: Vec<_> = catalog
            .bank(function)
            .map(|b| {
                b.questions
                    .iter()
                    .filter(|q| q.topic.as_deref() == Some(topic_id) && q.stance == Some(stance))
                    .filter(|q| question.is_none_or(|id| q.id == id))
                    .collect()
            })
            .unwrap_or_default();
        let interviews: Vec<_> = session.interviews.iter().filter(|i| i.function == function).collect();
        for interview in &interviews {
            for q in &questions {
                let answer = interview.answer(&q.id);
                voices.push(Voice {
                    interview: interview.id.clone(),
                    who: {
                        let index = session.interviews.iter().position(|i| i.id == interview.id).unwrap();
                        session.label_of(index, &catalog.bank(function).unwrap().title)
                    },
                    question_id: q.id.clone(),
                    state: answer.map(|a| a.state).unwrap_or_default(),
                    score: answer.and_then(|a| a.normalised(q)),
                    value_text: answer.and_then(|a| a.value_text(q)),
                    notes: answer.map(|a| a.notes.clone()).unwrap_or_default(),
                    quote: answer.is_some_and(|a| a.flags.quote),
                    case: {
                        let bank = catalog.bank(function).unwrap();
                        bank.questions
                            .iter()
                            .find(|q| q.anchor)
                            .and_then(|q| interview.answer(&q.id))
                            .map(|a| a.notes.split_whitespace().collect::<Vec<_>>().join(" "))
                            .filter(|n| !n.is_empty())
                    },
                    sent_by: answer.and_then(|a| a.sent_by),
                    involvement: interview.involvement,
                    product_in_room: interview.product_in_room,
                });
            }
        }
        // An account from someone not involved in the launch is counted apart, never scored.
        let not_involved_voice = |v: &&Voice| v.involvement == Some(crate::session::Involvement::NotInvolved);
        let not_involved = voices.iter().filter(|v| v.score.is_some() && not_involved_voice(v)).count();
        let product_in_room = voices
            .iter()
            .filter(|v| v.score.is_some() && !not_involved_voice(v) && v.product_in_room == Some(true))
            .count();
        let mut scores: Vec<f64> = voices.iter().filter(|v| !not_involved_voice(v)).filter_map(|v| v.score).collect();
        // Summed smallest first: the mean whatever order the answers are met in.
        scores.sort_by(f64::total_cmp);
        let score = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
        let spread_points = (scores.len() >= 2).then(|| {
            let (lo, hi) = scores.iter().fold((f64::MAX, f64::MIN), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
            (hi - lo) * SCALE_MAX
        });
        let unknown = if score.is_some() {
            None
        } else if interviews.is_empty() {
            Some(Unknown::NotInterviewed)
        } else if not_involved > 0 {
            Some(Unknown::NotInvolved)
        } else if voices.iter().any(|v| v.state == AnswerState::DontKnow) {
            Some(Unknown::DontKnow)
        } else if voices.iter().any(|v| v.state == AnswerState::Skipped) {
            Some(Unknown::Skipped)
        } else {
            Some(Unknown::NotAsked)
        };
        // The items any interview ticked, in the bank's order.
        let mut items: Vec<String> = Vec::new();
        for q in questions.iter().filter(|q| q.kind == crate::bank::Kind::Multi) {
            for o in q.items() {
                let ticked = interviews.iter().any(|i| {
                    i.answer(&q.id).is_some_and(|a| {
                        a.state == AnswerState::Answered
                            && matches!(&a.value, Some(crate::session::AnswerValue::Multi { options }) if options.contains(&o.label))
                    })
                });
                if ticked && !items.contains(&o.label) {
                    items.push(o.label.clone());
                }
            }
        }
        let score_points = score.map(|s| s * SCALE_MAX);
        Side {
            function: function.to_string(),
            score,
            score_points,
            spread_points,
            unknown,
            voices,
            not_involved,
            product_in_room,
            items,
        }
    }
    /// What `function` said on the topic with its claim `question`: that claim's notes and those
    /// of its questions on the topic addressed to no one (not another receiver's row).
    fn said_notes(session: &Session, catalog: &Catalog, function: &str, topic_id: &str, question: &str) -> Vec<String> {
        let Some(bank) = catalog.bank(function) else { return Vec::new() };
        let ids: Vec<&str> = bank
            .questions
            .iter()
            .filter(|q| q.topic.as_deref() == Some(topic_id) && (q.id == question || q.to.is_empty()))
            .map(|q| q.id.as_str())
            .collect();
        session
            .interviews
            .iter()
            .filter(|i| i.function == function)
            .flat_map(|i| ids.iter().filter_map(|id| i.answer(id)))
            .filter(|a| !matches!(a.state, AnswerState::Skipped | AnswerState::DontKnow))
            .map(|a| a.notes.clone())
            .filter(|n| !n.trim().is_empty())
            .collect()
    }

    fn topic_notes(session: &Session, catalog: &Catalog, function: &str, topic_id: &str) -> Vec<String> {
        let Some(bank) = catalog.bank(function) else { return Vec::new() };
        let ids: Vec<&str> =
            bank.questions.iter().filter(|q| q.topic.as_deref() == Some(topic_id)).map(|q| q.id.as_str()).collect();
        session
            .interviews
            .iter()
            .filter(|i| i.function == function)
            .flat_map(|i| ids.iter().filter_map(|id| i.answer(id)))
            // Notes on a skipped or don't-know answer are usually the interviewer's remark
            // ("ran out of time"), not what the function said.
            .filter(|a| !matches!(a.state, AnswerState::Skipped | AnswerState::DontKnow))
            .map(|a| a.notes.clone())
            .filter(|n| !n.trim().is_empty())
            .collect()
    }
}

/// Notes made of every kind of token boundary: case, stems, apostrophes and hyphens, digits,
/// other scripts, doubled spaces, sentence punctuation and line breaks.
fn scramble_notes(session: &mut Session, seed: u64) {
    const BITS: &[&str] = &[
        "Launch",
        "launched",
        "launches",
        "  ",
        " ",
        " ",
        " ",
        ".",
        ",",
        "\n",
        "'quoted'",
        "-dash-",
        "x-ray",
        "can't",
        "2024",
        "営業には",
        "Кампания",
        "مرحبا",
        "👩‍💻",
        "FAQ",
        "faq",
        "(",
        ")",
        "\"",
        "the",
        "a",
        "we",
        "sales",
        "pricing",
        "stories",
        "briefings",
        "—",
        "!",
        "?",
        ";",
        ":",
        "demo",
        "Demo",
        "webinar",
        "weeks",
        "two",
    ];
    let mut rng = crate::testing::Rng::new(seed);
    for interview in &mut session.interviews {
        for answer in interview.answers.values_mut() {
            if rng.chance(0.5) {
                let n = rng.range(0, 30);
                answer.notes = (0..n).map(|_| *rng.pick(BITS)).collect();
            }
        }
    }
}

/// Sizes the computation is checked against the reference at: (questions, interviews, seed).
/// The reference is slow on purpose (plain loops): 60 interviews or a 2,500-question bank take
/// minutes, so they run where `CROSSCHECK_LARGE_TESTS` is set (CI sets it) and a local `cargo
/// test` checks smaller ones of every shape.
fn reference_sizes() -> Vec<(usize, usize, u64)> {
    if std::env::var_os("CROSSCHECK_LARGE_TESTS").is_some() {
        return vec![(250, 5, 1), (250, 60, 2), (2_500, 20, 3), (0, 30, 4)];
    }
    vec![(250, 5, 1), (120, 10, 2), (400, 6, 3), (0, 8, 4)]
}

#[test]
fn the_computation_matches_the_reference() {
    let embedded = Catalog::embedded().unwrap();
    for (questions, interviews, seed) in reference_sizes() {
        let catalog = if questions == 0 { embedded.clone() } else { crate::testing::catalog(questions, seed) };
        let mut s = crate::testing::session(&catalog, interviews, seed);
        assert_eq!(compute(&s, &catalog), reference::compute(&s, &catalog), "{questions}/{interviews}");
        scramble_notes(&mut s, seed);
        assert_eq!(compute(&s, &catalog), reference::compute(&s, &catalog), "{questions}/{interviews} scrambled");
        // Each topic alone costs the reference a whole pass: locally an even sample of them.
        let every = if std::env::var_os("CROSSCHECK_LARGE_TESTS").is_some() { 1 } else { catalog.topics.len() / 8 + 1 };
        for t in catalog.topics.iter().step_by(every) {
            let expected = reference::topic(&s, &catalog, &t.id);
            assert_eq!(communicated(&s, &catalog, &t.id, None), expected.as_ref().map(|t| t.communicated.clone()));
            assert_eq!(topic(&s, &catalog, &t.id), expected);
        }
    }
}

/// The divergence without its evidence, as [`matrix`] gives it.
fn without_evidence(mut d: Divergence) -> Divergence {
    for t in &mut d.topics {
        t.said_not_heard.clear();
        t.communicated.voices.clear();
        t.communicated.items.clear();
        for c in &mut t.cells {
            c.heard_not_said.clear();
            c.said_not_heard.clear();
            c.items_not_received.clear();
            c.items_not_communicated.clear();
            c.received.voices.clear();
            c.received.items.clear();
            if let Some(own) = c.communicated.as_mut() {
                own.voices.clear();
                own.items.clear();
            }
        }
    }
    d
}

#[test]
fn the_matrix_is_the_computation_without_its_evidence() {
    let embedded = Catalog::embedded().unwrap();
    for (questions, interviews, seed) in [(250, 5, 1), (250, 60, 2), (2_500, 20, 3), (0, 30, 4), (0, 0, 5)] {
        let catalog = if questions == 0 { embedded.clone() } else { crate::testing::catalog(questions, seed) };
        let s = crate::testing::session(&catalog, interviews, seed);
        assert_eq!(matrix(&s, &catalog), without_evidence(compute(&s, &catalog)), "{questions}/{interviews}");
    }
    // Every kind of side: skipped, don't know, unasked, not interviewed, several interviews.
    let catalog = catalog();
    let s = session(&[
        ("product", &[("p.brief", "3|told them"), ("p.notice", "skip")]),
        ("sales", &[("s.brief", "dk"), ("s.notice", "Late")]),
        ("sales", &[("s.brief", "1"), ("s.notice", "Mid")]),
        ("operations", &[("x", "2")]),
    ]);
    assert_eq!(matrix(&s, &catalog), without_evidence(compute(&s, &catalog)));
    assert_eq!(matrix(&session(&[]), &catalog), without_evidence(compute(&session(&[]), &catalog)));
}

/// A catalog where the PM answers separately for Sales and for CS on "t.gate".
fn addressed_catalog() -> Catalog {
    let scale = |id: &str, stance: &str, to: &str| {
        format!(
            r#"{{"id": "{id}", "section": "s", "text": "?", "kind": "scale", "labels": {LABELS}, "topic": "t.gate", "stance": "{stance}"{to}}}"#
        )
    };
    let bank = |function: &str, questions: Vec<String>| {
        format!(
            r#"{{"function": "{function}", "title": "{function}", "version": "1", "sections": [{{"id": "s", "title": "S"}}],
                "questions": [{}]}}"#,
            questions.join(",")
        )
    };
    let files = vec![
        ("topics.json".to_string(), r#"{"version": "1", "topics": [{"id": "t.gate", "title": "Gate"}]}"#.to_string()),
        (
            "product.json".into(),
            bank(
                "product",
                vec![
                    scale("p.gate-sales", "communicated", r#", "to": ["sales"]"#),
                    scale("p.gate-cs", "communicated", r#", "to": ["customer-success"]"#),
                ],
            ),
        ),
        ("sales.json".into(), bank("sales", vec![scale("s.gate", "received", "")])),
        ("cs.json".into(), bank("customer-success", vec![scale("c.gate", "received", "")])),
    ];
    Catalog::from_files(files, BankSource::Embedded).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_receiver_is_compared_with_what_was_communicated_to_it() {
    let catalog = addressed_catalog();
    let s = session(&[
        ("product", &[("p.gate-sales", "4|Sales signed the checklist"), ("p.gate-cs", "1|CS was not asked")]),
        ("sales", &[("s.gate", "1|Nobody checked with us")]),
        ("customer-success", &[("c.gate", "1|We were not asked")]),
    ]);
    let d = compute(&s, &catalog);
    let t = &d.topics[0];
    let sales = t.cell("sales").unwrap();
    let cs = t.cell("customer-success").unwrap();
    // Sales against what was communicated to Sales (4 − 1), CS against the one for CS (1 − 1).
    assert_eq!((sales.gap.map(|g| g * 4.0), cs.gap.map(|g| g * 4.0)), (Some(3.0), Some(0.0)));
    assert_eq!(sales.verdict, Verdict::OverStated { major: true });
    assert_eq!(cs.verdict, Verdict::AgreedWeakness);
    // The topic's communicated side is the first addressed one: Sales is compared with it, and
    // its cell says so.
    assert!(sales.addressed, "its claim is addressed to it, though it also stands for the topic");
    assert_eq!(sales.communicated.as_ref().map(|c| c.voices[0].question_id.as_str()), Some("p.gate-sales"));
    assert!(cs.addressed);
    let own = cs.communicated.as_ref().expect("CS has a communicated side of its own");
    assert_eq!(own.voices[0].question_id, "p.gate-cs");
    assert_eq!(t.communicated_for(cs).score, Some(0.25));
    assert!(t.said_not_heard_by(sales).iter().any(|w| w.contains("checklist")), "{:?}", t.said_not_heard);
    assert!(
        !t.said_not_heard.iter().any(|w| w.contains("asked")),
        "CS's communicated side is not the topic's: {:?}",
        t.said_not_heard
    );
    assert_eq!(d, reference::compute(&s, &catalog));
    assert_eq!(matrix(&s, &catalog), without_evidence(d.clone()));
    // The comparison under CS's answer is with what was communicated to CS.
    let for_cs = communicated(&s, &catalog, "t.gate", Some("customer-success")).unwrap();
    assert_eq!(for_cs.voices[0].question_id, "p.gate-cs");
    assert_eq!(communicated(&s, &catalog, "t.gate", None).unwrap().voices[0].question_id, "p.gate-sales");
}

#[test]
fn what_was_said_to_one_receiver_is_not_counted_as_said_to_another() {
    // The PM's notes on the row for CS are not what Sales was told, though Sales' row stands
    // for the topic: "runbook" was never said to Sales, so Sales cannot have failed to hear it.
    let catalog = addressed_catalog();
    let s = session(&[
        ("product", &[("p.gate-sales", "4|Sales got the battlecard"), ("p.gate-cs", "1|The support runbook slipped")]),
        ("sales", &[("s.gate", "1|Nothing reached us")]),
        ("customer-success", &[("c.gate", "1|No runbook yet")]),
    ]);
    let d = compute(&s, &catalog);
    let t = &d.topics[0];
    let sales = t.said_not_heard_by(t.cell("sales").unwrap());
    assert!(sales.iter().any(|w| w.contains("battlecard")), "{sales:?}");
    assert!(!sales.iter().any(|w| w.contains("runbook") || w.contains("support")), "{sales:?}");
    let cs = t.said_not_heard_by(t.cell("customer-success").unwrap());
    assert!(!cs.iter().any(|w| w.contains("battlecard")), "{cs:?}");
    assert_eq!(d, reference::compute(&s, &catalog));
}

#[test]
fn agreement_that_nothing_was_done_never_looks_good() {
    // Everyone agrees the briefing barely happened: no gap, and a low readiness beside it.
    let s = session(&[
        ("product", &[("p.brief", "1")]),
        ("sales", &[("s.brief", "1")]),
        ("customer-success", &[("c.brief", "0")]),
    ]);
    let d = compute(&s, &catalog());
    assert_eq!(d.gap_index.map(|g| g.round()), Some(13.0));
    assert_eq!((d.readiness.map(|r| r.round()), d.levels_received), (Some(13.0), 2));
    let t = brief(&d);
    assert!(t.agreed_weakness());
    assert_eq!(t.cell("sales").unwrap().label(), "1.0 = 0.0 ✗");
    // A receiver's level shows even with nothing communicated to compare with.
    let s = session(&[("sales", &[("s.brief", "3")])]);
    let d = compute(&s, &catalog());
    // Why there is nothing to compare with is said: Product was not interviewed.
    assert_eq!(brief(&d).cell("sales").unwrap().label(), "3.0 ? claimant not interviewed");
    assert_eq!((d.gap_index, d.readiness.map(|r| r.round())), (None, Some(75.0)));
    // A receiver never interviewed says so, not that a claim is missing.
    assert_eq!(brief(&d).cell("customer-success").unwrap().label(), "? not yet");
    let s = session(&[("product", &[("p.notice", "2")]), ("sales", &[("s.brief", "3")])]);
    assert_eq!(brief(&compute(&s, &catalog())).cell("sales").unwrap().label(), "3.0 ? no claim");
}

#[test]
fn a_multi_pair_compares_item_by_item() {
    let multi = |id: &str, stance: &str| {
        format!(
            r#"{{"id": "{id}", "section": "s", "text": "?", "kind": "multi", "topic": "t.assets", "stance": "{stance}",
                "options": [{{"label": "FAQ"}}, {{"label": "Deck"}}, {{"label": "Demo"}}, {{"label": "Pricing note"}}, {{"label": "None of these", "score": 0}}]}}"#
        )
    };
    let bank = |function: &str, q: String| {
        format!(
            r#"{{"function": "{function}", "title": "{function}", "version": "1", "sections": [{{"id": "s", "title": "S"}}], "questions": [{q}]}}"#
        )
    };
    let files = vec![
        (
            "topics.json".to_string(),
            r#"{"version": "1", "topics": [{"id": "t.assets", "title": "Assets"}]}"#.to_string(),
        ),
        ("product.json".into(), bank("product", multi("p.assets", "communicated"))),
        ("sales.json".into(), bank("sales", multi("s.assets", "received"))),
    ];
    let catalog = Catalog::from_files(files, BankSource::Embedded).unwrap_or_else(|e| panic!("{e}"));
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let mut s = Session::new("s".into(), "Org".into(), None, now);
    let tick = |s: &mut Session, function: &str, id: &str, items: &[&str]| {
        let i = s.add_interview(function, "1", now);
        let options = items.iter().map(|o| o.to_string()).collect();
        s.interviews[i].answer_mut(id).set_value(AnswerValue::Multi { options }, now);
    };
    tick(&mut s, "product", "p.assets", &["FAQ", "Deck", "Pricing note"]);
    tick(&mut s, "sales", "s.assets", &["Deck"]);
    tick(&mut s, "sales", "s.assets", &["Demo", "None of these"]);
    let d = compute(&s, &catalog);
    let c = &d.topics[0].cells[0];
    // Communicated: 3 of 4 items; Sales, over two interviews: 1 and 1 of 4 → a 2-point gap.
    assert_eq!(c.gap_points, Some(2.0));
    assert_eq!(c.items_not_received, ["FAQ", "Pricing note"]);
    assert_eq!(c.items_not_communicated, ["Demo"]);
    assert_eq!(d, reference::compute(&s, &catalog));
    assert_eq!(matrix(&s, &catalog), without_evidence(d));
}

#[test]
fn each_voice_says_what_it_answers_for() {
    let scale = |id: &str, stance: &str| {
        format!(
            r#"{{"id": "{id}", "section": "s", "text": "?", "kind": "scale", "labels": {LABELS}, "topic": "t.gate", "stance": "{stance}"}}"#
        )
    };
    let anchor = |id: &str| {
        format!(r#"{{"id": "{id}", "section": "s", "text": "Which release?", "kind": "text", "anchor": true}}"#)
    };
    let bank = |function: &str, questions: Vec<String>| {
        format!(
            r#"{{"function": "{function}", "title": "{function}", "version": "1", "sections": [{{"id": "s", "title": "S"}}], "questions": [{}]}}"#,
            questions.join(",")
        )
    };
    let files = vec![
        ("topics.json".to_string(), r#"{"version": "1", "topics": [{"id": "t.gate", "title": "Gate"}]}"#.to_string()),
        ("engineering.json".into(), bank("engineering", vec![anchor("e.release"), scale("e.gate", "communicated")])),
        ("operations.json".into(), bank("operations", vec![anchor("o.release"), scale("o.gate", "received")])),
    ];
    let catalog = Catalog::from_files(files, BankSource::Embedded).unwrap_or_else(|e| panic!("{e}"));
    let s = session(&[
        ("engineering", &[("e.release", "|Billing 4.2,\n  live 1 October"), ("e.gate", "3")]),
        ("operations", &[("o.release", "|Billing 4.1"), ("o.gate", "1")]),
    ]);
    let d = compute(&s, &catalog);
    let t = &d.topics[0];
    assert_eq!(t.communicated.voices[0].case.as_deref(), Some("Billing 4.2, live 1 October"));
    assert_eq!(t.cells[0].received.voices[0].case.as_deref(), Some("Billing 4.1"));
    assert_eq!(d, reference::compute(&s, &catalog));
}

#[test]
fn a_shared_fact_agrees_or_disagrees_and_is_not_in_the_headline() {
    let scale = |id: &str, topic: &str, stance: &str| {
        format!(
            r#"{{"id": "{id}", "section": "s", "text": "?", "kind": "scale", "labels": {LABELS}, "topic": "{topic}", "stance": "{stance}"}}"#
        )
    };
    let bank = |function: &str, questions: Vec<String>| {
        format!(
            r#"{{"function": "{function}", "title": "{function}", "version": "1", "sections": [{{"id": "s", "title": "S"}}],
                "questions": [{}]}}"#,
            questions.join(",")
        )
    };
    let topics =
        r#"{"version": "1", "topics": [{"id": "t.brief", "title": "Brief"}, {"id": "t.docs", "title": "Docs"}]}"#;
    let files = vec![
        ("topics.json".to_string(), topics.to_string()),
        (
            "product.json".into(),
            bank("product", vec![scale("p.brief", "t.brief", "communicated"), scale("p.docs", "t.docs", "shared")]),
        ),
        (
            "sales.json".into(),
            bank("sales", vec![scale("s.brief", "t.brief", "received"), scale("s.docs", "t.docs", "shared")]),
        ),
    ];
    let catalog = Catalog::from_files(files, BankSource::Embedded).unwrap_or_else(|e| panic!("{e}"));
    let s = session(&[
        ("product", &[("p.brief", "3|Briefed them"), ("p.docs", "4|Docs were complete")]),
        ("sales", &[("s.brief", "2"), ("s.docs", "1|Half the pages were missing")]),
    ]);
    let d = compute(&s, &catalog);
    let docs = d.topics.iter().find(|t| t.topic == "t.docs").unwrap();
    assert!(docs.shared_fact);
    let cell = docs.cell("sales").unwrap();
    assert_eq!(cell.verdict, Verdict::Disagree { major: true }, "a fact is disagreed on, never over-stated");
    assert_eq!(cell.short_label(), "×× 3.0");
    // The headline reads the briefing alone: a one-point gap, Sales at 2.
    assert_eq!(d.cells_compared, 1);
    assert_eq!(d.gap_index.map(|g| g.round()), Some(25.0));
    assert_eq!(d.readiness.map(|r| r.round()), Some(50.0));
    assert_eq!(d, reference::compute(&s, &catalog));
    assert_eq!(matrix(&s, &catalog), without_evidence(d.clone()));
}

#[test]
fn an_account_from_someone_not_involved_is_shown_and_never_averaged() {
    use crate::session::Involvement;
    let mut s = session(&[
        ("product", &[("p.brief", "4")]),
        ("sales", &[("s.brief", "3|Got the deck")]),
        ("sales", &[("s.brief", "0|Never heard of it")]),
        ("customer-success", &[("c.brief", "1")]),
    ]);
    s.interviews[2].involvement = Some(Involvement::NotInvolved);
    s.interviews[1].product_in_room = Some(true);
    s.interviews[3].involvement = Some(Involvement::NotInvolved);
    let catalog = catalog();
    let d = compute(&s, &catalog);
    let t = brief(&d);
    let sales = t.cell("sales").unwrap();
    // Sales is the involved account alone (3), the other shown and counted apart.
    assert_eq!(sales.received.points(), Some(3.0));
    assert_eq!((sales.received.not_involved, sales.received.product_in_room), (1, 1));
    assert_eq!(sales.received.voices.len(), 2, "both accounts are shown");
    assert!(sales.label().ends_with(" *"), "{}", sales.label());
    let conditions = sales.received.conditions().unwrap();
    assert_eq!(conditions, "1 given with Product in the room; 1 from someone not involved in the launch, left out");
    // CS's only account is from someone not involved: no score, and it says why.
    let cs = t.cell("customer-success").unwrap();
    assert_eq!((cs.received.score, cs.received.unknown), (None, Some(Unknown::NotInvolved)));
    assert_eq!(cs.verdict, Verdict::Unknown { communicated_missing: false });
    assert_eq!(d, reference::compute(&s, &catalog));
    assert_eq!(matrix(&s, &catalog), without_evidence(d.clone()));
}

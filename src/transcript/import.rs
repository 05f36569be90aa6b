//! A transcript back into a session: every value it records comes back, so exporting the
//! session again gives the same transcript (apart from `exported_at`). The question texts,
//! progress, divergence and diagnosis are read from the banks in force on export, not kept:
//! an answer to a question those banks do not have is kept as it was (`in_bank: false`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{ConflictRecord, Given, InterviewRecord, Transcript, TranscriptError};
use crate::problem::locate::{self, Step};
use crate::session::{Answer, Conflict, Interview, Session};

/// Where in the transcript's text a value is, to point at it when it cannot be read.
struct At<'a> {
    name: &'a str,
    text: &'a str,
}

impl At<'_> {
    fn time(&self, value: &str, path: &[Step]) -> Result<DateTime<Utc>, TranscriptError> {
        DateTime::parse_from_rfc3339(value).map(|t| t.with_timezone(&Utc)).map_err(|e| {
            let at = locate::locate(self.text, path, false);
            TranscriptError::Malformed(
                self.name.into(),
                at.line,
                at.column,
                format!("\"{value}\" is not a time (RFC 3339, e.g. 2026-11-24T09:30:00Z): {e}"),
            )
        })
    }

    fn maybe_time(&self, value: Option<&str>, path: &[Step]) -> Result<Option<DateTime<Utc>>, TranscriptError> {
        value.map(|v| self.time(v, path)).transpose()
    }

    fn clock(&self, value: &str, path: &[Step]) -> Result<u64, TranscriptError> {
        let parts: Option<Vec<u64>> = value.split(':').map(|p| p.parse().ok()).collect();
        match parts.as_deref() {
            Some([m, s]) if *s < 60 => Ok(m * 60 + s),
            Some([h, m, s]) if *m < 60 && *s < 60 => Ok(h * 3600 + m * 60 + s),
            _ => {
                let at = locate::locate(self.text, path, false);
                Err(TranscriptError::Malformed(
                    self.name.into(),
                    at.line,
                    at.column,
                    format!("\"{value}\" is not an interview clock (mm:ss or h:mm:ss)"),
                ))
            }
        }
    }
}

/// The parts of a transcript a session is made of; the divergence and diagnosis are computed
/// again from the answers, so they are skipped rather than read.
#[derive(serde::Deserialize)]
struct Recorded {
    session: super::SessionInfo,
    interviews: Vec<InterviewRecord>,
}

/// The session the transcript `text` (named `name` in messages) records: [`to_session`]
/// without building the parts it does not need.
pub fn read(name: &str, text: &str) -> Result<Session, TranscriptError> {
    super::check_head(name, text)?;
    super::known::refuse_unknown(name, text)?;
    let recorded: Recorded = serde_json::from_str(text).map_err(|e| super::malformed(name, e))?;
    build_session(&At { name, text }, recorded.session, recorded.interviews)
}

fn key(k: &str) -> Step {
    Step::Key(k.into())
}

/// The session `transcript` (read from `text`, named `name` in messages) records.
pub fn to_session(name: &str, text: &str, t: &Transcript) -> Result<Session, TranscriptError> {
    super::known::refuse_unknown(name, text)?;
    build_session(&At { name, text }, t.session.clone(), t.interviews.clone())
}

fn build_session(at: &At, info: super::SessionInfo, records: Vec<InterviewRecord>) -> Result<Session, TranscriptError> {
    let mut interviews = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        interviews.push(interview(at, i, record)?);
    }
    Ok(Session {
        created_at: at.time(&info.created_at, &[key("session"), key("created_at")])?,
        updated_at: at.time(&info.updated_at, &[key("session"), key("updated_at")])?,
        id: info.id,
        engagement: info.engagement,
        follows: info.follows,
        organisation: info.organisation,
        interviewer: info.interviewer,
        language: info.language,
        launch: info.launch,
        scope: info.scope,
        recommendations: info.recommendations,
        recommendation_conflicts: info.recommendation_conflicts,
        interviews,
    })
}

fn interview(at: &At, i: usize, r: &InterviewRecord) -> Result<Interview, TranscriptError> {
    let path = |k: &str| [key("interviews"), Step::Index(i), key(k)];
    let mut answers = BTreeMap::new();
    for (j, a) in r.answers.iter().enumerate() {
        let answer = answer(at, &[key("interviews"), Step::Index(i), key("answers"), Step::Index(j)], &a.given)?;
        // A question never asked is written out for completeness; it holds nothing to keep.
        if answer != Answer::default() {
            answers.insert(a.question_id.clone(), answer);
        }
    }
    let mut conflicts = Vec::with_capacity(r.conflicts.len());
    for (j, c) in r.conflicts.iter().enumerate() {
        conflicts.push(conflict(at, &[key("interviews"), Step::Index(i), key("conflicts"), Step::Index(j)], c)?);
    }
    Ok(Interview {
        id: r.id.clone(),
        function: r.function.clone(),
        interviewer: r.interviewer.clone(),
        interviewee: r.interviewee.clone(),
        role: r.role.clone(),
        bank_version: r.bank_version.clone(),
        started_at: at.time(&r.started_at, &path("started_at"))?,
        elapsed_seconds: r.elapsed_seconds,
        budget_minutes: r.budget_minutes,
        involvement: r.involvement,
        product_in_room: r.product_in_room,
        quote_consent: r.quote_consent,
        second_capture_of: r.second_capture_of.clone(),
        updated_at: at.maybe_time(r.updated_at.as_deref(), &path("updated_at"))?,
        answers,
        conflicts,
        claims: r.claims.clone(),
        checks: r.checks.clone(),
        claim_conflicts: r.claim_conflicts.clone(),
        check_conflicts: r.check_conflicts.clone(),
    })
}

fn answer(at: &At, path: &[Step], g: &Given) -> Result<Answer, TranscriptError> {
    let field = |k: &str| [path, &[key(k)]].concat();
    let mut notes_marks = Vec::with_capacity(g.notes_at.len());
    for (n, mark) in g.notes_at.iter().enumerate() {
        notes_marks.push(at.clock(mark, &[path, &[key("notes_at"), Step::Index(n)]].concat())?);
    }
    Ok(Answer {
        state: g.state,
        value: g.value.clone(),
        notes: g.notes.clone(),
        flags: g.flags.clone(),
        answered_at: at.maybe_time(g.answered_at.as_deref(), &field("answered_at"))?,
        edited_at: at.maybe_time(g.edited_at.as_deref(), &field("edited_at"))?,
        edited_by: g.edited_by.clone(),
        notes_marks,
        source: g.source,
        sent_by: g.sent_by,
        revision: g.revision.clone(),
    })
}

fn conflict(at: &At, path: &[Step], c: &ConflictRecord) -> Result<Conflict, TranscriptError> {
    Ok(Conflict {
        question: c.question_id.clone(),
        answer: answer(at, path, &c.given)?,
        settled_at: at.maybe_time(c.settled_at.as_deref(), &[path, &[key("settled_at")]].concat())?,
        settled_by: c.settled_by.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Catalog;
    use crate::transcript::{build, parse, to_json};
    use proptest::prelude::*;

    /// `export(import(t)) == t`, apart from the time of export.
    fn round_trips(session: &Session, catalog: &Catalog) -> Result<(), TestCaseError> {
        let now = Utc::now();
        let first = to_json(&build(session, catalog, now));
        let read = parse("t.json", &first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let imported = to_session("t.json", &first, &read).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again = to_json(&build(&imported, catalog, now));
        prop_assert_eq!(first, again);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn a_transcript_comes_back_whole(seed in any::<u64>(), interviews in 0usize..7, conflicted in any::<bool>()) {
            let catalog = Catalog::embedded().unwrap();
            let mut session = crate::testing::session(&catalog, interviews, seed);
            if conflicted && let Some(first) = session.interviews.first_mut() {
                // A merge's leftovers, settled and not, and an answer to a retired question.
                let (question, mut answer) = first.answers.iter().next().map(|(q, a)| (q.clone(), a.clone())).unwrap_or_default();
                answer.notes.push_str(" — said otherwise on the other laptop");
                answer.edited_by = Some("Sam Osei".into());
                first.conflicts.push(Conflict { question: question.clone(), answer: answer.clone(), settled_at: None, settled_by: None });
                first.conflicts.push(Conflict { question, answer, settled_at: Some(session.created_at), settled_by: Some("Kim".into()) });
                first.answer_mut("sales.retired").notes = "kept as written".into();
                first.updated_at = Some(session.created_at);
            }
            // Half the engagements have named their launch in view and how their interviews were held.
            if seed % 2 == 0 {
                session.launch = Some(crate::session::Launch::parse("Flex pricing", "2026-10-06", "2026.10").unwrap());
                for (k, i) in session.interviews.iter_mut().enumerate() {
                    i.involvement = crate::session::Involvement::after(None).filter(|_| k % 2 == 0);
                    i.product_in_room = Some(k % 3 == 0);
                }
            }
            round_trips(&session, &catalog)?;
        }
    }

    #[test]
    fn a_bad_time_is_named_with_its_position() {
        let catalog = Catalog::embedded().unwrap();
        let session = crate::testing::session(&catalog, 1, 7);
        let text = to_json(&build(&session, &catalog, Utc::now()));
        let t = parse("t.json", &text).unwrap();
        let started = &t.interviews[0].started_at;
        let broken = text.replacen(started.as_str(), "yesterday", 1);
        let err = to_session("t.json", &broken, &parse("t.json", &broken).unwrap()).unwrap_err().to_string();
        let line = broken.lines().position(|l| l.contains("\"yesterday\"")).unwrap() + 1;
        assert!(err.starts_with(&format!("t.json:{line}:")), "{err}");
        assert!(err.contains("not a time"), "{err}");
    }
}

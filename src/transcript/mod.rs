//! The self-contained JSON transcript of a session: every answer carries its question, so the
//! file reads without the bank.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::bank::{Bank, Catalog, ChoiceOption, Kind, Question, Stance};
use crate::divergence::Divergence;
use crate::session::{
    Answer, AnswerState, AnswerValue, Check, Claim, Conflict, Disputed, Flags, Interview, Revision, Session, Source,
};

mod import;
mod known;

pub use import::{read, to_session};

pub const TRANSCRIPT_FORMAT: &str = "crosscheck-transcript";
pub const TRANSCRIPT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub format: String,
    pub version: u32,
    pub generator: String,
    pub exported_at: String,
    pub session: SessionInfo,
    pub banks: Vec<BankInfo>,
    pub interviews: Vec<InterviewRecord>,
    /// What was said to be communicated against what was received, per topic and function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divergence: Option<Divergence>,
    /// The method's readings of the evidence together, each with the answers it rests on
    /// (computed again from the answers on import, so kept as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<serde_json::Value>,
    /// Every claim that stands and how it stands with each function it concerns, as
    /// `crosscheck claims --json` prints it (computed again from the interviews' claims and
    /// checks on import, so not read back); absent when no claim stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<crate::claims::Entry>>,
    /// How far two captures of one conversation agree, as `crosscheck agreement --json` prints
    /// it (computed again on import, so kept as written); absent when no interview is marked as
    /// a second capture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    /// Shared by every interviewer's copy of the engagement; absent for sessions older than it
    /// (their id is their engagement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
    pub organisation: String,
    pub interviewer: Option<String>,
    /// The language the notes are in (ISO 639-1); transcripts written before it existed are
    /// in English.
    #[serde(default = "english")]
    pub language: String,
    /// The launch every interview is about; absent until named, and in transcripts older than it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch: Option<crate::session::Launch>,
    /// The pillars the engagement covers; Operations alone when absent (and in older
    /// transcripts).
    #[serde(default, skip_serializing_if = "crate::bank::Scope::is_default")]
    pub scope: crate::bank::Scope,
    pub created_at: String,
    pub updated_at: String,
    /// What to change: the lead consultant's recommendations, withdrawn ones included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<crate::session::Recommendation>,
    /// Other versions of them a merge kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendation_conflicts: Vec<crate::session::Disputed<crate::session::Recommendation>>,
}

fn english() -> String {
    crate::divergence::language::DEFAULT.to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BankInfo {
    pub function: String,
    pub title: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewRecord {
    pub id: String,
    pub function: String,
    /// Who captured the interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
    pub interviewee: Option<String>,
    pub role: Option<String>,
    pub bank_version: String,
    pub started_at: String,
    pub elapsed_seconds: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub involvement: Option<crate::session::Involvement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_in_room: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_consent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_capture_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    pub progress: Progress,
    pub answers: Vec<AnswerRecord>,
    /// The values another interviewer's later edit replaced when copies were merged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<ConflictRecord>,
    /// Claims made in this interview, withdrawn ones included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// Other interviews' claims put to this interviewee, and what they said.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Other versions of the claims, edited beside the ones kept when copies were merged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claim_conflicts: Vec<Disputed<Claim>>,
    /// Other versions of the checks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_conflicts: Vec<Disputed<Check>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Progress {
    pub questions: usize,
    pub answered: usize,
    pub skipped: usize,
    pub dont_know: usize,
    pub not_asked: usize,
}

/// One question and what was said to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub question_id: String,
    /// False when the session holds an answer to a question its bank no longer has; the answer
    /// is kept rather than dropped.
    pub in_bank: bool,
    /// The bank retired the question: `text` is the one it was asked in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
    pub section: Option<String>,
    pub text: Option<String>,
    pub kind: Option<Kind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub topic: Option<String>,
    pub stance: Option<Stance>,
    #[serde(flatten)]
    pub given: Given,
}

/// What was said, as an answer or as a value that lost in a merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Given {
    pub state: AnswerState,
    pub value: Option<AnswerValue>,
    pub value_text: Option<String>,
    /// The value on the 0..1 scale used for divergence, when it has one.
    pub normalised: Option<f64>,
    pub notes: String,
    /// The interview clock at each visit to the notes that changed them ("mm:ss").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes_at: Vec<String>,
    pub flags: Flags,
    /// Where a figure came from, when the interviewer recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// On a received question, who it reached the interviewee from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<crate::session::Sender>,
    pub answered_at: Option<String>,
    pub edited_at: Option<String>,
    /// Who made the last edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_by: Option<String>,
    /// The edits the value descends from, so a merge of this transcript tells a later edit
    /// from one made beside it.
    #[serde(default, skip_serializing_if = "Revision::is_empty")]
    pub revision: Revision,
}

/// A value of an answer that another interviewer's later edit replaced in a merge: kept, to
/// review and choose between.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictRecord {
    pub question_id: String,
    /// Still to review: no one has chosen between it and the answer kept.
    pub open: bool,
    #[serde(flatten)]
    pub given: Given,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_by: Option<String>,
}

/// "mm:ss", or "h:mm:ss" past the hour.
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m:02}:{s:02}") }
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Builds the transcript of `session`, with every question of each interview's bank in order.
pub fn build(session: &Session, catalog: &Catalog, now: DateTime<Utc>) -> Transcript {
    let scoped = catalog.in_scope(&session.scope);
    let mut banks: Vec<BankInfo> = Vec::new();
    for interview in &session.interviews {
        if let Some(b) = catalog.bank(&interview.function)
            && !banks.iter().any(|x| x.function == b.function)
        {
            banks.push(BankInfo { function: b.function.clone(), title: b.title.clone(), version: b.version.clone() });
        }
    }
    Transcript {
        format: TRANSCRIPT_FORMAT.into(),
        version: TRANSCRIPT_VERSION,
        generator: format!("crosscheck {}", env!("CARGO_PKG_VERSION")),
        exported_at: rfc3339(now),
        session: SessionInfo {
            id: session.id.clone(),
            engagement: session.engagement.clone(),
            follows: session.follows.clone(),
            organisation: session.organisation.clone(),
            interviewer: session.interviewer.clone(),
            language: session.language.clone(),
            launch: session.launch.clone(),
            scope: session.scope.clone(),
            created_at: rfc3339(session.created_at),
            updated_at: rfc3339(session.last_changed()),
            recommendations: session.recommendations.clone(),
            recommendation_conflicts: session.recommendation_conflicts.clone(),
        },
        banks,
        interviews: session.interviews.iter().map(|i| interview_record(i, catalog, &session.case_text())).collect(),
        // Every answer is recorded (above); what is read from them covers the scope.
        divergence: Some(crate::divergence::compute(session, &scoped)),
        diagnosis: serde_json::to_value(crate::diagnosis::diagnose(session, &scoped)).ok(),
        claims: Some(crate::claims::ledger(session, catalog)).filter(|l| !l.is_empty()),
        agreement: Some(crate::agreement::compute(session, catalog))
            .filter(|a| !a.pairs.is_empty() || !a.unpaired.is_empty())
            .and_then(|a| serde_json::to_value(a).ok()),
    }
}

fn interview_record(interview: &Interview, catalog: &Catalog, case: &crate::session::CaseText) -> InterviewRecord {
    let mut answers = Vec::new();
    let mut progress = Progress::default();
    let empty = Answer::default();
    let bank = catalog.bank(&interview.function);
    for q in bank.map(|b| b.questions.as_slice()).unwrap_or_default() {
        let a = interview.answer(&q.id).unwrap_or(&empty);
        progress.questions += 1;
        match a.state {
            AnswerState::Answered => progress.answered += 1,
            AnswerState::Skipped => progress.skipped += 1,
            AnswerState::DontKnow => progress.dont_know += 1,
            AnswerState::NotAsked => progress.not_asked += 1,
        }
        answers.push(answer_record(&q.id, a, bank.map(|b| (b, q)), None, case));
    }
    // Answers to questions the bank in force no longer has are kept, as they were given.
    for (id, a) in &interview.answers {
        if bank.is_none_or(|b| b.question(id).is_none()) {
            answers.push(answer_record(id, a, None, bank.and_then(|b| b.retired(id)), case));
        }
    }
    let conflicts =
        interview.conflicts.iter().map(|c| conflict_record(c, bank.and_then(|b| b.question(&c.question)))).collect();
    InterviewRecord {
        id: interview.id.clone(),
        function: interview.function.clone(),
        interviewer: interview.interviewer.clone(),
        interviewee: interview.interviewee.clone(),
        role: interview.role.clone(),
        bank_version: interview.bank_version.clone(),
        started_at: rfc3339(interview.started_at),
        elapsed_seconds: interview.elapsed_seconds,
        budget_minutes: interview.budget_minutes,
        involvement: interview.involvement,
        product_in_room: interview.product_in_room,
        quote_consent: interview.quote_consent,
        second_capture_of: interview.second_capture_of.clone(),
        updated_at: interview.updated_at.map(rfc3339),
        progress,
        answers,
        conflicts,
        claims: interview.claims.clone(),
        checks: interview.checks.clone(),
        claim_conflicts: interview.claim_conflicts.clone(),
        check_conflicts: interview.check_conflicts.clone(),
    }
}

fn conflict_record(c: &Conflict, question: Option<&Question>) -> ConflictRecord {
    ConflictRecord {
        question_id: c.question.clone(),
        open: c.open(),
        given: given(&c.answer, question),
        settled_at: c.settled_at.map(rfc3339),
        settled_by: c.settled_by.clone(),
    }
}

/// An answer's values as written, read with its question when the bank has it.
fn given(a: &Answer, q: Option<&Question>) -> Given {
    Given {
        state: a.state,
        value: a.value.clone(),
        value_text: q.and_then(|q| a.value_text(q)),
        normalised: q.and_then(|q| a.normalised(q)),
        notes: a.notes.clone(),
        notes_at: a.notes_marks.iter().map(|m| clock(*m)).collect(),
        flags: a.flags.clone(),
        source: a.source,
        sent_by: a.sent_by,
        answered_at: a.answered_at.map(rfc3339),
        edited_at: a.edited_at.map(rfc3339),
        edited_by: a.edited_by.clone(),
        revision: a.revision.clone(),
    }
}

/// One answer as recorded, with its question's text (as asked: the launch in view filled in)
/// and scale when it is in the bank in force (`question`), else as given (`in_bank: false`).
fn answer_record(
    id: &str,
    a: &Answer,
    question: Option<(&Bank, &Question)>,
    retired: Option<&crate::bank::Retired>,
    case: &crate::session::CaseText,
) -> AnswerRecord {
    let q = question.map(|(_, q)| q);
    let retired = if q.is_none() { retired } else { None };
    let asked = q.map(|q| &q.text).or(retired.map(|r| &r.text));
    AnswerRecord {
        question_id: id.to_string(),
        in_bank: q.is_some(),
        retired: retired.is_some(),
        section: question.and_then(|(b, q)| b.section(&q.section)).map(|s| s.title.clone()),
        text: asked.map(|text| crate::bank::fill(text, &case.case()).into_owned()),
        kind: q.map(|q| q.kind),
        labels: q.filter(|q| q.kind == Kind::Scale).map(|q| q.scale_labels().iter().map(|s| s.to_string()).collect()),
        options: q.map(|q| q.options.clone()).unwrap_or_default(),
        unit: q.and_then(|q| q.unit.clone()),
        topic: q.and_then(|q| q.topic.clone()),
        stance: q.and_then(|q| q.stance),
        given: given(a, q),
    }
}

/// The transcript as pretty JSON; control characters are `\u` escapes, so the file is safe to
/// print to a terminal and reads back the same.
pub fn to_json(t: &Transcript) -> String {
    let mut s = crate::sanitize::to_json_pretty(t).unwrap_or_default();
    s.push('\n');
    s
}

#[derive(Debug, thiserror::Error)]
pub enum TranscriptError {
    #[error("{0}:{1}:{2}: not a transcript: {3}")]
    Malformed(String, usize, usize, String),
    #[error("{0}: not a crosscheck transcript (\"format\" is not \"{TRANSCRIPT_FORMAT}\")")]
    WrongFormat(String),
    #[error(
        "{0}: transcript version {1} is newer than this crosscheck reads ({TRANSCRIPT_VERSION}); upgrade crosscheck"
    )]
    FutureVersion(String, u64),
}

/// Refuses other formats and newer versions before the body is read.
pub(crate) fn check_head(name: &str, text: &str) -> Result<(), TranscriptError> {
    // Only the envelope's two fields are built; everything else is skipped.
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| malformed(name, e))?;
    if head.format.as_ref().and_then(|f| f.as_str()) != Some(TRANSCRIPT_FORMAT) {
        return Err(TranscriptError::WrongFormat(name.into()));
    }
    if let Some(v) = head.version.as_ref().and_then(|v| v.as_u64())
        && v > u64::from(TRANSCRIPT_VERSION)
    {
        return Err(TranscriptError::FutureVersion(name.into(), v));
    }
    Ok(())
}

/// A transcript's problem at the position serde reports.
pub(crate) fn malformed(name: &str, e: serde_json::Error) -> TranscriptError {
    TranscriptError::Malformed(
        name.into(),
        e.line().max(1),
        e.column().max(1),
        e.to_string().split(" at line ").next().unwrap_or_default().into(),
    )
}

/// Reads a transcript, rejecting other formats and unknown major versions with a clear message.
pub fn parse(name: &str, text: &str) -> Result<Transcript, TranscriptError> {
    let malformed = |e: serde_json::Error| {
        TranscriptError::Malformed(
            name.into(),
            e.line().max(1),
            e.column().max(1),
            e.to_string().split(" at line ").next().unwrap_or_default().into(),
        )
    };
    check_head(name, text)?;
    serde_json::from_str(text).map_err(malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_was_updated_when_an_interview_was_added() {
        let catalog = Catalog::embedded().unwrap();
        let created = Utc::now();
        let mut s = Session::new("20261124-acme-0001".into(), "Acme".into(), None, created);
        let later = created + chrono::Duration::minutes(30);
        s.add_interview("sales", &catalog.bank("sales").unwrap().version, later);
        assert_eq!(s.updated_at, created, "the session's own file is not rewritten");
        assert_eq!(build(&s, &catalog, later).session.updated_at, rfc3339(later));
    }

    fn sample(catalog: &Catalog) -> Session {
        let now = Utc::now();
        let mut s = Session::new("20261124-acme-0001".into(), "Acme".into(), None, now);
        let i = s.add_interview("sales", &catalog.bank("sales").unwrap().version, now);
        let q = &catalog.bank("sales").unwrap().questions[0];
        s.interviews[i].answer_mut(&q.id).notes = "verbatim".into();
        s.interviews[i].answer_mut(&q.id).state = AnswerState::Skipped;
        s.interviews[i].answer_mut("sales.retired-question").set_value(AnswerValue::Number { value: 3.0 }, now);
        s
    }

    #[test]
    fn carries_every_question_and_keeps_orphans() {
        let catalog = Catalog::embedded().unwrap();
        let s = sample(&catalog);
        let t = build(&s, &catalog, Utc::now());
        let n = catalog.bank("sales").unwrap().questions.len();
        assert_eq!(t.interviews[0].answers.len(), n + 1);
        assert_eq!(t.interviews[0].progress.skipped, 1);
        assert_eq!(t.interviews[0].answers[0].given.notes, "verbatim");
        let orphan = t.interviews[0].answers.last().unwrap();
        assert!(!orphan.in_bank && !orphan.retired && orphan.question_id == "sales.retired-question");
        assert_eq!(orphan.text, None, "no bank knows the words it was asked in");
    }

    #[test]
    fn an_answer_to_a_retired_question_keeps_the_words_it_was_asked_in() {
        let catalog = Catalog::embedded().unwrap();
        let mut s = sample(&catalog);
        let now = Utc::now();
        s.interviews[0].answer_mut("sales.documentation").set_value(AnswerValue::Scale { value: 2 }, now);
        let t = build(&s, &catalog, now);
        let retired = t.interviews[0].answers.iter().find(|a| a.question_id == "sales.documentation").unwrap();
        assert!(!retired.in_bank && retired.retired);
        let text = retired.text.as_deref().unwrap_or_default();
        assert!(text.starts_with("On launch day, how complete was the documentation"), "{text}");
        assert_eq!(retired.given.value, Some(AnswerValue::Scale { value: 2 }));
    }

    #[test]
    fn round_trips_and_rejects_future_versions() {
        let catalog = Catalog::embedded().unwrap();
        let t = build(&sample(&catalog), &catalog, Utc::now());
        let json = to_json(&t);
        assert_eq!(parse("t.json", &json).unwrap(), t);
        let future = json.replacen("\"version\": 1", "\"version\": 2", 1);
        assert!(matches!(parse("t.json", &future), Err(TranscriptError::FutureVersion(_, 2))));
        assert!(matches!(parse("t.json", "{}"), Err(TranscriptError::WrongFormat(_))));
        assert!(parse("t.json", "{").unwrap_err().to_string().starts_with("t.json:1:1"));
    }
}

//! A session: one engagement with one organisation, holding many interviews and their answers.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::bank::{Kind, Question, Scope};

mod captures;
mod check;
mod claim;
mod conditions;
mod conflict;
mod launch;
mod recommendation;
mod revision;

pub use check::{NumberError, ValueProblem, number_answer, value_problems};
pub use claim::{Check, Claim, Verdict};
pub use conditions::{Involvement, consent, consent_after, consent_merged, room, room_after};
pub use conflict::{Conflict, Disputed};
pub use launch::{CaseText, Launch, LaunchError};
pub use recommendation::{CHECKPOINT_DAYS, Finding, Recommendation};
pub use revision::{Revision, Versioned, content_hash, on_laptop, replica};

/// One engagement with one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    /// Shared by every interviewer's copy of one engagement, so their work can be merged and
    /// another engagement's refused. Sessions written before it existed are their own
    /// engagement (see [`Session::engagement_id`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement: Option<String>,
    /// The earlier engagement at the same client this one follows up (its session id): what
    /// moved since is `crosscheck compare` of the two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
    pub organisation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The language the notes are written in (ISO 639-1): their terms are stemmed and their
    /// stop words left out in it. Files written before it existed are in English.
    #[serde(default = "default_language")]
    pub language: String,
    /// The launch every interview is about; None until someone names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch: Option<Launch>,
    /// The pillars the engagement covers: its interviews ask only their questions. Files
    /// written before scopes existed cover Operations, as they did.
    #[serde(default, skip_serializing_if = "Scope::is_default")]
    pub scope: Scope,
    /// What to change: the lead consultant's recommendations, withdrawn ones included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Recommendation>,
    /// Other versions of recommendations, edited beside the one kept by a merge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendation_conflicts: Vec<Disputed<Recommendation>>,
    #[serde(default)]
    pub interviews: Vec<Interview>,
}

fn default_language() -> String {
    crate::divergence::language::DEFAULT.to_string()
}

/// One conversation with people of one function, against that function's bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    /// Globally unique (a UUIDv7) for interviews added since several interviewers could share
    /// an engagement, so two laptops never both make "the first Sales interview"; older ones
    /// keep the id they had ("sales-1").
    pub id: String,
    pub function: String,
    /// Who captured the interview (see [`crate::identity`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub bank_version: String,
    pub started_at: DateTime<Utc>,
    /// Time spent on the interview screen, summed over every visit.
    #[serde(default)]
    pub elapsed_seconds: u64,
    /// The time slot agreed for the interview, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_minutes: Option<u32>,
    /// How involved the interviewee was in the launch in view (see [`Involvement`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub involvement: Option<Involvement>,
    /// Whether anyone from Product was in the room (None: not recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_in_room: Option<bool>,
    /// Whether the interviewee agreed to be quoted in the client's read-out (None: not asked,
    /// read as no). Only matters where their function has too few interviewees to hide among.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_consent: Option<bool>,
    /// The interview this one is a second capture of: the same conversation, captured by a
    /// second interviewer (each on a laptop, or a recording scored again), so that how far the
    /// two agree can be measured (see [`crate::agreement`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_capture_of: Option<String>,
    /// When the interview was last written: its own clock, apart from the session's, so
    /// saving an answer changes the interview's file only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Answers by question id; a question with no entry has not been asked.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// The values that lost when copies of this interview edited on several laptops were
    /// merged, one per question and interviewer (see [`crate::merge`]): nothing is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Claims made in this interview, withdrawn ones included (see [`Claim`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// Other interviews' claims put to this interviewee, and what they said.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Other versions of this interview's claims, edited beside the one kept (as
    /// [`Interview::conflicts`] for answers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claim_conflicts: Vec<Disputed<Claim>>,
    /// Other versions of this interview's checks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_conflicts: Vec<Disputed<Check>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerState {
    #[default]
    NotAsked,
    Answered,
    Skipped,
    DontKnow,
}

impl AnswerState {
    pub fn name(self) -> &'static str {
        match self {
            AnswerState::NotAsked => "not-asked",
            AnswerState::Answered => "answered",
            AnswerState::Skipped => "skipped",
            AnswerState::DontKnow => "dont-know",
        }
    }
}

/// The value of an answer, by question kind. Choices are stored by label so that a bank that
/// reorders its options still reads old sessions right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AnswerValue {
    Scale { value: u8 },
    Choice { option: String },
    Multi { options: Vec<String> },
    Number { value: f64 },
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Flags {
    #[serde(default)]
    pub follow_up: bool,
    /// Why the follow-up is needed, in a line (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_reason: Option<String>,
    /// The notes are a verbatim quote.
    #[serde(default)]
    pub quote: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Answer {
    #[serde(default)]
    pub state: AnswerState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<AnswerValue>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub flags: Flags,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<DateTime<Utc>>,
    /// Who made the last edit (see [`crate::identity`]): a merge keeps each interviewer's
    /// latest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_by: Option<String>,
    /// The interview clock (seconds) at each visit to the notes that changed them, so notes
    /// can be lined up with a recording.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes_marks: Vec<u64>,
    /// Where a figure came from, on questions whose bank asks (`"source": true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// On a received question: who it reached the interviewee from, so a gap can be traced to
    /// who did or did not communicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<Sender>,
    /// The edits this value descends from, so a merge never takes a value edited beside
    /// another for history (see [`Revision`]).
    #[serde(default, skip_serializing_if = "Revision::is_empty")]
    pub revision: Revision,
}

/// Where a figure came from: a reading never rests on guesses alone without saying so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Read from a system (pipeline, incident tool, analytics).
    Measured,
    Estimated,
    Guessed,
    /// The interviewee could not say where it came from.
    Unknown,
}

impl Source {
    pub const ALL: [Source; 4] = [Source::Measured, Source::Estimated, Source::Guessed, Source::Unknown];

    pub fn name(self) -> &'static str {
        match self {
            Source::Measured => "measured",
            Source::Estimated => "estimated",
            Source::Guessed => "guessed",
            Source::Unknown => "source unknown",
        }
    }
}

/// Who what a receiver got came from: the function that claims to have communicated it, Product
/// Marketing, a colleague, a customer, or no one (they found it themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sender {
    /// The function whose claim it is set against (Product, or Engineering for Operations).
    Claimant,
    ProductMarketing,
    Colleague,
    Customer,
    FoundIt,
}

impl Sender {
    pub const ALL: [Sender; 5] =
        [Sender::Claimant, Sender::ProductMarketing, Sender::Colleague, Sender::Customer, Sender::FoundIt];

    /// The senders to offer when `claimant` (a function) made the claim: Product Marketing
    /// sends what Product launches, not what Sales or CS pass to Product.
    pub fn offered(claimant: &str) -> Vec<Sender> {
        Sender::ALL.into_iter().filter(|&s| s != Sender::ProductMarketing || claimant == "product").collect()
    }

    /// In words, naming the claimant's function ("Product").
    pub fn text(self, claimant: &str) -> String {
        match self {
            Sender::Claimant => claimant.to_string(),
            Sender::ProductMarketing => "Product Marketing".into(),
            Sender::Colleague => "a colleague".into(),
            Sender::Customer => "a customer".into(),
            Sender::FoundIt => "found it themselves".into(),
        }
    }

    /// The name in files (kebab-case), as serde writes it.
    pub fn name(self) -> &'static str {
        match self {
            Sender::Claimant => "claimant",
            Sender::ProductMarketing => "product-marketing",
            Sender::Colleague => "colleague",
            Sender::Customer => "customer",
            Sender::FoundIt => "found-it",
        }
    }
}

impl Answer {
    /// The same thing said: state, value, notes, flags and source, whoever said it and when.
    pub fn same_content(&self, other: &Answer) -> bool {
        self.state == other.state
            && self.value == other.value
            && self.notes == other.notes
            && self.flags == other.flags
            && self.source == other.source
            && self.sent_by == other.sent_by
    }

    /// The next source (none, measured, estimated, guessed, unknown, none again).
    pub fn cycle_source(&mut self, now: DateTime<Utc>) {
        self.source = match self.source {
            None => Some(Source::Measured),
            Some(s) => Source::ALL.iter().skip_while(|&&x| x != s).nth(1).copied(),
        };
        self.edited_at = Some(now);
    }

    /// The next sender (none, the claimant, …, found it, none again).
    pub fn cycle_sender(&mut self, offered: &[Sender], now: DateTime<Utc>) {
        self.sent_by = match self.sent_by {
            None => offered.first().copied(),
            Some(s) => offered.iter().skip_while(|&&x| x != s).nth(1).copied(),
        };
        self.edited_at = Some(now);
    }

    /// Records a value; the answer becomes `answered`.
    pub fn set_value(&mut self, value: AnswerValue, now: DateTime<Utc>) {
        self.value = Some(value);
        self.state = AnswerState::Answered;
        self.answered_at.get_or_insert(now);
        self.edited_at = Some(now);
    }

    /// Marks skipped or don't-know; pressing the same key again returns to not asked.
    pub fn toggle_state(&mut self, state: AnswerState, now: DateTime<Utc>) {
        if self.state == state {
            self.state = if self.value.is_some() { AnswerState::Answered } else { AnswerState::NotAsked };
        } else {
            self.state = state;
        }
        self.edited_at = Some(now);
    }

    pub fn toggle_follow_up(&mut self, now: DateTime<Utc>) {
        self.flags.follow_up = !self.flags.follow_up;
        if !self.flags.follow_up {
            self.flags.follow_up_reason = None;
        }
        self.edited_at = Some(now);
    }

    /// Flags a follow-up, with a reason when one is given.
    pub fn flag_follow_up(&mut self, reason: &str, now: DateTime<Utc>) {
        self.flags.follow_up = true;
        self.flags.follow_up_reason = Some(reason.trim().to_string()).filter(|r| !r.is_empty());
        self.edited_at = Some(now);
    }

    pub fn toggle_quote(&mut self, now: DateTime<Utc>) {
        self.flags.quote = !self.flags.quote;
        self.edited_at = Some(now);
    }

    /// Replaces the notes. A text question counts as answered once it has notes.
    pub fn set_notes(&mut self, notes: String, kind: Kind, now: DateTime<Utc>) {
        if notes == self.notes {
            return;
        }
        self.notes = notes;
        self.edited_at = Some(now);
        if kind == Kind::Text && self.state == AnswerState::NotAsked && !self.notes.trim().is_empty() {
            self.state = AnswerState::Answered;
            self.answered_at.get_or_insert(now);
        }
    }

    /// Replaces the notes after their first `keep` bytes with `tail`, in place, through
    /// [`Answer::set_notes`]: a huge note is edited by its end, and a keystroke there costs the
    /// tail, never the whole note.
    pub fn set_notes_tail(&mut self, keep: usize, tail: &str, kind: Kind, now: DateTime<Utc>) {
        let mut keep = keep.min(self.notes.len());
        while !self.notes.is_char_boundary(keep) {
            keep -= 1;
        }
        if self.notes[keep..] == *tail {
            return;
        }
        if keep == 0 {
            return self.set_notes(tail.to_string(), kind, now);
        }
        // Not empty (it keeps `keep` bytes), so `set_notes` tells it from the emptied field at
        // no cost and records the change as for any other.
        let mut notes = std::mem::take(&mut self.notes);
        notes.truncate(keep);
        notes.push_str(tail);
        self.set_notes(notes, kind, now);
    }

    /// A short human reading of the value, using the question's labels.
    pub fn value_text(&self, question: &Question) -> Option<String> {
        Some(match self.value.as_ref()? {
            AnswerValue::Scale { value } => {
                let labels = question.scale_labels();
                format!("{value} – {}", labels.get(*value as usize).copied().unwrap_or("?"))
            }
            AnswerValue::Choice { option } => option.clone(),
            AnswerValue::Multi { options } if options.is_empty() => "none".to_string(),
            AnswerValue::Multi { options } => options.join("; "),
            AnswerValue::Number { value } => {
                format!("{} {}", format_number(*value), question.unit.as_deref().unwrap_or("")).trim_end().to_string()
            }
        })
    }

    /// The answer on the common 0..1 scale used to compare functions: a scale point / 4 or a
    /// choice's score / 4. None unless answered with a comparable value.
    pub fn normalised(&self, question: &Question) -> Option<f64> {
        if self.state != AnswerState::Answered {
            return None;
        }
        match self.value.as_ref()? {
            AnswerValue::Scale { value } => Some(f64::from(*value) / crate::bank::SCALE_MAX),
            AnswerValue::Choice { option } => {
                let score = question.options.iter().find(|o| &o.label == option)?.score?;
                Some(score / crate::bank::SCALE_MAX)
            }
            // On a compared multi, the share of the items ticked ("none of these", scored 0, is
            // not an item); any other multi is a list, not a level.
            AnswerValue::Multi { options }
                if matches!(
                    question.stance,
                    Some(crate::bank::Stance::Communicated | crate::bank::Stance::Received)
                ) =>
            {
                let items = question.items().count();
                let ticked = question.items().filter(|o| options.contains(&o.label)).count();
                (items > 0).then(|| ticked as f64 / items as f64)
            }
            AnswerValue::Multi { .. } | AnswerValue::Number { .. } => None,
        }
    }
}

impl Versioned for Answer {
    fn revision(&self) -> &Revision {
        &self.revision
    }
    fn revision_mut(&mut self) -> &mut Revision {
        &mut self.revision
    }
    fn same_content(&self, other: &Answer) -> bool {
        Answer::same_content(self, other)
    }
    fn content(&self) -> serde_json::Value {
        serde_json::json!([self.state, self.value, self.notes, self.flags, self.source, self.sent_by])
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.edited_at
    }
    fn is_blank(&self) -> bool {
        self.same_content(&Answer::default())
    }
}

/// Prints 12 rather than 12.0, and 12.5 as is.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

impl Interview {
    pub fn new(id: String, function: String, bank_version: String, now: DateTime<Utc>) -> Self {
        Interview {
            id,
            function,
            interviewer: None,
            interviewee: None,
            role: None,
            bank_version,
            started_at: now,
            elapsed_seconds: 0,
            budget_minutes: None,
            involvement: None,
            product_in_room: None,
            quote_consent: None,
            second_capture_of: None,
            updated_at: None,
            answers: BTreeMap::new(),
            conflicts: Vec::new(),
            claims: Vec::new(),
            checks: Vec::new(),
            claim_conflicts: Vec::new(),
            check_conflicts: Vec::new(),
        }
    }

    pub fn answer(&self, question_id: &str) -> Option<&Answer> {
        self.answers.get(question_id)
    }

    /// The conflicts still to review: values another interviewer gave that differ from the
    /// answer kept, and that no one has chosen between since.
    /// The same thing said twice is shown once.
    pub fn open_conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.conflicts.iter().enumerate().filter_map(|(n, c)| {
            let shown = c.open()
                && self.answers.get(&c.question).is_none_or(|kept| !kept.same_content(&c.answer))
                && !self.conflicts[..n]
                    .iter()
                    .any(|e| e.open() && e.question == c.question && e.answer.same_content(&c.answer));
            shown.then_some(c)
        })
    }

    /// Everything a merge kept in this interview that is still to review: answers' values,
    /// claims' and checks' versions.
    pub fn to_review(&self) -> usize {
        self.open_conflicts().count() + self.open_claim_conflicts()
    }

    /// How many other versions of claims and checks are still to review.
    pub fn open_claim_conflicts(&self) -> usize {
        let claims = self.claim_conflicts.iter().filter(|c| {
            c.open() && self.claims.iter().find(|k| k.id == c.version.id).is_none_or(|k| !k.same_content(&c.version))
        });
        let checks = self
            .check_conflicts
            .iter()
            .filter(|c| c.open() && self.check_of(&c.version.claim).is_none_or(|k| !k.same_content(&c.version)));
        claims.count() + checks.count()
    }

    pub fn answer_mut(&mut self, question_id: &str) -> &mut Answer {
        self.answers.entry(question_id.to_string()).or_default()
    }

    pub fn state_of(&self, question_id: &str) -> AnswerState {
        self.answer(question_id).map(|a| a.state).unwrap_or_default()
    }

    /// Questions with any state other than not-asked: answered, skipped or don't know.
    pub fn covered(&self) -> usize {
        self.answers.values().filter(|a| a.state != AnswerState::NotAsked).count()
    }

    /// The one way an interview is named on every screen and in every file: its function and
    /// number among that function's interviews, then who was interviewed when they were named
    /// ("Sales #2", "Sales #1 — Dana Ortiz, Head of Sales").
    pub fn label(&self, title: &str, number: usize) -> String {
        match (&self.interviewee, &self.role) {
            (None, None) => Interview::number_label(title, number),
            _ => format!("{} — {}", Interview::number_label(title, number), self.who()),
        }
    }

    /// The label's first part alone: "Sales #2". "Product (PM)" reads "Product #1": the
    /// bracket is a short name, not part of the label.
    pub fn number_label(title: &str, number: usize) -> String {
        let title = match title.rsplit_once(" (") {
            Some((name, rest)) if rest.ends_with(')') && !name.is_empty() => name,
            _ => title,
        };
        format!("{title} #{number}")
    }

    /// Who was interviewed, as one line ("Dana Ortiz, Head of Sales").
    pub fn who(&self) -> String {
        match (&self.interviewee, &self.role) {
            (Some(n), Some(r)) => format!("{n}, {r}"),
            (Some(n), None) => n.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => "—".into(),
        }
    }
}

impl Session {
    /// How many answers (given, skipped or "don't know") each pillar holds among the questions
    /// `catalog` asks: a scope must not drop a pillar that holds any, or they would be hidden.
    pub fn answers_by_pillar(&self, catalog: &crate::bank::Catalog) -> BTreeMap<crate::bank::Pillar, usize> {
        let mut out = BTreeMap::new();
        for interview in &self.interviews {
            let Some(bank) = catalog.bank(&interview.function) else { continue };
            for (id, answer) in &interview.answers {
                if answer.state == AnswerState::NotAsked {
                    continue;
                }
                // The anchor is asked in every scope: it holds no pillar's answers.
                let section = bank.question(id).filter(|q| !q.anchor).and_then(|q| bank.section(&q.section));
                if let Some(s) = section {
                    *out.entry(s.pillar).or_default() += 1;
                }
            }
        }
        out
    }

    /// What the questions' `{launch}` and `{release}` read in this engagement.
    pub fn case_text(&self) -> CaseText {
        CaseText::of(self.launch.as_ref())
    }

    pub fn new(id: String, organisation: String, interviewer: Option<String>, now: DateTime<Utc>) -> Self {
        Session {
            id,
            engagement: Some(new_unique_id(now)),
            follows: None,
            organisation,
            interviewer,
            created_at: now,
            updated_at: now,
            language: default_language(),
            launch: None,
            scope: Scope::default(),
            recommendations: Vec::new(),
            recommendation_conflicts: Vec::new(),
            interviews: Vec::new(),
        }
    }

    /// Interview `index`'s number among the interviews of its function (1 for the first).
    pub fn number_of(&self, index: usize) -> usize {
        let Some(function) = self.interviews.get(index).map(|i| &i.function) else { return 1 };
        self.interviews[..index].iter().filter(|i| &i.function == function).count() + 1
    }

    /// Every interview's label, in session order, with its function's title from `title_of`:
    /// in one pass, each function numbered as it comes (labelling each by counting back through
    /// the session is quadratic in a large one).
    pub fn labels(&self, title_of: impl Fn(&str) -> String) -> Vec<String> {
        let mut numbers: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        self.interviews
            .iter()
            .map(|i| {
                let n = numbers.entry(i.function.as_str()).or_default();
                *n += 1;
                i.label(&title_of(&i.function), *n)
            })
            .collect()
    }

    /// Interview `index`'s label (see [`Interview::label`]) with its function's `title`.
    pub fn label_of(&self, index: usize, title: &str) -> String {
        self.interviews.get(index).map_or_else(String::new, |i| i.label(title, self.number_of(index)))
    }

    /// The engagement every interviewer's copy shares: its own id for sessions older than
    /// engagement ids.
    pub fn engagement_id(&self) -> &str {
        self.engagement.as_deref().unwrap_or(&self.id)
    }

    /// How many values kept by merges are still to review, over every interview: answers,
    /// claims and checks.
    pub fn open_conflicts(&self) -> usize {
        self.interviews.iter().map(Interview::to_review).sum()
    }

    /// When anything in the session last changed: its own details, or any interview (each keeps
    /// its own clock, so adding one or answering in it does not rewrite the session's file).
    pub fn last_changed(&self) -> DateTime<Utc> {
        self.interviews.iter().filter_map(|i| i.updated_at).fold(self.updated_at, DateTime::max)
    }

    /// Adds an interview of `function` under a new unique id and returns its index.
    pub fn add_interview(&mut self, function: &str, bank_version: &str, now: DateTime<Utc>) -> usize {
        let mut id = new_unique_id(now);
        while self.interviews.iter().any(|i| i.id == id) {
            id = new_unique_id(now);
        }
        let mut interview = Interview::new(id, function.to_string(), bank_version.to_string(), now);
        // The interview's own clock: adding one changes its file only, not the session's.
        interview.updated_at = Some(now);
        self.interviews.push(interview);
        self.interviews.len() - 1
    }
}

/// Counts ids made within one millisecond, so they sort in the order they were made.
static ID_COUNTER: std::sync::Mutex<uuid::ContextV7> = std::sync::Mutex::new(uuid::ContextV7::new());

/// A UUIDv7: its time part sorts ids by creation (and within a millisecond, a counter does:
/// interviews load in the order they started, then by id), its random bits keep two laptops
/// apart.
pub fn new_unique_id(now: DateTime<Utc>) -> String {
    let secs = u64::try_from(now.timestamp()).unwrap_or(0);
    let counter = ID_COUNTER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let ts = uuid::Timestamp::from_unix(&*counter, secs, now.timestamp_subsec_nanos());
    uuid::Uuid::new_v7(ts).hyphenated().to_string()
}

/// A session id from the organisation and the time: readable, sortable, and unlikely to clash.
pub fn new_session_id(organisation: &str, now: DateTime<Utc>) -> String {
    let slug: String = organisation
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() { "session".to_string() } else { slug.chars().take(32).collect() };
    // The sub-second time keeps ids of sessions started the same day apart; the store adds a
    // suffix in the rare case that is not enough.
    format!("{}-{slug}-{:04x}", now.format("%Y%m%d"), (now.timestamp_subsec_micros() ^ now.timestamp() as u32) & 0xffff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap()
    }

    #[test]
    fn answering_then_skipping_and_back() {
        let mut a = Answer::default();
        a.set_value(AnswerValue::Scale { value: 3 }, t(1));
        assert_eq!(a.state, AnswerState::Answered);
        a.toggle_state(AnswerState::Skipped, t(2));
        assert_eq!(a.state, AnswerState::Skipped);
        a.toggle_state(AnswerState::Skipped, t(3));
        assert_eq!(a.state, AnswerState::Answered, "second press restores the answer");
        assert_eq!(a.answered_at, Some(t(1)));
        assert_eq!(a.edited_at, Some(t(3)));
    }

    #[test]
    fn text_question_is_answered_by_its_notes() {
        let mut a = Answer::default();
        a.set_notes("  ".into(), Kind::Text, t(1));
        assert_eq!(a.state, AnswerState::NotAsked);
        a.set_notes("They said so".into(), Kind::Text, t(2));
        assert_eq!(a.state, AnswerState::Answered);
        let mut b = Answer::default();
        b.set_notes("context".into(), Kind::Scale, t(2));
        assert_eq!(b.state, AnswerState::NotAsked, "notes alone do not answer a scale");
    }

    #[test]
    fn session_ids_are_slugged() {
        let id = new_session_id("Acme Corp. (EU)", t(0));
        assert!(id.starts_with("20231114-acme-corp-eu-"), "{id}");
        assert!(new_session_id("!!!", t(0)).contains("-session-"));
    }

    #[test]
    fn interview_ids_are_unique_and_plain() {
        let mut s = Session::new("x".into(), "Org".into(), None, t(0));
        s.add_interview("sales", "1", t(1));
        s.add_interview("sales", "1", t(1));
        let (a, b) = (&s.interviews[0].id, &s.interviews[1].id);
        assert_ne!(a, b, "the same function at the same second still gets two ids");
        assert!(crate::storage::valid_id(a) && a.len() == 36, "{a}");
        assert_eq!(s.number_of(1), 2, "labels still number them: Sales #2");
        assert_ne!(s.engagement_id(), "x", "a new session gets its own engagement id");
    }
}

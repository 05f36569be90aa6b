//! Seeded generators of large inputs, for the benchmarks and for tests: question banks of any
//! size (five functions, topics with `communicated`, `received` and `practice` questions) and
//! sessions of many interviews with answers, flags and notes.
//!
//! Everything is derived from the seed by a small PRNG written here (SplitMix64), so the same
//! seed gives the same banks and sessions on every machine, and nothing reads the clock.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{Value, json};

use crate::bank::{BankSource, Catalog, Kind, Question, Stance};
use crate::session::{AnswerState, AnswerValue, Interview, Involvement, Session};

/// Bank sizes the benchmarks use: questions across all five functions.
pub const BANK_SIZES: [usize; 3] = [250, 2_500, 10_000];
/// Session sizes the benchmarks use: interviews.
pub const SESSION_SIZES: [usize; 3] = [5, 50, 500];
/// The five functions of a generated catalog, with their titles, in bank order.
pub const FUNCTIONS: [(&str, &str); 5] = [
    ("product", "Product"),
    ("sales", "Sales"),
    ("customer-success", "Customer Success"),
    ("engineering", "Engineering"),
    ("operations", "Operations"),
];
/// Topics in a generated catalog (fewer only if the product bank is smaller than this).
pub const TOPICS: usize = 50;
/// Questions per section.
pub const SECTION_SIZE: usize = 25;
/// The fixed time generated sessions start from.
pub const EPOCH: i64 = 1_767_603_600; // 2026-01-05T09:00:00Z

/// SplitMix64: small, fast and good enough to shape test data. Kept over fastrand's seeded
/// generator, which is no faster: this sequence is fixed for good, while fastrand changed its
/// seeded output in a minor version (2.1.0), and the benches' figures are measured on this data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "launch",
    "release",
    "pricing",
    "customers",
    "briefing",
    "enablement",
    "webinar",
    "roadmap",
    "deadline",
    "handover",
    "support",
    "tickets",
    "escalation",
    "documentation",
    "training",
    "demo",
    "positioning",
    "segment",
    "onboarding",
    "rollout",
    "feature",
    "flags",
    "deployment",
    "pipeline",
    "incident",
    "monitoring",
    "runbook",
    "change",
    "approval",
    "readiness",
    "checklist",
    "retrospective",
    "adoption",
    "renewal",
    "contract",
    "quota",
    "forecast",
    "feedback",
    "survey",
    "slides",
    "announcement",
    "newsletter",
    "channel",
    "meeting",
    "weekly",
    "quarterly",
    "late",
    "early",
    "surprised",
    "unclear",
    "confident",
    "missing",
    "partial",
    "shared",
    "owner",
    "decision",
    "priority",
    "backlog",
    "sprint",
    "estimate",
    "scope",
    "beta",
    "pilot",
    "migration",
    "outage",
    "latency",
    "capacity",
    "budget",
    "hiring",
    "process",
    "steps",
    "gates",
    "tier",
    "criteria",
    "metrics",
    "dashboard",
    "analytics",
    "instrumentation",
    "value",
    "questions",
    "objections",
    "competitor",
    "playbook",
    "FAQ",
    "wiki",
    "email",
    "slack",
    "calendar",
    "weeks",
    "days",
    "months",
    "before",
    "after",
    "during",
    "nobody",
    "everyone",
    "we",
    "they",
    "the",
    "a",
    "was",
    "were",
    "not",
    "and",
    "but",
    "with",
    "from",
    "about",
    "our",
    "their",
];

const NAMES: &[&str] = &[
    "Dana Ortiz",
    "Kim Nakamura",
    "Ravi Patel",
    "Aoife Byrne",
    "Tomás García",
    "Lena Vogel",
    "Sam Okafor",
    "Mei Chen",
    "Jonas Berg",
    "Priya Nair",
];

const ROLES: &[&str] = &["Head", "Lead", "Manager", "Director", "Specialist", "Engineer", "Analyst"];
const UNITS: &[&str] = &["%", "days", "people", "releases", "hours"];

/// `n` words from the vocabulary, the first capitalised.
fn words(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n.max(1) {
        if i > 0 {
            out.push(' ');
        }
        let w = *rng.pick(WORDS);
        if i == 0 {
            let mut chars = w.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(w);
        }
    }
    out
}

/// Between `lo` and `hi` words.
fn some_words(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    words(rng, n)
}

fn some_prose(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    prose(rng, n)
}

/// Sentences totalling about `n` words.
fn prose(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    let mut left = n.max(1);
    while left > 0 {
        let k = rng.range(4, 14).min(left);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&words(rng, k));
        out.push(if rng.chance(0.15) { ',' } else { '.' });
        left -= k;
    }
    out
}

/// Functions (by index into [`FUNCTIONS`], 1–4) that receive topic `t`: about three in five.
fn receivers(t: usize) -> Vec<usize> {
    let r: Vec<usize> = (1..FUNCTIONS.len()).filter(|f| (t * 7 + f * 3) % 5 < 3).collect();
    if r.is_empty() { vec![1 + t % 4] } else { r }
}

fn topic_id(t: usize) -> String {
    format!("gen.topic-{t:02}")
}

/// The topics file and one bank file per function, `questions` questions in all, as
/// [`Catalog::from_files`] takes them.
pub fn bank_files(questions: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    let per_bank: Vec<usize> = (0..FUNCTIONS.len())
        .map(|f| questions / FUNCTIONS.len() + usize::from(f < questions % FUNCTIONS.len()))
        .collect();
    let topics = TOPICS.min(per_bank[0]);
    let topic_values: Vec<Value> = (0..topics)
        .map(|t| {
            json!({
                "id": topic_id(t),
                "title": format!("{} {t}", some_words(&mut rng, 2, 4)),
                "dimension": "Go-to-Market & Launch",
                "description": prose(&mut rng, 14),
            })
        })
        .collect();
    let mut files = vec![("topics.json".to_string(), to_text(&json!({"version": "1.0.0", "topics": topic_values})))];
    for (f, (function, title)) in FUNCTIONS.iter().enumerate() {
        let n = per_bank[f];
        // The topic questions of this bank, spread evenly through it.
        let stances: Vec<(usize, Stance)> = if f == 0 {
            (0..topics).map(|t| (t, Stance::Communicated)).collect()
        } else {
            (0..topics).filter(|t| receivers(*t).contains(&f)).map(|t| (t, Stance::Received)).collect()
        };
        let stances: Vec<_> = stances.into_iter().take(n).collect();
        let mut slots = vec![None; n];
        for (k, s) in stances.iter().enumerate() {
            slots[k * n / stances.len().max(1)] = Some(*s);
        }
        let sections: Vec<Value> = (0..n.div_ceil(SECTION_SIZE))
            .map(|s| json!({"id": format!("s{s:03}"), "title": some_words(&mut rng, 2, 4), "pillar": "Operations"}))
            .collect();
        let mut practice = 0;
        let questions: Vec<Value> = slots
            .iter()
            .enumerate()
            .map(|(i, slot)| {
                let section = format!("s{:03}", i / SECTION_SIZE);
                let id = format!("{function}.q{i:05}");
                match slot {
                    Some((t, stance)) => question(&mut rng, id, section, Some((*t, *stance)), seed),
                    None => {
                        practice += 1;
                        // Now and then a practice question on a topic: its notes count as evidence.
                        let linked = (practice % 7 == 0 && topics > 0).then(|| (practice % topics, Stance::Practice));
                        question(&mut rng, id, section, linked, seed)
                    }
                }
            })
            .collect();
        let bank = json!({
            "function": function,
            "title": title,
            "version": format!("1.{questions}.0", questions = n),
            "sections": sections,
            "questions": questions,
        });
        files.push((format!("{function}.json"), to_text(&bank)));
    }
    files
}

fn to_text(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

fn question(rng: &mut Rng, id: String, section: String, topic: Option<(usize, Stance)>, seed: u64) -> Value {
    // The two sides of a pair answer on one scale: a compared question's kind, labels and
    // options are the topic's, drawn from its own generator.
    let (kind, shape) = match topic {
        Some((t, Stance::Communicated | Stance::Received)) => {
            let mut of_topic = Rng::new(seed ^ (t as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407));
            let kind = if of_topic.chance(0.7) { Kind::Scale } else { Kind::Choice };
            (kind, answer_shape(&mut of_topic, kind, true))
        }
        _ => {
            let kind = *rng.pick(&[
                Kind::Scale,
                Kind::Scale,
                Kind::Scale,
                Kind::Choice,
                Kind::Choice,
                Kind::Multi,
                Kind::Number,
                Kind::Text,
            ]);
            (kind, answer_shape(rng, kind, false))
        }
    };
    let mut text = some_words(rng, 10, 28);
    text.push('?');
    let mut q = json!({"id": id, "section": section, "text": text, "kind": kind.name()});
    let probes: Vec<String> = (0..rng.below(3)).map(|_| format!("{}?", some_words(rng, 6, 14))).collect();
    if !probes.is_empty() {
        q["probes"] = json!(probes);
    }
    if rng.chance(0.5) {
        q["evidence"] = json!([some_words(rng, 6, 14)]);
    }
    for (key, value) in shape {
        q[key] = value;
    }
    if let Some((t, stance)) = topic {
        q["topic"] = json!(topic_id(t));
        q["stance"] = json!(stance.name());
        // Every third claim with several receivers is asked of each in one go (a row each).
        let receiving = receivers(t);
        if stance == Stance::Communicated && t % 3 == 0 && receiving.len() >= 2 {
            q["each"] = json!(receiving.iter().map(|&f| FUNCTIONS[f].0).collect::<Vec<_>>());
        }
    }
    if rng.chance(0.15) {
        q["priority"] = json!("must");
    }
    q
}

/// What a question of `kind` can be answered with: a compared scale always has its own labels
/// (what happened, observable from both sides), a compared choice a score on every option.
fn answer_shape(rng: &mut Rng, kind: Kind, compared: bool) -> Vec<(&'static str, Value)> {
    match kind {
        Kind::Scale if compared || rng.chance(0.2) => {
            let labels: Vec<String> = (0..5).map(|i| format!("{} {i}", some_words(rng, 1, 3))).collect();
            vec![("labels", json!(labels))]
        }
        Kind::Choice | Kind::Multi => {
            let n = rng.range(3, 6);
            let scored = compared || (kind == Kind::Choice && rng.chance(0.5));
            let options: Vec<Value> = (0..n)
                .map(|i| {
                    let label = format!("{} ({})", some_words(rng, 2, 6), i + 1);
                    if scored {
                        json!({"label": label, "score": (4 * (n - 1 - i)) as f64 / (n - 1) as f64})
                    } else {
                        json!({"label": label})
                    }
                })
                .collect();
            vec![("options", json!(options))]
        }
        Kind::Number => {
            let unit = *rng.pick(UNITS);
            let mut shape = vec![("unit", json!(unit)), ("min", json!(0))];
            if unit == "%" {
                shape.push(("max", json!(100)));
            }
            shape
        }
        _ => Vec::new(),
    }
}

/// A validated catalog of `questions` questions (see [`bank_files`]).
///
/// # Panics
/// If the generated banks do not validate, which is a bug in this module.
pub fn catalog(questions: usize, seed: u64) -> Catalog {
    match Catalog::from_files(bank_files(questions, seed), BankSource::Dir("generated".into())) {
        Ok(c) => c,
        Err(e) => panic!("generated banks do not validate: {e}"),
    }
}

/// The shape of a generated session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionShape {
    pub interviews: usize,
    /// Questions without a compared topic that each interview covers, besides every compared
    /// question of its bank: about what a 45–60 minute conversation gets through, whatever the
    /// size of the bank.
    pub practice_per_interview: usize,
    /// Share of covered answers that carry notes (text questions always do).
    pub notes_share: f64,
    /// Words of notes on an answer, fewest and most.
    pub note_words: (usize, usize),
}

impl SessionShape {
    pub fn new(interviews: usize) -> SessionShape {
        SessionShape { interviews, practice_per_interview: 40, notes_share: 0.7, note_words: (5, 40) }
    }
}

/// A session of `interviews` interviews over the catalog's banks (round robin, in bank order).
/// The demo engagement shipped in the binary, as a session.
pub fn demo() -> Session {
    crate::storage::parse_session(std::path::Path::new("demo-session.json"), crate::cli::demo::DEMO_SESSION)
        .expect("the demo session parses")
}

/// A perf example's command line: its folder, then two numbers that default to `defaults`; None
/// (the usage said on stderr) without a folder.
pub fn example_args<A: std::str::FromStr, B: std::str::FromStr>(
    usage: &str,
    defaults: (A, B),
) -> Option<(String, A, B)> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().cloned() else {
        eprintln!("usage: {usage}");
        return None;
    };
    let a = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(defaults.0);
    let b = args.get(2).and_then(|b| b.parse().ok()).unwrap_or(defaults.1);
    Some((dir, a, b))
}

/// A perf example's work run: its error said on stderr and a failing exit.
pub fn example_run(run: impl FnOnce() -> anyhow::Result<()>) -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The spring assessment at the demo's client that the demo follows up.
pub fn demo_earlier() -> Session {
    crate::storage::parse_session(std::path::Path::new("demo-earlier.json"), crate::cli::demo::DEMO_EARLIER)
        .expect("the demo's earlier engagement parses")
}

/// The demo with its first Sales interview captured again by a second interviewer (id
/// `sales-second-capture`, marked as its second capture), `apart` of its scale answers one
/// point apart.
pub fn demo_captured_twice(apart: usize) -> Session {
    let mut session = demo();
    let first = session.interviews.iter().position(|i| i.function == "sales").expect("the demo has Sales");
    let mut second = session.interviews[first].clone();
    second.id = "sales-second-capture".into();
    second.interviewer = Some("Second Interviewer".into());
    second.second_capture_of = Some(session.interviews[first].id.clone());
    let moved: Vec<(String, u8)> = second
        .answers
        .iter()
        .filter_map(|(id, a)| match a.value {
            Some(AnswerValue::Scale { value }) => Some((id.clone(), if value >= 2 { value - 1 } else { value + 1 })),
            _ => None,
        })
        .take(apart)
        .collect();
    for (id, value) in moved {
        second.answer_mut(&id).value = Some(AnswerValue::Scale { value });
    }
    session.interviews.push(second);
    session
}

pub fn session(catalog: &Catalog, interviews: usize, seed: u64) -> Session {
    session_with(catalog, SessionShape::new(interviews), seed)
}

pub fn session_with(catalog: &Catalog, shape: SessionShape, seed: u64) -> Session {
    let mut rng = Rng::new(seed);
    let mut session = empty_session(shape.interviews, seed);
    for k in 0..shape.interviews {
        let interview = interview(&mut rng, catalog, &session, k, &shape);
        session.interviews.push(interview);
    }
    session.updated_at = latest(&session);
    session
}

/// A session whose file, as [`crate::storage::Store::save`] writes it, is about `bytes` long:
/// interviews of the default shape are added until it is.
pub fn session_of_bytes(catalog: &Catalog, bytes: usize, seed: u64) -> Session {
    let mut rng = Rng::new(seed);
    let shape = SessionShape::new(0);
    let mut session = empty_session(0, seed);
    // The file's envelope and the session's own fields.
    let mut size = file_bytes(&session);
    while size < bytes {
        let interview = interview(&mut rng, catalog, &session, session.interviews.len(), &shape);
        // Nested three levels deep in the file: six more spaces on each of its lines.
        let text = serde_json::to_string_pretty(&interview).unwrap_or_default();
        size += text.len() + 6 * (text.matches('\n').count() + 1) + 2;
        session.interviews.push(interview);
    }
    let n = session.interviews.len();
    session.id = format!("20260105-generated-{n}-{:04x}", seed & 0xffff);
    session.organisation = format!("Generated Ltd ({n} interviews)");
    session.updated_at = latest(&session);
    session
}

/// `copies` interviewers' copies of one engagement, their transcripts about `bytes` in all:
/// each holds the interviews its interviewer captured (ids unique to it) and its own edits of
/// one interview every copy shares, so a merge unites many interviews and meets conflicts.
pub fn engagement_copies(catalog: &Catalog, copies: usize, bytes: usize, seed: u64) -> Vec<Session> {
    let shared = session(catalog, 1, seed);
    let per_copy = bytes / copies.max(1);
    (0..copies)
        .map(|c| {
            let mut copy = session_of_transcript_bytes(catalog, per_copy, seed + 1 + c as u64);
            for i in &mut copy.interviews {
                i.id = format!("copy{c}-{}", i.id);
            }
            let mut common = shared.interviews[0].clone();
            for (k, a) in common.answers.values_mut().enumerate().filter(|(k, _)| k % 3 == c % 3) {
                a.notes = format!("{} (copy {c}, answer {k})", a.notes);
                a.edited_at = a.edited_at.map(|t| t + Duration::minutes(c as i64 + 1));
                a.edited_by = Some(format!("Interviewer {c}"));
            }
            copy.interviews.push(common);
            copy.id.clone_from(&shared.id);
            copy.engagement.clone_from(&shared.engagement);
            copy
        })
        .collect()
}

/// A session whose transcript (as `crosscheck export` writes it) is about `bytes` long.
fn session_of_transcript_bytes(catalog: &Catalog, bytes: usize, seed: u64) -> Session {
    let one = session(catalog, 1, seed);
    let size = |s: &Session| crate::transcript::to_json(&crate::transcript::build(s, catalog, epoch())).len();
    let (base, with_one) = (size(&empty_session(0, seed)), size(&one));
    let per_interview = with_one.saturating_sub(base).max(1);
    session(catalog, bytes.saturating_sub(base).div_ceil(per_interview).max(1), seed)
}

/// The length of the session's file as the store writes it (pretty JSON in its envelope).
pub fn file_bytes(session: &Session) -> usize {
    let file = json!({"format": crate::storage::SESSION_FORMAT, "version": crate::storage::SESSION_VERSION, "session": session});
    serde_json::to_vec_pretty(&file).map_or(0, |v| v.len())
}

/// Who captures generated interviews, in turn: two interviewers share the engagement.
const INTERVIEWERS: [&str; 2] = ["Kim Lee", "Sam Osei"];

fn empty_session(interviews: usize, seed: u64) -> Session {
    let start = epoch();
    let mut s = Session::new(
        format!("20260105-generated-{interviews}-{:04x}", seed & 0xffff),
        format!("Generated Ltd ({interviews} interviews)"),
        Some("Bench Mark".into()),
        start,
    );
    s.updated_at = start;
    // Fixed, so a generated session is the same on every run.
    s.engagement = Some(format!("0190f0c0-0000-7000-8000-{:012x}", seed & 0xffff_ffff_ffff));
    s
}

fn epoch() -> DateTime<Utc> {
    Utc.timestamp_opt(EPOCH, 0).single().unwrap_or_default()
}

fn latest(session: &Session) -> DateTime<Utc> {
    session
        .interviews
        .iter()
        .flat_map(|i| i.answers.values())
        .filter_map(|a| a.edited_at)
        .max()
        .unwrap_or(session.created_at)
}

fn interview(rng: &mut Rng, catalog: &Catalog, session: &Session, k: usize, shape: &SessionShape) -> Interview {
    let Some(bank) = catalog.banks.get(k % catalog.banks.len().max(1)) else {
        return Interview::new(format!("none-{k}"), "none".into(), "0".into(), epoch());
    };
    let n = session.interviews.iter().filter(|i| i.function == bank.function).count() + 1;
    let started = epoch() + Duration::minutes(50 * k as i64);
    let mut interview =
        Interview::new(format!("{}-{n}", bank.function), bank.function.clone(), bank.version.clone(), started);
    interview.interviewer = Some(INTERVIEWERS[k % INTERVIEWERS.len()].to_string());
    interview.interviewee = Some(rng.pick(NAMES).to_string());
    interview.role = Some(format!("{} of {}", rng.pick(ROLES), bank.title));
    interview.budget_minutes = Some(*rng.pick(&[30, 45, 60]));
    // How the accounts were given, now and then: not involved (left out of scores) and with
    // Product in the room (marked), so every reading of them is exercised. By position, so the
    // generator's sequence is unchanged.
    interview.involvement = [None, Some(Involvement::Involved), Some(Involvement::HeardOfIt)]
        .get(k % 7)
        .copied()
        .unwrap_or((k % 7 == 5).then_some(Involvement::NotInvolved));
    interview.product_in_room = (k % 4 == 3).then_some(true).or((k % 4 == 1).then_some(false));
    // Every compared question, and a sample of the others.
    let compared = |q: &Question| q.stance.is_some_and(Stance::is_compared);
    let mut others: Vec<usize> = (0..bank.questions.len()).filter(|&i| !compared(&bank.questions[i])).collect();
    let take = shape.practice_per_interview.min(others.len());
    for i in 0..take {
        let j = i + rng.below(others.len() - i);
        others.swap(i, j);
    }
    others.truncate(take);
    others.sort_unstable();
    let mut at = started;
    let mut covered = 0;
    let by = interview.interviewer.clone();
    for (i, q) in bank.questions.iter().enumerate() {
        let asked = if compared(q) { rng.chance(0.95) } else { others.binary_search(&i).is_ok() };
        if !asked {
            continue;
        }
        covered += 1;
        at += Duration::seconds(rng.range(20, 120) as i64);
        let answer = interview.answer_mut(&q.id);
        let roll = rng.below(100);
        let state = match roll {
            0..=6 => AnswerState::Skipped,
            7..=14 => AnswerState::DontKnow,
            _ => AnswerState::Answered,
        };
        let notes = q.kind == Kind::Text || rng.chance(shape.notes_share);
        if notes {
            answer.notes = some_prose(rng, shape.note_words.0, shape.note_words.1);
            answer.flags.quote = rng.chance(0.05);
        }
        if notes {
            answer.notes_marks.push((at - started).num_seconds().max(0) as u64);
        }
        answer.flags.follow_up = rng.chance(0.1);
        if answer.flags.follow_up && rng.chance(0.5) {
            answer.flags.follow_up_reason = Some(some_words(rng, 3, 8));
        }
        if state == AnswerState::Answered {
            if let Some(value) = value(rng, q) {
                answer.set_value(value, at);
            } else {
                answer.state = AnswerState::Answered;
                answer.answered_at = Some(at);
                answer.edited_at = Some(at);
            }
        } else {
            answer.state = state;
            answer.edited_at = Some(at);
        }
        if rng.chance(0.1) {
            answer.edited_at = Some(at + Duration::seconds(rng.range(30, 600) as i64));
        }
        answer.edited_by.clone_from(&by);
        if q.source {
            answer.source = Some(crate::session::Source::ALL[covered % crate::session::Source::ALL.len()]);
        }
    }
    interview.elapsed_seconds = (at - started).num_seconds().max(0) as u64 + 60 * u64::from(covered > 0);
    interview
}

/// A value for `q`: communicated answers run high and accounts low, so there are gaps to find.
fn value(rng: &mut Rng, q: &Question) -> Option<AnswerValue> {
    let point = match q.stance {
        Some(Stance::Communicated) => *rng.pick(&[2, 3, 3, 4, 4]),
        Some(Stance::Received) => *rng.pick(&[0, 1, 1, 2, 2, 3, 4]),
        _ => rng.below(5),
    };
    Some(match q.kind {
        Kind::Scale => AnswerValue::Scale { value: point as u8 },
        Kind::Choice => {
            // Options run from the highest score down; pick the one nearest the point.
            let n = q.options.len().max(1);
            let i = ((4 - point) * (n - 1) + 2) / 4;
            AnswerValue::Choice { option: q.options.get(i.min(n - 1))?.label.clone() }
        }
        Kind::Multi => {
            let mut options: Vec<String> =
                q.options.iter().filter(|_| rng.chance(0.4)).map(|o| o.label.clone()).collect();
            if options.is_empty() {
                options.push(q.options.first()?.label.clone());
            }
            AnswerValue::Multi { options }
        }
        Kind::Number => {
            let hi = q.max.unwrap_or(60.0);
            let lo = q.min.unwrap_or(0.0);
            AnswerValue::Number { value: (lo + (hi - lo) * rng.below(101) as f64 / 100.0).round() }
        }
        Kind::Text => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banks_validate_at_every_size_and_are_deterministic() {
        for n in BANK_SIZES {
            let c = catalog(n, 7);
            // `n` entries; a claim asked of each of its receivers is a row per receiver.
            let entries = c
                .banks
                .iter()
                .flat_map(|b| b.questions.windows(2).map(|w| w[0].group.is_none() || w[0].group != w[1].group));
            let first_rows = c.banks.iter().map(|b| b.questions.len().min(1)).sum::<usize>();
            assert_eq!(entries.filter(|&new| new).count() + first_rows, n);
            assert!(c.banks.iter().flat_map(|b| &b.questions).any(|q| q.group.is_some()), "{n}: rows");
            assert_eq!(c.topics.len(), TOPICS);
            for stance in [Stance::Communicated, Stance::Received, Stance::Practice] {
                assert!(c.banks.iter().flat_map(|b| &b.questions).any(|q| q.stance == Some(stance)), "{n}: {stance:?}");
            }
        }
        assert_eq!(bank_files(250, 1), bank_files(250, 1));
        assert_ne!(bank_files(250, 1), bank_files(250, 2));
    }

    #[test]
    fn sessions_have_answers_notes_and_gaps() {
        let c = catalog(250, 1);
        let s = session(&c, 50, 3);
        assert_eq!(s.interviews.len(), 50);
        assert_eq!(s, session(&c, 50, 3));
        let answers: Vec<_> = s.interviews.iter().flat_map(|i| i.answers.values()).collect();
        assert!(answers.iter().filter(|a| !a.notes.is_empty()).count() > answers.len() / 2);
        assert!(answers.iter().any(|a| a.state == AnswerState::Skipped));
        let d = crate::divergence::compute(&s, &c);
        assert!(d.cells_compared > 100, "{}", d.cells_compared);
        assert!(d.topics.iter().any(|t| t.cells.iter().any(|c| c.verdict.is_divergent())));
    }

    #[test]
    fn sessions_of_a_size() {
        let c = Catalog::embedded().unwrap();
        let s = session_of_bytes(&c, 200_000, 1);
        let size = file_bytes(&s);
        assert!((200_000..230_000).contains(&size), "{size}");
        // And the store reads it back.
        let dir = tempfile::tempdir().unwrap();
        let store = crate::storage::Store::open(dir.path()).unwrap();
        store.save(&s).unwrap();
        assert_eq!(store.load(&s.id, &crate::bank::Catalog::embedded().unwrap()).unwrap(), s);
    }
}

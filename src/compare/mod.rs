//! What moved since the last assessment: a follow-up engagement compared with the earlier one,
//! both read with the banks in force. Per topic and receiving function, the received level and
//! the gap before and after; the pillars and readings whose verdict changed; the cells whose
//! claims' standing changed. What cannot be compared — a function interviewed only once, a
//! topic one engagement has no level on, answers to questions the banks no longer ask — is
//! listed with why, never dropped.

use serde::Serialize;

use crate::bank::Catalog;
use crate::divergence::{Cell, Divergence, Unknown};
use crate::session::{AnswerState, Session};

/// A change of at least this many scale points in a level or a gap is movement; less is within
/// what two readings of one organisation differ by (one scale point, as the matrix's minor gap).
pub const MOVED_POINTS: f64 = 1.0;

/// One engagement, as the comparison names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Engagement {
    pub id: String,
    pub organisation: String,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch: Option<String>,
    pub interviews: usize,
}

/// A figure then and now.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub earlier: Option<f64>,
    pub later: Option<f64>,
}

impl Change {
    /// Later minus earlier, where both are known.
    pub fn delta(self) -> Option<f64> {
        Some(self.later? - self.earlier?)
    }
}

/// Which way a cell moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Movement {
    /// More received, or a gap narrowed, by a scale point or more (and nothing worse).
    Improved,
    Worsened,
    /// One better and the other worse.
    Mixed,
    Unchanged,
}

impl Movement {
    /// The sign beside a matrix cell, readable without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Movement::Improved => "↑",
            Movement::Worsened => "↓",
            Movement::Mixed => "↕",
            Movement::Unchanged => "=",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Movement::Improved => "improved",
            Movement::Worsened => "worsened",
            Movement::Mixed => "mixed",
            Movement::Unchanged => "unchanged",
        }
    }

    /// From the change in the received level and in the gap's size, in points.
    pub fn of(level: Option<f64>, gap_size: Option<f64>) -> Movement {
        let better = level.is_some_and(|l| l >= MOVED_POINTS) || gap_size.is_some_and(|g| g <= -MOVED_POINTS);
        let worse = level.is_some_and(|l| l <= -MOVED_POINTS) || gap_size.is_some_and(|g| g >= MOVED_POINTS);
        match (better, worse) {
            (true, true) => Movement::Mixed,
            (true, false) => Movement::Improved,
            (false, true) => Movement::Worsened,
            (false, false) => Movement::Unchanged,
        }
    }
}

/// One topic and receiving function, then and now (levels and gaps in scale points).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    pub topic: String,
    pub title: String,
    pub function: String,
    pub level: Change,
    pub gap: Change,
    pub verdict_earlier: String,
    pub verdict_later: String,
    pub movement: Movement,
}

/// A topic and function whose levels cannot be compared, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotComparable {
    pub topic: String,
    pub title: String,
    pub function: String,
    pub reason: String,
}

/// A verdict that changed: a pillar's level, a reading's verdict, or a claim's standing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictChange {
    /// What it is about: a pillar, a reading's title, or "topic — function".
    pub about: String,
    pub earlier: String,
    pub later: String,
}

/// An answer in one engagement to a question the banks in force no longer ask.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retired {
    pub engagement: String,
    pub function: String,
    pub question_id: String,
    /// As it was asked, where the bank keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The later engagement against the earlier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub earlier: Engagement,
    pub later: Engagement,
    pub gap_index: Change,
    pub readiness: Change,
    /// Every cell with a level then and now, in the later matrix's order (most severe first).
    pub cells: Vec<CellChange>,
    pub not_comparable: Vec<NotComparable>,
    pub pillars: Vec<VerdictChange>,
    pub readings: Vec<VerdictChange>,
    pub claims: Vec<VerdictChange>,
    pub retired: Vec<Retired>,
}

impl Comparison {
    /// The cell of `topic` and `function`, when it was compared.
    pub fn cell(&self, topic: &str, function: &str) -> Option<&CellChange> {
        self.cells.iter().find(|c| c.topic == topic && c.function == function)
    }

    /// What could not be compared, one group per function and reason (a function interviewed
    /// once explains many cells), with the titles of its topics.
    pub fn not_comparable_grouped(&self) -> Vec<(&str, &str, Vec<&str>)> {
        let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
        for n in &self.not_comparable {
            match groups.iter_mut().find(|(f, r, _)| *f == n.function && *r == n.reason) {
                Some((_, _, topics)) => topics.push(&n.title),
                None => groups.push((&n.function, &n.reason, vec![&n.title])),
            }
        }
        groups
    }
}

/// One engagement as read: what the comparison sets beside the other's.
#[derive(Clone, Copy)]
pub struct Read<'a> {
    pub session: &'a Session,
    /// Its matrix (with or without its evidence: the cells are the same).
    pub matrix: &'a Divergence,
    pub diagnosis: &'a crate::diagnosis::Diagnosis,
    pub ledger: &'a [crate::claims::Entry],
}

/// What a [`Read`] borrows, computed.
struct Reading {
    matrix: Divergence,
    diagnosis: crate::diagnosis::Diagnosis,
    ledger: Vec<crate::claims::Entry>,
}

impl Reading {
    fn of(session: &Session, catalog: &Catalog) -> Reading {
        Reading {
            matrix: crate::divergence::matrix(session, catalog),
            diagnosis: crate::diagnosis::diagnose(session, catalog),
            ledger: crate::claims::ledger(session, catalog),
        }
    }

    fn of_session<'a>(&'a self, session: &'a Session) -> Read<'a> {
        Read { session, matrix: &self.matrix, diagnosis: &self.diagnosis, ledger: &self.ledger }
    }
}

/// `later` compared with `earlier`, both read with `catalog`.
pub fn compare(earlier: &Session, later: &Session, catalog: &Catalog) -> Comparison {
    // The two engagements are read apart, so on two threads: each is a whole diagnosis.
    let (then, now) = std::thread::scope(|scope| {
        let then = scope.spawn(|| Reading::of(earlier, catalog));
        let now = Reading::of(later, catalog);
        // Reading cannot panic short of a bug; read again here rather than fail the command.
        (then.join().unwrap_or_else(|_| Reading::of(earlier, catalog)), now)
    });
    between(then.of_session(earlier), now.of_session(later), catalog)
}

/// The later engagement, already read (the report has its matrix, diagnosis and claims), compared
/// with `earlier`, read here with `catalog`.
pub fn compare_read(earlier: &Session, now: Read, catalog: &Catalog) -> Comparison {
    let then = Reading::of(earlier, catalog);
    between(then.of_session(earlier), now, catalog)
}

fn between(then: Read, now: Read, catalog: &Catalog) -> Comparison {
    let (earlier, later) = (then.session, now.session);
    let (before, after) = (then.matrix, now.matrix);
    let (cells, not_comparable) = cells(before, after, catalog);
    let (d0, d1) = (then.diagnosis, now.diagnosis);
    let pillars = d1
        .pillars
        .iter()
        .filter_map(|p| {
            let then = d0.pillars.iter().find(|q| q.pillar == p.pillar)?;
            (then.level_words() != p.level_words()).then(|| VerdictChange {
                about: p.pillar.name().to_string(),
                earlier: then.level_words().to_string(),
                later: p.level_words().to_string(),
            })
        })
        .collect();
    let readings = d1
        .readings
        .iter()
        .filter_map(|r| {
            let then = d0.readings.iter().find(|q| q.id == r.id)?;
            (then.verdict != r.verdict).then(|| VerdictChange {
                about: r.title.to_string(),
                earlier: then.verdict.clone(),
                later: r.verdict.clone(),
            })
        })
        .collect();
    Comparison {
        earlier: engagement(earlier),
        later: engagement(later),
        gap_index: Change { earlier: before.gap_index, later: after.gap_index },
        readiness: Change { earlier: before.readiness, later: after.readiness },
        cells,
        not_comparable,
        pillars,
        readings,
        claims: claims(then.ledger, now.ledger, after, catalog),
        retired: [earlier, later].into_iter().flat_map(|s| retired(s, catalog)).collect(),
    }
}

fn engagement(s: &Session) -> Engagement {
    Engagement {
        id: s.id.clone(),
        organisation: s.organisation.clone(),
        created_at: s.created_at.format("%Y-%m-%d").to_string(),
        launch: s.launch.as_ref().map(crate::session::Launch::label),
        interviews: s.accounts().interviews.len(),
    }
}

/// Every cell of the later matrix against the same cell of the earlier one: those compared,
/// and those that cannot be, with why.
pub fn cells(before: &Divergence, after: &Divergence, catalog: &Catalog) -> (Vec<CellChange>, Vec<NotComparable>) {
    let (mut compared, mut not) = (Vec::new(), Vec::new());
    for t in &after.topics {
        let then_topic = before.topics.iter().find(|b| b.topic == t.topic);
        for now in &t.cells {
            let function = now.received.function.clone();
            let then = then_topic.and_then(|b| b.cell(&function));
            let name = catalog.bank(&function).map_or(function.as_str(), |b| b.title.as_str());
            let reason = match then {
                None => Some("not compared in the earlier engagement".to_string()),
                Some(then) => why_not(then, now, name),
            };
            if let Some(reason) = reason {
                not.push(NotComparable { topic: t.topic.clone(), title: t.title.clone(), function, reason });
                continue;
            }
            let Some(then) = then else { continue };
            let level = Change { earlier: then.received.score_points, later: now.received.score_points };
            let gap = Change { earlier: then.gap_points, later: now.gap_points };
            let gap_size = gap.earlier.zip(gap.later).map(|(a, b)| b.abs() - a.abs());
            compared.push(CellChange {
                topic: t.topic.clone(),
                title: t.title.clone(),
                function,
                level,
                gap,
                verdict_earlier: then.verdict.name().to_string(),
                verdict_later: now.verdict.name().to_string(),
                movement: Movement::of(level.delta(), gap_size),
            });
        }
    }
    (compared, not)
}

/// Why a cell's received levels cannot be compared, if they cannot.
fn why_not(then: &Cell, now: &Cell, name: &str) -> Option<String> {
    let why = |unknown: Option<Unknown>, when: &str| match unknown {
        Some(Unknown::NotInterviewed) => format!("{name} was not interviewed in the {when} engagement"),
        Some(u) => format!("no level in the {when} engagement: {}", u.text()),
        None => format!("no level in the {when} engagement"),
    };
    match (then.received.score_points, now.received.score_points) {
        (Some(_), Some(_)) => None,
        (None, _) => Some(why(then.received.unknown, "earlier")),
        (_, None) => Some(why(now.received.unknown, "later")),
    }
}

/// The topic and function cells whose claims stand differently now.
fn claims(
    l0: &[crate::claims::Entry],
    l1: &[crate::claims::Entry],
    after: &Divergence,
    catalog: &Catalog,
) -> Vec<VerdictChange> {
    let name = |s: Option<crate::claims::Standing>| s.map_or("no claim", |s| s.name()).to_string();
    let mut out = Vec::new();
    for t in &after.topics {
        for f in &after.receivers {
            let (a, b) = (crate::claims::cell_standing(l0, &t.topic, f), crate::claims::cell_standing(l1, &t.topic, f));
            if a != b {
                let function = catalog.bank(f).map_or(f.as_str(), |b| b.title.as_str());
                out.push(VerdictChange {
                    about: format!("{} — {function}", t.title),
                    earlier: name(a),
                    later: name(b),
                });
            }
        }
    }
    out
}

/// The answers `session` holds to questions the banks in force no longer ask.
fn retired(session: &Session, catalog: &Catalog) -> Vec<Retired> {
    let mut out: Vec<Retired> = Vec::new();
    let case_text = session.case_text();
    let case = case_text.case();
    for interview in &session.accounts().interviews {
        let Some(bank) = catalog.bank(&interview.function) else { continue };
        for (id, answer) in &interview.answers {
            if answer.state == AnswerState::NotAsked || bank.question(id).is_some() {
                continue;
            }
            if !out.iter().any(|r| &r.question_id == id) {
                out.push(Retired {
                    engagement: session.id.clone(),
                    function: interview.function.clone(),
                    question_id: id.clone(),
                    // As it was asked: that engagement's launch named.
                    text: bank.retired(id).map(|r| crate::bank::fill(&r.text, &case).into_owned()),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;

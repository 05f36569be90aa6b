//! Values stamped ahead of the clock: a laptop whose clock read 2031 makes its value the one
//! shown after every merge (the others stay as conflicts, never dropped), so a merge says so.

use chrono::{DateTime, Duration, Utc};

use crate::session::Session;

/// How far ahead of this machine's clock a stamp may be before a merge points it out: more
/// than time zones or a drifting clock explain.
pub const AHEAD_LIMIT: Duration = Duration::days(1);

/// A value edited "in the future".
#[derive(Debug, Clone, PartialEq)]
pub struct FutureStamp {
    pub interview: usize,
    /// The question, or the claim's id for a claim or check.
    pub item: String,
    pub edited_at: DateTime<Utc>,
    pub edited_by: Option<String>,
}

/// Every answer, conflict, claim and check of `session` stamped more than [`AHEAD_LIMIT`]
/// after `now`.
pub fn future_stamps(session: &Session, now: DateTime<Utc>) -> Vec<FutureStamp> {
    let ahead = |t: Option<DateTime<Utc>>| t.filter(|t| *t > now + AHEAD_LIMIT);
    let mut out = Vec::new();
    for (n, i) in session.interviews.iter().enumerate() {
        let answers = i.answers.iter().chain(i.conflicts.iter().map(|c| (&c.question, &c.answer)));
        for (q, a) in answers {
            if let Some(at) = ahead(a.edited_at) {
                out.push(FutureStamp { interview: n, item: q.clone(), edited_at: at, edited_by: a.edited_by.clone() });
            }
        }
        let claims = i.claims.iter().chain(i.claim_conflicts.iter().map(|d| &d.version));
        for c in claims {
            if let Some(at) = ahead(Some(c.edited_at)) {
                out.push(FutureStamp { interview: n, item: c.id.clone(), edited_at: at, edited_by: c.made_by.clone() });
            }
        }
        let checks = i.checks.iter().chain(i.check_conflicts.iter().map(|d| &d.version));
        for c in checks {
            if let Some(at) = ahead(Some(c.at)) {
                out.push(FutureStamp { interview: n, item: c.claim.clone(), edited_at: at, edited_by: c.by.clone() });
            }
        }
    }
    out
}

//! The claim ledger: every claim that still stands, and for each function it concerns what
//! that function's interviews said when it was put to them — confirmed, partly, refuted (not
//! received, or unaware) — or that it is still to verify, and with whom.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::bank::Catalog;
use crate::session::{Check, Claim, Session, Verdict};

/// How a claim stands with one function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Not received or unaware in some interview: the claim did not hold there.
    Refuted,
    Partly,
    Confirmed,
    /// Interviewed, but put to none of them yet (or "not asked" by all).
    ToVerify,
    /// The function has not been interviewed yet.
    NotInterviewed,
}

impl Standing {
    pub fn name(self) -> &'static str {
        match self {
            Standing::Refuted => "refuted",
            Standing::Partly => "partly",
            Standing::Confirmed => "confirmed",
            Standing::ToVerify => "to verify",
            Standing::NotInterviewed => "not interviewed yet",
        }
    }

    /// What the matrix marks: a refuted claim, or one still to verify with someone interviewed.
    pub fn symbol(self) -> Option<&'static str> {
        match self {
            Standing::Refuted => Some("⊘"),
            Standing::ToVerify => Some("◌"),
            _ => None,
        }
    }
}

/// One interview's answer to a claim put to it (or that it was not yet put).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heard {
    pub interview: String,
    /// "Sales #1 — Dana Ortiz, Head of Sales".
    pub label: String,
    /// None: not yet put to them.
    pub check: Option<Check>,
}

/// How a claim stands with one of the functions it concerns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WithFunction {
    pub function: String,
    pub title: String,
    pub standing: Standing,
    pub heard: Vec<Heard>,
}

/// A claim that stands, where it was made, and how it stands with each function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub claim: Claim,
    pub made_in: String,
    pub made_in_label: String,
    pub functions: Vec<WithFunction>,
}

impl Entry {
    /// The functions it is still to be verified with: not interviewed yet, or with an
    /// interviewee it was not put to (even when another of theirs already answered it).
    pub fn to_verify(&self) -> impl Iterator<Item = &WithFunction> {
        self.functions.iter().filter(|f| f.standing == Standing::NotInterviewed || f.unasked().next().is_some())
    }
}

impl WithFunction {
    /// The function's interviews the claim has not been put to yet (or was "not asked" in).
    pub fn unasked(&self) -> impl Iterator<Item = &Heard> {
        self.heard.iter().filter(|h| h.check.as_ref().is_none_or(|c| c.verdict == Verdict::NotAsked))
    }
}

/// A check as the ledger shows it: what was said, without the bookkeeping of which edits it
/// descends from (a map per check, which only merging reads: copying it was half the ledger's
/// time at 500 interviews).
fn without_revision(c: &Check) -> Check {
    Check {
        claim: c.claim.clone(),
        verdict: c.verdict,
        notes: c.notes.clone(),
        at: c.at,
        by: c.by.clone(),
        revision: Default::default(),
    }
}

/// Every claim of the session that stands, in the order the interviews were held.
pub fn ledger(session: &Session, catalog: &Catalog) -> Vec<Entry> {
    let session = &*session.accounts();
    let title_of = |f: &str| catalog.bank(f).map_or_else(|| f.to_string(), |b| b.title.clone());
    // Labels and checks found once, not once per claim: a large engagement has hundreds of
    // interviews and claims.
    let labels = session.labels(title_of);
    // Claim ids are long and looked up once per claim and interview: a fast hash.
    let checks: Vec<crate::divergence::fx::FxMap<&str, &Check>> =
        session.interviews.iter().map(|i| i.checks.iter().map(|c| (c.claim.as_str(), c)).collect()).collect();
    let mut by_function: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, i) in session.interviews.iter().enumerate() {
        by_function.entry(i.function.as_str()).or_default().push(j);
    }
    let mut out = Vec::new();
    for (k, interview) in session.interviews.iter().enumerate() {
        for claim in interview.claims.iter().filter(|c| c.withdrawn_at.is_none()) {
            let functions = claim
                .concerns
                .iter()
                .map(|f| {
                    let heard: Vec<Heard> = by_function
                        .get(f.as_str())
                        .into_iter()
                        .flatten()
                        .filter(|&&j| j != k)
                        .map(|&j| Heard {
                            interview: session.interviews[j].id.clone(),
                            label: labels[j].clone(),
                            check: checks[j].get(claim.id.as_str()).map(|c| without_revision(c)),
                        })
                        .collect();
                    WithFunction { function: f.clone(), title: title_of(f), standing: standing(&heard), heard }
                })
                .collect();
            out.push(Entry {
                claim: claim.clone(),
                made_in: interview.id.clone(),
                made_in_label: labels[k].clone(),
                functions,
            });
        }
    }
    out
}

fn standing(heard: &[Heard]) -> Standing {
    if heard.is_empty() {
        return Standing::NotInterviewed;
    }
    let verdicts: Vec<Verdict> = heard.iter().filter_map(|h| h.check.as_ref().map(|c| c.verdict)).collect();
    if verdicts.iter().any(|v| v.refutes()) {
        Standing::Refuted
    } else if verdicts.contains(&Verdict::Partly) {
        Standing::Partly
    } else if verdicts.contains(&Verdict::Confirmed) {
        Standing::Confirmed
    } else {
        Standing::ToVerify
    }
}

/// How the claims on `topic` stand with `function`, for its matrix cell: refuted if any claim
/// was; else to verify if any is still to put to one of the function's interviewees (even when
/// another of them answered it); else the best-verified standing.
pub fn cell_standing(entries: &[Entry], topic: &str, function: &str) -> Option<Standing> {
    let standings: Vec<Standing> = entries
        .iter()
        .filter(|e| e.claim.topic == topic)
        .flat_map(|e| e.functions.iter().filter(|f| f.function == function))
        .map(|f| match f.standing {
            Standing::Partly | Standing::Confirmed if f.unasked().next().is_some() => Standing::ToVerify,
            s => s,
        })
        .collect();
    [Standing::Refuted, Standing::ToVerify]
        .into_iter()
        .find(|s| standings.contains(s))
        .or_else(|| standings.iter().copied().min())
}

/// The claims concerning `function` on `topic` made in other interviews than `interview`,
/// with the index of the interview each was made in: what its `received` question carries
/// into this interview.
pub fn to_put<'a>(
    session: &'a Session,
    topic: &'a str,
    function: &'a str,
    interview: &'a str,
) -> impl Iterator<Item = (usize, &'a Claim)> + 'a {
    session
        .interviews
        .iter()
        .enumerate()
        .filter(move |(_, i)| i.id != interview)
        .flat_map(move |(k, i)| i.claims_on(topic).map(move |c| (k, c)))
        .filter(move |(_, c)| c.concerns.iter().any(|f| f == function))
}

/// The functions that receive `topic` (those with a `received` question on it), as (function,
/// title): whom a claim on it can concern.
pub fn receivers(catalog: &Catalog, topic: &str) -> Vec<(String, String)> {
    catalog
        .banks
        .iter()
        .filter(|b| {
            b.questions
                .iter()
                .any(|q| q.topic.as_deref() == Some(topic) && q.stance == Some(crate::bank::Stance::Received))
        })
        .map(|b| (b.function.clone(), b.title.clone()))
        .collect()
}

#[cfg(test)]
mod tests;

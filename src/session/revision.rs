//! Which edits a value descends from, so a merge can tell a value edited *after* another (the
//! other is history, and may go) from one edited *beside* it (two values: a conflict, whoever
//! wrote them and whatever the clocks say).
//!
//! Edits come in runs: one crosscheck process editing one value, each edit made on the one
//! before. A run is named by the process's random [`replica`] id and a number, so two laptops,
//! two consultants with one login name, or one person on two machines never share a run. A
//! value's revision maps every run it descends from to the last edit of that run it has seen
//! (a version vector over runs); since the edits of one run form a line, "has seen edit 4 of
//! run r" means it has seen edits 1–3 as well. A process continues a run only while the value
//! is still that run's latest edit; once a merge or a choice replaced it, the next edit starts
//! a new run, so it never claims to descend from a value it did not see.
//!
//! Values written before revisions existed have none: they are an ancestor of another value
//! only if that value recorded their content as replaced (`#` and a hash of it), which the
//! first edit of such a value does.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The edits a value descends from (see the module).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The run of the value's own latest edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// For each run the value descends from, the last of its edits the value has seen; `#…`
    /// names the content of a value from before revisions that an edit replaced.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub seen: BTreeMap<String, u64>,
}

/// This process's id among every crosscheck that edits a copy of an engagement: random, so no
/// two processes share one (not even a copied data folder's).
pub fn replica() -> String {
    static REPLICA: OnceLock<String> = OnceLock::new();
    if let Some(laptop) = LAPTOP.with(|l| l.borrow().clone()) {
        return laptop;
    }
    REPLICA
        .get_or_init(|| {
            let id = uuid::Uuid::now_v7().simple().to_string();
            // The last 16 hex digits of a UUIDv7 are random (its first ones are the clock).
            id[id.len() - 16..].to_string()
        })
        .clone()
}

thread_local! {
    static LAPTOP: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` as if on another laptop named `name` (its edits start runs of their own): for
/// tests that play several interviewers in one process.
pub fn on_laptop<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let before = LAPTOP.with(|l| l.replace(Some(name.to_string())));
    let out = f();
    LAPTOP.with(|l| *l.borrow_mut() = before);
    out
}

/// A run name this process has not used.
fn new_run() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{}.{}", replica(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The key recording that a value from before revisions, with content `hash`, was replaced.
fn legacy_key(hash: &str) -> String {
    format!("#{hash}")
}

impl Revision {
    pub fn is_empty(&self) -> bool {
        self.run.is_none() && self.seen.is_empty()
    }

    /// One more edit of the value by this process. `replaced_legacy` is the content hash of
    /// the value it replaces when that value has no revision (see [`content_hash`]).
    pub fn advance(&mut self, replaced_legacy: Option<String>) {
        if let Some(hash) = replaced_legacy {
            self.replaced(hash);
        }
        let mine = format!("{}.", replica());
        match self.run.clone().filter(|r| r.starts_with(&mine)) {
            Some(run) => *self.seen.entry(run).or_insert(0) += 1,
            None => {
                let run = new_run();
                self.seen.insert(run.clone(), 1);
                self.run = Some(run);
            }
        }
    }

    /// Records that the value replaces `hash`, a value without revision (see [`content_hash`]).
    pub fn replaced(&mut self, hash: String) {
        self.seen.insert(legacy_key(&hash), 0);
    }

    /// Everything `self` and `other` have seen (for a value chosen among several: it comes
    /// after all of them).
    pub fn join(&mut self, other: &Revision) {
        for (run, n) in &other.seen {
            let mine = self.seen.entry(run.clone()).or_insert(0);
            *mine = (*mine).max(*n);
        }
    }

    /// Whether a value with this revision (and, if it has none, content hashing to
    /// `legacy_hash`) is provably an ancestor of, or the same edit as, a value with `later`.
    pub fn precedes(&self, legacy_hash: impl FnOnce() -> String, later: &Revision) -> bool {
        if self.seen.is_empty() {
            // Hash only when `later` recorded replacing any such value at all.
            let replaced_any = later.seen.keys().any(|k| k.starts_with('#'));
            return replaced_any && later.seen.contains_key(&legacy_key(&legacy_hash()));
        }
        self.seen.iter().all(|(run, n)| later.seen.get(run).is_some_and(|m| m >= n))
    }
}

/// A stable hash of `content`'s JSON (SHA-1 through a name-based UUID): the same on every
/// machine, for recording which revision-less value an edit replaced.
pub fn content_hash(content: &impl Serialize) -> String {
    let json = serde_json::to_vec(content).unwrap_or_default();
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &json).simple().to_string();
    id[..16].to_string()
}

/// A value a merge keeps in versions: an answer, a claim, a check.
pub trait Versioned: Clone + PartialEq + Serialize {
    fn revision(&self) -> &Revision;
    fn revision_mut(&mut self) -> &mut Revision;
    /// The same thing said, whoever said it and when.
    fn same_content(&self, other: &Self) -> bool;
    /// What [`Versioned::same_content`] compares, for hashing a value without revision.
    fn content(&self) -> serde_json::Value;
    /// When it was last edited: orders values edited beside each other, never drops one.
    fn edited_at(&self) -> Option<DateTime<Utc>>;

    /// An ancestor of `later`, or the same edit, by the edits each descends from.
    fn descends_to(&self, later: &Self) -> bool {
        self.revision().precedes(|| content_hash(&self.content()), later.revision())
    }

    /// A strict ancestor of `later`. (Two different values that each claim to precede the
    /// other — a copied revision, a hand-edited file — were edited beside each other as far as
    /// anyone can prove.)
    fn replaced_by(&self, later: &Self) -> bool {
        self.descends_to(later) && !later.descends_to(self)
    }

    /// Provably replaced by `later`: the same content, or a strict ancestor of it.
    fn superseded_by(&self, later: &Self) -> bool {
        self.same_content(later) || self.replaced_by(later)
    }

    /// Nothing said yet (a question not asked): no edit needs to record replacing it.
    fn is_blank(&self) -> bool {
        false
    }

    /// What an edit of this value must record as replaced when the value has no revision
    /// (written before revisions): the hash of its content (see [`Revision::advance`]).
    fn legacy_hash(&self) -> Option<String> {
        (self.revision().is_empty() && !self.is_blank()).then(|| content_hash(&self.content()))
    }

    /// Carries `before`'s revision on to this value, an edit of it made here.
    fn follow(&mut self, before: &Self) {
        let mut revision = before.revision().clone();
        revision.advance(before.legacy_hash());
        *self.revision_mut() = revision;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(pairs: &[(&str, u64)]) -> Revision {
        Revision {
            run: pairs.last().map(|p| p.0.to_string()),
            seen: pairs.iter().map(|(r, n)| (r.to_string(), *n)).collect(),
        }
    }

    #[test]
    fn a_later_edit_of_the_same_run_follows_and_a_sibling_does_not() {
        let none = || unreachable!("only values without revision are hashed");
        assert!(rev(&[("a.1", 1)]).precedes(none, &rev(&[("a.1", 2)])));
        assert!(!rev(&[("a.1", 2)]).precedes(none, &rev(&[("a.1", 1)])));
        // Edited beside each other: neither is the other's ancestor.
        assert!(!rev(&[("a.1", 1)]).precedes(none, &rev(&[("b.1", 1)])));
        assert!(!rev(&[("b.1", 1)]).precedes(none, &rev(&[("a.1", 1)])));
        // Edited after seeing the other.
        assert!(rev(&[("a.1", 1)]).precedes(none, &rev(&[("a.1", 1), ("b.1", 1)])));
    }

    #[test]
    fn an_edit_continues_this_processs_run_and_starts_a_new_one_on_anothers_value() {
        let mut r = Revision::default();
        r.advance(None);
        let first = r.clone();
        r.advance(None);
        assert_eq!(r.run, first.run, "the same run goes on");
        assert!(first.precedes(|| unreachable!(), &r));
        // A colleague's value replaced it in a merge; editing that starts a new run, which has
        // not seen this process's first run.
        let mut theirs = rev(&[("elsewhere.1", 3)]);
        theirs.advance(None);
        assert_ne!(theirs.run, r.run);
        assert!(!r.precedes(|| unreachable!(), &theirs));
        assert!(rev(&[("elsewhere.1", 3)]).precedes(|| unreachable!(), &theirs));
    }

    #[test]
    fn a_value_without_revision_precedes_only_an_edit_that_recorded_replacing_it() {
        let mut edited = Revision::default();
        edited.advance(Some(content_hash(&"old notes")));
        assert!(Revision::default().precedes(|| content_hash(&"old notes"), &edited));
        assert!(!Revision::default().precedes(|| content_hash(&"other notes"), &edited));
        assert!(!Revision::default().precedes(|| content_hash(&"x"), &Revision::default()));
    }
}

//! The values several copies hold for one answer (claim, check) reduced to what the merge
//! keeps: the value kept, every value edited beside it (open conflicts), and every value a
//! choice was made over (settled). The only value ever dropped is one provably replaced by
//! another (an ancestor of it, see [`crate::session::Revision`]) that no one chose over:
//! history, not a disagreement. Timestamps only order the values edited beside each other; they never drop one.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::session::Versioned;

/// When and by whom a choice was made over a value; (None, None) while it is still open.
pub type Settled = (Option<DateTime<Utc>>, Option<String>);

/// What a merge keeps of one answer's values.
pub struct Kept<V> {
    /// The value kept as the answer (None only when there were no values).
    pub current: Option<V>,
    /// Every other value kept, with the choice made over it: open conflicts and settled ones,
    /// in an order that depends only on the values.
    pub others: Vec<(V, Settled)>,
}

/// Reduces `values` (every copy's answer and conflicts for one question) to what is kept.
pub fn keep<V: Versioned>(values: Vec<(&V, Settled)>) -> Kept<V> {
    let mut held: Vec<(&V, Settled)> = Vec::with_capacity(values.len());
    for (value, settled) in values {
        match held.iter_mut().find(|(v, _)| **v == *value) {
            // The same value in two copies: one value, settled if either copy chose over it.
            Some((_, s)) => *s = std::cmp::max(s.clone(), settled),
            None => held.push((value, settled)),
        }
    }
    if let [(only, _)] = held.as_slice() {
        // One value (the usual case: every copy holds the same): it is the answer.
        return Kept { current: Some((*only).clone()), others: Vec::new() };
    }
    let dominated: Vec<bool> =
        (0..held.len()).map(|i| (0..held.len()).any(|j| dominates(held[j].0, held[i].0))).collect();
    let mut frontier: Vec<usize> = (0..held.len()).filter(|&i| !dominated[i]).collect();
    if frontier.is_empty() {
        // Only hostile revisions can make a cycle: keep every value rather than guess.
        frontier = (0..held.len()).collect();
    }
    let best = |candidates: &mut dyn Iterator<Item = usize>| candidates.max_by(|&x, &y| order(held[x].0, held[y].0));
    let open = |i: &usize| held[*i].1.0.is_none();
    let current = best(&mut frontier.iter().copied().filter(open)).or_else(|| best(&mut frontier.iter().copied()));
    let mut others: Vec<(V, Settled)> = Vec::new();
    let mut current_value = None;
    for (i, (value, settled)) in held.into_iter().enumerate() {
        if Some(i) == current {
            current_value = Some(value.clone());
        } else if frontier.contains(&i) || settled.0.is_some() {
            others.push((value.clone(), settled));
        }
    }
    others.sort_by(|x, y| order(&x.0, &y.0).then_with(|| x.1.cmp(&y.1)));
    Kept { current: current_value, others }
}

/// `later` provably replaced `earlier`: a strict descendant by the edits they descend from.
/// (The same content said twice, beside each other, is two statements: both are kept, and the
/// interview shows them once.)
fn dominates<V: Versioned>(later: &V, earlier: &V) -> bool {
    later != earlier && earlier.replaced_by(later)
}

/// The later edit first; between edits of the same moment, the larger content, so every
/// laptop picks the same value to show as the answer.
pub fn order<V: Versioned>(a: &V, b: &V) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    a.edited_at().cmp(&b.edited_at()).then_with(|| {
        let json = |x: &V| serde_json::to_string(x).unwrap_or_default();
        json(a).cmp(&json(b))
    })
}

//! The palette's scoring: every entry's text against the query, with nucleo-matcher, on every
//! core the machine has.
//!
//! Three things keep a 1–3 letter query over 10,000 questions within a few milliseconds, none
//! of them changing a score nucleo gives or the order of what is shown:
//! - a text that holds a plain query as the start of a word (after white space, or first) scores
//!   what the query scores against itself, the highest score a match can have: it is not scored
//!   one by one (fuzzy scoring a long text costs ~1 µs, this check ~0.1 µs);
//! - when such texts are enough to fill what can be shown, the other matches, which all rank
//!   below them, are only found (a subsequence check), and scored when the list is scrolled
//!   down to them;
//! - what is scored is scored on as many threads as there are cores, each with its own matcher.
//!
//! When more is left to score than a frame allows, the palette scores it in parts between
//! frames ([`Search::split`], then [`Search::score`] on each part): see `Palette::work`.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

/// Fewer candidates than this are scored on one thread: starting threads would cost more.
const PARALLEL_FROM: usize = 2_000;

/// The entries' texts, prepared once for matching: built when the palette first opens and kept,
/// so that opening it again costs nothing.
pub struct Index {
    /// Each entry's text, and its tag with its text, converted once for the matcher.
    texts: Vec<Utf32String>,
    tagged: Vec<Utf32String>,
    /// Each ASCII text (with an ASCII tag) in lower case with a space before it and every white
    /// space a space, for finding the query as the start of a word; None for the others, which
    /// are always scored.
    words: Vec<Option<Box<str>>>,
    /// Each entry's tag in lower case with a space after it (the tag is matched before the text).
    tags: Vec<Box<str>>,
}

/// The scoring of one open palette.
pub struct Search {
    /// One matcher per thread (a matcher holds scratch memory and cannot be shared).
    matchers: Vec<Matcher>,
}

/// The matches of a query: `ranked` best first, ties in entry order; `unranked` match too and
/// all rank below every ranked one, in no particular order. What the palette shows, in one go:
/// the tests' reference for ranking in parts.
#[cfg(test)]
#[derive(Debug, Default, PartialEq)]
pub struct Ranking {
    pub ranked: Vec<(usize, i64)>,
    pub unranked: Vec<usize>,
}

/// A query's candidates before scoring: see [`Search::split`].
#[derive(Debug, Default)]
pub struct Split {
    /// Each with the highest score a match can have, in entry order.
    pub best: Vec<(usize, i64)>,
    pub rest: Vec<usize>,
    /// Whether every one of `rest` matches (else some may not).
    pub matching: bool,
}

/// How a query is matched: its pattern, and the shortcut for texts holding it as a word start.
struct Query {
    pattern: Pattern,
    /// " query" and the score of a text that holds it, when the shortcut applies.
    word_start: Option<(String, u32)>,
}

impl Index {
    /// `entries` are (text, tag) pairs.
    pub fn new<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> Index {
        let (mut texts, mut tagged, mut words, mut tags) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let lower = |text: &str| -> String {
            text.chars().map(|c| if c.is_ascii_whitespace() { ' ' } else { c.to_ascii_lowercase() }).collect()
        };
        for (text, tag) in entries {
            texts.push(Utf32String::from(text));
            tagged.push(Utf32String::from(format!("{tag} {text}").as_str()));
            words.push((text.is_ascii() && tag.is_ascii()).then(|| format!(" {}", lower(text)).into_boxed_str()));
            tags.push(format!("{} ", lower(tag)).into_boxed_str());
        }
        Index { texts, tagged, words, tags }
    }
}

impl Default for Search {
    fn default() -> Search {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        Search { matchers: (0..threads).map(|_| Matcher::new(Config::DEFAULT)).collect() }
    }
}

impl Search {
    /// The candidates that match `query`, best first (ties in entry order), with at least
    /// `shown` of them ranked (or all, when fewer match).
    #[cfg(test)]
    pub fn rank(&mut self, index: &Index, query: &str, candidates: &[usize], shown: usize) -> Ranking {
        let split = self.split(index, query, candidates);
        let mut ranked = split.best;
        if split.matching && ranked.len() >= shown {
            return Ranking { ranked, unranked: split.rest };
        }
        ranked.extend(self.score(index, query, &split.rest));
        Ranking { ranked, unranked: Vec::new() }
    }

    /// The candidates split, without scoring any one by one: those that score the most a match
    /// can (a plain query at the start of a word), and the rest, which match too when `matching`
    /// says so (a plain query's letters in order), or may match (any other query).
    pub fn split(&mut self, index: &Index, query: &str, candidates: &[usize]) -> Split {
        let query = Query::new(query, &mut self.matchers[0]);
        let Some((needle, top)) = &query.word_start else {
            return Split { best: Vec::new(), rest: candidates.to_vec(), matching: false };
        };
        let top = i64::from(*top) * 2;
        let (mut best, mut rest) = (Vec::new(), Vec::new());
        for &i in candidates {
            match &index.words[i] {
                Some(words) if words.contains(needle.as_str()) => best.push(i),
                // Matching the tag then the text is matching at all (the text alone or with its tag).
                Some(words) if query.is_subsequence(&[&index.tags[i], words]) => rest.push(i),
                Some(_) => {}
                // Other scripts may match through normalisation (é for e): scored now, they are few.
                None => match query.score(&index.texts, &index.tagged, i, &mut self.matchers[0]) {
                    Some(score) if score == top => best.push(i),
                    Some(_) => rest.push(i),
                    None => {}
                },
            }
        }
        best.sort_unstable();
        Split { best: best.into_iter().map(|i| (i, top)).collect(), rest, matching: true }
    }

    /// The candidates that match, scored one by one, best first, ties in entry order.
    pub fn score(&mut self, index: &Index, query: &str, candidates: &[usize]) -> Vec<(usize, i64)> {
        let query = Query::new(query, &mut self.matchers[0]);
        self.score_sorted(index, &query, candidates)
    }

    /// Ranks what [`Search::rank`] left unranked: best first, ties in entry order.
    pub fn rank_rest(&mut self, index: &Index, query: &str, unranked: &[usize]) -> Vec<(usize, i64)> {
        self.score(index, query, unranked)
    }

    /// The candidates that match, scored one by one (on several threads when there are many),
    /// best first, ties in entry order.
    fn score_sorted(&mut self, index: &Index, query: &Query, candidates: &[usize]) -> Vec<(usize, i64)> {
        let (texts, tagged) = (&index.texts, &index.tagged);
        let score_all = |chunk: &[usize], matcher: &mut Matcher| -> Vec<(usize, i64)> {
            chunk.iter().filter_map(|&i| Some((i, query.score(texts, tagged, i, matcher)?))).collect()
        };
        let threads = if candidates.len() < PARALLEL_FROM { 1 } else { self.matchers.len() };
        let mut scored = if threads == 1 {
            score_all(candidates, &mut self.matchers[0])
        } else {
            let size = candidates.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let handles: Vec<_> = candidates
                    .chunks(size)
                    .zip(self.matchers.iter_mut())
                    .map(|(chunk, matcher)| scope.spawn(move || score_all(chunk, matcher)))
                    .collect();
                // A scoring thread cannot panic short of a bug in the matcher; its chunk is
                // then left out rather than the palette taken down.
                handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
            })
        };
        scored.sort_unstable_by_key(|&(i, score)| (std::cmp::Reverse(score), i));
        scored
    }

    /// The matched characters of each entry's text, for highlighting.
    pub fn indices(&mut self, index: &Index, query: &str, entries: impl Iterator<Item = usize>) -> Vec<Vec<usize>> {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut found = Vec::new();
        entries
            .map(|i| {
                found.clear();
                if pattern.indices(index.texts[i].slice(..), &mut self.matchers[0], &mut found).is_none() {
                    return Vec::new();
                }
                found.sort_unstable();
                found.dedup();
                found.iter().map(|&x| x as usize).collect()
            })
            .collect()
    }
}

impl Query {
    fn new(query: &str, matcher: &mut Matcher) -> Query {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        // Only plain lower-case words: capitals make the match case-sensitive, and spaces and
        // signs such as ^ ' ! $ give the pattern a syntax of its own.
        let plain = !query.is_empty() && query.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let word_start = plain.then(|| format!(" {query}")).and_then(|needle| {
            let top = pattern.score(Utf32String::from(needle.as_str()).slice(..), matcher)?;
            Some((needle, top))
        });
        Query { pattern, word_start }
    }

    /// Whether the plain query's letters appear in this order in `parts` (in lower case), one
    /// after the other.
    fn is_subsequence(&self, parts: &[&str]) -> bool {
        let Some((needle, _)) = &self.word_start else { return false };
        // The needle's first byte is the space put before the query.
        let mut wanted = needle.as_bytes()[1..].iter().peekable();
        for b in parts.iter().flat_map(|p| p.bytes()) {
            if wanted.peek() == Some(&&b) {
                wanted.next();
            }
        }
        wanted.peek().is_none()
    }

    /// Entry `i`'s score: twice its text's, or its tag and text's when only they match (so that
    /// "sales brief" finds Sales questions, below matches in the text alone).
    fn score(&self, texts: &[Utf32String], tagged: &[Utf32String], i: usize, matcher: &mut Matcher) -> Option<i64> {
        let pattern = &self.pattern;
        pattern
            .score(texts[i].slice(..), matcher)
            .map(|s| i64::from(s) * 2)
            .or_else(|| pattern.score(tagged[i].slice(..), matcher).map(i64::from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entry scored one by one, on one thread, with no shortcut: best first, ties in entry
    /// order.
    fn one_by_one(entries: &[(String, String)], query: &str, only: impl Fn(usize) -> bool) -> Vec<(usize, i64)> {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut score = |text: &str| pattern.score(Utf32String::from(text).slice(..), &mut matcher);
        let mut scored: Vec<(usize, i64)> = entries
            .iter()
            .enumerate()
            .filter(|(i, _)| only(*i))
            .filter_map(|(i, (text, tag))| {
                let s =
                    score(text).map(|s| i64::from(s) * 2).or_else(|| score(&format!("{tag} {text}")).map(i64::from))?;
                Some((i, s))
            })
            .collect();
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
    }

    #[test]
    fn shortcuts_threads_and_ranking_later_change_nothing_shown() {
        let catalog = crate::testing::catalog(2_500, 7);
        let mut entries: Vec<(String, String)> =
            catalog.banks.iter().flat_map(|b| b.questions.iter().map(|q| (q.text.clone(), b.title.clone()))).collect();
        // Word starts after other characters than a space, capitals, digits, other scripts, a
        // match only with the tag.
        for text in [
            "(launch) day",
            "pre-launch",
            "Launch",
            "launch",
            "LAUNCH plan",
            "x\tlaunch",
            "x\nla",
            "la",
            "l a",
            "über launch",
            "lá",
            "nothing here",
            "ü",
        ] {
            entries.push((text.to_string(), "topic".to_string()));
        }
        // A tag in another script (a bank titled so) with a plain text.
        entries.push(("plain text".to_string(), "Lá".to_string()));
        let index = Index::new(entries.iter().map(|(t, g)| (t.as_str(), g.as_str())));
        let mut search = Search::default();
        let all: Vec<usize> = (0..entries.len()).rev().collect();
        let some: Vec<usize> = (0..entries.len()).step_by(3).collect();
        let queries =
            ["l", "la", "lau", "launch", "La", "sales brief", "topic no", "zq", "2", "ü", "'la", "^la", "la$", "!la"];
        for query in queries {
            for (candidates, only) in [(&all, &(|_| true) as &dyn Fn(usize) -> bool), (&some, &|i| i % 3 == 0)] {
                let expected = one_by_one(&entries, query, only);
                let whole = search.rank(&index, query, candidates, usize::MAX);
                assert_eq!(whole, Ranking { ranked: expected.clone(), unranked: Vec::new() }, "{query}");
                // Ranked in two goes: what shows first, then the rest when scrolled to.
                let first = search.rank(&index, query, candidates, 10);
                let rest = search.rank_rest(&index, query, &first.unranked);
                assert!(first.ranked.len() >= 10.min(expected.len()), "{query}");
                assert_eq!(first.ranked.len() + first.unranked.len(), expected.len(), "{query}: the count is exact");
                assert_eq!([first.ranked, rest].concat(), expected, "{query}, in two goes");
            }
        }
    }
}

//! Said-but-not-heard: salient words and two-word phrases in one side's notes that the other
//! side's notes never use. Plain, explainable evidence rather than a similarity score.

use std::collections::{BTreeMap, HashSet};

/// Words too common to say anything about a launch.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "actually",
    "after",
    "again",
    "all",
    "almost",
    "already",
    "also",
    "always",
    "am",
    "an",
    "and",
    "another",
    "any",
    "anybody",
    "anyone",
    "anything",
    "anyway",
    "are",
    "aren't",
    "around",
    "as",
    "at",
    "back",
    "bad",
    "basically",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "bit",
    "both",
    "but",
    "by",
    "came",
    "can",
    "can't",
    "come",
    "coming",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "done",
    "down",
    "during",
    "each",
    "enough",
    "even",
    "ever",
    "every",
    "everybody",
    "everyone",
    "everything",
    "far",
    "few",
    "fine",
    "for",
    "from",
    "get",
    "gets",
    "getting",
    "give",
    "given",
    "gives",
    "goes",
    "going",
    "gone",
    "good",
    "got",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "he's",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "honestly",
    "how",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "just",
    "keep",
    "kept",
    "kind",
    "knew",
    "know",
    "known",
    "let",
    "let's",
    "like",
    "look",
    "looked",
    "lot",
    "lots",
    "made",
    "make",
    "many",
    "may",
    "maybe",
    "me",
    "mean",
    "meant",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "need",
    "needed",
    "never",
    "next",
    "no",
    "nobody",
    "nor",
    "not",
    "nothing",
    "now",
    "of",
    "off",
    "often",
    "okay",
    "on",
    "once",
    "one",
    "ones",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "part",
    "per",
    "perhaps",
    "pretty",
    "probably",
    "put",
    "quite",
    "rather",
    "really",
    "right",
    "said",
    "same",
    "saw",
    "say",
    "says",
    "see",
    "seem",
    "seemed",
    "seems",
    "seen",
    "she",
    "she's",
    "should",
    "shouldn't",
    "so",
    "some",
    "somebody",
    "someone",
    "something",
    "sometimes",
    "sort",
    "still",
    "such",
    "sure",
    "take",
    "taken",
    "tell",
    "telling",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they'd",
    "they're",
    "they've",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "thought",
    "through",
    "to",
    "told",
    "too",
    "took",
    "tried",
    "try",
    "trying",
    "under",
    "until",
    "up",
    "us",
    "use",
    "used",
    "using",
    "usually",
    "very",
    "want",
    "wanted",
    "was",
    "wasn't",
    "way",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "well",
    "went",
    "were",
    "weren't",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whole",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "would",
    "wouldn't",
    "yeah",
    "yes",
    "yet",
    "you",
    "you're",
    "you've",
    "your",
    "yours",
];

/// A term as compared (stemmed) and as shown (the first surface form met).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub key: String,
    pub shown: String,
}

/// Light stemming: enough that "launched", "launches" and "launch" meet; ASCII words only, so
/// other scripts are compared as written.
fn stem(word: &str) -> String {
    if !word.is_ascii() {
        return word.to_string();
    }
    for suffix in ["ings", "ing", "edly", "ed", "ies", "es", "s", "ly"] {
        if let Some(base) = word.strip_suffix(suffix)
            && base.len() >= 3
        {
            return match suffix {
                "ies" => format!("{base}y"),
                _ => base.to_string(),
            };
        }
    }
    word.to_string()
}

/// The functions themselves: naming who was interviewed says nothing about what was sent.
const FUNCTION_WORDS: &[&str] = &["cs", "engineering", "operations", "ops", "pm", "product", "sales", "team", "teams"];

fn is_stop(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok() || FUNCTION_WORDS.contains(&word)
}

/// The salient terms of a text, in order of first appearance: words of three letters or more
/// (any script; a run of CJK characters counts as one word) that are not stop-words, and
/// two-word phrases of adjacent salient words.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |key: String, shown: String, out: &mut Vec<Term>| {
        if seen.insert(key.clone()) {
            out.push(Term { key, shown });
        }
    };
    // Sentence punctuation breaks phrases; letters and digits (and ' or - inside words) join.
    for chunk in text.split(['.', ',', ';', ':', '!', '?', '\n', '(', ')', '"']) {
        let mut previous: Option<(String, String)> = None;
        for raw in chunk.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-')) {
            let word = raw.trim_matches(|c: char| c == '\'' || c == '-').to_lowercase();
            let short = word.chars().count() < 3 && word.is_ascii();
            if word.is_empty() || short || is_stop(&word) || word.chars().all(|c| c.is_ascii_digit()) {
                previous = None;
                continue;
            }
            let key = stem(&word);
            // Phrases pair words without overlap ("enablement webinar", "two weeks"), so one
            // word never makes two phrases.
            match previous.take() {
                Some((pkey, pshown)) => push(format!("{pkey} {key}"), format!("{pshown} {word}"), &mut out),
                None => previous = Some((key.clone(), word.clone())),
            }
            push(key, word, &mut out);
        }
    }
    out
}

/// Terms of `said` that appear nowhere in `heard`, most frequent first (phrases before their
/// words when tied), at most `limit`.
pub fn missing_from(said: &[&str], heard: &[&str], limit: usize) -> Vec<String> {
    let heard_keys: HashSet<String> = heard.iter().flat_map(|t| terms(t)).map(|t| t.key).collect();
    // Count how many of the texts use each term; keep the first surface form.
    let mut counts: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    let mut order = 0;
    for text in said {
        for t in terms(text) {
            let entry = counts.entry(t.key.clone()).or_insert_with(|| {
                order += 1;
                (0, order, t.shown.clone())
            });
            entry.0 += 1;
        }
    }
    let mut missing: Vec<(String, (usize, usize, String))> = counts
        .into_iter()
        .filter(|(key, _)| !heard_keys.contains(key) && !key.split(' ').all(|w| heard_keys.contains(w)))
        .collect();
    // A phrase whose words are all missing says more than each word alone: drop the words.
    let phrases: Vec<String> = missing.iter().filter(|(k, _)| k.contains(' ')).map(|(k, _)| k.clone()).collect();
    missing.retain(|(k, _)| k.contains(' ') || !phrases.iter().any(|p| p.split(' ').any(|w| w == k)));
    missing.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    missing.into_iter().take(limit).map(|(_, (_, _, shown))| shown).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("launched"), "launch");
        assert_eq!(stem("launches"), "launch");
        assert_eq!(stem("briefings"), "brief");
        assert_eq!(stem("stories"), "story");
        assert_eq!(stem("was"), "was");
    }

    #[test]
    fn words_and_phrases_without_stop_words() {
        let t: Vec<_> = terms("We sent the pricing FAQ, and a recorded demo.").into_iter().map(|t| t.shown).collect();
        // "the" sits between "sent" and "pricing", so they make no phrase.
        assert_eq!(t, ["sent", "pricing", "pricing faq", "faq", "recorded", "recorded demo", "demo"]);
        let t: Vec<_> = terms("enablement webinar two weeks early").into_iter().map(|t| t.shown).collect();
        assert_eq!(t, ["enablement", "enablement webinar", "webinar", "two", "two weeks", "weeks", "early"]);
    }

    #[test]
    fn said_but_not_heard() {
        let pm = ["Sales got the pricing FAQ and a recorded demo two weeks before launch."];
        let sales = ["We never saw a demo. The launch was a surprise; pricing came late."];
        let missing = missing_from(&pm, &sales, 10);
        assert!(missing.contains(&"faq".to_string()) || missing.iter().any(|m| m.contains("faq")), "{missing:?}");
        assert!(missing.iter().any(|m| m.contains("weeks")), "{missing:?}");
        assert!(!missing.iter().any(|m| m == "demo" || m == "launch" || m == "pricing"), "{missing:?}");
        let reverse = missing_from(&sales, &pm, 10);
        assert!(reverse.iter().any(|m| m.contains("surprise")), "{reverse:?}");
    }

    #[test]
    fn other_scripts_and_empty_notes() {
        assert!(terms("").is_empty());
        assert!(missing_from(&[], &["anything"], 5).is_empty());
        let jp = missing_from(&["営業には二週間前に説明した"], &["聞いていない"], 5);
        assert_eq!(jp, ["営業には二週間前に説明した"]);
        let mixed = terms("Кампания запущена поздно — مرحبا 👩‍💻");
        assert!(mixed.iter().any(|t| t.shown == "кампания"), "{mixed:?}");
        assert!(mixed.iter().any(|t| t.shown == "مرحبا"), "{mixed:?}");
    }
}

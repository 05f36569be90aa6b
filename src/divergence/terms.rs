//! Said-but-not-heard: salient words and two-word phrases in one side's notes that the other
//! side's notes never use. Plain, explainable evidence rather than a similarity score.

use std::collections::{BTreeMap, HashSet};

use super::fx::{FxMap, FxSet};
use super::language::Language;
use super::word_class::names_a_thing;

/// A term as compared (stemmed) and as shown (the first surface form met).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub key: String,
    pub shown: String,
    /// The two words written just before it where it was first met (stop words too; fewer at
    /// the start of a sentence), separated by a space: what tells «to sell» from «the launch».
    pub before: String,
}

/// A word as compared and as shown (lower-cased), or None when it says nothing: shorter than
/// three letters, a stop word (with, in English, calendar words and the functions' names), or
/// holding a digit (a number, a date, a version).
fn salient(raw: &str, language: &Language) -> Option<(String, String)> {
    let word = raw.trim_matches(|c: char| c == '\'' || c == '-').to_lowercase();
    let short = word.chars().count() < 3 && word.is_ascii();
    if word.is_empty() || short || word.chars().any(|c| c.is_numeric()) {
        return None;
    }
    let stem = language.stem(&word);
    (!language.is_stop(&word, &stem)).then_some((stem, word))
}

/// The key one word is compared by — the same as the first of its [`terms`] — or None when it is
/// not salient. For marking words in notes without splitting each word as a text.
pub fn word_key(word: &str, language: &Language) -> Option<String> {
    salient(word, language).map(|(key, _)| key)
}

/// The salient terms of a text, in order of first appearance: words of three letters or more
/// (any script; a run of CJK characters counts as one word) that are not stop-words, and
/// two-word phrases of adjacent salient words.
pub fn terms(text: &str, language: &Language) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |key: String, shown: String, before: (&str, &str), out: &mut Vec<Term>| {
        if seen.insert(key.clone()) {
            let before = [before.0, before.1].into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            out.push(Term { key, shown, before });
        }
    };
    // Sentence punctuation breaks phrases; letters and digits (and ' or - inside words) join.
    for chunk in text.split(['.', ',', ';', ':', '!', '?', '\n', '(', ')', '"']) {
        // The first word of a phrase in waiting, and the two words before it.
        let mut previous: Option<(String, String, (&str, &str))> = None;
        let mut before = ("", "");
        for raw in chunk.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-')) {
            if raw.is_empty() {
                previous = None;
                continue;
            }
            let Some((key, word)) = salient(raw, language) else {
                previous = None;
                before = (before.1, raw);
                continue;
            };
            // Phrases pair words without overlap ("enablement webinar", "two weeks"), so one
            // word never makes two phrases.
            match previous.take() {
                Some((pkey, pshown, pbefore)) => {
                    push(format!("{pkey} {key}"), format!("{pshown} {word}"), pbefore, &mut out)
                }
                None => previous = Some((key.clone(), word.clone(), before)),
            }
            push(key, word, before, &mut out);
            before = (before.1, raw);
        }
    }
    out
}

/// Terms of `said` that appear nowhere in `heard`, are distinctive among `documents` and name a
/// thing or a practice (in English: nouns, see [`names_a_thing`]), the most weighty first (the texts using it × its distinctiveness; phrases before their words
/// when tied), at most `limit`. The reference for [`Vocabulary::missing`].
pub fn missing_from(
    said: &[&str],
    heard: &[&str],
    limit: usize,
    documents: &[Vec<&str>],
    language: &Language,
) -> Vec<String> {
    let heard_keys: HashSet<String> = heard.iter().flat_map(|t| terms(t, language)).map(|t| t.key).collect();
    let document_keys: Vec<HashSet<String>> =
        documents.iter().map(|texts| texts.iter().flat_map(|t| terms(t, language)).map(|t| t.key).collect()).collect();
    // How distinctive a term is among the documents (each the texts of one topic); 1 without
    // documents to compare with.
    let distinctiveness = |key: &str| {
        if documents.is_empty() {
            return Some(1.0);
        }
        weight(documents.len(), document_keys.iter().filter(|keys| keys.contains(key)).count())
    };
    // Count how many of the texts use each term; keep the first surface form.
    let mut counts: BTreeMap<String, (usize, usize, String, String)> = BTreeMap::new();
    let mut order = 0;
    for text in said {
        for t in terms(text, language) {
            let entry = counts.entry(t.key.clone()).or_insert_with(|| {
                order += 1;
                (0, order, t.shown.clone(), t.before.clone())
            });
            entry.0 += 1;
        }
    }
    let mut missing: Vec<(String, (usize, usize, String))> = counts
        .into_iter()
        .filter(|(key, _)| !heard_keys.contains(key) && !key.split(' ').all(|w| heard_keys.contains(w)))
        .filter(|(_, (_, _, shown, before))| names_a_thing(before, shown, language))
        .map(|(key, (n, order, shown, _))| (key, (n, order, shown)))
        .collect();
    // A phrase whose words are all missing says more than each word alone: drop the words.
    let phrases: Vec<String> = missing.iter().filter(|(k, _)| k.contains(' ')).map(|(k, _)| k.clone()).collect();
    missing.retain(|(k, _)| k.contains(' ') || !phrases.iter().any(|p| p.split(' ').any(|w| w == k)));
    let mut weighed: Vec<(f64, usize, String)> = missing
        .into_iter()
        .filter_map(|(key, (n, order, shown))| distinctiveness(&key).map(|w| (n as f64 * w, order, shown)))
        .collect();
    weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    weighed.into_iter().take(limit).map(|(_, _, shown)| shown).collect()
}

/// A term used in `using` of `documents` topics: None when it is common to them (in a quarter
/// of them or more, and in two at least), so says nothing about one; else ln(documents /
/// using), at least a small positive weight.
fn weight(documents: usize, using: usize) -> Option<f64> {
    if using >= 2 && using * 4 >= documents {
        return None;
    }
    Some((documents as f64 / using.max(1) as f64).ln().max(0.1))
}

/// An interned string's number in a [`Vocabulary`].
type Id = u32;
/// The second surface form of a word, which has one.
const NO_ID: Id = Id::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Word(Id),
    Phrase(Id, Id),
}

/// A term met in a text, as interned by a [`Vocabulary`]: what it is compared by and the surface
/// form(s) it was first met as in that text.
#[derive(Debug, Clone, Copy)]
pub struct Met {
    key: Key,
    shown: (Id, Id),
    /// The two tokens written just before it, as written ([`NO_ID`] before a sentence's start).
    before: (Id, Id),
}

/// Texts split into terms once and compared by number: the same terms as [`terms`] and the same
/// lists as [`missing_from`], for many texts at a time. Each distinct token is looked at once;
/// after that a word costs a table look-up.
pub struct Vocabulary {
    language: &'static Language,
    /// Every token met, as written: its key and surface form, or None when it is not salient;
    /// and itself, interned, for the word before a term.
    tokens: FxMap<Box<str>, Token>,
    ids: FxMap<Box<str>, Id>,
    strings: Vec<Box<str>>,
    /// For each id used as a word key, the number of the last text it was met in.
    word_seen: Vec<u32>,
    phrase_seen: FxMap<(Id, Id), u32>,
    texts: u32,
}

/// A token as met: its key and surface form when it is salient, and itself interned.
type Token = (Option<(Id, Id)>, Id);

/// How many texts use a term, the order it was first met in, and the form it was first met as.
type Count = (usize, usize, (Id, Id), (Id, Id));

/// Every term of some texts, for telling what they never use.
#[derive(Debug, Default, Clone)]
pub struct Heard {
    words: FxSet<Id>,
    phrases: FxSet<(Id, Id)>,
}

impl Heard {
    pub fn add(&mut self, terms: &[Met]) {
        self.words.reserve(terms.len());
        self.phrases.reserve(terms.len() / 2);
        for m in terms {
            match m.key {
                Key::Word(w) => self.words.insert(w),
                Key::Phrase(a, b) => self.phrases.insert((a, b)),
            };
        }
    }
}

/// The characters that end a sentence or clause, and so break phrases.
fn breaks_phrases(b: u8) -> bool {
    matches!(b, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\n' | b'(' | b')' | b'"')
}

/// How many topics' notes use each term, for telling which terms are distinctive.
#[derive(Debug, Default, Clone)]
pub struct Spread {
    documents: usize,
    using: FxMap<Key, u32>,
}

impl Spread {
    /// One topic's notes, every side's, as split by [`Vocabulary::terms`].
    pub fn add(&mut self, document: &[&[Met]]) {
        self.documents += 1;
        let keys: FxSet<Key> = document.iter().flat_map(|t| t.iter().map(|m| m.key)).collect();
        for key in keys {
            *self.using.entry(key).or_insert(0) += 1;
        }
    }

    /// As [`distinctiveness`]: None when too common to mark.
    fn weight(&self, key: Key) -> Option<f64> {
        if self.documents == 0 {
            return Some(1.0);
        }
        weight(self.documents, self.using.get(&key).map_or(0, |&n| n as usize))
    }
}

impl Vocabulary {
    /// A vocabulary for notes written in `language`.
    pub fn new(language: &'static Language) -> Vocabulary {
        Vocabulary {
            language,
            tokens: FxMap::default(),
            ids: FxMap::default(),
            strings: Vec::new(),
            word_seen: Vec::new(),
            phrase_seen: FxMap::default(),
            texts: 0,
        }
    }

    pub fn language(&self) -> &'static Language {
        self.language
    }

    fn intern(&mut self, s: String) -> Id {
        if let Some(&id) = self.ids.get(s.as_str()) {
            return id;
        }
        let id = self.strings.len() as Id;
        self.strings.push(s.clone().into_boxed_str());
        self.ids.insert(s.into_boxed_str(), id);
        self.word_seen.push(0);
        id
    }

    /// A token's key and surface form, and itself interned, worked out the first time it is met.
    fn token(&mut self, raw: &str) -> Token {
        if raw.is_empty() {
            return (None, NO_ID);
        }
        if let Some(&known) = self.tokens.get(raw) {
            return known;
        }
        let found = salient(raw, self.language).map(|(key, shown)| (self.intern(key), self.intern(shown)));
        let found = (found, self.intern(raw.to_string()));
        self.tokens.insert(raw.into(), found);
        found
    }

    /// The terms of `text` in order of first appearance, as [`terms`] finds them.
    pub fn terms(&mut self, text: &str) -> Vec<Met> {
        self.texts += 1;
        let this = self.texts;
        // About a word and a half per six bytes of prose.
        let mut out = Vec::with_capacity(text.len() / 4);
        // The first word of a phrase in waiting (key, form, the token before it), and the last
        // token met in this sentence.
        let mut previous: Option<(Id, Id, (Id, Id))> = None;
        let mut before = (NO_ID, NO_ID);
        let mut met = |vocabulary: &mut Vocabulary,
                       raw: &str,
                       previous: &mut Option<(Id, Id, (Id, Id))>,
                       before: &mut (Id, Id)| {
            let (salient, itself) = vocabulary.token(raw);
            let Some((key, shown)) = salient else {
                *previous = None;
                if itself != NO_ID {
                    *before = (before.1, itself);
                }
                return;
            };
            // Phrases pair words without overlap, as in `terms`.
            match previous.take() {
                Some((pkey, pshown, pbefore)) => {
                    if vocabulary.phrase_seen.insert((pkey, key), this) != Some(this) {
                        out.push(Met { key: Key::Phrase(pkey, key), shown: (pshown, shown), before: pbefore });
                    }
                }
                None => *previous = Some((key, shown, *before)),
            }
            let seen = &mut vocabulary.word_seen[key as usize];
            if *seen != this {
                *seen = this;
                out.push(Met { key: Key::Word(key), shown: (shown, NO_ID), before: *before });
            }
            *before = (before.1, itself);
        };
        // Tokens are the runs of letters, digits, ' and -; any other character ends one, and
        // sentence punctuation also ends a phrase.
        let bytes = text.as_bytes();
        let (mut start, mut i) = (0, 0);
        while i < bytes.len() {
            let b = bytes[i];
            let (word, len) = if b.is_ascii() {
                (b.is_ascii_alphanumeric() || b == b'\'' || b == b'-', 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            };
            if !word {
                met(self, &text[start..i], &mut previous, &mut before);
                if breaks_phrases(b) {
                    previous = None;
                    before = (NO_ID, NO_ID);
                }
                start = i + len;
            }
            i += len;
        }
        met(self, &text[start..], &mut previous, &mut before);
        out
    }

    fn show(&self, id: Id) -> &str {
        self.strings.get(id as usize).map_or("", |s| s)
    }

    /// As [`missing_from`], for texts already split by [`Vocabulary::terms`], the texts heard
    /// gathered by [`Heard::add`], the topics' notes by [`Spread::add`].
    pub fn missing(&self, said: &[&[Met]], heard: &Heard, limit: usize, spread: &Spread) -> Vec<String> {
        let Heard { words: heard_words, phrases: heard_phrases } = heard;
        // How many of the texts use each term, in order of first use, with its first form.
        let total = said.iter().map(|t| t.len()).sum();
        let mut counts: FxMap<Key, Count> = FxMap::with_capacity_and_hasher(total, Default::default());
        for m in said.iter().flat_map(|t| t.iter()) {
            let order = counts.len();
            counts.entry(m.key).or_insert((0, order, m.shown, m.before)).0 += 1;
        }
        let mut missing: Vec<(Key, Count)> = counts
            .into_iter()
            .filter(|(key, _)| match *key {
                Key::Word(w) => !heard_words.contains(&w),
                Key::Phrase(a, b) => {
                    let heard_both = heard_words.contains(&a) && heard_words.contains(&b);
                    !heard_phrases.contains(&(a, b)) && !heard_both
                }
            })
            .filter(|(key, (_, _, (first, second), before))| {
                let before = match (self.show(before.0), self.show(before.1)) {
                    ("", one) => one.to_string(),
                    (two, one) => format!("{two} {one}"),
                };
                let before = before.as_str();
                match key {
                    Key::Word(_) => names_a_thing(before, self.show(*first), self.language),
                    Key::Phrase(..) => {
                        names_a_thing(before, &format!("{} {}", self.show(*first), self.show(*second)), self.language)
                    }
                }
            })
            .collect();
        // A phrase whose words are all missing says more than each word alone: drop the words.
        let in_phrases: FxSet<Id> = missing
            .iter()
            .flat_map(|(key, _)| match *key {
                Key::Phrase(a, b) => [a, b],
                Key::Word(_) => [NO_ID, NO_ID],
            })
            .collect();
        missing.retain(|(key, _)| !matches!(key, Key::Word(w) if in_phrases.contains(w)));
        let mut weighed: Vec<(f64, Key, Count)> = missing
            .into_iter()
            .filter_map(|(key, count)| spread.weight(key).map(|w| (count.0 as f64 * w, key, count)))
            .collect();
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.1.cmp(&b.2.1)));
        weighed
            .into_iter()
            .map(|(_, key, (_, _, (first, second), _))| match key {
                Key::Word(_) => self.show(first).to_string(),
                Key::Phrase(..) => format!("{} {}", self.show(first), self.show(second)),
            })
            .take(limit)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> &'static Language {
        super::super::language::or_default("en")
    }

    fn shown(text: &str) -> Vec<String> {
        terms(text, en()).into_iter().map(|t| t.shown).collect()
    }

    #[test]
    fn the_vocabulary_splits_as_terms_does() {
        let texts = [
            "We sent the pricing FAQ, and a recorded demo.",
            "enablement webinar two weeks early",
            "Launched  launches; launch -- launching (the) 'launch' x-ray can't 2024 ab 2nd q3",
            "営業には二週間前に説明した. Кампания запущена поздно — مرحبا 👩‍💻",
            "pricing pricing pricing faq pricing faq\nfaq pricing",
            "",
            "...",
        ];
        let mut v = Vocabulary::new(en());
        for _ in 0..2 {
            for text in texts {
                let fast: Vec<(String, String)> = v
                    .terms(text)
                    .iter()
                    .map(|m| match m.key {
                        Key::Word(k) => (v.show(k).to_string(), v.show(m.shown.0).to_string()),
                        Key::Phrase(a, b) => (
                            format!("{} {}", v.show(a), v.show(b)),
                            format!("{} {}", v.show(m.shown.0), v.show(m.shown.1)),
                        ),
                    })
                    .collect();
                let slow: Vec<(String, String)> = terms(text, en()).into_iter().map(|t| (t.key, t.shown)).collect();
                assert_eq!(fast, slow, "{text}");
            }
        }
        let split: Vec<Vec<Met>> = texts.iter().map(|t| v.terms(t)).collect();
        // The documents: each text a topic of its own.
        let documents: Vec<Vec<&str>> = texts.iter().map(|t| vec![*t]).collect();
        let mut spread = Spread::default();
        split.iter().for_each(|t| spread.add(&[t.as_slice()]));
        for i in 0..texts.len() {
            for j in 0..texts.len() {
                let (said, heard) = ([texts[i], texts[0]], [texts[j]]);
                let mut known = Heard::default();
                known.add(&split[j]);
                let fast = v.missing(&[&split[i], &split[0]], &known, 10, &spread);
                assert_eq!(fast, missing_from(&said, &heard, 10, &documents, en()), "{said:?} vs {heard:?}");
                let alone = v.missing(&[&split[i]], &known, 10, &Spread::default());
                assert_eq!(alone, missing_from(&said[..1], &heard, 10, &[], en()), "{said:?} vs {heard:?}");
            }
        }
    }

    #[test]
    fn a_word_key_is_its_first_term() {
        let words = ["Launched", "the", "ab", "2024", "pricing-", "'FAQ'", "営業", "can't", "", "x-ray", "Кампания"];
        for word in words {
            assert_eq!(word_key(word, en()), terms(word, en()).first().map(|t| t.key.clone()), "{word}");
        }
    }

    #[test]
    fn words_and_phrases_without_stop_words_numbers_or_dates() {
        // "the" sits between "sent" and "pricing", so they make no phrase; "sent" is a stop word.
        assert_eq!(
            shown("We sent the pricing FAQ, and a recorded demo."),
            ["pricing", "pricing faq", "faq", "recorded", "recorded demo", "demo"]
        );
        assert_eq!(shown("enablement webinar two weeks early"), ["enablement", "enablement webinar", "webinar"]);
        assert!(shown("five days, on 22 September, the 2nd, Q3, at 10:00 in fact").is_empty());
    }

    #[test]
    fn distinctive_terms_only() {
        // "customer" is in every topic's notes: it says nothing about one of them.
        let topics = [
            "Sales got the battlecard and a customer deck.",
            "The customer saw the release notes.",
            "A customer ticket came in.",
            "The customer portal was down.",
            "Customer onboarding was late.",
        ];
        let documents: Vec<Vec<&str>> = topics.iter().map(|t| vec![*t]).collect();
        let missing = missing_from(&topics[..1], &["nothing heard"], 8, &documents, en());
        assert!(missing.iter().any(|m| m.contains("battlecard")), "{missing:?}");
        assert!(!missing.iter().any(|m| m == "customer"), "{missing:?}");
    }

    #[test]
    fn said_but_not_heard() {
        let pm = ["Sales got the pricing FAQ and a recorded demo two weeks before launch."];
        let sales = ["We never saw a demo. The launch was a surprise; pricing came late."];
        let missing = missing_from(&pm, &sales, 10, &[], en());
        assert!(missing.iter().any(|m| m.contains("faq")), "{missing:?}");
        assert!(!missing.iter().any(|m| m.contains("weeks")), "a duration is not a term: {missing:?}");
        assert!(!missing.iter().any(|m| m == "demo" || m == "launch" || m == "pricing"), "{missing:?}");
        let reverse = missing_from(&sales, &pm, 10, &[], en());
        assert!(reverse.iter().any(|m| m.contains("surprise")), "{reverse:?}");
    }

    #[test]
    fn other_scripts_and_empty_notes() {
        assert!(terms("", en()).is_empty());
        assert!(missing_from(&[], &["anything"], 5, &[], en()).is_empty());
        let jp = missing_from(&["営業には説明した"], &["聞いていない"], 5, &[], en());
        assert_eq!(jp, ["営業には説明した"]);
        let mixed = terms("Кампания запущена поздно — مرحبا 👩‍💻", en());
        assert!(mixed.iter().any(|t| t.shown == "кампания"), "{mixed:?}");
        assert!(mixed.iter().any(|t| t.shown == "مرحبا"), "{mixed:?}");
    }

    #[test]
    fn a_session_in_french_stems_french() {
        let fr = super::super::language::or_default("fr");
        let said = missing_from(&["Les lancements ont été annoncés."], &["Le lancement était annoncé."], 5, &[], fr);
        assert!(said.is_empty(), "{said:?}");
    }
}

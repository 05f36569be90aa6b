//! Which terms may be marked as said but not heard: ones that name a thing or a practice — a noun
//! («battlecard»), or a noun with a word that qualifies it («pricing FAQ», «deal desk») — never a
//! verb or an adjective alone («updated», «silent»), which says nothing about what was sent.
//!
//! The word class comes from `english-pos-tagger` (a port of wink-pos-tagger: a lexicon of the
//! Brown corpus's words, each with its tags most frequent first, and suffix rules for words it
//! does not know), not from a hand-kept list. English only: in any other language every term
//! may be marked, as before.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use english_pos_tagger::Tagger;

use super::language::Language;

/// What a word can be in a marked term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A noun: a term on its own, or the head of a two-word term.
    Noun,
    /// An adjective or participle: it can qualify a noun («recorded demo»), never stand alone.
    Qualifier,
    Other,
}

impl Class {
    fn of(pos: &str) -> Class {
        match pos {
            "NN" | "NNS" | "NNP" | "NNPS" => Class::Noun,
            "JJ" | "JJR" | "JJS" | "VBG" | "VBN" => Class::Qualifier,
            _ => Class::Other,
        }
    }
}

static TAGGER: LazyLock<Tagger> = LazyLock::new(Tagger::new);

/// Each term's answer, worked out the first time it is asked (a tag costs microseconds; the
/// same terms are asked for every topic and receiver).
static NAMES_A_THING: LazyLock<Mutex<HashMap<Box<str>, bool>>> = LazyLock::new(Default::default);

/// Tagged as written, after the words written before it («to sell», «the launch»): a word that
/// can be a noun or a verb is read as the one it is there. At a sentence's start, the word's
/// most frequent class.
fn tag(before: &str, words: &[&str]) -> bool {
    let before = before.to_lowercase();
    let framed: Vec<&str> = before.split(' ').filter(|b| !b.is_empty()).chain(words.iter().copied()).collect();
    let tagged = TAGGER.tag_raw_tokens(&framed);
    let skip = framed.len() - words.len();
    let pos = |i: usize| tagged.get(i).and_then(|t| t.pos.as_deref()).unwrap_or("");
    let class = |i: usize| Class::of(pos(i + skip));
    // A word right after a personal pronoun is its verb («all I sell»), whatever the tagger's
    // context rules make of a determiner before the pronoun.
    if skip > 0 && pos(skip - 1) == "PRP" {
        return false;
    }
    match words.len() {
        1 => class(0) == Class::Noun,
        2 => class(1) == Class::Noun && class(0) != Class::Other,
        _ => false,
    }
}

/// Whether a term as shown (one word, or two), written after `before` (up to two words), names a thing or a
/// practice, so can be marked: a noun, or a noun qualified by a noun, an adjective or a
/// participle.
pub fn names_a_thing(before: &str, shown: &str, language: &Language) -> bool {
    if language.code != "en" {
        return true;
    }
    let key = format!("{before}\u{1f}{shown}");
    if let Some(&known) = NAMES_A_THING.lock().unwrap_or_else(|e| e.into_inner()).get(key.as_str()) {
        return known;
    }
    let words: Vec<&str> = shown.split(' ').collect();
    let found = tag(before, &words);
    NAMES_A_THING.lock().unwrap_or_else(|e| e.into_inner()).insert(key.into(), found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> &'static Language {
        super::super::language::or_default("en")
    }

    #[test]
    fn verbs_and_adjectives_are_not_marked_nouns_are() {
        // The words a review found marked in the demo, as written there: they say nothing about
        // the topic.
        let said = [
            ("we", "updated"),
            ("", "signed"),
            ("was", "held"),
            ("it", "posted"),
            ("nothing", "changed"),
            ("we", "learned"),
            ("it", "reached"),
            ("nobody", "watched"),
            ("went", "silent"),
            ("to", "sell"),
        ];
        for (before, word) in said {
            assert!(!names_a_thing(before, word, en()), "{before} {word} is marked");
        }
        let things = [
            ("a", "battlecard"),
            ("the", "pricing faq"),
            ("the", "deal desk"),
            ("weekly", "office hour"),
            ("a", "recorded demo"),
            ("", "webinar"),
            ("the", "tickets"),
            ("the help", "centre"),
            ("the", "launch"),
            ("", "battlecards"),
        ];
        for (before, term) in things {
            assert!(names_a_thing(before, term, en()), "{before} {term} is not marked");
        }
        assert!(!names_a_thing("we", "sent pricing", en()), "a verb does not qualify a noun");
        assert!(!names_a_thing("the", "pricing updated", en()), "a phrase's head is its noun");
    }

    #[test]
    fn other_languages_mark_every_term() {
        let fr = super::super::language::language("fr").unwrap();
        assert!(names_a_thing("", "envoyé", fr));
    }
}

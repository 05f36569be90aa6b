//! The language a session's notes are compared in: a Snowball stemmer (`rust-stemmers`) so that
//! "launched", "launches" and "launch" meet, and the Stopwords ISO list (`stop-words`) so that
//! words that carry no meaning are never marked. Both crates are maintained lists written by
//! linguists, which a hand-kept suffix stripper and word list were not.

use std::collections::HashSet;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Every language the notes can be compared in: the ones both crates know. (Code, name,
/// stemmer.)
const KNOWN: [(&str, &str, Algorithm); 17] = [
    ("ar", "Arabic", Algorithm::Arabic),
    ("da", "Danish", Algorithm::Danish),
    ("de", "German", Algorithm::German),
    ("el", "Greek", Algorithm::Greek),
    ("en", "English", Algorithm::English),
    ("es", "Spanish", Algorithm::Spanish),
    ("fi", "Finnish", Algorithm::Finnish),
    ("fr", "French", Algorithm::French),
    ("hu", "Hungarian", Algorithm::Hungarian),
    ("it", "Italian", Algorithm::Italian),
    ("nl", "Dutch", Algorithm::Dutch),
    ("no", "Norwegian", Algorithm::Norwegian),
    ("pt", "Portuguese", Algorithm::Portuguese),
    ("ro", "Romanian", Algorithm::Romanian),
    ("ru", "Russian", Algorithm::Russian),
    ("sv", "Swedish", Algorithm::Swedish),
    ("tr", "Turkish", Algorithm::Turkish),
];

/// The language of a session unless it says otherwise.
pub const DEFAULT: &str = "en";

/// Calendar and clock words, in English: a date or a duration says when, not what was sent.
/// (Other languages rely on their stop words and on distinctiveness.)
const CALENDAR_EN: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "hour",
    "hours",
    "minute",
    "minutes",
    "quarter",
    "today",
    "tomorrow",
    "yesterday",
    "morning",
    "afternoon",
    "evening",
    "weekend",
    "time",
    "times",
];

/// The functions themselves: naming who was interviewed says nothing about what was sent.
const FUNCTION_WORDS_EN: &[&str] =
    &["cs", "engineering", "operations", "ops", "pm", "product", "sales", "team", "teams"];

/// The act of telling, which every topic's notes are about, and the interviewer's filler:
/// neither says what was told. (Matched by stem, so every form of each is left out.)
const TELLING_EN: &[&str] = &[
    "send", "sent", "tell", "told", "share", "hear", "heard", "say", "said", "inform", "mention", "let", "know",
    "knew", "think", "thought", "come", "came", "go", "went", "get", "got", "give", "gave", "talk", "honest", "proper",
    "basic", "real", "actual", "probabl", "definit", "pretty", "fine", "stuff", "thing", "matter", "idea", "people",
];

pub struct Language {
    pub code: &'static str,
    pub name: &'static str,
    stemmer: Stemmer,
    stop: HashSet<&'static str>,
    /// Stems left out whatever the form (the English lists above).
    stop_stems: HashSet<String>,
}

impl Language {
    /// The stem a word is compared by (the word lower-cased already).
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    /// Whether a (lower-cased) word with this stem says nothing on its own: a stop word, or in
    /// English a calendar word, a function's name, a word for telling or filler.
    pub fn is_stop(&self, word: &str, stem: &str) -> bool {
        self.stop.contains(word) || self.stop_stems.contains(stem)
    }
}

fn all() -> &'static [Language] {
    static ALL: OnceLock<Vec<Language>> = OnceLock::new();
    ALL.get_or_init(|| {
        KNOWN
            .iter()
            .map(|&(code, name, algorithm)| {
                let stop: HashSet<&'static str> = stop_words::lookup(code).unwrap_or(&[]).iter().copied().collect();
                let stemmer = Stemmer::create(algorithm);
                let extra: &[&[&str]] = if code == "en" { &[CALENDAR_EN, FUNCTION_WORDS_EN, TELLING_EN] } else { &[] };
                let stop_stems =
                    extra.iter().flat_map(|list| list.iter()).map(|w| stemmer.stem(w).into_owned()).collect();
                Language { code, name, stemmer, stop, stop_stems }
            })
            .collect()
    })
}

/// The language with this code (ISO 639-1, e.g. "en", "fr"), if the notes can be compared in it.
pub fn language(code: &str) -> Option<&'static Language> {
    all().iter().find(|l| l.code == code)
}

/// The language with this code, or English for a code not known (a session written by a newer
/// crosscheck): its terms are still found, only less well.
pub fn or_default(code: &str) -> &'static Language {
    language(code).or_else(|| language(DEFAULT)).unwrap_or(&all()[0])
}

/// The language with this code, or a message saying which codes can be used.
pub fn parse(code: &str) -> Result<&'static Language, String> {
    let code = code.trim().to_lowercase();
    language(&code).ok_or_else(|| {
        let known: Vec<String> = known().map(|(c, n)| format!("{c} ({n})")).collect();
        format!("\"{code}\" is not a language whose notes crosscheck can compare: use one of {}", known.join(", "))
    })
}

/// The codes and names of every language known, for messages.
pub fn known() -> impl Iterator<Item = (&'static str, &'static str)> {
    KNOWN.iter().map(|&(code, name, _)| (code, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_language_has_stop_words_and_stems() {
        for (code, _) in known() {
            let l = language(code).unwrap();
            assert!(l.stop.len() > 100, "{code}: {} stop words", l.stop.len());
        }
        let en = language("en").unwrap();
        assert_eq!(en.stem("launched"), en.stem("launches"));
        assert_eq!(en.stem("briefings"), en.stem("briefing"));
        let stop = |w: &str| en.is_stop(w, &en.stem(w));
        assert!(stop("the") && stop("september") && stop("sales") && stop("sending") && stop("honestly"));
        assert!(!stop("battlecard") && !stop("webinar"));
        let fr = language("fr").unwrap();
        assert_eq!(fr.stem("lancements"), fr.stem("lancement"));
        assert!(language("xx").is_none());
        assert_eq!(parse(" FR ").map(|l| l.code), Ok("fr"));
        assert!(parse("xx").err().is_some_and(|e| e.contains("en (English)")));
        assert_eq!(or_default("xx").code, "en");
    }
}

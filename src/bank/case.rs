//! The case a question is about, named one way in the banks: `{launch}` is the launch in view
//! (set once for the engagement), `{release}` the release that carried it. The interview fills
//! them in from the session, so every function is asked about the same event; a session
//! without a launch in view reads the plain phrases below.

use std::borrow::Cow;

/// A placeholder and what it reads when the session has not named its value.
pub const PLACEHOLDERS: [(&str, &str); 2] =
    [("{launch}", "the last significant launch"), ("{release}", "the release that carried it")];

/// What the placeholders stand for in one engagement (None: not named yet).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Case<'a> {
    pub launch: Option<&'a str>,
    pub release: Option<&'a str>,
}

impl Case<'_> {
    fn value(&self, placeholder: &str) -> Option<&str> {
        match placeholder {
            "{launch}" => self.launch,
            "{release}" => self.release,
            _ => None,
        }
    }
}

/// `text` with each placeholder filled in; borrowed when it holds none.
pub fn fill<'t>(text: &'t str, case: &Case) -> Cow<'t, str> {
    if !text.contains('{') {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for (placeholder, plain) in PLACEHOLDERS {
        if out.contains(placeholder) {
            out = out.replace(placeholder, case.value(placeholder).unwrap_or(plain));
        }
    }
    Cow::Owned(out)
}

/// The `{…}` words of `text` that are not placeholders, with their byte offsets (for the
/// loader's message: a misspelt placeholder would be read aloud as it is).
pub fn unknown(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| rest + i) {
        let Some(close) = text[open..].find('}').map(|i| open + i + 1) else {
            out.push((open, &text[open..]));
            break;
        };
        let word = &text[open..close];
        if !PLACEHOLDERS.iter().any(|(p, _)| *p == word) {
            out.push((open, word));
        }
        rest = close;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_read_the_case_or_the_plain_phrase() {
        let text = "How well were you briefed before {launch}, shipped in {release}?";
        let named = Case { launch: Some("Flex pricing (out 6 Oct)"), release: Some("2026.10") };
        assert_eq!(
            fill(text, &named),
            "How well were you briefed before Flex pricing (out 6 Oct), shipped in 2026.10?"
        );
        assert_eq!(
            fill(text, &Case::default()),
            "How well were you briefed before the last significant launch, shipped in the release that carried it?"
        );
        assert!(matches!(fill("No case here.", &named), Cow::Borrowed(_)));
    }

    #[test]
    fn unknown_braces_are_found_with_their_offset() {
        assert_eq!(unknown("before {launch} and {lanch} or {open"), vec![(20, "{lanch}"), (31, "{open")]);
        assert!(unknown("{launch} {release}").is_empty());
    }
}

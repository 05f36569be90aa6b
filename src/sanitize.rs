//! Text from files — organisation names, notes, ids, file names — on its way to a terminal.
//! A control character there is an instruction to the terminal (`ESC ] 2 ;` sets the title,
//! `ESC c` resets it), so every one is shown visibly as `\u{1b}` instead; newlines and tabs are
//! kept where the output is multi-line. JSON keeps every character but writes controls as
//! `\u` escapes, so a file `cat` to a terminal is as safe as the text output.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

/// C0 (but newline and tab), DEL and C1 controls: what a terminal may act on.
fn is_terminal_control(c: char, keep_layout: bool) -> bool {
    if keep_layout && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control()
}

fn escape(s: &str, keep_layout: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_terminal_control(c, keep_layout)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_terminal_control(c, keep_layout) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Multi-line text for a terminal: control characters shown visibly, lines and tabs kept.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// One line for a terminal or a table cell: newlines and tabs shown visibly too.
pub fn one_line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A JSON formatter (compact or pretty) that also writes DEL and the C1 controls as `\u`
/// escapes; serde_json escapes C0 already. The text read back is the same.
pub struct SafeJson {
    pretty: Option<serde_json::ser::PrettyFormatter<'static>>,
    compact: serde_json::ser::CompactFormatter,
}

impl SafeJson {
    pub fn pretty() -> SafeJson {
        SafeJson { pretty: Some(serde_json::ser::PrettyFormatter::new()), compact: serde_json::ser::CompactFormatter }
    }

    pub fn compact() -> SafeJson {
        SafeJson { pretty: None, compact: serde_json::ser::CompactFormatter }
    }
}

/// Calls the pretty formatter's method if pretty, else the compact one's.
macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            match &mut self.pretty {
                Some(p) => p.$name(writer $(, $arg)*),
                None => self.compact.$name(writer $(, $arg)*),
            }
        }
    )*};
}

impl serde_json::ser::Formatter for SafeJson {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        end_object_key();
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if ('\u{7f}'..='\u{9f}').contains(&c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as pretty JSON through [`SafeJson`].
pub fn to_json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(4096);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, SafeJson::pretty()))?;
    // The formatter writes only what serde_json gave it and ASCII escapes.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// As [`to_json_pretty`], written to `out` as it is made: a large file is never held twice.
pub fn write_json_pretty<T: serde::Serialize + ?Sized>(out: impl std::io::Write, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(out, SafeJson::pretty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_is_shown_and_the_rest_kept() {
        let hostile = "Acme\u{1b}]2;pwned\u{7}\u{1b}[2J\u{1b}c\u{90}q\u{9c}\u{9b}31m\r\u{7f} é 日本 👩‍💻";
        let shown = one_line(hostile);
        assert!(!shown.chars().any(char::is_control), "{shown}");
        assert_eq!(
            shown,
            "Acme\\u{1b}]2;pwned\\u{7}\\u{1b}[2J\\u{1b}c\\u{90}q\\u{9c}\\u{9b}31m\\u{d}\\u{7f} é 日本 👩‍💻"
        );
        assert_eq!(for_terminal("a\n\tb\u{1b}"), "a\n\tb\\u{1b}");
        assert_eq!(one_line("a\nb"), "a\\u{a}b");
        assert!(matches!(for_terminal("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_every_control_and_reads_back_the_same() {
        let text = "x\u{1b}[2J\u{85}\u{9b}y\u{7f}z ü";
        for json in [to_json_pretty(&text).unwrap(), {
            let mut out = Vec::new();
            serde::Serialize::serialize(
                &text,
                &mut serde_json::Serializer::with_formatter(&mut out, SafeJson::compact()),
            )
            .unwrap();
            String::from_utf8(out).unwrap()
        }] {
            assert!(!json.chars().any(char::is_control), "{json}");
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        }
        let pretty = to_json_pretty(&serde_json::json!({"a": [1, 2]})).unwrap();
        assert_eq!(pretty, serde_json::to_string_pretty(&serde_json::json!({"a": [1, 2]})).unwrap());
    }
}

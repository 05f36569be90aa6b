//! Markdown for the report: escaping what a note or a name could otherwise turn into
//! headings, emphasis, links or table cells, and the small lists the sentences use.

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn bold_list(terms: &[String]) -> String {
    terms.iter().map(|t| format!("**{}**", text(t))).collect::<Vec<_>>().join(", ")
}

/// Notes as block-quote lines: a verbatim quote in quotation marks and marked so; otherwise
/// marked as the interviewer's notes.
pub fn note_lines(notes: &str, quote: bool) -> Vec<String> {
    let notes = notes.trim();
    let mut lines: Vec<String> = notes.lines().map(|l| line_start(&text(l.trim_end()))).collect();
    let already_quoted = notes.starts_with(['"', '“']);
    if quote && !already_quoted {
        if let Some(first) = lines.first_mut() {
            *first = format!("“{first}");
        }
        if let Some(last) = lines.last_mut() {
            last.push('”');
        }
    }
    if let Some(first) = lines.first_mut() {
        *first = format!("{} {first}", if quote { "*Verbatim:*" } else { "*Interviewer's notes:*" });
    }
    lines
}

/// Escapes what would make a line start a heading, a quote or a list.
pub fn line_start(l: &str) -> String {
    match l.chars().next() {
        Some('#' | '>' | '-' | '+' | '=') => format!("\\{l}"),
        _ => l.to_string(),
    }
}

/// Text in running Markdown: newlines become spaces, and characters that would start emphasis,
/// code, links or HTML are escaped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text in a table cell: as [`text`], with `|` escaped and line breaks kept as `<br>`.
pub fn cell(s: &str) -> String {
    s.trim().lines().map(|l| text(l.trim_end()).replace('|', "\\|")).collect::<Vec<_>>().join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_newlines() {
        assert_eq!(cell("a | b\nc"), "a \\| b<br>c");
        assert_eq!(cell("*x* <b>"), "\\*x\\* \\<b>");
    }

    #[test]
    fn notes_are_marked_as_quotes_or_notes() {
        assert_eq!(note_lines("We said so.", true), ["*Verbatim:* “We said so.”"]);
        assert_eq!(note_lines("# one\ntwo", false), ["*Interviewer's notes:* \\# one", "two"]);
    }
}

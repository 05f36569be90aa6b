//! Finds the line and column of a value inside JSON text, given its path.
//!
//! serde_json reports positions only for syntax errors; validation problems (a duplicate id, an
//! unknown topic) are found on the parsed value, so we walk the text again to point at them.
//! The text has already parsed, so the scanner can assume it is well formed.

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A 1-based line and column, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where the value at `path` starts; with `key_of_last`, where its key starts instead (used to
/// point at an unknown field). Falls back to the deepest container found.
pub fn locate(text: &str, path: &[Step], key_of_last: bool) -> Position {
    let mut scanner = Scanner { bytes: text.as_bytes(), at: 0 };
    let offset = scanner.find(path, key_of_last).unwrap_or(0);
    position_of(text, offset)
}

/// Converts a byte offset into a 1-based line and character column.
pub fn position_of(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Position { line, column }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    /// Returns the offset of the value (or key) at `path`, or of the deepest value reached.
    fn find(&mut self, path: &[Step], key_of_last: bool) -> Option<usize> {
        self.skip_ws();
        let here = self.at;
        let Some((step, rest)) = path.split_first() else {
            return Some(here);
        };
        match (step, self.peek()?) {
            (Step::Key(wanted), b'{') => {
                self.at += 1;
                loop {
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        return Some(here);
                    }
                    let key_at = self.at;
                    let key = self.string()?;
                    self.skip_ws();
                    self.at += 1; // ':'
                    if &key == wanted {
                        if rest.is_empty() && key_of_last {
                            return Some(key_at);
                        }
                        return self.find(rest, key_of_last).or(Some(key_at));
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.at += 1;
                    }
                }
            }
            (Step::Index(wanted), b'[') => {
                self.at += 1;
                let mut index = 0;
                loop {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        return Some(here);
                    }
                    if index == *wanted {
                        return self.find(rest, key_of_last);
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.at += 1;
                    }
                    index += 1;
                }
            }
            _ => Some(here),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Reads a string starting at its opening quote; escapes are kept raw, which is enough to
    /// compare plain keys.
    fn string(&mut self) -> Option<String> {
        let start = self.at + 1;
        self.at += 1;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => {
                    let s = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
                    self.at += 1;
                    return Some(s);
                }
                _ => self.at += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while !matches!(self.peek()?, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    self.at += 1;
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c\": {\"d\": true}\n}";

    #[test]
    fn finds_nested_values_and_keys() {
        let path = [Step::Key("a".into()), Step::Index(1), Step::Key("b".into())];
        assert_eq!(locate(DOC, &path, false), Position { line: 2, column: 18 });
        assert_eq!(locate(DOC, &path, true), Position { line: 2, column: 13 });
        let path = [Step::Key("c".into()), Step::Key("d".into())];
        assert_eq!(locate(DOC, &path, false), Position { line: 3, column: 14 });
    }

    #[test]
    fn missing_key_points_at_its_object() {
        let path = [Step::Key("c".into()), Step::Key("zz".into())];
        assert_eq!(locate(DOC, &path, false), Position { line: 3, column: 8 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = "{\"é\": 1, \"k\": 2}";
        assert_eq!(locate(doc, &[Step::Key("k".into())], false).column, 15);
    }
}

//! Finds the line and column of a value inside JSON text, given its path.
//!
//! serde_json reports positions only for syntax errors; validation problems (a duplicate id, an
//! unknown topic) are found on the parsed value, so we walk the text again to point at them.
//! The text has already parsed, so the scanner can assume it is well formed.

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// Where every key and value down to a depth starts, found in one pass over the text: for
/// checks that point at many places (a config file's every entry), where [`locate`] per place
/// would read the text again each time.
#[derive(Debug, Default)]
pub struct PathIndex {
    /// Per path, in file order: where its key starts (None for the root and list items) and
    /// where its value starts. A key given twice has two entries.
    found: std::collections::HashMap<Vec<Step>, Vec<(Option<Position>, Position)>>,
}

impl PathIndex {
    /// Indexes `text` (well-formed JSON) down to `max_depth` steps.
    pub fn new(text: &str, max_depth: usize) -> PathIndex {
        let mut scanner = Scanner { bytes: text.as_bytes(), at: 0 };
        let mut offsets = Vec::new();
        scanner.walk(&mut Vec::new(), max_depth, None, &mut offsets);
        // One forward sweep turns every offset into a line and column.
        let mut wanted: Vec<usize> = offsets.iter().flat_map(|(_, k, v)| k.iter().copied().chain([*v])).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let positions = positions_of(text, &wanted);
        let at = |o: usize| positions[wanted.binary_search(&o).unwrap_or(0)];
        let mut found: std::collections::HashMap<Vec<Step>, Vec<_>> = std::collections::HashMap::new();
        for (path, key, value) in offsets {
            found.entry(path).or_default().push((key.map(at), at(value)));
        }
        PathIndex { found }
    }

    /// Where the `occurrence`-th value (or key) at `path` starts; falls back to the nearest
    /// enclosing value found, then to the start of the text.
    pub fn position(&self, path: &[Step], key: bool, occurrence: usize) -> Position {
        if let Some(all) = self.found.get(path) {
            let (k, v) = all.get(occurrence).or(all.last()).copied().unwrap_or((None, Position { line: 1, column: 1 }));
            return if key { k.unwrap_or(v) } else { v };
        }
        match path.split_last() {
            Some((_, parent)) => self.position(parent, false, 0),
            None => Position { line: 1, column: 1 },
        }
    }
}

/// Lines and character columns of sorted byte `offsets`, in one pass.
fn positions_of(text: &str, offsets: &[usize]) -> Vec<Position> {
    let mut out = Vec::with_capacity(offsets.len());
    let (mut line, mut column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    for &offset in offsets {
        while let Some(&(i, c)) = chars.peek() {
            if i >= offset {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            chars.next();
        }
        out.push(Position { line, column });
    }
    out
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

    /// Records the value here and, down to `depth` more steps, everything inside it.
    fn walk(
        &mut self,
        path: &mut Vec<Step>,
        depth: usize,
        key: Option<usize>,
        out: &mut Vec<(Vec<Step>, Option<usize>, usize)>,
    ) -> Option<()> {
        self.skip_ws();
        out.push((path.clone(), key, self.at));
        match self.peek()? {
            b'{' if depth > 0 => {
                self.at += 1;
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b'}' => {
                            self.at += 1;
                            return Some(());
                        }
                        b',' => self.at += 1,
                        _ => {
                            let key_at = self.at;
                            let name = self.string()?;
                            self.skip_ws();
                            self.at += 1; // ':'
                            path.push(Step::Key(name));
                            self.walk(path, depth - 1, Some(key_at), out);
                            path.pop();
                        }
                    }
                }
            }
            b'[' if depth > 0 => {
                self.at += 1;
                let mut index = 0;
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b']' => {
                            self.at += 1;
                            return Some(());
                        }
                        b',' => self.at += 1,
                        _ => {
                            path.push(Step::Index(index));
                            self.walk(path, depth - 1, None, out);
                            path.pop();
                            index += 1;
                        }
                    }
                }
            }
            _ => self.skip_value(),
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
    fn the_index_agrees_with_locate_everywhere() {
        let doc = "{\"é\": [1, {\"b\": \"x\"}],\n \"c\": {\"d\": true, \"d\": [\"p\", \"q\"]}}";
        let index = PathIndex::new(doc, 4);
        let paths: [&[Step]; 6] = [
            &[],
            &[Step::Key("é".into())],
            &[Step::Key("é".into()), Step::Index(1), Step::Key("b".into())],
            &[Step::Key("c".into()), Step::Key("d".into())],
            &[Step::Key("c".into()), Step::Key("zz".into())],
            &[Step::Key("c".into())],
        ];
        for path in paths {
            for key in [false, true] {
                assert_eq!(index.position(path, key, 0), locate(doc, path, key), "{path:?} {key}");
            }
        }
        let second = [Step::Key("c".into()), Step::Key("d".into())];
        assert_eq!(index.position(&second, true, 1), Position { line: 2, column: 19 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = "{\"é\": 1, \"k\": 2}";
        assert_eq!(locate(doc, &[Step::Key("k".into())], false).column, 15);
    }
}

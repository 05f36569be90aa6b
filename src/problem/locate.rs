//! Finds the line and column of a value inside JSON text, given its path.
//!
//! serde_json reports positions only for syntax errors; validation problems (a duplicate id, an
//! unknown topic) are found on the parsed value, so the text is parsed again, by jsonc-parser,
//! whose tree keeps where every key and value starts, to point at them.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged as _;

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
    let offset = tree(text).map_or(0, |root| find(&root, path, key_of_last));
    position_of(text, offset)
}

/// The text's syntax tree; None for text that is not JSON (every caller has parsed it before).
fn tree(text: &str) -> Option<Value<'_>> {
    jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default()).ok()?.value
}

/// The offset of the value (or key) at `path` below `value`, or of the deepest value reached.
fn find(value: &Value, path: &[Step], key_of_last: bool) -> usize {
    let Some((step, rest)) = path.split_first() else { return value.start() };
    match (step, value) {
        (Step::Key(wanted), Value::Object(object)) => {
            match object.properties.iter().find(|p| p.name.as_str() == wanted) {
                Some(p) if rest.is_empty() && key_of_last => p.name.start(),
                Some(p) => find(&p.value, rest, key_of_last),
                None => value.start(),
            }
        }
        (Step::Index(i), Value::Array(array)) => {
            array.elements.get(*i).map_or(value.start(), |v| find(v, rest, key_of_last))
        }
        _ => value.start(),
    }
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
        let mut offsets = Vec::new();
        if let Some(root) = tree(text) {
            walk(&root, &mut Vec::new(), max_depth, None, &mut offsets);
        }
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

/// Records `value` (its key at `key`) and, down to `depth` more steps, everything inside it.
fn walk(
    value: &Value,
    path: &mut Vec<Step>,
    depth: usize,
    key: Option<usize>,
    out: &mut Vec<(Vec<Step>, Option<usize>, usize)>,
) {
    out.push((path.clone(), key, value.start()));
    match value {
        Value::Object(object) if depth > 0 => {
            for p in &object.properties {
                path.push(Step::Key(p.name.as_str().to_string()));
                walk(&p.value, path, depth - 1, Some(p.name.start()), out);
                path.pop();
            }
        }
        Value::Array(array) if depth > 0 => {
            for (i, v) in array.elements.iter().enumerate() {
                path.push(Step::Index(i));
                walk(v, path, depth - 1, None, out);
                path.pop();
            }
        }
        _ => {}
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
    fn a_key_written_with_escapes_is_found_by_what_it_says() {
        let doc = "{\"caf\\u00e9\": {\"a\\\"b\": 1}}";
        let path = [Step::Key("café".into()), Step::Key("a\"b".into())];
        assert_eq!(locate(doc, &path, false), Position { line: 1, column: 24 });
        assert_eq!(PathIndex::new(doc, 2).position(&path, true, 0), Position { line: 1, column: 16 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = "{\"é\": 1, \"k\": 2}";
        assert_eq!(locate(doc, &[Step::Key("k".into())], false).column, 15);
    }
}

//! Fields a transcript holds that this crosscheck does not know: importing would drop them
//! without a word, so an import refuses them, naming where they are. What is known is what the
//! transcript's own schema declares (`assets/transcript.schema.json`, which every export is
//! checked against), so the two never drift apart.

use serde_json::Value;

use super::TranscriptError;
use crate::problem::locate::{self, Step};

const SCHEMA: &str = include_str!("../../assets/transcript.schema.json");

/// The parts recomputed on import (never read back): their contents are not checked.
const RECOMPUTED: [&str; 3] = ["divergence", "diagnosis", "claims"];

/// Refuses the transcript `text` (named `name`) when it holds a field the schema does not.
pub fn refuse_unknown(name: &str, text: &str) -> Result<(), TranscriptError> {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the embedded schema is JSON");
    let doc: Value = serde_json::from_str(text).map_err(|e| super::malformed(name, e))?;
    let mut path = Vec::new();
    let Some(field) = first_unknown(&schema, &schema, &doc, &mut path) else { return Ok(()) };
    let at = locate::locate(text, &path, true);
    Err(TranscriptError::Malformed(
        name.into(),
        at.line,
        at.column,
        format!(
            "\"{field}\" is not a field this crosscheck knows there, so importing would drop it: remove it, or import with the crosscheck (a newer version?) that wrote it"
        ),
    ))
}

/// The first key of `value` that its schema `node` does not allow, with `path` left pointing
/// at it.
fn first_unknown(root: &Value, node: &Value, value: &Value, path: &mut Vec<Step>) -> Option<String> {
    let node = resolve(root, node);
    match value {
        Value::Object(fields) => {
            let properties = node.get("properties").and_then(Value::as_object);
            let closed = node.get("additionalProperties") == Some(&Value::Bool(false));
            for (key, inner) in fields {
                path.push(Step::Key(key.clone()));
                match properties.and_then(|p| p.get(key)) {
                    None if closed => return Some(key.clone()),
                    Some(_) if path.len() == 1 && RECOMPUTED.contains(&key.as_str()) => {}
                    Some(schema) => {
                        if let Some(found) = first_unknown(root, schema, inner, path) {
                            return Some(found);
                        }
                    }
                    None => {}
                }
                path.pop();
            }
            None
        }
        Value::Array(items) => {
            let schema = node.get("items")?;
            for (i, inner) in items.iter().enumerate() {
                path.push(Step::Index(i));
                if let Some(found) = first_unknown(root, schema, inner, path) {
                    return Some(found);
                }
                path.pop();
            }
            None
        }
        _ => None,
    }
}

/// `node`, or what its `$ref` ("#/$defs/name") points at.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => root.get("$defs").and_then(|d| d.get(name)).map_or(node, |n| resolve(root, n)),
        None => node,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Catalog;

    #[test]
    fn a_field_of_a_newer_crosscheck_is_refused_where_it_is_and_known_ones_pass() {
        let catalog = Catalog::embedded().unwrap();
        let session = crate::testing::session(&catalog, 2, 5);
        let text = super::super::to_json(&super::super::build(&session, &catalog, chrono::Utc::now()));
        assert!(refuse_unknown("t.json", &text).is_ok(), "an export knows every field it writes");
        let added =
            text.replacen("\"follow_up\": false", "\"follow_up\": false,\n          \"reason\": \"ask the VP\"", 1);
        let err = refuse_unknown("t.json", &added).unwrap_err().to_string();
        let line = added.lines().position(|l| l.contains("\"reason\"")).unwrap() + 1;
        assert!(err.starts_with(&format!("t.json:{line}:")) && err.contains("\"reason\""), "{err}");
    }
}

//! Fields a transcript holds that this crosscheck does not know: importing would drop them
//! without a word, so an import refuses them, naming where they are. What is known is what the
//! transcript's own schema declares (`assets/transcript.schema.json`, which every export is
//! checked against), so the two never drift apart.

use std::cell::RefCell;

use serde::Deserializer;
use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::TranscriptError;
use crate::problem::locate::{self, Step};

const SCHEMA: &str = include_str!("../../assets/transcript.schema.json");

/// The parts recomputed on import (never read back): their contents are not checked.
const RECOMPUTED: [&str; 4] = ["divergence", "diagnosis", "claims", "agreement"];

/// Refuses the transcript `text` (named `name`) when it holds a field the schema does not.
/// The text is walked beside the schema, nothing of it kept: a check costs a fraction of the
/// reading itself, whatever the size of the notes.
pub fn refuse_unknown(name: &str, text: &str) -> Result<(), TranscriptError> {
    static PARSED: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let schema = PARSED.get_or_init(|| serde_json::from_str(SCHEMA).expect("the embedded schema is JSON"));
    let (path, found) = (RefCell::new(Vec::new()), RefCell::new(None));
    let walk = Walk { root: schema, node: schema, path: &path, found: &found };
    let mut reader = serde_json::Deserializer::from_str(text);
    let walked = walk.deserialize(&mut reader);
    let Some(field) = found.into_inner() else { return walked.map_err(|e| super::malformed(name, e)) };
    let at = locate::locate(text, &path.into_inner(), true);
    Err(TranscriptError::Malformed(
        name.into(),
        at.line,
        at.column,
        format!(
            "\"{field}\" is not a field this crosscheck knows there, so importing would drop it: remove it, or import with the crosscheck (a newer version?) that wrote it"
        ),
    ))
}

/// One value of the text beside its schema `node`; stops at the first unknown field, left in
/// `found` with `path` pointing at it.
#[derive(Clone, Copy)]
struct Walk<'s> {
    root: &'s Value,
    node: &'s Value,
    path: &'s RefCell<Vec<Step>>,
    found: &'s RefCell<Option<String>>,
}

impl<'s> Walk<'s> {
    fn inner(self, node: &'s Value) -> Walk<'s> {
        Walk { node: resolve(self.root, node), ..self }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self.inner(self.node))
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a transcript")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let properties = self.node.get("properties").and_then(Value::as_object);
        let closed = self.node.get("additionalProperties") == Some(&Value::Bool(false));
        let top = self.path.borrow().is_empty();
        while let Some(key) = map.next_key::<String>()? {
            let schema = properties.and_then(|p| p.get(&key));
            self.path.borrow_mut().push(Step::Key(key.clone()));
            match schema {
                None if closed => {
                    *self.found.borrow_mut() = Some(key);
                    return Err(A::Error::custom("an unknown field"));
                }
                Some(schema) if !(top && RECOMPUTED.contains(&key.as_str())) => {
                    map.next_value_seed(self.inner(schema))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            self.path.borrow_mut().pop();
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let items = self.node.get("items");
        let mut i = 0;
        loop {
            self.path.borrow_mut().push(Step::Index(i));
            let more = match items {
                Some(schema) => seq.next_element_seed(self.inner(schema))?.is_some(),
                None => seq.next_element::<IgnoredAny>()?.is_some(),
            };
            self.path.borrow_mut().pop();
            if !more {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
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

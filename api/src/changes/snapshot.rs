//! Row snapshots as both backends journal them, made identical: instants become RFC 3339
//! in UTC, JSON stored as text becomes JSON, search keys are dropped.

use chrono::{NaiveDateTime, SecondsFormat};
use serde_json::{Map, Value};

/// Columns that move on every write without being part of what changed.
const BOOKKEEPING: &[&str] = &["version", "updated_at"];

/// Normalises one journalled row.
pub fn normalise(row: Map<String, Value>) -> Map<String, Value> {
    row.into_iter()
        .filter(|(name, _)| name != "search_text")
        .map(|(name, value)| {
            let value = match value {
                Value::String(text) if name.ends_with("_at") => instant(&text),
                Value::String(text) if text.starts_with('{') || text.starts_with('[') => {
                    serde_json::from_str(&text).unwrap_or(Value::String(text))
                }
                other => other,
            };
            (name, value)
        })
        .collect()
}

fn instant(text: &str) -> Value {
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map_or_else(
            || Value::String(text.to_owned()),
            |at| Value::String(at.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        )
}

/// The fields whose values differ, bookkeeping columns aside.
pub fn changed_fields(
    before: Option<&Map<String, Value>>,
    after: Option<&Map<String, Value>>,
) -> Vec<String> {
    let empty = Map::new();
    let (before, after) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let mut names: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|name| !BOOKKEEPING.contains(&name.as_str()))
        .filter(|name| before.get(*name) != after.get(*name))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Only the named fields of a row.
pub fn pick(row: Option<&Map<String, Value>>, fields: &[String]) -> Map<String, Value> {
    let Some(row) = row else { return Map::new() };
    fields
        .iter()
        .filter_map(|name| row.get(name).map(|v| (name.clone(), v.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_backends_journal_the_same_row() {
        let sqlite = json!({"checked_in_at": "2026-01-06 09:30:00.25", "name": "{\"en\":\"Harbin\"}", "search_text": "harbin"});
        let postgres =
            json!({"checked_in_at": "2026-01-06T09:30:00.25", "name": "{\"en\":\"Harbin\"}"});
        let (Value::Object(a), Value::Object(b)) = (sqlite, postgres) else {
            unreachable!()
        };
        assert_eq!(normalise(a.clone()), normalise(b));
        assert_eq!(
            normalise(a)["checked_in_at"],
            json!("2026-01-06T09:30:00.250Z")
        );
    }
}

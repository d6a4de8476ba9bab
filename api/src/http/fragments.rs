//! Rendered items kept by row version: the JSON of one row's representation, made once
//! per version of the row and reused by every page that shows it.
//!
//! A page that misses the response cache (a new query string, or the first read after a
//! write) still shows mostly rows that have not changed. Its query then reads only the
//! keys of its rows (id and version); the rows whose rendering is not kept are
//! loaded in one more statement and rendered, and the page is put together from the
//! renderings. A representation is a function of its row's version: every write moves the
//! version, and a change of a row a representation shows touches it (`changes::embeddings`),
//! so a kept rendering is never stale. Ids are never given twice (SQLite `AUTOINCREMENT`,
//! PostgreSQL sequences), so a new row is never mistaken for a deleted one.
//!
//! The store is bounded by bytes: when the newer half is full it becomes the older half,
//! and the old older half is dropped (a rendering read from the older half moves back).

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::web::Bytes;
use serde::Serialize;

use crate::error::ApiError;

/// What identifies one rendering of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowKey {
    pub id: i64,
    pub version: i64,
}

impl From<(i64, i64)> for RowKey {
    /// From an `(id, version)` pair as a query selects it.
    fn from((id, version): (i64, i64)) -> Self {
        Self { id, version }
    }
}

/// A row's key and the view rendered of it (`"full"`, `"public"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    kind: &'static str,
    view: &'static str,
    row: RowKey,
}

/// Renderings kept, in two halves of at most half the budget each.
#[derive(Debug)]
pub struct Fragments {
    budget: usize,
    halves: Mutex<Halves>,
}

#[derive(Debug, Default)]
struct Halves {
    newer: HashMap<Key, Bytes>,
    newer_bytes: usize,
    older: HashMap<Key, Bytes>,
}

impl Fragments {
    /// A store of at most `budget` bytes of renderings (0: nothing is kept).
    pub fn with_budget(budget: usize) -> Self {
        Self {
            budget,
            halves: Mutex::default(),
        }
    }

    /// The renderings kept of `keys` (under one lock).
    fn get_all(&self, keys: impl Iterator<Item = Key>) -> Vec<Option<Bytes>> {
        let mut halves = self.halves.lock().unwrap_or_else(|e| e.into_inner());
        keys.map(|key| {
            if let Some(found) = halves.newer.get(&key) {
                return Some(found.clone());
            }
            let found = halves.older.remove(&key)?;
            halves.insert(key, found.clone(), self.budget / 2);
            Some(found)
        })
        .collect()
    }

    fn put(&self, key: Key, rendering: Bytes) {
        if self.budget == 0 {
            return;
        }
        let mut halves = self.halves.lock().unwrap_or_else(|e| e.into_inner());
        halves.insert(key, rendering, self.budget / 2);
    }
}

impl Halves {
    fn insert(&mut self, key: Key, rendering: Bytes, half: usize) {
        let size = rendering.len() + std::mem::size_of::<Key>();
        if self.newer_bytes + size > half {
            self.older = std::mem::take(&mut self.newer);
            self.newer_bytes = 0;
        }
        self.newer_bytes += size;
        if let Some(replaced) = self.newer.insert(key, rendering) {
            self.newer_bytes -= replaced.len() + std::mem::size_of::<Key>();
        }
    }
}

/// Loads the rows with the given ids, in one statement.
pub type LoadRows<'a, R> = &'a mut dyn FnMut(&[i64]) -> Result<Vec<R>, ApiError>;

/// Renders one row's representation as JSON ([`json`]).
pub type Render<'a, R> = &'a dyn Fn(&R) -> Result<Bytes, ApiError>;

/// A representation's JSON.
pub fn json<T: Serialize>(value: &T) -> Result<Bytes, ApiError> {
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|e| ApiError::Internal(format!("cannot serialise an item: {e}")))
}

/// How the items of one kind of page are made.
pub struct ItemRendering<'a, R> {
    /// The resource (`"delegate"`) and the view of it the page shows (`"full"`).
    pub kind: &'static str,
    pub view: &'static str,
    pub load: LoadRows<'a, R>,
    pub key_of: fn(&R) -> RowKey,
    pub render: Render<'a, R>,
}

/// The renderings of a page's rows, and what they are renderings of: the page's version.
#[derive(Debug, Default)]
pub struct Items {
    pub bodies: Vec<Bytes>,
    /// The kind, the view and each row's id and version, in order: the page's items are a
    /// function of it, so its ETag is made from it instead of from the bytes.
    pub version: String,
}

impl Items {
    fn new(kind: &str, view: &str, rows: Vec<(RowKey, Bytes)>) -> Self {
        let mut version = format!("{kind}/{view}");
        for (row, _) in &rows {
            version.push_str(&format!(" {}.{}", row.id, row.version));
        }
        Self {
            bodies: rows.into_iter().map(|(_, body)| body).collect(),
            version,
        }
    }
}

/// The JSON of the rows named by `keys`, in their order: kept renderings where there are
/// any, the others loaded (in one statement), rendered and kept. A row that vanished since
/// its key was read is left out; one that changed since is shown as it is now.
pub fn render_items<R>(
    fragments: Option<&Fragments>,
    keys: &[RowKey],
    how: ItemRendering<'_, R>,
) -> Result<Items, ApiError> {
    let (kind, view) = (how.kind, how.view);
    Ok(Items::new(kind, view, renderings(fragments, keys, how)?))
}

/// The JSON of the one row named by `key`, and the key of that rendering (the row may have
/// changed since `key` was read); `None` if the row vanished since.
pub fn render_item<R>(
    fragments: Option<&Fragments>,
    key: RowKey,
    how: ItemRendering<'_, R>,
) -> Result<Option<(RowKey, Bytes)>, ApiError> {
    Ok(renderings(fragments, &[key], how)?.pop())
}

fn renderings<R>(
    fragments: Option<&Fragments>,
    keys: &[RowKey],
    how: ItemRendering<'_, R>,
) -> Result<Vec<(RowKey, Bytes)>, ApiError> {
    let key = |row: RowKey| Key {
        kind: how.kind,
        view: how.view,
        row,
    };
    let mut items: Vec<Option<(RowKey, Bytes)>> = match fragments {
        Some(kept) => kept
            .get_all(keys.iter().map(|row| key(*row)))
            .into_iter()
            .zip(keys)
            .map(|(body, row)| Some((*row, body?)))
            .collect(),
        None => vec![None; keys.len()],
    };
    let missing: Vec<i64> = keys
        .iter()
        .zip(&items)
        .filter(|(_, item)| item.is_none())
        .map(|(row, _)| row.id)
        .collect();
    if fragments.is_some() {
        crate::metrics::cache_lookups("item", keys.len() - missing.len(), missing.len());
    }
    if missing.is_empty() {
        return Ok(items.into_iter().flatten().collect());
    }
    let mut loaded: HashMap<i64, (RowKey, Bytes)> = HashMap::with_capacity(missing.len());
    for row in (how.load)(&missing)? {
        let rendering = (how.render)(&row)?;
        let row_key = (how.key_of)(&row);
        if let Some(kept) = fragments {
            kept.put(key(row_key), rendering.clone());
        }
        loaded.insert(row_key.id, (row_key, rendering));
    }
    for (row, item) in keys.iter().zip(items.iter_mut()) {
        if item.is_none() {
            *item = loaded.get(&row.id).cloned();
        }
    }
    Ok(items.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, version: i64) -> RowKey {
        RowKey { id, version }
    }

    fn rendered(fragments: &Fragments, keys: &[RowKey], loads: &mut Vec<Vec<i64>>) -> Vec<String> {
        let mut load = |ids: &[i64]| {
            loads.push(ids.to_vec());
            Ok(ids.iter().map(|&id| row(id, 1)).collect())
        };
        let render = |r: &RowKey| json(&format!("row {} v{}", r.id, r.version));
        let how = ItemRendering {
            kind: "thing",
            view: "full",
            load: &mut load,
            key_of: |r| *r,
            render: &render,
        };
        render_items(Some(fragments), keys, how)
            .expect("rendered")
            .bodies
            .iter()
            .map(|b| String::from_utf8(b.to_vec()).expect("utf-8"))
            .collect()
    }

    #[test]
    fn a_row_is_rendered_once_per_version() {
        let fragments = Fragments::with_budget(1 << 20);
        let mut loads = Vec::new();
        let keys = [row(1, 1), row(2, 1)];
        let first = rendered(&fragments, &keys, &mut loads);
        assert_eq!(first, ["\"row 1 v1\"", "\"row 2 v1\""]);
        assert_eq!(rendered(&fragments, &keys, &mut loads), first);
        assert_eq!(loads, [vec![1, 2]], "the second page loaded nothing");
        rendered(&fragments, &[row(2, 2), row(1, 1)], &mut loads);
        assert_eq!(loads[1], [2], "only the row whose version moved is loaded");
    }

    #[test]
    fn the_store_keeps_within_its_budget() {
        let fragments = Fragments::with_budget(4 * (64 + std::mem::size_of::<Key>()));
        for id in 0..100 {
            fragments.put(
                Key {
                    kind: "thing",
                    view: "full",
                    row: row(id, 1),
                },
                Bytes::from(vec![b'x'; 64]),
            );
        }
        let halves = fragments.halves.lock().expect("lock");
        assert!(halves.newer.len() + halves.older.len() <= 4);
        assert!(halves.newer.contains_key(&Key {
            kind: "thing",
            view: "full",
            row: row(99, 1)
        }));
    }
}

//! Reading the partnership graph from the database: whole, or only what changed since a
//! graph was read.
//!
//! Every change of a partnership or city row moves the row's `version` (every update sets
//! `version = version + 1`, and a change of what a partnership shows of its cities touches
//! the partnership, see `changes::embeddings`), and ids are never used twice
//! (`AUTOINCREMENT` on SQLite, sequences on PostgreSQL). So comparing the `(id, version)`
//! of every row with what the graph holds finds exactly the rows created, changed or
//! deleted since, in whatever order concurrent transactions took their ids and committed:
//! a new id or another version is read in full, a held id the table lacks is dropped. The
//! comparison reads two integers per row; full rows are read only for the changes.

use diesel::prelude::*;

use super::graph::{Edge, Graph, Held};
use super::model::parse_fields;
use super::vocab::{PartnershipKind, PartnershipStatus};
use crate::cities::CitySummary;
use crate::db::schema::{cities, partnerships};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::values::stored_date;

/// Rows read by id per statement.
const CHUNK: usize = 500;

type EdgeRow = (
    i64,
    i64,
    i64,
    String,
    String,
    Option<String>,
    String,
    bool,
    i64,
);

type EdgeColumns = (
    partnerships::id,
    partnerships::city_a_id,
    partnerships::city_b_id,
    partnerships::kind,
    partnerships::status,
    partnerships::established_on,
    partnerships::fields,
    partnerships::illustrative,
    partnerships::version,
);

const EDGE_COLUMNS: EdgeColumns = (
    partnerships::id,
    partnerships::city_a_id,
    partnerships::city_b_id,
    partnerships::kind,
    partnerships::status,
    partnerships::established_on,
    partnerships::fields,
    partnerships::illustrative,
    partnerships::version,
);

/// A partnership row as an edge, with its version.
fn edge(
    (id, source, target, kind, status, established_on, fields, illustrative, version): EdgeRow,
) -> Result<(Edge, i64), ApiError> {
    let edge = Edge {
        id,
        source,
        target,
        kind: PartnershipKind::parse(&kind)?,
        status: PartnershipStatus::parse(&status)?,
        established_on: established_on.as_deref().map(stored_date).transpose()?,
        fields: parse_fields(&fields)?,
        illustrative,
    };
    Ok((edge, version))
}

/// Reads the whole graph.
pub(super) fn load(conn: &mut DbConnection) -> Result<Graph, ApiError> {
    let rows: Vec<EdgeRow> = partnerships::table
        .order(partnerships::id.asc())
        .select(EDGE_COLUMNS)
        .load(conn)?;
    let versions = scan_cities(conn)?;
    let mut summaries = CitySummary::load_all(conn)?;
    summaries.sort_unstable_by_key(|city| city.id);
    let cities = summaries
        .into_iter()
        .zip(versions)
        .map(|(city, (id, version))| {
            if city.id == id {
                Ok((city, version))
            } else {
                Err(ApiError::Internal("the cities changed while read".into()))
            }
        })
        .collect::<Result<_, ApiError>>()?;
    let mut graph = Graph::with_cities(cities);
    graph.held.reserve(rows.len());
    for row in rows {
        let (edge, version) = edge(row)?;
        let id = edge.id;
        let slot = graph.add_edge(edge, true);
        graph.held.push(Held { id, version, slot });
    }
    Ok(graph)
}

/// What a refresh found.
pub(super) enum Refresh {
    /// The graph read again, whole: most of it had changed.
    Whole(Graph),
    /// What to patch the graph with.
    Delta(Delta),
}

/// The rows that changed since a graph was read: new or changed ones in full (in id order)
/// and the ids that are gone. `None` for a table whose generation did not move.
pub(super) struct Delta {
    cities: Option<CityChanges>,
    partnerships: Option<Changes<(Edge, i64)>>,
}

struct Changes<T> {
    changed: Vec<T>,
    gone: Vec<i64>,
}

struct CityChanges {
    changes: Changes<CitySummary>,
    /// `(id, version)` of every city now.
    versions: Vec<(i64, i64)>,
}

/// Reads what changed since `graph` was read, in the tables whose generations moved; or
/// the whole graph again when most of it changed (reading it by id would cost more). Run
/// it in the same snapshot as the generations it is stored with.
pub(super) fn read(
    conn: &mut DbConnection,
    graph: &Graph,
    partnerships_moved: bool,
    cities_moved: bool,
) -> Result<Refresh, ApiError> {
    let partnerships = if partnerships_moved {
        let scan = scan_partnerships(conn)?;
        let (read, gone) = diff(graph.held.iter().map(|h| (h.id, h.version)), &scan);
        if mostly_new(read.len() + gone.len(), scan.len()) {
            return Ok(Refresh::Whole(load(conn)?));
        }
        let changed = read_edges(conn, &read)?;
        if changed.len() != read.len() {
            return Ok(Refresh::Whole(load(conn)?));
        }
        Some(Changes { changed, gone })
    } else {
        None
    };
    let cities = if cities_moved {
        let versions = scan_cities(conn)?;
        let (read, gone) = diff(graph.city_versions.iter().copied(), &versions);
        let mut found = CitySummary::load_many(conn, read.iter().copied())?;
        let changed: Vec<CitySummary> = read.iter().filter_map(|id| found.remove(id)).collect();
        if changed.len() != read.len() {
            return Ok(Refresh::Whole(load(conn)?));
        }
        Some(CityChanges {
            changes: Changes { changed, gone },
            versions,
        })
    } else {
        None
    };
    Ok(Refresh::Delta(Delta {
        cities,
        partnerships,
    }))
}

/// Whether `changes` of `rows` are better read by reading everything.
fn mostly_new(changes: usize, rows: usize) -> bool {
    changes > 256 && changes * 4 > rows
}

/// `(id, version)` of every partnership, by id. Read in table order and sorted here: the
/// order is nearly by id already (by rowid on SQLite; on PostgreSQL updated rows move), which
/// the stable sort finishes in about one pass, cheaper than asking for `ORDER BY id`.
fn scan_partnerships(conn: &mut DbConnection) -> Result<Vec<(i64, i64)>, ApiError> {
    let mut scan: Vec<(i64, i64)> = partnerships::table
        .select((partnerships::id, partnerships::version))
        .load(conn)?;
    scan.sort();
    Ok(scan)
}

/// `(id, version)` of every city, by id (sorted as [`scan_partnerships`] does).
fn scan_cities(conn: &mut DbConnection) -> Result<Vec<(i64, i64)>, ApiError> {
    let mut scan: Vec<(i64, i64)> = cities::table
        .select((cities::id, cities::version))
        .load(conn)?;
    scan.sort();
    Ok(scan)
}

/// The partnerships `ids` (ascending), in id order.
fn read_edges(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<(Edge, i64)>, ApiError> {
    let mut edges = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<EdgeRow> = partnerships::table
            .filter(partnerships::id.eq_any(chunk))
            .order(partnerships::id.asc())
            .select(EDGE_COLUMNS)
            .load(conn)?;
        for row in rows {
            edges.push(edge(row)?);
        }
    }
    Ok(edges)
}

/// Compares what is held with what a scan found (both `(id, version)` by id): the ids to
/// read (new, or at another version) and the ids that are gone, both ascending.
fn diff(held: impl Iterator<Item = (i64, i64)>, scan: &[(i64, i64)]) -> (Vec<i64>, Vec<i64>) {
    let mut held = held.peekable();
    let (mut read, mut gone) = (Vec::new(), Vec::new());
    for &(id, version) in scan {
        while let Some((old, _)) = held.next_if(|&(old, _)| old < id) {
            gone.push(old);
        }
        match held.next_if(|&(old, _)| old == id) {
            Some((_, held_version)) if held_version == version => {}
            _ => read.push(id),
        }
    }
    gone.extend(held.map(|(id, _)| id));
    (read, gone)
}

impl Delta {
    /// Patches `graph` to what the database held when the delta was read: cities first
    /// (a new partnership may name a new city), then partnerships. A city that moved to
    /// another country has the country index rebuilt once, at the end.
    pub(super) fn apply(self, graph: &mut Graph) {
        let mut moved = false;
        if let Some(cities) = self.cities {
            for id in cities.changes.gone {
                graph.remove_city(id);
            }
            for city in cities.changes.changed {
                moved |= graph.put_city(city);
            }
            graph.city_versions = cities.versions;
        }
        if let Some(Changes { changed, gone }) = self.partnerships {
            for &id in &gone {
                if let Some(held) = graph.find(id) {
                    graph.remove_edge(held.slot, !moved);
                }
            }
            let mut updated = Vec::with_capacity(changed.len());
            for (edge, version) in changed {
                let id = edge.id;
                let slot = match graph.find(id) {
                    Some(held) => {
                        graph.replace_edge(held.slot, edge, !moved);
                        held.slot
                    }
                    None => graph.add_edge(edge, !moved),
                };
                updated.push(Held { id, version, slot });
            }
            graph.held = merge(std::mem::take(&mut graph.held), updated, &gone);
        }
        if moved {
            graph.rebuild_countries();
        }
    }
}

/// `held` without `gone` and with `updated` (new or replacing), all by id.
fn merge(held: Vec<Held>, updated: Vec<Held>, gone: &[i64]) -> Vec<Held> {
    let mut merged = Vec::with_capacity(held.len() + updated.len());
    let mut updated = updated.into_iter().peekable();
    let mut gone = gone.iter().peekable();
    for old in held {
        while let Some(new) = updated.next_if(|new| new.id < old.id) {
            merged.push(new);
        }
        if gone.next_if(|&&id| id == old.id).is_some() {
            continue;
        }
        merged.push(updated.next_if(|new| new.id == old.id).unwrap_or(old));
    }
    merged.extend(updated);
    merged
}

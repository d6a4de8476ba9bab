//! The partnership graph shared by the workers, and how it follows the database.
//!
//! The graph is stored with the change generations of [`SHOWS`] it reflects. A request
//! reads the current generations (one indexed lookup, as for cached pages) and is served
//! the stored graph if it is at least that new. Otherwise one refresh runs at a time
//! (single flight; the others wait for it and are then served its result): in one
//! snapshot of the database (`REPEATABLE READ` on PostgreSQL; a read transaction on SQLite)
//! it reads the generations again and what changed since the stored graph
//! (`graph_delta`), patches the graph and stores it with those generations. So the stored
//! generations describe the graph exactly: a write that commits during a refresh costs
//! one more refresh, and a graph is never served under generations newer than its data.
//! Because the generations move inside every write's transaction, after any process has
//! answered a write, every process shows it.
//!
//! The graph is patched in place when no request still holds it, else patched as a copy.

use std::sync::{Arc, RwLock};

use actix_web::{web, HttpRequest};

use super::graph::Graph;
use super::graph_delta::{self, Refresh};
use crate::changes::generations;
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;

/// The tables the graph is made of.
pub const SHOWS: crate::http::cache::Shows = &["partnerships", "cities"];

/// The graph shared by the workers, with the generations it reflects.
#[derive(Debug, Default)]
pub struct GraphCache {
    stored: RwLock<Option<Stored>>,
    /// Held by the one refresh running.
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Debug, Clone)]
struct Stored {
    generations: Vec<i64>,
    graph: Arc<Graph>,
}

impl GraphCache {
    /// The stored graph if it reflects at least `generations`. Each table's generation only
    /// grows, so a graph read at later ones shows every change the caller could know of.
    fn fresh(&self, generations: &[i64]) -> Option<Arc<Graph>> {
        self.stored()
            .filter(|stored| {
                stored.generations.len() == generations.len()
                    && stored
                        .generations
                        .iter()
                        .zip(generations)
                        .all(|(s, g)| s >= g)
            })
            .map(|stored| stored.graph)
    }

    fn stored(&self) -> Option<Stored> {
        self.stored
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces what is stored; the old graph is dropped outside the lock.
    fn store(&self, stored: Option<Stored>) {
        let old = std::mem::replace(
            &mut *self.stored.write().unwrap_or_else(|e| e.into_inner()),
            stored,
        );
        drop(old);
    }
}

/// The current graph: the stored one while it is fresh, else the stored one brought up to
/// date by one refresh.
pub async fn current(req: &HttpRequest) -> Result<Arc<Graph>, ApiError> {
    let pool = req
        .app_data::<web::Data<DbPool>>()
        .ok_or_else(|| ApiError::Internal("no database pool".into()))?
        .clone();
    let Some(cache) = req.app_data::<web::Data<GraphCache>>().cloned() else {
        return Ok(Arc::new(db::read_snapshot(&pool, graph_delta::load).await?));
    };
    let generations = db::read_one(&pool, |conn| generations::read(conn, SHOWS)).await?;
    if let Some(graph) = cache.fresh(&generations) {
        return Ok(graph);
    }
    let _flight = cache.refresh.lock().await;
    if let Some(graph) = cache.fresh(&generations) {
        return Ok(graph);
    }
    let shared = cache.clone();
    db::read_snapshot(&pool, move |conn| refresh(conn, &shared)).await
}

/// Brings the stored graph up to the database's current state, in one snapshot.
fn refresh(conn: &mut DbConnection, cache: &GraphCache) -> Result<Arc<Graph>, ApiError> {
    let generations = generations::read(conn, SHOWS)?;
    let graph = match cache.stored() {
        Some(stored) if stored.generations == generations => stored.graph,
        Some(stored) => {
            let moved = |table: usize| stored.generations[table] != generations[table];
            match graph_delta::read(conn, &stored.graph, moved(0), moved(1))? {
                Refresh::Whole(graph) => Arc::new(graph),
                Refresh::Delta(delta) => {
                    let mut graph = stored.graph;
                    // Let go of the stored copy, so that the graph is patched in place
                    // unless a request still reads it.
                    cache.store(None);
                    delta.apply(Arc::make_mut(&mut graph));
                    graph
                }
            }
        }
        None => Arc::new(graph_delta::load(conn)?),
    };
    cache.store(Some(Stored {
        generations,
        graph: graph.clone(),
    }));
    Ok(graph)
}

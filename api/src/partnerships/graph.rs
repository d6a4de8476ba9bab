//! The partnership graph held in memory: every city and every partnership, loaded once
//! and kept until the data changes (the change generations of [`SHOWS`], as for list pages), so
//! that the map, the partner lists, paths and statistics never scan the tables per request.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use actix_web::{web, HttpRequest};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::parse_fields;
use super::viewer::Viewer;
use super::vocab::{CooperationField, PartnershipKind, PartnershipStatus};
use crate::changes::generations;
use crate::cities::CitySummary;
use crate::db::schema::partnerships;
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::values::stored_date;

/// A partnership as an edge of the network.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "source": 1, "target": 2, "kind": "sister_city", "status": "active",
    "established_on": "1985-05-06", "fields": ["ice_snow_economy", "education"], "illustrative": false
}))]
pub struct Edge {
    /// The partnership's id.
    pub id: i64,
    /// The city named first.
    pub source: i64,
    /// The city named second.
    pub target: i64,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    pub established_on: Option<NaiveDate>,
    pub fields: Vec<CooperationField>,
    pub illustrative: bool,
}

impl Edge {
    /// The other end of the edge seen from `city`.
    pub fn other(&self, city: i64) -> i64 {
        if self.source == city {
            self.target
        } else {
            self.source
        }
    }

    pub fn visible_to(&self, viewer: Viewer) -> bool {
        viewer.sees(self.source, self.target, self.status)
    }
}

/// Every city and partnership, with the edges of each city.
#[derive(Debug, Default)]
pub struct Graph {
    pub cities: HashMap<i64, CitySummary>,
    pub edges: Vec<Edge>,
    /// Indexes into `edges` by city.
    pub by_city: HashMap<i64, Vec<usize>>,
    /// Indexes into `edges` (ascending, once each) by the countries of their two cities.
    pub by_country: HashMap<String, Vec<usize>>,
    /// Dense numbers of the cities (by id) for breadth-first search over arrays.
    pub dense: HashMap<i64, usize>,
    /// Per dense city: (dense neighbour, edge index) over active partnerships, in id order.
    pub active: Vec<Vec<(usize, usize)>>,
}

type EdgeRow = (i64, i64, i64, String, String, Option<String>, String, bool);

impl Graph {
    /// Reads the whole graph in one transaction.
    pub fn load(conn: &mut DbConnection) -> Result<Self, ApiError> {
        let rows: Vec<EdgeRow> = partnerships::table
            .order(partnerships::id.asc())
            .select((
                partnerships::id,
                partnerships::city_a_id,
                partnerships::city_b_id,
                partnerships::kind,
                partnerships::status,
                partnerships::established_on,
                partnerships::fields,
                partnerships::illustrative,
            ))
            .load(conn)?;
        let mut graph = Graph {
            cities: CitySummary::load_all(conn)?
                .into_iter()
                .map(|city| (city.id, city))
                .collect(),
            edges: Vec::with_capacity(rows.len()),
            by_city: HashMap::new(),
            by_country: HashMap::new(),
            dense: HashMap::new(),
            active: Vec::new(),
        };
        let mut ids: Vec<i64> = graph.cities.keys().copied().collect();
        ids.sort_unstable();
        graph.dense = ids.iter().enumerate().map(|(n, &id)| (id, n)).collect();
        graph.active = vec![Vec::new(); ids.len()];
        for (id, source, target, kind, status, established_on, fields, illustrative) in rows {
            let index = graph.edges.len();
            graph.edges.push(Edge {
                id,
                source,
                target,
                kind: PartnershipKind::parse(&kind)?,
                status: PartnershipStatus::parse(&status)?,
                established_on: established_on.as_deref().map(stored_date).transpose()?,
                fields: parse_fields(&fields)?,
                illustrative,
            });
            graph.by_city.entry(source).or_default().push(index);
            graph.by_city.entry(target).or_default().push(index);
            if let (PartnershipStatus::Active, Some(&a), Some(&b)) = (
                graph.edges[index].status,
                graph.dense.get(&source),
                graph.dense.get(&target),
            ) {
                graph.active[a].push((b, index));
                graph.active[b].push((a, index));
            }
            for city in [source, target] {
                if let Some(summary) = graph.cities.get(&city) {
                    let edges = graph
                        .by_country
                        .entry(summary.country.0.clone())
                        .or_default();
                    if edges.last() != Some(&index) {
                        edges.push(index);
                    }
                }
            }
        }
        Ok(graph)
    }

    /// The edges of `city`, in id order.
    pub fn edges_of(&self, city: i64) -> impl Iterator<Item = &Edge> {
        self.by_city
            .get(&city)
            .into_iter()
            .flatten()
            .map(|&index| &self.edges[index])
    }

    /// The edges a filter can admit: those of one country when it names one, else all.
    pub fn candidates(&self, country: Option<&str>) -> Box<dyn Iterator<Item = &Edge> + '_> {
        match country {
            Some(country) => Box::new(
                self.by_country
                    .get(country)
                    .into_iter()
                    .flatten()
                    .map(|&index| &self.edges[index]),
            ),
            None => Box::new(self.edges.iter()),
        }
    }

    /// The city `id`, or a 404.
    pub fn city(&self, id: i64) -> Result<&CitySummary, ApiError> {
        self.cities
            .get(&id)
            .ok_or_else(|| ApiError::NotFound(format!("no city with id {id}")))
    }
}

/// The tables the graph is made of.
pub const SHOWS: crate::http::cache::Shows = &["partnerships", "cities"];

/// The graph shared by the workers, with the generations it was loaded at.
#[derive(Debug, Default)]
pub struct GraphCache {
    current: RwLock<Option<(Vec<i64>, Arc<Graph>)>>,
}

impl GraphCache {
    fn get(&self, generation: &[i64]) -> Option<Arc<Graph>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        current
            .as_ref()
            .filter(|(stored, _)| stored == generation)
            .map(|(_, graph)| graph.clone())
    }

    fn put(&self, generation: Vec<i64>, graph: Arc<Graph>) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some((generation, graph));
    }
}

/// The current graph: the cached one while nothing has changed since it was loaded,
/// otherwise a fresh load (stored with the generation observed before loading, so a
/// write during the load only costs one more load).
pub async fn current(req: &HttpRequest) -> Result<Arc<Graph>, ApiError> {
    let pool = req
        .app_data::<web::Data<DbPool>>()
        .ok_or_else(|| ApiError::Internal("no database pool".into()))?
        .clone();
    let cache = req.app_data::<web::Data<GraphCache>>().cloned();
    let generation = db::read_one(&pool, |conn| generations::read(conn, SHOWS)).await?;
    if let Some(graph) = cache.as_ref().and_then(|cache| cache.get(&generation)) {
        return Ok(graph);
    }
    let graph = Arc::new(db::read(&pool, Graph::load).await?);
    if let Some(cache) = cache {
        cache.put(generation, graph.clone());
    }
    Ok(graph)
}

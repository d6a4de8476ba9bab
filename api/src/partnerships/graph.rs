//! The partnership graph held in memory: every city and every partnership, with the indexes
//! the network queries walk (`network.rs`), so that the map, the partner lists, paths and
//! statistics never scan the tables per request.
//!
//! The graph is kept up to date, not rebuilt: `graph_cache` decides when it is behind the
//! database, `graph_delta` reads what changed since, and the methods here patch the edges
//! and their indexes in place. Every edge lives in a *slot* that never moves while the
//! partnership exists (a removed partnership's slot is emptied and later reused), and every
//! index lists slots in partnership id order, so a patched graph answers exactly as one
//! built from scratch over the same rows would (ties in the path finder go to the lower id
//! either way).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::viewer::Viewer;
use super::vocab::{CooperationField, PartnershipKind, PartnershipStatus};
use crate::cities::CitySummary;
use crate::error::ApiError;

/// A partnership as an edge of the network.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
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

    /// Whether the path finder walks this edge.
    fn is_active(&self) -> bool {
        self.status == PartnershipStatus::Active
    }
}

/// A partnership the graph holds: the version its row had when read, and its edge's slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Held {
    pub id: i64,
    pub version: i64,
    pub slot: usize,
}

/// Every city and partnership, with the edges of each city.
#[derive(Debug, Default, Clone)]
pub struct Graph {
    pub cities: HashMap<i64, CitySummary>,
    /// `(id, version)` of every city, by id: what the cities table held when read.
    pub(super) city_versions: Vec<(i64, i64)>,
    /// Every partnership, by id.
    pub(super) held: Vec<Held>,
    /// Edges by slot; `None` is a slot left by a removed partnership.
    slots: Vec<Option<Edge>>,
    /// Empty slots, taken again by new partnerships.
    free: Vec<usize>,
    /// Slots by city, in partnership id order.
    by_city: HashMap<i64, Vec<usize>>,
    /// Slots (in id order, once each) by the countries of their two cities.
    by_country: HashMap<String, Vec<usize>>,
    /// Dense numbers of the cities for breadth-first search over arrays (a new city takes
    /// the next number; a removed one leaves its number unused).
    pub dense: HashMap<i64, usize>,
    /// Per dense city: (dense neighbour, slot) over active partnerships, in id order.
    pub active: Vec<Vec<(usize, usize)>>,
}

impl Graph {
    /// A graph of `cities` (in id order, with their versions) and no partnerships yet.
    pub(super) fn with_cities(cities: Vec<(CitySummary, i64)>) -> Self {
        let mut graph = Graph {
            dense: HashMap::with_capacity(cities.len()),
            active: vec![Vec::new(); cities.len()],
            cities: HashMap::with_capacity(cities.len()),
            city_versions: Vec::with_capacity(cities.len()),
            ..Graph::default()
        };
        for (n, (city, version)) in cities.into_iter().enumerate() {
            graph.dense.insert(city.id, n);
            graph.city_versions.push((city.id, version));
            graph.cities.insert(city.id, city);
        }
        graph
    }

    /// The edge in `slot`, which an index named.
    pub fn edge(&self, slot: usize) -> &Edge {
        self.slots[slot]
            .as_ref()
            .expect("indexes name only filled slots")
    }

    /// Every edge, in id order.
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        self.held.iter().map(|held| self.edge(held.slot))
    }

    /// The edges of `city`, in id order.
    pub fn edges_of(&self, city: i64) -> impl Iterator<Item = &Edge> {
        self.by_city
            .get(&city)
            .into_iter()
            .flatten()
            .map(|&slot| self.edge(slot))
    }

    /// The edges a filter can admit: those of one country when it names one, else all.
    pub fn candidates(&self, country: Option<&str>) -> Box<dyn Iterator<Item = &Edge> + '_> {
        match country {
            Some(country) => Box::new(
                self.by_country
                    .get(country)
                    .into_iter()
                    .flatten()
                    .map(|&slot| self.edge(slot)),
            ),
            None => Box::new(self.edges()),
        }
    }

    /// The city `id`, or a 404.
    pub fn city(&self, id: i64) -> Result<&CitySummary, ApiError> {
        self.cities
            .get(&id)
            .ok_or_else(|| ApiError::NotFound(format!("no city with id {id}")))
    }

    /// Where partnership `id` is held, if it is.
    pub(super) fn find(&self, id: i64) -> Option<Held> {
        self.held
            .binary_search_by_key(&id, |held| held.id)
            .ok()
            .map(|at| self.held[at])
    }

    /// Adds a city, or replaces one; says whether an existing city moved to another
    /// country (the caller then rebuilds the country index).
    pub(super) fn put_city(&mut self, city: CitySummary) -> bool {
        let moved = match self.cities.get(&city.id) {
            Some(old) => old.country != city.country,
            None => {
                self.dense.insert(city.id, self.active.len());
                self.active.push(Vec::new());
                false
            }
        };
        self.cities.insert(city.id, city);
        moved
    }

    /// Removes a city, which no partnership names (the foreign keys say so).
    pub(super) fn remove_city(&mut self, id: i64) {
        self.cities.remove(&id);
        self.dense.remove(&id);
    }

    /// Puts a new edge in a free slot and indexes it (by country too when `countries`).
    /// The caller records it in `held`.
    pub(super) fn add_edge(&mut self, edge: Edge, countries: bool) -> usize {
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot] = Some(edge);
                slot
            }
            None => {
                self.slots.push(Some(edge));
                self.slots.len() - 1
            }
        };
        self.link(slot, countries);
        slot
    }

    /// Replaces the edge in `slot`, moving it in the indexes only if its cities or its
    /// being active changed.
    pub(super) fn replace_edge(&mut self, slot: usize, edge: Edge, countries: bool) {
        let old = self.edge(slot);
        if (old.source, old.target, old.is_active()) == (edge.source, edge.target, edge.is_active())
        {
            self.slots[slot] = Some(edge);
        } else {
            self.unlink(slot, countries);
            self.slots[slot] = Some(edge);
            self.link(slot, countries);
        }
    }

    /// Unindexes the edge in `slot` and frees the slot. The caller drops it from `held`.
    pub(super) fn remove_edge(&mut self, slot: usize, countries: bool) {
        self.unlink(slot, countries);
        self.slots[slot] = None;
        self.free.push(slot);
    }

    /// Indexes every edge by country again, from scratch (after a city moved).
    pub(super) fn rebuild_countries(&mut self) {
        let Graph {
            held,
            slots,
            by_country,
            cities,
            ..
        } = self;
        by_country.clear();
        for held in held.iter() {
            let edge = slots[held.slot]
                .as_ref()
                .expect("held partnerships fill their slots");
            for country in countries(cities, edge.source, edge.target)
                .into_iter()
                .flatten()
            {
                list_of(by_country, country).push(held.slot);
            }
        }
    }

    fn link(&mut self, slot: usize, countries_too: bool) {
        let (id, ends, active_edge) = self.ends(slot);
        let Graph {
            slots,
            by_city,
            by_country,
            dense,
            active,
            cities,
            ..
        } = self;
        let before = |other: usize| id_in(slots, other) < id;
        for city in ends {
            let list = by_city.entry(city).or_default();
            list.insert(list.partition_point(|&other| before(other)), slot);
        }
        if let (true, Some(&a), Some(&b)) = (active_edge, dense.get(&ends[0]), dense.get(&ends[1]))
        {
            for (from, to) in [(a, b), (b, a)] {
                let list = &mut active[from];
                list.insert(
                    list.partition_point(|&(_, other)| before(other)),
                    (to, slot),
                );
            }
        }
        if countries_too {
            for country in countries(cities, ends[0], ends[1]).into_iter().flatten() {
                let list = list_of(by_country, country);
                list.insert(list.partition_point(|&other| before(other)), slot);
            }
        }
    }

    fn unlink(&mut self, slot: usize, countries_too: bool) {
        let (id, ends, active_edge) = self.ends(slot);
        let Graph {
            slots,
            by_city,
            by_country,
            dense,
            active,
            cities,
            ..
        } = self;
        let before = |other: usize| id_in(slots, other) < id;
        for city in ends {
            remove_from(by_city, &city, slot, |list| {
                list.partition_point(|&other| before(other))
            });
        }
        if let (true, Some(&a), Some(&b)) = (active_edge, dense.get(&ends[0]), dense.get(&ends[1]))
        {
            for from in [a, b] {
                let list = &mut active[from];
                let at = list.partition_point(|&(_, other)| before(other));
                if list.get(at).is_some_and(|&(_, other)| other == slot) {
                    list.remove(at);
                }
            }
        }
        if countries_too {
            for country in countries(cities, ends[0], ends[1]).into_iter().flatten() {
                remove_from(by_country, country, slot, |list| {
                    list.partition_point(|&other| before(other))
                });
            }
        }
    }

    /// The id, the two cities and whether the path finder walks the edge in `slot`.
    fn ends(&self, slot: usize) -> (i64, [i64; 2], bool) {
        let edge = self.edge(slot);
        (edge.id, [edge.source, edge.target], edge.is_active())
    }
}

/// The id of the partnership in `slot`.
fn id_in(slots: &[Option<Edge>], slot: usize) -> i64 {
    slots[slot].as_ref().map_or(i64::MAX, |edge| edge.id)
}

/// Removes `slot` (found at the position `at` says) from `index[key]`, and the key once
/// its list is empty.
fn remove_from<K, Q>(
    index: &mut HashMap<K, Vec<usize>>,
    key: &Q,
    slot: usize,
    at: impl Fn(&[usize]) -> usize,
) where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: std::hash::Hash + Eq + ?Sized,
{
    if let Some(list) = index.get_mut(key) {
        let at = at(list);
        if list.get(at) == Some(&slot) {
            list.remove(at);
        }
        if list.is_empty() {
            index.remove(key);
        }
    }
}

/// The list of `country` in the country index, made on first use.
fn list_of<'a>(index: &'a mut HashMap<String, Vec<usize>>, country: &str) -> &'a mut Vec<usize> {
    if !index.contains_key(country) {
        index.insert(country.to_owned(), Vec::new());
    }
    index.get_mut(country).expect("just made")
}

/// The countries of two cities, once each (a city the graph lacks has none).
fn countries(cities: &HashMap<i64, CitySummary>, a: i64, b: i64) -> [Option<&str>; 2] {
    let country = |id: i64| cities.get(&id).map(|city| city.country.0.as_str());
    let (first, second) = (country(a), country(b));
    [first, second.filter(|&second| Some(second) != first)]
}

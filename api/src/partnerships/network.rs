//! Queries over the partnership graph: the map's network, a city's partners, the
//! shortest chain of active partnerships, and statistics. Pure functions of a [`Graph`].

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::graph::{Edge, Graph};
use super::viewer::Viewer;
use super::vocab::{CooperationField, PartnershipKind, PartnershipStatus};
use crate::cities::CitySummary;
use crate::error::ApiError;

/// Filters of the network.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkFilter {
    pub kind: Option<PartnershipKind>,
    pub status: Option<PartnershipStatus>,
    /// Only partnerships cooperating on this field.
    pub field: Option<CooperationField>,
    /// Only this country's cities and their partners (ISO 3166-1 alpha-2).
    #[param(value_type = Option<crate::values::CountryCode>, example = "CN")]
    pub country: Option<String>,
    /// Only sample data (`true`) or only real partnerships (`false`).
    pub illustrative: Option<bool>,
    /// Established on or after this date (partnerships without a date are left out).
    pub established_from: Option<NaiveDate>,
    /// Established on or before this date (partnerships without a date are left out).
    pub established_to: Option<NaiveDate>,
}

impl NetworkFilter {
    fn admits(&self, edge: &Edge, graph: &Graph) -> bool {
        let in_country = |city: i64| {
            self.country.as_deref().is_none_or(|country| {
                graph
                    .cities
                    .get(&city)
                    .is_some_and(|c| c.country.0 == country)
            })
        };
        let dated = |bound: Option<NaiveDate>, ok: fn(NaiveDate, NaiveDate) -> bool| {
            bound.is_none_or(|bound| edge.established_on.is_some_and(|on| ok(on, bound)))
        };
        self.kind.is_none_or(|kind| edge.kind == kind)
            && self.status.is_none_or(|status| edge.status == status)
            && self.field.is_none_or(|field| edge.fields.contains(&field))
            && self
                .illustrative
                .is_none_or(|flag| edge.illustrative == flag)
            && dated(self.established_from, |on, from| on >= from)
            && dated(self.established_to, |on, to| on <= to)
            && (in_country(edge.source) || in_country(edge.target))
    }
}

/// A city on the map, with how many of the shown partnerships it has.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkNode {
    pub id: i64,
    pub name: crate::values::LangMap,
    pub country: crate::values::CountryCode,
    pub latitude: f64,
    pub longitude: f64,
    /// The number of shown partnerships of this city.
    pub degree: usize,
}

/// Cities and partnerships for the map.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "nodes": [
        {"id": 1, "name": {"en": "Harbin", "zh": "哈尔滨"}, "country": "CN", "latitude": 45.7567, "longitude": 126.6424, "degree": 1},
        {"id": 2, "name": {"en": "Edmonton"}, "country": "CA", "latitude": 53.5461, "longitude": -113.4938, "degree": 1}
    ],
    "edges": [{"id": 1, "source": 1, "target": 2, "kind": "sister_city", "status": "active",
        "established_on": "1985-05-06", "fields": ["ice_snow_economy"], "illustrative": false}]
}))]
pub struct Network {
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<Edge>,
}

/// The partnerships `viewer` may see that pass `filter`, with their cities.
pub fn network(graph: &Graph, filter: &NetworkFilter, viewer: Viewer) -> Result<Network, ApiError> {
    let edges: Vec<Edge> = graph
        .candidates(filter.country.as_deref())
        .filter(|edge| edge.visible_to(viewer) && filter.admits(edge, graph))
        .cloned()
        .collect();
    let mut degree: BTreeMap<i64, usize> = BTreeMap::new();
    for edge in &edges {
        *degree.entry(edge.source).or_default() += 1;
        *degree.entry(edge.target).or_default() += 1;
    }
    let nodes = degree
        .into_iter()
        .map(|(id, degree)| {
            let city = graph.city(id)?.clone();
            Ok(NetworkNode {
                id,
                name: city.name,
                country: city.country,
                latitude: city.latitude,
                longitude: city.longitude,
                degree,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Network { nodes, edges })
}

/// A partner city as a city's page lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Partner {
    pub partnership_id: i64,
    pub city: CitySummary,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    /// When the partnership was established, if known.
    pub since: Option<NaiveDate>,
    pub fields: Vec<CooperationField>,
    pub illustrative: bool,
}

/// A city and its partner cities.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "city": {"id": 1, "name": {"en": "Harbin", "zh": "哈尔滨"}, "country": "CN", "latitude": 45.7567, "longitude": 126.6424},
    "partners": [{"partnership_id": 1,
        "city": {"id": 2, "name": {"en": "Edmonton"}, "country": "CA", "latitude": 53.5461, "longitude": -113.4938},
        "kind": "sister_city", "status": "active", "since": "1985-05-06", "fields": ["ice_snow_economy"], "illustrative": false}]
}))]
pub struct CityPartners {
    pub city: CitySummary,
    pub partners: Vec<Partner>,
}

/// The partners of `city` that `viewer` may see, oldest partnership first.
pub fn partners(graph: &Graph, city: i64, viewer: Viewer) -> Result<CityPartners, ApiError> {
    let mut partners = graph
        .edges_of(city)
        .filter(|edge| edge.visible_to(viewer))
        .map(|edge| {
            Ok(Partner {
                partnership_id: edge.id,
                city: graph.city(edge.other(city))?.clone(),
                kind: edge.kind,
                status: edge.status,
                since: edge.established_on,
                fields: edge.fields.clone(),
                illustrative: edge.illustrative,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    partners.sort_by_key(|p| (p.since.is_none(), p.since, p.partnership_id));
    Ok(CityPartners {
        city: graph.city(city)?.clone(),
        partners,
    })
}

/// `?from=&to=` of the path finder.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PathQuery {
    /// The city to start from.
    #[param(minimum = 1, example = 2)]
    pub from: i64,
    /// The city to reach.
    #[param(minimum = 1, example = 3)]
    pub to: i64,
    /// Only partnerships of this kind.
    pub kind: Option<PartnershipKind>,
}

/// The shortest chain of active partnerships between two cities.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "from": 2, "to": 3, "hops": 2,
    "cities": [
        {"id": 2, "name": {"en": "Edmonton"}, "country": "CA", "latitude": 53.5461, "longitude": -113.4938},
        {"id": 1, "name": {"en": "Harbin", "zh": "哈尔滨"}, "country": "CN", "latitude": 45.7567, "longitude": 126.6424},
        {"id": 3, "name": {"en": "Magdeburg"}, "country": "DE", "latitude": 52.1205, "longitude": 11.6276}
    ],
    "partnerships": [
        {"id": 1, "source": 1, "target": 2, "kind": "sister_city", "status": "active", "established_on": "1985-05-06", "fields": [], "illustrative": false},
        {"id": 2, "source": 1, "target": 3, "kind": "sister_city", "status": "active", "established_on": "2008-07-02", "fields": [], "illustrative": false}
    ]
}))]
pub struct PartnershipPath {
    pub from: i64,
    pub to: i64,
    /// The number of partnerships in the chain.
    pub hops: usize,
    /// The cities along the chain, from `from` to `to`.
    pub cities: Vec<CitySummary>,
    /// The partnerships along the chain, in order.
    pub partnerships: Vec<Edge>,
}

/// Breadth-first search over active partnerships; ties go to the lower partnership id.
pub fn shortest_path(graph: &Graph, query: &PathQuery) -> Result<PartnershipPath, ApiError> {
    let (from, to) = (query.from, query.to);
    let (start, goal) = (dense(graph, from)?, dense(graph, to)?);
    const UNSEEN: usize = usize::MAX;
    // For each reached city, the edge it was reached by (the start is its own marker).
    let mut came_by = vec![UNSEEN; graph.active.len()];
    came_by[start] = start;
    let mut queue = VecDeque::from([start]);
    while let Some(city) = queue.pop_front() {
        if city == goal {
            break;
        }
        for &(next, index) in &graph.active[city] {
            if came_by[next] == UNSEEN
                && query.kind.is_none_or(|kind| graph.edge(index).kind == kind)
            {
                came_by[next] = index;
                queue.push_back(next);
            }
        }
    }
    if came_by[goal] == UNSEEN {
        return Err(ApiError::NotFound(format!(
            "no chain of active partnerships links city {from} and city {to}"
        )));
    }
    let mut chain = Vec::new();
    let mut city = to;
    while city != from {
        let edge = graph.edge(came_by[dense(graph, city)?]);
        chain.push(edge.clone());
        city = edge.other(city);
    }
    chain.reverse();
    let mut cities = vec![graph.city(from)?.clone()];
    let mut at = from;
    for edge in &chain {
        at = edge.other(at);
        cities.push(graph.city(at)?.clone());
    }
    Ok(PartnershipPath {
        from,
        to,
        hops: chain.len(),
        cities,
        partnerships: chain,
    })
}

fn dense(graph: &Graph, city: i64) -> Result<usize, ApiError> {
    graph
        .dense
        .get(&city)
        .copied()
        .ok_or_else(|| ApiError::NotFound(format!("no city with id {city}")))
}

/// A city and how many partnerships it has.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConnectedCity {
    pub city: CitySummary,
    pub partnerships: usize,
}

/// Counts over the partnerships the caller may see.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "total": 2,
    "by_kind": {"sister_city": 2}, "by_status": {"active": 2},
    "by_country": {"CN": 2, "CA": 1, "DE": 1},
    "by_field": {"ice_snow_economy": 1, "culture": 2},
    "most_connected": [{"city": {"id": 1, "name": {"en": "Harbin", "zh": "哈尔滨"}, "country": "CN", "latitude": 45.7567, "longitude": 126.6424}, "partnerships": 2}]
}))]
pub struct PartnershipStats {
    pub total: usize,
    pub by_kind: BTreeMap<String, usize>,
    pub by_status: BTreeMap<String, usize>,
    /// Partnerships with at least one city of the country (one between two cities of the
    /// same country counts once).
    pub by_country: BTreeMap<String, usize>,
    pub by_field: BTreeMap<String, usize>,
    /// The ten cities with the most partnerships.
    pub most_connected: Vec<ConnectedCity>,
}

/// Statistics of what `viewer` may see.
pub fn stats(graph: &Graph, viewer: Viewer) -> Result<PartnershipStats, ApiError> {
    let mut stats = PartnershipStats {
        total: 0,
        by_kind: BTreeMap::new(),
        by_status: BTreeMap::new(),
        by_country: BTreeMap::new(),
        by_field: BTreeMap::new(),
        most_connected: Vec::new(),
    };
    let mut degree: HashMap<i64, usize> = HashMap::new();
    for edge in graph.edges().filter(|edge| edge.visible_to(viewer)) {
        stats.total += 1;
        *stats.by_kind.entry(edge.kind.as_str().into()).or_default() += 1;
        *stats
            .by_status
            .entry(edge.status.as_str().into())
            .or_default() += 1;
        for field in &edge.fields {
            *stats.by_field.entry(field.as_str().into()).or_default() += 1;
        }
        let countries: HashSet<&str> = [edge.source, edge.target]
            .iter()
            .filter_map(|id| graph.cities.get(id))
            .map(|city| city.country.0.as_str())
            .collect();
        for country in countries {
            *stats.by_country.entry(country.into()).or_default() += 1;
        }
        *degree.entry(edge.source).or_default() += 1;
        *degree.entry(edge.target).or_default() += 1;
    }
    let mut ranked: Vec<(i64, usize)> = degree.into_iter().collect();
    ranked.sort_by_key(|&(id, count)| (std::cmp::Reverse(count), id));
    stats.most_connected = ranked
        .into_iter()
        .take(10)
        .map(|(id, partnerships)| {
            Ok(ConnectedCity {
                city: graph.city(id)?.clone(),
                partnerships,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(stats)
}

//! The short form of a city that other resources embed (partnerships, endorsements, maps).

use std::collections::HashMap;

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::schema::cities;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::values::{CountryCode, LangMap};

/// A city as other resources show it: enough to name it and put it on a map.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": {"en": "Harbin", "zh": "哈尔滨"}, "country": "CN",
    "latitude": 45.7567, "longitude": 126.6424
}))]
pub struct CitySummary {
    pub id: i64,
    pub name: LangMap,
    pub country: CountryCode,
    pub latitude: f64,
    pub longitude: f64,
}

type SummaryColumns = (
    cities::id,
    cities::name,
    cities::country,
    cities::latitude,
    cities::longitude,
);

const COLUMNS: SummaryColumns = (
    cities::id,
    cities::name,
    cities::country,
    cities::latitude,
    cities::longitude,
);

fn summary(
    (id, name, country, latitude, longitude): (i64, String, String, f64, f64),
) -> Result<CitySummary, ApiError> {
    Ok(CitySummary {
        id,
        name: LangMap::from_json(&name)?,
        country: CountryCode(country),
        latitude,
        longitude,
    })
}

impl CitySummary {
    /// The summaries of `ids` that exist, by id.
    pub fn load_many(
        conn: &mut DbConnection,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, CitySummary>, ApiError> {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let mut found = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let rows: Vec<(i64, String, String, f64, f64)> = cities::table
                .filter(cities::id.eq_any(chunk))
                .select(COLUMNS)
                .load(conn)?;
            for row in rows {
                let city = summary(row)?;
                found.insert(city.id, city);
            }
        }
        Ok(found)
    }

    /// Every city, for the partnership graph.
    pub fn load_all(conn: &mut DbConnection) -> Result<Vec<CitySummary>, ApiError> {
        let rows: Vec<(i64, String, String, f64, f64)> =
            cities::table.select(COLUMNS).load(conn)?;
        rows.into_iter().map(summary).collect()
    }

    /// One city, or a 404.
    pub fn load(conn: &mut DbConnection, id: i64) -> Result<CitySummary, ApiError> {
        Self::load_many(conn, [id])?
            .remove(&id)
            .ok_or_else(|| ApiError::NotFound(format!("no city with id {id}")))
    }
}

/// Takes the summary of `id` out of a loaded map; a missing one is a broken reference.
pub fn summary_of(cities: &HashMap<i64, CitySummary>, id: i64) -> Result<CitySummary, ApiError> {
    cities
        .get(&id)
        .cloned()
        .ok_or_else(|| ApiError::Internal(format!("city {id} is referenced but missing")))
}

//! City rows and their queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::{CityFilter, CreateCity};
use crate::db::schema::{agreements, cities, delegates, delegations, events, partnerships};
use crate::db::{now, search, Db, DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::lists::ListRequest;

/// A stored city.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cities)]
pub struct CityRow {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub region: Option<String>,
    pub population: Option<i64>,
    pub latitude: f64,
    pub longitude: f64,
    pub time_zone: String,
    pub wikidata_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// The stored columns of a city, for insert and update.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = cities, treat_none_as_null = true)]
pub struct NewCity {
    pub name: String,
    pub search_text: String,
    pub country: String,
    pub region: Option<String>,
    pub population: Option<i64>,
    pub latitude: f64,
    pub longitude: f64,
    pub time_zone: String,
    pub wikidata_id: Option<String>,
}

impl From<&CreateCity> for NewCity {
    fn from(input: &CreateCity) -> Self {
        Self {
            name: input.name.to_json(),
            search_text: input.name.search_text(),
            country: input.country.0.clone(),
            region: input.region.clone(),
            population: input.population,
            latitude: input.latitude,
            longitude: input.longitude,
            time_zone: input.time_zone.0.clone(),
            wikidata_id: input.wikidata_id.clone(),
        }
    }
}

/// Fields the city list can be sorted by.
pub const SORTABLE: &[&str] = &["id", "name", "country", "population", "updated_at"];

fn filtered<'a>(filter: &'a CityFilter, list: &'a ListRequest) -> cities::BoxedQuery<'a, Db> {
    let mut query = cities::table.into_boxed();
    if let Some(country) = &filter.country {
        query = query.filter(cities::country.eq(country));
    }
    if let Some(q) = &list.q {
        query = query.filter(search::contains(cities::search_text, q));
    }
    if let Some(since) = list.updated_since {
        query = query.filter(cities::updated_at.ge(since));
    }
    query
}

impl CityRow {
    pub fn list(
        conn: &mut DbConnection,
        filter: &CityFilter,
        list: &ListRequest,
    ) -> QueryResult<(Vec<CityRow>, i64)> {
        let total = filtered(filter, list).count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "name" => order.by(cities::search_text, key.descending),
                "country" => order.by(cities::country, key.descending),
                "population" => order.by(cities::population, key.descending),
                "updated_at" => order.by(cities::updated_at, key.descending),
                _ => order.by(cities::id, key.descending),
            };
        }
        let rows = filtered(filter, list)
            .order(order.by(cities::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select(CityRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> Result<CityRow, ApiError> {
        cities::table
            .find(id)
            .select(CityRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no city with id {id}")))
    }

    pub fn insert(conn: &mut DbConnection, city: &NewCity) -> Result<CityRow, ApiError> {
        let at = now();
        let id = diesel::insert_into(cities::table)
            .values((
                city,
                cities::created_at.eq(at),
                cities::updated_at.eq(at),
                cities::version.eq(1_i64),
            ))
            .returning(cities::id)
            .get_result(conn)
            .map_err(unique_wikidata)?;
        Self::find(conn, id)
    }

    pub fn update(conn: &mut DbConnection, id: i64, city: &NewCity) -> Result<CityRow, ApiError> {
        diesel::update(cities::table.find(id))
            .set((
                city,
                cities::updated_at.eq(now()),
                cities::version.eq(cities::version + 1),
            ))
            .execute(conn)
            .map_err(unique_wikidata)?;
        Self::find(conn, id)
    }

    /// Deletes a city nothing refers to; a referenced city is a 409 saying by what.
    pub fn delete(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
        Self::find(conn, id)?;
        let hosted: i64 = events::table
            .filter(events::host_city_id.eq(id))
            .count()
            .get_result(conn)?;
        let parties: i64 = delegations::table
            .filter(delegations::city_id.eq(id))
            .count()
            .get_result(conn)?;
        let people: i64 = delegates::table
            .filter(delegates::city_id.eq(id))
            .count()
            .get_result(conn)?;
        let ties: i64 = partnerships::table
            .filter(
                partnerships::city_a_id
                    .eq(id)
                    .or(partnerships::city_b_id.eq(id)),
            )
            .count()
            .get_result(conn)?;
        let signings: i64 = agreements::table
            .filter(agreements::signed_at_city_id.eq(id))
            .count()
            .get_result(conn)?;
        if hosted + parties + people + ties + signings > 0 {
            return Err(ApiError::conflict_with(
                format!(
                    "city {id} is still referenced by {hosted} event(s), {parties} delegation(s), \
                     {people} delegate(s), {ties} partnership(s) and {signings} agreement(s) \
                     signed there; remove those first"
                ),
                "references",
                serde_json::json!({
                    "events": hosted, "delegations": parties, "delegates": people,
                    "partnerships": ties, "agreements_signed_there": signings,
                }),
            ));
        }
        diesel::delete(cities::table.find(id)).execute(conn)?;
        Ok(())
    }
}

fn unique_wikidata(error: diesel::result::Error) -> ApiError {
    match ApiError::from(error) {
        ApiError::Conflict { .. } => {
            ApiError::conflict("another city already has this wikidata_id")
        }
        other => other,
    }
}

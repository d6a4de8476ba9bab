//! The city's representation and its create/update inputs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::CityRow;
use crate::error::ApiError;
use crate::http::patch::nullable;
use crate::http::query_guard::ListFilter;
use crate::values::{Checks, CountryCode, LangMap, TimeZoneName};

/// A city.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": {"en": "Harbin", "zh": "哈尔滨"}, "country": "CN", "region": "Heilongjiang",
    "population": 10009854, "latitude": 45.7567, "longitude": 126.6424,
    "time_zone": "Asia/Shanghai", "wikidata_id": "Q42956",
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct City {
    pub id: i64,
    /// English plus the local name in its own script.
    pub name: LangMap,
    pub country: CountryCode,
    pub region: Option<String>,
    pub population: Option<i64>,
    pub latitude: f64,
    pub longitude: f64,
    pub time_zone: TimeZoneName,
    pub wikidata_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; the ETag is derived from it.
    pub version: i64,
}

impl TryFrom<CityRow> for City {
    type Error = ApiError;

    fn try_from(row: CityRow) -> Result<Self, ApiError> {
        Ok(Self {
            id: row.id,
            name: LangMap::from_json(&row.name)?,
            country: CountryCode(row.country),
            region: row.region,
            population: row.population,
            latitude: row.latitude,
            longitude: row.longitude,
            time_zone: TimeZoneName(row.time_zone),
            wikidata_id: row.wikidata_id,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            version: row.version,
        })
    }
}

/// A new city.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": {"en": "Rovaniemi", "fi": "Rovaniemi", "se": "Roavvenjárga"}, "country": "FI",
    "region": "Lapland", "population": 65738, "latitude": 66.5039, "longitude": 25.7294,
    "time_zone": "Europe/Helsinki"
}))]
pub struct CreateCity {
    pub name: LangMap,
    pub country: CountryCode,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub region: Option<String>,
    #[schema(minimum = 0, maximum = 100000000)]
    pub population: Option<i64>,
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub latitude: f64,
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub longitude: f64,
    pub time_zone: TimeZoneName,
    /// Wikidata item id, e.g. `Q42956`.
    #[schema(pattern = "^Q[1-9][0-9]{0,11}$")]
    pub wikidata_id: Option<String>,
}

/// Changes to a city: absent fields are kept, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"population": 10100000}))]
pub struct UpdateCity {
    pub name: Option<LangMap>,
    pub country: Option<CountryCode>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200, pattern = "\\S")]
    pub region: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100000000)]
    pub population: Option<Option<i64>>,
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub latitude: Option<f64>,
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub longitude: Option<f64>,
    pub time_zone: Option<TimeZoneName>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, pattern = "^Q[1-9][0-9]{0,11}$")]
    pub wikidata_id: Option<Option<String>>,
}

impl UpdateCity {
    /// The city after the changes, validated as a whole.
    pub fn apply(self, current: City) -> CreateCity {
        CreateCity {
            name: self.name.unwrap_or(current.name),
            country: self.country.unwrap_or(current.country),
            region: self.region.unwrap_or(current.region),
            population: self.population.unwrap_or(current.population),
            latitude: self.latitude.unwrap_or(current.latitude),
            longitude: self.longitude.unwrap_or(current.longitude),
            time_zone: self.time_zone.unwrap_or(current.time_zone),
            wikidata_id: self.wikidata_id.unwrap_or(current.wikidata_id),
        }
    }
}

impl CreateCity {
    /// Checks every field, answering one 422 that lists all problems.
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.name.validate("name", 200));
        checks.check(
            self.country.is_valid(),
            "country",
            "must be an ISO 3166-1 alpha-2 code",
        );
        checks.text(self.region.as_deref(), "region", 200);
        checks.check(
            self.population
                .is_none_or(|p| (0..=100_000_000).contains(&p)),
            "population",
            "must be between 0 and 100000000",
        );
        checks.check(
            (-90.0..=90.0).contains(&self.latitude),
            "latitude",
            "must be between -90 and 90",
        );
        checks.check(
            (-180.0..=180.0).contains(&self.longitude),
            "longitude",
            "must be between -180 and 180",
        );
        checks.check(
            self.time_zone.parse().is_some(),
            "time_zone",
            "must be an IANA time zone",
        );
        checks.check(
            self.wikidata_id.as_deref().is_none_or(is_wikidata_id),
            "wikidata_id",
            "must look like Q42956",
        );
        checks.finish(|| self)
    }
}

fn is_wikidata_id(text: &str) -> bool {
    text.strip_prefix('Q').is_some_and(|digits| {
        (1..=12).contains(&digits.len())
            && !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Filters of the city list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CityFilter {
    /// Only cities of this country (ISO 3166-1 alpha-2).
    #[param(value_type = Option<CountryCode>)]
    pub country: Option<String>,
}

impl ListFilter for CityFilter {
    const SORTABLE: &'static [&'static str] = super::model::SORTABLE;
}

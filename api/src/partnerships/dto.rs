//! The partnership's representation and its inputs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::lifecycle::PartnershipAction;
use super::vocab::{CooperationField, PartnershipKind, PartnershipStatus};
use crate::cities::CitySummary;
use crate::http::patch::nullable;
use crate::http::query_guard::ListFilter;
use crate::values::{is_plausible_date, is_web_url, Checks};

/// A tie between two cities. The pair is unordered: there is one partnership per pair
/// and kind, whichever city is named first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1,
    "city_a": {"id": 1, "name": {"en": "Harbin", "zh": "哈尔滨"}, "country": "CN", "latitude": 45.7567, "longitude": 126.6424},
    "city_b": {"id": 2, "name": {"en": "Edmonton"}, "country": "CA", "latitude": 53.5461, "longitude": -113.4938},
    "kind": "sister_city", "status": "active", "established_on": "1985-05-06",
    "fields": ["ice_snow_economy", "education", "culture"], "notes": null,
    "source_url": "https://www.edmonton.ca/city_government/initiatives_innovation/sister-cities",
    "illustrative": false, "allowed_actions": ["suspend", "end"],
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Partnership {
    pub id: i64,
    pub city_a: CitySummary,
    pub city_b: CitySummary,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    /// When the partnership was signed, if known.
    pub established_on: Option<NaiveDate>,
    /// What the two cities cooperate on.
    pub fields: Vec<CooperationField>,
    pub notes: Option<String>,
    /// Where the facts come from.
    pub source_url: Option<String>,
    /// Sample data, not a real partnership.
    pub illustrative: bool,
    /// The lifecycle actions possible from the current status.
    pub allowed_actions: Vec<PartnershipAction>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A new partnership. Organizers may record one in any status (a historical tie is
/// created `active`); a delegate may only propose one involving their own city.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "city_a_id": 1, "city_b_id": 2, "kind": "sister_city", "status": "active",
    "established_on": "1985-05-06", "fields": ["ice_snow_economy", "education"],
    "source_url": "https://www.edmonton.ca/city_government/initiatives_innovation/sister-cities"
}))]
pub struct CreatePartnership {
    #[schema(minimum = 1)]
    pub city_a_id: i64,
    #[schema(minimum = 1)]
    pub city_b_id: i64,
    pub kind: PartnershipKind,
    /// Defaults to `proposed`.
    pub status: Option<PartnershipStatus>,
    /// Not in the future once the status says the partnership was signed.
    pub established_on: Option<NaiveDate>,
    #[serde(default)]
    #[schema(max_items = 9)]
    pub fields: Vec<CooperationField>,
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    pub notes: Option<String>,
    #[schema(max_length = 500, pattern = "^https?://\\S+$")]
    pub source_url: Option<String>,
    #[serde(default)]
    pub illustrative: bool,
}

/// Changes to a partnership: absent fields are kept, `null` clears an optional one. The
/// status changes only through the lifecycle actions; the cities never change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"fields": ["ice_snow_economy", "education", "culture"]}))]
pub struct UpdatePartnership {
    pub kind: Option<PartnershipKind>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub established_on: Option<Option<NaiveDate>>,
    #[schema(max_items = 9)]
    pub fields: Option<Vec<CooperationField>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 2000, pattern = "\\S")]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 500, pattern = "^https?://\\S+$")]
    pub source_url: Option<Option<String>>,
    pub illustrative: Option<bool>,
}

impl UpdatePartnership {
    /// The partnership after the changes, as an input to validate whole.
    pub fn apply(self, current: CreatePartnership) -> CreatePartnership {
        CreatePartnership {
            kind: self.kind.unwrap_or(current.kind),
            established_on: self.established_on.unwrap_or(current.established_on),
            fields: self.fields.unwrap_or(current.fields),
            notes: self.notes.unwrap_or(current.notes),
            source_url: self.source_url.unwrap_or(current.source_url),
            illustrative: self.illustrative.unwrap_or(current.illustrative),
            ..current
        }
    }
}

impl CreatePartnership {
    /// The status it is created in.
    pub fn initial_status(&self) -> PartnershipStatus {
        self.status.unwrap_or(PartnershipStatus::Proposed)
    }

    /// Checks what can be checked without the database; `today` bounds signed dates.
    pub fn validate(self, today: NaiveDate) -> Result<Self, crate::error::ApiError> {
        let mut checks = Checks::default();
        checks.check(
            self.city_a_id != self.city_b_id,
            "city_b_id",
            "a city cannot partner itself",
        );
        let mut fields = self.fields.clone();
        fields.sort();
        fields.dedup();
        checks.check(
            fields.len() == self.fields.len(),
            "fields",
            "must not repeat a field",
        );
        checks.check(
            !(self.initial_status().was_signed()
                && self.established_on.is_some_and(|on| on > today)),
            "established_on",
            "cannot be in the future for a partnership that was signed",
        );
        checks.check(
            self.established_on.is_none_or(is_plausible_date),
            "established_on",
            "must be in the years 1000 to 9999",
        );
        checks.text(self.notes.as_deref(), "notes", 2000);
        checks.check(
            self.source_url.as_deref().is_none_or(is_web_url),
            "source_url",
            "must be an http(s) URL of at most 500 characters",
        );
        checks.finish(|| self)
    }
}

/// Filters of the partnership list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartnershipFilter {
    /// Only partnerships of this city (on either side).
    #[param(minimum = 1)]
    pub city_id: Option<i64>,
    pub kind: Option<PartnershipKind>,
    pub status: Option<PartnershipStatus>,
    /// Only partnerships cooperating on this field.
    pub field: Option<CooperationField>,
    /// Only partnerships with a city of this country (ISO 3166-1 alpha-2).
    #[param(value_type = Option<crate::values::CountryCode>)]
    pub country: Option<String>,
    /// Only sample data (`true`) or only real partnerships (`false`).
    pub illustrative: Option<bool>,
    /// Established on or after this date.
    pub established_from: Option<NaiveDate>,
    /// Established on or before this date.
    pub established_to: Option<NaiveDate>,
}

impl ListFilter for PartnershipFilter {
    const SORTABLE: &'static [&'static str] = super::model::SORTABLE;
}

//! The event's representation and inputs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::EventRow;
use crate::error::ApiError;
use crate::http::query_guard::ListFilter;
use crate::values::{stored_date, Checks, LangMap, TimeZoneName};

/// Where an edition is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Visible to organizers only.
    Draft,
    Published,
    Archived,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Draft, Self::Published, Self::Archived]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// What an organisation does for the edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganiserRole {
    Guide,
    Organiser,
    CoOrganiser,
    Partner,
}

/// An organisation behind the edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Organiser {
    pub name: LangMap,
    pub role: OrganiserRole,
}

/// A theme of the edition's programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// A stable code, e.g. `ice-snow-economy`.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 1, max_length = 64)]
    pub code: String,
    pub name: LangMap,
}

/// An edition of the summit.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "slug": "harbin-2026",
    "name": {"en": "Global Mayors Dialogue · Harbin", "zh": "全球市长对话·哈尔滨"},
    "starts_on": "2026-01-06", "ends_on": "2026-01-08", "host_city_id": 1,
    "time_zone": "Asia/Shanghai",
    "organisers": [{"name": {"en": "Harbin Municipal Government"}, "role": "co_organiser"}],
    "themes": [{"code": "ice-snow-economy", "name": {"en": "Sustainable ice-and-snow economy"}}],
    "status": "published", "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Event {
    pub id: i64,
    pub slug: String,
    pub name: LangMap,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub host_city_id: i64,
    pub time_zone: TimeZoneName,
    pub organisers: Vec<Organiser>,
    pub themes: Vec<Theme>,
    pub status: EventStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl TryFrom<EventRow> for Event {
    type Error = ApiError;

    fn try_from(row: EventRow) -> Result<Self, ApiError> {
        Ok(Self {
            id: row.id,
            slug: row.slug,
            name: LangMap::from_json(&row.name)?,
            starts_on: stored_date(&row.starts_on)?,
            ends_on: stored_date(&row.ends_on)?,
            host_city_id: row.host_city_id,
            time_zone: TimeZoneName(row.time_zone),
            organisers: serde_json::from_str(&row.organisers)?,
            themes: serde_json::from_str(&row.themes)?,
            status: EventStatus::parse(&row.status)
                .ok_or_else(|| ApiError::Internal(format!("bad stored status {}", row.status)))?,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            version: row.version,
        })
    }
}

/// A new edition.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "rovaniemi-2027", "name": {"en": "Global Mayors Dialogue · Rovaniemi"},
    "starts_on": "2027-01-12", "ends_on": "2027-01-14", "host_city_id": 1,
    "time_zone": "Europe/Helsinki", "organisers": [], "themes": [], "status": "draft"
}))]
pub struct CreateEvent {
    /// Lower-case words joined by hyphens, used in URLs.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 3, max_length = 64)]
    pub slug: String,
    pub name: LangMap,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub host_city_id: i64,
    pub time_zone: TimeZoneName,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub organisers: Vec<Organiser>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub themes: Vec<Theme>,
    #[serde(default = "draft")]
    pub status: EventStatus,
}

fn draft() -> EventStatus {
    EventStatus::Draft
}

/// Changes to an edition; absent fields are kept.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "published"}))]
pub struct UpdateEvent {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 3, max_length = 64)]
    pub slug: Option<String>,
    pub name: Option<LangMap>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub host_city_id: Option<i64>,
    pub time_zone: Option<TimeZoneName>,
    #[schema(max_items = 20)]
    pub organisers: Option<Vec<Organiser>>,
    #[schema(max_items = 20)]
    pub themes: Option<Vec<Theme>>,
    pub status: Option<EventStatus>,
}

impl UpdateEvent {
    pub fn apply(self, current: Event) -> CreateEvent {
        CreateEvent {
            slug: self.slug.unwrap_or(current.slug),
            name: self.name.unwrap_or(current.name),
            starts_on: self.starts_on.unwrap_or(current.starts_on),
            ends_on: self.ends_on.unwrap_or(current.ends_on),
            host_city_id: self.host_city_id.unwrap_or(current.host_city_id),
            time_zone: self.time_zone.unwrap_or(current.time_zone),
            organisers: self.organisers.unwrap_or(current.organisers),
            themes: self.themes.unwrap_or(current.themes),
            status: self.status.unwrap_or(current.status),
        }
    }
}

/// Whether `text` is lower-case words joined by single hyphens, `min_len` to 64 long.
pub fn is_kebab(text: &str, min_len: usize) -> bool {
    (min_len..=64).contains(&text.len())
        && text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl CreateEvent {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.check(
            is_kebab(&self.slug, 3),
            "slug",
            "must be lower-case words joined by hyphens, 3 to 64 characters",
        );
        checks.parse(self.name.validate("name", 300));
        checks.check(
            self.ends_on >= self.starts_on,
            "ends_on",
            "must not be before starts_on",
        );
        checks.check(
            self.time_zone.parse().is_some(),
            "time_zone",
            "must be an IANA time zone",
        );
        checks.check(self.organisers.len() <= 20, "organisers", "at most 20");
        checks.check(self.themes.len() <= 20, "themes", "at most 20");
        for (index, organiser) in self.organisers.iter().enumerate() {
            checks.parse(
                organiser
                    .name
                    .validate(&format!("organisers[{index}].name"), 300),
            );
        }
        let mut codes = std::collections::BTreeSet::new();
        for (index, theme) in self.themes.iter().enumerate() {
            checks.check(
                is_kebab(&theme.code, 1),
                &format!("themes[{index}].code"),
                "must be lower-case words joined by hyphens",
            );
            checks.check(
                codes.insert(theme.code.clone()),
                &format!("themes[{index}].code"),
                "is repeated",
            );
            checks.parse(theme.name.validate(&format!("themes[{index}].name"), 300));
        }
        checks.finish(|| self)
    }
}

/// Filters of the event list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventFilter {
    /// Only editions in this state (drafts are listed for organizers only).
    pub status: Option<EventStatus>,
}

impl ListFilter for EventFilter {
    const SORTABLE: &'static [&'static str] = super::model::SORTABLE;
}

//! Venues: the places of an event's programme, including site-visit places.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::{rooms, sessions, venues};
use crate::db::{now, search, DbConnection};
use crate::error::ApiError;
use crate::http::lists::ListRequest;
use crate::values::{Checks, LangMap};

/// Inside or outside: matters in Harbin in January.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    Indoor,
    Outdoor,
}

impl Setting {
    fn as_str(self) -> &'static str {
        match self {
            Self::Indoor => "indoor",
            Self::Outdoor => "outdoor",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = venues)]
pub struct VenueRow {
    pub id: i64,
    pub event_id: i64,
    pub name: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub setting: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A venue.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": {"en": "Harbin Ice-Snow World", "zh": "哈尔滨冰雪大世界"},
    "address": "Songbei District, Harbin", "latitude": 45.7822, "longitude": 126.5714,
    "setting": "outdoor", "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Venue {
    pub id: i64,
    pub name: LangMap,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub setting: Setting,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl TryFrom<VenueRow> for Venue {
    type Error = ApiError;

    fn try_from(row: VenueRow) -> Result<Self, ApiError> {
        Ok(Self {
            id: row.id,
            name: LangMap::from_json(&row.name)?,
            address: row.address,
            latitude: row.latitude,
            longitude: row.longitude,
            setting: if row.setting == "outdoor" {
                Setting::Outdoor
            } else {
                Setting::Indoor
            },
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            version: row.version,
        })
    }
}

/// A venue's fields, on create and (all of them) on update.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": {"en": "Central Street", "zh": "中央大街"}, "address": "Daoli District, Harbin",
    "latitude": 45.7732, "longitude": 126.6176, "setting": "outdoor"
}))]
pub struct VenueInput {
    pub name: LangMap,
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub address: Option<String>,
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub latitude: Option<f64>,
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub longitude: Option<f64>,
    pub setting: Setting,
}

impl VenueInput {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.name.validate("name", 200));
        checks.text(self.address.as_deref(), "address", 300);
        checks.check(
            self.latitude.is_none_or(|v| (-90.0..=90.0).contains(&v)),
            "latitude",
            "must be between -90 and 90",
        );
        checks.check(
            self.longitude.is_none_or(|v| (-180.0..=180.0).contains(&v)),
            "longitude",
            "must be between -180 and 180",
        );
        checks.finish(|| self)
    }
}

impl VenueRow {
    pub fn list(
        conn: &mut DbConnection,
        event_id: i64,
        list: &ListRequest,
    ) -> QueryResult<(Vec<VenueRow>, i64)> {
        let filtered = || {
            let mut query = venues::table
                .filter(venues::event_id.eq(event_id))
                .into_boxed();
            if let Some(q) = &list.q {
                query = query.filter(search::contains(venues::search_text, q));
            }
            if let Some(since) = list.updated_since {
                query = query.filter(venues::updated_at.ge(since));
            }
            query
        };
        let total = filtered().count().get_result(conn)?;
        let rows = filtered()
            .order(venues::id.asc())
            .limit(list.per_page)
            .offset(list.offset())
            .select(VenueRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    pub fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<VenueRow, ApiError> {
        venues::table
            .filter(venues::event_id.eq(event_id))
            .filter(venues::id.eq(id))
            .select(VenueRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no venue {id} at this event")))
    }

    pub fn save(
        conn: &mut DbConnection,
        event_id: i64,
        id: Option<i64>,
        input: &VenueInput,
    ) -> Result<VenueRow, ApiError> {
        let at = now();
        let columns = (
            venues::name.eq(input.name.to_json()),
            venues::search_text.eq(input.name.search_text()),
            venues::address.eq(&input.address),
            venues::latitude.eq(input.latitude),
            venues::longitude.eq(input.longitude),
            venues::setting.eq(input.setting.as_str()),
            venues::updated_at.eq(at),
        );
        let id = match id {
            Some(id) => {
                diesel::update(venues::table.find(id))
                    .set((columns, venues::version.eq(venues::version + 1)))
                    .execute(conn)?;
                id
            }
            None => diesel::insert_into(venues::table)
                .values((
                    columns,
                    venues::event_id.eq(event_id),
                    venues::created_at.eq(at),
                    venues::version.eq(1_i64),
                ))
                .returning(venues::id)
                .get_result(conn)?,
        };
        Self::find(conn, event_id, id)
    }

    /// Deletes a venue without rooms or sessions; otherwise 409.
    pub fn delete(conn: &mut DbConnection, row: &VenueRow) -> Result<(), ApiError> {
        let room_count: i64 = rooms::table
            .filter(rooms::venue_id.eq(row.id))
            .count()
            .get_result(conn)?;
        let session_count: i64 = sessions::table
            .filter(sessions::venue_id.eq(row.id))
            .count()
            .get_result(conn)?;
        if room_count + session_count > 0 {
            return Err(ApiError::conflict_with(
                format!(
                    "venue {} still has {room_count} room(s) and {session_count} session(s)",
                    row.id
                ),
                "references",
                serde_json::json!({"rooms": room_count, "sessions": session_count}),
            ));
        }
        diesel::delete(venues::table.find(row.id)).execute(conn)?;
        Ok(())
    }
}

impl super::places::Place for VenueRow {
    type Input = VenueInput;
    type Filter = ();
    type Dto = Venue;
    const TABLE: &'static str = "venues";

    fn validate(input: VenueInput) -> Result<VenueInput, ApiError> {
        input.validate()
    }

    fn list(
        conn: &mut DbConnection,
        event_id: i64,
        _: &(),
        list: &ListRequest,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        Ok(VenueRow::list(conn, event_id, list)?)
    }

    fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<Self, ApiError> {
        VenueRow::find(conn, event_id, id)
    }

    fn save(
        conn: &mut DbConnection,
        event_id: i64,
        id: Option<i64>,
        input: &VenueInput,
    ) -> Result<Self, ApiError> {
        VenueRow::save(conn, event_id, id, input)
    }

    fn delete(conn: &mut DbConnection, row: &Self) -> Result<(), ApiError> {
        VenueRow::delete(conn, row)
    }

    fn represent(self) -> Result<Venue, ApiError> {
        Venue::try_from(self)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn identity(dto: &Venue) -> (i64, i64) {
        (dto.id, dto.version)
    }
}

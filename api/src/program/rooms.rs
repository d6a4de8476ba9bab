//! Rooms: a venue's spaces, with a capacity and interpretation channels.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::venues::VenueRow;
use crate::db::schema::{rooms, sessions};
use crate::db::{now, DbConnection};
use crate::error::ApiError;
use crate::http::lists::ListRequest;
use crate::http::query_guard::ListFilter;
use crate::values::{is_language_tag, Checks, LangMap};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rooms)]
pub struct RoomRow {
    pub id: i64,
    pub event_id: i64,
    pub venue_id: i64,
    pub name: String,
    pub capacity: i64,
    pub interpretation_channels: String,
    pub accessibility_notes: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A room.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "venue_id": 1, "name": {"en": "Main Hall", "zh": "主会场"}, "capacity": 400,
    "interpretation_channels": ["en", "zh", "ru"], "accessibility_notes": "Step-free; hearing loop",
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Room {
    pub id: i64,
    pub venue_id: i64,
    pub name: LangMap,
    pub capacity: i64,
    /// Languages interpreted into, one channel each.
    pub interpretation_channels: Vec<String>,
    pub accessibility_notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl TryFrom<RoomRow> for Room {
    type Error = ApiError;

    fn try_from(row: RoomRow) -> Result<Self, ApiError> {
        Ok(Self {
            id: row.id,
            venue_id: row.venue_id,
            name: LangMap::from_json(&row.name)?,
            capacity: row.capacity,
            interpretation_channels: serde_json::from_str(&row.interpretation_channels)?,
            accessibility_notes: row.accessibility_notes,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
            version: row.version,
        })
    }
}

/// A room's fields, on create and (all of them) on replace.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "venue_id": 1, "name": {"en": "Main Hall", "zh": "主会场"}, "capacity": 400,
    "interpretation_channels": ["en", "zh"], "accessibility_notes": "Step-free"
}))]
pub struct RoomInput {
    pub venue_id: i64,
    pub name: LangMap,
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: i64,
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<String>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub interpretation_channels: Vec<String>,
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub accessibility_notes: Option<String>,
}

impl RoomInput {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.name.validate("name", 200));
        checks.check(
            (1..=100_000).contains(&self.capacity),
            "capacity",
            "must be between 1 and 100000",
        );
        checks.check(
            self.interpretation_channels.len() <= 20,
            "interpretation_channels",
            "at most 20",
        );
        checks.check(
            self.interpretation_channels
                .iter()
                .all(|tag| is_language_tag(tag)),
            "interpretation_channels",
            "must be BCP 47 language tags",
        );
        checks.text(
            self.accessibility_notes.as_deref(),
            "accessibility_notes",
            500,
        );
        checks.finish(|| self)
    }
}

/// Filters of the room list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoomFilter {
    pub venue_id: Option<i64>,
}

impl ListFilter for RoomFilter {
    const SORTABLE: &'static [&'static str] = &[];
}

impl RoomRow {
    pub fn list(
        conn: &mut DbConnection,
        event_id: i64,
        filter: &RoomFilter,
        list: &ListRequest,
    ) -> QueryResult<(Vec<RoomRow>, i64)> {
        let filtered = || {
            let mut query = rooms::table
                .filter(rooms::event_id.eq(event_id))
                .into_boxed();
            if let Some(venue_id) = filter.venue_id {
                query = query.filter(rooms::venue_id.eq(venue_id));
            }
            if let Some(since) = list.updated_since {
                query = query.filter(rooms::updated_at.ge(since));
            }
            query
        };
        let total = filtered().count().get_result(conn)?;
        let rows = filtered()
            .order(rooms::id.asc())
            .limit(list.per_page)
            .offset(list.offset())
            .select(RoomRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    pub fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<RoomRow, ApiError> {
        rooms::table
            .filter(rooms::event_id.eq(event_id))
            .filter(rooms::id.eq(id))
            .select(RoomRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no room {id} at this event")))
    }

    pub fn save(
        conn: &mut DbConnection,
        event_id: i64,
        id: Option<i64>,
        input: &RoomInput,
    ) -> Result<RoomRow, ApiError> {
        VenueRow::find(conn, event_id, input.venue_id)
            .map_err(|_| ApiError::invalid("venue_id", "no such venue at this event"))?;
        let at = now();
        let columns = (
            rooms::venue_id.eq(input.venue_id),
            rooms::name.eq(input.name.to_json()),
            rooms::capacity.eq(input.capacity),
            rooms::interpretation_channels
                .eq(serde_json::to_string(&input.interpretation_channels)?),
            rooms::accessibility_notes.eq(&input.accessibility_notes),
            rooms::updated_at.eq(at),
        );
        let id = match id {
            Some(id) => {
                diesel::update(rooms::table.find(id))
                    .set((columns, rooms::version.eq(rooms::version + 1)))
                    .execute(conn)?;
                id
            }
            None => diesel::insert_into(rooms::table)
                .values((
                    columns,
                    rooms::event_id.eq(event_id),
                    rooms::created_at.eq(at),
                    rooms::version.eq(1_i64),
                ))
                .returning(rooms::id)
                .get_result(conn)?,
        };
        Self::find(conn, event_id, id)
    }

    /// Deletes a room no session uses; otherwise 409.
    pub fn delete(conn: &mut DbConnection, row: &RoomRow) -> Result<(), ApiError> {
        let used: i64 = sessions::table
            .filter(sessions::room_id.eq(row.id))
            .count()
            .get_result(conn)?;
        if used > 0 {
            return Err(ApiError::conflict_with(
                format!("room {} is used by {used} session(s)", row.id),
                "references",
                serde_json::json!({"sessions": used}),
            ));
        }
        diesel::delete(rooms::table.find(row.id)).execute(conn)?;
        Ok(())
    }
}

impl super::places::Place for RoomRow {
    type Input = RoomInput;
    type Filter = RoomFilter;
    type Dto = Room;
    const TABLE: &'static str = "rooms";

    fn validate(input: RoomInput) -> Result<RoomInput, ApiError> {
        input.validate()
    }

    fn list(
        conn: &mut DbConnection,
        event_id: i64,
        filter: &RoomFilter,
        list: &ListRequest,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        Ok(RoomRow::list(conn, event_id, filter, list)?)
    }

    fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<Self, ApiError> {
        RoomRow::find(conn, event_id, id)
    }

    fn save(
        conn: &mut DbConnection,
        event_id: i64,
        id: Option<i64>,
        input: &RoomInput,
    ) -> Result<Self, ApiError> {
        RoomRow::save(conn, event_id, id, input)
    }

    fn delete(conn: &mut DbConnection, row: &Self) -> Result<(), ApiError> {
        RoomRow::delete(conn, row)
    }

    fn represent(self) -> Result<Room, ApiError> {
        Room::try_from(self)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn identity(dto: &Room) -> (i64, i64) {
        (dto.id, dto.version)
    }
}

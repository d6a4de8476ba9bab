//! Halls: a floor plan's size in metres and the opening hours per day (in the event's time
//! zone), which bound B2B meeting slots.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::{booths, halls, meeting_tables, meetings};
use crate::db::{now, DbConnection};
use crate::error::ApiError;
use crate::values::{parse_date, Checks, LangMap};

/// The largest hall side accepted, in metres.
const MAX_SIDE: f64 = 2000.0;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = halls)]
pub struct HallRow {
    pub id: i64,
    pub name: String,
    pub width: f64,
    pub height: f64,
    pub opening_hours: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// The hours of one day, local to the event's time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-01-06", "opens": "09:00", "closes": "18:00"}))]
pub struct OpeningHours {
    #[schema(format = Date)]
    pub date: String,
    #[schema(pattern = "^[0-2][0-9]:[0-5][0-9]$")]
    pub opens: String,
    #[schema(pattern = "^[0-2][0-9]:[0-5][0-9]$")]
    pub closes: String,
}

/// An expo hall.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": {"en": "Hall A — Ice", "zh": "A馆·冰"}, "width": 120.0, "height": 80.0,
    "opening_hours": [{"date": "2026-01-06", "opens": "09:00", "closes": "18:00"}],
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Hall {
    pub id: i64,
    pub name: LangMap,
    /// Metres along x.
    pub width: f64,
    /// Metres along y.
    pub height: f64,
    pub opening_hours: Vec<OpeningHours>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A hall, replaced as a whole.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": {"en": "Hall A — Ice", "zh": "A馆·冰"}, "width": 120.0, "height": 80.0,
    "opening_hours": [{"date": "2026-01-06", "opens": "09:00", "closes": "18:00"}]
}))]
pub struct HallInput {
    pub name: LangMap,
    #[schema(exclusive_minimum = 0.0, maximum = 2000.0)]
    pub width: f64,
    #[schema(exclusive_minimum = 0.0, maximum = 2000.0)]
    pub height: f64,
    #[serde(default)]
    #[schema(max_items = 31)]
    pub opening_hours: Vec<OpeningHours>,
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

impl HallInput {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.name.validate("name", 200));
        for (field, side) in [("width", self.width), ("height", self.height)] {
            checks.check(
                side > 0.0 && side <= MAX_SIDE,
                field,
                "must be more than 0 and at most 2000 metres",
            );
        }
        checks.check(
            self.opening_hours.len() <= 31,
            "opening_hours",
            "at most 31 days",
        );
        let mut seen = std::collections::BTreeSet::new();
        for (n, day) in self.opening_hours.iter().enumerate() {
            checks.parse(parse_date(&format!("opening_hours[{n}].date"), &day.date));
            checks.check(
                seen.insert(day.date.clone()),
                &format!("opening_hours[{n}].date"),
                "is listed twice",
            );
            let (opens, closes) = (parse_time(&day.opens), parse_time(&day.closes));
            checks.check(
                opens.is_some(),
                &format!("opening_hours[{n}].opens"),
                "must be HH:MM",
            );
            checks.check(
                closes.is_some() && opens.is_none_or(|o| closes.is_some_and(|c| o < c)),
                &format!("opening_hours[{n}].closes"),
                "must be HH:MM after opens",
            );
        }
        checks.finish(|| self)
    }
}

impl HallRow {
    pub fn represent(&self) -> Result<Hall, ApiError> {
        Ok(Hall {
            id: self.id,
            name: LangMap::from_json(&self.name)?,
            width: self.width,
            height: self.height,
            opening_hours: serde_json::from_str(&self.opening_hours)?,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            version: self.version,
        })
    }

    /// Whether `[starts, ends)` lies within one day's opening hours, in `zone`.
    pub fn is_open(
        &self,
        zone: Tz,
        starts: DateTime<Utc>,
        ends: DateTime<Utc>,
    ) -> Result<bool, ApiError> {
        let days: Vec<OpeningHours> = serde_json::from_str(&self.opening_hours)?;
        let local = |at: DateTime<Utc>| at.with_timezone(&zone).naive_local();
        let (from, to) = (local(starts), local(ends));
        Ok(days.iter().any(|day| {
            let date = NaiveDate::parse_from_str(&day.date, "%Y-%m-%d").ok();
            match (date, parse_time(&day.opens), parse_time(&day.closes)) {
                (Some(date), Some(opens), Some(closes)) => {
                    from >= date.and_time(opens) && to <= date.and_time(closes)
                }
                _ => false,
            }
        }))
    }

    pub fn all(conn: &mut DbConnection, event_id: i64) -> QueryResult<Vec<Self>> {
        halls::table
            .filter(halls::event_id.eq(event_id))
            .order(halls::id.asc())
            .select(HallRow::as_select())
            .load(conn)
    }

    pub fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<Self, ApiError> {
        halls::table
            .filter(halls::event_id.eq(event_id))
            .filter(halls::id.eq(id))
            .select(HallRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no hall {id} at this event")))
    }

    pub fn insert(
        conn: &mut DbConnection,
        event_id: i64,
        input: &HallInput,
    ) -> Result<Self, ApiError> {
        let at = now();
        let id = diesel::insert_into(halls::table)
            .values((
                halls::event_id.eq(event_id),
                halls::name.eq(input.name.to_json()),
                halls::width.eq(input.width),
                halls::height.eq(input.height),
                halls::opening_hours.eq(serde_json::to_string(&input.opening_hours)?),
                halls::created_at.eq(at),
                halls::updated_at.eq(at),
                halls::version.eq(1_i64),
            ))
            .returning(halls::id)
            .get_result(conn)?;
        Self::find(conn, event_id, id)
    }

    /// Replaces a hall; shrinking it so that a booth would stick out is a 409 naming it.
    pub fn replace(
        conn: &mut DbConnection,
        event_id: i64,
        id: i64,
        input: &HallInput,
    ) -> Result<Self, ApiError> {
        let outside: Option<(i64, String)> = booths::table
            .filter(booths::hall_id.eq(id))
            .filter(
                (booths::x + booths::w)
                    .gt(input.width)
                    .or((booths::y + booths::h).gt(input.height)),
            )
            .select((booths::id, booths::code))
            .first(conn)
            .optional()?;
        if let Some((booth, code)) = outside {
            return Err(ApiError::conflict_with(
                format!("booth {code} would lie outside the smaller hall; move it first"),
                "conflicting_booth_id",
                booth.into(),
            ));
        }
        diesel::update(halls::table.find(id))
            .set((
                halls::name.eq(input.name.to_json()),
                halls::width.eq(input.width),
                halls::height.eq(input.height),
                halls::opening_hours.eq(serde_json::to_string(&input.opening_hours)?),
                halls::updated_at.eq(now()),
                halls::version.eq(halls::version + 1),
            ))
            .execute(conn)?;
        Self::find(conn, event_id, id)
    }

    /// Deletes an empty hall; booths, tables or meetings in it make a 409.
    pub fn delete(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
        let stands: i64 = booths::table
            .filter(booths::hall_id.eq(id))
            .count()
            .get_result(conn)?;
        let tables: i64 = meeting_tables::table
            .filter(meeting_tables::hall_id.eq(id))
            .count()
            .get_result(conn)?;
        let booked: i64 = meetings::table
            .filter(meetings::hall_id.eq(id))
            .count()
            .get_result(conn)?;
        if stands + tables + booked > 0 {
            return Err(ApiError::conflict_with(
                format!("hall {id} still has {stands} booth(s), {tables} table(s) and {booked} meeting(s)"),
                "references",
                serde_json::json!({"booths": stands, "meeting_tables": tables, "meetings": booked}),
            ));
        }
        diesel::delete(halls::table.find(id)).execute(conn)?;
        Ok(())
    }
}

/// The time zone of an event, for opening hours.
pub fn event_zone(conn: &mut DbConnection, event_id: i64) -> Result<Tz, ApiError> {
    use crate::db::schema::events;
    let name: String = events::table
        .find(event_id)
        .select(events::time_zone)
        .first(conn)?;
    Ok(name.parse().unwrap_or(chrono_tz::UTC))
}

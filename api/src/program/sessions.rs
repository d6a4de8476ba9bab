//! Sessions: their representation, inputs, validation against the event, and queries.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::conflicts::Conflict;
use super::rooms::RoomRow;
use super::session_types::{RegistrationStatus, SessionKind, SessionStatus, SpeakerRole};
use super::venues::VenueRow;
use crate::db::schema::{delegates, events, registrations, session_speakers, sessions};
use crate::db::search::{self, contains_pattern};
use crate::db::{now, Db, DbConnection, Ordering};
use crate::error::ApiError;
use crate::events::{Event, EventStatus};
use crate::http::fragments::RowKey;
use crate::http::lists::ListRequest;
use crate::http::patch::nullable;
use crate::http::query_guard::ListFilter;
use crate::values::{is_language_tag, Checks, LangMap};
use crate::visibility::{DelegateViewer, Disclosure};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i64,
    pub event_id: i64,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub theme: Option<String>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub room_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub capacity: Option<i64>,
    pub languages: String,
    pub interpretation: String,
    pub status: String,
    pub sequence: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A delegate on stage, as the viewer may see them (`delegates::visibility`): a speaker who
/// has not consented to a public profile is, to anyone who may not read them, only "a
/// delegate of" `city_id`: `delegate_id` and the names are `null`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "delegate_id": 7, "role": "speaker", "position": 1, "given_name": "Aino",
    "family_name": "Korhonen", "city_id": 2, "public_profile": true
}))]
pub struct Speaker {
    /// `null` when the viewer may not recognise the speaker.
    pub delegate_id: Option<i64>,
    pub role: SpeakerRole,
    /// Order on the programme, from 1.
    pub position: i64,
    /// `null` when the viewer may not recognise the speaker.
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// The speaker's city: always shown.
    pub city_id: i64,
    /// Whether the public sees who this speaker is (the delegate consented to a public
    /// profile); `false` tells an organizer that the public programme shows only the city.
    pub public_profile: bool,
}

/// A session of the programme.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "title": {"en": "Main Dialogue", "zh": "主旨对话"}, "description": null,
    "kind": "main_dialogue", "theme": "ice-snow-economy",
    "starts_at": "2026-01-06T01:30:00Z", "ends_at": "2026-01-06T03:30:00Z",
    "room_id": 1, "venue_id": 1, "capacity": 400, "languages": ["zh", "en"],
    "interpretation": ["en", "zh", "ru"], "status": "published", "speakers": [],
    "confirmed": 120, "waitlisted": 0, "places_left": 280, "sequence": 0,
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Session {
    pub id: i64,
    pub title: LangMap,
    pub description: Option<LangMap>,
    pub kind: SessionKind,
    /// One of the event's theme codes.
    pub theme: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room_id: Option<i64>,
    pub venue_id: Option<i64>,
    /// Places in all; `null` is unlimited.
    pub capacity: Option<i64>,
    /// Languages spoken on stage.
    pub languages: Vec<String>,
    /// Languages interpretation is provided into.
    pub interpretation: Vec<String>,
    pub status: SessionStatus,
    pub speakers: Vec<Speaker>,
    /// Confirmed registrations.
    pub confirmed: i64,
    /// Delegates on the waitlist.
    pub waitlisted: i64,
    /// Places still free; `null` when unlimited.
    pub places_left: Option<i64>,
    /// The iCalendar SEQUENCE: rises whenever the session changes.
    pub sequence: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// Overlaps found when an organizer saved the session (create and update only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warnings: Option<Vec<Conflict>>,
}

impl Session {
    /// What a rendering of this session is kept by (`http::fragments`).
    pub fn key(&self) -> RowKey {
        RowKey {
            id: self.id,
            version: self.version,
        }
    }
}

/// A speaker on input.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpeakerInput {
    pub delegate_id: i64,
    pub role: SpeakerRole,
    #[schema(minimum = 1, maximum = 1000)]
    pub position: Option<i64>,
}

/// Every field of a session, as given on create and as merged on update.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": {"en": "Scenario sharing: ice-and-snow IP", "zh": "场景分享：打造冰雪IP"},
    "kind": "scenario_sharing", "theme": "ice-snow-ip",
    "starts_at": "2026-01-07T02:00:00Z", "ends_at": "2026-01-07T03:30:00Z",
    "room_id": 1, "languages": ["zh", "en"], "interpretation": ["en"], "status": "published"
}))]
pub struct SessionInput {
    pub title: LangMap,
    pub description: Option<LangMap>,
    pub kind: SessionKind,
    #[schema(min_length = 1, max_length = 64)]
    pub theme: Option<String>,
    /// RFC 3339 with an offset; stored in UTC.
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// A room of this event; the venue is then the room's.
    pub room_id: Option<i64>,
    /// A venue of this event, for sessions without a room (site visits).
    pub venue_id: Option<i64>,
    /// Defaults to the room's capacity and may not exceed it.
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<String>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub languages: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<String>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub interpretation: Vec<String>,
    #[serde(default = "draft")]
    pub status: SessionStatus,
    /// Replaces the speakers when given.
    #[schema(max_items = 50)]
    pub speakers: Option<Vec<SpeakerInput>>,
}

fn draft() -> SessionStatus {
    SessionStatus::Draft
}

/// Changes to a session; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"starts_at": "2026-01-07T02:30:00Z", "ends_at": "2026-01-07T04:00:00Z"}))]
pub struct UpdateSession {
    pub title: Option<LangMap>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<LangMap>)]
    pub description: Option<Option<LangMap>>,
    pub kind: Option<SessionKind>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 64)]
    pub theme: Option<Option<String>>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub room_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub venue_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 100000)]
    pub capacity: Option<Option<i64>>,
    #[schema(max_items = 20, value_type = Option<Vec<String>>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub languages: Option<Vec<String>>,
    #[schema(max_items = 20, value_type = Option<Vec<String>>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub interpretation: Option<Vec<String>>,
    pub status: Option<SessionStatus>,
    #[schema(max_items = 50)]
    pub speakers: Option<Vec<SpeakerInput>>,
}

impl UpdateSession {
    pub fn apply(self, current: SessionInput) -> SessionInput {
        SessionInput {
            title: self.title.unwrap_or(current.title),
            description: self.description.unwrap_or(current.description),
            kind: self.kind.unwrap_or(current.kind),
            theme: self.theme.unwrap_or(current.theme),
            starts_at: self.starts_at.unwrap_or(current.starts_at),
            ends_at: self.ends_at.unwrap_or(current.ends_at),
            room_id: self.room_id.unwrap_or(current.room_id),
            venue_id: self.venue_id.unwrap_or(current.venue_id),
            capacity: self.capacity.unwrap_or(current.capacity),
            languages: self.languages.unwrap_or(current.languages),
            interpretation: self.interpretation.unwrap_or(current.interpretation),
            status: self.status.unwrap_or(current.status),
            speakers: self.speakers,
        }
    }
}

/// The resolved place and capacity of a valid session.
#[derive(Debug)]
pub struct Placement {
    pub room_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub capacity: Option<i64>,
}

impl SessionInput {
    /// Checks the session against its event: times inside the event's days (in its time
    /// zone), a known theme, a room and venue of this event, capacity within the room's.
    pub fn validate(&self, conn: &mut DbConnection, event: &Event) -> Result<Placement, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.title.validate("title", 300));
        if let Some(description) = &self.description {
            checks.parse(description.validate("description", crate::values::lang_map::MAX_TEXT));
        }
        checks.check(
            self.ends_at > self.starts_at,
            "ends_at",
            "must be after starts_at",
        );
        if let Some(zone) = event.time_zone.parse() {
            let first = self.starts_at.with_timezone(&zone).date_naive();
            let last = self.ends_at.with_timezone(&zone).date_naive();
            checks.check(
                first >= event.starts_on && last <= event.ends_on,
                "starts_at",
                &format!(
                    "must fall within the event, {} to {} in {}",
                    event.starts_on, event.ends_on, event.time_zone.0
                ),
            );
        }
        if let Some(theme) = &self.theme {
            checks.check(
                event.themes.iter().any(|t| &t.code == theme),
                "theme",
                "must be one of the event's theme codes",
            );
        }
        for (field, tags) in [
            ("languages", &self.languages),
            ("interpretation", &self.interpretation),
        ] {
            checks.check(
                tags.len() <= 20 && tags.iter().all(|t| is_language_tag(t)),
                field,
                "must be at most 20 BCP 47 language tags",
            );
        }
        let room = match self.room_id {
            Some(id) => checks.parse(RoomRow::find(conn, event.id, id).map_err(|_| {
                crate::error::FieldError::new("room_id", "no such room at this event")
            })),
            None => None,
        };
        if let Some(venue_id) = self.venue_id {
            let known = VenueRow::find(conn, event.id, venue_id).is_ok();
            checks.check(known, "venue_id", "no such venue at this event");
            if let Some(room) = &room {
                checks.check(
                    room.venue_id == venue_id,
                    "venue_id",
                    "is not the room's venue",
                );
            }
        }
        if let (Some(capacity), Some(room)) = (self.capacity, &room) {
            checks.check(
                capacity <= room.capacity,
                "capacity",
                &format!("may not exceed the room's capacity of {}", room.capacity),
            );
        }
        checks.check(
            self.capacity.is_none_or(|c| (1..=100_000).contains(&c)),
            "capacity",
            "must be between 1 and 100000",
        );
        if let Some(speakers) = &self.speakers {
            checks.check(speakers.len() <= 50, "speakers", "at most 50");
            let ids: Vec<i64> = speakers.iter().map(|s| s.delegate_id).collect();
            let known: i64 = delegates::table
                .filter(delegates::event_id.eq(event.id))
                .filter(delegates::id.eq_any(&ids))
                .count()
                .get_result(conn)?;
            let mut unique = ids.clone();
            unique.sort_unstable();
            unique.dedup();
            checks.check(
                known as usize == unique.len() && unique.len() == ids.len(),
                "speakers",
                "must be distinct delegates of this event",
            );
        }
        let placement = Placement {
            room_id: self.room_id,
            venue_id: self.venue_id.or(room.as_ref().map(|r| r.venue_id)),
            capacity: self.capacity.or(room.as_ref().map(|r| r.capacity)),
        };
        checks.finish(|| placement)
    }
}

/// Filters of the session list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionFilter {
    pub kind: Option<SessionKind>,
    /// A theme code of the event (an unknown code matches no session).
    pub theme: Option<String>,
    pub status: Option<SessionStatus>,
    pub room_id: Option<i64>,
    pub venue_id: Option<i64>,
    /// Sessions spoken in or interpreted into this language.
    pub language: Option<String>,
}

impl ListFilter for SessionFilter {
    const SORTABLE: &'static [&'static str] = SORTABLE;
}

pub const SORTABLE: &[&str] = &["starts_at", "id", "updated_at"];

/// One page of `query`, in the order `list` asks for (by start time, then id).
fn page<'a>(
    query: sessions::BoxedQuery<'a, Db>,
    list: &ListRequest,
) -> sessions::BoxedQuery<'a, Db> {
    let mut order = Ordering::default();
    for key in &list.sort {
        order = match key.field.as_str() {
            "id" => order.by(sessions::id, key.descending),
            "updated_at" => order.by(sessions::updated_at, key.descending),
            _ => order.by(sessions::starts_at, key.descending),
        };
    }
    query
        .order(order.by(sessions::starts_at, false).by(sessions::id, false))
        .limit(list.per_page)
        .offset(list.offset())
}

fn filtered<'a>(
    event_id: i64,
    staff: bool,
    filter: &'a SessionFilter,
    list: &'a ListRequest,
) -> sessions::BoxedQuery<'a, Db> {
    let mut query = sessions::table
        .filter(sessions::event_id.eq(event_id))
        .into_boxed();
    if !staff {
        query = query.filter(sessions::status.ne(SessionStatus::Draft.as_str()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(sessions::kind.eq(kind.as_str()));
    }
    if let Some(theme) = &filter.theme {
        query = query.filter(sessions::theme.eq(theme));
    }
    if let Some(status) = filter.status {
        query = query.filter(sessions::status.eq(status.as_str()));
    }
    if let Some(room_id) = filter.room_id {
        query = query.filter(sessions::room_id.eq(room_id));
    }
    if let Some(venue_id) = filter.venue_id {
        query = query.filter(sessions::venue_id.eq(venue_id));
    }
    if let Some(language) = &filter.language {
        let quoted = contains_pattern(&format!("\"{language}\""));
        query = query.filter(
            sessions::languages
                .like(quoted.clone())
                .escape('\\')
                .or(sessions::interpretation.like(quoted).escape('\\')),
        );
    }
    if let Some(q) = &list.q {
        query = query.filter(search::contains(sessions::search_text, q));
    }
    if let Some(since) = list.updated_since {
        query = query.filter(sessions::updated_at.ge(since));
    }
    query
}

impl SessionRow {
    /// The keys of a page of the programme, in its order (what `http::fragments` renders
    /// by).
    pub fn list_keys(
        conn: &mut DbConnection,
        event_id: i64,
        staff: bool,
        filter: &SessionFilter,
        list: &ListRequest,
    ) -> QueryResult<(Vec<RowKey>, i64)> {
        let total = filtered(event_id, staff, filter, list)
            .count()
            .get_result(conn)?;
        let keys: Vec<(i64, i64)> = page(filtered(event_id, staff, filter, list), list)
            .select((sessions::id, sessions::version))
            .load(conn)?;
        Ok((keys.into_iter().map(RowKey::from).collect(), total))
    }

    /// The key of the session `id` of the visible event `slug` (drafts only for staff),
    /// with its event's id, in one statement (see `DelegateRow::key_in`).
    pub fn key_in(
        conn: &mut DbConnection,
        slug: &str,
        staff: bool,
        id: i64,
    ) -> QueryResult<Option<(RowKey, i64)>> {
        let mut query = sessions::table
            .inner_join(events::table.on(events::id.eq(sessions::event_id)))
            .filter(sessions::id.eq(id))
            .filter(events::slug.eq(slug))
            .select((sessions::id, sessions::version, sessions::event_id))
            .into_boxed();
        if !staff {
            query = query
                .filter(events::status.ne(EventStatus::Draft.as_str()))
                .filter(sessions::status.ne(SessionStatus::Draft.as_str()));
        }
        let found: Option<(i64, i64, i64)> = query.first(conn).optional()?;
        Ok(found.map(|(id, version, event_id)| (RowKey { id, version }, event_id)))
    }

    /// The event's sessions with these ids, in one statement.
    pub fn find_many(
        conn: &mut DbConnection,
        event_id: i64,
        ids: &[i64],
    ) -> QueryResult<Vec<SessionRow>> {
        sessions::table
            .filter(sessions::event_id.eq(event_id))
            .filter(sessions::id.eq_any(ids))
            .select(SessionRow::as_select())
            .load(conn)
    }

    /// All sessions of an event (for calendars and the conflict report).
    pub fn all(
        conn: &mut DbConnection,
        event_id: i64,
        staff: bool,
    ) -> QueryResult<Vec<SessionRow>> {
        let mut query = sessions::table
            .filter(sessions::event_id.eq(event_id))
            .into_boxed();
        if !staff {
            query = query.filter(sessions::status.ne(SessionStatus::Draft.as_str()));
        }
        query
            .order((sessions::starts_at.asc(), sessions::id.asc()))
            .select(SessionRow::as_select())
            .load(conn)
    }

    /// The session, if the caller may see it (drafts are for staff).
    pub fn find(
        conn: &mut DbConnection,
        event_id: i64,
        id: i64,
        staff: bool,
    ) -> Result<SessionRow, ApiError> {
        sessions::table
            .filter(sessions::event_id.eq(event_id))
            .filter(sessions::id.eq(id))
            .select(SessionRow::as_select())
            .first(conn)
            .optional()?
            .filter(|row| staff || row.status != SessionStatus::Draft.as_str())
            .ok_or_else(|| ApiError::NotFound(format!("no session {id} at this event")))
    }

    pub fn status(&self) -> Result<SessionStatus, ApiError> {
        SessionStatus::parse(&self.status)
    }

    /// The stored session as an input, to merge a PATCH into.
    pub fn as_input(&self) -> Result<SessionInput, ApiError> {
        Ok(SessionInput {
            title: LangMap::from_json(&self.title)?,
            description: Some(LangMap::from_json(&self.description)?).filter(|d| !d.0.is_empty()),
            kind: SessionKind::parse(&self.kind)?,
            theme: self.theme.clone(),
            starts_at: self.starts_at.and_utc(),
            ends_at: self.ends_at.and_utc(),
            room_id: self.room_id,
            venue_id: if self.room_id.is_some() {
                None
            } else {
                self.venue_id
            },
            capacity: self.capacity,
            languages: serde_json::from_str(&self.languages)?,
            interpretation: serde_json::from_str(&self.interpretation)?,
            status: self.status()?,
            speakers: None,
        })
    }

    /// Inserts or updates a validated session, and replaces its speakers when given.
    pub fn save(
        conn: &mut DbConnection,
        event_id: i64,
        current: Option<&SessionRow>,
        input: &SessionInput,
        placement: &Placement,
    ) -> Result<i64, ApiError> {
        let at = now();
        let columns = (
            sessions::title.eq(input.title.to_json()),
            sessions::search_text.eq(input.title.search_text()),
            sessions::description.eq(input
                .description
                .as_ref()
                .map_or_else(|| "{}".to_owned(), LangMap::to_json)),
            sessions::kind.eq(input.kind.as_str()),
            sessions::theme.eq(&input.theme),
            sessions::starts_at.eq(input.starts_at.naive_utc()),
            sessions::ends_at.eq(input.ends_at.naive_utc()),
            sessions::room_id.eq(placement.room_id),
            sessions::venue_id.eq(placement.venue_id),
            sessions::capacity.eq(placement.capacity),
            sessions::languages.eq(serde_json::to_string(&input.languages)?),
            sessions::interpretation.eq(serde_json::to_string(&input.interpretation)?),
            sessions::status.eq(input.status.as_str()),
            sessions::updated_at.eq(at),
        );
        let id = match current {
            Some(row) => {
                diesel::update(sessions::table.find(row.id))
                    .set((
                        columns,
                        sessions::sequence.eq(sessions::sequence + 1),
                        sessions::version.eq(sessions::version + 1),
                    ))
                    .execute(conn)?;
                row.id
            }
            None => diesel::insert_into(sessions::table)
                .values((
                    columns,
                    sessions::event_id.eq(event_id),
                    sessions::sequence.eq(0_i64),
                    sessions::created_at.eq(at),
                    sessions::version.eq(1_i64),
                ))
                .returning(sessions::id)
                .get_result(conn)?,
        };
        if let Some(speakers) = &input.speakers {
            diesel::delete(session_speakers::table.filter(session_speakers::session_id.eq(id)))
                .execute(conn)?;
            for (index, speaker) in speakers.iter().enumerate() {
                diesel::insert_into(session_speakers::table)
                    .values((
                        session_speakers::session_id.eq(id),
                        session_speakers::delegate_id.eq(speaker.delegate_id),
                        session_speakers::role.eq(speaker.role.as_str()),
                        session_speakers::position.eq(speaker.position.unwrap_or(index as i64 + 1)),
                        session_speakers::created_at.eq(at),
                        session_speakers::updated_at.eq(at),
                        session_speakers::version.eq(1_i64),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(id)
    }
}

/// Builds the representations of `rows` as `viewer` may see them, loading speakers and
/// counts in three queries.
pub fn represent(
    conn: &mut DbConnection,
    rows: Vec<SessionRow>,
    viewer: DelegateViewer,
) -> Result<Vec<Session>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let speaker_rows: Vec<(i64, i64, String, i64)> = session_speakers::table
        .filter(session_speakers::session_id.eq_any(&ids))
        .order((
            session_speakers::session_id.asc(),
            session_speakers::position.asc(),
        ))
        .select((
            session_speakers::session_id,
            session_speakers::delegate_id,
            session_speakers::role,
            session_speakers::position,
        ))
        .load(conn)?;
    let shown = Disclosure::load(conn, viewer, speaker_rows.iter().map(|row| row.1))?;
    let mut speakers: HashMap<i64, Vec<Speaker>> = HashMap::new();
    for (session_id, delegate_id, role, position) in speaker_rows {
        let Some(person) = shown.get(delegate_id) else {
            continue;
        };
        speakers.entry(session_id).or_default().push(Speaker {
            delegate_id: person.id,
            role: SpeakerRole::parse(&role)?,
            position,
            given_name: person.given_name.clone(),
            family_name: person.family_name.clone(),
            city_id: person.city_id,
            public_profile: person.public,
        });
    }
    let counts: Vec<(i64, String, i64)> = registrations::table
        .filter(registrations::session_id.eq_any(&ids))
        .group_by((registrations::session_id, registrations::status))
        .select((
            registrations::session_id,
            registrations::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let count_of = |id: i64, status: RegistrationStatus| {
        counts
            .iter()
            .find(|(session, s, _)| *session == id && s == status.as_str())
            .map_or(0, |(_, _, n)| *n)
    };
    rows.into_iter()
        .map(|row| {
            let confirmed = count_of(row.id, RegistrationStatus::Confirmed);
            Ok(Session {
                id: row.id,
                title: LangMap::from_json(&row.title)?,
                description: Some(LangMap::from_json(&row.description)?)
                    .filter(|d| !d.0.is_empty()),
                kind: SessionKind::parse(&row.kind)?,
                theme: row.theme.clone(),
                starts_at: row.starts_at.and_utc(),
                ends_at: row.ends_at.and_utc(),
                room_id: row.room_id,
                venue_id: row.venue_id,
                capacity: row.capacity,
                languages: serde_json::from_str(&row.languages)?,
                interpretation: serde_json::from_str(&row.interpretation)?,
                status: row.status()?,
                speakers: speakers.remove(&row.id).unwrap_or_default(),
                confirmed,
                waitlisted: count_of(row.id, RegistrationStatus::Waitlisted),
                places_left: row.capacity.map(|c| (c - confirmed).max(0)),
                sequence: row.sequence,
                created_at: row.created_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
                version: row.version,
                warnings: None,
            })
        })
        .collect()
}

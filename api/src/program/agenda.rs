//! A delegate's agenda (JSON and a subscribable `.ics` feed) and the public programme feed.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use rand::Rng;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ical::{self, CalendarEvent};
use super::registrations::{self, Registration};
use super::session_types::{RegistrationStatus, SessionStatus, SpeakerRole};
use super::sessions::{represent, Session, SessionRow};
use crate::auth::{Caller, MaybeCaller};
use crate::db::schema::{calendar_tokens, rooms, session_speakers, sessions, venues};
use crate::db::{self, now, DbConnection, DbPool};
use crate::delegates::DelegateRow;
use crate::error::ApiError;
use crate::events::{Event, EventRow};
use crate::expo::meetings::{self, Meeting, MeetingRow};
use crate::http::paths::{EventItemPath, EventPath};
use crate::values::LangMap;
use crate::visibility::DelegateViewer;

/// One entry of an agenda.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItem {
    pub session: Session,
    /// The delegate's place: confirmed, or waitlisted with a position.
    pub registration: Option<Registration>,
    /// Set when the delegate is on stage.
    pub speaking_role: Option<SpeakerRole>,
}

/// An accepted B2B meeting at the expo.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaMeeting {
    pub meeting: Meeting,
    /// The exhibitor's English name.
    pub exhibitor_name: String,
}

/// A delegate's personal agenda, in time order: sessions, and accepted expo meetings.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"delegate_id": 1, "items": [], "meetings": []}))]
pub struct Agenda {
    pub delegate_id: i64,
    pub items: Vec<AgendaItem>,
    pub meetings: Vec<AgendaMeeting>,
}

/// A calendar subscription secret.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "token": "3f1c0d9b7a6e4f2a8b5c1d0e9f8a7b6c",
    "url": "/api/v1/events/harbin-2026/delegates/1/agenda.ics?token=3f1c0d9b7a6e4f2a8b5c1d0e9f8a7b6c"
}))]
pub struct CalendarToken {
    pub token: String,
    /// The feed's path; calendar apps subscribe to it without signing in.
    pub url: String,
}

/// `?token=` of the agenda feed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The subscription secret from `POST …/calendar-token`.
    #[param(max_length = 64)]
    pub token: Option<String>,
}

/// The agenda of `delegate_id`, its sessions' speakers shown as `viewer` may see them.
fn agenda(
    conn: &mut DbConnection,
    event_id: i64,
    delegate_id: i64,
    viewer: DelegateViewer,
) -> Result<Agenda, ApiError> {
    DelegateRow::find(conn, event_id, delegate_id)?;
    let mut places: HashMap<i64, Registration> = registrations::of_delegate(conn, delegate_id)?
        .into_iter()
        .map(|r| (r.session_id, r))
        .collect();
    let roles: HashMap<i64, String> = session_speakers::table
        .filter(session_speakers::delegate_id.eq(delegate_id))
        .select((session_speakers::session_id, session_speakers::role))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let ids: Vec<i64> = places.keys().chain(roles.keys()).copied().collect();
    let rows: Vec<SessionRow> = sessions::table
        .filter(sessions::event_id.eq(event_id))
        .filter(sessions::id.eq_any(&ids))
        .filter(sessions::status.ne(SessionStatus::Draft.as_str()))
        .order((sessions::starts_at.asc(), sessions::id.asc()))
        .select(SessionRow::as_select())
        .load(conn)?;
    let items = represent(conn, rows, viewer)?
        .into_iter()
        .map(|session| {
            let speaking_role = roles
                .get(&session.id)
                .map(|role| SpeakerRole::parse(role))
                .transpose()?;
            Ok(AgendaItem {
                registration: places.remove(&session.id),
                speaking_role,
                session,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let accepted = MeetingRow::accepted_of_delegate(conn, delegate_id)?;
    let ids: Vec<i64> = accepted.iter().map(|m| m.exhibitor_id).collect();
    let names = meetings::exhibitor_names(conn, &ids)?;
    let meetings = accepted
        .iter()
        .map(|row| {
            Ok(AgendaMeeting {
                meeting: row.represent()?,
                exhibitor_name: names.get(&row.exhibitor_id).cloned().unwrap_or_default(),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Agenda {
        delegate_id,
        items,
        meetings,
    })
}

fn may_see(caller: &Caller, delegate_id: i64) -> Result<(), ApiError> {
    if caller.is_staff() || caller.is_delegate(delegate_id) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only the delegate and organizers see this agenda".into(),
        ))
    }
}

/// A delegate's agenda: confirmed sessions, waitlist positions, speaking roles.
#[utoipa::path(
    tag = "program", operation_id = "get_agenda",
    params(EventItemPath),
    responses((status = 200, description = "The agenda", body = Agenda)),
    security(("bearer" = []))
)]
#[get("/events/{event}/delegates/{id}/agenda")]
pub async fn get_agenda(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    may_see(&caller, id)?;
    let viewer = DelegateViewer::of(Some(&caller));
    let agenda = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        agenda(conn, event_id, id, viewer)
    })
    .await?;
    Ok(HttpResponse::Ok().json(agenda))
}

/// Create or rotate the secret of a delegate's calendar feed (the delegate or organizers).
/// The previous URL stops working at once.
#[utoipa::path(
    tag = "program", operation_id = "rotate_calendar_token",
    params(EventItemPath),
    responses((status = 200, description = "The new secret and feed URL", body = CalendarToken)),
    security(("bearer" = []))
)]
#[post("/events/{event}/delegates/{id}/calendar-token")]
pub async fn rotate_calendar_token(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    may_see(&caller, id)?;
    let token: String = (0..32)
        .map(|_| format!("{:x}", rand::rng().random_range(0..16u8)))
        .collect();
    let stored = token.clone();
    let slug = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        DelegateRow::find(conn, event_id, id)?;
        diesel::delete(calendar_tokens::table.filter(calendar_tokens::delegate_id.eq(id)))
            .execute(conn)?;
        let at = now();
        diesel::insert_into(calendar_tokens::table)
            .values((
                calendar_tokens::delegate_id.eq(id),
                calendar_tokens::token.eq(&stored),
                calendar_tokens::created_at.eq(at),
                calendar_tokens::updated_at.eq(at),
                calendar_tokens::version.eq(1_i64),
            ))
            .execute(conn)?;
        Ok(slug)
    })
    .await?;
    let url = format!("/api/v1/events/{slug}/delegates/{id}/agenda.ics?token={token}");
    Ok(HttpResponse::Ok().json(CalendarToken { token, url }))
}

/// Where each session takes place, as text: room, venue, address.
/// Place names by room id and by venue id.
type Places = (HashMap<i64, String>, HashMap<i64, String>);

fn locations(conn: &mut DbConnection, event_id: i64) -> Result<Places, ApiError> {
    let venue_rows: Vec<(i64, String, Option<String>)> = venues::table
        .filter(venues::event_id.eq(event_id))
        .select((venues::id, venues::name, venues::address))
        .load(conn)?;
    let mut by_venue = HashMap::new();
    for (id, name, address) in venue_rows {
        let name = LangMap::from_json(&name)?.english().to_owned();
        by_venue.insert(id, address.map_or(name.clone(), |a| format!("{name}, {a}")));
    }
    let room_rows: Vec<(i64, i64, String)> = rooms::table
        .filter(rooms::event_id.eq(event_id))
        .select((rooms::id, rooms::venue_id, rooms::name))
        .load(conn)?;
    let mut by_room = HashMap::new();
    for (id, venue, name) in room_rows {
        let name = LangMap::from_json(&name)?.english().to_owned();
        let place = by_venue
            .get(&venue)
            .map_or(name.clone(), |v| format!("{name}, {v}"));
        by_room.insert(id, place);
    }
    Ok((by_room, by_venue))
}

fn feed(
    conn: &mut DbConnection,
    event: &Event,
    rows: Vec<SessionRow>,
    places: &HashMap<i64, Registration>,
    meetings: Vec<CalendarEvent>,
) -> Result<String, ApiError> {
    let (by_room, by_venue) = locations(conn, event.id)?;
    let entries = rows
        .iter()
        .map(|row| {
            let title = LangMap::from_json(&row.title)?;
            let description = LangMap::from_json(&row.description)?;
            let zh = title
                .0
                .get("zh")
                .filter(|zh| zh.as_str() != title.english());
            Ok(CalendarEvent {
                uid: format!("session-{}@{}.gmd", row.id, event.slug),
                sequence: row.sequence,
                starts_at: row.starts_at.and_utc(),
                ends_at: row.ends_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
                summary: zh.map_or_else(
                    || title.english().to_owned(),
                    |zh| format!("{} / {zh}", title.english()),
                ),
                description: Some(description.english().to_owned()).filter(|d| !d.is_empty()),
                location: row
                    .room_id
                    .and_then(|r| by_room.get(&r))
                    .or_else(|| row.venue_id.and_then(|v| by_venue.get(&v)))
                    .cloned(),
                cancelled: row.status == SessionStatus::Cancelled.as_str(),
                tentative: places
                    .get(&row.id)
                    .is_some_and(|r| r.status == RegistrationStatus::Waitlisted),
                categories: row.kind.to_uppercase(),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let mut entries = entries;
    entries.extend(meetings);
    entries.sort_by_key(|entry| entry.starts_at);
    let zone = event.time_zone.parse().unwrap_or(chrono_tz::UTC);
    Ok(ical::calendar(event.name.english(), zone, &entries))
}

/// The calendar entry of an accepted B2B meeting.
fn meeting_entry(event: &Event) -> impl Fn(&AgendaMeeting) -> CalendarEvent + '_ {
    move |item| {
        let meeting = &item.meeting;
        CalendarEvent {
            uid: format!("meeting-{}@{}.gmd", meeting.id, event.slug),
            sequence: meeting.version,
            starts_at: meeting.starts_at.unwrap_or(meeting.created_at),
            ends_at: meeting.ends_at.unwrap_or(meeting.created_at),
            updated_at: meeting.updated_at,
            summary: format!("B2B meeting: {}", item.exhibitor_name),
            description: meeting.message.clone(),
            location: meeting
                .table_id
                .map(|table| format!("Expo hall {}, meeting table {table}", meeting.hall_id)),
            cancelled: false,
            tentative: false,
            categories: "B2B_MEETING".to_owned(),
        }
    }
}

fn calendar_response(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Content-Disposition", "inline; filename=\"calendar.ics\""))
        .body(body)
}

/// A delegate's agenda as iCalendar, for calendar apps.
///
/// Reachable with the feed's secret `token` (no sign-in), or with a bearer token of the
/// delegate or an organizer. Waitlisted sessions are TENTATIVE.
#[utoipa::path(
    tag = "program", operation_id = "get_agenda_ics",
    params(EventItemPath, FeedQuery),
    responses((status = 200, description = "RFC 5545 calendar", content_type = "text/calendar", body = String)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/delegates/{id}/agenda.ics")]
pub async fn get_agenda_ics(
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
    query: web::Query<FeedQuery>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let signed_in = match &caller.0 {
        Some(caller) => may_see(caller, id).is_ok(),
        None => false,
    };
    let token = query.into_inner().token;
    if token.as_ref().is_some_and(|t| t.chars().count() > 64) {
        return Err(ApiError::BadRequest(
            "token is longer than 64 characters".into(),
        ));
    }
    let body = db::read(&pool, move |conn| {
        let event = Event::try_from(EventRow::find_visible(conn, &slug, true)?)?;
        if !signed_in {
            let valid: i64 = calendar_tokens::table
                .filter(calendar_tokens::delegate_id.eq(id))
                .filter(calendar_tokens::token.eq(token.unwrap_or_default()))
                .count()
                .get_result(conn)?;
            if valid != 1 {
                return Err(ApiError::NotFound(
                    "no calendar feed at this address".into(),
                ));
            }
        }
        let agenda = agenda(conn, event.id, id, DelegateViewer::delegate(id))?;
        let places: HashMap<i64, Registration> = agenda
            .items
            .iter()
            .filter_map(|i| i.registration.clone().map(|r| (r.session_id, r)))
            .collect();
        let ids: Vec<i64> = agenda.items.iter().map(|i| i.session.id).collect();
        let rows = sessions::table
            .filter(sessions::id.eq_any(&ids))
            .order((sessions::starts_at.asc(), sessions::id.asc()))
            .select(SessionRow::as_select())
            .load(conn)?;
        let booked = agenda.meetings.iter().map(meeting_entry(&event)).collect();
        feed(conn, &event, rows, &places, booked)
    })
    .await?;
    Ok(calendar_response(body))
}

/// The published programme as iCalendar (cancelled sessions as STATUS:CANCELLED).
#[utoipa::path(
    tag = "program", operation_id = "get_program_ics",
    params(EventPath),
    responses((status = 200, description = "RFC 5545 calendar", content_type = "text/calendar", body = String)),
    security(())
)]
#[get("/events/{event}/program.ics")]
pub async fn get_program_ics(
    pool: web::Data<DbPool>,
    path: web::Path<EventPath>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.into_inner().event;
    let body = db::read(&pool, move |conn| {
        let event = Event::try_from(EventRow::find_visible(conn, &slug, false)?)?;
        let rows = SessionRow::all(conn, event.id, false)?;
        feed(conn, &event, rows, &HashMap::new(), Vec::new())
    })
    .await?;
    Ok(calendar_response(body))
}

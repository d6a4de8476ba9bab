//! B2B meetings between a delegate and an exhibitor: a request proposes up to three slots
//! within the hall's opening hours; the other side accepts one (which books a meeting
//! table) or declines; either side may cancel.
//!
//! Acceptance locks the delegate's, the exhibitor's and the hall's rows, then checks that
//! nobody is double-booked — the delegate (other meetings and confirmed sessions), the
//! exhibitor, and the table — so two acceptances (or an acceptance and a session
//! registration, which locks the delegate too) cannot both pass.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};

use super::exhibitors::ExhibitorRow;
use super::halls::{event_zone, HallRow};
use super::vocabulary::{ApplicationStatus, MeetingStatus as S, Party};
use crate::auth::Caller;
use crate::db::schema::{booths, exhibitors, meeting_tables, meetings, registrations, sessions};
use crate::db::{lock_row, now, DbConnection};
use crate::delegates::DelegateRow;
use crate::error::ApiError;
use crate::http::query_guard::ListFilter;
use crate::program::session_types::{RegistrationStatus, SessionStatus};
use crate::values::{Checks, LangMap};

/// At most this many slots per request.
const MAX_SLOTS: usize = 3;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meetings)]
pub struct MeetingRow {
    pub id: i64,
    pub delegate_id: i64,
    pub exhibitor_id: i64,
    pub hall_id: i64,
    pub requested_by: String,
    pub proposed_slots: String,
    pub message: Option<String>,
    pub status: String,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub table_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A proposed time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"starts_at": "2026-01-06T10:00:00+08:00", "ends_at": "2026-01-06T10:30:00+08:00"}))]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A B2B meeting.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 40, "delegate_id": 7, "exhibitor_id": 3, "hall_id": 1, "requested_by": "delegate",
    "proposed_slots": [{"starts_at": "2026-01-06T02:00:00Z", "ends_at": "2026-01-06T02:30:00Z"}],
    "message": "Snow groomers for Rovaniemi", "status": "accepted",
    "starts_at": "2026-01-06T02:00:00Z", "ends_at": "2026-01-06T02:30:00Z", "table_id": 2,
    "allowed_actions": ["cancel"],
    "created_at": "2026-01-02T08:00:00Z", "updated_at": "2026-01-02T09:00:00Z", "version": 2
}))]
pub struct Meeting {
    pub id: i64,
    pub delegate_id: i64,
    pub exhibitor_id: i64,
    pub hall_id: i64,
    pub requested_by: Party,
    pub proposed_slots: Vec<Slot>,
    pub message: Option<String>,
    pub status: S,
    /// The accepted slot.
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// The meeting table booked on acceptance.
    pub table_id: Option<i64>,
    /// What can happen next (for either side).
    pub allowed_actions: Vec<MeetingAction>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A change of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingAction {
    /// requested → accepted (the other side)
    Accept,
    /// requested → declined (the other side)
    Decline,
    /// requested or accepted → cancelled (either side)
    Cancel,
}

impl MeetingAction {
    const ALL: [Self; 3] = [Self::Accept, Self::Decline, Self::Cancel];

    fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Decline => "decline",
            Self::Cancel => "cancel",
        }
    }

    fn target_from(self, from: S) -> Option<S> {
        match (self, from) {
            (Self::Accept, S::Requested) => Some(S::Accepted),
            (Self::Decline, S::Requested) => Some(S::Declined),
            (Self::Cancel, S::Requested | S::Accepted) => Some(S::Cancelled),
            _ => None,
        }
    }

    fn allowed_from(from: S) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|a| a.target_from(from).is_some())
            .collect()
    }
}

impl MeetingRow {
    pub fn represent(&self) -> Result<Meeting, ApiError> {
        let status = S::parse(&self.status)?;
        Ok(Meeting {
            id: self.id,
            delegate_id: self.delegate_id,
            exhibitor_id: self.exhibitor_id,
            hall_id: self.hall_id,
            requested_by: Party::parse(&self.requested_by)?,
            proposed_slots: serde_json::from_str(&self.proposed_slots)?,
            message: self.message.clone(),
            status,
            starts_at: self.starts_at.map(|t| t.and_utc()),
            ends_at: self.ends_at.map(|t| t.and_utc()),
            table_id: self.table_id,
            allowed_actions: MeetingAction::allowed_from(status),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            version: self.version,
        })
    }

    pub fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<Self, ApiError> {
        meetings::table
            .filter(meetings::event_id.eq(event_id))
            .filter(meetings::id.eq(id))
            .select(MeetingRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no meeting {id} at this event")))
    }

    /// Which side `caller` is on, if any.
    pub fn side_of(&self, caller: &Caller) -> Option<Party> {
        if caller.is_delegate(self.delegate_id) {
            Some(Party::Delegate)
        } else if caller.is_exhibitor(self.exhibitor_id) {
            Some(Party::Exhibitor)
        } else {
            None
        }
    }

    /// Accepted meetings of `delegate_id`, in time order (agenda, calendar).
    pub fn accepted_of_delegate(
        conn: &mut DbConnection,
        delegate_id: i64,
    ) -> QueryResult<Vec<Self>> {
        meetings::table
            .filter(meetings::delegate_id.eq(delegate_id))
            .filter(meetings::status.eq(S::Accepted.as_str()))
            .order((meetings::starts_at.asc(), meetings::id.asc()))
            .select(MeetingRow::as_select())
            .load(conn)
    }
}

/// A meeting request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "delegate_id": 7, "exhibitor_id": 3,
    "slots": [{"starts_at": "2026-01-06T10:00:00+08:00", "ends_at": "2026-01-06T10:30:00+08:00"}],
    "message": "Snow groomers for Rovaniemi"
}))]
pub struct CreateMeeting {
    pub delegate_id: i64,
    pub exhibitor_id: i64,
    /// One to three proposed times within the hall's opening hours, 10 minutes to 2 hours each.
    #[schema(min_items = 1, max_items = 3)]
    pub slots: Vec<Slot>,
    #[schema(max_length = 1000)]
    pub message: Option<String>,
    /// The hall to meet in; by default the hall of the exhibitor's first booth.
    pub hall_id: Option<i64>,
}

/// The slot to accept: one of those proposed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"starts_at": "2026-01-06T10:00:00+08:00"}))]
pub struct AcceptMeeting {
    pub starts_at: DateTime<Utc>,
}

/// Filters of the meeting list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingFilter {
    pub status: Option<S>,
    pub delegate_id: Option<i64>,
    pub exhibitor_id: Option<i64>,
}

impl ListFilter for MeetingFilter {
    const SORTABLE: &'static [&'static str] = &["id", "starts_at", "updated_at"];
}

/// The hall a meeting takes place in: the one asked for, or the exhibitor's booth's.
fn hall_for(
    conn: &mut DbConnection,
    event_id: i64,
    exhibitor_id: i64,
    asked: Option<i64>,
) -> Result<HallRow, ApiError> {
    if let Some(hall) = asked {
        return HallRow::find(conn, event_id, hall)
            .map_err(|_| ApiError::invalid("hall_id", format!("no hall {hall} at this event")));
    }
    let booth_hall: Option<i64> = booths::table
        .filter(booths::exhibitor_id.eq(exhibitor_id))
        .order(booths::id.asc())
        .select(booths::hall_id)
        .first(conn)
        .optional()?;
    let hall = booth_hall.ok_or_else(|| {
        ApiError::invalid(
            "hall_id",
            "the exhibitor holds no booth; name the hall to meet in",
        )
    })?;
    HallRow::find(conn, event_id, hall)
}

/// Stores a request from `side` after checking parties, slots and hours.
pub fn request(
    conn: &mut DbConnection,
    event_id: i64,
    side: Party,
    input: &CreateMeeting,
) -> Result<MeetingRow, ApiError> {
    let mut checks = Checks::default();
    checks.check(
        (1..=MAX_SLOTS).contains(&input.slots.len()),
        "slots",
        "propose one to three slots",
    );
    for (n, slot) in input.slots.iter().enumerate() {
        let minutes = (slot.ends_at - slot.starts_at).num_minutes();
        checks.check(
            (10..=120).contains(&minutes),
            &format!("slots[{n}].ends_at"),
            "a meeting lasts 10 minutes to 2 hours, after its start",
        );
    }
    checks.text(input.message.as_deref(), "message", 1000);
    checks.finish(|| ())?;
    let delegate = DelegateRow::find(conn, event_id, input.delegate_id).map_err(|_| {
        ApiError::invalid(
            "delegate_id",
            format!("no delegate {} at this event", input.delegate_id),
        )
    })?;
    let exhibitor = ExhibitorRow::find(conn, event_id, input.exhibitor_id).map_err(|_| {
        ApiError::invalid(
            "exhibitor_id",
            format!("no exhibitor {} at this event", input.exhibitor_id),
        )
    })?;
    if exhibitor.kind == super::vocabulary::ExhibitorKind::City.as_str()
        && exhibitor.city_id == Some(delegate.city_id)
    {
        return Err(ApiError::invalid(
            "exhibitor_id",
            "this exhibitor represents the delegate's own city: a meeting with oneself",
        ));
    }
    let status = exhibitor.status()?;
    if status != ApplicationStatus::Approved {
        return Err(ApiError::conflict_with(
            format!(
                "only approved exhibitors take meetings; this one is {}",
                status.as_str()
            ),
            "exhibitor_status",
            status.as_str().into(),
        ));
    }
    let hall = hall_for(conn, event_id, exhibitor.id, input.hall_id)?;
    let zone = event_zone(conn, event_id)?;
    let mut checks = Checks::default();
    for (n, slot) in input.slots.iter().enumerate() {
        checks.check(
            hall.is_open(zone, slot.starts_at, slot.ends_at)?,
            &format!("slots[{n}]"),
            "is outside the hall's opening hours",
        );
    }
    checks.finish(|| ())?;
    let at = now();
    let id = diesel::insert_into(meetings::table)
        .values((
            meetings::event_id.eq(event_id),
            meetings::delegate_id.eq(delegate.id),
            meetings::exhibitor_id.eq(exhibitor.id),
            meetings::hall_id.eq(hall.id),
            meetings::requested_by.eq(side.as_str()),
            meetings::proposed_slots.eq(serde_json::to_string(&input.slots)?),
            meetings::message.eq(input.message.as_deref().map(str::trim)),
            meetings::status.eq(S::Requested.as_str()),
            meetings::created_at.eq(at),
            meetings::updated_at.eq(at),
            meetings::version.eq(1_i64),
        ))
        .returning(meetings::id)
        .get_result(conn)?;
    MeetingRow::find(conn, event_id, id)
}

fn illegal(from: S, action: MeetingAction) -> ApiError {
    let allowed: Vec<&str> = MeetingAction::allowed_from(from)
        .into_iter()
        .map(MeetingAction::as_str)
        .collect();
    ApiError::Conflict {
        detail: format!(
            "cannot {} a meeting that is {}; allowed: {}",
            action.as_str(),
            from.as_str(),
            if allowed.is_empty() {
                "none".to_owned()
            } else {
                allowed.join(", ")
            }
        ),
        extensions: [
            ("current_status".to_owned(), from.as_str().into()),
            ("allowed_transitions".to_owned(), allowed.into()),
        ]
        .into(),
    }
}

/// A booked meeting: id, start, end.
type Booked = (i64, Option<NaiveDateTime>, Option<NaiveDateTime>);

/// Accepted meetings of one side overlapping `[starts, ends)`, other than `except`.
fn clashing_meetings(
    conn: &mut DbConnection,
    side: Party,
    id: i64,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    except: i64,
) -> QueryResult<Vec<Booked>> {
    let mut query = meetings::table
        .filter(meetings::status.eq(S::Accepted.as_str()))
        .filter(meetings::id.ne(except))
        .filter(meetings::starts_at.lt(ends))
        .filter(meetings::ends_at.gt(starts))
        .into_boxed();
    query = match side {
        Party::Delegate => query.filter(meetings::delegate_id.eq(id)),
        Party::Exhibitor => query.filter(meetings::exhibitor_id.eq(id)),
    };
    query
        .select((meetings::id, meetings::starts_at, meetings::ends_at))
        .load(conn)
}

/// The accepted meeting of `delegate_id` overlapping `[starts, ends)`, if any: session
/// registration refuses a place that clashes with one.
pub fn delegate_meeting_during(
    conn: &mut DbConnection,
    delegate_id: i64,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    Ok(
        clashing_meetings(conn, Party::Delegate, delegate_id, starts, ends, 0)?
            .first()
            .map(|(id, _, _)| *id),
    )
}

/// Everything that would clash with meeting `row` at `[starts, ends)`, as `conflicts` items.
fn conflicts(
    conn: &mut DbConnection,
    row: &MeetingRow,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
) -> Result<Vec<Value>, ApiError> {
    let mut found = Vec::new();
    for (side, id) in [
        (Party::Delegate, row.delegate_id),
        (Party::Exhibitor, row.exhibitor_id),
    ] {
        for (other, from, to) in clashing_meetings(conn, side, id, starts, ends, row.id)? {
            found.push(json!({
                "kind": "meeting", "party": side.as_str(), "meeting_id": other,
                "starts_at": from.map(|t| t.and_utc()), "ends_at": to.map(|t| t.and_utc()),
            }));
        }
    }
    let busy: Vec<(i64, String, NaiveDateTime, NaiveDateTime)> = registrations::table
        .inner_join(sessions::table)
        .filter(registrations::delegate_id.eq(row.delegate_id))
        .filter(registrations::status.eq(RegistrationStatus::Confirmed.as_str()))
        .filter(sessions::status.ne(SessionStatus::Cancelled.as_str()))
        .filter(sessions::starts_at.lt(ends))
        .filter(sessions::ends_at.gt(starts))
        .select((
            sessions::id,
            sessions::title,
            sessions::starts_at,
            sessions::ends_at,
        ))
        .load(conn)?;
    for (session, title, from, to) in busy {
        let title = LangMap::from_json(&title)
            .map(|t| t.english().to_owned())
            .unwrap_or_default();
        found.push(json!({
            "kind": "session", "party": "delegate", "session_id": session, "title": title,
            "starts_at": from.and_utc(), "ends_at": to.and_utc(),
        }));
    }
    Ok(found)
}

/// A meeting table of the hall free at `[starts, ends)`, if any.
fn free_table(
    conn: &mut DbConnection,
    hall_id: i64,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
) -> QueryResult<(Option<i64>, i64)> {
    let tables: Vec<i64> = meeting_tables::table
        .filter(meeting_tables::hall_id.eq(hall_id))
        .order(meeting_tables::id.asc())
        .select(meeting_tables::id)
        .load(conn)?;
    let taken: Vec<Option<i64>> = meetings::table
        .filter(meetings::status.eq(S::Accepted.as_str()))
        .filter(meetings::table_id.eq_any(&tables))
        .filter(meetings::starts_at.lt(ends))
        .filter(meetings::ends_at.gt(starts))
        .select(meetings::table_id)
        .load(conn)?;
    let free = tables.iter().copied().find(|t| !taken.contains(&Some(*t)));
    Ok((free, tables.len() as i64))
}

/// Applies `action` to meeting `id` for `caller` (`slot`: the accepted start).
pub fn act(
    conn: &mut DbConnection,
    event_id: i64,
    id: i64,
    caller: &Caller,
    action: MeetingAction,
    slot: Option<DateTime<Utc>>,
) -> Result<MeetingRow, ApiError> {
    let current = MeetingRow::find(conn, event_id, id)?;
    let side = current.side_of(caller);
    if side.is_none() && !caller.is_staff() {
        return Err(ApiError::NotFound(format!("no meeting {id} at this event")));
    }
    let requester = Party::parse(&current.requested_by)?;
    if action != MeetingAction::Cancel && side == Some(requester) {
        return Err(ApiError::Forbidden(format!(
            "only the other side may {} a request; its requester may cancel it",
            action.as_str()
        )));
    }
    lock_row(conn, "delegates", current.delegate_id)?;
    lock_row(conn, "exhibitors", current.exhibitor_id)?;
    lock_row(conn, "halls", current.hall_id)?;
    let current = MeetingRow::find(conn, event_id, id)?;
    let from = S::parse(&current.status)?;
    let to = action
        .target_from(from)
        .ok_or_else(|| illegal(from, action))?;
    let (mut starts, mut ends, mut table) = (current.starts_at, current.ends_at, current.table_id);
    if action == MeetingAction::Accept {
        let wanted =
            slot.ok_or_else(|| ApiError::invalid("starts_at", "name the slot to accept"))?;
        let proposed: Vec<Slot> = serde_json::from_str(&current.proposed_slots)?;
        let chosen = proposed
            .iter()
            .find(|s| s.starts_at == wanted)
            .ok_or_else(|| {
                let starts: Vec<String> =
                    proposed.iter().map(|s| s.starts_at.to_rfc3339()).collect();
                ApiError::invalid(
                    "starts_at",
                    format!("was not proposed; proposed: {}", starts.join(", ")),
                )
            })?;
        let (from_at, to_at) = (chosen.starts_at.naive_utc(), chosen.ends_at.naive_utc());
        let clashes = conflicts(conn, &current, from_at, to_at)?;
        if !clashes.is_empty() {
            return Err(ApiError::conflict_with(
                format!(
                    "the slot clashes with {} other commitment(s); see `conflicts`",
                    clashes.len()
                ),
                "conflicts",
                clashes.into(),
            ));
        }
        let (free, count) = free_table(conn, current.hall_id, from_at, to_at)?;
        let free = free.ok_or_else(|| {
            ApiError::conflict_with(
                format!(
                    "all {count} meeting table(s) of hall {} are booked at that time",
                    current.hall_id
                ),
                "conflicts",
                json!([{"kind": "meeting_tables", "hall_id": current.hall_id, "tables": count}]),
            )
        })?;
        (starts, ends, table) = (Some(from_at), Some(to_at), Some(free));
    }
    let changed = diesel::update(
        meetings::table
            .filter(meetings::id.eq(id))
            .filter(meetings::status.eq(from.as_str())),
    )
    .set((
        meetings::status.eq(to.as_str()),
        meetings::starts_at.eq(starts),
        meetings::ends_at.eq(ends),
        meetings::table_id.eq(table),
        meetings::updated_at.eq(now()),
        meetings::version.eq(meetings::version + 1),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(ApiError::conflict("the meeting changed meanwhile; retry"));
    }
    MeetingRow::find(conn, event_id, id)
}

/// The English name of each exhibitor in `ids` (agenda, calendar).
pub fn exhibitor_names(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, ApiError> {
    exhibitors::table
        .filter(exhibitors::id.eq_any(ids))
        .select((exhibitors::id, exhibitors::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .map(|(id, name)| Ok((id, LangMap::from_json(&name)?.english().to_owned())))
        .collect()
}

//! The conflict report: room overlaps, speakers in two places, sessions larger than their
//! room, and delegates holding two overlapping confirmed places (possible only when an
//! organizer moves a session). Each conflict names the sessions involved.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::session_types::{RegistrationStatus, SessionStatus};
use super::sessions::SessionRow;
use crate::db::schema::{registrations, rooms, session_speakers, sessions};
use crate::db::DbConnection;
use crate::error::ApiError;

/// What clashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    RoomOverlap,
    SpeakerDoubleBooked,
    CapacityExceedsRoom,
    DelegateDoubleBooked,
}

/// One conflict in the programme.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "kind": "room_overlap", "sessions": [3, 7], "room_id": 1, "delegate_id": null,
    "detail": "sessions 3 and 7 overlap in room 1"
}))]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The sessions involved (two, or one for a capacity conflict).
    pub sessions: Vec<i64>,
    pub room_id: Option<i64>,
    pub delegate_id: Option<i64>,
    pub detail: String,
}

/// Every conflict among the event's sessions that are not cancelled.
pub fn report(conn: &mut DbConnection, event_id: i64) -> Result<Vec<Conflict>, ApiError> {
    let active: Vec<SessionRow> = SessionRow::all(conn, event_id, true)?
        .into_iter()
        .filter(|s| s.status != SessionStatus::Cancelled.as_str())
        .collect();
    let room_capacity: HashMap<i64, i64> = rooms::table
        .filter(rooms::event_id.eq(event_id))
        .select((rooms::id, rooms::capacity))
        .load(conn)?
        .into_iter()
        .collect();
    let people = |rows: Vec<(i64, i64)>| {
        let mut by_session: HashMap<i64, HashSet<i64>> = HashMap::new();
        for (session, delegate) in rows {
            by_session.entry(session).or_default().insert(delegate);
        }
        by_session
    };
    let in_event = sessions::table
        .filter(sessions::event_id.eq(event_id))
        .select(sessions::id);
    let speakers = people(
        session_speakers::table
            .filter(session_speakers::session_id.eq_any(in_event))
            .select((session_speakers::session_id, session_speakers::delegate_id))
            .load(conn)?,
    );
    let confirmed = people(
        registrations::table
            .filter(registrations::session_id.eq_any(in_event))
            .filter(registrations::status.eq(RegistrationStatus::Confirmed.as_str()))
            .select((registrations::session_id, registrations::delegate_id))
            .load(conn)?,
    );
    let mut conflicts = Vec::new();
    for session in &active {
        if let (Some(room), Some(capacity)) = (session.room_id, session.capacity) {
            if let Some(&room_capacity) = room_capacity.get(&room) {
                if capacity > room_capacity {
                    conflicts.push(Conflict {
                        kind: ConflictKind::CapacityExceedsRoom,
                        sessions: vec![session.id],
                        room_id: Some(room),
                        delegate_id: None,
                        detail: format!("session {} has {capacity} places but room {room} holds {room_capacity}", session.id),
                    });
                }
            }
        }
    }
    let empty = HashSet::new();
    for (index, a) in active.iter().enumerate() {
        for b in active[index + 1..]
            .iter()
            .take_while(|b| b.starts_at < a.ends_at)
        {
            let pair = vec![a.id, b.id];
            if a.room_id.is_some() && a.room_id == b.room_id {
                conflicts.push(Conflict {
                    kind: ConflictKind::RoomOverlap,
                    sessions: pair.clone(),
                    room_id: a.room_id,
                    delegate_id: None,
                    detail: format!(
                        "sessions {} and {} overlap in room {}",
                        a.id,
                        b.id,
                        a.room_id.unwrap_or_default()
                    ),
                });
            }
            for (kind, sets, what) in [
                (ConflictKind::SpeakerDoubleBooked, &speakers, "speaks in"),
                (
                    ConflictKind::DelegateDoubleBooked,
                    &confirmed,
                    "is confirmed for",
                ),
            ] {
                let (first, second) = (
                    sets.get(&a.id).unwrap_or(&empty),
                    sets.get(&b.id).unwrap_or(&empty),
                );
                let mut shared: Vec<&i64> = first.intersection(second).collect();
                shared.sort_unstable();
                for delegate in shared {
                    conflicts.push(Conflict {
                        kind,
                        sessions: pair.clone(),
                        room_id: None,
                        delegate_id: Some(*delegate),
                        detail: format!(
                            "delegate {delegate} {what} sessions {} and {}, which overlap",
                            a.id, b.id
                        ),
                    });
                }
            }
        }
    }
    Ok(conflicts)
}

/// The conflicts that involve one session: the warnings shown when it is saved.
pub fn involving(
    conn: &mut DbConnection,
    event_id: i64,
    session_id: i64,
) -> Result<Vec<Conflict>, ApiError> {
    Ok(report(conn, event_id)?
        .into_iter()
        .filter(|c| c.sessions.contains(&session_id))
        .collect())
}

//! Registrations: capacity, the waitlist and its automatic promotion, and the rule that a
//! delegate never holds two overlapping places.
//!
//! Every change runs in a write transaction that first locks the session's row, so the
//! count-then-insert below cannot race (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the row
//! lock). Waitlist positions are not stored: a delegate's position is one plus the number
//! of waitlisted registrations created before theirs, so the order never has gaps.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::session_types::{RegistrationStatus, SessionStatus};
use super::sessions::SessionRow;
use crate::db::schema::{registrations, sessions};
use crate::db::{lock_row, now, DbConnection};
use crate::delegates::{AccreditationStatus, DelegateRow};
use crate::error::ApiError;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = registrations)]
pub struct RegistrationRow {
    pub id: i64,
    pub session_id: i64,
    pub delegate_id: i64,
    pub status: String,
    pub by_organizer: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A delegate's place (or wait) for a session.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 12, "session_id": 4, "delegate_id": 7, "status": "waitlisted", "waitlist_position": 3, "by_organizer": false,
    "created_at": "2026-01-02T08:00:00Z", "updated_at": "2026-01-02T08:00:00Z", "version": 1
}))]
pub struct Registration {
    pub id: i64,
    pub session_id: i64,
    pub delegate_id: i64,
    pub status: RegistrationStatus,
    /// 1 for the next in line; only while waitlisted.
    pub waitlist_position: Option<i64>,
    /// Whether an organizer registered the delegate.
    pub by_organizer: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// The outcome of a cancellation: the cancelled place and, when it freed a seat, the
/// registration promoted from the waitlist.
#[derive(Debug, Serialize, ToSchema)]
pub struct Cancellation {
    pub cancelled: Registration,
    pub promoted: Option<Registration>,
}

fn find(
    conn: &mut DbConnection,
    session_id: i64,
    delegate_id: i64,
) -> QueryResult<Option<RegistrationRow>> {
    registrations::table
        .filter(registrations::session_id.eq(session_id))
        .filter(registrations::delegate_id.eq(delegate_id))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()
}

/// Confirmed registrations of a session.
pub fn confirmed_count(conn: &mut DbConnection, session_id: i64) -> Result<i64, ApiError> {
    Ok(registrations::table
        .filter(registrations::session_id.eq(session_id))
        .filter(registrations::status.eq(RegistrationStatus::Confirmed.as_str()))
        .count()
        .get_result(conn)?)
}

/// The representation, with the waitlist position computed.
pub fn represent(conn: &mut DbConnection, row: &RegistrationRow) -> Result<Registration, ApiError> {
    let status = RegistrationStatus::parse(&row.status)?;
    let waitlist_position = if status == RegistrationStatus::Waitlisted {
        let ahead: i64 = registrations::table
            .filter(registrations::session_id.eq(row.session_id))
            .filter(registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
            .filter(registrations::id.lt(row.id))
            .count()
            .get_result(conn)?;
        Some(ahead + 1)
    } else {
        None
    };
    Ok(Registration {
        id: row.id,
        session_id: row.session_id,
        delegate_id: row.delegate_id,
        status,
        waitlist_position,
        by_organizer: row.by_organizer,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
        version: row.version,
    })
}

/// The session the delegate holds (or waits for) that overlaps `session`, if any.
fn overlapping(
    conn: &mut DbConnection,
    session: &SessionRow,
    delegate_id: i64,
) -> QueryResult<Option<(i64, String)>> {
    registrations::table
        .inner_join(sessions::table)
        .filter(registrations::delegate_id.eq(delegate_id))
        .filter(registrations::status.ne(RegistrationStatus::Cancelled.as_str()))
        .filter(sessions::id.ne(session.id))
        .filter(sessions::status.ne(SessionStatus::Cancelled.as_str()))
        .filter(sessions::starts_at.lt(session.ends_at))
        .filter(sessions::ends_at.gt(session.starts_at))
        .select((sessions::id, sessions::title))
        .first(conn)
        .optional()
}

/// Registers a delegate. Returns the registration and whether it is new; registering
/// again returns the existing one.
pub fn register(
    conn: &mut DbConnection,
    event_id: i64,
    session_id: i64,
    delegate_id: i64,
    actor: Option<i64>,
    by_organizer: bool,
) -> Result<(Registration, bool), ApiError> {
    lock_row(conn, "sessions", session_id)?;
    let session = SessionRow::find(conn, event_id, session_id, by_organizer)?;
    // The delegate's row too: two registrations of one delegate for two overlapping
    // sessions lock different sessions, and must still see each other.
    lock_row(conn, "delegates", delegate_id)?;
    let delegate = DelegateRow::find(conn, event_id, delegate_id)?;
    if let Some(existing) = find(conn, session_id, delegate_id)? {
        if existing.status != RegistrationStatus::Cancelled.as_str() {
            return Ok((represent(conn, &existing)?, false));
        }
        diesel::delete(registrations::table.find(existing.id)).execute(conn)?;
    }
    match session.status()? {
        SessionStatus::Published => {}
        SessionStatus::Cancelled => {
            return Err(ApiError::conflict(
                "the session is cancelled; registration is closed",
            ))
        }
        SessionStatus::Draft => return Err(ApiError::conflict("the session is not published yet")),
    }
    let accreditation = AccreditationStatus::parse(&delegate.accreditation_status)?;
    if !matches!(
        accreditation,
        AccreditationStatus::Registered
            | AccreditationStatus::Accredited
            | AccreditationStatus::CheckedIn
    ) {
        return Err(ApiError::conflict_with(
            format!(
                "only registered or accredited delegates may register; this delegate is {}",
                accreditation.as_str()
            ),
            "accreditation_status",
            accreditation.as_str().into(),
        ));
    }
    if let Some((other, title)) = overlapping(conn, &session, delegate_id)? {
        return Err(ApiError::Conflict {
            detail: format!("the delegate already has session {other}, which overlaps this one"),
            extensions: [
                ("conflicting_session_id".to_owned(), other.into()),
                (
                    "conflicting_session_title".to_owned(),
                    serde_json::from_str(&title).unwrap_or_default(),
                ),
            ]
            .into(),
        });
    }
    if let Some(meeting) = crate::expo::meetings::delegate_meeting_during(
        conn,
        delegate_id,
        session.starts_at,
        session.ends_at,
    )? {
        return Err(ApiError::conflict_with(
            format!("the delegate has B2B meeting {meeting} at the expo during this session"),
            "conflicting_meeting_id",
            meeting.into(),
        ));
    }
    let full = session.capacity.is_some_and(|capacity| {
        confirmed_count(conn, session_id).is_ok_and(|taken| taken >= capacity)
    });
    let status = if full {
        RegistrationStatus::Waitlisted
    } else {
        RegistrationStatus::Confirmed
    };
    let at = now();
    let id: i64 = diesel::insert_into(registrations::table)
        .values((
            registrations::session_id.eq(session_id),
            registrations::delegate_id.eq(delegate_id),
            registrations::status.eq(status.as_str()),
            registrations::registered_by.eq(actor),
            registrations::by_organizer.eq(by_organizer),
            registrations::created_at.eq(at),
            registrations::updated_at.eq(at),
            registrations::version.eq(1_i64),
        ))
        .returning(registrations::id)
        .get_result(conn)?;
    let row = registrations::table
        .find(id)
        .select(RegistrationRow::as_select())
        .first(conn)?;
    Ok((represent(conn, &row)?, true))
}

/// Cancels a registration; a freed seat goes to the first on the waitlist.
pub fn cancel(
    conn: &mut DbConnection,
    event_id: i64,
    session_id: i64,
    delegate_id: i64,
) -> Result<Cancellation, ApiError> {
    lock_row(conn, "sessions", session_id)?;
    SessionRow::find(conn, event_id, session_id, true)?;
    let row = find(conn, session_id, delegate_id)?
        .filter(|r| r.status != RegistrationStatus::Cancelled.as_str())
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "delegate {delegate_id} is not registered for session {session_id}"
            ))
        })?;
    let at = now();
    diesel::update(registrations::table.find(row.id))
        .set((
            registrations::status.eq(RegistrationStatus::Cancelled.as_str()),
            registrations::updated_at.eq(at),
            registrations::version.eq(registrations::version + 1),
        ))
        .execute(conn)?;
    let cancelled = registrations::table
        .find(row.id)
        .select(RegistrationRow::as_select())
        .first(conn)?;
    let promoted = if row.status == RegistrationStatus::Confirmed.as_str() {
        promote_next(conn, session_id)?
    } else {
        None
    };
    Ok(Cancellation {
        cancelled: represent(conn, &cancelled)?,
        promoted,
    })
}

/// Confirms waitlisted registrations, in order, while the session has room (after its
/// capacity was raised). The caller holds the session's lock.
pub fn fill_from_waitlist(
    conn: &mut DbConnection,
    session_id: i64,
) -> Result<Vec<Registration>, ApiError> {
    let mut promoted = Vec::new();
    while let Some(registration) = promote_next(conn, session_id)? {
        promoted.push(registration);
    }
    Ok(promoted)
}

/// Confirms the first waitlisted registration if the session has room.
fn promote_next(
    conn: &mut DbConnection,
    session_id: i64,
) -> Result<Option<Registration>, ApiError> {
    let capacity: Option<i64> = sessions::table
        .find(session_id)
        .select(sessions::capacity)
        .first(conn)?;
    if capacity.is_some_and(|c| confirmed_count(conn, session_id).is_ok_and(|taken| taken >= c)) {
        return Ok(None);
    }
    let next: Option<RegistrationRow> = registrations::table
        .filter(registrations::session_id.eq(session_id))
        .filter(registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
        .order(registrations::id.asc())
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?;
    let Some(next) = next else { return Ok(None) };
    diesel::update(registrations::table.find(next.id))
        .set((
            registrations::status.eq(RegistrationStatus::Confirmed.as_str()),
            registrations::updated_at.eq(now()),
            registrations::version.eq(registrations::version + 1),
        ))
        .execute(conn)?;
    let row = registrations::table
        .find(next.id)
        .select(RegistrationRow::as_select())
        .first(conn)?;
    Ok(Some(represent(conn, &row)?))
}

/// A session's registrations that are not cancelled, confirmed first, then the waitlist
/// in order.
pub fn of_session(conn: &mut DbConnection, session_id: i64) -> Result<Vec<Registration>, ApiError> {
    let rows: Vec<RegistrationRow> = registrations::table
        .filter(registrations::session_id.eq(session_id))
        .filter(registrations::status.ne(RegistrationStatus::Cancelled.as_str()))
        .order(registrations::id.asc())
        .select(RegistrationRow::as_select())
        .load(conn)?;
    let mut waiting = 0;
    let mut all: Vec<Registration> = rows
        .iter()
        .map(|row| {
            let status = RegistrationStatus::parse(&row.status)?;
            let waitlist_position = (status == RegistrationStatus::Waitlisted).then(|| {
                waiting += 1;
                waiting
            });
            Ok(Registration {
                id: row.id,
                session_id: row.session_id,
                delegate_id: row.delegate_id,
                status,
                waitlist_position,
                by_organizer: row.by_organizer,
                created_at: row.created_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
                version: row.version,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    all.sort_by_key(|r| {
        (
            r.status != RegistrationStatus::Confirmed,
            r.waitlist_position,
            r.id,
        )
    });
    Ok(all)
}

/// The delegate's registrations that are not cancelled.
pub fn of_delegate(
    conn: &mut DbConnection,
    delegate_id: i64,
) -> Result<Vec<Registration>, ApiError> {
    let rows: Vec<RegistrationRow> = registrations::table
        .filter(registrations::delegate_id.eq(delegate_id))
        .filter(registrations::status.ne(RegistrationStatus::Cancelled.as_str()))
        .select(RegistrationRow::as_select())
        .load(conn)?;
    rows.iter().map(|row| represent(conn, row)).collect()
}

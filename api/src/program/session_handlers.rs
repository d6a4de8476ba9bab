//! `/api/v1/events/{event}/sessions` and the conflict report.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::conflicts::{self, Conflict};
use super::sessions::{represent, Session, SessionFilter, SessionInput, SessionRow, UpdateSession};
use crate::auth::{Caller, MaybeCaller};
use crate::db::schema::{registrations, sessions};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::events::{Event, EventRow};
use crate::http::cache::{cached_rows, fragment_cache, Audience, Shows};
use crate::http::conditional::{respond_created, respond_rendered, respond_updated, IfMatch};
use crate::http::fragments::{json, render_item, render_items, ItemRendering};
use crate::http::json::JsonBody;
use crate::http::lists::{Page, RenderedItems};
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::ListQuery;
use crate::visibility::DelegateViewer;

/// What a page of sessions shows: its speakers' names and consent reach it by touching the
/// session (`changes::embeddings`), so a check-in never evicts the programme.
const SESSIONS_SHOW: Shows = &["sessions", "session_speakers", "rooms", "venues"];

/// The session as saved, with the overlaps it takes part in as warnings.
fn saved(
    conn: &mut DbConnection,
    event_id: i64,
    id: i64,
    viewer: DelegateViewer,
) -> Result<Session, ApiError> {
    let row = SessionRow::find(conn, event_id, id, true)?;
    let mut session = represent(conn, vec![row], viewer)?
        .pop()
        .ok_or_else(|| ApiError::Internal("a saved session vanished".into()))?;
    session.warnings = Some(conflicts::involving(conn, event_id, id)?);
    Ok(session)
}

/// The event's sessions with these ids as `viewer` sees them, read in one transaction
/// (rows, speakers and counts from one snapshot).
fn represented(
    conn: &mut DbConnection,
    event_id: i64,
    ids: &[i64],
    viewer: DelegateViewer,
) -> Result<Vec<Session>, ApiError> {
    conn.transaction(|conn| {
        let rows = SessionRow::find_many(conn, event_id, ids)?;
        represent(conn, rows, viewer)
    })
}

/// List the programme.
///
/// The public sees published and cancelled sessions; organizers also see drafts. Sorted by
/// start time unless `sort` says otherwise (`starts_at`, `id`, `updated_at`).
#[utoipa::path(
    tag = "program", operation_id = "list_sessions",
    params(EventPath, ListQuery<SessionFilter>),
    responses((status = 200, description = "A page of sessions", body = Page<Session>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/sessions")]
pub async fn list_sessions(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<SessionFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    let (slug, staff, filter) = (path.into_inner().event, caller.is_staff(), filter);
    let viewer = DelegateViewer::of(caller.0.as_ref());
    let cache = fragment_cache(&req);
    cached_rows(
        &req,
        &pool,
        Audience::of(staff),
        SESSIONS_SHOW,
        move |conn| {
            let event_id = EventRow::id_of(conn, &slug, staff)?;
            let (keys, total) = SessionRow::list_keys(conn, event_id, staff, &filter, &list)?;
            // A page for a signed-in delegate (who recognises themself) is made afresh.
            let view = viewer.shared_view();
            let fragments = cache.as_ref().and_then(|cache| cache.fragments());
            let mut load = |ids: &[i64]| represented(conn, event_id, ids, viewer);
            let items = render_items(
                fragments.filter(|_| view.is_some()),
                &keys,
                ItemRendering {
                    kind: "session",
                    view: view.unwrap_or_default(),
                    load: &mut load,
                    key_of: Session::key,
                    render: &json,
                },
            )?;
            Ok(RenderedItems::new(items, &list, total))
        },
    )
    .await
}

/// Create a session (organizers).
///
/// Overlaps (room, speakers) are not refused: they come back in `warnings` and in the
/// conflict report.
#[utoipa::path(
    tag = "program", operation_id = "create_session",
    params(EventPath), request_body = SessionInput,
    responses((status = 201, description = "Created, with warnings", body = Session,
        headers(("Location" = String, description = "The new session's URL")))),
    security(("bearer" = []))
)]
#[post("/events/{event}/sessions")]
pub async fn create_session(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<SessionInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner());
    let viewer = DelegateViewer::of(Some(&caller));
    let (slug, session) = db::write(&pool, move |conn| {
        let event = Event::try_from(EventRow::find_visible(conn, &slug, true)?)?;
        let placement = input.validate(conn, &event)?;
        let id = SessionRow::save(conn, event.id, None, &input, &placement)?;
        Ok((slug, saved(conn, event.id, id, viewer)?))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/sessions/{}", session.id),
        session.id,
        session.version,
        &session,
    ))
}

/// Get a session, with speakers, interpretation and places left.
#[utoipa::path(
    tag = "program", operation_id = "get_session",
    params(EventItemPath),
    responses((status = 200, description = "The session", body = Session)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/sessions/{id}")]
pub async fn get_session(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let (EventItemPath { event: slug, id }, staff) = (path.into_inner(), caller.is_staff());
    let viewer = DelegateViewer::of(caller.0.as_ref());
    let cache = fragment_cache(&req);
    let (key, body) = db::read_one(&pool, move |conn| {
        let missing = || format!("no session {id} at this event");
        let Some((key, event_id)) = SessionRow::key_in(conn, &slug, staff, id)? else {
            return Err(EventRow::item_not_found(conn, &slug, staff, missing()));
        };
        // A session for a signed-in delegate (who recognises themself) is made afresh.
        let view = viewer.shared_view();
        let fragments = cache.as_ref().and_then(|cache| cache.fragments());
        let mut load = |ids: &[i64]| represented(conn, event_id, ids, viewer);
        let how = ItemRendering {
            kind: "session",
            view: view.unwrap_or_default(),
            load: &mut load,
            key_of: Session::key,
            render: &json,
        };
        render_item(fragments.filter(|_| view.is_some()), key, how)?
            .ok_or_else(|| ApiError::NotFound(missing()))
    })
    .await?;
    Ok(respond_rendered(&req, key, body))
}

/// Update a session (organizers).
///
/// Setting `status` to `cancelled` closes registration. Capacity may not drop below the
/// confirmed registrations (409); raising it confirms the waitlist in order. Overlaps come
/// back in `warnings`.
#[utoipa::path(
    tag = "program", operation_id = "update_session",
    params(EventItemPath), request_body = UpdateSession,
    responses(
        (status = 200, description = "Updated, with warnings", body = Session),
        (status = 409, description = "Capacity below the confirmed registrations"),
    ),
    security(("bearer" = []))
)]
#[patch("/events/{event}/sessions/{id}")]
pub async fn update_session(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<UpdateSession>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (EventItemPath { event: slug, id }, changes, if_match) = (
        path.into_inner(),
        body.into_inner(),
        IfMatch::from_request(&req)?,
    );
    let viewer = DelegateViewer::of(Some(&caller));
    let session = db::write(&pool, move |conn| {
        let event = Event::try_from(EventRow::find_visible(conn, &slug, true)?)?;
        db::lock_row(conn, "sessions", id)?;
        let current = SessionRow::find(conn, event.id, id, true)?;
        if_match.check(id, current.version)?;
        let input = changes.apply(current.as_input()?);
        let placement = input.validate(conn, &event)?;
        if let Some(capacity) = placement.capacity {
            let confirmed = super::registrations::confirmed_count(conn, id)?;
            if capacity < confirmed {
                return Err(ApiError::conflict_with(
                    format!(
                        "{confirmed} delegates are confirmed; capacity cannot drop to {capacity}"
                    ),
                    "confirmed",
                    confirmed.into(),
                ));
            }
        }
        SessionRow::save(conn, event.id, Some(&current), &input, &placement)?;
        super::registrations::fill_from_waitlist(conn, id)?;
        saved(conn, event.id, id, viewer)
    })
    .await?;
    Ok(respond_updated(session.id, session.version, &session))
}

/// Delete a session (organizers). Refused with 409 once anyone registered: cancel it
/// instead (`status: cancelled`).
#[utoipa::path(
    tag = "program", operation_id = "delete_session",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The session has registrations"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/sessions/{id}")]
pub async fn delete_session(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (EventItemPath { event: slug, id }, if_match) =
        (path.into_inner(), IfMatch::from_request(&req)?);
    db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "sessions", id)?;
        if_match.check(id, SessionRow::find(conn, event_id, id, true)?.version)?;
        let registered: i64 = registrations::table
            .filter(registrations::session_id.eq(id))
            .count()
            .get_result(conn)?;
        if registered > 0 {
            return Err(ApiError::conflict_with(
                format!("session {id} has {registered} registration(s); cancel it instead"),
                "references",
                serde_json::json!({"registrations": registered}),
            ));
        }
        diesel::delete(sessions::table.find(id)).execute(conn)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The programme's conflicts (organizers): room overlaps, speakers in two sessions at
/// once, sessions larger than their room, and delegates double-booked by organizer action.
#[utoipa::path(
    tag = "program", operation_id = "list_conflicts",
    params(EventPath),
    responses((status = 200, description = "Every conflict", body = Vec<Conflict>)),
    security(("bearer" = []))
)]
#[get("/events/{event}/program/conflicts")]
pub async fn list_conflicts(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let slug = path.into_inner().event;
    let report = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        conflicts::report(conn, event_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}

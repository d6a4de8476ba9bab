//! `/events/{event}/meetings`: requests, answers and cancellations of B2B meetings.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::meetings::{
    self, AcceptMeeting, CreateMeeting, Meeting, MeetingAction, MeetingFilter, MeetingRow,
};
use super::vocabulary::Party;
use crate::auth::{Caller, Role};
use crate::db::schema::meetings as table;
use crate::db::{self, DbPool, Ordering};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::conditional::{respond_created, respond_updated, respond_versioned};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::ListQuery;

/// List meetings: organizers see all, a delegate or an exhibitor their own.
#[utoipa::path(
    tag = "expo", operation_id = "list_meetings",
    params(EventPath, ListQuery<MeetingFilter>),
    responses((status = 200, description = "A page of meetings", body = Page<Meeting>)),
    security(("bearer" = []))
)]
#[get("/events/{event}/meetings")]
pub async fn list_meetings(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    query: ListQuery<MeetingFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    let (slug, mut filter) = (path.into_inner().event, filter);
    match caller.role {
        Role::Admin | Role::Organizer => {}
        Role::Delegate if caller.delegate_id.is_some() => filter.delegate_id = caller.delegate_id,
        Role::Exhibitor if caller.exhibitor_id.is_some() => {
            filter.exhibitor_id = caller.exhibitor_id
        }
        _ => {
            return Err(ApiError::Forbidden(
                "only organizers and the parties see meetings".into(),
            ))
        }
    }
    let page = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let query = || {
            let mut query = table::table
                .filter(table::event_id.eq(event_id))
                .into_boxed();
            if let Some(status) = filter.status {
                query = query.filter(table::status.eq(status.as_str()));
            }
            if let Some(delegate) = filter.delegate_id {
                query = query.filter(table::delegate_id.eq(delegate));
            }
            if let Some(exhibitor) = filter.exhibitor_id {
                query = query.filter(table::exhibitor_id.eq(exhibitor));
            }
            if let Some(since) = list.updated_since {
                query = query.filter(table::updated_at.ge(since));
            }
            query
        };
        let total: i64 = query().count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "starts_at" => order.by(table::starts_at, key.descending),
                "updated_at" => order.by(table::updated_at, key.descending),
                _ => order.by(table::id, key.descending),
            };
        }
        let rows: Vec<MeetingRow> = query()
            .order(order.by(table::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select(MeetingRow::as_select())
            .load(conn)?;
        let items = rows
            .iter()
            .map(MeetingRow::represent)
            .collect::<Result<_, _>>()?;
        Ok(Page::new(items, &list, total))
    })
    .await?;
    let rendered = page.render(&req)?;
    Ok(rendered.respond(&req))
}

/// Request a meeting (a delegate for themself, an exhibitor for itself, or organizers).
///
/// Proposes one to three slots within the hall's opening hours (422 otherwise); the hall is
/// the exhibitor's booth's unless `hall_id` names one. A delegate meeting their own city's
/// exhibit is a meeting with oneself (422). The exhibitor must be approved (409).
#[utoipa::path(
    tag = "expo", operation_id = "create_meeting",
    params(EventPath), request_body = CreateMeeting,
    responses(
        (status = 201, description = "Requested", body = Meeting,
            headers(("Location" = String, description = "The meeting's URL"))),
        (status = 409, description = "The exhibitor is not approved"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/meetings")]
pub async fn create_meeting(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<CreateMeeting>,
) -> Result<HttpResponse, ApiError> {
    let (slug, input) = (path.into_inner().event, body.into_inner());
    let side = if caller.is_delegate(input.delegate_id) {
        Party::Delegate
    } else if caller.is_exhibitor(input.exhibitor_id) {
        Party::Exhibitor
    } else if caller.is_staff() {
        Party::Delegate
    } else {
        return Err(ApiError::Forbidden(
            "a delegate requests meetings for themself, an exhibitor for itself".into(),
        ));
    };
    let (slug, meeting) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        Ok((
            slug,
            meetings::request(conn, event_id, side, &input)?.represent()?,
        ))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/meetings/{}", meeting.id),
        meeting.id,
        meeting.version,
        &meeting,
    ))
}

/// Get a meeting (its two parties and organizers; anyone else gets a 404).
#[utoipa::path(
    tag = "expo", operation_id = "get_meeting",
    params(EventItemPath),
    responses((status = 200, description = "The meeting", body = Meeting)),
    security(("bearer" = []))
)]
#[get("/events/{event}/meetings/{id}")]
pub async fn get_meeting(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let meeting = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let row = MeetingRow::find(conn, event_id, id)?;
        if row.side_of(&caller).is_none() && !caller.is_staff() {
            return Err(ApiError::NotFound(format!("no meeting {id} at this event")));
        }
        row.represent()
    })
    .await?;
    Ok(respond_versioned(
        &req,
        meeting.id,
        meeting.version,
        &meeting,
    ))
}

async fn act(
    pool: &DbPool,
    caller: Caller,
    path: EventItemPath,
    action: MeetingAction,
    slot: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path;
    let meeting = db::write(pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        meetings::act(conn, event_id, id, &caller, action, slot)?.represent()
    })
    .await?;
    Ok(respond_updated(meeting.id, meeting.version, &meeting))
}

/// Accept a requested meeting at one of its proposed slots (the other side, or organizers).
///
/// Books a free meeting table of the hall. A slot that was not proposed is a 422; a clash —
/// the delegate's other meetings or confirmed sessions, the exhibitor's other meetings, or
/// no free table — is a 409 whose `conflicts` names each clash.
#[utoipa::path(
    tag = "expo", operation_id = "accept_meeting",
    params(EventItemPath), request_body = AcceptMeeting,
    responses(
        (status = 200, description = "Accepted, with its table", body = Meeting),
        (status = 409, description = "A clash (see `conflicts`) or not requested (see `allowed_transitions`)"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/meetings/{id}/accept")]
pub async fn accept_meeting(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<AcceptMeeting>,
) -> Result<HttpResponse, ApiError> {
    let slot = Some(body.into_inner().starts_at);
    act(
        &pool,
        caller,
        path.into_inner(),
        MeetingAction::Accept,
        slot,
    )
    .await
}

/// Decline a requested meeting (the other side, or organizers).
#[utoipa::path(
    tag = "expo", operation_id = "decline_meeting",
    params(EventItemPath),
    responses(
        (status = 200, description = "Declined", body = Meeting),
        (status = 409, description = "Not requested; see `allowed_transitions`"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/meetings/{id}/decline")]
pub async fn decline_meeting(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    act(
        &pool,
        caller,
        path.into_inner(),
        MeetingAction::Decline,
        None,
    )
    .await
}

/// Cancel a requested or accepted meeting (either side, or organizers); its table is freed.
#[utoipa::path(
    tag = "expo", operation_id = "cancel_meeting",
    params(EventItemPath),
    responses(
        (status = 200, description = "Cancelled", body = Meeting),
        (status = 409, description = "Already declined or cancelled; see `allowed_transitions`"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/meetings/{id}/cancel")]
pub async fn cancel_meeting(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    act(
        &pool,
        caller,
        path.into_inner(),
        MeetingAction::Cancel,
        None,
    )
    .await
}

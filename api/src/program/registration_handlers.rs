//! `/api/v1/events/{event}/sessions/{id}/registrations`.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::registrations::{self, Cancellation, Registration};
use super::sessions::SessionRow;
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::EventItemPath;
use crate::http::query_guard::{ListQuery, NoFilter};

/// Who to register. Delegates may leave it out (themselves); organizers name the delegate.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"delegate_id": 7}))]
pub struct RegisterRequest {
    pub delegate_id: Option<i64>,
}

/// `/events/{event}/sessions/{id}/registrations/{delegate_id}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RegistrationPath {
    /// The event's slug.
    #[param(example = "harbin-2026")]
    pub event: String,
    /// The session's id.
    #[param(example = 1)]
    pub id: i64,
    /// The registered delegate's id.
    #[param(example = 1)]
    pub delegate_id: i64,
}

/// The delegate a caller may act for: themself, or anyone for organizers.
fn acting_for(caller: &Caller, requested: Option<i64>) -> Result<i64, ApiError> {
    match (caller.is_staff(), requested, caller.delegate_id) {
        (true, Some(id), _) => Ok(id),
        (true, None, _) => Err(ApiError::invalid(
            "delegate_id",
            "organizers must name the delegate",
        )),
        (false, Some(id), Some(own)) if id == own => Ok(id),
        (false, None, Some(own)) if caller.is_delegate(own) => Ok(own),
        _ => Err(ApiError::Forbidden(
            "delegates may register only themselves".into(),
        )),
    }
}

/// Register for a session.
///
/// Confirmed while places are left, otherwise waitlisted with a position. Registering
/// again returns the existing registration (200). A delegate may not hold two overlapping
/// sessions (409 naming the other); cancelled sessions are closed (409); only registered or
/// accredited delegates may register (409).
#[utoipa::path(
    tag = "program", operation_id = "create_registration",
    params(EventItemPath), request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered (confirmed or waitlisted)", body = Registration),
        (status = 200, description = "Already registered: the existing registration", body = Registration),
        (status = 409, description = "Overlapping session, closed session, or not accredited"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/sessions/{id}/registrations")]
pub async fn create_registration(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let delegate_id = acting_for(&caller, body.delegate_id)?;
    let (actor, staff) = (caller.user_id, caller.is_staff());
    let (registration, created) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, staff)?;
        registrations::register(conn, event_id, id, delegate_id, Some(actor), staff)
    })
    .await?;
    Ok(if created {
        HttpResponse::Created().json(registration)
    } else {
        HttpResponse::Ok().json(registration)
    })
}

/// Cancel a registration (the delegate or organizers). A freed place goes to the first on
/// the waitlist, returned as `promoted`.
#[utoipa::path(
    tag = "program", operation_id = "delete_registration",
    params(RegistrationPath),
    responses((status = 200, description = "Cancelled; the promoted registration if any", body = Cancellation)),
    security(("bearer" = []))
)]
#[delete("/events/{event}/sessions/{id}/registrations/{delegate_id}")]
pub async fn delete_registration(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<RegistrationPath>,
) -> Result<HttpResponse, ApiError> {
    let RegistrationPath {
        event: slug,
        id,
        delegate_id,
    } = path.into_inner();
    acting_for(&caller, Some(delegate_id))?;
    let outcome = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        registrations::cancel(conn, event_id, id, delegate_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// A session's registrations (organizers): confirmed first, then the waitlist in order.
#[utoipa::path(
    tag = "program", operation_id = "list_registrations",
    params(EventItemPath, ListQuery<NoFilter>),
    responses((status = 200, description = "A page of registrations", body = Page<Registration>)),
    security(("bearer" = []))
)]
#[get("/events/{event}/sessions/{id}/registrations")]
pub async fn list_registrations(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    query: ListQuery<NoFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let list = query.list;
    let EventItemPath { event: slug, id } = path.into_inner();
    let page = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        SessionRow::find(conn, event_id, id, true)?;
        let all = registrations::of_session(conn, id)?;
        let total = all.len() as i64;
        let items = all
            .into_iter()
            .skip(list.offset() as usize)
            .take(list.per_page as usize)
            .collect();
        Ok(Page::new(items, &list, total))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

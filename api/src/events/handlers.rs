//! `/api/v1/events`.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};

use super::dto::{CreateEvent, Event, EventFilter, UpdateEvent};
use super::model::{EventColumns, EventRow};
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::cache::{cached_rows, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::EventPath;
use crate::http::query_guard::ListQuery;

/// List editions of the summit.
///
/// Drafts are listed for organizers and admins only. Sortable by `id`, `slug`,
/// `starts_on`, `updated_at`.
#[utoipa::path(
    tag = "events",
    operation_id = "list_events",
    params(ListQuery<EventFilter>),
    responses((status = 200, description = "A page of events", body = Page<Event>)),
    security((), ("bearer" = []))
)]
#[get("/events")]
pub async fn list_events(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    query: ListQuery<EventFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    let (filter, staff) = (filter, caller.is_staff());
    cached_rows(
        &req,
        &pool,
        Audience::of(staff),
        &["events", "cities"],
        move |conn| {
            let (rows, total) = EventRow::list(conn, &filter, &list, staff)?;
            let items = rows
                .into_iter()
                .map(Event::try_from)
                .collect::<Result<_, _>>()?;
            Ok(Page::new(items, &list, total))
        },
    )
    .await
}

/// Create an edition (admins).
#[utoipa::path(
    tag = "events",
    operation_id = "create_event",
    request_body = CreateEvent,
    responses(
        (status = 201, description = "Created", body = Event,
            headers(("Location" = String, description = "The new event's URL"))),
        (status = 409, description = "The slug is taken"),
    ),
    security(("bearer" = []))
)]
#[post("/events")]
pub async fn create_event(
    pool: web::Data<DbPool>,
    caller: Caller,
    body: JsonBody<CreateEvent>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let input = body.into_inner().validate()?;
    let event = db::write(&pool, move |conn| {
        Event::try_from(EventRow::insert(conn, &EventColumns::try_from(&input)?)?)
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{}", event.slug),
        event.id,
        event.version,
        &event,
    ))
}

/// Get an edition by its slug.
#[utoipa::path(
    tag = "events",
    operation_id = "get_event",
    params(EventPath),
    responses((status = 200, description = "The event", body = Event)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}")]
pub async fn get_event(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
) -> Result<HttpResponse, ApiError> {
    let (slug, staff) = (path.into_inner().event, caller.is_staff());
    let event = db::read(&pool, move |conn| {
        Event::try_from(EventRow::find_visible(conn, &slug, staff)?)
    })
    .await?;
    Ok(respond_versioned(&req, event.id, event.version, &event))
}

/// Update an edition (admins).
#[utoipa::path(
    tag = "events",
    operation_id = "update_event",
    params(EventPath),
    request_body = UpdateEvent,
    responses(
        (status = 200, description = "Updated", body = Event),
        (status = 409, description = "The new slug is taken"),
    ),
    security(("bearer" = []))
)]
#[patch("/events/{event}")]
pub async fn update_event(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<UpdateEvent>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (slug, changes, if_match) = (
        path.into_inner().event,
        body.into_inner(),
        IfMatch::from_request(&req)?,
    );
    let event = db::write(&pool, move |conn| {
        let current = Event::try_from(EventRow::find_for_update(conn, &slug)?)?;
        if_match.check(current.id, current.version)?;
        let id = current.id;
        let input = changes.apply(current).validate()?;
        Event::try_from(EventRow::update(
            conn,
            id,
            &EventColumns::try_from(&input)?,
        )?)
    })
    .await?;
    Ok(respond_updated(event.id, event.version, &event))
}

/// Delete an edition (admins). Refused with 409 while it has delegations.
#[utoipa::path(
    tag = "events",
    operation_id = "delete_event",
    params(EventPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The event still has delegations"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}")]
pub async fn delete_event(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (slug, if_match) = (path.into_inner().event, IfMatch::from_request(&req)?);
    db::write(&pool, move |conn| {
        let current = EventRow::find_for_update(conn, &slug)?;
        if_match.check(current.id, current.version)?;
        EventRow::delete(conn, current.id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

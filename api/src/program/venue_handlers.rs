//! `/api/v1/events/{event}/venues`.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};

use super::venues::{Venue, VenueInput, VenueRow};
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_list, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::{ListParams, Page};
use crate::http::paths::{EventItemPath, EventPath};

/// List an event's venues.
#[utoipa::path(
    tag = "program", operation_id = "list_venues",
    params(EventPath, ListParams),
    responses((status = 200, description = "A page of venues", body = Page<Venue>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/venues")]
pub async fn list_venues(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let list = params.validate(None, &[])?;
    let (slug, staff) = (path.into_inner().event, caller.is_staff());
    cached_list(&req, Audience::of(staff), || {
        db::read(&pool, move |conn| {
            let event_id = EventRow::id_of(conn, &slug, staff)?;
            let (rows, total) = VenueRow::list(conn, event_id, &list)?;
            let items = rows
                .into_iter()
                .map(Venue::try_from)
                .collect::<Result<_, _>>()?;
            Ok(Page::new(items, &list, total))
        })
    })
    .await
}

/// Create a venue (organizers).
#[utoipa::path(
    tag = "program", operation_id = "create_venue",
    params(EventPath), request_body = VenueInput,
    responses((status = 201, description = "Created", body = Venue,
        headers(("Location" = String, description = "The new venue's URL")))),
    security(("bearer" = []))
)]
#[post("/events/{event}/venues")]
pub async fn create_venue(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<VenueInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner().validate()?);
    let (slug, venue) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        Ok((
            slug,
            Venue::try_from(VenueRow::save(conn, event_id, None, &input)?)?,
        ))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/venues/{}", venue.id),
        venue.id,
        venue.version,
        &venue,
    ))
}

/// Get a venue.
#[utoipa::path(
    tag = "program", operation_id = "get_venue",
    params(EventItemPath),
    responses((status = 200, description = "The venue", body = Venue)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/venues/{id}")]
pub async fn get_venue(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let (EventItemPath { event: slug, id }, staff) = (path.into_inner(), caller.is_staff());
    let venue = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, staff)?;
        Venue::try_from(VenueRow::find(conn, event_id, id)?)
    })
    .await?;
    Ok(respond_versioned(&req, venue.id, venue.version, &venue))
}

/// Replace a venue (organizers).
#[utoipa::path(
    tag = "program", operation_id = "replace_venue",
    params(EventItemPath), request_body = VenueInput,
    responses((status = 200, description = "Replaced", body = Venue)),
    security(("bearer" = []))
)]
#[put("/events/{event}/venues/{id}")]
pub async fn replace_venue(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<VenueInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (EventItemPath { event: slug, id }, if_match) =
        (path.into_inner(), IfMatch::from_request(&req)?);
    let input = body.into_inner().validate()?;
    let venue = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "venues", id)?;
        if_match.check(id, VenueRow::find(conn, event_id, id)?.version)?;
        Venue::try_from(VenueRow::save(conn, event_id, Some(id), &input)?)
    })
    .await?;
    Ok(respond_updated(venue.id, venue.version, &venue))
}

/// Delete a venue (organizers). Refused with 409 while it has rooms or sessions.
#[utoipa::path(
    tag = "program", operation_id = "delete_venue",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Rooms or sessions use the venue"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/venues/{id}")]
pub async fn delete_venue(
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
        db::lock_row(conn, "venues", id)?;
        let current = VenueRow::find(conn, event_id, id)?;
        if_match.check(id, current.version)?;
        VenueRow::delete(conn, &current)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

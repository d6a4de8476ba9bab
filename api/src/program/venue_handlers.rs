//! `/api/v1/events/{event}/venues`.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};

use super::places;
use super::venues::{Venue, VenueInput, VenueRow};
use crate::auth::{Caller, MaybeCaller};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::{ListQuery, NoFilter};

/// List an event's venues.
#[utoipa::path(
    tag = "program", operation_id = "list_venues",
    params(EventPath, ListQuery<NoFilter>),
    responses((status = 200, description = "A page of venues", body = Page<Venue>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/venues")]
pub async fn list_venues(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<NoFilter>,
) -> Result<HttpResponse, ApiError> {
    places::list::<VenueRow>(
        &req,
        &pool,
        &caller,
        path.into_inner().event,
        query.list,
        (),
    )
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
    places::create::<VenueRow>(
        &pool,
        &caller,
        path.into_inner().event,
        body.into_inner(),
        "venues",
    )
    .await
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
    places::get::<VenueRow>(&req, &pool, &caller, path.into_inner()).await
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
    places::replace::<VenueRow>(&req, &pool, &caller, path.into_inner(), body.into_inner()).await
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
    places::delete::<VenueRow>(&req, &pool, &caller, path.into_inner()).await
}

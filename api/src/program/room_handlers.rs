//! `/api/v1/events/{event}/rooms`.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};

use super::places;
use super::rooms::{Room, RoomFilter, RoomInput, RoomRow};
use crate::auth::{Caller, MaybeCaller};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::ListQuery;

/// List an event's rooms.
#[utoipa::path(
    tag = "program", operation_id = "list_rooms",
    params(EventPath, ListQuery<RoomFilter>),
    responses((status = 200, description = "A page of rooms", body = Page<Room>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/rooms")]
pub async fn list_rooms(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<RoomFilter>,
) -> Result<HttpResponse, ApiError> {
    places::list::<RoomRow>(
        &req,
        &pool,
        &caller,
        path.into_inner().event,
        query.list,
        query.filter,
    )
    .await
}

/// Create a room (organizers).
#[utoipa::path(
    tag = "program", operation_id = "create_room",
    params(EventPath), request_body = RoomInput,
    responses((status = 201, description = "Created", body = Room,
        headers(("Location" = String, description = "The new room's URL")))),
    security(("bearer" = []))
)]
#[post("/events/{event}/rooms")]
pub async fn create_room(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<RoomInput>,
) -> Result<HttpResponse, ApiError> {
    places::create::<RoomRow>(
        &pool,
        &caller,
        path.into_inner().event,
        body.into_inner(),
        "rooms",
    )
    .await
}

/// Get a room.
#[utoipa::path(
    tag = "program", operation_id = "get_room",
    params(EventItemPath),
    responses((status = 200, description = "The room", body = Room)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/rooms/{id}")]
pub async fn get_room(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    places::get::<RoomRow>(&req, &pool, &caller, path.into_inner()).await
}

/// Replace a room (organizers).
#[utoipa::path(
    tag = "program", operation_id = "replace_room",
    params(EventItemPath), request_body = RoomInput,
    responses((status = 200, description = "Replaced", body = Room)),
    security(("bearer" = []))
)]
#[put("/events/{event}/rooms/{id}")]
pub async fn replace_room(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<RoomInput>,
) -> Result<HttpResponse, ApiError> {
    places::replace::<RoomRow>(&req, &pool, &caller, path.into_inner(), body.into_inner()).await
}

/// Delete a room (organizers). Refused with 409 while sessions use it.
#[utoipa::path(
    tag = "program", operation_id = "delete_room",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Sessions use the room"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/rooms/{id}")]
pub async fn delete_room(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    places::delete::<RoomRow>(&req, &pool, &caller, path.into_inner()).await
}

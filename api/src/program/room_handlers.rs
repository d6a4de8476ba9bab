//! `/api/v1/events/{event}/rooms`.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};

use super::rooms::{Room, RoomFilter, RoomInput, RoomRow};
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_list, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::{ListParams, Page};
use crate::http::paths::{EventItemPath, EventPath};

/// List an event's rooms.
#[utoipa::path(
    tag = "program", operation_id = "list_rooms",
    params(EventPath, ListParams, RoomFilter),
    responses((status = 200, description = "A page of rooms", body = Page<Room>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/rooms")]
pub async fn list_rooms(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    params: web::Query<ListParams>,
    filter: web::Query<RoomFilter>,
) -> Result<HttpResponse, ApiError> {
    let list = params.validate(None, &[])?;
    let (slug, staff, filter) = (
        path.into_inner().event,
        caller.is_staff(),
        filter.into_inner(),
    );
    cached_list(&req, Audience::of(staff), || {
        db::read(&pool, move |conn| {
            let event_id = EventRow::id_of(conn, &slug, staff)?;
            let (rows, total) = RoomRow::list(conn, event_id, &filter, &list)?;
            let items = rows
                .into_iter()
                .map(Room::try_from)
                .collect::<Result<_, _>>()?;
            Ok(Page::new(items, &list, total))
        })
    })
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
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner().validate()?);
    let (slug, room) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        Ok((
            slug,
            Room::try_from(RoomRow::save(conn, event_id, None, &input)?)?,
        ))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/rooms/{}", room.id),
        room.id,
        room.version,
        &room,
    ))
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
    let (EventItemPath { event: slug, id }, staff) = (path.into_inner(), caller.is_staff());
    let room = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, staff)?;
        Room::try_from(RoomRow::find(conn, event_id, id)?)
    })
    .await?;
    Ok(respond_versioned(&req, room.id, room.version, &room))
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
    caller.require_staff()?;
    let (EventItemPath { event: slug, id }, if_match) =
        (path.into_inner(), IfMatch::from_request(&req)?);
    let input = body.into_inner().validate()?;
    let room = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "rooms", id)?;
        if_match.check(id, RoomRow::find(conn, event_id, id)?.version)?;
        Room::try_from(RoomRow::save(conn, event_id, Some(id), &input)?)
    })
    .await?;
    Ok(respond_updated(room.id, room.version, &room))
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
    caller.require_staff()?;
    let (EventItemPath { event: slug, id }, if_match) =
        (path.into_inner(), IfMatch::from_request(&req)?);
    db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "rooms", id)?;
        let current = RoomRow::find(conn, event_id, id)?;
        if_match.check(id, current.version)?;
        RoomRow::delete(conn, &current)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

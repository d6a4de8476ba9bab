//! `/events/{event}/booths` and their assignment.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};

use super::booths::{self, AssignBooth, Booth, BoothFilter, BoothInput, BoothRow};
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_rows, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::ListQuery;

/// List booths, by hall, holder or availability (`free`); `q` searches codes.
#[utoipa::path(
    tag = "expo", operation_id = "list_booths",
    params(EventPath, ListQuery<BoothFilter>),
    responses((status = 200, description = "A page of booths", body = Page<Booth>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/booths")]
pub async fn list_booths(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<BoothFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    let (slug, filter, staff) = (path.into_inner().event, filter, caller.is_staff());
    cached_rows(
        &req,
        &pool,
        Audience::of(staff),
        &["booths", "halls"],
        move |conn| {
            let event_id = EventRow::id_of(conn, &slug, staff)?;
            let (rows, total) = BoothRow::list(conn, event_id, &filter, &list)?;
            let items = rows
                .iter()
                .map(BoothRow::represent)
                .collect::<Result<_, _>>()?;
            Ok(Page::new(items, &list, total))
        },
    )
    .await
}

/// Create a booth (organizers).
///
/// It must lie inside its hall and have a positive size (else 422), and may touch but not
/// overlap another booth of the hall (else 409 naming that booth). Codes are unique per hall.
#[utoipa::path(
    tag = "expo", operation_id = "create_booth",
    params(EventPath), request_body = BoothInput,
    responses(
        (status = 201, description = "Created", body = Booth,
            headers(("Location" = String, description = "The new booth's URL"))),
        (status = 409, description = "Overlaps another booth, or the code is taken"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/booths")]
pub async fn create_booth(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<BoothInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner());
    let (slug, booth) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        Ok((
            slug,
            booths::place(conn, event_id, None, &input)?.represent()?,
        ))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/booths/{}", booth.id),
        booth.id,
        booth.version,
        &booth,
    ))
}

/// Get a booth.
#[utoipa::path(
    tag = "expo", operation_id = "get_booth",
    params(EventItemPath),
    responses((status = 200, description = "The booth", body = Booth)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/booths/{id}")]
pub async fn get_booth(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let booth = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, caller.is_staff())?;
        BoothRow::find(conn, event_id, id)?.represent()
    })
    .await?;
    Ok(respond_versioned(&req, booth.id, booth.version, &booth))
}

/// Replace a booth's place, size, code or type (organizers), with the same checks as a new one.
#[utoipa::path(
    tag = "expo", operation_id = "replace_booth",
    params(EventItemPath), request_body = BoothInput,
    responses(
        (status = 200, description = "Replaced", body = Booth),
        (status = 409, description = "Overlaps another booth, or the code is taken"),
    ),
    security(("bearer" = []))
)]
#[put("/events/{event}/booths/{id}")]
pub async fn replace_booth(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<BoothInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let (input, if_match) = (body.into_inner(), IfMatch::from_request(&req)?);
    let booth = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "booths", id)?;
        if_match.check(id, BoothRow::find(conn, event_id, id)?.version)?;
        booths::place(conn, event_id, Some(id), &input)?.represent()
    })
    .await?;
    Ok(respond_updated(booth.id, booth.version, &booth))
}

/// Delete a free booth (organizers); a held booth is a 409: release it first.
#[utoipa::path(
    tag = "expo", operation_id = "delete_booth",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "An exhibitor holds the booth"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/booths/{id}")]
pub async fn delete_booth(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let if_match = IfMatch::from_request(&req)?;
    db::write(&pool, move |conn| {
        use diesel::prelude::*;
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "booths", id)?;
        let booth = BoothRow::find(conn, event_id, id)?;
        if_match.check(id, booth.version)?;
        if let Some(holder) = booth.exhibitor_id {
            return Err(ApiError::conflict_with(
                format!(
                    "exhibitor {holder} holds booth {}; release it first",
                    booth.code
                ),
                "holder_exhibitor_id",
                holder.into(),
            ));
        }
        diesel::delete(crate::db::schema::booths::table.find(id)).execute(conn)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Assign a booth to an approved exhibitor (organizers).
///
/// A booth has at most one holder: when it is held by another exhibitor the answer is a
/// 409 with `holder_exhibitor_id`; assigning it again to its holder changes nothing. An
/// exhibitor that is not approved is a 409 too.
#[utoipa::path(
    tag = "expo", operation_id = "assign_booth",
    params(EventItemPath), request_body = AssignBooth,
    responses(
        (status = 200, description = "The booth with its holder", body = Booth),
        (status = 409, description = "Held by another exhibitor, or the exhibitor is not approved"),
    ),
    security(("bearer" = []))
)]
#[put("/events/{event}/booths/{id}/assignment")]
pub async fn assign_booth(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<AssignBooth>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let exhibitor_id = body.into_inner().exhibitor_id;
    let booth = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        booths::assign(conn, event_id, id, exhibitor_id)?.represent()
    })
    .await?;
    Ok(respond_updated(booth.id, booth.version, &booth))
}

/// Release a booth (organizers): it becomes free.
#[utoipa::path(
    tag = "expo", operation_id = "release_booth",
    params(EventItemPath),
    responses((status = 200, description = "The free booth", body = Booth)),
    security(("bearer" = []))
)]
#[delete("/events/{event}/booths/{id}/assignment")]
pub async fn release_booth(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let booth = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        booths::release(conn, event_id, id)?.represent()
    })
    .await?;
    Ok(respond_updated(booth.id, booth.version, &booth))
}

//! `/events/{event}/exhibitors`: the directory (public: approved exhibitors only), the
//! organizers' list, profiles (their owner edits them) and deletion.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};

use super::exhibitors::{
    represent_all, CreateExhibitor, Exhibitor, ExhibitorFilter, ExhibitorRow, UpdateExhibitor,
};
use super::vocabulary::ApplicationStatus;
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_list, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::ListQuery;
use crate::values::check_filter;

/// The exhibitor directory.
///
/// The public (and exhibitors) see approved exhibitors only, with public fields; organizers
/// see every application and may filter by `status`. Filters: `sector`, `country`, `kind`,
/// `hall_id`, `q` (names in any language). Sortable by `id`, `name`, `country`, `updated_at`.
#[utoipa::path(
    tag = "expo",
    operation_id = "list_exhibitors",
    params(EventPath, ListQuery<ExhibitorFilter>),
    responses((status = 200, description = "A page of exhibitors", body = Page<Exhibitor>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/exhibitors")]
pub async fn list_exhibitors(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<ExhibitorFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    let (slug, filter, staff) = (path.into_inner().event, filter, caller.is_staff());
    check_filter(&[], filter.country.as_deref())?;
    cached_list(
        &req,
        Audience::of(staff),
        &["exhibitors", "booths", "cities"],
        || {
            db::read(&pool, move |conn| {
                let event_id = EventRow::id_of(conn, &slug, staff)?;
                let (rows, total) = ExhibitorRow::list(conn, event_id, &filter, &list, staff)?;
                Ok(Page::new(represent_all(conn, &rows, staff)?, &list, total))
            })
        },
    )
    .await
}

/// Register an exhibitor (organizers). It starts as `applied`.
#[utoipa::path(
    tag = "expo",
    operation_id = "create_exhibitor",
    params(EventPath),
    request_body = CreateExhibitor,
    responses(
        (status = 201, description = "Created", body = Exhibitor,
            headers(("Location" = String, description = "The new exhibitor's URL"))),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/exhibitors")]
pub async fn create_exhibitor(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<CreateExhibitor>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner().validate()?);
    let (slug, exhibitor) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let row = ExhibitorRow::insert(conn, event_id, &input)?;
        Ok((slug, row.represent(Vec::new(), true)?))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/exhibitors/{}", exhibitor.id),
        exhibitor.id,
        exhibitor.version,
        &exhibitor,
    ))
}

/// Whether the caller sees an exhibitor's private data (contacts, any status).
fn sees_private(caller: &MaybeCaller, id: i64) -> bool {
    caller
        .0
        .as_ref()
        .is_some_and(|c| c.is_staff() || c.is_exhibitor(id))
}

/// Get an exhibitor.
///
/// Organizers and the exhibitor itself see the contacts and any application state; anyone
/// else sees approved exhibitors' public fields only (others are a 404).
#[utoipa::path(
    tag = "expo",
    operation_id = "get_exhibitor",
    params(EventItemPath),
    responses((status = 200, description = "The exhibitor", body = Exhibitor)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/exhibitors/{id}")]
pub async fn get_exhibitor(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let private = sees_private(&caller, id);
    let exhibitor = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, caller.is_staff())?;
        let row = ExhibitorRow::find(conn, event_id, id)?;
        if !private && row.status()? != ApplicationStatus::Approved {
            return Err(ApiError::NotFound(format!(
                "no exhibitor {id} at this event"
            )));
        }
        Ok(represent_all(conn, &[row], private)?.remove(0))
    })
    .await?;
    Ok(respond_versioned(
        &req,
        exhibitor.id,
        exhibitor.version,
        &exhibitor,
    ))
}

/// Update an exhibitor's profile (organizers, or the exhibitor itself).
#[utoipa::path(
    tag = "expo",
    operation_id = "update_exhibitor",
    params(EventItemPath),
    request_body = UpdateExhibitor,
    responses((status = 200, description = "Updated", body = Exhibitor)),
    security(("bearer" = []))
)]
#[patch("/events/{event}/exhibitors/{id}")]
pub async fn update_exhibitor(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<UpdateExhibitor>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    if !(caller.is_staff() || caller.is_exhibitor(id)) {
        return Err(ApiError::Forbidden(
            "only organizers and the exhibitor itself edit this profile".into(),
        ));
    }
    let (changes, if_match) = (body.into_inner(), IfMatch::from_request(&req)?);
    let exhibitor = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "exhibitors", id)?;
        let current = ExhibitorRow::find(conn, event_id, id)?;
        if_match.check(id, current.version)?;
        let input = changes.apply(&current)?.validate()?;
        let row = ExhibitorRow::update(conn, event_id, id, &input)?;
        Ok(represent_all(conn, &[row], true)?.remove(0))
    })
    .await?;
    Ok(respond_updated(exhibitor.id, exhibitor.version, &exhibitor))
}

/// Delete an exhibitor (organizers). Refused with 409 while it holds booths, has meetings
/// or accounts: withdraw it instead.
#[utoipa::path(
    tag = "expo",
    operation_id = "delete_exhibitor",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Booths, meetings or accounts refer to it"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/exhibitors/{id}")]
pub async fn delete_exhibitor(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let if_match = IfMatch::from_request(&req)?;
    db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "exhibitors", id)?;
        if_match.check(id, ExhibitorRow::find(conn, event_id, id)?.version)?;
        ExhibitorRow::delete(conn, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/api/v1/events/{event}/delegations`.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};

use super::model::{
    CreateDelegation, Delegation, DelegationFilter, DelegationRow, UpdateDelegation,
};
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
use crate::visibility::DelegateViewer;

/// List the delegations of an event.
#[utoipa::path(
    tag = "delegations",
    operation_id = "list_delegations",
    params(EventPath, ListQuery<DelegationFilter>),
    responses((status = 200, description = "A page of delegations", body = Page<Delegation>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/delegations")]
pub async fn list_delegations(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<DelegationFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    let (slug, filter, staff) = (path.into_inner().event, filter, caller.is_staff());
    let viewer = DelegateViewer::of(caller.0.as_ref());
    cached_list(
        &req,
        Audience::of(staff),
        &["delegations", "cities"],
        || {
            db::read(&pool, move |conn| {
                let event_id = EventRow::id_of(conn, &slug, staff)?;
                let (rows, total) = DelegationRow::list(conn, event_id, &filter, &list)?;
                Ok(Page::new(
                    Delegation::shown(conn, rows, viewer)?,
                    &list,
                    total,
                ))
            })
        },
    )
    .await
}

/// Create a delegation (organizers). One per city per event.
#[utoipa::path(
    tag = "delegations",
    operation_id = "create_delegation",
    params(EventPath),
    request_body = CreateDelegation,
    responses(
        (status = 201, description = "Created", body = Delegation,
            headers(("Location" = String, description = "The new delegation's URL"))),
        (status = 409, description = "The city already has a delegation at this event"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/delegations")]
pub async fn create_delegation(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<CreateDelegation>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner());
    let viewer = DelegateViewer::of(Some(&caller));
    let (slug, delegation) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let row = DelegationRow::insert(conn, event_id, &input)?;
        Ok((slug, Delegation::shown_one(conn, row, viewer)?))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/delegations/{}", delegation.id),
        delegation.id,
        delegation.version,
        &delegation,
    ))
}

/// Get a delegation.
#[utoipa::path(
    tag = "delegations",
    operation_id = "get_delegation",
    params(EventItemPath),
    responses((status = 200, description = "The delegation", body = Delegation)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/delegations/{id}")]
pub async fn get_delegation(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let (EventItemPath { event: slug, id }, staff) = (path.into_inner(), caller.is_staff());
    let viewer = DelegateViewer::of(caller.0.as_ref());
    let delegation = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, staff)?;
        let row = DelegationRow::find(conn, event_id, id)?;
        Delegation::shown_one(conn, row, viewer)
    })
    .await?;
    Ok(respond_versioned(
        &req,
        delegation.id,
        delegation.version,
        &delegation,
    ))
}

/// Update a delegation (organizers).
#[utoipa::path(
    tag = "delegations",
    operation_id = "update_delegation",
    params(EventItemPath),
    request_body = UpdateDelegation,
    responses(
        (status = 200, description = "Updated", body = Delegation),
        (status = 409, description = "The city already has a delegation, or members block a city change"),
    ),
    security(("bearer" = []))
)]
#[patch("/events/{event}/delegations/{id}")]
pub async fn update_delegation(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<UpdateDelegation>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (EventItemPath { event: slug, id }, changes, if_match) = (
        path.into_inner(),
        body.into_inner(),
        IfMatch::from_request(&req)?,
    );
    let viewer = DelegateViewer::of(Some(&caller));
    let delegation = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "delegations", id)?;
        let current = DelegationRow::find(conn, event_id, id)?;
        if_match.check(current.id, current.version)?;
        let row = DelegationRow::update(conn, current, changes)?;
        Delegation::shown_one(conn, row, viewer)
    })
    .await?;
    Ok(respond_updated(
        delegation.id,
        delegation.version,
        &delegation,
    ))
}

/// Delete a delegation (organizers). Refused with 409 while it has delegates.
#[utoipa::path(
    tag = "delegations",
    operation_id = "delete_delegation",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The delegation still has delegates"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/delegations/{id}")]
pub async fn delete_delegation(
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
        db::lock_row(conn, "delegations", id)?;
        let current = DelegationRow::find(conn, event_id, id)?;
        if_match.check(current.id, current.version)?;
        DelegationRow::delete(conn, &current)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

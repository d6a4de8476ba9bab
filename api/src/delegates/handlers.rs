//! `/api/v1/events/{event}/delegates`: the organizers' list and each delegate's record.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};

use super::dto::{CreateDelegate, Delegate, DelegateFilter, UpdateDelegate};
use super::model::DelegateRow;
use super::pages::page_of;
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_rows, fragment_cache, Audience};
use crate::http::conditional::{respond_created, respond_rendered, respond_updated, IfMatch};
use crate::http::fragments::{json, render_item, ItemRendering};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::ListQuery;
use crate::visibility::DelegateViewer;

/// List an event's delegates with every field (organizers).
///
/// Sortable by `id`, `family_name`, `given_name`, `updated_at`. `q` searches names and
/// titles; `updated_since` gives the changes for partner sync.
#[utoipa::path(
    tag = "delegates",
    operation_id = "list_delegates",
    params(EventPath, ListQuery<DelegateFilter>),
    responses((status = 200, description = "A page of delegates", body = Page<Delegate>)),
    security(("bearer" = []))
)]
#[get("/events/{event}/delegates")]
pub async fn list_delegates(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    query: ListQuery<DelegateFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let ListQuery { list, filter } = query;
    let (slug, filter) = (path.into_inner().event, filter);
    let cache = fragment_cache(&req);
    cached_rows(
        &req,
        &pool,
        Audience::Staff,
        &["delegates", "cities"],
        move |conn| {
            let event_id = EventRow::id_of(conn, &slug, true)?;
            let keys = DelegateRow::list_keys(conn, event_id, &filter, &list)?;
            let fragments = cache.as_ref().and_then(|cache| cache.fragments());
            let full = |row: &DelegateRow| json(&row.full()?);
            page_of(conn, fragments, event_id, keys, &list, ("full", &full))
        },
    )
    .await
}

/// Invite a delegate (organizers). They start `invited`, with a new badge code.
#[utoipa::path(
    tag = "delegates",
    operation_id = "create_delegate",
    params(EventPath),
    request_body = CreateDelegate,
    responses((status = 201, description = "Created", body = Delegate,
        headers(("Location" = String, description = "The new delegate's URL")))),
    security(("bearer" = []))
)]
#[post("/events/{event}/delegates")]
pub async fn create_delegate(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<CreateDelegate>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner().validate()?);
    let (slug, row) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        Ok((slug, DelegateRow::insert(conn, event_id, &input)?))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/delegates/{}", row.id),
        row.id,
        row.version,
        &row.view_for(&caller)?,
    ))
}

/// Get a delegate.
///
/// Organizers, admins, the delegate themself and API tokens holding
/// `delegates:read_private` see every field. Anyone else sees the public profile of a
/// consenting delegate; a delegate who did not consent is a 404.
#[utoipa::path(
    tag = "delegates",
    operation_id = "get_delegate",
    params(EventItemPath),
    responses((status = 200, description = "The delegate", body = Delegate)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/delegates/{id}")]
pub async fn get_delegate(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let (staff, viewer) = (caller.is_staff(), DelegateViewer::of(caller.0.as_ref()));
    let sees_all =
        caller.reads_private_delegates() || caller.0.as_ref().is_some_and(|c| c.is_delegate(id));
    let cache = fragment_cache(&req);
    let (key, body) = db::read_one(&pool, move |conn| {
        let missing = || format!("no delegate {id} at this event");
        let Some((key, event_id, consented)) = DelegateRow::key_in(conn, &slug, staff, id)? else {
            return Err(EventRow::item_not_found(conn, &slug, staff, missing()));
        };
        let view = if sees_all {
            "full"
        } else if viewer.identifies(key.id, consented) {
            "public"
        } else {
            return Err(ApiError::NotFound(missing()));
        };
        let render = |row: &DelegateRow| match view {
            "full" => json(&row.full()?),
            _ => json(&row.public()?),
        };
        let mut load = |ids: &[i64]| Ok(DelegateRow::find_many(conn, event_id, ids)?);
        let how = ItemRendering {
            kind: "delegate",
            view,
            load: &mut load,
            key_of: DelegateRow::key,
            render: &render,
        };
        let fragments = cache.as_ref().and_then(|cache| cache.fragments());
        render_item(fragments, key, how)?.ok_or_else(|| ApiError::NotFound(missing()))
    })
    .await?;
    Ok(respond_rendered(&req, key, body))
}

/// Update a delegate.
///
/// Organizers and admins may change every field. Delegates may change their own contact
/// details, needs, travel, languages, bio, photo and consent; anything else is a 403.
#[utoipa::path(
    tag = "delegates",
    operation_id = "update_delegate",
    params(EventItemPath),
    request_body = UpdateDelegate,
    responses((status = 200, description = "Updated", body = Delegate)),
    security(("bearer" = []))
)]
#[patch("/events/{event}/delegates/{id}")]
pub async fn update_delegate(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<UpdateDelegate>,
) -> Result<HttpResponse, ApiError> {
    let (EventItemPath { event: slug, id }, changes, if_match) = (
        path.into_inner(),
        body.into_inner(),
        IfMatch::from_request(&req)?,
    );
    if !caller.is_staff() {
        if !caller.is_delegate(id) {
            return Err(ApiError::Forbidden(
                "delegates may edit only their own record".into(),
            ));
        }
        let fields = changes.staff_only_fields();
        if !fields.is_empty() {
            return Err(ApiError::Forbidden(format!(
                "only organizers may change {}",
                fields.join(", ")
            )));
        }
    }
    let row = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "delegates", id)?;
        let current = DelegateRow::find(conn, event_id, id)?;
        if_match.check(current.id, current.version)?;
        let input = changes.apply(current.as_input()?).validate()?;
        DelegateRow::update(conn, &current, &input)
    })
    .await?;
    Ok(respond_updated(
        row.id,
        row.version,
        &row.view_for(&caller)?,
    ))
}

/// Delete a delegate (organizers).
#[utoipa::path(
    tag = "delegates",
    operation_id = "delete_delegate",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The delegate has registrations or speaking roles"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/delegates/{id}")]
pub async fn delete_delegate(
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
        db::lock_row(conn, "delegates", id)?;
        let current = DelegateRow::find(conn, event_id, id)?;
        if_match.check(current.id, current.version)?;
        DelegateRow::delete(conn, &current)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/api/v1/events/{event}/initiatives`: joint documents, their texts and status.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{CreateInitiative, Initiative, InitiativeVersion, NewVersion, UpdateInitiative};
use super::lifecycle::InitiativeAction;
use super::model::{self, InitiativeRow};
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_list, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::{ListFilter, ListQuery};

/// Sort of the initiative list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InitiativeFilter {}

impl ListFilter for InitiativeFilter {
    const SORTABLE: &'static [&'static str] = &["id", "updated_at"];
}

/// The initiatives of an event (drafts for organizers only).
#[utoipa::path(
    tag = "initiatives",
    operation_id = "list_initiatives",
    params(EventPath, ListQuery<InitiativeFilter>),
    responses((status = 200, description = "A page of initiatives", body = Page<Initiative>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/initiatives")]
pub async fn list_initiatives(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<InitiativeFilter>,
) -> Result<HttpResponse, ApiError> {
    let list = query.list;
    let (slug, staff) = (path.into_inner().event, caller.is_staff());
    cached_list(
        &req,
        Audience::of(staff),
        &["initiatives", "initiative_versions", "endorsements"],
        || {
            db::read(&pool, move |conn| {
                let event_id = EventRow::id_of(conn, &slug, staff)?;
                let (items, total) = InitiativeRow::list(conn, event_id, staff, &list)?;
                Ok(Page::new(items, &list, total))
            })
        },
    )
    .await
}

/// Create an initiative as a draft with its first text (organizers).
#[utoipa::path(
    tag = "initiatives",
    operation_id = "create_initiative",
    params(EventPath),
    request_body = CreateInitiative,
    responses((status = 201, description = "Created", body = Initiative,
        headers(("Location" = String, description = "The initiative's URL")))),
    security(("bearer" = []))
)]
#[post("/events/{event}/initiatives")]
pub async fn create_initiative(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<CreateInitiative>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner().validate()?);
    let location = format!("/api/v1/events/{slug}/initiatives");
    let initiative = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let id = InitiativeRow::insert(conn, event_id, &input.title, &input.text, caller.user_id)?;
        InitiativeRow::find(conn, event_id, id, true)?.to_dto(conn)
    })
    .await?;
    Ok(respond_created(
        format!("{location}/{}", initiative.id),
        initiative.id,
        initiative.version,
        &initiative,
    ))
}

/// Get an initiative with its current text.
#[utoipa::path(
    tag = "initiatives",
    operation_id = "get_initiative",
    params(EventItemPath),
    responses((status = 200, description = "The initiative", body = Initiative)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/initiatives/{id}")]
pub async fn get_initiative(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let (EventItemPath { event, id }, staff) = (path.into_inner(), caller.is_staff());
    let initiative = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &event, staff)?;
        InitiativeRow::find(conn, event_id, id, staff)?.to_dto(conn)
    })
    .await?;
    Ok(respond_versioned(
        &req,
        initiative.id,
        initiative.version,
        &initiative,
    ))
}

/// Locks initiative `id` of the event and checks `If-Match` against it.
fn locked(
    conn: &mut DbConnection,
    slug: &str,
    id: i64,
    if_match: &IfMatch,
) -> Result<InitiativeRow, ApiError> {
    let event_id = EventRow::id_of(conn, slug, true)?;
    db::lock_row(conn, "initiatives", id)?;
    let row = InitiativeRow::find(conn, event_id, id, true)?;
    if_match.check(id, row.version)?;
    Ok(row)
}

/// Retitle an initiative (organizers).
#[utoipa::path(
    tag = "initiatives",
    operation_id = "update_initiative",
    params(EventItemPath),
    request_body = UpdateInitiative,
    responses((status = 200, description = "Updated", body = Initiative)),
    security(("bearer" = []))
)]
#[patch("/events/{event}/initiatives/{id}")]
pub async fn update_initiative(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<UpdateInitiative>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event, id } = path.into_inner();
    let (input, if_match) = (body.into_inner().validate()?, IfMatch::from_request(&req)?);
    let initiative = db::write(&pool, move |conn| {
        let row = locked(conn, &event, id, &if_match)?;
        InitiativeRow::set_title(conn, id, &input.title)?;
        InitiativeRow::find(conn, row.event_id, id, true)?.to_dto(conn)
    })
    .await?;
    Ok(respond_updated(
        initiative.id,
        initiative.version,
        &initiative,
    ))
}

/// `/events/{event}/initiatives/{id}/lifecycle/{action}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InitiativeActionPath {
    /// The event's slug.
    #[param(example = "harbin-2026")]
    pub event: String,
    /// The initiative's id.
    #[param(example = 1)]
    pub id: i64,
    /// The action.
    #[param(example = "open")]
    pub action: InitiativeAction,
}

/// Open, close or reopen an initiative for endorsement (organizers).
///
/// `open` draft→open_for_endorsement, `close` open_for_endorsement→closed, `reopen`
/// closed→open_for_endorsement; anything else is a 409 listing `allowed_transitions`.
#[utoipa::path(
    tag = "initiatives",
    operation_id = "transition_initiative",
    params(InitiativeActionPath),
    responses(
        (status = 200, description = "The initiative in its new status", body = Initiative),
        (status = 409, description = "Not allowed from the current status; see `allowed_transitions`"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/initiatives/{id}/lifecycle/{action}")]
pub async fn transition_initiative(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<InitiativeActionPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (InitiativeActionPath { event, id, action }, if_match) =
        (path.into_inner(), IfMatch::from_request(&req)?);
    let initiative = db::write(&pool, move |conn| {
        let row = locked(conn, &event, id, &if_match)?;
        row.transition(conn, action)?;
        InitiativeRow::find(conn, row.event_id, id, true)?.to_dto(conn)
    })
    .await?;
    Ok(respond_updated(
        initiative.id,
        initiative.version,
        &initiative,
    ))
}

/// Every text of an initiative, oldest first.
#[utoipa::path(
    tag = "initiatives",
    operation_id = "list_initiative_versions",
    params(EventItemPath),
    responses((status = 200, description = "The texts", body = Vec<InitiativeVersion>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/initiatives/{id}/versions")]
pub async fn list_initiative_versions(
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let (EventItemPath { event, id }, staff) = (path.into_inner(), caller.is_staff());
    let texts = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &event, staff)?;
        InitiativeRow::find(conn, event_id, id, staff)?;
        model::versions(conn, id, None)
    })
    .await?;
    Ok(HttpResponse::Ok().json(texts))
}

/// Publish a new text as the next version (organizers); the old ones are kept.
///
/// A closed initiative takes no new text (409).
#[utoipa::path(
    tag = "initiatives",
    operation_id = "create_initiative_version",
    params(EventItemPath),
    request_body = NewVersion,
    responses(
        (status = 201, description = "The initiative with its new text", body = Initiative,
            headers(("Location" = String, description = "The initiative's URL"))),
        (status = 409, description = "The initiative is closed"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/initiatives/{id}/versions")]
pub async fn create_initiative_version(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<NewVersion>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event, id } = path.into_inner();
    let (input, if_match) = (body.into_inner().validate()?, IfMatch::from_request(&req)?);
    let location = format!("/api/v1/events/{event}/initiatives/{id}");
    let initiative = db::write(&pool, move |conn| {
        let row = locked(conn, &event, id, &if_match)?;
        row.add_version(conn, &input.text, caller.user_id)?;
        InitiativeRow::find(conn, row.event_id, id, true)?.to_dto(conn)
    })
    .await?;
    Ok(respond_created(
        location,
        initiative.id,
        initiative.version,
        &initiative,
    ))
}

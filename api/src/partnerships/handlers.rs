//! `/api/v1/partnerships`: the registry and the lifecycle actions.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{CreatePartnership, Partnership, PartnershipFilter, UpdatePartnership};
use super::history::{self, StatusChange};
use super::lifecycle::{self, PartnershipAction};
use super::model::PartnershipRow;
use super::viewer::Viewer;
use super::vocab::PartnershipStatus;
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::http::cache::cached_list;
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::{ListRequest, Page};
use crate::http::paths::ItemPath;
use crate::http::query_guard::ListQuery;
use crate::values::check_filter;

/// List partnerships.
///
/// The public sees signed and active partnerships; a delegate also sees those of their
/// own city; organizers see all. Sortable by `id`, `established_on`, `status`, `kind`,
/// `updated_at`; `q` matches either city's name.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "list_partnerships",
    params(ListQuery<PartnershipFilter>),
    responses((status = 200, description = "A page of partnerships", body = Page<Partnership>)),
    security((), ("bearer" = []))
)]
#[get("/partnerships")]
pub async fn list_partnerships(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    query: ListQuery<PartnershipFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    check_filter(&[("city_id", filter.city_id)], filter.country.as_deref())?;
    let viewer = Viewer::resolve(&pool, &caller).await?;
    let load = || db::read(&pool, move |conn| page(conn, &filter, &list, viewer));
    match viewer.audience() {
        Some(audience) => cached_list(&req, audience, &["partnerships", "cities"], load).await,
        None => load().await?.render(&req).map(|page| page.respond(&req)),
    }
}

fn page(
    conn: &mut DbConnection,
    filter: &PartnershipFilter,
    list: &ListRequest,
    viewer: Viewer,
) -> Result<Page<Partnership>, ApiError> {
    let (rows, total) = PartnershipRow::list(conn, filter, list, viewer)?;
    Ok(Page::new(
        PartnershipRow::to_dtos(conn, &rows)?,
        list,
        total,
    ))
}

/// Create a partnership.
///
/// Organizers record partnerships in any status. A delegate may propose one (status
/// `proposed`) involving their own city, and nothing else. A self-pair or an unknown city
/// is a 422; a second partnership of the same kind for the pair, in either order, is a
/// 409 whose `existing_id` names the first.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "create_partnership",
    request_body = CreatePartnership,
    responses(
        (status = 201, description = "Created", body = Partnership,
            headers(("Location" = String, description = "The new partnership's URL"))),
        (status = 409, description = "The pair already has a partnership of this kind; see `existing_id`"),
    ),
    security(("bearer" = []))
)]
#[post("/partnerships")]
pub async fn create_partnership(
    pool: web::Data<DbPool>,
    caller: Caller,
    body: JsonBody<CreatePartnership>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner().validate(Utc::now().date_naive())?;
    let partnership = db::write(&pool, move |conn| {
        may_create(conn, &caller, &input)?;
        let row = PartnershipRow::insert(conn, &input, caller.user_id)?;
        single(conn, &row)
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/partnerships/{}", partnership.id),
        partnership.id,
        partnership.version,
        &partnership,
    ))
}

fn may_create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &CreatePartnership,
) -> Result<(), ApiError> {
    match Viewer::of(conn, Some(caller))? {
        Viewer::Staff => Ok(()),
        Viewer::CityDelegate { city_id }
            if (city_id == input.city_a_id || city_id == input.city_b_id)
                && input.initial_status() == PartnershipStatus::Proposed
                && !input.illustrative =>
        {
            Ok(())
        }
        Viewer::CityDelegate { .. } => Err(ApiError::Forbidden(
            "a delegate may only propose (status `proposed`) a partnership involving their own city".into(),
        )),
        Viewer::Public => Err(ApiError::Forbidden(
            "this needs the organizer or admin role, or a delegate of one of the two cities".into(),
        )),
    }
}

fn single(conn: &mut DbConnection, row: &PartnershipRow) -> Result<Partnership, ApiError> {
    PartnershipRow::to_dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::Internal("a partnership vanished while rendering".into()))
}

/// Get a partnership.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "get_partnership",
    params(ItemPath),
    responses((status = 200, description = "The partnership", body = Partnership)),
    security((), ("bearer" = []))
)]
#[get("/partnerships/{id}")]
pub async fn get_partnership(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner().id;
    let partnership = db::read(&pool, move |conn| {
        let viewer = Viewer::of(conn, caller.0.as_ref())?;
        let row = PartnershipRow::find_visible(conn, id, viewer)?;
        single(conn, &row)
    })
    .await?;
    Ok(respond_versioned(
        &req,
        partnership.id,
        partnership.version,
        &partnership,
    ))
}

/// Update a partnership (organizers).
///
/// The status changes only through the lifecycle actions, and the cities never change.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "update_partnership",
    params(ItemPath),
    request_body = UpdatePartnership,
    responses(
        (status = 200, description = "Updated", body = Partnership),
        (status = 409, description = "The pair already has a partnership of the new kind"),
    ),
    security(("bearer" = []))
)]
#[patch("/partnerships/{id}")]
pub async fn update_partnership(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
    body: JsonBody<UpdatePartnership>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (id, changes, if_match) = (
        path.into_inner().id,
        body.into_inner(),
        IfMatch::from_request(&req)?,
    );
    let partnership = db::write(&pool, move |conn| {
        db::lock_row(conn, "partnerships", id)?;
        let current = PartnershipRow::find(conn, id)?;
        if_match.check(id, current.version)?;
        let input = changes
            .apply(current.as_input()?)
            .validate(Utc::now().date_naive())?;
        let row = PartnershipRow::update(conn, &current, &input)?;
        single(conn, &row)
    })
    .await?;
    Ok(respond_updated(
        partnership.id,
        partnership.version,
        &partnership,
    ))
}

/// Delete a partnership (organizers), with its history, agreements and milestones.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "delete_partnership",
    params(ItemPath),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/partnerships/{id}")]
pub async fn delete_partnership(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (id, if_match) = (path.into_inner().id, IfMatch::from_request(&req)?);
    db::write(&pool, move |conn| {
        db::lock_row(conn, "partnerships", id)?;
        if_match.check(id, PartnershipRow::find(conn, id)?.version)?;
        PartnershipRow::delete(conn, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `/partnerships/{id}/lifecycle/{action}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LifecyclePath {
    /// The partnership's id.
    #[param(example = 1)]
    pub id: i64,
    /// The action.
    #[param(example = "sign")]
    pub action: PartnershipAction,
}

/// Move a partnership through its lifecycle (organizers).
///
/// `negotiate` proposed→negotiating, `sign` proposed|negotiating→signed (sets
/// `established_on` to today unless known), `activate` signed|suspended→active,
/// `suspend` active→suspended, `end` any→ended. Anything else is a 409 whose
/// `allowed_transitions` lists the possible actions. Each change is recorded in the
/// partnership's history with who made it and when.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "transition_partnership",
    params(LifecyclePath),
    responses(
        (status = 200, description = "The partnership in its new status", body = Partnership),
        (status = 409, description = "Not allowed from the current status; see `allowed_transitions`"),
        (status = 422, description = "Signing would date the partnership in the future: correct `established_on` first"),
    ),
    security(("bearer" = []))
)]
#[post("/partnerships/{id}/lifecycle/{action}")]
pub async fn transition_partnership(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<LifecyclePath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (LifecyclePath { id, action }, if_match) =
        (path.into_inner(), IfMatch::from_request(&req)?);
    let today = Utc::now().date_naive().to_string();
    let partnership = db::write(&pool, move |conn| {
        db::lock_row(conn, "partnerships", id)?;
        let current = PartnershipRow::find(conn, id)?;
        if_match.check(id, current.version)?;
        lifecycle::apply(conn, id, current.status()?, action, &today, caller.user_id)?;
        let row = PartnershipRow::find(conn, id)?;
        single(conn, &row)
    })
    .await?;
    Ok(respond_updated(
        partnership.id,
        partnership.version,
        &partnership,
    ))
}

/// The status history of a partnership, oldest first.
///
/// Who made each change is shown to organizers only.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "partnership_history",
    params(ItemPath),
    responses((status = 200, description = "Every status the partnership entered", body = Vec<StatusChange>)),
    security((), ("bearer" = []))
)]
#[get("/partnerships/{id}/history")]
pub async fn partnership_history(
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner().id;
    let changes = db::read(&pool, move |conn| {
        let viewer = Viewer::of(conn, caller.0.as_ref())?;
        PartnershipRow::find_visible(conn, id, viewer)?;
        history::of(conn, id, viewer == Viewer::Staff)
    })
    .await?;
    Ok(HttpResponse::Ok().json(changes))
}

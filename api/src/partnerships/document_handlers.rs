//! `/api/v1/partnerships/{id}/agreements` and `/milestones`: a partnership's documents
//! and activity log. Readable by whoever may see the partnership; organizers write.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use super::agreements::{self, Agreement, AgreementInput};
use super::milestones::{self, Milestone, MilestoneInput};
use super::model::PartnershipRow;
use super::viewer::Viewer;
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::paths::ItemPath;
use crate::visibility::DelegateViewer;

/// `/partnerships/{id}/<documents>/{item_id}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DocumentPath {
    /// The partnership's id.
    #[param(example = 2)]
    pub id: i64,
    /// The agreement's or milestone's id.
    #[param(example = 1)]
    pub item_id: i64,
}

/// The agreements of a partnership, in signing order.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "list_agreements",
    params(ItemPath),
    responses((status = 200, description = "The partnership's agreements", body = Vec<Agreement>)),
    security((), ("bearer" = []))
)]
#[get("/partnerships/{id}/agreements")]
pub async fn list_agreements(
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner().id;
    let found = db::read(&pool, move |conn| {
        let viewer = Viewer::of(conn, caller.0.as_ref())?;
        PartnershipRow::find_visible(conn, id, viewer)?;
        agreements::list(conn, id, DelegateViewer::of(caller.0.as_ref()))
    })
    .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Record an agreement (organizers).
///
/// Every signatory must sign for one of the partnership's two cities: a delegate of
/// another city, or a named official without a city, is a 422 naming the signatory.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "create_agreement",
    params(ItemPath),
    request_body = AgreementInput,
    responses((status = 201, description = "Recorded", body = Agreement,
        headers(("Location" = String, description = "The agreement's URL")))),
    security(("bearer" = []))
)]
#[post("/partnerships/{id}/agreements")]
pub async fn create_agreement(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
    body: JsonBody<AgreementInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (id, input) = (
        path.into_inner().id,
        body.into_inner().validate(Utc::now().date_naive())?,
    );
    let agreement = db::write(&pool, move |conn| {
        let partnership = PartnershipRow::find(conn, id)?;
        let agreement_id = agreements::save(conn, &partnership, None, &input)?;
        agreements::find(conn, id, agreement_id, DelegateViewer::of(Some(&caller)))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/partnerships/{id}/agreements/{}", agreement.id),
        agreement.id,
        agreement.version,
        &agreement,
    ))
}

/// Get an agreement.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "get_agreement",
    params(DocumentPath),
    responses((status = 200, description = "The agreement", body = Agreement)),
    security((), ("bearer" = []))
)]
#[get("/partnerships/{id}/agreements/{item_id}")]
pub async fn get_agreement(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<DocumentPath>,
) -> Result<HttpResponse, ApiError> {
    let DocumentPath { id, item_id } = path.into_inner();
    let agreement = db::read(&pool, move |conn| {
        let viewer = Viewer::of(conn, caller.0.as_ref())?;
        PartnershipRow::find_visible(conn, id, viewer)?;
        agreements::find(conn, id, item_id, DelegateViewer::of(caller.0.as_ref()))
    })
    .await?;
    Ok(respond_versioned(
        &req,
        agreement.id,
        agreement.version,
        &agreement,
    ))
}

/// Replace an agreement with its signatories (organizers).
#[utoipa::path(
    tag = "partnerships",
    operation_id = "replace_agreement",
    params(DocumentPath),
    request_body = AgreementInput,
    responses((status = 200, description = "Replaced", body = Agreement)),
    security(("bearer" = []))
)]
#[put("/partnerships/{id}/agreements/{item_id}")]
pub async fn replace_agreement(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<DocumentPath>,
    body: JsonBody<AgreementInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let DocumentPath { id, item_id } = path.into_inner();
    let (input, if_match) = (
        body.into_inner().validate(Utc::now().date_naive())?,
        IfMatch::from_request(&req)?,
    );
    let agreement = db::write(&pool, move |conn| {
        db::lock_row(conn, "agreements", item_id)?;
        let partnership = PartnershipRow::find(conn, id)?;
        if_match.check(
            item_id,
            agreements::find(conn, id, item_id, DelegateViewer::Everyone)?.version,
        )?;
        agreements::save(conn, &partnership, Some(item_id), &input)?;
        agreements::find(conn, id, item_id, DelegateViewer::of(Some(&caller)))
    })
    .await?;
    Ok(respond_updated(agreement.id, agreement.version, &agreement))
}

/// Delete an agreement (organizers).
#[utoipa::path(
    tag = "partnerships",
    operation_id = "delete_agreement",
    params(DocumentPath),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/partnerships/{id}/agreements/{item_id}")]
pub async fn delete_agreement(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<DocumentPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (DocumentPath { id, item_id }, if_match) =
        (path.into_inner(), IfMatch::from_request(&req)?);
    db::write(&pool, move |conn| {
        db::lock_row(conn, "agreements", item_id)?;
        if_match.check(
            item_id,
            agreements::find(conn, id, item_id, DelegateViewer::Everyone)?.version,
        )?;
        agreements::delete(conn, id, item_id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The milestones of a partnership, in date order.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "list_milestones",
    params(ItemPath),
    responses((status = 200, description = "The partnership's milestones", body = Vec<Milestone>)),
    security((), ("bearer" = []))
)]
#[get("/partnerships/{id}/milestones")]
pub async fn list_milestones(
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner().id;
    let found = db::read(&pool, move |conn| {
        let viewer = Viewer::of(conn, caller.0.as_ref())?;
        PartnershipRow::find_visible(conn, id, viewer)?;
        milestones::list(conn, id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Record a milestone (organizers).
#[utoipa::path(
    tag = "partnerships",
    operation_id = "create_milestone",
    params(ItemPath),
    request_body = MilestoneInput,
    responses((status = 201, description = "Recorded", body = Milestone,
        headers(("Location" = String, description = "The milestone's URL")))),
    security(("bearer" = []))
)]
#[post("/partnerships/{id}/milestones")]
pub async fn create_milestone(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
    body: JsonBody<MilestoneInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (id, input) = (path.into_inner().id, body.into_inner().validate()?);
    let milestone = db::write(&pool, move |conn| {
        PartnershipRow::find(conn, id)?;
        let milestone_id = milestones::save(conn, id, None, &input)?;
        milestones::find(conn, id, milestone_id)
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/partnerships/{id}/milestones/{}", milestone.id),
        milestone.id,
        milestone.version,
        &milestone,
    ))
}

/// Replace a milestone (organizers).
#[utoipa::path(
    tag = "partnerships",
    operation_id = "replace_milestone",
    params(DocumentPath),
    request_body = MilestoneInput,
    responses((status = 200, description = "Replaced", body = Milestone)),
    security(("bearer" = []))
)]
#[put("/partnerships/{id}/milestones/{item_id}")]
pub async fn replace_milestone(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<DocumentPath>,
    body: JsonBody<MilestoneInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let DocumentPath { id, item_id } = path.into_inner();
    let (input, if_match) = (body.into_inner().validate()?, IfMatch::from_request(&req)?);
    let milestone = db::write(&pool, move |conn| {
        db::lock_row(conn, "milestones", item_id)?;
        if_match.check(item_id, milestones::find(conn, id, item_id)?.version)?;
        milestones::save(conn, id, Some(item_id), &input)?;
        milestones::find(conn, id, item_id)
    })
    .await?;
    Ok(respond_updated(milestone.id, milestone.version, &milestone))
}

/// Delete a milestone (organizers).
#[utoipa::path(
    tag = "partnerships",
    operation_id = "delete_milestone",
    params(DocumentPath),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/partnerships/{id}/milestones/{item_id}")]
pub async fn delete_milestone(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<DocumentPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (DocumentPath { id, item_id }, if_match) =
        (path.into_inner(), IfMatch::from_request(&req)?);
    db::write(&pool, move |conn| {
        db::lock_row(conn, "milestones", item_id)?;
        if_match.check(item_id, milestones::find(conn, id, item_id)?.version)?;
        milestones::delete(conn, id, item_id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

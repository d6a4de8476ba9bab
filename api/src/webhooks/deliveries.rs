//! `/api/v1/webhooks/{id}/deliveries`: the delivery log, and redelivery.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::access::require_manage;
use super::dto::{instant, Delivery, ResourceRef};
use super::model::SubscriptionRow;
use super::outbox;
use crate::auth::Caller;
use crate::db::schema::{webhook_deliveries as d, webhook_events as e};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::http::lists::Page;
use crate::http::paths::ItemPath;
use crate::http::query_guard::{ListFilter, ListQuery};

/// `/webhooks/{id}/deliveries/{delivery_id}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DeliveryPath {
    /// The subscription's id.
    #[param(example = 1)]
    pub id: i64,
    /// The delivery's id.
    #[param(example = 12)]
    pub delivery_id: i64,
}

/// Filters of the delivery log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryFilter {
    /// `pending`, `delivered`, `failed` or `cancelled`.
    #[param(example = "failed")]
    pub status: Option<String>,
}

impl ListFilter for DeliveryFilter {
    const SORTABLE: &'static [&'static str] = &[];
}

type DeliveryTuple = (
    i64,
    i64,
    String,
    String,
    i64,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<i64>,
    NaiveDateTime,
);

fn load(
    conn: &mut DbConnection,
    subscription_id: i64,
    filter: Option<&str>,
    ids: Option<i64>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Delivery>, i64)> {
    let query = || {
        let mut query = d::table
            .inner_join(e::table)
            .filter(d::subscription_id.eq(subscription_id))
            .into_boxed();
        if let Some(status) = filter {
            query = query.filter(d::status.eq(status.to_owned()));
        }
        if let Some(id) = ids {
            query = query.filter(d::id.eq(id));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<DeliveryTuple> = query()
        .order(d::id.desc())
        .limit(limit)
        .offset(offset)
        .select((
            d::id,
            e::id,
            e::event_type,
            e::resource,
            e::resource_id,
            d::status,
            d::attempts,
            d::last_status_code,
            d::last_duration_ms,
            d::last_error,
            d::next_attempt_at,
            d::delivered_at,
            d::redelivery_of,
            d::created_at,
        ))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(
            |(
                id,
                event_id,
                event_type,
                resource,
                resource_id,
                status,
                attempts,
                code,
                ms,
                error,
                next,
                delivered,
                of,
                created,
            )| Delivery {
                id,
                event_id,
                event_type,
                resource: ResourceRef {
                    kind: resource,
                    id: resource_id,
                },
                status,
                attempts,
                last_status_code: code,
                last_duration_ms: ms,
                last_error: error,
                next_attempt_at: instant(next),
                delivered_at: delivered.map(instant),
                redelivery_of: of,
                created_at: instant(created),
            },
        )
        .collect();
    Ok((items, total))
}

/// List a subscription's deliveries, newest first (organizers).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhook_deliveries",
    params(ItemPath, ListQuery<DeliveryFilter>),
    responses((status = 200, description = "A page of deliveries", body = Page<Delivery>)),
    security(("bearer" = []))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
    query: ListQuery<DeliveryFilter>,
) -> Result<HttpResponse, ApiError> {
    require_manage(&caller)?;
    let owner = super::rights::owner_token(&caller);
    let (id, list, status) = (path.into_inner().id, query.list, query.filter.status);
    let page = db::read(&pool, move |conn| {
        SubscriptionRow::find_visible(conn, id, owner)?;
        let (items, total) = load(
            conn,
            id,
            status.as_deref(),
            None,
            list.per_page,
            list.offset(),
        )?;
        Ok(Page::new(items, &list, total))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

/// Send a delivery's event again (organizers): a new delivery, logged separately.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "redeliver_webhook_delivery",
    params(DeliveryPath),
    responses((status = 202, description = "Queued", body = Delivery)),
    security(("bearer" = []))
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver_webhook_delivery(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<DeliveryPath>,
) -> Result<HttpResponse, ApiError> {
    require_manage(&caller)?;
    let DeliveryPath { id, delivery_id } = path.into_inner();
    let owner = super::rights::owner_token(&caller);
    let delivery = db::write(&pool, move |conn| {
        SubscriptionRow::find_visible(conn, id, owner)?;
        let (event_id, key): (i64, String) = d::table
            .filter(d::id.eq(delivery_id))
            .filter(d::subscription_id.eq(id))
            .select((d::webhook_event_id, d::resource_key))
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                ApiError::NotFound(format!("no delivery {delivery_id} of webhook {id}"))
            })?;
        let new_id = outbox::queue_delivery(conn, id, event_id, &key, Some(delivery_id))?;
        let (mut items, _) = load(conn, id, None, Some(new_id), 1, 0)?;
        items
            .pop()
            .ok_or_else(|| ApiError::Internal("the queued delivery vanished".into()))
    })
    .await?;
    Ok(HttpResponse::Accepted().json(delivery))
}

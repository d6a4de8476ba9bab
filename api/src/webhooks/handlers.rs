//! `/api/v1/webhooks`: subscriptions.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::access::require_manage;
use super::dto::{
    check_patterns, check_secret, generate_secret, CreateWebhook, CreatedWebhook, EventTypes,
    UpdateWebhook, Webhook,
};
use super::model::{SubscriptionColumns, SubscriptionRow};
use super::rights::{check_subscription, owner_token};
use super::settings::WebhookSettings;
use super::target;
use crate::auth::Caller;
use crate::changes::resources;
use crate::db::schema::{events, webhook_subscriptions};
use crate::db::{self, DbConnection, DbPool};
use crate::error::{ApiError, FieldError};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::ItemPath;
use crate::http::query_guard::{ListQuery, NoFilter};

/// Checks the URL against the SSRF guard (it resolves the host, so off the request thread).
async fn check_url(url: String, settings: &WebhookSettings) -> Result<(), FieldError> {
    let settings = settings.clone();
    match web::block(move || target::check(&url, &settings)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(reason)) => Err(FieldError::new("url", reason)),
        Err(_) => Err(FieldError::new("url", "could not be checked")),
    }
}

fn check_event(conn: &mut DbConnection, slug: Option<&str>) -> Result<(), ApiError> {
    let Some(slug) = slug else { return Ok(()) };
    let found: i64 = events::table
        .filter(events::slug.eq(slug))
        .count()
        .get_result(conn)?;
    if found == 0 {
        return Err(ApiError::Validation(vec![FieldError::new(
            "event",
            format!("no event `{slug}`"),
        )]));
    }
    Ok(())
}

fn columns_json(patterns: &[String]) -> Result<String, ApiError> {
    Ok(serde_json::to_string(patterns)?)
}

/// List the webhook event types.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhook_event_types",
    responses((status = 200, description = "Every event type", body = EventTypes)),
    security(("bearer" = []))
)]
#[get("/webhooks/event-types")]
pub async fn list_webhook_event_types(caller: Caller) -> Result<HttpResponse, ApiError> {
    require_manage(&caller)?;
    Ok(HttpResponse::Ok().json(EventTypes {
        event_types: resources::event_types(),
    }))
}

/// List webhook subscriptions (organizers; an API token sees only its own).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhooks",
    params(ListQuery<NoFilter>),
    responses((status = 200, description = "A page of subscriptions", body = Page<Webhook>)),
    security(("bearer" = []))
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    query: ListQuery<NoFilter>,
) -> Result<HttpResponse, ApiError> {
    require_manage(&caller)?;
    let list = query.list;
    let owner = owner_token(&caller);
    let page = db::read(&pool, move |conn| {
        let visible = || {
            let mut query = webhook_subscriptions::table.into_boxed();
            if let Some(token) = owner {
                query = query.filter(webhook_subscriptions::created_by_token_id.eq(token));
            }
            query
        };
        let total: i64 = visible().count().get_result(conn)?;
        let rows = visible()
            .order(webhook_subscriptions::id)
            .limit(list.per_page)
            .offset(list.offset())
            .select(SubscriptionRow::as_select())
            .load(conn)?;
        Ok(Page::new(
            rows.into_iter().map(Webhook::from).collect(),
            &list,
            total,
        ))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

/// Subscribe to webhook events (organizers). The answer shows the secret, once.
///
/// An API token needs the read scope of every resource whose events it subscribes to (403
/// with `required_scope`), and a token restricted to an event must name that event (403);
/// its deliveries carry its rights at delivery time. A target resolving to a loopback, private, link-local or metadata address is refused
/// (422) unless its host is in `WEBHOOK_ALLOWED_HOSTS`.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "create_webhook",
    request_body = CreateWebhook,
    responses((status = 201, description = "Created; the only answer with the secret", body = CreatedWebhook,
        headers(("Location" = String, description = "The subscription's URL")))),
    security(("bearer" = []))
)]
#[post("/webhooks")]
pub async fn create_webhook(
    pool: web::Data<DbPool>,
    settings: web::Data<WebhookSettings>,
    caller: Caller,
    body: JsonBody<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    require_manage(&caller)?;
    let input = body.into_inner();
    let mut errors = Vec::new();
    check_patterns(&input.event_types, &mut errors);
    if errors.is_empty() {
        check_subscription(&caller, &input.event_types, input.event.as_deref())?;
    }
    if let Some(secret) = &input.secret {
        check_secret(secret, &mut errors);
    }
    if let Err(error) = check_url(input.url.clone(), &settings).await {
        errors.push(error);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let secret = input.secret.clone().unwrap_or_else(generate_secret);
    let columns = SubscriptionColumns {
        url: input.url,
        description: input.description,
        event_types: columns_json(&input.event_types)?,
        event_slug: input.event,
        secret: secret.clone(),
        active: input.active.unwrap_or(true),
        disabled_reason: None,
    };
    let (user, token) = (caller.user_id, owner_token(&caller));
    let row = db::write(&pool, move |conn| {
        check_event(conn, columns.event_slug.as_deref())?;
        SubscriptionRow::insert(conn, &columns, Some(user), token)
    })
    .await?;
    let webhook = Webhook::from(row);
    Ok(respond_created(
        format!("/api/v1/webhooks/{}", webhook.id),
        webhook.id,
        webhook.version,
        &CreatedWebhook { webhook, secret },
    ))
}

/// Get a webhook subscription (organizers).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "get_webhook",
    params(ItemPath),
    responses((status = 200, description = "The subscription", body = Webhook)),
    security(("bearer" = []))
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    require_manage(&caller)?;
    let (id, owner) = (path.into_inner().id, owner_token(&caller));
    let webhook = db::read(&pool, move |conn| {
        Ok(Webhook::from(SubscriptionRow::find_visible(
            conn, id, owner,
        )?))
    })
    .await?;
    Ok(respond_versioned(
        &req,
        webhook.id,
        webhook.version,
        &webhook,
    ))
}

/// Update a webhook subscription (organizers); `secret` rotates the secret.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "update_webhook",
    params(ItemPath),
    request_body = UpdateWebhook,
    responses((status = 200, description = "Updated", body = Webhook)),
    security(("bearer" = []))
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    settings: web::Data<WebhookSettings>,
    caller: Caller,
    path: web::Path<ItemPath>,
    body: JsonBody<UpdateWebhook>,
) -> Result<HttpResponse, ApiError> {
    require_manage(&caller)?;
    let (id, input, if_match) = (
        path.into_inner().id,
        body.into_inner(),
        IfMatch::from_request(&req)?,
    );
    let mut errors = Vec::new();
    if let Some(patterns) = &input.event_types {
        check_patterns(patterns, &mut errors);
    }
    if let Some(secret) = &input.secret {
        check_secret(secret, &mut errors);
    }
    if let Some(url) = &input.url {
        if let Err(error) = check_url(url.clone(), &settings).await {
            errors.push(error);
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let owner = owner_token(&caller);
    let row = db::write(&pool, move |conn| {
        db::lock_row(conn, "webhook_subscriptions", id)?;
        let current = SubscriptionRow::find_visible(conn, id, owner)?;
        if_match.check(id, current.version)?;
        let active = input.active.unwrap_or(current.active);
        let columns = SubscriptionColumns {
            url: input.url.unwrap_or(current.url),
            description: input.description.unwrap_or(current.description),
            event_types: match &input.event_types {
                Some(patterns) => columns_json(patterns)?,
                None => current.event_types,
            },
            event_slug: input.event.unwrap_or(current.event_slug),
            secret: input.secret.unwrap_or(current.secret),
            active,
            disabled_reason: if active {
                None
            } else {
                current.disabled_reason
            },
        };
        let patterns: Vec<String> = serde_json::from_str(&columns.event_types)?;
        check_subscription(&caller, &patterns, columns.event_slug.as_deref())?;
        check_event(conn, columns.event_slug.as_deref())?;
        SubscriptionRow::update(conn, id, &columns)
    })
    .await?;
    let webhook = Webhook::from(row);
    Ok(respond_updated(webhook.id, webhook.version, &webhook))
}

/// Delete a webhook subscription and its delivery log (organizers).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "delete_webhook",
    params(ItemPath),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    require_manage(&caller)?;
    let (id, if_match) = (path.into_inner().id, IfMatch::from_request(&req)?);
    let owner = owner_token(&caller);
    db::write(&pool, move |conn| {
        db::lock_row(conn, "webhook_subscriptions", id)?;
        if_match.check(id, SubscriptionRow::find_visible(conn, id, owner)?.version)?;
        diesel::delete(
            crate::db::schema::webhook_deliveries::table
                .filter(crate::db::schema::webhook_deliveries::subscription_id.eq(id)),
        )
        .execute(conn)?;
        SubscriptionRow::delete(conn, id)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

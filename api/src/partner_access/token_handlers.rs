//! `/api/v1/api-tokens`: admins create, list and revoke partners' API tokens.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};

use super::token_dto::{ApiToken, CreateApiToken, CreatedApiToken, TokenFilter};
use super::tokens::{ApiTokenRow, NewSecret, NewToken};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::conditional::{respond_created, respond_versioned};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::ItemPath;
use crate::http::query_guard::ListQuery;

/// List API tokens (admins): prefixes, scopes, last use and expiry; never secrets.
///
/// Sortable by `id`, `name`, `created_at`, `updated_at`; `q` searches names. Revoked and
/// expired tokens stay listed with `active: false`.
#[utoipa::path(
    tag = "api-tokens",
    operation_id = "list_api_tokens",
    params(ListQuery<TokenFilter>),
    responses((status = 200, description = "A page of API tokens", body = Page<ApiToken>)),
    security(("bearer" = []))
)]
#[get("/api-tokens")]
pub async fn list_api_tokens(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    query: ListQuery<TokenFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let list = query.list;
    let page = db::read(&pool, move |conn| {
        let (rows, total) = ApiTokenRow::list(conn, &list)?;
        let items = rows
            .iter()
            .map(ApiToken::from_row)
            .collect::<Result<_, _>>()?;
        Ok(Page::new(items, &list, total))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

/// Create an API token (admins). The answer holds the secret, shown this once.
///
/// The token acts as its own partner account: what it writes is recorded as its doing.
/// Its scopes decide what it may call; `event` restricts it to one event.
#[utoipa::path(
    tag = "api-tokens",
    operation_id = "create_api_token",
    request_body = CreateApiToken,
    responses((status = 201, description = "Created; the secret is in the body, once", body = CreatedApiToken,
        headers(("Location" = String, description = "The new token's URL")))),
    security(("bearer" = []))
)]
#[post("/api-tokens")]
pub async fn create_api_token(
    pool: web::Data<DbPool>,
    caller: Caller,
    body: JsonBody<CreateApiToken>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let input = body.into_inner().validate()?;
    let secret = NewSecret::generate();
    let (stored, secret) = db::write(&pool, move |conn| {
        let event_id = match &input.event {
            None => None,
            Some(slug) => Some(
                EventRow::find_visible(conn, slug, true)
                    .map_err(|_| ApiError::invalid("event", format!("no event `{slug}`")))?
                    .id,
            ),
        };
        let token = NewToken {
            name: input.name,
            scopes: input.scopes,
            event_id,
            expires_at: input.expires_at.map(|at| at.naive_utc()),
        };
        Ok((
            ApiTokenRow::insert(conn, &token, &secret, caller.user_id)?,
            secret,
        ))
    })
    .await?;
    let (id, version) = (stored.0.id, stored.0.version);
    let body = CreatedApiToken {
        token: ApiToken::from_row(&stored)?,
        secret: secret.secret,
    };
    Ok(respond_created(
        format!("/api/v1/api-tokens/{id}"),
        id,
        version,
        &body,
    ))
}

/// Get an API token (admins).
#[utoipa::path(
    tag = "api-tokens",
    operation_id = "get_api_token",
    params(ItemPath),
    responses((status = 200, description = "The API token", body = ApiToken)),
    security(("bearer" = []))
)]
#[get("/api-tokens/{id}")]
pub async fn get_api_token(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = path.into_inner().id;
    let stored = db::read(&pool, move |conn| ApiTokenRow::find(conn, id)).await?;
    let body = ApiToken::from_row(&stored)?;
    Ok(respond_versioned(&req, id, stored.0.version, &body))
}

/// Revoke an API token (admins). It fails from the very next request, in every API process.
#[utoipa::path(
    tag = "api-tokens",
    operation_id = "delete_api_token",
    params(ItemPath),
    responses((status = 204, description = "Revoked (also when it already was)")),
    security(("bearer" = []))
)]
#[delete("/api-tokens/{id}")]
pub async fn delete_api_token(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = path.into_inner().id;
    db::write(&pool, move |conn| ApiTokenRow::revoke(conn, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

//! Partner systems' access: scoped API tokens (`/api/v1/api-tokens`), rate limits and
//! `Idempotency-Key`, applied to every operation by one middleware, [`guard`]:
//!
//! 1. resolve the caller (a JWT, or an API token looked up by the hash of its secret);
//! 2. count the request against its token or its client address (429 past the limit);
//! 3. check an API token's scope and event restriction against the operation, found in the
//!    OpenAPI document, whose tag names its domain (403 naming `required_scope`);
//! 4. run the request under its `Idempotency-Key`;
//! 5. add the `RateLimit-*` headers to the answer.

mod authorize;
mod grant;
pub mod idempotency;
mod idempotency_store;
mod identity;
pub mod operations;
pub mod rate_limit;
pub mod scopes;
pub mod token_dto;
pub mod token_handlers;
pub mod tokens;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use utoipa_actix_web::service_config::ServiceConfig;

pub use grant::TokenGrant;
pub use operations::Operations;
pub use rate_limit::{RateLimiter, RateLimits};
pub use scopes::Scope;

use crate::auth::{Caller, ResolvedCaller};
use crate::error::ApiError;
use rate_limit::{Client, Quota};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(token_handlers::list_api_tokens)
        .service(token_handlers::create_api_token)
        .service(token_handlers::get_api_token)
        .service(token_handlers::delete_api_token);
}

/// Middleware: who is calling, rate limits, token scopes, idempotency (see the module).
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let resolved = match identity::resolve(&req).await {
        Ok(caller) => Ok(caller),
        Err(ApiError::Unauthorized(reason)) => Err(reason),
        Err(error) => return Ok(req.error_response(error)),
    };
    let quota = count(&req, resolved.as_ref().ok().and_then(Option::as_ref));
    let with_quota = |mut response: ServiceResponse<BoxBody>| {
        if let Some(quota) = &quota {
            quota.write_headers(response.headers_mut());
        }
        response
    };
    if let Some(quota) = quota.filter(|quota| quota.exceeded) {
        let error = ApiError::TooManyRequests {
            detail: format!(
                "more than {} requests in a minute; wait before trying again",
                quota.limit
            ),
            retry_after_secs: quota.reset_secs,
        };
        return Ok(with_quota(req.error_response(error)));
    }
    let resolved = match resolved {
        Ok(Some(caller)) if caller.token.is_some() => match authorized(&req, caller) {
            Ok(caller) => Ok(Some(caller)),
            Err(error) => return Ok(with_quota(req.error_response(error))),
        },
        other => other,
    };
    let owner = idempotency::owner_of(resolved.as_ref().ok().and_then(Option::as_ref));
    let answered = req
        .app_data::<web::Data<Operations>>()
        .is_some_and(|operations| operations.requirement(req.method(), req.path()).is_some());
    req.extensions_mut().insert(ResolvedCaller(resolved));
    // A request no operation answers goes straight to routing (404, 405): there is
    // nothing to run twice.
    let response = if answered {
        idempotency::run(req, next, owner).await?
    } else {
        next.call(req).await?.map_into_boxed_body()
    };
    Ok(with_quota(response))
}

/// Counts the request against its API token, or else its client address (the probes are
/// not counted).
fn count(req: &ServiceRequest, caller: Option<&Caller>) -> Option<Quota> {
    if crate::health::UNLIMITED_PATHS.contains(&req.path()) {
        // A balancer's probes must never be refused: it would take the process out.
        return None;
    }
    let limiter = req.app_data::<web::Data<RateLimiter>>()?;
    let client = match caller.and_then(|caller| caller.token.as_ref()) {
        Some(grant) => Client::Token(grant.token_id),
        None => Client::Address(crate::http::client_address::of(req.request())),
    };
    limiter.take(client)
}

/// An API token's caller, checked against the operation it calls.
fn authorized(req: &ServiceRequest, mut caller: Caller) -> Result<Caller, ApiError> {
    let operations = req
        .app_data::<web::Data<Operations>>()
        .ok_or_else(|| ApiError::Internal("the operation table is missing".into()))?;
    let requirement = operations.requirement(req.method(), req.path());
    if let Some(grant) = caller.token.as_mut() {
        authorize::authorize(requirement.as_ref(), grant)?;
    }
    Ok(caller)
}

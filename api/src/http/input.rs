//! How malformed query strings and path segments become problems (bodies: `json.rs`).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{PathError, QueryPayloadError};
use actix_web::http::Uri;
use actix_web::middleware::Next;
use actix_web::web;

use crate::error::ApiError;
use crate::routing::RouteTable;

/// Drops NUL characters (`%00`) from the query string before anything reads it: no stored
/// text can hold one (JSON bodies refuse them), so a search or filter with one means the
/// same without it, and PostgreSQL would refuse the parameter outright.
pub async fn drop_nul_from_query(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let query = req.query_string();
    if query.contains("%00") {
        let cleaned = query.replace("%00", "");
        let path_and_query = if cleaned.is_empty() {
            req.path().to_owned()
        } else {
            format!("{}?{}", req.path(), cleaned)
        };
        if let Ok(uri) = path_and_query.parse::<Uri>() {
            req.head_mut().uri = uri;
        }
    }
    next.call(req).await
}

/// Query strings: a value of the wrong type is a 400.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| {
        let QueryPayloadError::Deserialize(error) = error else {
            return ApiError::BadRequest("the query string is invalid".into()).into();
        };
        ApiError::BadRequest(format!("invalid query parameter: {error}")).into()
    })
}

/// Path segments: an id that is not a number names no resource, so 404.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, req| {
        // `PATCH /partnerships/path` reaches `PATCH /partnerships/{id}` in routing, but the
        // path names the literal route `/partnerships/path`, which takes only GET: a 405.
        let wrong_method = req
            .app_data::<web::Data<RouteTable>>()
            .and_then(|table| table.method_not_allowed(req.method(), req.path()));
        if let Some(error) = wrong_method {
            return error.into();
        }
        let PathError::Deserialize(error) = error else {
            return ApiError::NotFound(format!("no resource at {}", req.path())).into();
        };
        ApiError::NotFound(format!("no resource at {} ({error})", req.path())).into()
    })
}

//! How malformed input becomes problems: JSON bodies, query strings and path segments.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{web, HttpRequest};

use crate::error::{ApiError, FieldError};

/// The largest JSON body accepted (bigger ones answer 413).
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// JSON bodies: 400 malformed, 422 wrong shape (unknown or missing fields, wrong types),
/// 413 too large, 415 not `application/json`.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_JSON_BYTES)
        .error_handler(|error, _req: &HttpRequest| json_error(error).into())
}

fn json_error(error: JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => {
            ApiError::PayloadTooLarge(format!("the body is larger than {limit} bytes"))
        }
        JsonPayloadError::ContentType => {
            ApiError::UnsupportedMediaType("send the body as application/json".into())
        }
        JsonPayloadError::Deserialize(error) if error.is_data() => {
            ApiError::Validation(vec![field_error(&error)])
        }
        JsonPayloadError::Deserialize(error) => {
            ApiError::BadRequest(format!("the body is not valid JSON: {error}"))
        }
        other => ApiError::BadRequest(format!("the body could not be read: {other}")),
    }
}

/// Names the field serde complained about, where its message says which.
fn field_error(error: &serde_json::Error) -> FieldError {
    let message = error.to_string();
    let field = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("unknown field") || message.starts_with("missing field"))
        .unwrap_or("body");
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    FieldError::new(field, message)
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
        let PathError::Deserialize(error) = error else {
            return ApiError::NotFound(format!("no resource at {}", req.path())).into();
        };
        ApiError::NotFound(format!("no resource at {} ({error})", req.path())).into()
    })
}

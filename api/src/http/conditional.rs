//! ETags, `If-None-Match` (304) and `If-Match` (412).

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::fragments::RowKey;
use crate::error::ApiError;

/// The ETag of a stored resource: its id and row version.
pub fn version_etag(id: i64, version: i64) -> String {
    format!("\"{id}.{version}\"")
}

/// The ETag of a computed body (lists, directories).
pub fn content_etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

fn tags(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(|tag| tag.trim().trim_start_matches("W/"))
}

/// Whether the request's `If-None-Match` names `etag` (or `*`).
pub fn none_match(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| tags(value).any(|tag| tag == "*" || tag == etag))
}

/// A 304 carrying the ETag.
pub fn not_modified(etag: &str) -> HttpResponse {
    HttpResponse::NotModified()
        .insert_header((header::ETAG, etag.to_owned()))
        .finish()
}

/// A single resource: 200 with its version ETag, or 304.
pub fn respond_versioned<T: serde::Serialize>(
    req: &HttpRequest,
    id: i64,
    version: i64,
    body: &T,
) -> HttpResponse {
    let etag = version_etag(id, version);
    if none_match(req, &etag) {
        return not_modified(&etag);
    }
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header((header::VARY, "Authorization"))
        .json(body)
}

/// A single resource already rendered as JSON (`http::fragments`): 200 with the version
/// ETag of that rendering, or 304.
pub fn respond_rendered(req: &HttpRequest, key: RowKey, body: Bytes) -> HttpResponse {
    let etag = version_etag(key.id, key.version);
    if none_match(req, &etag) {
        return not_modified(&etag);
    }
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header((header::VARY, "Authorization"))
        .content_type("application/json")
        .body(body)
}

/// A created resource: 201 with `Location` and its ETag.
pub fn respond_created<T: serde::Serialize>(
    location: String,
    id: i64,
    version: i64,
    body: &T,
) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .insert_header((header::ETAG, version_etag(id, version)))
        .json(body)
}

/// An updated resource: 200 with its new ETag.
pub fn respond_updated<T: serde::Serialize>(id: i64, version: i64, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, version_etag(id, version)))
        .json(body)
}

/// The `If-Match` precondition of a write, checked inside its unit of work.
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<String>);

impl IfMatch {
    pub fn from_request(req: &HttpRequest) -> Result<Self, ApiError> {
        match req.headers().get(header::IF_MATCH) {
            None => Ok(Self(None)),
            Some(value) => value
                .to_str()
                .map(|text| Self(Some(text.to_owned())))
                .map_err(|_| ApiError::BadRequest("If-Match is not valid ASCII".into())),
        }
    }

    /// Fails with 412 unless the header is absent, `*`, or names the current version.
    pub fn check(&self, id: i64, version: i64) -> Result<(), ApiError> {
        let Some(value) = &self.0 else {
            return Ok(());
        };
        let current = version_etag(id, version);
        if tags(value).any(|tag| tag == "*" || tag == current) {
            Ok(())
        } else {
            Err(ApiError::PreconditionFailed(format!(
                "If-Match {value} does not match the current ETag {current}"
            )))
        }
    }
}

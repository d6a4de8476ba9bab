//! Reading a whole request body with a size limit (413 beyond it), and the media type it
//! was declared with. The JSON and CSV body extractors share it.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, HttpRequest};

use crate::error::ApiError;

/// The essence of the request's `Content-Type` (`text/csv` of `text/csv; charset=utf-8`),
/// lower-cased; `None` when it has none.
pub fn media_type(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
}

/// A `Content-Type` parameter's value (`charset` of `text/csv; charset=utf-8`), lower-cased.
pub fn media_parameter(req: &HttpRequest, name: &str) -> Option<String> {
    let value = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    value.split(';').skip(1).find_map(|parameter| {
        let (key, value) = parameter.split_once('=')?;
        (key.trim().eq_ignore_ascii_case(name))
            .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// Reads the body, failing with 413 as soon as it (or its declared length) exceeds `limit`.
pub fn read_limited(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: usize,
) -> impl std::future::Future<Output = Result<web::Bytes, ApiError>> + 'static {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    let mut payload = payload.take();
    async move {
        use futures_util::StreamExt as _;
        let too_large =
            || ApiError::PayloadTooLarge(format!("the body is larger than {limit} bytes"));
        if declared.is_some_and(|length| length > limit) {
            return Err(too_large());
        }
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk
                .map_err(|e| ApiError::BadRequest(format!("the body could not be read: {e}")))?;
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }
}

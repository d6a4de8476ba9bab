//! `CsvBody`: a `text/csv` request body (UTF-8), up to [`MAX_CSV_BYTES`].

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use crate::error::ApiError;
use crate::http::body::{media_parameter, media_type, read_limited};

/// The largest CSV file accepted (bigger ones answer 413): room for well over 10,000 rows.
pub const MAX_CSV_BYTES: usize = 32 * 1024 * 1024;

/// A CSV request body.
#[derive(Debug)]
pub struct CsvBody(pub web::Bytes);

impl FromRequest for CsvBody {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let csv = media_type(req).is_some_and(|essence| {
            matches!(
                essence.as_str(),
                "text/csv" | "application/csv" | "text/plain"
            )
        });
        let utf8 = media_parameter(req, "charset").is_none_or(|charset| charset == "utf-8");
        if !(csv && utf8) {
            return Box::pin(async {
                Err(ApiError::UnsupportedMediaType(
                    "send the file as text/csv in UTF-8 (\"CSV UTF-8\" in spreadsheets)".into(),
                ))
            });
        }
        let body = read_limited(req, payload, MAX_CSV_BYTES);
        Box::pin(async move { Ok(Self(body.await?)) })
    }
}

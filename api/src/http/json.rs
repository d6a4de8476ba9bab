//! `JsonBody<T>`: the JSON request body extractor. Unlike `web::Json` it tells malformed
//! JSON (400) from JSON of the wrong shape (422), and names the field that is wrong.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use super::body::{media_type, read_limited};
use crate::error::{ApiError, FieldError};

/// The largest JSON body accepted (bigger ones answer 413).
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for JsonBody<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    media_type(req)
        .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"))
}

/// Parses a body: syntax first (400), then shape (422 naming the field).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: Value = serde_json::from_slice(bytes)
        .map_err(|error| ApiError::BadRequest(format!("the body is not valid JSON: {error}")))?;
    normalise(&mut value, "")?;
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let message = error.inner().to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let field = match (path.as_str(), missing) {
            (".", Some(name)) => name.to_owned(),
            (_, Some(name)) => format!("{path}.{name}"),
            (".", None) => "body".to_owned(),
            _ => path,
        };
        ApiError::Validation(vec![FieldError::new(field, message)])
    })
}

/// JSON Schema counts `3.0` as an integer, so whole floats become integers (an `f64`
/// field still accepts them); NUL characters, which no database column can hold, are
/// refused.
fn normalise(value: &mut Value, path: &str) -> Result<(), ApiError> {
    match value {
        Value::Number(number) => {
            if let Some(whole) = number
                .as_f64()
                .filter(|f| number.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15)
            {
                *number = Number::from(whole as i64);
            }
        }
        Value::String(text) if text.contains('\0') => {
            return Err(ApiError::invalid(
                field_name(path),
                "may not contain NUL characters",
            ));
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                normalise(item, &format!("{path}[{index}]"))?;
            }
        }
        Value::Object(members) => {
            if members.keys().any(|key| key.contains('\0')) {
                return Err(ApiError::invalid(
                    field_name(path),
                    "keys may not contain NUL characters",
                ));
            }
            for (key, item) in members.iter_mut() {
                let nested = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                normalise(item, &nested)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn field_name(path: &str) -> &str {
    if path.is_empty() {
        "body"
    } else {
        path
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if !is_json(req) {
            return Box::pin(async {
                Err(ApiError::UnsupportedMediaType(
                    "send the body as application/json".into(),
                ))
            });
        }
        let body = read_limited(req, payload, MAX_JSON_BYTES);
        Box::pin(async move { parse(&body.await?).map(JsonBody) })
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::error::ApiError;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        count: u8,
    }

    fn field_of(body: &str) -> String {
        match parse::<Sample>(body.as_bytes()) {
            Err(ApiError::Validation(errors)) => errors[0].field.clone(),
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_are_400_and_shape_errors_name_the_field() {
        assert!(matches!(
            parse::<Sample>(b"[1, 2"),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(parse::<Sample>(b""), Err(ApiError::BadRequest(_))));
        assert_eq!(field_of(r#"{"name": "x", "extra": 1}"#), "extra");
        assert_eq!(field_of(r#"{}"#), "name");
        assert_eq!(
            field_of(r#"{"name": "x", "inner": {"count": 300}}"#),
            "inner.count"
        );
        assert_eq!(field_of("1"), "body");
        assert!(parse::<Inner>(br#"{"count": 3.0}"#).is_ok());
        assert!(parse::<Inner>(br#"{"count": 3.5}"#).is_err());
        assert_eq!(field_of("{\"name\": \"a\\u0000b\"}"), "name");
    }
}

//! The one error type of the API and its RFC 9457 problem+json representation.
//!
//! Handlers return [`ApiError`]; the [`problem_details`] middleware turns every error
//! response (ours, actix-web's, unknown routes, wrong methods) into the same problem body,
//! with the request's path as `instance` and its `X-Request-Id`.

use std::collections::BTreeMap;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::request_id::RequestId;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid input field.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldError {
    /// The field's JSON path, e.g. `name.en` or `latitude`.
    #[schema(example = "latitude")]
    pub field: String,
    /// What is wrong with it.
    #[schema(example = "must be between -90 and 90")]
    pub message: String,
    /// In a CSV import, the row the error is in, numbered as a spreadsheet does: the
    /// header is row 1, the first record row 2. `field` is then the column.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(null), minimum = 1)]
    pub row: Option<u64>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            row: None,
        }
    }

    /// An error in row `row`, column `column` of an imported file.
    pub fn in_row(row: u64, column: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            row: Some(row),
            ..Self::new(column, message)
        }
    }
}

/// An RFC 9457 problem details body.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/not-found", "title": "Not Found", "status": 404,
    "detail": "no city with id 999", "instance": "/api/v1/cities/999",
    "request_id": "6f1c1f9e-3b8e-4d53-9d1e-0c6f0f9b2a11"
}))]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request path that failed.
    pub instance: String,
    /// The id of the request, also in the `X-Request-Id` header and the server log.
    pub request_id: String,
    /// Per-field validation errors (422), or the refused query parameters (400).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// Further members, e.g. `allowed_transitions` on an illegal state change (409).
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub extensions: BTreeMap<String, Value>,
}

/// Every way a request can fail.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    /// Query parameters refused by the query-cost guard (400 with `errors` naming them).
    #[error("invalid query parameters: {}", describe(.0))]
    InvalidQuery(Vec<FieldError>),
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    /// An imported file with errors (422): nothing was written.
    #[error("{detail}")]
    InvalidRows {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// An API token without the scope the operation needs (403 with `required_scope`).
    #[error("this API token lacks the scope `{}`", .0.as_str())]
    MissingScope(crate::partner_access::Scope),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String, Vec<String>),
    /// A one-time link that was used, expired or replaced by a newer one (410).
    #[error("{0}")]
    Gone(String),
    /// The password was right; the account signs in with a second factor too (401).
    #[error("this account signs in with a two-factor code: send `code` with the password")]
    SecondFactorRequired,
    /// Staff must enrol in two-factor sign-in before anything but `/auth/…` (403).
    #[error("staff accounts must turn on two-factor sign-in first (/auth/two-factor/setup)")]
    SecondFactorSetupRequired,
    #[error("{detail}")]
    Conflict {
        detail: String,
        extensions: BTreeMap<String, Value>,
    },
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{detail}")]
    TooManyRequests {
        detail: String,
        retry_after_secs: u64,
    },
    /// The database cannot be reached; the cause is logged, not shown.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Every pooled connection stayed in use for the whole wait (`DB_POOL_WAIT_MS`): the
    /// server is busy, the database is not down.
    #[error("server busy: {0}")]
    Busy(String),
    /// The process is stopping (SIGTERM) and takes no new work: readiness says so, so the
    /// balancer sends requests elsewhere.
    #[error("this server is shutting down; retry on another")]
    Draining,
    /// A statement ran past the statement timeout (in ms, when known) and was cancelled;
    /// its transaction was rolled back. 503: the same request may succeed when the
    /// database is less busy.
    #[error("{}", timeout_detail(*.0))]
    StatementTimeout(Option<u64>),
    /// A bug or an unexpected failure; the cause is logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
}

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

fn timeout_detail(limit_ms: Option<u64>) -> String {
    match limit_ms {
        Some(ms) => {
            format!("the query took longer than {ms} ms and was cancelled; nothing was changed")
        }
        None => "the query took too long and was cancelled; nothing was changed".into(),
    }
}

impl ApiError {
    /// A 409 with no extension members.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict {
            detail: detail.into(),
            extensions: BTreeMap::new(),
        }
    }

    /// A 409 carrying one extension member, e.g. `existing_id`.
    pub fn conflict_with(detail: impl Into<String>, key: &str, value: Value) -> Self {
        Self::Conflict {
            detail: detail.into(),
            extensions: BTreeMap::from([(key.to_owned(), value)]),
        }
    }

    /// Names the statement timeout in a [`Self::StatementTimeout`] raised without it (the
    /// database error does not say); other errors pass unchanged.
    pub fn with_statement_timeout(self, limit: std::time::Duration) -> Self {
        match self {
            Self::StatementTimeout(None) => {
                Self::StatementTimeout(Some(u64::try_from(limit.as_millis()).unwrap_or(u64::MAX)))
            }
            other => other,
        }
    }

    /// A 422 for a single field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    fn slug(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad-request",
            Self::InvalidQuery(_) => "invalid-query",
            Self::Validation(_) | Self::InvalidRows { .. } => "validation",
            Self::Unauthorized(_) => "unauthenticated",
            Self::Forbidden(_) => "forbidden",
            Self::MissingScope(_) => "missing-scope",
            Self::NotFound(_) => "not-found",
            Self::MethodNotAllowed(..) => "method-not-allowed",
            Self::Gone(_) => "gone",
            Self::SecondFactorRequired => "second-factor-required",
            Self::SecondFactorSetupRequired => "second-factor-setup-required",
            Self::Conflict { .. } => "conflict",
            Self::PreconditionFailed(_) => "precondition-failed",
            Self::PayloadTooLarge(_) => "payload-too-large",
            Self::UnsupportedMediaType(_) => "unsupported-media-type",
            Self::TooManyRequests { .. } => "too-many-requests",
            Self::Unavailable(_) => "unavailable",
            Self::Busy(_) => "server-busy",
            Self::Draining => "draining",
            Self::StatementTimeout(_) => "statement-timeout",
            Self::Internal(_) => "internal",
        }
    }

    /// The text shown to the client: never the cause of a 5xx.
    fn public_detail(&self) -> String {
        match self {
            Self::Unavailable(_) => "the database is unavailable; retry shortly".to_owned(),
            Self::Busy(_) => "the server is busy; retry shortly".to_owned(),
            Self::Internal(_) => {
                "an unexpected error occurred; quote the request_id when reporting it".to_owned()
            }
            other => other.to_string(),
        }
    }

    fn problem(&self, instance: &str, request_id: &str) -> Problem {
        let status = self.status_code();
        let mut problem = Problem {
            kind: format!("/problems/{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.public_detail(),
            instance: instance.to_owned(),
            request_id: request_id.to_owned(),
            errors: None,
            extensions: BTreeMap::new(),
        };
        match self {
            Self::Validation(errors)
            | Self::InvalidRows { errors, .. }
            | Self::InvalidQuery(errors) => {
                problem.errors = Some(errors.clone());
            }
            Self::Conflict { extensions, .. } => problem.extensions = extensions.clone(),
            Self::MissingScope(scope) => {
                problem
                    .extensions
                    .insert("required_scope".into(), Value::from(scope.as_str()));
            }
            Self::MethodNotAllowed(_, allowed) => {
                problem
                    .extensions
                    .insert("allowed_methods".into(), Value::from(allowed.clone()));
            }
            _ => {}
        }
        problem
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) | Self::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            Self::Validation(_) | Self::InvalidRows { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) | Self::SecondFactorRequired => StatusCode::UNAUTHORIZED,
            Self::SecondFactorSetupRequired => StatusCode::FORBIDDEN,
            Self::Forbidden(_) | Self::MissingScope(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(..) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Gone(_) => StatusCode::GONE,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) | Self::Busy(_) | Self::Draining | Self::StatementTimeout(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Status and headers only; [`problem_details`] writes the body.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            Self::Unauthorized(_) => {
                response.insert_header((
                    header::WWW_AUTHENTICATE,
                    "Bearer realm=\"gmd\", error=\"invalid_token\"",
                ));
            }
            Self::SecondFactorRequired => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"gmd\""));
            }
            Self::TooManyRequests {
                retry_after_secs, ..
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::Unavailable(_) | Self::StatementTimeout(_) => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            Self::Busy(_) | Self::Draining => {
                response.insert_header((header::RETRY_AFTER, "1"));
            }
            Self::MethodNotAllowed(_, allowed) => {
                response.insert_header((header::ALLOW, allowed.join(", ")));
            }
            _ => {}
        }
        response.finish()
    }
}

impl From<DieselError> for ApiError {
    fn from(error: DieselError) -> Self {
        match &error {
            DieselError::NotFound => Self::NotFound("the resource does not exist".into()),
            DieselError::DatabaseError(kind, info) => match kind {
                DatabaseErrorKind::UniqueViolation => {
                    Self::conflict("a resource with the same unique value already exists")
                }
                DatabaseErrorKind::ForeignKeyViolation => {
                    Self::conflict("the change would break a reference between resources")
                }
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand => {
                    Self::Unavailable(info.message().to_owned())
                }
                _ if is_statement_timeout(info.message()) => Self::StatementTimeout(None),
                _ if info.message().contains("invalid byte sequence") => {
                    Self::BadRequest("text may not contain NUL characters".into())
                }
                _ if is_unavailable_message(info.message()) => {
                    Self::Unavailable(info.message().to_owned())
                }
                _ => Self::Internal(error.to_string()),
            },
            DieselError::BrokenTransactionManager => Self::Unavailable(error.to_string()),
            _ => Self::Internal(error.to_string()),
        }
    }
}

/// How each backend reports a statement cancelled by the statement timeout: PostgreSQL's
/// `statement_timeout`, SQLite's progress handler (`db::statement_clock`).
fn is_statement_timeout(message: &str) -> bool {
    message == "interrupted" || message.contains("canceling statement due to statement timeout")
}

/// Messages by which both backends say "the server or file is not available right now".
fn is_unavailable_message(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    [
        "database is locked",
        "database is busy",
        "server closed the connection",
        "connection refused",
        "terminating connection",
        "no connection to the server",
        "could not connect",
        "the database system is",
        "ssl syscall",
        "eof detected",
    ]
    .iter()
    .any(|needle| message.contains(needle))
}

/// What r2d2 says when the wait for a connection ended without any connection failing.
const POOL_WAIT_ENDED: &str = "timed out waiting for connection";

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        let message = error.to_string();
        if message == POOL_WAIT_ENDED {
            Self::Busy("no pooled database connection was free within DB_POOL_WAIT_MS".into())
        } else {
            Self::Unavailable(message)
        }
    }
}

impl From<diesel::result::ConnectionError> for ApiError {
    fn from(error: diesel::result::ConnectionError) -> Self {
        Self::Unavailable(error.to_string())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::Internal(format!("a database task failed: {error}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        Self::Internal(format!("stored JSON could not be read: {error}"))
    }
}

/// Middleware: rewrites every response with an error status into a problem+json body.
pub async fn problem_details(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|id| id.0.clone())
        .unwrap_or_default();
    // Handlers' errors arrive as responses carrying the error; an `Err` here could only
    // come from inner middleware, and there is none.
    let response = next.call(req).await?.map_into_boxed_body();
    Ok(into_problem(response, &request_id))
}

/// Gives an error response its problem body; responses that have one already (or are
/// not errors) pass unchanged.
pub fn into_problem(
    response: ServiceResponse<BoxBody>,
    request_id: &str,
) -> ServiceResponse<BoxBody> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&response) {
        return response;
    }
    let instance = response.request().path().to_owned();
    let problem = match response.response().error() {
        Some(error) => match error.as_error::<ApiError>() {
            Some(api_error) => {
                if status.is_server_error() {
                    log::error!("request {request_id} {instance} failed: {api_error}");
                }
                api_error.problem(&instance, request_id)
            }
            None => foreign_problem(status, &error.to_string(), &instance, request_id),
        },
        None => foreign_problem(status, "", &instance, request_id),
    };
    let (request, original) = response.into_parts();
    let mut builder = HttpResponse::build(status);
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let mut rebuilt = builder.body(body);
    rebuilt
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    ServiceResponse::new(request, rebuilt)
}

/// Whether the response already carries a problem body (written by [`into_problem`] for a
/// stored idempotent answer, or replayed from one).
fn is_problem(response: &ServiceResponse<BoxBody>) -> bool {
    response.response().error().is_none()
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value == PROBLEM_JSON)
}

/// A problem for an error that did not come from our handlers (actix-web's own).
fn foreign_problem(status: StatusCode, cause: &str, instance: &str, request_id: &str) -> Problem {
    let title = status.canonical_reason().unwrap_or("Error").to_owned();
    let detail = if status.is_server_error() {
        log::error!("request {request_id} {instance} failed: {cause}");
        "an unexpected error occurred; quote the request_id when reporting it".to_owned()
    } else if cause.is_empty() {
        title.to_lowercase()
    } else {
        cause.to_owned()
    };
    Problem {
        kind: format!("/problems/{}", title.to_lowercase().replace(' ', "-")),
        title,
        status: status.as_u16(),
        detail,
        instance: instance.to_owned(),
        request_id: request_id.to_owned(),
        errors: None,
        extensions: BTreeMap::new(),
    }
}

//! `Idempotency-Key` on POST, PUT, PATCH and DELETE, for every operation at once.
//!
//! A key belongs to its caller (a user or an API token; anonymous requests are not
//! remembered). The first request with a key claims it in its own short transaction before
//! the handler runs; its answer is stored for 24 hours and replayed, with `Location`,
//! `ETag` and `Content-Type` and `Idempotent-Replayed: true`, to a repeat of the same
//! request (method, path, query and body). A different request with the key is a 422; a
//! repeat while the first still runs is a 409 with `Retry-After`. Answers 5xx, 409 and 429
//! are not stored: the key is released, so a retry runs again.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::idempotency_store::{self as store, Claim, StoredResponse};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::error::{self, ApiError};
use crate::request_id::RequestId;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 255;
/// The pattern of a key, for the spec: visible ASCII.
pub const KEY_PATTERN: &str = "^[!-~]{1,255}$";
/// The largest body remembered with a key (larger requests answer 413).
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// The headers a replay repeats.
const REPLAYED_HEADERS: [HeaderName; 3] = [header::LOCATION, header::ETAG, header::CONTENT_TYPE];
/// How many times a claim is tried when another process inserts the same key at once.
const CLAIM_ATTEMPTS: usize = 3;

/// Whom a key belongs to, or `None` for anonymous callers (never remembered).
pub fn owner_of(caller: Option<&Caller>) -> Option<String> {
    caller.map(|caller| match &caller.token {
        Some(grant) => format!("token:{}", grant.token_id),
        None => format!("user:{}", caller.user_id),
    })
}

/// Runs the request under its `Idempotency-Key`, if it has one and a known caller.
pub async fn run(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    owner: Option<String>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let writes = matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    let key = match key_of(&req) {
        Ok(Some(key)) if writes => key,
        Ok(_) => return Ok(next.call(req).await?.map_into_boxed_body()),
        Err(error) => return Ok(req.error_response(error)),
    };
    let Some(owner) = owner else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Some(pool) = req.app_data::<web::Data<DbPool>>().cloned() else {
        return Ok(req.error_response(ApiError::Internal("no database pool".into())));
    };
    let fingerprint = match fingerprint(&mut req).await {
        Ok(fingerprint) => fingerprint,
        Err(error) => return Ok(req.error_response(error)),
    };
    match claim(&pool, owner, key, fingerprint).await {
        Err(error) => Ok(req.error_response(error)),
        Ok(Claim::Mismatch) => Ok(req.error_response(ApiError::invalid(
            "Idempotency-Key",
            "this key was already used for a different request",
        ))),
        Ok(Claim::Running) => Ok(req.error_response(ApiError::Conflict {
            detail: "a request with this Idempotency-Key is still running; retry shortly".into(),
            extensions: Default::default(),
        }))
        .map(|mut response| {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }),
        Ok(Claim::Done(stored)) => Ok(req.into_response(replay(stored))),
        Ok(Claim::Claimed(id)) => {
            let request_id = req
                .extensions()
                .get::<RequestId>()
                .map(|id| id.0.clone())
                .unwrap_or_default();
            let mut held = HeldKey {
                pool: Some(pool.clone()),
                id,
            };
            let _renewal = Renewal(actix_web::rt::spawn(renew_while_running(pool.clone(), id)));
            let response = next.call(req).await?.map_into_boxed_body();
            let outcome = settle(&pool, id, response, &request_id).await;
            held.pool = None;
            outcome
        }
    }
}

/// The `Idempotency-Key` of the request: 1 to 255 visible ASCII characters.
fn key_of(req: &ServiceRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(HEADER) else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default();
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::BadRequest(format!(
            "Idempotency-Key must be 1 to {MAX_KEY_LEN} visible ASCII characters"
        )));
    }
    Ok(Some(key.to_owned()))
}

/// Reads the body (putting it back for the handler) and hashes it with the method, path
/// and query.
async fn fingerprint(req: &mut ServiceRequest) -> Result<String, ApiError> {
    let mut payload = req.take_payload();
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::BadRequest(format!("cannot read the body: {e}")))?;
        if bytes.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge(format!(
                "a body sent with an Idempotency-Key may have at most {MAX_BODY_BYTES} bytes"
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    let bytes = bytes.freeze();
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.uri().path_and_query().map_or("", |p| p.as_str()));
    hasher.update(b"\n");
    hasher.update(&bytes);
    req.set_payload(bytes.into());
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

async fn claim(
    pool: &DbPool,
    owner: String,
    key: String,
    fingerprint: String,
) -> Result<Claim, ApiError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (owner, key, fingerprint) = (owner.clone(), key.clone(), fingerprint.clone());
        let claimed = db::write_unobserved(pool, move |conn| {
            store::claim(conn, &owner, &key, &fingerprint, db::now())
        })
        .await;
        match claimed {
            // Another process inserted the same key in the meantime: look again.
            Err(ApiError::Conflict { .. }) if attempt < CLAIM_ATTEMPTS => continue,
            other => return other,
        }
    }
}

/// Stores the answer (or releases the key for answers that must not be replayed) and
/// passes it on. A failure to store is logged; the client still gets its answer.
async fn settle(
    pool: &DbPool,
    id: i64,
    response: ServiceResponse<BoxBody>,
    request_id: &str,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let status = response.status();
    if status.is_server_error()
        || status == StatusCode::CONFLICT
        || status == StatusCode::TOO_MANY_REQUESTS
    {
        release(pool, id).await;
        return Ok(response);
    }
    // Error answers get their problem body now, so that a replay shows the same.
    let (request, response) = error::into_problem(response, request_id).into_parts();
    let (head, body) = response.into_parts();
    let Ok(bytes) = body::to_bytes(body).await else {
        release(pool, id).await;
        let error = ApiError::Internal("the answer could not be read".into());
        return Ok(ServiceResponse::from_err(error, request).map_into_boxed_body());
    };
    let stored = StoredResponse {
        status: status.as_u16(),
        headers: REPLAYED_HEADERS
            .iter()
            .filter_map(|name| {
                let value = head.headers().get(name)?.to_str().ok()?;
                Some((name.as_str().to_owned(), value.to_owned()))
            })
            .collect(),
        body: bytes.to_vec(),
    };
    let completed =
        db::write_unobserved(pool, move |conn| store::complete(conn, id, &stored)).await;
    if let Err(error) = completed {
        log::warn!("idempotency key {id}: the answer was not stored: {error}");
        release(pool, id).await;
    }
    Ok(ServiceResponse::new(
        request,
        head.set_body(BoxBody::new(bytes)),
    ))
}

async fn release(pool: &DbPool, id: i64) {
    if let Err(error) = db::write_unobserved(pool, move |conn| store::release(conn, id)).await {
        log::warn!("idempotency key {id} not released: {error}");
    }
}

fn replay(stored: StoredResponse) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    for (name, value) in stored.headers {
        response.insert_header((name, value));
    }
    response.insert_header(("Idempotent-Replayed", "true"));
    response.body(stored.body)
}

/// Renews the claim `id` every [`store::RENEW_EVERY`] until aborted, so that a claim whose
/// process died is taken over by a retry within 20 s, and a long request's is not.
async fn renew_while_running(pool: web::Data<DbPool>, id: i64) {
    loop {
        actix_web::rt::time::sleep(store::RENEW_EVERY).await;
        if let Err(error) = db::write_unobserved(&pool, move |conn| store::renew(conn, id)).await {
            log::warn!("idempotency key {id} not renewed: {error}");
        }
    }
}

/// The renewal of a claim, stopped when the request settles or is dropped.
struct Renewal(actix_web::rt::task::JoinHandle<()>);

impl Drop for Renewal {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A claimed key; if the request is dropped before it settles (the client went away), the
/// key is released on a thread of its own, so that a retry can run.
struct HeldKey {
    pool: Option<web::Data<DbPool>>,
    id: i64,
}

impl Drop for HeldKey {
    fn drop(&mut self) {
        let (Some(pool), id) = (self.pool.take(), self.id) else {
            return;
        };
        std::thread::spawn(move || {
            let released = pool
                .get()
                .map_err(ApiError::from)
                .and_then(|mut conn| store::release(&mut conn, id));
            if let Err(error) = released {
                log::warn!("idempotency key {id} not released: {error}");
            }
        });
    }
}

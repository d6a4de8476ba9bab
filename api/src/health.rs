//! Liveness and readiness probes, the process's lifecycle they report, and its metrics.
//!
//! The probes are never rate-limited and never wait on the pool for more than
//! [`PROBE_WAIT`]: a balancer or an orchestrator with a short timeout gets an answer, and
//! never mistakes a busy or draining process for a dead one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use diesel::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self, DbPool};
use crate::error::ApiError;

/// The paths of the probes and the metrics (never rate-limited).
pub const UNLIMITED_PATHS: [&str; 3] = ["/health/live", "/health/ready", "/metrics"];

/// The longest a probe waits for the database.
pub const PROBE_WAIT: Duration = Duration::from_secs(1);

/// Where the process is in its life: serving, or draining before it stops (after SIGTERM
/// readiness answers 503 while requests are still served).
#[derive(Debug, Default)]
pub struct Lifecycle {
    draining: AtomicBool,
}

impl Lifecycle {
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Release);
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Acquire)
    }
}

/// Liveness's answer: the process serves, and which build it is.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "ok", "version": "0.1.0", "build": "3bff138"}))]
pub struct Liveness {
    #[schema(example = "ok")]
    pub status: String,
    /// The release (the crate's version).
    #[schema(example = "0.1.0")]
    pub version: String,
    /// The commit it was built from (`unknown` when built outside git).
    #[schema(example = "3bff138")]
    pub build: String,
}

/// A probe's answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
}

/// Liveness: the process is serving requests (also while it drains).
#[utoipa::path(
    tag = "health",
    operation_id = "get_liveness",
    responses((status = 200, description = "Alive", body = Liveness)),
    security(())
)]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Liveness {
        status: "ok".into(),
        version: crate::release::VERSION.into(),
        build: crate::release::BUILD.into(),
    })
}

/// Readiness: the process takes new requests and the database answers. 503 while it
/// drains before stopping, and within a second of losing the database; recovers by itself.
#[utoipa::path(
    tag = "health",
    operation_id = "get_readiness",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "Draining before a stop, or the database does not answer",
         body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/health/ready")]
pub async fn ready(
    pool: web::Data<DbPool>,
    lifecycle: Option<web::Data<Lifecycle>>,
) -> Result<HttpResponse, ApiError> {
    if lifecycle.is_some_and(|lifecycle| lifecycle.is_draining()) {
        return Err(ApiError::Draining);
    }
    let pool = pool.get_ref().clone();
    let probe = web::block(move || -> Result<(), ApiError> {
        let mut conn = pool.get_within(PROBE_WAIT)?;
        diesel::sql_query("SELECT 1").execute(&mut *conn)?;
        Ok(())
    });
    match actix_web::rt::time::timeout(PROBE_WAIT, probe).await {
        Ok(answer) => answer??,
        Err(_) => {
            return Err(ApiError::Unavailable(format!(
                "the database did not answer within {} ms",
                PROBE_WAIT.as_millis()
            )))
        }
    }
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
    }))
}

/// `METRICS_TOKEN`, when set.
#[derive(Debug, Clone, Default)]
pub struct MetricsToken(pub Option<String>);

/// The process's metrics in Prometheus's text format (see `metrics`).
///
/// With `METRICS_TOKEN` set, it needs `Authorization: Bearer <token>` (401 otherwise).
#[utoipa::path(
    tag = "health",
    operation_id = "get_metrics",
    responses(
        (status = 200, description = "Prometheus text format 0.0.4", body = String,
         content_type = "text/plain; version=0.0.4",
         example = json!("http_requests_total{method=\"GET\",route=\"/health/live\",status=\"200\"} 3\n")),
        (status = 401, description = "METRICS_TOKEN is set and the request does not carry it",
         body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/metrics")]
pub async fn metrics(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    token: Option<web::Data<MetricsToken>>,
) -> Result<HttpResponse, ApiError> {
    if let Some(expected) = token.as_ref().and_then(|token| token.0.as_deref()) {
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        if !presented.is_some_and(|presented| same_secret(presented, expected)) {
            return Err(ApiError::Unauthorized(
                "the metrics need the METRICS_TOKEN as a bearer token".into(),
            ));
        }
    }
    let state = pool.state();
    let gauges = crate::metrics::PoolGauges {
        idle: i64::from(state.idle_connections),
        in_use: i64::from(state.connections.saturating_sub(state.idle_connections)),
        max: i64::from(pool.max_size()),
    };
    let (pending, oldest) =
        db::read_one(&pool, |conn| Ok(crate::webhooks::pending_summary(conn)?)).await?;
    let age = oldest.map_or(Duration::ZERO, |at| {
        (db::now() - at).to_std().unwrap_or(Duration::ZERO)
    });
    crate::metrics::set_gauges(&gauges, pending, age);
    let body = crate::metrics::encode().map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok()
        .content_type(crate::metrics::CONTENT_TYPE)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// Compares secrets in time that does not depend on where they differ.
fn same_secret(presented: &str, expected: &str) -> bool {
    presented.len() == expected.len()
        && presented
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

//! Prometheus metrics of the process, served at `GET /metrics` (text format 0.0.4).
//!
//! This module only counts; `health` serves them. Counted as they happen: requests and
//! their latency by method, route template and status
//! (`http::access_log`), waits for a pooled connection (`db::pool`), response-cache hits
//! and misses (`http::cache`, `http::fragments`), failed sign-ins (`auth`). Read at each
//! scrape: the pool's open and idle connections, and the webhook queue's depth and the age
//! of its oldest pending delivery (one statement). The registry is the process's: every
//! application a process builds (each HTTP worker's) counts into the same one.

use std::sync::LazyLock;
use std::time::Duration;

use prometheus::{
    Encoder, Gauge, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

/// The path metrics are served at (never rate-limited, never the SPA).
pub const PATH: &str = "/metrics";

/// Latency buckets in seconds: from a cached page to a statement timeout.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_waits: IntCounter,
    pool_wait_timeouts: IntCounter,
    pool_wait_seconds: Histogram,
    pool_connections: IntGaugeVec,
    pool_max: IntGauge,
    cache_lookups: IntCounterVec,
    sign_in_failures: IntCounter,
    webhook_pending: IntGauge,
    webhook_oldest_pending: Gauge,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// Makes a metric and registers it.
fn add<M>(registry: &Registry, made: prometheus::Result<M>) -> M
where
    M: prometheus::core::Collector + Clone + 'static,
{
    let metric = made.expect("a valid metric");
    registry
        .register(Box::new(metric.clone()))
        .expect("each metric is registered once");
    metric
}

fn histogram(name: &str, help: &str) -> HistogramOpts {
    HistogramOpts::new(name, help).buckets(LATENCY_BUCKETS.to_vec())
}

impl Metrics {
    fn new() -> Self {
        let registry = Registry::new();
        let r = &registry;
        let request_labels = ["method", "route", "status"];
        let build = add(
            r,
            IntGaugeVec::new(
                Opts::new("gmd_build_info", "The running release and build"),
                &["version", "build"],
            ),
        );
        build
            .with_label_values(&[crate::release::VERSION, crate::release::BUILD])
            .set(1);
        Self {
            requests: add(
                r,
                IntCounterVec::new(
                    Opts::new("http_requests_total", "HTTP requests answered"),
                    &request_labels,
                ),
            ),
            latency: add(
                r,
                HistogramVec::new(
                    histogram(
                        "http_request_duration_seconds",
                        "Time from the request's arrival to its response's headers",
                    ),
                    &request_labels,
                ),
            ),
            pool_waits: add(
                r,
                IntCounter::new(
                    "db_pool_checkouts_total",
                    "Connections taken from the database pool",
                ),
            ),
            pool_wait_timeouts: add(
                r,
                IntCounter::new(
                    "db_pool_wait_timeouts_total",
                    "Waits for a pooled connection that ended without one",
                ),
            ),
            pool_wait_seconds: add(
                r,
                Histogram::with_opts(histogram(
                    "db_pool_wait_seconds",
                    "Time spent waiting for a pooled connection",
                )),
            ),
            pool_connections: add(
                r,
                IntGaugeVec::new(
                    Opts::new(
                        "db_pool_connections",
                        "Pooled database connections, by state (in_use, idle)",
                    ),
                    &["state"],
                ),
            ),
            pool_max: add(r, IntGauge::new("db_pool_max_connections", "DB_POOL_SIZE")),
            cache_lookups: add(
                r,
                IntCounterVec::new(
                    Opts::new(
                        "response_cache_lookups_total",
                        "Response cache lookups: whole pages and items by row version",
                    ),
                    &["cache", "outcome"],
                ),
            ),
            sign_in_failures: add(
                r,
                IntCounter::new(
                    "sign_in_failures_total",
                    "Sign-ins refused for a wrong e-mail or password",
                ),
            ),
            webhook_pending: add(
                r,
                IntGauge::new(
                    "webhook_deliveries_pending",
                    "Webhook deliveries waiting to be sent or retried (all processes)",
                ),
            ),
            webhook_oldest_pending: add(
                r,
                Gauge::new(
                    "webhook_oldest_pending_age_seconds",
                    "Age of the oldest pending webhook delivery's event (0 when none)",
                ),
            ),
            registry,
        }
    }
}

/// Counts one answered request.
pub fn request_answered(method: &str, route: &str, status: u16, elapsed: Duration) {
    let status = status.to_string();
    let labels = [method, route, status.as_str()];
    METRICS.requests.with_label_values(&labels).inc();
    METRICS
        .latency
        .with_label_values(&labels)
        .observe(elapsed.as_secs_f64());
}

/// Counts one check-out from the pool and how long it waited.
pub fn pool_checkout(waited: Duration) {
    METRICS.pool_waits.inc();
    METRICS.pool_wait_seconds.observe(waited.as_secs_f64());
}

/// Counts one wait for a pooled connection that ended empty-handed.
pub fn pool_wait_timed_out() {
    METRICS.pool_wait_timeouts.inc();
}

/// Counts cache lookups: `cache` is `page` or `item`.
pub fn cache_lookups(cache: &str, hits: usize, misses: usize) {
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    if hits > 0 {
        METRICS
            .cache_lookups
            .with_label_values(&[cache, "hit"])
            .inc_by(count(hits));
    }
    if misses > 0 {
        METRICS
            .cache_lookups
            .with_label_values(&[cache, "miss"])
            .inc_by(count(misses));
    }
}

/// Counts one refused sign-in.
pub fn sign_in_failed() {
    METRICS.sign_in_failures.inc();
}

/// Sets what is read at each scrape: the pool's connections, and the webhook queue.
pub fn set_gauges(pool: &PoolGauges, pending: i64, oldest_pending_age: Duration) {
    let connections = &METRICS.pool_connections;
    connections.with_label_values(&["idle"]).set(pool.idle);
    connections.with_label_values(&["in_use"]).set(pool.in_use);
    METRICS.pool_max.set(pool.max);
    METRICS.webhook_pending.set(pending);
    METRICS
        .webhook_oldest_pending
        .set(oldest_pending_age.as_secs_f64());
}

/// The pool's connections now.
#[derive(Debug, Clone, Copy)]
pub struct PoolGauges {
    pub idle: i64,
    pub in_use: i64,
    pub max: i64,
}

/// Every metric in Prometheus's text format ([`CONTENT_TYPE`]).
pub fn encode() -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    TextEncoder::new()
        .encode(&METRICS.registry.gather(), &mut body)
        .map_err(|e| format!("cannot encode the metrics: {e}"))?;
    Ok(body)
}

/// The content type of [`encode`]'s text.
pub const CONTENT_TYPE: &str = prometheus::TEXT_FORMAT;

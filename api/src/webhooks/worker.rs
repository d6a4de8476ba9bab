//! The delivery worker: a thread inside each API process that claims due deliveries,
//! signs and sends them, and records the outcome. It stops when the server's state is
//! dropped (the server stopped). It also prunes the delivery log past its retention.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::queue::{self, Attempt, Claimed};
use super::settings::{WebhookSettings, TIMEOUT};
use super::{retention, screen, signature, target};
use crate::db::{self, DbPool};

/// What the worker shares with the server: it runs while this is alive.
#[derive(Debug)]
pub struct WebhookRuntime {
    pub pool: DbPool,
    pub settings: WebhookSettings,
}

/// Deliveries one round claims at most.
const BATCH: i64 = 16;

/// Starts the worker thread for `runtime`; it ends after the round it is in once the
/// last copy of `runtime` is gone.
pub fn spawn(runtime: &Arc<WebhookRuntime>) -> Option<std::thread::JoinHandle<()>> {
    let weak = Arc::downgrade(runtime);
    let worker = format!("worker-{}", uuid::Uuid::new_v4().simple());
    let spawned = std::thread::Builder::new()
        .name("gmd-webhooks".into())
        .spawn(move || run(&weak, &worker));
    spawned
        .map_err(|error| log::error!("the webhook worker could not start: {error}"))
        .ok()
}

fn run(runtime: &Weak<WebhookRuntime>, worker: &str) {
    let executor = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(executor) => executor,
        Err(error) => {
            log::error!("the webhook worker has no runtime: {error}");
            return;
        }
    };
    let mut pruned_at: Option<Instant> = None;
    loop {
        let Some(shared) = runtime.upgrade() else {
            return;
        };
        if pruned_at.is_none_or(|at| at.elapsed() >= retention::PRUNE_EVERY) {
            prune(&shared);
            pruned_at = Some(Instant::now());
        }
        let poll = shared.settings.poll;
        let busy = match round(&executor, &shared, worker) {
            Ok(delivered) => delivered > 0,
            Err(error) => {
                log::warn!("webhook delivery round failed: {error}");
                false
            }
        };
        drop(shared);
        if !busy {
            std::thread::sleep(poll);
        }
    }
}

/// Deletes the delivery log past its retention (failures are logged, and retried at the
/// next pruning).
fn prune(shared: &WebhookRuntime) {
    let before = db::now()
        - chrono::Duration::from_std(shared.settings.retention)
            .unwrap_or(chrono::Duration::days(30));
    match db::write_bookkeeping(&shared.pool, |conn| retention::prune(conn, before)) {
        Ok(pruned) if pruned.deliveries + pruned.events > 0 => log::info!(
            "webhook retention: deleted {} finished deliveries and {} events",
            pruned.deliveries,
            pruned.events
        ),
        Ok(_) => {}
        Err(error) => log::warn!("webhook retention failed: {error}"),
    }
}

/// One round: claim, send concurrently, record. Returns how many were attempted.
fn round(
    executor: &tokio::runtime::Runtime,
    shared: &WebhookRuntime,
    worker: &str,
) -> Result<usize, crate::error::ApiError> {
    // Claimed and projected with each subscriber's rights in one transaction: what is
    // withheld is recorded there, and is never sent.
    let claimed = db::write_bookkeeping(&shared.pool, |conn| {
        let claimed = queue::claim(conn, worker, BATCH)?;
        screen::screen(conn, worker, claimed)
    })?;
    let count = claimed.len();
    if count == 0 {
        return Ok(0);
    }
    let settings = shared.settings.clone();
    let (pool, worker) = (shared.pool.clone(), worker.to_owned());
    executor.block_on(async move {
        // Claims are renewed while the round sends and until it is recorded.
        let renewal = tokio::spawn(renew_claims(pool.clone(), worker.clone()));
        let mut sends = tokio::task::JoinSet::new();
        for delivery in claimed {
            let settings = settings.clone();
            sends.spawn(async move {
                let attempt = send(&delivery, &settings).await;
                (delivery, attempt)
            });
        }
        let mut done = Vec::new();
        while let Some(joined) = sends.join_next().await {
            if let Ok(pair) = joined {
                done.push(pair);
            }
        }
        record(pool, worker, settings, done).await;
        renewal.abort();
    });
    Ok(count)
}

/// How long the worker keeps trying to record a round it has sent.
const RECORD_PATIENCE: Duration = Duration::from_secs(60);

/// Records the round in one transaction (one commit, one WAL flush on PostgreSQL, instead
/// of one per delivery). A failure to record (no pooled connection free, a database that
/// went away for a moment) is retried while the claims are still renewed: giving up would
/// let the claims lapse and send again what receivers already have. Only when the database
/// stays away past [`RECORD_PATIENCE`] are the deliveries attempted again after their
/// lease: delivery is at least once, as documented.
async fn record(
    pool: DbPool,
    worker: String,
    settings: WebhookSettings,
    attempts: Vec<(Claimed, Attempt)>,
) {
    let attempts = std::sync::Arc::new(attempts);
    let started = Instant::now();
    let mut backoff = Duration::from_millis(50);
    loop {
        let (pool, worker, settings, attempts) = (
            pool.clone(),
            worker.clone(),
            settings.clone(),
            attempts.clone(),
        );
        let recorded = tokio::task::spawn_blocking(move || {
            db::write_bookkeeping(&pool, |conn| {
                for (delivery, attempt) in attempts.iter() {
                    queue::finish(conn, &worker, &settings, delivery, attempt)?;
                }
                Ok(())
            })
        })
        .await;
        let error = match recorded {
            Ok(Ok(())) => return,
            Ok(Err(error)) => error.to_string(),
            Err(error) => error.to_string(),
        };
        if started.elapsed() >= RECORD_PATIENCE {
            log::error!("a webhook round could not be recorded; it will be sent again: {error}");
            return;
        }
        log::warn!("recording a webhook round failed, retrying: {error}");
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(2));
    }
}

/// Renews `worker`'s claims every [`queue::RENEW_EVERY`] until aborted.
async fn renew_claims(pool: DbPool, worker: String) {
    loop {
        tokio::time::sleep(queue::RENEW_EVERY).await;
        let (pool, worker) = (pool.clone(), worker.clone());
        let renewed = tokio::task::spawn_blocking(move || {
            db::write_bookkeeping(&pool, |conn| queue::renew(conn, &worker))
        })
        .await;
        if let Ok(Err(error)) = renewed {
            log::warn!("webhook claims could not be renewed: {error}");
        }
    }
}

/// The JSON body of a delivery.
pub fn payload(delivery: &Claimed) -> Value {
    json!({
        "id": delivery.event_id,
        "type": delivery.event_type,
        "occurred_at": delivery.occurred_at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        "event": delivery.event_slug,
        "resource": {"type": delivery.resource, "id": delivery.resource_id},
        "data": serde_json::from_str::<Value>(&delivery.data).unwrap_or(Value::Null),
    })
}

async fn send(delivery: &Claimed, settings: &WebhookSettings) -> Attempt {
    let started = Instant::now();
    let elapsed =
        |started: Instant| i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let url = delivery.url.clone();
    let checked = {
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || target::check(&url, &settings)).await
    };
    let target = match checked {
        Ok(Ok(target)) => target,
        Ok(Err(reason)) => {
            return Attempt {
                status_code: None,
                duration_ms: elapsed(started),
                error: Some(format!("target refused: {reason}")),
                refused: true,
            }
        }
        Err(error) => {
            return Attempt {
                status_code: None,
                duration_ms: elapsed(started),
                error: Some(format!("target check failed: {error}")),
                refused: false,
            }
        }
    };
    let body = payload(delivery).to_string();
    let unix = chrono::Utc::now().timestamp();
    // HTTPS is rustls with the bundled web PKI roots (plus the operator's own, if any):
    // the receiver's certificate must be valid for its host, whatever the machine's
    // certificate store holds.
    let client = settings
        .extra_roots
        .iter()
        .fold(reqwest::Client::builder(), |builder, root| {
            builder.add_root_certificate(root.clone())
        })
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        // Connect to the address that was checked, not to a second DNS answer, and not
        // through a proxy from the environment (which would resolve the host again).
        .resolve(&target.host, target.address)
        .no_proxy()
        .user_agent("gmd-webhooks/1")
        .build();
    let sent = match client {
        Ok(client) => {
            client
                .post(target.url)
                .header("content-type", "application/json")
                .header(
                    "x-gmd-signature",
                    signature::sign(&delivery.secret, unix, body.as_bytes()),
                )
                .header("x-gmd-event-type", &delivery.event_type)
                .header("x-gmd-delivery", delivery.delivery_id.to_string())
                .body(body)
                .send()
                .await
        }
        Err(error) => Err(error),
    };
    match sent {
        Ok(response) => {
            let code = response.status().as_u16();
            Attempt {
                status_code: Some(code),
                duration_ms: elapsed(started),
                error: (!response.status().is_success())
                    .then(|| format!("the receiver answered {code}")),
                refused: false,
            }
        }
        Err(error) => Attempt {
            status_code: None,
            duration_ms: elapsed(started),
            error: Some(if error.is_timeout() {
                "no answer within 10 s".to_owned()
            } else {
                format!("cannot reach the receiver: {}", with_causes(&error))
            }),
            refused: false,
        },
    }
}

/// An error with the chain of its causes: reqwest's own message names only the URL, the
/// cause says what failed (refused connection, TLS handshake, certificate).
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let more = inner.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = inner.source();
    }
    text
}

//! Shared steps of the webhook suites: an app with a delivery worker, a subscription, and
//! reading the delivery log.

use std::time::{Duration, Instant};

use gmd_tests::{json, test_webhooks, Backend, Receiver, Setup, TestApp, Value};

/// The secret every test subscription signs with.
pub const SECRET: &str = "whsec_test_secret_0123456789";

/// An app whose worker may deliver to the loopback receiver.
pub async fn app_with_worker(backend: Backend) -> Option<TestApp> {
    TestApp::spawn_with(
        backend,
        Setup {
            webhooks: Some(test_webhooks()),
            ..Setup::default()
        },
    )
    .await
}

/// Subscribes `receiver` to `patterns`; returns the subscription's id.
pub async fn subscribe(app: &TestApp, receiver: &Receiver, patterns: &[&str]) -> i64 {
    let token = app.organizer_token().await;
    let body = json!({"url": receiver.url, "event_types": patterns, "secret": SECRET});
    let created = app
        .post("/api/v1/webhooks", Some(&token), &body)
        .await
        .expect(201);
    assert!(created.get("secret").is_some(), "the secret is shown once");
    created["id"].as_i64().expect("an id")
}

/// The subscription's delivery log (newest first).
pub async fn deliveries(app: &TestApp, webhook: i64) -> Vec<Value> {
    let token = app.organizer_token().await;
    let page = app
        .get(
            &format!("/api/v1/webhooks/{webhook}/deliveries?per_page=100"),
            Some(&token),
        )
        .await
        .expect(200);
    page["items"].as_array().cloned().unwrap_or_default()
}

/// Waits (up to a minute) until the delivery log satisfies `done`.
pub async fn wait_for_log(
    app: &TestApp,
    webhook: i64,
    what: &str,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let log = deliveries(app, webhook).await;
        if done(&log) {
            return log;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {log:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

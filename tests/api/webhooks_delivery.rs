//! Webhook delivery through a loopback receiver: signatures, retries, 410, rollbacks.

use gmd_tests::{city_body, json, Receiver};

use crate::webhooks_support::{app_with_worker, subscribe, wait_for_log, SECRET};

macro_rules! with_worker {
    ($name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let $app = app_with_worker(gmd_tests::Backend::Sqlite)
                    .await
                    .expect("SQLite");
                $body.await;
            }

            #[actix_web::test]
            async fn postgres() {
                let Some($app) = app_with_worker(gmd_tests::Backend::Postgres).await else {
                    return;
                };
                $body.await;
            }
        }
    };
}

with_worker!(
    a_receiver_failing_three_times_gets_the_event_on_the_fourth,
    |app| async move {
        let receiver = Receiver::start(SECRET, &[500, 503, 500], 204).await;
        let webhook = subscribe(&app, &receiver, &["city.*"]).await;
        let city = app.new_city("Rovaniemi").await;

        let received = receiver
            .wait_until("a successful delivery", |r| {
                r.iter().any(|d| d.answered == 204)
            })
            .await;
        assert_eq!(received.len(), 4, "three failures, then success");
        assert!(
            received.iter().all(|d| d.signature_valid),
            "every attempt is signed"
        );
        let body = &received[3].body;
        assert_eq!(body["type"], "city.created");
        assert_eq!(body["resource"], json!({"type": "city", "id": city}));
        assert_eq!(body["event"], serde_json::Value::Null);
        assert_eq!(body["data"]["object"]["name"]["en"], "Rovaniemi");
        assert!(
            received.iter().all(|d| d.body["id"] == body["id"]),
            "one event, retried"
        );

        let log = wait_for_log(&app, webhook, "the log to say delivered", |log| {
            log.first().is_some_and(|d| d["status"] == "delivered")
        })
        .await;
        assert_eq!(log.len(), 1);
        assert_eq!(log[0]["attempts"], 4);
        assert_eq!(log[0]["last_status_code"], 204);
        assert_eq!(log[0]["event_type"], "city.created");
    }
);

with_worker!(a_410_disables_the_subscription, |app| async move {
    let receiver = Receiver::start(SECRET, &[], 410).await;
    let webhook = subscribe(&app, &receiver, &["*"]).await;
    app.new_city("Edmonton").await;

    let log = wait_for_log(&app, webhook, "the 410 to be logged", |log| {
        log.first().is_some_and(|d| d["status"] == "failed")
    })
    .await;
    assert_eq!(log[0]["last_status_code"], 410);
    let token = app.organizer_token().await;
    let subscription = app
        .get(&format!("/api/v1/webhooks/{webhook}"), Some(&token))
        .await
        .expect(200);
    assert_eq!(subscription["active"], false);
    assert!(subscription["disabled_reason"]
        .as_str()
        .is_some_and(|r| r.contains("410")));
    // Later changes are not queued for a disabled subscription.
    app.new_city("Sapporo").await;
    assert_eq!(
        crate::webhooks_support::deliveries(&app, webhook)
            .await
            .len(),
        1
    );
    assert_eq!(receiver.received().len(), 1);
});

with_worker!(a_rolled_back_change_sends_nothing, |app| async move {
    let receiver = Receiver::start(SECRET, &[], 204).await;
    let webhook = subscribe(&app, &receiver, &["city.*"]).await;
    let token = app.organizer_token().await;
    let mut body = city_body("Harbin");
    body["wikidata_id"] = json!("Q42956");
    app.post("/api/v1/cities", Some(&token), &body)
        .await
        .expect(201);
    // The same wikidata id again: the insert runs, hits the unique index, and the
    // transaction rolls back with a 409.
    let mut again = city_body("Harbin again");
    again["wikidata_id"] = json!("Q42956");
    app.post("/api/v1/cities", Some(&token), &again)
        .await
        .expect(409);
    // A later change marks the end: once it arrives, anything queued before it has too.
    app.new_city("Marker").await;

    let received = receiver
        .wait_until("both committed cities", |r| r.len() >= 2)
        .await;
    let mut names: Vec<String> = received
        .iter()
        .map(|d| {
            d.body["data"]["object"]["name"]["en"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["Harbin", "Marker"]);
    // The outbox itself never held the rolled-back change.
    let log = crate::webhooks_support::deliveries(&app, webhook).await;
    assert_eq!(log.len(), 2);
});

with_worker!(
    an_import_sends_one_event_per_row_and_a_rejected_one_none,
    |app| async move {
        let receiver = Receiver::start(SECRET, &[], 204).await;
        subscribe(&app, &receiver, &["delegate.created"]).await;
        let scenario = app.scenario().await;
        let token = app.organizer_token().await;
        let import = |csv: String| {
            gmd_tests::Reply::send(
                app.request(
                    reqwest::Method::POST,
                    &scenario.path("/delegates/import"),
                    Some(&token),
                )
                .header("content-type", "text/csv")
                .body(csv),
            )
        };
        let rows = |bad: &str| {
            format!(
                "given_name,role,city_id\nAino,official,{city}\nMatti,{bad},{city}\nLiisa,staff,{city}\n",
                city = scenario.city_id
            )
        };
        import(rows("chancellor")).await.expect_problem(422);
        assert_eq!(
            app.count(
                "SELECT COUNT(*) AS n FROM webhook_events WHERE event_type = 'delegate.created'"
            ),
            0,
            "a rejected import leaves nothing in the outbox"
        );
        import(rows("press")).await.expect(200);
        let received = receiver
            .wait_until("three delegate.created events", |r| r.len() >= 3)
            .await;
        let mut names: Vec<String> = received
            .iter()
            .map(|d| {
                d.body["data"]["object"]["given_name"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        names.sort();
        assert_eq!(names, ["Aino", "Liisa", "Matti"]);
        assert!(received.iter().all(|d| d.signature_valid));
    }
);

/// HTTPS: the worker delivers through TLS to a receiver whose certificate chains to a root
/// it trusts (here an extra root, as `WEBHOOK_CA_FILE` gives one), and refuses a receiver
/// whose certificate does not, without sending it anything.
mod https {
    use gmd_tests::{test_webhooks, Backend, Setup, TestApp};

    use super::*;

    async fn delivers_only_to_trusted_certificates(backend: Backend) {
        let trusted = Receiver::start_tls(SECRET, &[], 204).await;
        let untrusted = Receiver::start_tls(SECRET, &[], 204).await;
        let pem = trusted.certificate.clone().expect("a certificate");
        let root = reqwest::Certificate::from_pem(pem.as_bytes()).expect("a PEM certificate");
        let setup = Setup {
            webhooks: Some(gmd_api::webhooks::WebhookSettings {
                extra_roots: vec![root],
                ..test_webhooks()
            }),
            ..Setup::default()
        };
        let Some(app) = TestApp::spawn_with(backend, setup).await else {
            return;
        };
        assert!(trusted.url.starts_with("https://127.0.0.1:"));
        let good = subscribe(&app, &trusted, &["city.*"]).await;
        let bad = subscribe(&app, &untrusted, &["city.*"]).await;
        let city = app.new_city("Kiruna").await;

        let received = trusted
            .wait_until("the delivery over TLS", |r| !r.is_empty())
            .await;
        assert!(received[0].signature_valid);
        assert_eq!(received[0].body["type"], "city.created");
        assert_eq!(received[0].body["resource"]["id"], city);
        let log = wait_for_log(&app, good, "the log to say delivered", |log| {
            log.first().is_some_and(|d| d["status"] == "delivered")
        })
        .await;
        assert_eq!(log[0]["attempts"], 1);

        let log = wait_for_log(&app, bad, "a refused certificate", |log| {
            log.first().is_some_and(|d| d["last_error"].is_string())
        })
        .await;
        let error = log[0]["last_error"].as_str().unwrap_or_default();
        assert!(
            error.contains("invalid peer certificate"),
            "the TLS layer refused the certificate: {error}"
        );
        assert_eq!(log[0]["status"], "pending", "it is retried: {log:?}");
        assert!(untrusted.received().is_empty(), "nothing was sent to it");
        assert!(untrusted.handshakes_failed() >= 1);
    }

    #[actix_web::test]
    async fn sqlite() {
        delivers_only_to_trusted_certificates(Backend::Sqlite).await;
    }

    #[actix_web::test]
    async fn postgres() {
        delivers_only_to_trusted_certificates(Backend::Postgres).await;
    }
}

with_worker!(
    finished_deliveries_are_pruned_after_the_retention,
    |app| async move {
        let receiver = Receiver::start(SECRET, &[], 204).await;
        let good = subscribe(&app, &receiver, &["city.*"]).await;
        app.new_city("Old town").await;
        wait_for_log(&app, good, "the old delivery", |log| {
            log.first().is_some_and(|d| d["status"] == "delivered")
        })
        .await;
        // Forty days pass for everything so far.
        for sql in [
            "UPDATE webhook_deliveries SET updated_at = '2000-01-01 00:00:00', created_at = '2000-01-01 00:00:00'",
            "UPDATE webhook_events SET created_at = '2000-01-01 00:00:00', occurred_at = '2000-01-01 00:00:00'",
        ] {
            app.execute(sql);
        }
        let failing = Receiver::start(SECRET, &[], 500).await;
        let bad = subscribe(&app, &failing, &["city.*"]).await;
        app.new_city("New town").await;
        wait_for_log(&app, good, "the new delivery", |log| {
            log.len() == 2 && log.iter().all(|d| d["status"] == "delivered")
        })
        .await;

        // A second process starts: its worker prunes first.
        app.spawn_peer(&gmd_tests::Setup {
            webhooks: Some(gmd_tests::test_webhooks()),
            ..gmd_tests::Setup::default()
        });
        let kept = wait_for_log(&app, good, "the old delivery to be pruned", |log| {
            log.len() == 1
        })
        .await;
        assert_eq!(kept[0]["status"], "delivered");
        let pending = crate::webhooks_support::deliveries(&app, bad).await;
        assert_eq!(pending.len(), 1, "a pending delivery is kept: {pending:?}");
        assert_eq!(pending[0]["status"], "pending");
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM webhook_events"),
            1,
            "the old event went with its last delivery; the new one is still needed"
        );
    }
);

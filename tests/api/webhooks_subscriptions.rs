//! Managing webhook subscriptions: validation, the SSRF guard, the secret shown once,
//! permissions, redelivery.

use gmd_api::auth::Role;
use gmd_tests::{both_backends, json, Receiver, Setup};

use crate::webhooks_support::{app_with_worker, subscribe, wait_for_log, SECRET};

both_backends!(
    internal_targets_are_refused_without_the_allowlist,
    |app| async move {
        let token = app.organizer_token().await;
        for url in [
            "http://127.0.0.1:9000/hook",
            "http://10.0.0.7/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://localhost:8080/hook",
            "http://[::1]/hook",
            "ftp://partner.example/hook",
        ] {
            let problem = app
                .post(
                    "/api/v1/webhooks",
                    Some(&token),
                    &json!({"url": url, "event_types": ["*"]}),
                )
                .await
                .expect(422);
            assert_eq!(problem["errors"][0]["field"], "url", "{url}: {problem}");
        }
    }
);

both_backends!(
    subscriptions_are_validated_and_hide_their_secret,
    |app| async move {
        let token = app.organizer_token().await;
        let problem = app
        .post(
            "/api/v1/webhooks",
            Some(&token),
            &json!({"url": "http://127.0.0.1/x", "event_types": ["nonsense.*", "delegate.exploded"], "secret": "short"}),
        )
        .await
        .expect(422);
        let fields: Vec<_> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].clone())
            .collect();
        assert!(
            fields.contains(&json!("event_types[0]")) && fields.contains(&json!("event_types[1]"))
        );
        assert!(fields.contains(&json!("secret")));

        let delegate = app.token_for(Role::Delegate, None).await;
        app.get("/api/v1/webhooks", Some(&delegate))
            .await
            .expect(403);
        let types = app
            .get("/api/v1/webhooks/event-types", Some(&token))
            .await
            .expect(200);
        for wanted in [
            "delegate.checked_in",
            "registration.promoted",
            "booth.released",
            "meeting.state_changed",
            "endorsement.withdrawn",
        ] {
            assert!(
                types["event_types"]
                    .as_array()
                    .unwrap()
                    .contains(&json!(wanted)),
                "{wanted}"
            );
        }
    }
);

#[actix_web::test]
async fn the_secret_is_shown_once_and_redelivery_sends_again() {
    for backend in [gmd_tests::Backend::Sqlite, gmd_tests::Backend::Postgres] {
        let Some(app) = app_with_worker(backend).await else {
            continue;
        };
        let receiver = Receiver::start(SECRET, &[], 204).await;
        let webhook = subscribe(&app, &receiver, &["city.created"]).await;
        let token = app.organizer_token().await;
        let shown = app
            .get(&format!("/api/v1/webhooks/{webhook}"), Some(&token))
            .await
            .expect(200);
        assert!(shown.get("secret").is_none());
        let listed = app.get("/api/v1/webhooks", Some(&token)).await.expect(200);
        assert!(!listed.to_string().contains(SECRET));

        app.new_city("Tromsø").await;
        let log = wait_for_log(&app, webhook, "the first delivery", |log| {
            log.first().is_some_and(|d| d["status"] == "delivered")
        })
        .await;
        let first = log[0]["id"].as_i64().unwrap();
        let again = app
            .post(
                &format!("/api/v1/webhooks/{webhook}/deliveries/{first}/redeliver"),
                Some(&token),
                &json!({}),
            )
            .await
            .expect(202);
        assert_eq!(again["redelivery_of"], first);
        let received = receiver
            .wait_until("the redelivery", |r| r.len() == 2)
            .await;
        assert_eq!(
            received[0].body["id"], received[1].body["id"],
            "the same event"
        );
        assert!(received.iter().all(|r| r.signature_valid));

        // The audit trail shows the subscription without its secret.
        let admin = app.admin_token().await;
        let audit = app
            .get("/api/v1/audit?resource=webhook", Some(&admin))
            .await
            .expect(200);
        assert!(!audit.to_string().contains(SECRET));
        assert_eq!(audit["items"][0]["action"], "created");
    }
}

/// Two API processes on one database: each event reaches the receiver exactly once, and
/// the events of one resource in order.
#[actix_web::test]
async fn two_processes_deliver_each_event_exactly_once() {
    for backend in [gmd_tests::Backend::Postgres, gmd_tests::Backend::Sqlite] {
        let Some(app) = app_with_worker(backend).await else {
            continue;
        };
        let peer = app.spawn_peer(&Setup {
            webhooks: Some(gmd_tests::test_webhooks()),
            ..Setup::default()
        });
        let receiver = Receiver::start(SECRET, &[], 204).await;
        let webhook = subscribe(&app, &receiver, &["city.*"]).await;
        let token = app.organizer_token().await;
        let mut requests = Vec::new();
        for i in 0..30 {
            let base = if i % 2 == 0 {
                app.address.clone()
            } else {
                peer.clone()
            };
            requests.push(
                app.client
                    .post(format!("{base}/api/v1/cities"))
                    .bearer_auth(&token)
                    .json(&gmd_tests::city_body(&format!("City {i}"))),
            );
        }
        let created = app.concurrently(requests).await;
        let first = created[0].json()["id"].as_i64().unwrap();
        for reply in &created {
            reply.expect(201);
        }
        // Five updates of one city, alternating processes.
        for n in 0..5 {
            let base = if n % 2 == 0 {
                app.address.clone()
            } else {
                peer.clone()
            };
            let reply = gmd_tests::Reply::send(
                app.client
                    .patch(format!("{base}/api/v1/cities/{first}"))
                    .bearer_auth(&token)
                    .json(&json!({"population": 1000 + n})),
            )
            .await;
            reply.expect(200);
        }
        let expected = 35;
        wait_for_log(&app, webhook, "every delivery to finish", |log| {
            log.len() == expected && log.iter().all(|d| d["status"] == "delivered")
        })
        .await;
        let received = receiver.received();
        assert_eq!(
            received.len(),
            expected,
            "{backend:?}: no duplicates, none missing"
        );
        let mut ids: Vec<i64> = received
            .iter()
            .map(|r| r.body["id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), expected);
        let populations: Vec<_> = received
            .iter()
            .filter(|r| r.body["resource"]["id"] == first && r.body["type"] == "city.updated")
            .map(|r| r.body["data"]["object"]["population"].clone())
            .collect();
        assert_eq!(
            populations,
            (0..5).map(|n| json!(1000 + n)).collect::<Vec<_>>(),
            "{backend:?}: in order"
        );
        drop(app);
    }
}

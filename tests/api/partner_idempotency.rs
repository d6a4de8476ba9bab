//! `Idempotency-Key` on every write: replay of the same request, 422 for a different one,
//! exactly one effect under parallel duplicates (also sent to two API processes sharing one
//! database), 409 answers not stored, keys per caller.

use gmd_tests::*;
use reqwest::Method;

fn keyed(
    app: &TestApp,
    token: &str,
    key: &str,
    path: &str,
    body: &Value,
) -> reqwest::RequestBuilder {
    app.request(Method::POST, path, Some(token))
        .header("Idempotency-Key", key)
        .json(body)
}

async fn cities_named(app: &TestApp, name: &str) -> i64 {
    app.get(&format!("/api/v1/cities?q={name}"), None)
        .await
        .expect(200)["total"]
        .as_i64()
        .expect("a total")
}

both_backends!(the_same_request_is_replayed, |app| async move {
    let token = app.organizer_token().await;
    let body = city_body("Replayville");
    let first = Reply::send(keyed(&app, &token, "key-1", "/api/v1/cities", &body)).await;
    let created = first.expect(201);
    assert!(first.header("idempotent-replayed").is_none());
    let again = Reply::send(keyed(&app, &token, "key-1", "/api/v1/cities", &body)).await;
    assert_eq!(again.expect(201), created);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert!(again
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json")));
    assert_eq!(cities_named(&app, "Replayville").await, 1);

    // The same key for a different body or path is a 422.
    let other = city_body("Elsewhere");
    let problem = Reply::send(keyed(&app, &token, "key-1", "/api/v1/cities", &other))
        .await
        .expect_problem(422);
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key");
    let id = created["id"].as_i64().unwrap();
    let patch = app
        .request(Method::PATCH, &format!("/api/v1/cities/{id}"), Some(&token))
        .header("Idempotency-Key", "key-1")
        .json(&json!({"region": "Lapland"}));
    Reply::send(patch).await.expect_problem(422);
    assert_eq!(cities_named(&app, "Elsewhere").await, 0);

    // A bad key is a 400; a request without one runs every time.
    Reply::send(keyed(&app, &token, "", "/api/v1/cities", &other))
        .await
        .expect_problem(400);
    app.post("/api/v1/cities", Some(&token), &other)
        .await
        .expect(201);
    app.post("/api/v1/cities", Some(&token), &other)
        .await
        .expect(201);
    assert_eq!(cities_named(&app, "Elsewhere").await, 2);
});

both_backends!(error_answers_are_replayed_too, |app| async move {
    let token = app.organizer_token().await;
    let mut bad = city_body("Nowhere");
    bad["latitude"] = json!(123.0);
    let first = Reply::send(keyed(&app, &token, "bad-1", "/api/v1/cities", &bad)).await;
    let problem = first.expect_problem(422);
    let again = Reply::send(keyed(&app, &token, "bad-1", "/api/v1/cities", &bad)).await;
    // The replay is the stored answer, down to the first request's `request_id`.
    assert_eq!(again.status, 422);
    assert_eq!(again.json(), problem);
    assert!(again
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/problem+json")));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
});

both_backends!(
    twenty_parallel_duplicates_create_one_city,
    |app| async move {
        let token = app.organizer_token().await;
        let body = city_body("Parallelburg");
        let requests = (0..20)
            .map(|_| keyed(&app, &token, "parallel-1", "/api/v1/cities", &body))
            .collect();
        let replies = app.concurrently(requests).await;
        let mut ids = std::collections::BTreeSet::new();
        let mut originals = 0;
        for reply in &replies {
            match reply.status {
                201 => {
                    ids.insert(reply.json()["id"].as_i64().unwrap());
                    if reply.header("idempotent-replayed").is_none() {
                        originals += 1;
                    }
                }
                409 => {
                    reply.expect_problem(409);
                    assert!(
                        reply.header("retry-after").is_some(),
                        "409 without Retry-After"
                    );
                }
                other => panic!("unexpected {other}: {}", reply.body),
            }
        }
        assert_eq!(originals, 1, "exactly one request ran");
        assert!(ids.len() <= 1, "every 201 names the same city: {ids:?}");
        assert_eq!(cities_named(&app, "Parallelburg").await, 1);
        // Once settled, every repeat is a replay.
        let after = Reply::send(keyed(&app, &token, "parallel-1", "/api/v1/cities", &body)).await;
        after.expect(201);
        assert_eq!(after.header("idempotent-replayed"), Some("true"));
    }
);

both_backends!(a_409_is_not_stored_so_a_retry_runs, |app| async move {
    let scenario = app.scenario().await;
    let delegate = app.new_delegate(&scenario, "Aino", "Korhonen").await["id"]
        .as_i64()
        .unwrap();
    let token = app.organizer_token().await;
    let accredit = scenario.path(&format!("/delegates/{delegate}/accreditation/accredit"));
    // `accredit` is illegal from `invited`: a 409, which is not kept.
    Reply::send(keyed(&app, &token, "acc-1", &accredit, &json!({})))
        .await
        .expect_problem(409);
    app.accreditation(&scenario.event, delegate, "register", &token)
        .await
        .expect(200);
    let retried = Reply::send(keyed(&app, &token, "acc-1", &accredit, &json!({}))).await;
    assert_eq!(retried.expect(200)["accreditation_status"], "accredited");
    assert!(
        retried.header("idempotent-replayed").is_none(),
        "it ran again"
    );
});

both_backends!(keys_belong_to_their_caller, |app| async move {
    let organizer = app.organizer_token().await;
    let admin = app.admin_token().await;
    let partner = app.api_token(&["partnerships:write"]).await;
    let body = city_body("Sharedkey");
    let mut ids = std::collections::BTreeSet::new();
    for token in [&organizer, &admin, &partner] {
        let reply = Reply::send(keyed(&app, token, "shared", "/api/v1/cities", &body)).await;
        ids.insert(reply.expect(201)["id"].as_i64().unwrap());
        assert!(reply.header("idempotent-replayed").is_none());
    }
    assert_eq!(ids.len(), 3, "one city per caller");
    // The token's own repeat is a replay.
    let again = Reply::send(keyed(&app, &partner, "shared", "/api/v1/cities", &body)).await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(cities_named(&app, "Sharedkey").await, 3);
    // Anonymous requests are not remembered: a different body with the key is no 422.
    let login = |password: &str| {
        app.request(Method::POST, "/api/v1/auth/login", None)
            .header("Idempotency-Key", "anon")
            .json(&json!({"email": ORGANIZER_EMAIL, "password": password}))
    };
    Reply::send(login("wrong-password"))
        .await
        .expect_problem(401);
    Reply::send(login(ORGANIZER_PASSWORD)).await.expect(200);
});

both_backends!(
    duplicates_sent_to_two_processes_run_once,
    |app| async move {
        // A second API process on the same database (PostgreSQL, or the same SQLite file),
        // with its own pool: only the database can tell the two that a key is taken.
        let peer = app.spawn_peer(&Setup::default());
        let servers = [app.address.clone(), peer];
        let token = app.organizer_token().await;
        let body = city_body("Twinprocess");
        let send = |server: &str, body: &Value| {
            app.client
                .post(format!("{server}/api/v1/cities"))
                .bearer_auth(&token)
                .header("Idempotency-Key", "two-processes-1")
                .json(body)
        };
        let requests = (0..20).map(|i| send(&servers[i % 2], &body)).collect();
        let replies = app.concurrently(requests).await;
        let mut original = None;
        for (i, reply) in replies.iter().enumerate() {
            match reply.status {
                201 if reply.header("idempotent-replayed").is_none() => {
                    assert!(original.is_none(), "a second request ran: {}", reply.body);
                    original = Some((i % 2, reply.body.clone()));
                }
                201 => {}
                409 => {
                    reply.expect_problem(409);
                    assert!(
                        reply.header("retry-after").is_some(),
                        "409 without Retry-After"
                    );
                }
                other => panic!("unexpected {other}: {}", reply.body),
            }
        }
        let (ran_on, first_body) = original.expect("one request ran");
        let created =
            app.count("SELECT COUNT(*) AS n FROM cities WHERE search_text LIKE '%twinprocess%'");
        assert_eq!(created, 1, "exactly one side effect");
        let audited = app.count(
            "SELECT COUNT(*) AS n FROM audit_entries WHERE resource = 'city' AND action = 'created'",
        );
        assert_eq!(audited, 1, "recorded once");
        for reply in replies.iter().filter(|r| r.status == 201) {
            assert_eq!(reply.body, first_body, "every 201 is the first answer");
        }

        // Later, the process that did not run it replays the stored answer, and so does
        // the one that did.
        for server in [&servers[1 - ran_on], &servers[ran_on]] {
            let again = Reply::send(send(server, &body)).await;
            assert_eq!(again.status, 201, "{server}: {}", again.body);
            assert_eq!(again.body, first_body);
            assert_eq!(again.header("idempotent-replayed"), Some("true"));
            // The same key for another request is a 422 there too.
            Reply::send(send(server, &city_body("Otherprocess")))
                .await
                .expect_problem(422);
        }
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM cities WHERE search_text LIKE '%process%'"),
            1
        );
    }
);

/// Makes the key's stored answer look like the claim of a process killed mid-request (no
/// answer stored), last renewed `seconds_ago`.
fn as_if_killed_mid_request(app: &TestApp, key: &str, seconds_ago: i64) {
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    use gmd_api::db::schema::idempotency_keys as k;
    let at = gmd_api::db::now() - chrono::Duration::seconds(seconds_ago);
    let changed = diesel::update(k::table.filter(k::idempotency_key.eq(key)))
        .set((
            k::status.eq(None::<i64>),
            k::response_headers.eq(None::<String>),
            k::response_body.eq(None::<String>),
            k::updated_at.eq(at),
        ))
        .execute(&mut app.pool.get().unwrap())
        .expect("the claim is rewritten");
    assert_eq!(changed, 1);
}

both_backends!(
    a_claim_left_by_a_dead_process_is_taken_over_after_20_seconds,
    |app| async move {
        let token = app.organizer_token().await;
        for (key, name) in [
            ("renewed-lately", "Leaseburg"),
            ("left-by-a-killed-replica", "Lapseburg"),
        ] {
            let body = city_body(name);
            let created = Reply::send(keyed(&app, &token, key, "/api/v1/cities", &body)).await;
            let id = created.expect(201)["id"].as_i64().unwrap();
            app.delete(&format!("/api/v1/cities/{id}"), Some(&token))
                .await
                .expect(204);
        }
        // A running request renews its claim every 5 s: one renewed 4 s ago still runs ...
        as_if_killed_mid_request(&app, "renewed-lately", 4);
        let body = city_body("Leaseburg");
        let running = Reply::send(keyed(
            &app,
            &token,
            "renewed-lately",
            "/api/v1/cities",
            &body,
        ))
        .await;
        running.expect_problem(409);
        assert_eq!(running.header("retry-after"), Some("1"));
        // ... one not renewed for 25 s was left by a process that died: a retry runs.
        as_if_killed_mid_request(&app, "left-by-a-killed-replica", 25);
        let body = city_body("Lapseburg");
        let retried = Reply::send(keyed(
            &app,
            &token,
            "left-by-a-killed-replica",
            "/api/v1/cities",
            &body,
        ))
        .await;
        let retried = retried.expect(201);
        assert_eq!(cities_named(&app, "Lapseburg").await, 1, "{retried}");
    }
);

//! `/api/v1/events`: CRUD by admins, drafts hidden from the public, validation, slugs.

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

const EVENTS: &str = "/api/v1/events";

fn four_themes() -> Value {
    json!([
        {"code": "ice-snow-economy", "name": {"en": "Ice and snow economy", "zh": "冰雪经济"}},
        {"code": "urban-resilience", "name": {"en": "Urban resilience"}},
        {"code": "cultural-exchange", "name": {"en": "Cultural exchange"}},
        {"code": "green-transition", "name": {"en": "Green transition"}},
    ])
}

both_backends!(create_read_update_delete, |app| async move {
    let host = app.new_city("Harbin").await;
    let admin = app.admin_token().await;
    let mut body = event_body("harbin-2026", host);
    body["organisers"] = json!([
        {"name": {"en": "Harbin Municipal Government", "zh": "哈尔滨市人民政府"}, "role": "organiser"},
        {"name": {"en": "Mayors Forum"}, "role": "co_organiser"},
        {"name": {"en": "Ministry"}, "role": "guide"},
        {"name": {"en": "Ice Company"}, "role": "partner"},
    ]);
    let reply = app.post(EVENTS, Some(&admin), &body).await;
    let created = reply.expect(201);
    assert_eq!(reply.header("location"), Some("/api/v1/events/harbin-2026"));
    let id = created["id"].as_i64().expect("an id");
    assert_eq!(reply.header("etag"), Some(format!("\"{id}.1\"").as_str()));
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&created[key], value, "{key} round-trips");
    }
    assert_eq!(created["version"], 1);

    let path = format!("{EVENTS}/harbin-2026");
    assert_eq!(app.get(&path, None).await.expect(200), created);

    let changes = json!({"themes": four_themes(), "ends_on": "2026-01-09"});
    let updated = app.patch(&path, Some(&admin), &changes).await.expect(200);
    assert_eq!(updated["themes"], four_themes());
    assert_eq!(updated["ends_on"], "2026-01-09");
    assert_eq!(
        updated["starts_on"], "2026-01-06",
        "fields left out are kept"
    );
    assert_eq!(updated["organisers"], body["organisers"]);
    assert_eq!(updated["version"], 2);
    let shorter = app
        .patch(&path, Some(&admin), &json!({"themes": [four_themes()[1]]}))
        .await
        .expect(200);
    assert_eq!(
        shorter["themes"],
        json!([four_themes()[1]]),
        "themes are replaced as a list"
    );
    assert_eq!(app.get(&path, None).await.expect(200), shorter);

    app.delete(&path, Some(&admin)).await.expect(204);
    app.get(&path, None).await.expect_problem(404);
    app.get(&path, Some(&admin)).await.expect_problem(404);
});

both_backends!(only_admins_write_events, |app| async move {
    let host = app.new_city("Harbin").await;
    let body = event_body("harbin-2026", host);
    app.post(EVENTS, None, &body).await.expect_problem(401);
    let organizer = app.organizer_token().await;
    app.post(EVENTS, Some(&organizer), &body)
        .await
        .expect_problem(403);
    let delegate = app.token_for(Role::Delegate, None).await;
    app.post(EVENTS, Some(&delegate), &body)
        .await
        .expect_problem(403);

    app.create_event("harbin-2026-b").await;
    let path = format!("{EVENTS}/harbin-2026-b");
    let change = json!({"ends_on": "2026-01-10"});
    app.patch(&path, None, &change).await.expect_problem(401);
    app.delete(&path, None).await.expect_problem(401);
    for token in [&organizer, &delegate] {
        app.patch(&path, Some(token), &change)
            .await
            .expect_problem(403);
        app.delete(&path, Some(token)).await.expect_problem(403);
    }
    let event = app.get(&path, Some(&organizer)).await.expect(200);
    assert_eq!(event["ends_on"], "2026-01-08", "nothing changed");
    assert_eq!(event["version"], 1);
});

both_backends!(slugs_are_unique_even_under_concurrency, |app| async move {
    let host = app.new_city("Harbin").await;
    let admin = app.admin_token().await;
    let body = event_body("harbin-2026", host);
    let requests = (0..10)
        .map(|_| app.request(Method::POST, EVENTS, Some(&admin)).json(&body))
        .collect();
    let statuses: Vec<u16> = app
        .concurrently(requests)
        .await
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    let problem = app
        .post(EVENTS, Some(&admin), &body)
        .await
        .expect_problem(409);
    assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()));
    let list = app.get(EVENTS, None).await.expect(200);
    assert_eq!(list["total"], 1);
});

both_backends!(invalid_events_are_422, |app| async move {
    let host = app.new_city("Harbin").await;
    let admin = app.admin_token().await;
    let cases: [(&str, Value, &[&str]); 8] = [
        ("ends_on", json!("2026-01-05"), &["ends_on", "starts_on"]),
        ("starts_on", json!("2026-13-01"), &["starts_on", "body"]),
        ("time_zone", json!("Asia/Harbin_City"), &["time_zone"]),
        ("status", json!("cancelled"), &["status", "body"]),
        ("name", json!({"zh": "哈尔滨"}), &["name"]),
        (
            "organisers",
            json!([{"name": {"en": "X"}, "role": "sponsor"}]),
            &["organisers", "body"],
        ),
        (
            "themes",
            json!([{"code": "x", "name": {"fr": "sans anglais"}}]),
            &["themes"],
        ),
        ("host_city_id", json!("one"), &["host_city_id", "body"]),
    ];
    for (key, value, fields) in cases {
        let mut body = event_body("harbin-2026", host);
        body[key] = value.clone();
        let problem = app
            .post(EVENTS, Some(&admin), &body)
            .await
            .expect_problem(422);
        let errors = problem["errors"].as_array().expect("errors");
        assert!(
            errors.iter().any(|e| fields
                .iter()
                .any(|f| e["field"].as_str().is_some_and(|n| n.starts_with(f)))),
            "{key}={value}: {problem}"
        );
    }
    app.get(EVENTS, Some(&admin)).await.expect(200);
    assert_eq!(
        app.get(EVENTS, Some(&admin)).await.expect(200)["total"],
        0,
        "nothing was created"
    );

    // One-day events are fine; an update may not make the event end before it starts.
    let mut one_day = event_body("one-day", host);
    one_day["ends_on"] = json!("2026-01-06");
    app.post(EVENTS, Some(&admin), &one_day).await.expect(201);
    let reply = app
        .patch(
            &format!("{EVENTS}/one-day"),
            Some(&admin),
            &json!({"starts_on": "2026-02-01"}),
        )
        .await;
    reply.expect_problem(422);
});

both_backends!(an_unknown_host_city_is_refused, |app| async move {
    let admin = app.admin_token().await;
    let reply = app
        .post(EVENTS, Some(&admin), &event_body("nowhere-2026", 987654))
        .await;
    assert!(
        [404, 409, 422].contains(&reply.status),
        "{} {}",
        reply.status,
        reply.body
    );
    reply.expect_problem(reply.status);
});

both_backends!(drafts_are_visible_to_staff_only, |app| async move {
    let host = app.new_city("Harbin").await;
    let admin = app.admin_token().await;
    let mut draft = event_body("draft-2027", host);
    draft["status"] = json!("draft");
    app.post(EVENTS, Some(&admin), &draft).await.expect(201);
    app.create_event("public-2026").await;
    let path = format!("{EVENTS}/draft-2027");

    let delegate = app.token_for(Role::Delegate, None).await;
    for token in [None, Some(delegate.as_str())] {
        app.get(&path, token).await.expect_problem(404);
        let list = app.get(EVENTS, token).await.expect(200);
        let slugs: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["public-2026"]);
        assert_eq!(list["total"], 1);
    }
    // Nor is anything under it.
    for rest in ["/delegations", "/directory"] {
        app.get(&format!("{path}{rest}"), None)
            .await
            .expect_problem(404);
    }
    let organizer = app.organizer_token().await;
    for token in [&organizer, &admin] {
        assert_eq!(
            app.get(&path, Some(token)).await.expect(200)["status"],
            "draft"
        );
        assert_eq!(app.get(EVENTS, Some(token)).await.expect(200)["total"], 2);
    }

    app.patch(&path, Some(&admin), &json!({"status": "published"}))
        .await
        .expect(200);
    app.get(&path, None).await.expect(200);
    app.patch(&path, Some(&admin), &json!({"status": "archived"}))
        .await
        .expect(200);
    assert_eq!(app.get(&path, None).await.expect(200)["status"], "archived");
});

both_backends!(
    a_city_hosting_an_event_cannot_be_deleted,
    |app| async move {
        let event = app.create_event("harbin-2026").await;
        let city = format!("/api/v1/cities/{}", event["host_city_id"]);
        let organizer = app.organizer_token().await;
        app.delete(&city, Some(&organizer))
            .await
            .expect_problem(409);
        app.get(&city, None).await.expect(200);

        let admin = app.admin_token().await;
        app.delete(&format!("{EVENTS}/harbin-2026"), Some(&admin))
            .await
            .expect(204);
        app.delete(&city, Some(&organizer)).await.expect(204);
    }
);

both_backends!(
    event_lists_search_and_conditional_requests,
    |app| async move {
        app.create_event("harbin-2026").await;
        let host = app.new_city("Rovaniemi").await;
        let admin = app.admin_token().await;
        let mut lapland = event_body("rovaniemi-2027", host);
        lapland["name"] = json!({"en": "Arctic Mayors", "el": "Ροβανιέμι 2027"});
        let created = app.post(EVENTS, Some(&admin), &lapland).await.expect(201);

        for (query, slug) in [
            ("哈尔滨", "harbin-2026"),
            ("ΡΟΒΑΝΙΈΜΙ", "rovaniemi-2027"),
            ("arctic", "rovaniemi-2027"),
        ] {
            let page = Reply::send(
                app.request(Method::GET, EVENTS, None)
                    .query(&[("q", query)]),
            )
            .await
            .expect(200);
            assert_eq!(page["total"], 1, "q={query}: {page}");
            assert_eq!(page["items"][0]["slug"], slug);
        }
        let paged = app.get(&format!("{EVENTS}?per_page=1"), None).await;
        assert_eq!(paged.expect(200)["items"].as_array().unwrap().len(), 1);
        assert!(paged.link("next").is_some());
        app.get(&format!("{EVENTS}?per_page=0"), None)
            .await
            .expect_problem(400);

        let path = format!("{EVENTS}/rovaniemi-2027");
        let etag = format!("\"{}.1\"", created["id"]);
        let cached = Reply::send(
            app.request(Method::GET, &path, None)
                .header("if-none-match", &etag),
        )
        .await;
        cached.expect(304);
        let stale = app
            .request(Method::PATCH, &path, Some(&admin))
            .header("if-match", format!("\"{}.0\"", created["id"]))
            .json(&json!({"ends_on": "2026-01-09"}));
        Reply::send(stale).await.expect_problem(412);
        let fresh = app
            .request(Method::PATCH, &path, Some(&admin))
            .header("if-match", &etag)
            .json(&json!({"ends_on": "2026-01-09"}));
        Reply::send(fresh).await.expect(200);
    }
);

both_backends!(unknown_events_are_404_everywhere, |app| async move {
    let admin = app.admin_token().await;
    let organizer = app.organizer_token().await;
    let path = format!("{EVENTS}/no-such-event");
    app.get(&path, None).await.expect_problem(404);
    app.patch(&path, Some(&admin), &json!({"ends_on": "2026-01-09"}))
        .await
        .expect_problem(404);
    app.delete(&path, Some(&admin)).await.expect_problem(404);
    app.get(&format!("{path}/delegations"), None)
        .await
        .expect_problem(404);
    app.get(&format!("{path}/delegates"), Some(&organizer))
        .await
        .expect_problem(404);
    app.get(&format!("{path}/directory"), None)
        .await
        .expect_problem(404);
    let body = json!({"badge_code": "GMD-0000-0000-0000-0000"});
    app.post(&format!("{path}/check-in"), Some(&organizer), &body)
        .await
        .expect_problem(404);
});

//! Every error status is an RFC 9457 problem carrying the request id; the statuses with
//! extra headers or members carry them.

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

const CITIES: &str = "/api/v1/cities";

both_backends!(every_response_carries_a_request_id, |app| async move {
    let live = app.get("/health/live", None).await;
    live.expect(200);
    let ready = app.get("/health/ready", None).await;
    ready.expect(200);
    app.get(CITIES, None).await.expect(200);
    app.get("/nope", None).await.expect_problem(404);
    assert_ne!(
        live.header("x-request-id"),
        ready.header("x-request-id"),
        "ids are per request"
    );
});

both_backends!(unknown_routes_are_404_problems, |app| async move {
    for path in [
        "/api/v1/nope",
        "/nope",
        "/api/v2/cities",
        "/api/v1/cities/1/nope",
    ] {
        let problem = app.get(path, None).await.expect_problem(404);
        assert_eq!(problem["instance"], path);
    }
    app.get("/api/v1/cities/999999", None)
        .await
        .expect_problem(404);
});

both_backends!(wrong_methods_are_405_with_allow, |app| async move {
    let token = app.admin_token().await;
    let cases = [
        (Method::DELETE, CITIES, &["GET", "POST"][..]),
        (
            Method::PUT,
            "/api/v1/cities/1",
            &["GET", "PATCH", "DELETE"][..],
        ),
        (Method::POST, "/health/live", &["GET"][..]),
        (Method::GET, "/api/v1/auth/login", &["POST"][..]),
        (
            Method::PUT,
            "/api/v1/events/harbin-2026/delegates/1",
            &["GET", "PATCH", "DELETE"][..],
        ),
        (
            Method::GET,
            "/api/v1/events/harbin-2026/check-in",
            &["POST"][..],
        ),
    ];
    for (method, path, allowed) in cases {
        let reply = Reply::send(app.request(method.clone(), path, Some(&token))).await;
        reply.expect_problem(405);
        let allow = reply
            .header("allow")
            .unwrap_or_else(|| panic!("{method} {path}: no Allow"));
        let mut listed: Vec<&str> = allow.split(',').map(str::trim).collect();
        listed.sort_unstable();
        let mut expected = allowed.to_vec();
        expected.sort_unstable();
        assert_eq!(listed, expected, "{method} {path}");
    }
});

both_backends!(malformed_json_is_400, |app| async move {
    let token = app.organizer_token().await;
    let login = "/api/v1/auth/login";
    let cases = [
        (CITIES, "{not json"),
        (CITIES, ""),
        (CITIES, "{\"name\": }"),
        (CITIES, "{\"name\": {\"en\": \"Oulu\"}, \"country\": \"FI\""),
        // Unparseable, even though its first element already has the wrong type.
        (CITIES, "[1, 2"),
        (login, "{\"email\": \"a@b.c\", "),
    ];
    for (path, body) in cases {
        let request = app
            .request(Method::POST, path, Some(&token))
            .header("content-type", "application/json")
            .body(body);
        let reply = Reply::send(request).await;
        assert_eq!(reply.status, 400, "POST {path} {body:?}: {}", reply.body);
        reply.expect_problem(400);
    }
});

both_backends!(unknown_fields_are_422_naming_the_field, |app| async move {
    let token = app.organizer_token().await;
    let mut body = city_body("Oulu");
    body["mayor"] = json!("someone");
    let problem = app
        .post(CITIES, Some(&token), &body)
        .await
        .expect_problem(422);
    let errors = problem["errors"].as_array().expect("errors");
    assert!(errors.iter().any(|e| e["field"] == "mayor"), "{problem}");
    assert!(errors.iter().all(|e| e["message"].is_string()));

    let login = json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "remember": true});
    app.post("/api/v1/auth/login", None, &login)
        .await
        .expect_problem(422);
});

both_backends!(
    invalid_values_are_422_with_one_entry_per_field,
    |app| async move {
        let token = app.organizer_token().await;
        let mut body = city_body("Oulu");
        body["latitude"] = json!(91.0);
        body["longitude"] = json!(-180.5);
        let problem = app
            .post(CITIES, Some(&token), &body)
            .await
            .expect_problem(422);
        let mut fields: Vec<&str> = problem["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, ["latitude", "longitude"], "{problem}");
    }
);

both_backends!(oversized_bodies_are_413, |app| async move {
    let token = app.organizer_token().await;
    let mut body = city_body("Oulu");
    body["region"] = json!("x".repeat(300 * 1024));
    app.post(CITIES, Some(&token), &body)
        .await
        .expect_problem(413);
    // Just under the limit is not a 413 (it is merely an invalid region).
    body["region"] = json!("x".repeat(200 * 1024));
    let reply = app.post(CITIES, Some(&token), &body).await;
    assert_ne!(reply.status, 413, "{}", reply.body);
});

both_backends!(wrong_content_types_are_415, |app| async move {
    let token = app.organizer_token().await;
    let json_text = city_body("Oulu").to_string();
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ] {
        let request = app
            .request(Method::POST, CITIES, Some(&token))
            .header("content-type", content_type)
            .body(json_text.clone());
        Reply::send(request).await.expect_problem(415);
    }
    let without = app
        .request(Method::POST, CITIES, Some(&token))
        .body(json_text);
    Reply::send(without).await.expect_problem(415);
});

both_backends!(
    missing_token_is_401_and_wrong_role_is_403,
    |app| async move {
        let reply = app.post(CITIES, None, &city_body("Oulu")).await;
        reply.expect_problem(401);
        assert!(reply
            .header("www-authenticate")
            .is_some_and(|h| h.starts_with("Bearer")));

        let delegate = app.token_for(Role::Delegate, None).await;
        let reply = app.post(CITIES, Some(&delegate), &city_body("Oulu")).await;
        reply.expect_problem(403);
        assert!(
            reply.header("www-authenticate").is_none(),
            "403 is not a challenge"
        );
    }
);

both_backends!(conflicts_are_409_problems, |app| async move {
    let event = app.create_event("conflict-2026").await;
    let token = app.admin_token().await;
    let duplicate = event_body("conflict-2026", event["host_city_id"].as_i64().unwrap());
    app.post("/api/v1/events", Some(&token), &duplicate)
        .await
        .expect_problem(409);
});

both_backends!(stale_if_match_is_412, |app| async move {
    let token = app.organizer_token().await;
    let city = app.create_city(&city_body("Oulu")).await;
    let path = format!("{CITIES}/{}", city["id"]);
    let request = app
        .request(Method::PATCH, &path, Some(&token))
        .header("if-match", format!("\"{}.99\"", city["id"]))
        .json(&json!({"population": 1}));
    Reply::send(request).await.expect_problem(412);
});

both_backends!(
    throttled_logins_are_429_with_retry_after,
    |app| async move {
        let wrong = json!({"email": ADMIN_EMAIL, "password": "wrong-password-123"});
        for _ in 0..5 {
            app.post("/api/v1/auth/login", None, &wrong)
                .await
                .expect_problem(401);
        }
        let reply = app.post("/api/v1/auth/login", None, &wrong).await;
        reply.expect_problem(429);
        assert!(reply
            .header("retry-after")
            .is_some_and(|s| s.parse::<u64>().is_ok_and(|n| n > 0)));
    }
);

both_backends!(
    problems_use_the_request_path_as_instance,
    |app| async move {
        let problem = app
            .get("/api/v1/cities/424242", None)
            .await
            .expect_problem(404);
        assert_eq!(problem["instance"], "/api/v1/cities/424242");
        assert_eq!(problem["title"], "Not Found");
    }
);

//! Security headers on every answer (every GET operation of the spec, errors of every
//! kind, Swagger UI, the SPA's files), and `Cache-Control: no-store` on private ones.

use std::net::TcpListener;

use gmd_tests::*;
use reqwest::Method;

/// The path of a GET operation with its parameters filled from the demo data.
fn sample(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{event}" => "harbin-2026",
            s if s.starts_with('{') => "1",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Asserts the headers every answer carries; `what` names the request.
#[track_caller]
fn assert_secured(reply: &Reply, what: &str) {
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
    ] {
        assert_eq!(reply.header(name), Some(value), "{name} of {what}");
    }
    let policy = reply
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("no Content-Security-Policy on {what}"));
    for directive in [
        "default-src 'self'",
        "script-src 'self';",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "{what}: {policy}");
    }
    assert!(!policy.contains("unsafe"), "{what}: {policy}");
}

both_backends!(every_get_operation_carries_the_headers, |app| async move {
    app.seed_demo();
    let spec = app.get("/api-docs/openapi.json", None).await;
    assert_secured(&spec, "the spec");
    let admin = app.admin_token().await;
    let paths: Vec<String> = spec.json()["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, operations)| operations.get("get").is_some())
        .map(|(path, _)| sample(path))
        .collect();
    assert!(paths.len() > 50, "{} GET operations", paths.len());
    for path in &paths {
        let anonymous = app.get(path, None).await;
        assert_secured(&anonymous, &format!("anonymous GET {path}"));
        // Sign-in answers and the live metrics are never to be stored, by anyone.
        if !path.starts_with("/api/v1/auth/") && path != "/metrics" {
            assert_ne!(
                anonymous.header("cache-control"),
                Some("no-store"),
                "a public answer keeps its caching: GET {path}"
            );
        }
        let private = app.get(path, Some(&admin)).await;
        assert_secured(&private, &format!("admin GET {path}"));
        assert_eq!(
            private.header("cache-control"),
            Some("no-store"),
            "an answer to a signed-in request is private: GET {path} ({})",
            private.status
        );
    }
});

both_backends!(errors_of_every_kind_carry_the_headers, |app| async move {
    let admin = app.admin_token().await;
    let broken_json = app
        .request(Method::POST, "/api/v1/cities", Some(&admin))
        .header("content-type", "application/json")
        .body("{");
    let cases = [
        (
            "unknown route",
            app.request(Method::GET, "/api/v1/nowhere", None),
        ),
        (
            "wrong method",
            app.request(Method::PUT, "/api/v1/cities", None),
        ),
        (
            "no such file",
            app.request(Method::GET, "/favicon.ico", None),
        ),
        (
            "bad token",
            app.request(Method::GET, "/api/v1/auth/me", Some("x.y.z")),
        ),
        (
            "bad query",
            app.request(Method::GET, "/api/v1/cities?per_page=x", None),
        ),
        ("broken JSON", broken_json),
        (
            "wrong password",
            app.request(Method::POST, "/api/v1/auth/login", None)
                .json(&json!({"email": ADMIN_EMAIL, "password": "not-the-password"})),
        ),
    ];
    for (what, request) in cases {
        let reply = Reply::send(request).await;
        assert!(reply.status >= 400, "{what}: {}", reply.status);
        assert_secured(&reply, what);
    }
    // Authentication answers are private even without credentials.
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
        )
        .await;
    login.expect(200);
    assert_eq!(login.header("cache-control"), Some("no-store"));
    let broken = app
        .request(Method::POST, "/api/v1/cities", Some(&admin))
        .header("content-type", "application/json")
        .body("{");
    let broken = Reply::send(broken).await;
    assert_eq!(broken.header("cache-control"), Some("no-store"));
});

both_backends!(
    conditional_reads_still_work_and_stay_private,
    |app| async move {
        app.seed_demo();
        let path = "/api/v1/events/harbin-2026/sessions";
        let public = app.get(path, None).await;
        public.expect(200);
        let etag = public.header("etag").expect("an ETag").to_owned();
        let again = Reply::send(
            app.request(Method::GET, path, None)
                .header("if-none-match", &etag),
        )
        .await;
        assert_eq!(again.status, 304);
        assert_secured(&again, "a 304");
        assert_eq!(again.header("cache-control"), None);

        let token = app.organizer_token().await;
        let private = app.get(path, Some(&token)).await;
        let etag = private.header("etag").expect("an ETag").to_owned();
        let again = Reply::send(
            app.request(Method::GET, path, Some(&token))
                .header("if-none-match", &etag),
        )
        .await;
        assert_eq!(again.status, 304);
        assert_eq!(again.header("cache-control"), Some("no-store"));

        // A private calendar feed is private by its token, not by a header.
        let feed = app
            .get(
                "/api/v1/events/harbin-2026/delegates/1/agenda.ics?token=x",
                None,
            )
            .await;
        assert_eq!(feed.header("cache-control"), Some("no-store"));
    }
);

both_backends!(swagger_ui_and_the_spa_carry_the_headers, |app| async move {
    let docs = app.get("/docs/", None).await;
    assert_eq!(docs.status, 200);
    assert_secured(&docs, "/docs/");
    assert!(docs.body.contains("swagger-ui-bundle.js"));
    let initializer = app.get("/docs/swagger-initializer.js", None).await;
    assert_secured(&initializer, "the Swagger UI initializer");
    assert!(
        initializer.body.contains("\"validatorUrl\": \"none\""),
        "no online validator badge (an image from elsewhere): {}",
        initializer.body
    );

    // The SPA, served from a built directory by a second server on this database.
    let dist = std::env::temp_dir().join(format!("gmd-dist-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(dist.join("index.html"), "<div id=\"root\"></div>").unwrap();
    std::fs::write(dist.join("assets/app-1.js"), "export {};").unwrap();
    let pool = gmd_api::db::connect(&app.database.url, &Default::default()).unwrap();
    let state = gmd_api::app::AppState::new(pool, JWT_SECRET, Vec::new()).with_frontend(&dist);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(gmd_api::server::start(state, listener, 1).unwrap());
    for (path, cache) in [
        ("/", "no-cache"),
        ("/directory", "no-cache"),
        ("/assets/app-1.js", "public, max-age=31536000, immutable"),
    ] {
        let reply = Reply::send(app.client.get(format!("{address}{path}"))).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_secured(&reply, path);
        assert_eq!(reply.header("cache-control"), Some(cache), "{path}");
    }
    let missing = Reply::send(app.client.get(format!("{address}/assets/gone.js"))).await;
    assert_eq!(missing.status, 404);
    assert_secured(&missing, "a missing asset");
    // Unknown paths of the API, the probes and the metrics are 404 problems, never the
    // SPA's HTML (a balancer probing a typo must not see 200).
    for path in [
        "/api/v1/nope",
        "/api",
        "/health/nope",
        "/health",
        "/metrics/nope",
        "/api-docs/nope",
    ] {
        let reply = Reply::send(app.client.get(format!("{address}{path}"))).await;
        reply.expect_problem(404);
        assert!(
            !reply.body.contains("<div id=\"root\">"),
            "{path}: {}",
            reply.body
        );
    }
    std::fs::remove_dir_all(&dist).ok();
});

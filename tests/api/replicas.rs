//! Running as several replicas behind a balancer (issue 14), through the HTTP surface:
//!
//! - who the client is, for every consumer of the client address (the sign-in throttle and
//!   the rate limit), with and without `TRUSTED_PROXIES`: the balancer's address is never
//!   mistaken for every client's, and a client cannot choose its own address;
//! - the probes and the metrics are never rate-limited;
//! - the sign-in throttle counts across processes (two processes on one database);
//! - `/metrics`: Prometheus text by route template, and its optional token.

use gmd_api::config::ServerSettings;
use gmd_api::http::client_address::TrustedProxies;
use gmd_api::partner_access::RateLimits;
use gmd_tests::*;
use reqwest::Method;

/// Addresses a proxy could forward (documentation ranges).
const ATTACKER: &str = "203.0.113.7";
const OTHER_CLIENT: &str = "198.51.100.2";

fn behind(trusted: &str, rate_limits: RateLimits) -> Setup {
    Setup {
        rate_limits,
        server: Some(ServerSettings {
            trusted_proxies: TrustedProxies::parse(trusted).expect("valid CIDRs"),
            metrics_token: None,
            ..ServerSettings::default()
        }),
        ..Setup::default()
    }
}

fn no_limits() -> RateLimits {
    RateLimits {
        per_address: 0,
        per_token: 0,
    }
}

/// A sign-in sent as if a proxy forwarded it for `client`.
async fn sign_in_for(app: &TestApp, client: &str, email: &str, password: &str) -> Reply {
    Reply::send(
        app.request(Method::POST, "/api/v1/auth/login", None)
            .header("x-forwarded-for", client)
            .json(&json!({"email": email, "password": password})),
    )
    .await
}

async fn get_for(app: &TestApp, client: &str, path: &str) -> Reply {
    Reply::send(
        app.request(Method::GET, path, None)
            .header("x-forwarded-for", client),
    )
    .await
}

/// One consumer of the client address: does a flood from `ATTACKER` spare `OTHER_CLIENT`?
/// Returns the other client's status after the flood.
async fn flood_then_other(app: &TestApp, consumer: &str) -> u16 {
    match consumer {
        "sign-in throttle" => {
            for n in 0..25 {
                let email = format!("nobody-{n}@test.example");
                let reply = sign_in_for(app, ATTACKER, &email, "wrong-password-2026").await;
                assert!(matches!(reply.status, 401 | 429), "{}", reply.body);
            }
            let locked = sign_in_for(app, ATTACKER, "nobody@test.example", "x").await;
            assert_eq!(
                locked.status, 429,
                "the flooding client itself is throttled"
            );
            sign_in_for(app, OTHER_CLIENT, ORGANIZER_EMAIL, ORGANIZER_PASSWORD)
                .await
                .status
        }
        "rate limit" => {
            let mut refused = false;
            for _ in 0..12 {
                refused |= get_for(app, ATTACKER, "/api/v1/events").await.status == 429;
            }
            assert!(refused, "the flooding client itself is limited");
            get_for(app, OTHER_CLIENT, "/api/v1/events").await.status
        }
        other => unreachable!("{other}"),
    }
}

const CONSUMERS: [&str; 2] = ["sign-in throttle", "rate limit"];

fn limited() -> RateLimits {
    RateLimits {
        per_address: 10,
        per_token: 0,
    }
}

each_backend!(
    every_consumer_of_the_client_address_trusts_only_trusted_proxies,
    |backend| async move {
        // Behind a trusted proxy (the test client is the proxy, on loopback) clients are
        // told apart by the address it forwards. Without TRUSTED_PROXIES no header is
        // believed: every request is the proxy's, so the flood also stops the other client
        // (the documented default); and a peer outside the trusted ranges cannot pick its
        // address either.
        let cases = [
            (
                "127.0.0.1/32, ::1",
                200,
                "one client's flood must not lock out another",
            ),
            (
                "",
                429,
                "without TRUSTED_PROXIES the forwarded address must be ignored",
            ),
            (
                "10.0.0.0/8",
                429,
                "an untrusted peer's forwarded address must be ignored",
            ),
        ];
        for consumer in CONSUMERS {
            for (trusted, expected, why) in cases {
                let app = TestApp::spawn_with(backend, behind(trusted, limited()))
                    .await
                    .expect("the backend is available");
                let status = flood_then_other(&app, consumer).await;
                assert_eq!(
                    status, expected,
                    "{consumer}, TRUSTED_PROXIES={trusted:?}: {why}"
                );
            }
        }
    }
);

each_backend!(
    probes_and_metrics_are_never_rate_limited,
    |backend| async move {
        let app = TestApp::spawn_with(backend, behind("", limited()))
            .await
            .expect("the backend is available");
        for _ in 0..40 {
            for path in ["/health/live", "/health/ready", "/metrics"] {
                let reply = app.get(path, None).await;
                assert_eq!(reply.status, 200, "{path}: {}", reply.body);
                assert!(
                    reply.header("ratelimit-remaining").is_none(),
                    "{path} was counted"
                );
            }
        }
        // The limit itself still holds for everything else.
        let mut statuses = Vec::new();
        for _ in 0..12 {
            statuses.push(app.get("/api/v1/events", None).await.status);
        }
        assert!(statuses.contains(&429), "{statuses:?}");
    }
);

both_backends!(
    the_sign_in_throttle_counts_across_processes,
    |app| async move {
        let peer = app.spawn_peer(&behind("", no_limits()));
        let peer_sign_in = |password: &'static str| {
            app.client
                .post(format!("{peer}/api/v1/auth/login"))
                .json(&json!({"email": ORGANIZER_EMAIL, "password": password}))
        };
        // Five failures for one account, alternating between the two processes ...
        for n in 0..5 {
            let reply = if n % 2 == 0 {
                app.post(
                    "/api/v1/auth/login",
                    None,
                    &json!({"email": ORGANIZER_EMAIL, "password": "wrong-password-2026"}),
                )
                .await
            } else {
                Reply::send(peer_sign_in("wrong-password-2026")).await
            };
            reply.expect_problem(401);
        }
        // ... lock it on both, even with the right password.
        for reply in [
            Reply::send(peer_sign_in(ORGANIZER_PASSWORD)).await,
            app.post(
                "/api/v1/auth/login",
                None,
                &json!({"email": ORGANIZER_EMAIL.to_uppercase(), "password": ORGANIZER_PASSWORD}),
            )
            .await,
        ] {
            reply.expect_problem(429);
            let wait: u64 = reply.header("retry-after").unwrap().parse().unwrap();
            assert!((1..=900).contains(&wait), "Retry-After {wait}");
        }
        // Another account is not affected.
        app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    }
);

both_backends!(
    metrics_are_prometheus_text_by_route_template,
    |app| async move {
        let city = app.new_city("Oulu").await;
        app.get(&format!("/api/v1/cities/{city}"), None)
            .await
            .expect(200);
        app.get("/api/v1/cities?per_page=5", None).await.expect(200);
        app.get("/api/v1/cities?per_page=5", None).await.expect(200);
        app.post(
            "/api/v1/auth/login",
            None,
            &json!({"email": ADMIN_EMAIL, "password": "wrong-password-2026"}),
        )
        .await
        .expect_problem(401);
        let reply = app.get("/metrics", None).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            reply.header("content-type"),
            Some("text/plain; version=0.0.4")
        );
        let text = &reply.body;
        for expected in [
        // By route template, never by raw path (one series per route, not per id).
        "http_requests_total{method=\"GET\",route=\"/api/v1/cities/{id}\",status=\"200\"}",
        "http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/cities/{id}\",status=\"200\",le=\"",
        "db_pool_connections{state=\"idle\"}",
        "db_pool_connections{state=\"in_use\"}",
        "db_pool_max_connections",
        "db_pool_checkouts_total",
        "db_pool_wait_seconds_bucket",
        "response_cache_lookups_total{cache=\"page\",outcome=\"hit\"}",
        "sign_in_failures_total",
        "webhook_deliveries_pending",
        "webhook_oldest_pending_age_seconds",
        "gmd_build_info{build=\"",
    ] {
        assert!(text.contains(expected), "no {expected} in\n{text}");
    }
        assert!(
            !text.contains(&format!("route=\"/api/v1/cities/{city}\"")),
            "a raw path became a label"
        );
        for path in ["/metrics/nope", "/health/nope"] {
            app.get(path, None).await.expect_problem(404);
        }
    }
);

each_backend!(metrics_can_require_a_token, |backend| async move {
    let token = "metrics-token-0123456789abcdef";
    let setup = Setup {
        server: Some(ServerSettings {
            metrics_token: Some(token.into()),
            ..ServerSettings::default()
        }),
        ..Setup::default()
    };
    let app = TestApp::spawn_with(backend, setup)
        .await
        .expect("available");
    app.get("/metrics", None).await.expect_problem(401);
    app.get("/metrics", Some("metrics-token-0123456789abcdeX"))
        .await
        .expect_problem(401);
    assert_eq!(app.get("/metrics", Some(token)).await.status, 200);
    // The probes stay open.
    app.get("/health/ready", None).await.expect(200);
});

both_backends!(liveness_names_the_release_and_build, |app| async move {
    let live = app.get("/health/live", None).await.expect(200);
    assert_eq!(live["status"], "ok");
    assert_eq!(live["version"], env!("CARGO_PKG_VERSION"));
    let build = live["build"].as_str().unwrap();
    assert!(!build.is_empty(), "{live}");
});

//! Rate limits per client address and per API token: `RateLimit-*` headers on every
//! answer, then a 429 problem with `Retry-After`. The suite's other apps run without
//! limits; this one sets low ones.

use gmd_api::partner_access::RateLimits;
use gmd_tests::*;

async fn limited(backend: Backend) -> Option<TestApp> {
    let setup = Setup {
        rate_limits: RateLimits {
            per_address: 10,
            per_token: 3,
        },
        ..Setup::default()
    };
    TestApp::spawn_with(backend, setup).await
}

fn number(reply: &Reply, name: &str) -> u64 {
    reply
        .header(name)
        .unwrap_or_else(|| panic!("no {name} on a {}", reply.status))
        .parse()
        .expect("a number")
}

async fn runs_out(app: TestApp) {
    // The token is made first: its sign-in and creation count against the address.
    let secret = app.api_token(&["program:read"]).await;

    let mut last_remaining = None;
    let mut refused = None;
    for _ in 0..20 {
        let reply = app.get("/api/v1/events", None).await;
        assert_eq!(number(&reply, "ratelimit-limit"), 10);
        let reset = number(&reply, "ratelimit-reset");
        assert!((1..=60).contains(&reset), "reset {reset}");
        let remaining = number(&reply, "ratelimit-remaining");
        if reply.status == 429 {
            refused = Some(reply);
            break;
        }
        reply.expect(200);
        if let Some(previous) = last_remaining {
            assert_eq!(remaining + 1, previous, "counts down by one");
        }
        last_remaining = Some(remaining);
    }
    let refused = refused.expect("the limit is reached within 20 requests");
    let problem = refused.expect_problem(429);
    assert_eq!(number(&refused, "ratelimit-remaining"), 0);
    let retry_after = number(&refused, "retry-after");
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    assert!(problem["detail"].as_str().unwrap().contains("10"));

    // The token has its own budget, untouched by the address's.
    for remaining in [2, 1, 0] {
        let reply = app.get("/api/v1/events", Some(&secret)).await;
        reply.expect(200);
        assert_eq!(number(&reply, "ratelimit-limit"), 3);
        assert_eq!(number(&reply, "ratelimit-remaining"), remaining);
    }
    let refused = app.get("/api/v1/events", Some(&secret)).await;
    refused.expect_problem(429);
    assert!(refused.header("retry-after").is_some());
}

#[actix_web::test]
async fn sqlite_limits_addresses_and_tokens() {
    runs_out(limited(Backend::Sqlite).await.expect("SQLite")).await;
}

#[actix_web::test]
async fn postgres_limits_addresses_and_tokens() {
    if let Some(app) = limited(Backend::Postgres).await {
        runs_out(app).await;
    }
}

both_backends!(without_limits_there_are_no_headers, |app| async move {
    let reply = app.get("/api/v1/events", None).await;
    reply.expect(200);
    assert!(reply.header("ratelimit-limit").is_none());
});

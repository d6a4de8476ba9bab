//! Sign-in, token validation, refresh rotation with reuse detection, sign-out and throttling.

use gmd_api::auth::Role;
use gmd_tests::tokens::{access_claims, payload, sign, unsigned, with_payload};
use gmd_tests::*;
use jsonwebtoken::Algorithm;

const ME: &str = "/api/v1/auth/me";
const LOGIN: &str = "/api/v1/auth/login";
const REFRESH: &str = "/api/v1/auth/refresh";
const LOGOUT: &str = "/api/v1/auth/logout";

/// A 401 problem with a `WWW-Authenticate: Bearer …` challenge.
#[track_caller]
fn assert_unauthenticated(reply: &Reply) {
    reply.expect_problem(401);
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(
        challenge.starts_with("Bearer"),
        "WWW-Authenticate: {challenge:?}"
    );
}

async fn refresh(app: &TestApp, refresh_token: &Value) -> Reply {
    app.post(REFRESH, None, &json!({"refresh_token": refresh_token}))
        .await
}

both_backends!(
    login_returns_a_bearer_pair_and_me_describes_the_user,
    |app| async move {
        let pair = app.login_pair(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
        assert_eq!(pair["token_type"], "Bearer");
        assert_eq!(pair["expires_in"], 900);
        let access = pair["access_token"].as_str().unwrap();
        assert_eq!(access.split('.').count(), 3, "a JWT");
        assert!(pair["refresh_token"].is_string());
        assert_ne!(pair["access_token"], pair["refresh_token"]);

        let me = app.get(ME, Some(access)).await.expect(200);
        assert_eq!(me["email"], ORGANIZER_EMAIL);
        assert_eq!(me["role"], "organizer");
        assert!(me["id"].is_i64());
        assert!(me["display_name"].is_string());
        assert!(me["delegate_id"].is_null());

        let claims = payload(access);
        assert_eq!(claims["typ"], "access");
        assert_eq!(claims["iss"], "gmd");
        assert_eq!(claims["aud"], "gmd-api");
        assert_eq!(claims["sub"], me["id"].to_string());
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            900
        );
    }
);

both_backends!(
    me_of_a_delegate_user_names_its_delegate_record,
    |app| async move {
        let scenario = app.scenario().await;
        let delegate = app.new_delegate(&scenario, "Aino", "Virtanen").await;
        let id = delegate["id"].as_i64().unwrap();
        let token = app.delegate_token(id).await;
        let me = app.get(ME, Some(&token)).await.expect(200);
        assert_eq!(me["role"], "delegate");
        assert_eq!(me["delegate_id"], id);
    }
);

both_backends!(
    wrong_password_and_unknown_account_are_401_with_a_challenge,
    |app| async move {
        let wrong = json!({"email": ADMIN_EMAIL, "password": "not-the-password"});
        let reply = app.post(LOGIN, None, &wrong).await;
        assert_unauthenticated(&reply);
        assert!(reply.json().get("access_token").is_none());

        let unknown = json!({"email": "nobody@test.example", "password": ADMIN_PASSWORD});
        assert_unauthenticated(&app.post(LOGIN, None, &unknown).await);
    }
);

both_backends!(me_needs_a_bearer_token, |app| async move {
    assert_unauthenticated(&app.get(ME, None).await);
    let basic = app
        .request(reqwest::Method::GET, ME, None)
        .header("authorization", "Basic YWRtaW46YWRtaW4=");
    assert_unauthenticated(&Reply::send(basic).await);
    assert_unauthenticated(&app.get(ME, Some("not-a-jwt")).await);
});

both_backends!(forged_and_misused_tokens_are_rejected, |app| async move {
    let admin = app.admin_token().await;
    let admin_id = app.get(ME, Some(&admin)).await.expect(200)["id"]
        .as_i64()
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    let mut claims = access_claims(admin_id, "admin");
    claims["sid"] = payload(&admin)["sid"].clone();

    // The forging itself is right: a token made like the server's is accepted.
    let genuine = sign(&claims, JWT_SECRET, Algorithm::HS256);
    assert_eq!(
        app.get(ME, Some(&genuine)).await.expect(200)["id"],
        admin_id
    );

    let with = |key: &str, value: Value| {
        let mut changed = claims.clone();
        changed[key] = value;
        changed
    };
    let without = |key: &str| {
        let mut changed = claims.clone();
        changed.as_object_mut().unwrap().remove(key);
        changed
    };
    let organizer = app.organizer_token().await;
    let organizer_session = payload(&organizer)["sid"].clone();
    let refresh_token = app.login_pair(ADMIN_EMAIL, ADMIN_PASSWORD).await["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let cases = [
        (
            "expired",
            sign(
                &with("exp", json!(now - 3600)),
                JWT_SECRET,
                Algorithm::HS256,
            ),
        ),
        (
            "not yet valid",
            sign(
                &with("nbf", json!(now + 3600)),
                JWT_SECRET,
                Algorithm::HS256,
            ),
        ),
        (
            "without exp",
            sign(&without("exp"), JWT_SECRET, Algorithm::HS256),
        ),
        (
            "wrong signature",
            sign(
                &claims,
                b"another-secret-another-secret-1234",
                Algorithm::HS256,
            ),
        ),
        (
            "another HMAC algorithm",
            sign(&claims, JWT_SECRET, Algorithm::HS512),
        ),
        ("alg none", unsigned(&claims)),
        (
            "wrong audience",
            sign(
                &with("aud", json!("another-api")),
                JWT_SECRET,
                Algorithm::HS256,
            ),
        ),
        (
            "wrong issuer",
            sign(&with("iss", json!("evil")), JWT_SECRET, Algorithm::HS256),
        ),
        (
            "refresh type",
            sign(&with("typ", json!("refresh")), JWT_SECRET, Algorithm::HS256),
        ),
        ("a real refresh token", refresh_token),
        (
            "without a session",
            sign(&without("sid"), JWT_SECRET, Algorithm::HS256),
        ),
        (
            "another account's session",
            sign(
                &with("sid", organizer_session),
                JWT_SECRET,
                Algorithm::HS256,
            ),
        ),
        (
            "an unknown session",
            sign(
                &with("sid", json!(uuid::Uuid::new_v4().to_string())),
                JWT_SECRET,
                Algorithm::HS256,
            ),
        ),
        (
            "organizer token promoted to admin",
            with_payload(&organizer, &with("role", json!("admin"))),
        ),
    ];
    for (case, token) in cases {
        let reply = app.get(ME, Some(&token)).await;
        assert_eq!(reply.status, 401, "{case}: {}", reply.body);
        assert_unauthenticated(&reply);
    }
});

both_backends!(
    refresh_rotates_and_reuse_revokes_the_family,
    |app| async move {
        let first = app.login_pair(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let second = refresh(&app, &first["refresh_token"]).await.expect(200);
        assert_eq!(second["token_type"], "Bearer");
        assert_ne!(second["refresh_token"], first["refresh_token"]);
        assert_ne!(second["access_token"], first["access_token"]);
        let me = app
            .get(ME, Some(second["access_token"].as_str().unwrap()))
            .await
            .expect(200);
        assert_eq!(me["email"], ADMIN_EMAIL);
        let third = refresh(&app, &second["refresh_token"]).await.expect(200);

        // An independent sign-in is another family and survives what follows.
        let other = app.login_pair(ADMIN_EMAIL, ADMIN_PASSWORD).await;

        // Replaying a used token is theft: it fails, and so does the newest of its family.
        assert_unauthenticated(&refresh(&app, &first["refresh_token"]).await);
        assert_unauthenticated(&refresh(&app, &third["refresh_token"]).await);
        assert_unauthenticated(&refresh(&app, &second["refresh_token"]).await);

        refresh(&app, &other["refresh_token"]).await.expect(200);
    }
);

both_backends!(
    a_refresh_token_works_exactly_once_under_concurrency,
    |app| async move {
        let pair = app.login_pair(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let body = json!({"refresh_token": pair["refresh_token"]});
        let requests = (0..10)
            .map(|_| {
                app.request(reqwest::Method::POST, REFRESH, None)
                    .json(&body)
            })
            .collect();
        let replies = app.concurrently(requests).await;
        let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 200 || *s == 401),
            "{statuses:?}"
        );
    }
);

both_backends!(logout_revokes_the_refresh_token, |app| async move {
    let pair = app.login_pair(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
    let body = json!({"refresh_token": pair["refresh_token"]});
    let reply = app.post(LOGOUT, None, &body).await;
    reply.expect(204);
    assert!(reply.body.is_empty());
    assert_unauthenticated(&refresh(&app, &pair["refresh_token"]).await);
});

both_backends!(
    refresh_and_logout_refuse_access_and_garbage_tokens,
    |app| async move {
        let pair = app.login_pair(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
        assert_unauthenticated(&refresh(&app, &pair["access_token"]).await);
        assert_unauthenticated(&refresh(&app, &json!("garbage")).await);
        let logout = app
            .post(
                LOGOUT,
                None,
                &json!({"refresh_token": pair["access_token"]}),
            )
            .await;
        assert_unauthenticated(&logout);
        // The pair is still good after those failures.
        refresh(&app, &pair["refresh_token"]).await.expect(200);
    }
);

both_backends!(
    five_failures_lock_the_account_with_retry_after,
    |app| async move {
        let wrong = json!({"email": ORGANIZER_EMAIL, "password": "wrong-password-123"});
        for attempt in 1..=5 {
            let reply = app.post(LOGIN, None, &wrong).await;
            assert_eq!(reply.status, 401, "attempt {attempt}: {}", reply.body);
        }
        let right = json!({"email": ORGANIZER_EMAIL, "password": ORGANIZER_PASSWORD});
        let locked = app.post(LOGIN, None, &right).await;
        locked.expect_problem(429);
        let retry_after: u64 = locked
            .header("retry-after")
            .expect("Retry-After")
            .parse()
            .expect("seconds");
        assert!(
            (1..=900).contains(&retry_after),
            "Retry-After {retry_after}"
        );

        // Another account from the same address is not locked.
        app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    }
);

both_backends!(
    twenty_failures_from_one_address_lock_every_account,
    |app| async move {
        for n in 0..20 {
            let wrong =
                json!({"email": format!("nobody-{n}@test.example"), "password": "wrong-password"});
            let reply = app.post(LOGIN, None, &wrong).await;
            assert_eq!(reply.status, 401, "attempt {n}: {}", reply.body);
        }
        let right = json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD});
        let locked = app.post(LOGIN, None, &right).await;
        locked.expect_problem(429);
        assert!(locked
            .header("retry-after")
            .is_some_and(|s| s.parse::<u64>().is_ok()));
    }
);

both_backends!(tokens_of_every_role_sign_in, |app| async move {
    for (role, name) in [(Role::Exhibitor, "exhibitor"), (Role::Partner, "partner")] {
        let token = app.token_for(role, None).await;
        assert_eq!(app.get(ME, Some(&token)).await.expect(200)["role"], name);
    }
});

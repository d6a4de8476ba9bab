//! Two-factor sign-in for staff: enrolment with an authenticator app's code, sign-in in
//! two steps, each code and recovery code used once, an admin's requirement for staff,
//! and an admin's reset.

use gmd_api::auth::Role;
use gmd_tests::*;
use totp_rs::{Builder, Secret};

/// The code an authenticator app shows `offset` steps from now.
fn code(secret: &str, offset: i64) -> String {
    let totp = Builder::new()
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    let now = chrono::Utc::now().timestamp() + offset * 30;
    totp.generate(u64::try_from(now).unwrap()).to_string()
}

/// Enrols the account of `token`; returns its secret and recovery codes.
async fn enrol(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let setup = app
        .post("/api/v1/auth/two-factor/setup", Some(token), &json!({}))
        .await
        .expect(200);
    let secret = setup["secret"].as_str().unwrap().to_owned();
    assert!(setup["otpauth_url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/"));
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    let codes = app
        .post(
            "/api/v1/auth/two-factor/enable",
            Some(token),
            &json!({"code": code(&secret, 0)}),
        )
        .await
        .expect(200);
    let codes = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

async fn login(app: &TestApp, email: &str, password: &str, code: Option<&str>) -> Reply {
    let mut body = json!({"email": email, "password": password});
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    app.post("/api/v1/auth/login", None, &body).await
}

both_backends!(
    staff_sign_in_takes_a_second_factor_once_enrolled,
    |app| async move {
        let organizer = app.organizer_token().await;
        let setup = app
            .post(
                "/api/v1/auth/two-factor/setup",
                Some(&organizer),
                &json!({}),
            )
            .await
            .expect(200);
        app.post(
            "/api/v1/auth/two-factor/enable",
            Some(&organizer),
            &json!({"code": "abcdef"}),
        )
        .await
        .expect(422);
        let secret = setup["secret"].as_str().unwrap().to_owned();
        let codes = app
            .post(
                "/api/v1/auth/two-factor/enable",
                Some(&organizer),
                &json!({"code": code(&secret, 0)}),
            )
            .await
            .expect(200);
        let recovery: Vec<String> = codes["recovery_codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(recovery.len(), 10);
        app.post(
            "/api/v1/auth/two-factor/setup",
            Some(&organizer),
            &json!({}),
        )
        .await
        .expect(409);

        // Two steps: the password alone says a code is needed; each code works once.
        let first = login(&app, ORGANIZER_EMAIL, ORGANIZER_PASSWORD, None).await;
        assert_eq!(
            first.expect(401)["type"],
            "/problems/second-factor-required"
        );
        let wrong = login(&app, "organizer@test.example", "wrong-password-2026", None).await;
        assert_eq!(
            wrong.expect(401)["type"],
            "/problems/unauthenticated",
            "a wrong password says nothing of a second factor"
        );
        login(
            &app,
            ORGANIZER_EMAIL,
            ORGANIZER_PASSWORD,
            Some(&code(&secret, 0)),
        )
        .await
        .expect(401);
        let next = code(&secret, 1);
        login(&app, ORGANIZER_EMAIL, ORGANIZER_PASSWORD, Some(&next))
            .await
            .expect(200);
        login(&app, ORGANIZER_EMAIL, ORGANIZER_PASSWORD, Some(&next))
            .await
            .expect(401);
        login(
            &app,
            ORGANIZER_EMAIL,
            ORGANIZER_PASSWORD,
            Some(&recovery[0].to_uppercase()),
        )
        .await
        .expect(200);
        login(
            &app,
            ORGANIZER_EMAIL,
            ORGANIZER_PASSWORD,
            Some(&recovery[0]),
        )
        .await
        .expect(401);

        // Delegates do not enrol; admins see who has it, and can reset a lost one.
        let delegate = app.token_for(Role::Delegate, None).await;
        app.post("/api/v1/auth/two-factor/setup", Some(&delegate), &json!({}))
            .await
            .expect(403);
        let admin = app.admin_token().await;
        let me = app
            .get("/api/v1/auth/me", Some(&organizer))
            .await
            .expect(200);
        let path = format!("/api/v1/users/{}", me["id"]);
        assert_eq!(
            app.get(&path, Some(&admin)).await.expect(200)["two_factor"],
            true
        );
        let audit = app
            .get("/api/v1/audit?per_page=100&resource=user", Some(&admin))
            .await;
        assert!(
            !audit.body.contains(&secret),
            "the secret is never recorded"
        );
        app.patch(&path, Some(&admin), &json!({"reset_two_factor": true}))
            .await
            .expect(200);
        login(&app, ORGANIZER_EMAIL, ORGANIZER_PASSWORD, None)
            .await
            .expect(200);
    }
);

both_backends!(an_admin_can_require_staff_to_enrol, |app| async move {
    let admin = app.admin_token().await;
    let refused = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/settings/security",
            Some(&admin),
        )
        .json(&json!({"require_staff_two_factor": true}));
    Reply::send(refused).await.expect(409);
    let (secret, _) = enrol(&app, &admin).await;
    let required = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/settings/security",
            Some(&admin),
        )
        .json(&json!({"require_staff_two_factor": true}));
    assert_eq!(
        Reply::send(required).await.expect(200)["require_staff_two_factor"],
        true
    );
    assert_eq!(
        app.get("/api/v1/settings/security", Some(&admin))
            .await
            .expect(200)["require_staff_two_factor"],
        true
    );

    // A staff account without it may only enrol; then it works again.
    let organizer = app.organizer_token().await;
    let city = city_body("Oulu");
    let blocked = app.post("/api/v1/cities", Some(&organizer), &city).await;
    assert_eq!(
        blocked.expect(403)["type"],
        "/problems/second-factor-setup-required"
    );
    app.get("/api/v1/auth/me", Some(&organizer))
        .await
        .expect(200);
    enrol(&app, &organizer).await;
    app.post("/api/v1/cities", Some(&organizer), &city)
        .await
        .expect(201);
    // Delegates are not staff: nothing changes for them.
    let delegate = app.token_for(Role::Delegate, None).await;
    app.get("/api/v1/auth/me/export", Some(&delegate))
        .await
        .expect(200);
    app.get("/api/v1/events", Some(&delegate)).await.expect(200);
    let _ = secret;
});

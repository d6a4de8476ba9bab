//! API tokens: made by admins, the secret shown once and stored hashed, the last use
//! recorded, revocation effective on the very next request, expiry.

use gmd_api::auth::Role;
use gmd_tests::*;

both_backends!(
    the_secret_is_shown_once_and_stored_hashed,
    |app| async move {
        let created = app
            .create_api_token(&["delegates:read", "program:read"], None)
            .await;
        let secret = created["secret"].as_str().expect("a secret");
        let prefix = created["prefix"].as_str().expect("a prefix");
        assert!(
            secret.starts_with("gmd_live_") && secret.len() >= 40,
            "{secret}"
        );
        assert!(prefix.starts_with("gmd_live_") && secret.starts_with(prefix));
        assert!(
            prefix.len() < secret.len() - 20,
            "the prefix gives little away"
        );
        assert_eq!(created["scopes"], json!(["delegates:read", "program:read"]));
        assert_eq!(created["active"], true);
        assert!(created["last_used_at"].is_null());

        let admin = app.admin_token().await;
        let id = created["id"].as_i64().expect("an id");
        let list = app.get("/api/v1/api-tokens", Some(&admin)).await;
        let page = list.expect(200);
        assert_eq!(page["items"][0]["prefix"], prefix);
        assert!(page["items"][0].get("secret").is_none());
        assert!(
            !list.body.contains(secret),
            "the list never shows the secret"
        );
        let one = app
            .get(&format!("/api/v1/api-tokens/{id}"), Some(&admin))
            .await;
        assert!(!one.body.contains(secret));
        assert_eq!(one.expect(200)["prefix"], prefix);

        let stored = app.texts("SELECT secret_hash AS value FROM api_tokens");
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].len(), 64, "a SHA-256 in hex: {}", stored[0]);
        assert!(stored[0].bytes().all(|b| b.is_ascii_hexdigit()));
        let everything =
            app.texts("SELECT name || prefix || secret_hash || scopes AS value FROM api_tokens");
        assert!(!everything[0].contains(secret), "the secret is not stored");
    }
);

both_backends!(
    the_token_authenticates_and_its_last_use_is_recorded,
    |app| async move {
        let created = app.create_api_token(&["program:read"], None).await;
        let (id, secret) = (
            created["id"].as_i64().unwrap(),
            created["secret"].as_str().unwrap(),
        );
        app.get("/api/v1/events", Some(secret)).await.expect(200);
        let admin = app.admin_token().await;
        let token = app
            .get(&format!("/api/v1/api-tokens/{id}"), Some(&admin))
            .await
            .expect(200);
        assert!(
            token["last_used_at"].is_string(),
            "last use recorded: {token}"
        );
        // The token acts as its own partner account.
        let accounts = app.count("SELECT COUNT(*) AS n FROM users WHERE role = 'partner'");
        assert_eq!(accounts, 1);
    }
);

both_backends!(revocation_holds_from_the_next_request, |app| async move {
    let created = app.create_api_token(&["program:read"], None).await;
    let (id, secret) = (
        created["id"].as_i64().unwrap(),
        created["secret"].as_str().unwrap(),
    );
    app.get("/api/v1/events", Some(secret)).await.expect(200);
    let admin = app.admin_token().await;
    app.delete(&format!("/api/v1/api-tokens/{id}"), Some(&admin))
        .await
        .expect(204);
    let refused = app.get("/api/v1/events", Some(secret)).await;
    refused.expect_problem(401);
    assert!(refused.header("www-authenticate").is_some());
    let listed = app
        .get(&format!("/api/v1/api-tokens/{id}"), Some(&admin))
        .await
        .expect(200);
    assert_eq!(listed["active"], false);
    assert!(listed["revoked_at"].is_string());
    // Revoking again changes nothing; an unknown token is a 404.
    app.delete(&format!("/api/v1/api-tokens/{id}"), Some(&admin))
        .await
        .expect(204);
    app.delete("/api/v1/api-tokens/999999", Some(&admin))
        .await
        .expect_problem(404);
});

both_backends!(an_expired_or_unknown_token_is_refused, |app| async move {
    let secret = app.api_token(&["program:read"]).await;
    app.execute("UPDATE api_tokens SET expires_at = '2020-01-01 00:00:00'");
    app.get("/api/v1/events", Some(&secret))
        .await
        .expect_problem(401);
    let forged = format!("{}x", &secret[..secret.len() - 1]);
    app.get("/api/v1/events", Some(&forged))
        .await
        .expect_problem(401);
});

both_backends!(
    only_admins_manage_tokens_and_input_is_checked,
    |app| async move {
        let organizer = app.organizer_token().await;
        let body = json!({"name": "Hotel", "scopes": ["delegates:read"]});
        app.post("/api/v1/api-tokens", Some(&organizer), &body)
            .await
            .expect_problem(403);
        app.get("/api/v1/api-tokens", Some(&organizer))
            .await
            .expect_problem(403);
        let partner = app.token_for(Role::Partner, None).await;
        app.get("/api/v1/api-tokens", Some(&partner))
            .await
            .expect_problem(403);
        app.get("/api/v1/api-tokens", None)
            .await
            .expect_problem(401);

        let admin = app.admin_token().await;
        for (body, field) in [
            (
                json!({"name": "Hotel", "scopes": ["delegates:everything"]}),
                "scopes[0]",
            ),
            (json!({"name": "Hotel", "scopes": []}), "scopes"),
            (json!({"name": " ", "scopes": ["expo:read"]}), "name"),
            (
                json!({"name": "Hotel", "scopes": ["expo:read"], "expires_at": "2020-01-01T00:00:00Z"}),
                "expires_at",
            ),
            (
                json!({"name": "Hotel", "scopes": ["expo:read"], "event": "nowhere"}),
                "event",
            ),
        ] {
            let problem = app
                .post("/api/v1/api-tokens", Some(&admin), &body)
                .await
                .expect_problem(422);
            let fields: Vec<&str> = problem["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .filter_map(|e| e["field"].as_str())
                .collect();
            assert!(
                fields.iter().any(|f| f.starts_with(field)),
                "{body} names {field}: {problem}"
            );
        }
        // An API token cannot make API tokens, whatever its scopes.
        let secret = app.api_token(&["webhooks:manage", "audit:read"]).await;
        let problem = app
            .post("/api/v1/api-tokens", Some(&secret), &body)
            .await
            .expect_problem(403);
        assert!(problem.get("required_scope").is_none());
    }
);

/// The audit trail's entries about API tokens.
async fn token_audit(app: &TestApp) -> Value {
    let admin = app.admin_token().await;
    app.get(
        "/api/v1/audit?resource=api_token&per_page=100",
        Some(&admin),
    )
    .await
    .expect(200)
}

both_backends!(
    making_and_revoking_a_token_is_audited_but_using_it_is_not,
    |app| async move {
        let admin = app.admin_token().await;
        let admin_id = app.get("/api/v1/auth/me", Some(&admin)).await.expect(200)["id"]
            .as_i64()
            .expect("a user id");
        let scenario = app.scenario().await;
        let created = app
            .create_api_token(&["program:read"], Some(&scenario.event))
            .await;
        let (id, secret) = (
            created["id"].as_i64().unwrap(),
            created["secret"].as_str().unwrap().to_owned(),
        );
        let hash = app.texts(&format!(
            "SELECT secret_hash AS value FROM api_tokens WHERE id = {id}"
        ));

        let audit = token_audit(&app).await;
        assert_eq!(audit["total"], 1, "{audit}");
        let entry = &audit["items"][0];
        assert_eq!(entry["action"], "created");
        assert_eq!(entry["resource_id"], id);
        assert_eq!(
            entry["actor"],
            json!({"user_id": admin_id, "token_id": null})
        );
        assert_eq!(entry["event"], scenario.event.as_str());
        assert_eq!(
            entry["event_type"],
            Value::Null,
            "tokens are no webhook events"
        );
        assert_eq!(entry["after"]["name"], "Partner system");
        assert_eq!(entry["after"]["prefix"], created["prefix"]);
        assert_eq!(entry["after"]["scopes"], json!(["program:read"]));
        assert!(entry["after"].get("secret_hash").is_none(), "{entry}");
        let text = audit.to_string();
        assert!(
            !text.contains(&secret) && !text.contains(&hash[0]),
            "{text}"
        );

        // A use moves `last_used_at` (the first at once, later ones once a minute), in a
        // bookkeeping write that also sweeps up, as the system's, what the harness wrote
        // outside the write helpers (on PostgreSQL).
        app.get("/api/v1/events", Some(&secret)).await.expect(200);
        let journalled = |app: &TestApp| {
            app.count("SELECT COUNT(*) AS n FROM change_journal WHERE table_name = 'api_tokens'")
        };
        let everything = |app: &TestApp| app.count("SELECT COUNT(*) AS n FROM audit_entries");
        let before = everything(&app);
        // The update triggers of both backends ignore a change of the last use alone.
        app.execute("UPDATE api_tokens SET last_used_at = '2020-01-01 00:00:00'");
        assert_eq!(journalled(&app), 0, "a last use is not journalled");
        for _ in 0..3 {
            app.get("/api/v1/events", Some(&secret)).await.expect(200);
        }
        let used = app
            .get(&format!("/api/v1/api-tokens/{id}"), Some(&admin))
            .await
            .expect(200);
        assert!(
            used["last_used_at"]
                .as_str()
                .is_some_and(|at| !at.starts_with("2020")),
            "the use is recorded: {used}"
        );
        assert_eq!(everything(&app), before, "a use is no audit entry");
        assert_eq!(journalled(&app), 0);
        app.new_city("Tromsø").await;
        assert_eq!(token_audit(&app).await["total"], 1, "only the creation");

        app.delete(&format!("/api/v1/api-tokens/{id}"), Some(&admin))
            .await
            .expect(204);
        let audit = token_audit(&app).await;
        assert_eq!(audit["total"], 2, "{audit}");
        let revoked = &audit["items"][0];
        assert_eq!(revoked["action"], "updated");
        assert_eq!(revoked["resource_id"], id);
        assert_eq!(revoked["actor"]["user_id"], admin_id);
        assert_eq!(revoked["before"], json!({"revoked_at": null}));
        assert!(revoked["after"]["revoked_at"].is_string(), "{revoked}");
        // Revoking again changes nothing, so records nothing.
        app.delete(&format!("/api/v1/api-tokens/{id}"), Some(&admin))
            .await
            .expect(204);
        assert_eq!(token_audit(&app).await["total"], 2);
        assert!(!audit.to_string().contains(&hash[0]));
    }
);

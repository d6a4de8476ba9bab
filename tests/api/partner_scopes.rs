//! Token scopes, applied to every operation by its domain: a missing scope is a 403 naming
//! it, reads and writes need their own scopes, an event-restricted token stays in its
//! event, and delegates' private fields need `delegates:read_private`.

use gmd_tests::*;

/// A delegate who consented to a public profile, with private fields filled in.
async fn consenting_delegate(app: &TestApp, scenario: &Scenario) -> i64 {
    let mut body = delegate_body(scenario.delegation_id, "Aino", "Korhonen");
    body["email"] = json!("aino@rovaniemi.example");
    body["hotel"] = json!("Shangri-La Harbin");
    body["consent_public_profile"] = json!(true);
    app.create_delegate(&scenario.event, &body).await["id"]
        .as_i64()
        .expect("an id")
}

both_backends!(a_missing_scope_is_a_403_naming_it, |app| async move {
    let scenario = app.scenario().await;
    let delegate = consenting_delegate(&app, &scenario).await;
    let program_only = app.api_token(&["program:read"]).await;
    let path = scenario.path(&format!("/delegates/{delegate}"));
    let problem = app
        .get(&path, Some(&program_only))
        .await
        .expect_problem(403);
    assert_eq!(problem["required_scope"], "delegates:read");
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("delegates:read"));
    // The programme is readable with it.
    app.get(&scenario.path("/sessions"), Some(&program_only))
        .await
        .expect(200);
    // Writing needs the write scope, even with the read scope.
    let readers = app.api_token(&["program:read", "delegates:read"]).await;
    let body = delegate_body(scenario.delegation_id, "Liu", "Yang");
    let problem = app
        .post(&scenario.path("/delegates"), Some(&readers), &body)
        .await
        .expect_problem(403);
    assert_eq!(problem["required_scope"], "delegates:write");
    let problem = app
        .post("/api/v1/cities", Some(&readers), &city_body("Oulu"))
        .await
        .expect_problem(403);
    assert_eq!(problem["required_scope"], "partnerships:write");
});

both_backends!(
    a_write_scope_lets_a_token_write_its_domain,
    |app| async move {
        let scenario = app.scenario().await;
        let writer = app.api_token(&["delegates:write", "delegates:read"]).await;
        let body = delegate_body(scenario.delegation_id, "Liu", "Yang");
        let reply = app
            .post(&scenario.path("/delegates"), Some(&writer), &body)
            .await;
        let created = reply.expect(201);
        assert!(reply.header("location").is_some());
        assert!(
            created.get("badge_code").is_none() && created.get("email").is_none(),
            "no private fields without delegates:read_private: {created}"
        );
        // The same token may not write another domain.
        let problem = app
            .post(
                &scenario.path("/venues"),
                Some(&writer),
                &json!({"name": "Hall"}),
            )
            .await
            .expect_problem(403);
        assert_eq!(problem["required_scope"], "program:write");
    }
);

both_backends!(
    private_delegate_fields_need_read_private,
    |app| async move {
        let scenario = app.scenario().await;
        let delegate = consenting_delegate(&app, &scenario).await;
        let path = scenario.path(&format!("/delegates/{delegate}"));

        let reader = app.api_token(&["delegates:read"]).await;
        let public = app.get(&path, Some(&reader)).await.expect(200);
        assert_eq!(public["given_name"], "Aino");
        for field in ["email", "hotel", "badge_code", "accreditation_status"] {
            assert!(public.get(field).is_none(), "{field} shown: {public}");
        }
        // The organizers' full list is not for it either.
        app.get(&scenario.path("/delegates"), Some(&reader))
            .await
            .expect_problem(403);
        app.get(&scenario.path("/directory"), Some(&reader))
            .await
            .expect(200);

        // `delegates:read_private` adds to `delegates:read`; alone it opens nothing.
        let alone = app.api_token(&["delegates:read_private"]).await;
        let problem = app.get(&path, Some(&alone)).await.expect_problem(403);
        assert_eq!(problem["required_scope"], "delegates:read");
        let private = app
            .api_token(&["delegates:read", "delegates:read_private"])
            .await;
        let full = app.get(&path, Some(&private)).await.expect(200);
        assert_eq!(full["email"], "aino@rovaniemi.example");
        assert!(full["badge_code"].is_string());
        let list = app
            .get(&scenario.path("/delegates"), Some(&private))
            .await
            .expect(200);
        assert_eq!(list["items"][0]["hotel"], "Shangri-La Harbin");
        // Reading private fields is not writing.
        let problem = app
            .patch(&path, Some(&private), &json!({"hotel": "Elsewhere"}))
            .await
            .expect_problem(403);
        assert_eq!(problem["required_scope"], "delegates:write");
    }
);

both_backends!(
    an_event_restricted_token_stays_in_its_event,
    |app| async move {
        let home = app.scenario().await;
        let other = app.scenario().await;
        let created = app
            .create_api_token(&["delegates:read", "program:read"], Some(&home.event))
            .await;
        assert_eq!(created["event"], home.event);
        let secret = created["secret"].as_str().unwrap();
        app.get(&home.path("/directory"), Some(secret))
            .await
            .expect(200);
        app.get(&home.path("/sessions"), Some(secret))
            .await
            .expect(200);
        let problem = app
            .get(&other.path("/directory"), Some(secret))
            .await
            .expect_problem(403);
        assert!(problem["detail"].as_str().unwrap().contains(&home.event));
        app.get(&other.path(""), Some(secret))
            .await
            .expect_problem(403);
        // Global, public reads stay open to it.
        app.get("/api/v1/events", Some(secret)).await.expect(200);
    }
);

both_backends!(operations_for_users_only_refuse_tokens, |app| async move {
    let all_scopes = app.api_token(&every_scope()).await;
    let host = app.new_city("Harbin").await;
    let problem = app
        .post(
            "/api/v1/events",
            Some(&all_scopes),
            &event_body("token-summit", host),
        )
        .await
        .expect_problem(403);
    assert!(problem.get("required_scope").is_none());
    app.get("/api/v1/auth/me", Some(&all_scopes))
        .await
        .expect_problem(403);
    // Unknown routes stay 404 for tokens too.
    app.get("/api/v1/nowhere", Some(&all_scopes))
        .await
        .expect_problem(404);
});

#[test]
fn the_spec_lists_the_token_scheme_and_scopes() {
    let spec = gmd_api::app::openapi_document();
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(
        json["components"]["securitySchemes"]["api_token"]["scheme"],
        "bearer"
    );
    let create = &json["paths"]["/api/v1/events/{event}/delegates"]["post"];
    assert!(create["security"]
        .as_array()
        .unwrap()
        .contains(&json!({"api_token": ["delegates:write"]})));
    let tokens = &json["paths"]["/api/v1/api-tokens"]["post"]["security"];
    assert_eq!(
        tokens,
        &json!([{"bearer": []}]),
        "no tokens for token admin"
    );
}

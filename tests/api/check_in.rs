//! `POST /api/v1/events/{event}/check-in`: scanning badges, idempotently.

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

/// A new delegate driven to `accredited`; returns it.
async fn accredited(app: &TestApp, scenario: &Scenario, given_name: &str) -> Value {
    let delegate = app.new_delegate(scenario, given_name, "Scanned").await;
    app.drive(
        &scenario.event,
        delegate["id"].as_i64().unwrap(),
        &["register", "accredit"],
    )
    .await
}

async fn scan(
    app: &TestApp,
    scenario: &Scenario,
    badge_code: &Value,
    token: Option<&str>,
) -> Reply {
    app.post(
        &scenario.path("/check-in"),
        token,
        &json!({"badge_code": badge_code}),
    )
    .await
}

#[track_caller]
fn instant(value: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(
        value
            .as_str()
            .unwrap_or_else(|| panic!("a time, not {value}")),
    )
    .unwrap()
}

both_backends!(a_second_scan_reports_the_first_check_in, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let delegate = accredited(&app, &scenario, "Aino").await;
    let id = delegate["id"].as_i64().unwrap();

    let first = scan(&app, &scenario, &delegate["badge_code"], Some(&organizer))
        .await
        .expect(200);
    assert_eq!(first["delegate_id"], id);
    assert_eq!(first["given_name"], "Aino");
    assert_eq!(first["family_name"], "Scanned");
    assert_eq!(first["accreditation_status"], "checked_in");
    assert_eq!(first["already_checked_in"], false);
    let checked_in_at = instant(&first["checked_in_at"]);

    let path = scenario.path(&format!("/delegates/{id}"));
    let after_first = app.get(&path, Some(&organizer)).await.expect(200);
    assert_eq!(after_first["accreditation_status"], "checked_in");
    assert_eq!(instant(&after_first["checked_in_at"]), checked_in_at);
    assert_eq!(
        after_first["version"],
        delegate["version"].as_i64().unwrap() + 1
    );

    let admin = app.admin_token().await;
    let second = scan(&app, &scenario, &delegate["badge_code"], Some(&admin))
        .await
        .expect(200);
    assert_eq!(second["delegate_id"], id);
    assert_eq!(second["accreditation_status"], "checked_in");
    assert_eq!(second["already_checked_in"], true);
    assert_eq!(
        instant(&second["checked_in_at"]),
        checked_in_at,
        "the first check-in time"
    );
    assert_eq!(
        app.get(&path, Some(&organizer)).await.expect(200),
        after_first,
        "a repeat scan changes nothing"
    );
});

both_backends!(fifty_parallel_scans_record_one_check_in, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let delegate = accredited(&app, &scenario, "Parallel").await;
    let body = json!({"badge_code": delegate["badge_code"]});
    let requests = (0..50)
        .map(|_| {
            app.request(Method::POST, &scenario.path("/check-in"), Some(&organizer))
                .json(&body)
        })
        .collect();
    let replies = app.concurrently(requests).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let results: Vec<Value> = replies.iter().map(|r| r.expect(200)).collect();
    let first: Vec<&Value> = results
        .iter()
        .filter(|r| r["already_checked_in"] == false)
        .collect();
    assert_eq!(first.len(), 1, "exactly one scan checked the delegate in");
    assert_eq!(
        results
            .iter()
            .filter(|r| r["already_checked_in"] == true)
            .count(),
        49
    );
    let checked_in_at = instant(&first[0]["checked_in_at"]);
    assert!(
        results
            .iter()
            .all(|r| instant(&r["checked_in_at"]) == checked_in_at),
        "one check-in time"
    );

    let path = scenario.path(&format!("/delegates/{}", delegate["id"]));
    let fetched = app.get(&path, Some(&organizer)).await.expect(200);
    assert_eq!(fetched["accreditation_status"], "checked_in");
    assert_eq!(
        fetched["version"],
        delegate["version"].as_i64().unwrap() + 1,
        "one transition was recorded"
    );
    assert_eq!(instant(&fetched["checked_in_at"]), checked_in_at);
});

both_backends!(unknown_badges_are_404, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    scan(
        &app,
        &scenario,
        &json!("GMD-0000-0000-0000-0000"),
        Some(&organizer),
    )
    .await
    .expect_problem(404);
    scan(&app, &scenario, &json!("no such badge"), Some(&organizer))
        .await
        .expect_problem(404);

    // A badge of another event is unknown here, and stays unchecked.
    let elsewhere = app.scenario().await;
    let stranger = accredited(&app, &elsewhere, "Stranger").await;
    scan(&app, &scenario, &stranger["badge_code"], Some(&organizer))
        .await
        .expect_problem(404);
    let path = elsewhere.path(&format!("/delegates/{}", stranger["id"]));
    assert_eq!(
        app.get(&path, Some(&organizer)).await.expect(200)["accreditation_status"],
        "accredited"
    );

    let bad = app
        .post(
            &scenario.path("/check-in"),
            Some(&organizer),
            &json!({"code": "x"}),
        )
        .await;
    bad.expect_problem(422);
});

both_backends!(delegates_who_are_not_accredited_are_409, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    for (state, actions) in [
        ("invited", &[][..]),
        ("registered", &["register"][..]),
        ("declined", &["decline"][..]),
        ("cancelled", &["register", "accredit", "cancel"][..]),
    ] {
        let delegate = app.new_delegate(&scenario, state, "Waiting").await;
        let id = delegate["id"].as_i64().unwrap();
        let before = app.drive(&scenario.event, id, actions).await;
        let before = if actions.is_empty() { delegate } else { before };
        scan(&app, &scenario, &before["badge_code"], Some(&organizer))
            .await
            .expect_problem(409);
        let after = app
            .get(
                &scenario.path(&format!("/delegates/{id}")),
                Some(&organizer),
            )
            .await
            .expect(200);
        assert_eq!(after["accreditation_status"], state);
        assert!(after["checked_in_at"].is_null());
        assert_eq!(after["version"], before["version"]);
    }
});

both_backends!(only_staff_scan_badges, |app| async move {
    let scenario = app.scenario().await;
    let delegate = accredited(&app, &scenario, "Aino").await;
    let badge = &delegate["badge_code"];
    scan(&app, &scenario, badge, None).await.expect_problem(401);
    let own = app.delegate_token(delegate["id"].as_i64().unwrap()).await;
    scan(&app, &scenario, badge, Some(&own))
        .await
        .expect_problem(403);
    let exhibitor = app.token_for(Role::Exhibitor, None).await;
    scan(&app, &scenario, badge, Some(&exhibitor))
        .await
        .expect_problem(403);

    let organizer = app.organizer_token().await;
    let path = scenario.path(&format!("/delegates/{}", delegate["id"]));
    assert_eq!(
        app.get(&path, Some(&organizer)).await.expect(200)["accreditation_status"],
        "accredited"
    );
    let result = scan(&app, &scenario, badge, Some(&organizer))
        .await
        .expect(200);
    assert_eq!(result["already_checked_in"], false);
});

both_backends!(
    a_check_in_by_action_is_seen_by_the_scanner,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let delegate = app.new_delegate(&scenario, "Dan", "Dahl").await;
        let id = delegate["id"].as_i64().unwrap();
        let checked_in = app
            .drive(&scenario.event, id, &["register", "accredit", "check_in"])
            .await;
        let at = instant(&checked_in["checked_in_at"]);
        let scanned = scan(&app, &scenario, &delegate["badge_code"], Some(&organizer))
            .await
            .expect(200);
        assert_eq!(scanned["already_checked_in"], true);
        assert_eq!(instant(&scanned["checked_in_at"]), at);
        let path = scenario.path(&format!("/delegates/{id}"));
        assert_eq!(
            app.get(&path, Some(&organizer)).await.expect(200)["version"],
            checked_in["version"]
        );
    }
);

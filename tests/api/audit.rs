//! The audit trail: every write endpoint records who, when, what, before and after; the
//! listing redacts private values and is for admins only.

use gmd_tests::{both_backends, json, Value};

use crate::expo_support::{approved, assign, booth, hall};
use crate::program_support::{id, new_programme, register_by_organizer, session_in_room};

async fn audit(app: &gmd_tests::TestApp, query: &str) -> Vec<Value> {
    let admin = app.admin_token().await;
    let page = app
        .get(&format!("/api/v1/audit?per_page=100&{query}"), Some(&admin))
        .await
        .expect(200);
    page["items"].as_array().cloned().unwrap_or_default()
}

fn has(entries: &[Value], resource: &str, resource_id: i64, action: &str) -> bool {
    entries.iter().any(|e| {
        e["resource"] == resource && e["resource_id"] == resource_id && e["action"] == action
    })
}

both_backends!(every_domain_s_writes_are_audited, |app| async move {
    let organizer = app.organizer_token().await;
    let me = app
        .get("/api/v1/auth/me", Some(&organizer))
        .await
        .expect(200);
    let organizer_id = me["id"].as_i64().expect("a user id");

    let programme = new_programme(&app, 10).await;
    let scenario = &programme.scenario;
    let city = app.new_city("Oulu").await;
    app.patch(
        &format!("/api/v1/cities/{city}"),
        Some(&organizer),
        &json!({"population": 215000}),
    )
    .await
    .expect(200);
    app.delete(&format!("/api/v1/cities/{city}"), Some(&organizer))
        .await
        .expect(204);
    let delegate = id(&app.new_delegate(scenario, "Aino", "Virtanen").await);
    app.drive(&scenario.event, delegate, &["register", "accredit"])
        .await;
    let session = id(&session_in_room(
        &app,
        &programme,
        "Opening",
        ("2026-01-06T09:00", "2026-01-06T10:00"),
        None,
    )
    .await);
    register_by_organizer(&app, &programme, session, delegate).await;
    let exhibitor = approved(&app, scenario, "Polar Ridge", &["sports"]).await;
    let hall = hall(&app, scenario, 0).await;
    let booth = booth(&app, scenario, hall, "A1", (0.0, 0.0, 3.0, 3.0)).await;
    assign(&app, scenario, booth, exhibitor).await.expect(200);

    let entries = audit(&app, "").await;
    for (resource, resource_id, action) in [
        ("city", city, "created"),
        ("city", city, "updated"),
        ("city", city, "deleted"),
        ("event", 0, "created"),
        ("delegation", scenario.delegation_id, "created"),
        ("delegate", delegate, "created"),
        ("delegate", delegate, "updated"),
        ("venue", programme.venue_id, "created"),
        ("room", programme.room_id, "created"),
        ("session", session, "created"),
        ("exhibitor", exhibitor, "updated"),
        ("hall", hall, "created"),
        ("booth", booth, "updated"),
    ] {
        if resource == "event" {
            assert!(entries
                .iter()
                .any(|e| e["resource"] == "event" && e["action"] == "created"));
            continue;
        }
        assert!(
            has(&entries, resource, resource_id, action),
            "{resource} {resource_id} {action}"
        );
    }
    assert!(entries
        .iter()
        .any(|e| e["resource"] == "registration" && e["event_type"] == "registration.confirmed"));
    assert!(entries
        .iter()
        .any(|e| e["event_type"] == "booth.assigned" && e["resource_id"] == booth));
    assert!(entries
        .iter()
        .any(|e| e["event_type"] == "delegate.accreditation_changed"));

    // Who, what, before and after.
    let update = audit(
        &app,
        &format!("resource=city&resource_id={city}&action=updated"),
    )
    .await;
    assert_eq!(update.len(), 1);
    assert_eq!(update[0]["actor"]["user_id"], organizer_id);
    assert_eq!(update[0]["before"], json!({"population": 674500}));
    assert_eq!(update[0]["after"], json!({"population": 215000}));
    let deleted = audit(
        &app,
        &format!("resource=city&resource_id={city}&action=deleted"),
    )
    .await;
    assert_eq!(deleted[0]["before"]["name"]["en"], "Oulu");
    assert_eq!(deleted[0]["after"], Value::Null);
    // Filters by actor and time.
    let by_organizer = audit(&app, &format!("actor={organizer_id}")).await;
    assert!(by_organizer
        .iter()
        .all(|e| e["actor"]["user_id"] == organizer_id));
    assert!(has(&by_organizer, "city", city, "deleted"));
    assert!(audit(&app, "since=2999-01-01T00:00:00Z").await.is_empty());
});

both_backends!(
    private_values_are_redacted_and_only_admins_read,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let mut body = gmd_tests::delegate_body(scenario.delegation_id, "Liisa", "Korhonen");
        body["email"] = json!("liisa@oulu.example");
        body["phone"] = json!("+358 40 123 4567");
        let delegate = id(&app.create_delegate(&scenario.event, &body).await);
        app.patch(
            &scenario.path(&format!("/delegates/{delegate}")),
            Some(&organizer),
            &json!({"phone": "+358 40 765 4321", "title": "Deputy Mayor"}),
        )
        .await
        .expect(200);

        let entries = audit(&app, &format!("resource=delegate&resource_id={delegate}")).await;
        let text = serde_json::to_string(&entries).unwrap();
        assert!(
            !text.contains("liisa@oulu.example")
                && !text.contains("123 4567")
                && !text.contains("765 4321"),
            "{text}"
        );
        let update = entries
            .iter()
            .find(|e| e["action"] == "updated")
            .expect("an update");
        assert_eq!(update["before"]["phone"], "[redacted]");
        assert_eq!(update["after"]["phone"], "[redacted]");
        assert_eq!(update["after"]["title"], "Deputy Mayor");

        app.get("/api/v1/audit", Some(&organizer)).await.expect(403);
        app.get("/api/v1/audit", None).await.expect(401);
    }
);

//! The Harbin 2026 demo data, served through the API as a newcomer would meet it.

use std::collections::BTreeSet;

use gmd_tests::*;

const EVENT: &str = "/api/v1/events/harbin-2026";

both_backends!(the_demo_edition_is_complete, |app| async move {
    app.seed_demo();
    let event = app.get(EVENT, None).await.expect(200);
    assert_eq!(event["slug"], "harbin-2026");
    assert_eq!(event["status"], "published");
    assert_eq!(event["time_zone"], "Asia/Shanghai");
    assert!(
        event["name"]["zh"].is_string(),
        "a Chinese name: {}",
        event["name"]
    );
    assert_eq!(
        event["themes"].as_array().map(Vec::len),
        Some(4),
        "the four themes"
    );

    let cities = app
        .get("/api/v1/cities?per_page=100", None)
        .await
        .expect(200);
    assert_eq!(cities["total"], 8, "the host and seven guest cities");
    let host = &cities["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == event["host_city_id"])
        .expect("the host city")["name"];
    assert_eq!(host["zh"], "哈尔滨", "{host}");
    let native = cities["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_object().unwrap().len() > 1)
        .count();
    assert!(
        native >= 7,
        "cities carry native-script names too ({native})"
    );

    let delegations = app
        .get(&format!("{EVENT}/delegations?per_page=100"), None)
        .await
        .expect(200);
    assert_eq!(delegations["total"], 7, "one delegation per guest city");
    let guest_cities: BTreeSet<i64> = delegations["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["city_id"].as_i64().unwrap())
        .collect();
    assert_eq!(guest_cities.len(), 7);
    assert!(!guest_cities.contains(&event["host_city_id"].as_i64().unwrap()));

    let organizer = app.organizer_token().await;
    let delegates = app
        .get(&format!("{EVENT}/delegates?per_page=100"), Some(&organizer))
        .await
        .expect(200);
    let total = delegates["total"].as_i64().unwrap();
    assert!(
        (30..=50).contains(&total),
        "about 40 delegates, not {total}"
    );
    for state in [
        "invited",
        "registered",
        "accredited",
        "checked_in",
        "declined",
        "cancelled",
    ] {
        let page = app
            .get(
                &format!("{EVENT}/delegates?accreditation_status={state}"),
                Some(&organizer),
            )
            .await
            .expect(200);
        assert!(
            page["total"].as_i64().unwrap() >= 1,
            "some delegate is {state}"
        );
    }
    let directory = app
        .get(&format!("{EVENT}/directory?per_page=100"), None)
        .await
        .expect(200);
    let shown = directory["total"].as_i64().unwrap();
    assert!(
        shown >= 1 && shown < total,
        "the directory shows the consenting {shown} of {total}"
    );
});

both_backends!(the_demo_accounts_sign_in, |app| async move {
    app.seed_demo();
    for (email, password, role) in [
        ("admin@gmd.example", "admin-demo-2026", "admin"),
        ("organizer@gmd.example", "organizer-demo-2026", "organizer"),
        ("delegate@gmd.example", "delegate-demo-2026", "delegate"),
    ] {
        let token = app.login(email, password).await;
        let me = app.get("/api/v1/auth/me", Some(&token)).await.expect(200);
        assert_eq!(me["role"], role, "{email}");
        if role == "delegate" {
            let id = me["delegate_id"]
                .as_i64()
                .expect("the demo delegate is bound to a record");
            let own = app
                .get(&format!("{EVENT}/delegates/{id}"), Some(&token))
                .await
                .expect(200);
            assert!(
                own["badge_code"].is_string() && own["accreditation_status"].is_string(),
                "{own}"
            );
            app.get(&format!("{EVENT}/delegates"), Some(&token))
                .await
                .expect_problem(403);
        }
    }
});

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

fn english(value: &Value) -> &str {
    value["name"]["en"].as_str().unwrap_or_default()
}

both_backends!(
    the_demo_partnerships_tell_the_real_story,
    |app| async move {
        app.seed_demo();
        let all = app
            .get(
                "/api/v1/partnerships?per_page=100",
                Some(&app.organizer_token().await),
            )
            .await
            .expect(200);
        let items = all["items"].as_array().unwrap();
        let find = |a: &str, b: &str| {
            items
                .iter()
                .find(|p| {
                    let pair = [english(&p["city_a"]), english(&p["city_b"])];
                    pair.contains(&a) && pair.contains(&b)
                })
                .unwrap_or_else(|| panic!("no {a}–{b} partnership in {all}"))
        };
        let edmonton = find("Harbin", "Edmonton");
        assert_eq!(edmonton["kind"], "sister_city");
        assert_eq!(edmonton["status"], "active");
        assert_eq!(edmonton["established_on"], "1985-01-01");
        assert_eq!(edmonton["illustrative"], false);
        let magdeburg = find("Harbin", "Magdeburg");
        assert_eq!(magdeburg["illustrative"], false);
        let agreements = app
            .get(
                &format!("/api/v1/partnerships/{}/agreements", magdeburg["id"]),
                None,
            )
            .await
            .expect(200);
        let documents: Vec<(&str, &str)> = agreements
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["kind"].as_str().unwrap(),
                    a["signed_on"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            documents,
            [
                ("memorandum", "2002-06-01"),
                ("joint_declaration", "2006-09-01"),
                ("treaty", "2008-07-02")
            ]
        );
        let real = items.iter().filter(|p| p["illustrative"] == false).count();
        assert_eq!(real, 2, "every other pair is marked illustrative");
        let statuses: BTreeSet<&str> = items
            .iter()
            .map(|p| p["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses.len(), 6, "every status occurs: {statuses:?}");

        let public = app
            .get("/api/v1/partnerships?per_page=100", None)
            .await
            .expect(200);
        assert!(public["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "active" || p["status"] == "signed"));
    }
);

both_backends!(
    the_demo_harbin_initiative_is_open_with_endorsements,
    |app| async move {
        app.seed_demo();
        let list = app
            .get(&format!("{EVENT}/initiatives"), None)
            .await
            .expect(200);
        let initiative = &list["items"][0];
        assert_eq!(initiative["status"], "open_for_endorsement");
        assert_eq!(initiative["versions"], 2);
        assert_eq!(initiative["endorsements"], 5);
        let path = format!("{EVENT}/initiatives/{}/endorsements", initiative["id"]);
        let standing = app.get(&path, None).await.expect(200);
        assert_eq!(standing["total"], 5);
        let everything = app
            .get(&format!("{path}?include_withdrawn=true"), None)
            .await
            .expect(200);
        assert_eq!(
            everything["total"], 6,
            "the withdrawn endorsement stays on record"
        );
    }
);

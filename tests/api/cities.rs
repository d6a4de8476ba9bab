//! `/api/v1/cities`: CRUD, validation, who may write, filters and Unicode names.

use gmd_api::auth::Role;
use gmd_tests::*;

const CITIES: &str = "/api/v1/cities";

fn full_city() -> Value {
    json!({
        "name": {"en": "Harbin", "zh": "哈尔滨"}, "country": "CN", "region": "Heilongjiang",
        "population": 10009854, "latitude": 45.7567, "longitude": 126.6424,
        "time_zone": "Asia/Shanghai", "wikidata_id": "Q42956",
    })
}

both_backends!(create_read_update_delete, |app| async move {
    let token = app.organizer_token().await;
    let reply = app.post(CITIES, Some(&token), &full_city()).await;
    let created = reply.expect(201);
    let id = created["id"].as_i64().expect("an id");
    assert_eq!(
        reply.header("location"),
        Some(format!("{CITIES}/{id}").as_str())
    );
    assert_eq!(reply.header("etag"), Some(format!("\"{id}.1\"").as_str()));
    for (key, value) in full_city().as_object().unwrap() {
        assert_eq!(&created[key], value, "{key} round-trips");
    }
    assert_eq!(created["version"], 1);
    for stamp in ["created_at", "updated_at"] {
        let text = created[stamp].as_str().expect(stamp);
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap_or_else(|e| panic!("{stamp} {text}: {e}"));
    }

    let path = format!("{CITIES}/{id}");
    let fetched = app.get(&path, None).await.expect(200);
    assert_eq!(fetched, created);

    let updated = app
        .patch(
            &path,
            Some(&token),
            &json!({"population": 10100000, "name": {"en": "Harbin", "zh": "哈尔滨市"}}),
        )
        .await
        .expect(200);
    assert_eq!(updated["population"], 10100000);
    assert_eq!(updated["name"]["zh"], "哈尔滨市");
    assert_eq!(
        updated["region"], "Heilongjiang",
        "fields left out are kept"
    );
    assert_eq!(updated["version"], 2);
    assert_eq!(app.get(&path, None).await.expect(200), updated);

    let deleted = app.delete(&path, Some(&token)).await;
    deleted.expect(204);
    assert!(deleted.body.is_empty());
    app.get(&path, None).await.expect_problem(404);
    app.delete(&path, Some(&token)).await.expect_problem(404);
    app.patch(&path, Some(&token), &json!({"population": 1}))
        .await
        .expect_problem(404);
});

both_backends!(
    optional_fields_may_be_left_out_and_cleared,
    |app| async move {
        let token = app.organizer_token().await;
        let minimal = json!({
            "name": {"en": "Erzurum"}, "country": "TR",
            "latitude": 39.9, "longitude": 41.27, "time_zone": "Europe/Istanbul",
        });
        let city = app.post(CITIES, Some(&token), &minimal).await.expect(201);
        for key in ["region", "population", "wikidata_id"] {
            assert!(city[key].is_null(), "{key} is null: {city}");
        }
        let path = format!("{CITIES}/{}", city["id"]);
        let city = app
            .patch(
                &path,
                Some(&token),
                &json!({"region": "Erzurum", "population": 767848}),
            )
            .await
            .expect(200);
        assert_eq!(city["region"], "Erzurum");
        let city = app
            .patch(&path, Some(&token), &json!({"region": null}))
            .await
            .expect(200);
        assert!(city["region"].is_null());
        assert_eq!(city["population"], 767848);
    }
);

both_backends!(validation_is_422_per_field, |app| async move {
    let token = app.organizer_token().await;
    let cases: [(&str, Value, &str); 10] = [
        ("latitude", json!(90.0001), "latitude"),
        ("latitude", json!(-90.5), "latitude"),
        ("longitude", json!(180.01), "longitude"),
        ("longitude", json!(-181), "longitude"),
        ("country", json!("Finland"), "country"),
        ("country", json!("fi1"), "country"),
        ("time_zone", json!("Mars/Olympus_Mons"), "time_zone"),
        ("population", json!(-5), "population"),
        ("wikidata_id", json!("42956"), "wikidata_id"),
        ("name", json!({"zh": "哈尔滨"}), "name"),
    ];
    for (key, value, field) in cases {
        let mut body = city_body("Oulu");
        body[key] = value.clone();
        let problem = app
            .post(CITIES, Some(&token), &body)
            .await
            .expect_problem(422);
        let errors = problem["errors"].as_array().expect("errors");
        assert!(
            errors
                .iter()
                .any(|e| e["field"].as_str().is_some_and(|f| f.starts_with(field))),
            "{key}={value}: {problem}"
        );
    }
    let mut missing = city_body("Oulu");
    missing.as_object_mut().unwrap().remove("latitude");
    app.post(CITIES, Some(&token), &missing)
        .await
        .expect_problem(422);

    // The bounds themselves are valid.
    let mut edge = city_body("Edge");
    edge["latitude"] = json!(-90.0);
    edge["longitude"] = json!(180.0);
    app.post(CITIES, Some(&token), &edge).await.expect(201);

    // An invalid update is refused and changes nothing.
    let city = app.create_city(&city_body("Oulu")).await;
    let path = format!("{CITIES}/{}", city["id"]);
    app.patch(&path, Some(&token), &json!({"latitude": 100}))
        .await
        .expect_problem(422);
    assert_eq!(app.get(&path, None).await.expect(200), city);
});

both_backends!(reads_are_public_and_writes_need_staff, |app| async move {
    let city = app.create_city(&city_body("Oulu")).await;
    let path = format!("{CITIES}/{}", city["id"]);
    app.get(CITIES, None).await.expect(200);
    app.get(&path, None).await.expect(200);

    let patch = json!({"population": 1});
    app.post(CITIES, None, &city_body("Kemi"))
        .await
        .expect_problem(401);
    app.patch(&path, None, &patch).await.expect_problem(401);
    app.delete(&path, None).await.expect_problem(401);

    for role in [Role::Delegate, Role::Exhibitor, Role::Partner] {
        let token = app.token_for(role, None).await;
        app.get(&path, Some(&token)).await.expect(200);
        app.post(CITIES, Some(&token), &city_body("Kemi"))
            .await
            .expect_problem(403);
        app.patch(&path, Some(&token), &patch)
            .await
            .expect_problem(403);
        app.delete(&path, Some(&token)).await.expect_problem(403);
    }
    assert_eq!(
        app.get(&path, None).await.expect(200),
        city,
        "nothing changed"
    );

    let admin = app.admin_token().await;
    app.post(CITIES, Some(&admin), &city_body("Kemi"))
        .await
        .expect(201);
    app.patch(&path, Some(&admin), &patch).await.expect(200);
    app.delete(&path, Some(&admin)).await.expect(204);
});

both_backends!(filter_by_country, |app| async move {
    let token = app.organizer_token().await;
    app.create_city(&city_body("Oulu")).await;
    app.create_city(&city_body("Tampere")).await;
    app.post(CITIES, Some(&token), &full_city())
        .await
        .expect(201);

    let page = app
        .get(&format!("{CITIES}?country=FI"), None)
        .await
        .expect(200);
    assert_eq!(page["total"], 2);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|c| c["country"] == "FI"));

    let page = app
        .get(&format!("{CITIES}?country=CN"), None)
        .await
        .expect(200);
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["name"]["zh"], "哈尔滨");

    let page = app
        .get(&format!("{CITIES}?country=KR"), None)
        .await
        .expect(200);
    assert_eq!(page["total"], 0);
    assert_eq!(page["items"], json!([]));
});

both_backends!(a_taken_wikidata_id_is_409, |app| async move {
    let token = app.organizer_token().await;
    app.post(CITIES, Some(&token), &full_city())
        .await
        .expect(201);
    let mut again = city_body("Harbin again");
    again["wikidata_id"] = json!("Q42956");
    app.post(CITIES, Some(&token), &again)
        .await
        .expect_problem(409);
});

/// Cities whose names are in five scripts, with a word to search each by.
fn unicode_cities() -> Vec<(Value, &'static str)> {
    let city = |name: Value, country: &str, tz: &str| json!({"name": name, "country": country, "latitude": 10.0, "longitude": 10.0, "time_zone": tz});
    vec![
        (
            city(
                json!({"en": "Harbin", "zh": "哈尔滨"}),
                "CN",
                "Asia/Shanghai",
            ),
            "哈尔滨",
        ),
        (
            city(
                json!({"en": "Rovaniemi", "el": "Ροβανιέμι"}),
                "FI",
                "Europe/Helsinki",
            ),
            "ΡΟΒΑΝΙΈΜΙ",
        ),
        (
            city(
                json!({"en": "Erzurum", "tr": "Erzurum Büyükşehir"}),
                "TR",
                "Europe/Istanbul",
            ),
            "büyükşehir",
        ),
        (
            city(json!({"en": "Bucheon", "ko": "부천시"}), "KR", "Asia/Seoul"),
            "부천",
        ),
        (
            city(
                json!({"en": "Chiang Mai", "th": "เชียงใหม่"}),
                "TH",
                "Asia/Bangkok",
            ),
            "เชียงใหม่",
        ),
    ]
}

both_backends!(
    unicode_names_round_trip_and_are_searchable,
    |app| async move {
        let token = app.organizer_token().await;
        let mut ids = Vec::new();
        for (body, _) in unicode_cities() {
            let created = app.post(CITIES, Some(&token), &body).await.expect(201);
            assert_eq!(created["name"], body["name"]);
            let fetched = app
                .get(&format!("{CITIES}/{}", created["id"]), None)
                .await
                .expect(200);
            assert_eq!(fetched["name"], body["name"]);
            ids.push(created["id"].clone());
        }
        for ((_, query), id) in unicode_cities().into_iter().zip(&ids) {
            let request = app
                .request(reqwest::Method::GET, CITIES, None)
                .query(&[("q", query)]);
            let page = Reply::send(request).await.expect(200);
            assert_eq!(page["total"], 1, "q={query}: {page}");
            assert_eq!(&page["items"][0]["id"], id, "q={query}");
        }
        for (query, expected) in [
            ("harbin", 1),
            ("HARBIN", 1),
            ("ροβανιέμι", 1),
            ("ERZURUM BÜYÜKŞEHIR", 1),
            ("%", 0),
            ("_", 0),
        ] {
            let request = app
                .request(reqwest::Method::GET, CITIES, None)
                .query(&[("q", query)]);
            let page = Reply::send(request).await.expect(200);
            assert_eq!(page["total"], expected, "q={query}: {page}");
        }
    }
);

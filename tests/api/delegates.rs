//! `/api/v1/events/{event}/delegates`: CRUD by staff, badge codes, validation, lists with
//! filters, sorting and Unicode search.

use std::collections::HashSet;

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

/// A delegate with every field the API accepts.
fn full_delegate(delegation_id: i64) -> Value {
    json!({
        "delegation_id": delegation_id,
        "given_name": "Aino", "family_name": "Virtanen", "honorific": "Dr.",
        "title": "Mayor of Rovaniemi", "role": "mayor",
        "email": "aino.virtanen@rovaniemi.example", "phone": "+358 40 123 4567",
        "languages": ["fi", "en", "zh-Hans"], "interpretation_needs": ["zh"],
        "dietary_needs": "vegetarian", "accessibility_needs": "step-free access",
        "arrival_at": "2026-01-05T14:30:00+08:00", "departure_at": "2026-01-09T10:00:00Z",
        "hotel": "Shangri-La Harbin",
        "bio": {"en": "Leads the Arctic tourism strategy.", "fi": "Johtaa arktista matkailustrategiaa."},
        "photo_url": "https://rovaniemi.example/aino.jpg",
        "consent_public_profile": true,
    })
}

#[track_caller]
fn assert_same_instant(actual: &Value, expected: &str) {
    let actual =
        chrono::DateTime::parse_from_rfc3339(actual.as_str().expect("an RFC 3339 time")).unwrap();
    assert_eq!(
        actual,
        chrono::DateTime::parse_from_rfc3339(expected).unwrap()
    );
}

both_backends!(create_read_update_delete, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let body = full_delegate(scenario.delegation_id);
    let reply = app
        .post(&scenario.path("/delegates"), Some(&organizer), &body)
        .await;
    let created = reply.expect(201);
    let id = created["id"].as_i64().expect("an id");
    let path = scenario.path(&format!("/delegates/{id}"));
    assert_eq!(reply.header("location"), Some(path.as_str()));
    assert_eq!(reply.header("etag"), Some(format!("\"{id}.1\"").as_str()));
    assert_eq!(created["accreditation_status"], "invited");
    assert_eq!(created["city_id"], scenario.city_id);
    assert_eq!(created["version"], 1);
    assert!(created["badge_code"]
        .as_str()
        .is_some_and(|c| !c.is_empty()));
    for (key, value) in body.as_object().unwrap() {
        match key.as_str() {
            "arrival_at" | "departure_at" => {
                assert_same_instant(&created[key], value.as_str().unwrap())
            }
            _ => assert_eq!(&created[key], value, "{key} round-trips"),
        }
    }
    assert_eq!(app.get(&path, Some(&organizer)).await.expect(200), created);

    let changes =
        json!({"title": "Mayor", "hotel": null, "role": "deputy_mayor", "languages": ["fi"]});
    let updated = app
        .patch(&path, Some(&organizer), &changes)
        .await
        .expect(200);
    assert_eq!(updated["title"], "Mayor");
    assert!(updated["hotel"].is_null(), "null clears");
    assert_eq!(updated["role"], "deputy_mayor");
    assert_eq!(updated["languages"], json!(["fi"]));
    assert_eq!(updated["email"], body["email"], "fields left out are kept");
    assert_eq!(updated["badge_code"], created["badge_code"]);
    assert_eq!(updated["accreditation_status"], "invited");
    assert_eq!(updated["version"], 2);
    assert_eq!(app.get(&path, Some(&organizer)).await.expect(200), updated);

    app.delete(&path, Some(&organizer)).await.expect(204);
    app.get(&path, Some(&organizer)).await.expect_problem(404);
    app.delete(&path, Some(&organizer))
        .await
        .expect_problem(404);
});

both_backends!(a_minimal_delegate_gets_defaults, |app| async move {
    let scenario = app.scenario().await;
    let delegate = app.new_delegate(&scenario, "Zeynep", "Yılmaz").await;
    assert_eq!(delegate["accreditation_status"], "invited");
    assert_eq!(delegate["consent_public_profile"], false);
    assert!(delegate["checked_in_at"].is_null());
    for key in ["email", "phone", "hotel", "arrival_at", "photo_url"] {
        assert!(delegate[key].is_null(), "{key}: {delegate}");
    }
});

both_backends!(
    moving_a_delegate_to_another_delegation_moves_their_city,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let other_city = app.new_city("Bucheon").await;
        let other = app.create_delegation(&scenario.event, other_city).await;
        let delegate = app.new_delegate(&scenario, "Min-jun", "Kim").await;
        let path = scenario.path(&format!("/delegates/{}", delegate["id"]));
        let moved = app
            .patch(
                &path,
                Some(&organizer),
                &json!({"delegation_id": other["id"]}),
            )
            .await
            .expect(200);
        assert_eq!(moved["delegation_id"], other["id"]);
        assert_eq!(moved["city_id"], other_city);
    }
);

both_backends!(badge_codes_are_unique_and_unguessable, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let path = scenario.path("/delegates");
    let requests = (0..20)
        .map(|n| {
            let body = delegate_body(scenario.delegation_id, &format!("Person {n}"), "Parallel");
            app.request(Method::POST, &path, Some(&organizer))
                .json(&body)
        })
        .collect();
    let replies = app.concurrently(requests).await;
    let mut codes = HashSet::new();
    let mut ids = HashSet::new();
    for reply in &replies {
        let delegate = reply.expect(201);
        let code = delegate["badge_code"]
            .as_str()
            .expect("a badge code")
            .to_owned();
        assert!(code.len() >= 16, "{code} is long enough not to be guessed");
        assert!(
            code.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{code} fits a QR code"
        );
        codes.insert(code);
        ids.insert(delegate["id"].as_i64().unwrap());
    }
    assert_eq!(codes.len(), 20);
    assert_eq!(ids.len(), 20);
    let list = app
        .get(&format!("{path}?per_page=100"), Some(&organizer))
        .await
        .expect(200);
    assert_eq!(list["total"], 20);
});

both_backends!(invalid_delegates_are_422, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let path = scenario.path("/delegates");
    let cases: [(&str, Value, &[&str]); 7] = [
        ("role", json!("king"), &["role", "body"]),
        ("given_name", json!(""), &["given_name"]),
        ("given_name", json!("   "), &["given_name"]),
        ("languages", json!(["not a language!"]), &["languages"]),
        ("arrival_at", json!("tomorrow"), &["arrival_at", "body"]),
        (
            "consent_public_profile",
            json!("yes"),
            &["consent_public_profile", "body"],
        ),
        ("bio", json!({"fi": "vain suomeksi"}), &["bio"]),
    ];
    for (key, value, fields) in cases {
        let mut body = full_delegate(scenario.delegation_id);
        body[key] = value.clone();
        let problem = app
            .post(&path, Some(&organizer), &body)
            .await
            .expect_problem(422);
        let errors = problem["errors"].as_array().expect("errors");
        assert!(
            errors.iter().any(|e| fields
                .iter()
                .any(|f| e["field"].as_str().is_some_and(|n| n.starts_with(f)))),
            "{key}={value}: {problem}"
        );
    }
    let mut unknown = full_delegate(scenario.delegation_id);
    unknown["accreditation_status"] = json!("accredited");
    app.post(&path, Some(&organizer), &unknown)
        .await
        .expect_problem(422);
    let mut missing = full_delegate(scenario.delegation_id);
    missing.as_object_mut().unwrap().remove("delegation_id");
    app.post(&path, Some(&organizer), &missing)
        .await
        .expect_problem(422);
    let list = app.get(&path, Some(&organizer)).await.expect(200);
    assert_eq!(list["total"], 0, "nothing was created");
});

both_backends!(a_delegation_of_another_event_is_refused, |app| async move {
    let scenario = app.scenario().await;
    let elsewhere = app.scenario().await;
    let organizer = app.organizer_token().await;
    let body = delegate_body(elsewhere.delegation_id, "Wrong", "Event");
    let reply = app
        .post(&scenario.path("/delegates"), Some(&organizer), &body)
        .await;
    assert!(
        [404, 409, 422].contains(&reply.status),
        "{} {}",
        reply.status,
        reply.body
    );
    reply.expect_problem(reply.status);
    let missing = delegate_body(987654, "No", "Delegation");
    let reply = app
        .post(&scenario.path("/delegates"), Some(&organizer), &missing)
        .await;
    assert!(
        [404, 409, 422].contains(&reply.status),
        "{} {}",
        reply.status,
        reply.body
    );
});

both_backends!(only_staff_create_list_and_delete, |app| async move {
    let scenario = app.scenario().await;
    let delegate = app.new_delegate(&scenario, "Aino", "Virtanen").await;
    let path = scenario.path(&format!("/delegates/{}", delegate["id"]));
    let list = scenario.path("/delegates");
    let body = delegate_body(scenario.delegation_id, "New", "Person");

    app.get(&list, None).await.expect_problem(401);
    app.post(&list, None, &body).await.expect_problem(401);
    app.delete(&path, None).await.expect_problem(401);
    app.patch(&path, None, &json!({"hotel": "x"}))
        .await
        .expect_problem(401);
    let own = app.delegate_token(delegate["id"].as_i64().unwrap()).await;
    for token in [
        own,
        app.token_for(Role::Exhibitor, None).await,
        app.token_for(Role::Partner, None).await,
    ] {
        app.get(&list, Some(&token)).await.expect_problem(403);
        app.post(&list, Some(&token), &body)
            .await
            .expect_problem(403);
        app.delete(&path, Some(&token)).await.expect_problem(403);
    }
    let admin = app.admin_token().await;
    app.get(&path, Some(&admin)).await.expect(200);
    app.post(&list, Some(&admin), &body).await.expect(201);
    app.delete(&path, Some(&admin)).await.expect(204);
});

both_backends!(delegates_belong_to_their_event, |app| async move {
    let scenario = app.scenario().await;
    let elsewhere = app.scenario().await;
    let organizer = app.organizer_token().await;
    let mut body = delegate_body(scenario.delegation_id, "Aino", "Virtanen");
    body["consent_public_profile"] = json!(true);
    let delegate = app.create_delegate(&scenario.event, &body).await;
    let foreign = elsewhere.path(&format!("/delegates/{}", delegate["id"]));
    app.get(&foreign, Some(&organizer))
        .await
        .expect_problem(404);
    app.get(&foreign, None).await.expect_problem(404);
    app.patch(&foreign, Some(&organizer), &json!({"hotel": "x"}))
        .await
        .expect_problem(404);
    app.delete(&foreign, Some(&organizer))
        .await
        .expect_problem(404);
    let action = elsewhere.path(&format!(
        "/delegates/{}/accreditation/register",
        delegate["id"]
    ));
    app.post(&action, Some(&organizer), &json!({}))
        .await
        .expect_problem(404);
    let list = app
        .get(&elsewhere.path("/delegates"), Some(&organizer))
        .await
        .expect(200);
    assert_eq!(list["total"], 0);
    let own = scenario.path(&format!("/delegates/{}", delegate["id"]));
    assert_eq!(
        app.get(&own, Some(&organizer)).await.expect(200)["version"],
        1,
        "nothing changed"
    );
});

both_backends!(etag_and_if_match_on_delegates, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let delegate = app.new_delegate(&scenario, "Aino", "Virtanen").await;
    let id = delegate["id"].as_i64().unwrap();
    let path = scenario.path(&format!("/delegates/{id}"));
    let reply = app.get(&path, Some(&organizer)).await;
    reply.expect(200);
    let etag = format!("\"{id}.1\"");
    assert_eq!(reply.header("etag"), Some(etag.as_str()));
    let cached = app
        .request(Method::GET, &path, Some(&organizer))
        .header("if-none-match", &etag);
    Reply::send(cached).await.expect(304);

    let stale = app
        .request(Method::PATCH, &path, Some(&organizer))
        .header("if-match", format!("\"{id}.9\""));
    Reply::send(stale.json(&json!({"hotel": "x"})))
        .await
        .expect_problem(412);
    let stale_delete = app
        .request(Method::DELETE, &path, Some(&organizer))
        .header("if-match", format!("\"{id}.9\""));
    Reply::send(stale_delete).await.expect_problem(412);
    let fresh = app
        .request(Method::PATCH, &path, Some(&organizer))
        .header("if-match", &etag);
    assert_eq!(
        Reply::send(fresh.json(&json!({"hotel": "x"})))
            .await
            .expect(200)["version"],
        2
    );
});

/// Names in five scripts and the query that should find each.
const PEOPLE: [(&str, &str, &str); 5] = [
    ("伟", "王", "王"),
    ("Αθανάσιος", "Παπαδόπουλος", "ΠΑΠΑΔΌΠΟΥΛΟΣ"),
    ("Zeynep", "Büyükşehir", "büyükşehir"),
    ("민준", "김", "민준"),
    ("สมชาย", "ใจดี", "สมชาย"),
];

both_backends!(
    unicode_names_round_trip_and_are_searchable,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let mut ids = Vec::new();
        for (given, family, _) in PEOPLE {
            let created = app.new_delegate(&scenario, given, family).await;
            assert_eq!(
                (
                    created["given_name"].as_str(),
                    created["family_name"].as_str()
                ),
                (Some(given), Some(family))
            );
            let path = scenario.path(&format!("/delegates/{}", created["id"]));
            let fetched = app.get(&path, Some(&organizer)).await.expect(200);
            assert_eq!(fetched["given_name"], given);
            assert_eq!(fetched["family_name"], family);
            ids.push(created["id"].clone());
        }
        for ((_, _, query), id) in PEOPLE.iter().zip(&ids) {
            let request = app
                .request(Method::GET, &scenario.path("/delegates"), Some(&organizer))
                .query(&[("q", query)]);
            let page = Reply::send(request).await.expect(200);
            assert_eq!(page["total"], 1, "q={query}: {page}");
            assert_eq!(&page["items"][0]["id"], id, "q={query}");
        }
    }
);

both_backends!(lists_filter_and_sort, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let other_city = app.new_city("Chiang Mai").await;
    let other = app.create_delegation(&scenario.event, other_city).await["id"]
        .as_i64()
        .unwrap();
    let people = [
        ("Cem", "Arslan", "mayor", scenario.delegation_id),
        ("Anna", "Berg", "press", scenario.delegation_id),
        ("Bea", "Castro", "press", other),
        ("Dan", "Dahl", "staff", other),
    ];
    let mut ids = Vec::new();
    for (given, family, role, delegation) in people {
        let mut body = delegate_body(delegation, given, family);
        body["role"] = json!(role);
        ids.push(
            app.create_delegate(&scenario.event, &body).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    app.drive(&scenario.event, ids[1], &["register"]).await;
    app.drive(&scenario.event, ids[3], &["register", "accredit"])
        .await;

    let app = &app;
    let list = |query: &str| {
        let path = format!("{}?{query}", scenario.path("/delegates"));
        let token = organizer.clone();
        async move { app.get(&path, Some(&token)).await.expect(200) }
    };
    let family_names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["family_name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        family_names(&list("role=press&sort=family_name").await),
        ["Berg", "Castro"]
    );
    assert_eq!(
        family_names(&list(&format!("delegation_id={other}&sort=-family_name")).await),
        ["Dahl", "Castro"]
    );
    assert_eq!(
        family_names(&list(&format!("city_id={other_city}&sort=id")).await),
        ["Castro", "Dahl"]
    );
    assert_eq!(
        family_names(&list("accreditation_status=registered").await),
        ["Berg"]
    );
    assert_eq!(
        family_names(&list("accreditation_status=accredited").await),
        ["Dahl"]
    );
    assert_eq!(list("accreditation_status=invited").await["total"], 2);
    assert_eq!(
        family_names(&list("sort=given_name").await),
        ["Berg", "Castro", "Arslan", "Dahl"]
    );
    assert_eq!(
        family_names(&list("sort=-id").await),
        ["Dahl", "Castro", "Berg", "Arslan"]
    );
    assert_eq!(
        family_names(&list("role=press&accreditation_status=registered").await),
        ["Berg"]
    );
    assert_eq!(list("q=castro").await["total"], 1);
    let page = list("per_page=3&page=2&sort=family_name").await;
    assert_eq!(family_names(&page), ["Dahl"]);
    assert_eq!(page["total"], 4);

    let base = scenario.path("/delegates");
    for bad in ["sort=email", "sort=badge_code", "per_page=101", "page=0"] {
        app.get(&format!("{base}?{bad}"), Some(&organizer))
            .await
            .expect_problem(400);
    }
    let updated_since = list("updated_since=2000-01-01T00:00:00Z").await;
    assert_eq!(updated_since["total"], 4);
    assert_eq!(list("updated_since=2999-01-01T00:00:00Z").await["total"], 0);
});

both_backends!(
    concurrent_patches_of_different_fields_all_apply,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let delegate = app.new_delegate(&scenario, "Aino", "Virtanen").await;
        let path = scenario.path(&format!("/delegates/{}", delegate["id"]));
        let changes = [
            ("email", "aino@example.org"),
            ("phone", "+358 40 1"),
            ("dietary_needs", "vegan"),
            ("accessibility_needs", "ramp"),
            ("hotel", "Modern"),
            ("title", "Mayor"),
            ("honorific", "Dr."),
            ("photo_url", "https://example.org/a.jpg"),
        ];
        let requests = changes
            .iter()
            .map(|(key, value)| {
                app.request(Method::PATCH, &path, Some(&organizer))
                    .json(&json!({*key: value}))
            })
            .collect();
        for reply in app.concurrently(requests).await {
            reply.expect(200);
        }
        let after = app.get(&path, Some(&organizer)).await.expect(200);
        for (key, value) in changes {
            assert_eq!(after[key], value, "the change of {key} was lost: {after}");
        }
        assert_eq!(
            after["version"],
            delegate["version"].as_i64().unwrap() + changes.len() as i64
        );
    }
);

// An `updated_since` feed that keeps most rows is read in the list's order and tested row
// by row; one that keeps few is read through the `updated_at` index (`db::since`). Every
// page and sort must be the same either way: the rows kept, in order, with the right total.
both_backends!(
    an_updated_since_feed_pages_alike_whether_it_keeps_few_rows_or_most,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let names = ["Moe", "Abe", "Kai", "Ida", "Bo", "Lev", "Eli", "Cy"];
        let mut ids = Vec::new();
        for n in 0..24 {
            let family = format!("{}{n:02}", names[n * 5 % names.len()]);
            let delegate = app.new_delegate(&scenario, "Test", &family).await;
            ids.push(delegate["id"].as_i64().expect("an id"));
        }
        for id in ids.iter().step_by(4) {
            app.patch(
                &scenario.path(&format!("/delegates/{id}")),
                Some(&organizer),
                &json!({"hotel": "Moved"}),
            )
            .await
            .expect(200);
        }
        let everyone = app
            .get(
                &scenario.path("/delegates?per_page=100&sort=id"),
                Some(&organizer),
            )
            .await
            .expect(200);
        let rows: Vec<(i64, String, chrono::DateTime<chrono::FixedOffset>)> = everyone["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|d| {
                let at = d["updated_at"].as_str().expect("updated_at");
                (
                    d["id"].as_i64().expect("id"),
                    d["family_name"].as_str().expect("a name").to_owned(),
                    chrono::DateTime::parse_from_rfc3339(at).expect("a time"),
                )
            })
            .collect();
        let mut instants: Vec<_> = rows.iter().map(|(_, _, at)| *at).collect();
        instants.sort();
        // Before everything (keeps all), keeping most, keeping the few moved, keeping none.
        let sinces = [
            instants[0] - chrono::Duration::days(365),
            instants[3],
            instants[instants.len() - 6],
            instants[instants.len() - 1] + chrono::Duration::seconds(1),
        ];
        for since in sinces {
            for sort in ["id", "-id", "family_name", "-updated_at"] {
                let mut kept: Vec<_> = rows.iter().filter(|(_, _, at)| *at >= since).collect();
                kept.sort_by(|a, b| match sort {
                    "-id" => b.0.cmp(&a.0),
                    "family_name" => a.1.cmp(&b.1).then(a.0.cmp(&b.0)),
                    "-updated_at" => b.2.cmp(&a.2).then(a.0.cmp(&b.0)),
                    _ => a.0.cmp(&b.0),
                });
                let expected: Vec<i64> = kept.iter().map(|(id, _, _)| *id).collect();
                for per_page in [5_usize, 100] {
                    let pages = expected.len().div_ceil(per_page).max(1);
                    for page in 1..=pages {
                        let reply = app
                            .request(Method::GET, &scenario.path("/delegates"), Some(&organizer))
                            .query(&[
                                ("updated_since", since.to_rfc3339()),
                                ("sort", sort.to_owned()),
                                ("per_page", per_page.to_string()),
                                ("page", page.to_string()),
                            ]);
                        let body = Reply::send(reply).await.expect(200);
                        let got: Vec<i64> = body["items"]
                            .as_array()
                            .expect("items")
                            .iter()
                            .map(|d| d["id"].as_i64().expect("id"))
                            .collect();
                        let from = (page - 1) * per_page;
                        let want = &expected
                            [from.min(expected.len())..(from + per_page).min(expected.len())];
                        assert_eq!(
                            got, want,
                            "since {since}, sort {sort}, per_page {per_page}, page {page}"
                        );
                        assert_eq!(body["total"], expected.len(), "since {since}, sort {sort}");
                    }
                }
            }
        }
    }
);

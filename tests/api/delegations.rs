//! `/api/v1/events/{event}/delegations`: one city's party at an event.

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

both_backends!(create_read_update_delete, |app| async move {
    app.create_event("harbin-2026").await;
    let city = app.new_city("Rovaniemi").await;
    let organizer = app.organizer_token().await;
    let list_path = "/api/v1/events/harbin-2026/delegations";

    let reply = app
        .post(
            list_path,
            Some(&organizer),
            &json!({"city_id": city, "notes": "Arrives by train"}),
        )
        .await;
    let created = reply.expect(201);
    let id = created["id"].as_i64().expect("an id");
    let path = format!("{list_path}/{id}");
    assert_eq!(reply.header("location"), Some(path.as_str()));
    assert_eq!(reply.header("etag"), Some(format!("\"{id}.1\"").as_str()));
    assert_eq!(created["city_id"], city);
    assert_eq!(created["notes"], "Arrives by train");
    assert!(created["head_delegate_id"].is_null());
    assert_eq!(created["version"], 1);

    assert_eq!(
        app.get(&path, None).await.expect(200),
        created,
        "reads are public"
    );
    let list = app.get(list_path, None).await.expect(200);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0], created);

    let head = app
        .create_delegate("harbin-2026", &delegate_body(id, "Aino", "Virtanen"))
        .await;
    let changes = json!({"head_delegate_id": head["id"], "notes": "哈尔滨 via Beijing"});
    let updated = app
        .patch(&path, Some(&organizer), &changes)
        .await
        .expect(200);
    assert_eq!(updated["head_delegate_id"], head["id"]);
    assert_eq!(updated["notes"], "哈尔滨 via Beijing");
    assert_eq!(updated["city_id"], city);
    assert_eq!(updated["version"], 2);
    assert_eq!(app.get(&path, Some(&organizer)).await.expect(200), updated);
    let mut public = updated.clone();
    public["head_delegate_id"] = Value::Null;
    assert_eq!(
        app.get(&path, None).await.expect(200),
        public,
        "a head without a public profile is not named to the public"
    );

    // A delegation with delegates cannot go; without them it can.
    app.delete(&path, Some(&organizer))
        .await
        .expect_problem(409);
    app.delete(
        &format!("/api/v1/events/harbin-2026/delegates/{}", head["id"]),
        Some(&organizer),
    )
    .await
    .expect(204);
    let headless = app.get(&path, None).await.expect(200);
    assert!(
        headless["head_delegate_id"].is_null(),
        "no dangling head: {headless}"
    );
    app.delete(&path, Some(&organizer)).await.expect(204);
    app.get(&path, None).await.expect_problem(404);
});

both_backends!(one_delegation_per_city_and_event, |app| async move {
    app.create_event("harbin-2026").await;
    app.create_event("harbin-2027").await;
    let city = app.new_city("Rovaniemi").await;
    let organizer = app.organizer_token().await;
    app.create_delegation("harbin-2026", city).await;
    app.post(
        "/api/v1/events/harbin-2026/delegations",
        Some(&organizer),
        &json!({"city_id": city}),
    )
    .await
    .expect_problem(409);
    // The same city may send a party to another edition.
    app.create_delegation("harbin-2027", city).await;
    assert_eq!(
        app.get("/api/v1/events/harbin-2026/delegations", None)
            .await
            .expect(200)["total"],
        1
    );
});

both_backends!(
    twenty_parallel_creates_for_one_city_make_one_delegation,
    |app| async move {
        app.create_event("harbin-2026").await;
        let city = app.new_city("Erzurum").await;
        let organizer = app.organizer_token().await;
        let path = "/api/v1/events/harbin-2026/delegations";
        let requests = (0..20)
            .map(|_| {
                app.request(Method::POST, path, Some(&organizer))
                    .json(&json!({"city_id": city}))
            })
            .collect();
        let replies = app.concurrently(requests).await;
        let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            1,
            "{statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 409).count(),
            19,
            "{statuses:?}"
        );
        for reply in replies.iter().filter(|r| r.status == 409) {
            reply.expect_problem(409);
        }
        assert_eq!(app.get(path, None).await.expect(200)["total"], 1);
    }
);

both_backends!(writes_need_staff, |app| async move {
    let scenario = app.scenario().await;
    let other_city = app.new_city("Bucheon").await;
    let list_path = scenario.path("/delegations");
    let path = scenario.path(&format!("/delegations/{}", scenario.delegation_id));
    let body = json!({"city_id": other_city});
    let change = json!({"notes": "changed"});

    app.post(&list_path, None, &body).await.expect_problem(401);
    app.patch(&path, None, &change).await.expect_problem(401);
    app.delete(&path, None).await.expect_problem(401);
    let delegate = app.token_for(Role::Delegate, None).await;
    app.post(&list_path, Some(&delegate), &body)
        .await
        .expect_problem(403);
    app.patch(&path, Some(&delegate), &change)
        .await
        .expect_problem(403);
    app.delete(&path, Some(&delegate)).await.expect_problem(403);
    assert_eq!(app.get(&path, None).await.expect(200)["version"], 1);

    let admin = app.admin_token().await;
    app.post(&list_path, Some(&admin), &body).await.expect(201);
    app.patch(&path, Some(&admin), &change).await.expect(200);
    app.delete(&path, Some(&admin)).await.expect(204);
});

both_backends!(invalid_delegations_are_refused, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let list_path = scenario.path("/delegations");
    let city = app.new_city("Chiang Mai").await;
    app.post(
        &list_path,
        Some(&organizer),
        &json!({"city_id": city, "colour": "red"}),
    )
    .await
    .expect_problem(422);
    app.post(&list_path, Some(&organizer), &json!({}))
        .await
        .expect_problem(422);
    for body in [
        json!({"city_id": 987654}),
        json!({"city_id": city, "head_delegate_id": 987654}),
    ] {
        let reply = app.post(&list_path, Some(&organizer), &body).await;
        assert!(
            [404, 409, 422].contains(&reply.status),
            "{body}: {} {}",
            reply.status,
            reply.body
        );
        reply.expect_problem(reply.status);
    }
});

both_backends!(the_head_must_belong_to_the_delegation, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let other_city = app.new_city("Bucheon").await;
    let other = app.create_delegation(&scenario.event, other_city).await;
    let outsider = app
        .create_delegate(
            &scenario.event,
            &delegate_body(other["id"].as_i64().unwrap(), "Ji-woo", "Kim"),
        )
        .await;
    let path = scenario.path(&format!("/delegations/{}", scenario.delegation_id));
    let reply = app
        .patch(
            &path,
            Some(&organizer),
            &json!({"head_delegate_id": outsider["id"]}),
        )
        .await;
    assert!(
        [409, 422].contains(&reply.status),
        "{} {}",
        reply.status,
        reply.body
    );
    reply.expect_problem(reply.status);
    assert!(app.get(&path, None).await.expect(200)["head_delegate_id"].is_null());
});

both_backends!(
    cities_in_use_by_delegations_or_delegates_cannot_be_deleted,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let city = format!("/api/v1/cities/{}", scenario.city_id);
        app.delete(&city, Some(&organizer))
            .await
            .expect_problem(409);

        let delegate = app.new_delegate(&scenario, "Aino", "Virtanen").await;
        assert_eq!(
            delegate["city_id"], scenario.city_id,
            "a delegate belongs to the delegation's city"
        );
        app.delete(&city, Some(&organizer))
            .await
            .expect_problem(409);
        app.get(&city, None).await.expect(200);
    }
);

both_backends!(delegations_belong_to_their_event, |app| async move {
    let scenario = app.scenario().await;
    app.create_event("elsewhere-2026").await;
    let organizer = app.organizer_token().await;
    let foreign = format!(
        "/api/v1/events/elsewhere-2026/delegations/{}",
        scenario.delegation_id
    );
    app.get(&foreign, None).await.expect_problem(404);
    app.patch(&foreign, Some(&organizer), &json!({"notes": "x"}))
        .await
        .expect_problem(404);
    app.delete(&foreign, Some(&organizer))
        .await
        .expect_problem(404);
    app.get(
        &scenario.path(&format!("/delegations/{}", scenario.delegation_id)),
        None,
    )
    .await
    .expect(200);
});

both_backends!(delegation_lists_page_and_filter, |app| async move {
    app.create_event("harbin-2026").await;
    let mut cities = Vec::new();
    for name in ["Rovaniemi", "Erzurum", "Bucheon", "Chiang Mai"] {
        let city = app.new_city(name).await;
        app.create_delegation("harbin-2026", city).await;
        cities.push(city);
    }
    let path = "/api/v1/events/harbin-2026/delegations";
    let first = app.get(&format!("{path}?per_page=3&sort=id"), None).await;
    let body = first.expect(200);
    assert_eq!(body["total"], 4);
    assert_eq!(body["items"].as_array().unwrap().len(), 3);
    let last = app
        .get(&first.link("next").expect("next"), None)
        .await
        .expect(200);
    assert_eq!(last["items"].as_array().unwrap().len(), 1);
    assert_eq!(last["items"][0]["city_id"], cities[3]);
    app.get(&format!("{path}?per_page=101"), None)
        .await
        .expect_problem(400);
    app.get(&format!("{path}?sort=password"), None)
        .await
        .expect_problem(400);
});

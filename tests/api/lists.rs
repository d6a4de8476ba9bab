//! The list conventions (pagination, Link, sort, q, updated_since, list ETags) and the
//! single-resource ETag / If-None-Match / If-Match rules, shown on cities.

use gmd_tests::*;
use reqwest::Method;

const CITIES: &str = "/api/v1/cities";

/// Creates cities named `City 01` … and returns their ids in creation order.
async fn cities(app: &TestApp, count: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for n in 1..=count {
        ids.push(app.new_city(&format!("City {n:02}")).await);
    }
    ids
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

both_backends!(paging_parameters_out_of_range_are_400, |app| async move {
    for query in [
        "page=0",
        "page=-1",
        "page=abc",
        "per_page=0",
        "per_page=101",
        "per_page=-5",
        "per_page=x",
        "sort=password",
        "sort=-secret",
        "sort=id,nope",
        "updated_since=yesterday",
        "updated_since=2026-13-01T00:00:00Z",
    ] {
        let reply = app.get(&format!("{CITIES}?{query}"), None).await;
        assert_eq!(reply.status, 400, "{query}: {}", reply.body);
        reply.expect_problem(400);
    }
    app.get(&format!("{CITIES}?per_page=100"), None)
        .await
        .expect(200);
    app.get(&format!("{CITIES}?per_page=1&page=1"), None)
        .await
        .expect(200);
});

both_backends!(pages_links_and_the_last_page, |app| async move {
    let all = cities(&app, 5).await;

    let default = app.get(CITIES, None).await.expect(200);
    assert_eq!(
        (
            default["page"].clone(),
            default["per_page"].clone(),
            default["total"].clone()
        ),
        (json!(1), json!(25), json!(5))
    );

    let first = app.get(&format!("{CITIES}?per_page=2&sort=id"), None).await;
    let body = first.expect(200);
    assert_eq!(ids(&body), all[..2]);
    assert_eq!(
        (
            body["page"].clone(),
            body["per_page"].clone(),
            body["total"].clone()
        ),
        (json!(1), json!(2), json!(5))
    );
    assert!(first.link("prev").is_none(), "no prev on the first page");
    let next = first.link("next").expect("a next link");
    let last = first.link("last").expect("a last link");
    assert!(first.link("first").is_some());
    assert!(
        next.starts_with(CITIES) && next.contains("page=2") && next.contains("per_page=2"),
        "{next}"
    );
    assert!(
        last.contains("page=3") && last.contains("sort=id"),
        "{last}"
    );

    let second = app.get(&next, None).await;
    assert_eq!(ids(&second.expect(200)), all[2..4]);
    assert!(second.link("prev").is_some_and(|l| l.contains("page=1")));
    assert!(second.link("next").is_some_and(|l| l.contains("page=3")));

    let final_page = app.get(&last, None).await;
    let body = final_page.expect(200);
    assert_eq!(ids(&body), all[4..]);
    assert_eq!(body["total"], 5);
    assert!(
        final_page.link("next").is_none(),
        "no next on the last page"
    );
    assert!(final_page.link("prev").is_some());

    let beyond = app
        .get(&format!("{CITIES}?per_page=2&page=4&sort=id"), None)
        .await
        .expect(200);
    assert_eq!(beyond["items"], json!([]));
    assert_eq!(beyond["total"], 5);
    assert_eq!(beyond["page"], 4);

    let exact = app.get(&format!("{CITIES}?per_page=5"), None).await;
    assert_eq!(ids(&exact.expect(200)).len(), 5);
    assert!(exact.link("next").is_none());
});

both_backends!(walking_the_pages_visits_every_item_once, |app| async move {
    let mut all = cities(&app, 7).await;
    let mut seen = Vec::new();
    let mut path = Some(format!("{CITIES}?per_page=3&sort=-id"));
    while let Some(current) = path {
        let reply = app.get(&current, None).await;
        seen.extend(ids(&reply.expect(200)));
        path = reply.link("next");
    }
    all.reverse();
    assert_eq!(seen, all);
});

both_backends!(sorting_follows_the_allowlist, |app| async move {
    let token = app.organizer_token().await;
    for (name, population) in [("Bergen", 3), ("Aalborg", 1), ("Cork", 2)] {
        let mut body = city_body(name);
        body["population"] = json!(population);
        app.post(CITIES, Some(&token), &body).await.expect(201);
    }
    let names = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"]["en"].as_str().unwrap().to_owned())
            .collect()
    };
    let by_name = app
        .get(&format!("{CITIES}?sort=name"), None)
        .await
        .expect(200);
    assert_eq!(names(by_name), ["Aalborg", "Bergen", "Cork"]);
    let by_name_desc = app
        .get(&format!("{CITIES}?sort=-name"), None)
        .await
        .expect(200);
    assert_eq!(names(by_name_desc), ["Cork", "Bergen", "Aalborg"]);
    let by_population = app
        .get(&format!("{CITIES}?sort=-population,id"), None)
        .await
        .expect(200);
    assert_eq!(names(by_population), ["Bergen", "Cork", "Aalborg"]);
    let by_id = app
        .get(&format!("{CITIES}?sort=-id"), None)
        .await
        .expect(200);
    assert_eq!(names(by_id), ["Cork", "Aalborg", "Bergen"]);
});

both_backends!(updated_since_returns_what_changed, |app| async move {
    let token = app.organizer_token().await;
    let old = app.create_city(&city_body("Old")).await;
    let changed = app.create_city(&city_body("Changed")).await;
    let changed = app
        .patch(
            &format!("{CITIES}/{}", changed["id"]),
            Some(&token),
            &json!({"population": 5}),
        )
        .await
        .expect(200);
    let since =
        chrono::DateTime::parse_from_rfc3339(changed["updated_at"].as_str().unwrap()).unwrap();
    assert!(old["updated_at"] != changed["updated_at"]);

    let query = |since: String| {
        app.request(Method::GET, CITIES, None)
            .query(&[("updated_since", since)])
    };
    let page = Reply::send(query(since.to_rfc3339())).await.expect(200);
    assert_eq!(ids(&page), [changed["id"].as_i64().unwrap()], "{page}");

    // The same instant written with another offset.
    let shanghai = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let page = Reply::send(query(since.with_timezone(&shanghai).to_rfc3339()))
        .await
        .expect(200);
    assert_eq!(ids(&page), [changed["id"].as_i64().unwrap()], "{page}");

    let page = Reply::send(query("2000-01-01T00:00:00Z".into()))
        .await
        .expect(200);
    assert_eq!(page["total"], 2);
    let page = Reply::send(query("2999-01-01T00:00:00+02:00".into()))
        .await
        .expect(200);
    assert_eq!(page["total"], 0);
});

both_backends!(
    list_etag_gives_304_until_something_changes,
    |app| async move {
        app.new_city("Oulu").await;
        let first = app.get(CITIES, None).await;
        first.expect(200);
        let etag = first.header("etag").expect("a list ETag").to_owned();

        let conditional = |etag: &str| {
            app.request(Method::GET, CITIES, None)
                .header("if-none-match", etag.to_owned())
        };
        let cached = Reply::send(conditional(&etag)).await;
        cached.expect(304);
        assert!(cached.body.is_empty());
        assert_eq!(cached.header("etag"), Some(etag.as_str()));

        app.new_city("Kemi").await;
        let fresh = Reply::send(conditional(&etag)).await;
        assert_eq!(fresh.expect(200)["total"], 2);
        assert_ne!(fresh.header("etag"), Some(etag.as_str()));
    }
);

both_backends!(single_resource_etag_and_if_none_match, |app| async move {
    let city = app.create_city(&city_body("Oulu")).await;
    let id = city["id"].as_i64().unwrap();
    let path = format!("{CITIES}/{id}");
    let reply = app.get(&path, None).await;
    reply.expect(200);
    assert_eq!(reply.header("etag"), Some(format!("\"{id}.1\"").as_str()));

    let conditional = |etag: String| {
        app.request(Method::GET, &path, None)
            .header("if-none-match", etag)
    };
    let cached = Reply::send(conditional(format!("\"{id}.1\""))).await;
    cached.expect(304);
    assert!(cached.body.is_empty());
    Reply::send(conditional(format!("\"{id}.7\"")))
        .await
        .expect(200);

    let token = app.organizer_token().await;
    app.patch(&path, Some(&token), &json!({"population": 2}))
        .await
        .expect(200);
    let after = Reply::send(conditional(format!("\"{id}.1\""))).await;
    assert_eq!(after.expect(200)["version"], 2);
    assert_eq!(after.header("etag"), Some(format!("\"{id}.2\"").as_str()));
});

both_backends!(if_match_guards_updates_and_deletes, |app| async move {
    let token = app.organizer_token().await;
    let city = app.create_city(&city_body("Oulu")).await;
    let id = city["id"].as_i64().unwrap();
    let path = format!("{CITIES}/{id}");
    let patch = |etag: &str, population: i64| {
        app.request(Method::PATCH, &path, Some(&token))
            .header("if-match", etag.to_owned())
            .json(&json!({"population": population}))
    };

    let updated = Reply::send(patch(&format!("\"{id}.1\""), 10)).await;
    assert_eq!(updated.expect(200)["version"], 2);
    assert_eq!(updated.header("etag"), Some(format!("\"{id}.2\"").as_str()));

    // The ETag that was current a moment ago is stale now.
    Reply::send(patch(&format!("\"{id}.1\""), 20))
        .await
        .expect_problem(412);
    assert_eq!(
        app.get(&path, None).await.expect(200)["population"],
        10,
        "a 412 changes nothing"
    );

    let stale_delete = app
        .request(Method::DELETE, &path, Some(&token))
        .header("if-match", format!("\"{id}.1\""));
    Reply::send(stale_delete).await.expect_problem(412);
    app.get(&path, None).await.expect(200);

    let delete = app
        .request(Method::DELETE, &path, Some(&token))
        .header("if-match", format!("\"{id}.2\""));
    Reply::send(delete).await.expect(204);
    app.get(&path, None).await.expect_problem(404);
});

both_backends!(
    concurrent_updates_with_the_same_if_match_let_exactly_one_win,
    |app| async move {
        let token = app.organizer_token().await;
        // A few rounds, since a missing lock loses the race only sometimes.
        for round in 0..3 {
            let city = app.create_city(&city_body("Oulu")).await;
            let id = city["id"].as_i64().unwrap();
            let path = format!("{CITIES}/{id}");
            let requests = (0..20)
                .map(|n| {
                    app.request(Method::PATCH, &path, Some(&token))
                        .header("if-match", format!("\"{id}.1\""))
                        .json(&json!({"population": n}))
                })
                .collect();
            let replies = app.concurrently(requests).await;
            let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
            let count = |status: u16| statuses.iter().filter(|s| **s == status).count();
            assert_eq!(
                (count(200), count(412)),
                (1, 19),
                "round {round}: {statuses:?}"
            );
            assert_eq!(app.get(&path, None).await.expect(200)["version"], 2);
        }
    }
);

both_backends!(a_nul_in_a_query_parameter_is_dropped, |app| async move {
    let scenario = app.scenario().await;
    let token = app.organizer_token().await;
    let all = app
        .get(&scenario.path("/delegations?q=%00"), Some(&token))
        .await
        .expect(200);
    let plain = app
        .get(&scenario.path("/delegations"), Some(&token))
        .await
        .expect(200);
    assert_eq!(all["total"], plain["total"]);
    app.get(&scenario.path("/sessions?theme=ice%00"), None)
        .await
        .expect(200);
});

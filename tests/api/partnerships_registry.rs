//! `/api/v1/partnerships`: creating in any status and kind, the lifecycle and its history,
//! updates and deletion, the unordered pair's uniqueness (also under a race), bad input
//! refused whole, and the cities and delegates that cannot be deleted while in use.

use std::collections::BTreeSet;

use reqwest::Method;

use gmd_tests::*;

use crate::partnerships_support::*;

/// Two new cities; returns their ids.
async fn two_cities(app: &TestApp) -> (i64, i64) {
    (
        city_in(app, "Harbin", "CN").await,
        city_in(app, "Edmonton", "CA").await,
    )
}

/// The `allowed_transitions` of a 409 for an illegal lifecycle action.
#[track_caller]
fn allowed_transitions(reply: &Reply) -> Vec<String> {
    let problem = reply.expect_problem(409);
    problem["allowed_transitions"]
        .as_array()
        .unwrap_or_else(|| panic!("allowed_transitions in {problem}"))
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

both_backends!(creates_in_any_status_and_kind, |app| async move {
    let (harbin, edmonton) = two_cities(&app).await;
    let token = app.organizer_token().await;
    let body = with(
        partnership_body(harbin, edmonton, "sister_city"),
        json!({
            "status": "active", "established_on": "1985-05-06",
            "fields": ["ice_snow_economy", "education"], "notes": "Signed in Harbin",
            "source_url": "https://www.edmonton.ca/sister-cities",
        }),
    );
    let reply = app.post(PARTNERSHIPS, Some(&token), &body).await;
    let created = reply.expect(201);
    let sister = id(&created);
    assert_eq!(
        reply.header("location"),
        Some(partnership(sister, "").as_str())
    );
    assert_eq!(
        reply.header("etag"),
        Some(format!("\"{sister}.1\"").as_str())
    );
    assert_eq!(created["city_a"]["id"], harbin);
    assert_eq!(created["city_b"]["id"], edmonton);
    assert_eq!(created["city_a"]["name"]["en"], "Harbin");
    assert_eq!(created["status"], "active");
    assert_eq!(created["established_on"], "1985-05-06");
    assert_eq!(created["fields"], json!(["ice_snow_economy", "education"]));
    assert_eq!(created["illustrative"], false);
    assert_eq!(created["allowed_actions"], json!(["suspend", "end"]));
    assert_eq!(created["version"], 1);
    assert_eq!(
        app.get(&partnership(sister, ""), None).await.expect(200),
        created
    );

    // The other kinds, and every status, with the default `proposed`.
    let friendship =
        create_partnership(&app, &partnership_body(harbin, edmonton, "friendship_city")).await;
    assert_eq!(friendship["status"], "proposed");
    assert_eq!(friendship["fields"], json!([]));
    assert_eq!(
        friendship["allowed_actions"],
        json!(["negotiate", "sign", "end"])
    );
    let third = city_in(&app, "Magdeburg", "DE").await;
    for (status, actions) in [
        ("proposed", json!(["negotiate", "sign", "end"])),
        ("negotiating", json!(["sign", "end"])),
        ("signed", json!(["activate", "end"])),
        ("suspended", json!(["activate", "end"])),
        ("ended", json!([])),
    ] {
        let other = city_in(&app, &format!("City {status}"), "DE").await;
        let created = create_partnership(
            &app,
            &with(
                partnership_body(third, other, "cooperation_agreement"),
                json!({ "status": status }),
            ),
        )
        .await;
        assert_eq!(created["status"], status);
        assert_eq!(created["allowed_actions"], actions, "from {status}");
    }

    // An unknown kind or status is a clear problem.
    for bad in [
        json!({"kind": "twin_town"}),
        json!({"status": "dormant"}),
        json!({"fields": ["space"]}),
    ] {
        let reply = app
            .post(
                PARTNERSHIPS,
                Some(&token),
                &with(partnership_body(third, harbin, "sister_city"), bad),
            )
            .await;
        assert!(
            matches!(reply.status, 400 | 422),
            "{} {}",
            reply.status,
            reply.body
        );
    }
    assert_eq!(partnership_count(&app).await, 7);
});

both_backends!(the_lifecycle_moves_and_keeps_a_history, |app| async move {
    let (harbin, edmonton) = two_cities(&app).await;
    let organizer = app.organizer_token().await;
    let tie = partner(&app, harbin, edmonton, "sister_city", "proposed").await;

    // Illegal actions are 409s listing the allowed ones, and change nothing.
    let reply = lifecycle(&app, tie, "activate", &organizer).await;
    assert_eq!(allowed_transitions(&reply), ["negotiate", "sign", "end"]);
    assert_eq!(reply.json()["current_status"], "proposed");
    let reply = lifecycle(&app, tie, "suspend", &organizer).await;
    assert_eq!(allowed_transitions(&reply), ["negotiate", "sign", "end"]);
    let reply = lifecycle(&app, tie, "promote", &organizer).await;
    assert!(matches!(reply.status, 400 | 404), "{}", reply.status);

    let negotiating = drive_partnership(&app, tie, &["negotiate"]).await;
    assert_eq!(negotiating["status"], "negotiating");
    assert_eq!(negotiating["version"], 2);
    assert!(negotiating["established_on"].is_null());
    let reply = lifecycle(&app, tie, "negotiate", &organizer).await;
    assert_eq!(allowed_transitions(&reply), ["sign", "end"]);

    // Signing sets the unknown date to today.
    let signed = drive_partnership(&app, tie, &["sign"]).await;
    assert_eq!(signed["status"], "signed");
    assert_eq!(signed["established_on"], day(0));
    let active = drive_partnership(&app, tie, &["activate", "suspend", "activate"]).await;
    assert_eq!(active["status"], "active");
    let reply = lifecycle(&app, tie, "sign", &organizer).await;
    assert_eq!(allowed_transitions(&reply), ["suspend", "end"]);
    let ended = drive_partnership(&app, tie, &["end"]).await;
    assert_eq!(ended["status"], "ended");
    assert_eq!(ended["allowed_actions"], json!([]));
    let reply = lifecycle(&app, tie, "end", &organizer).await;
    assert_eq!(allowed_transitions(&reply), Vec::<String>::new());
    assert_eq!(ended["established_on"], day(0), "the date stays");

    // Every status entered is on record, with who changed it for organizers.
    let history = app
        .get(&partnership(tie, "/history"), Some(&organizer))
        .await
        .expect(200);
    let steps: Vec<(Value, Value)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["from_status"].clone(), c["to_status"].clone()))
        .collect();
    let expected = [
        (Value::Null, "proposed"),
        ("proposed".into(), "negotiating"),
        ("negotiating".into(), "signed"),
        ("signed".into(), "active"),
        ("active".into(), "suspended"),
        ("suspended".into(), "active"),
        ("active".into(), "ended"),
    ];
    assert_eq!(
        steps,
        expected
            .iter()
            .map(|(from, to)| (from.clone(), json!(to)))
            .collect::<Vec<_>>()
    );
    let organizer_id = history[0]["changed_by"].as_i64().expect("changed_by");
    for change in history.as_array().unwrap() {
        assert_eq!(change["changed_by"], organizer_id, "{change}");
        chrono::DateTime::parse_from_rfc3339(change["changed_at"].as_str().unwrap()).unwrap();
    }

    // The public reads the history of a partnership it may see, without who.
    let public = partner(&app, harbin, edmonton, "friendship_city", "proposed").await;
    drive_partnership(&app, public, &["sign"]).await;
    let history = app
        .get(&partnership(public, "/history"), None)
        .await
        .expect(200);
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert!(history
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["changed_by"].is_null() && c["to_status"].is_string()));
});

both_backends!(
    signing_keeps_a_known_date_and_refuses_a_future_one,
    |app| async move {
        let (harbin, edmonton) = two_cities(&app).await;
        let organizer = app.organizer_token().await;
        let known = create_partnership(
            &app,
            &with(
                partnership_body(harbin, edmonton, "sister_city"),
                json!({"established_on": "2008-07-02"}),
            ),
        )
        .await;
        let signed = drive_partnership(&app, id(&known), &["sign"]).await;
        assert_eq!(signed["established_on"], "2008-07-02");

        // A proposal may carry a planned date; signing it before that day would make a
        // signed partnership with a date in the future.
        let planned = create_partnership(
            &app,
            &with(
                partnership_body(harbin, edmonton, "friendship_city"),
                json!({"established_on": day(30)}),
            ),
        )
        .await;
        let reply = lifecycle(&app, id(&planned), "sign", &organizer).await;
        assert_field_error(&reply.expect_problem(422), "established_on");
        let unchanged = app
            .get(&partnership(id(&planned), ""), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(unchanged["status"], "proposed");
        assert_eq!(unchanged["version"], 1);
        let history = app
            .get(&partnership(id(&planned), "/history"), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
        // Once the date is corrected, it signs.
        app.patch(
            &partnership(id(&planned), ""),
            Some(&organizer),
            &json!({"established_on": day(0)}),
        )
        .await
        .expect(200);
        drive_partnership(&app, id(&planned), &["sign"]).await;
    }
);

both_backends!(updates_and_deletes_with_preconditions, |app| async move {
    let (harbin, edmonton) = two_cities(&app).await;
    let organizer = app.organizer_token().await;
    let sister = partner(&app, harbin, edmonton, "sister_city", "active").await;
    let friendship = partner(&app, edmonton, harbin, "friendship_city", "proposed").await;
    let path = partnership(friendship, "");

    let updated = app
        .patch(
            &path,
            Some(&organizer),
            &json!({"fields": ["culture", "tourism"], "notes": "Ice lantern exchange",
                "established_on": "2019-02-14"}),
        )
        .await
        .expect(200);
    assert_eq!(updated["fields"], json!(["culture", "tourism"]));
    assert_eq!(updated["notes"], "Ice lantern exchange");
    assert_eq!(updated["kind"], "friendship_city", "left out, kept");
    assert_eq!(updated["version"], 2);
    let cleared = app
        .patch(&path, Some(&organizer), &json!({"notes": null}))
        .await
        .expect(200);
    assert!(cleared["notes"].is_null());
    assert_eq!(cleared["fields"], json!(["culture", "tourism"]));

    // A kind the pair already has, in either order, is a 409 naming it.
    let reply = app
        .patch(&path, Some(&organizer), &json!({"kind": "sister_city"}))
        .await;
    assert_existing(&reply, sister);
    // The status and the cities change only through their own ways.
    for body in [json!({"status": "active"}), json!({"city_a_id": harbin})] {
        let reply = app.patch(&path, Some(&organizer), &body).await;
        assert!(
            matches!(reply.status, 400 | 422),
            "{} {}",
            reply.status,
            reply.body
        );
    }
    // A signed partnership's date cannot move into the future.
    let reply = app
        .patch(
            &partnership(sister, ""),
            Some(&organizer),
            &json!({"established_on": day(10)}),
        )
        .await;
    assert_field_error(&reply.expect_problem(422), "established_on");
    let reply = app
        .patch(
            &path,
            Some(&organizer),
            &json!({"kind": "cooperation_agreement"}),
        )
        .await;
    assert_eq!(reply.expect(200)["kind"], "cooperation_agreement");

    // If-Match guards PATCH, lifecycle actions and DELETE.
    let current = app.get(&path, Some(&organizer)).await;
    let etag = current.header("etag").expect("an ETag").to_owned();
    let stale = format!("\"{friendship}.1\"");
    let patch_body = json!({"notes": "stale"});
    with_if_match(&app, Method::PATCH, &path, &stale, Some(&patch_body))
        .await
        .expect_problem(412);
    with_if_match(
        &app,
        Method::POST,
        &partnership(friendship, "/lifecycle/negotiate"),
        &stale,
        Some(&json!({})),
    )
    .await
    .expect_problem(412);
    with_if_match(&app, Method::DELETE, &path, &stale, None)
        .await
        .expect_problem(412);
    let moved = with_if_match(
        &app,
        Method::POST,
        &partnership(friendship, "/lifecycle/negotiate"),
        &etag,
        Some(&json!({})),
    )
    .await;
    let moved_etag = moved.header("etag").expect("an ETag").to_owned();
    assert_eq!(moved.expect(200)["status"], "negotiating");
    assert_ne!(moved_etag, etag);
    with_if_match(&app, Method::DELETE, &path, &etag, None)
        .await
        .expect_problem(412);
    let deleted = with_if_match(&app, Method::DELETE, &path, &moved_etag, None).await;
    deleted.expect(204);
    app.get(&path, Some(&organizer)).await.expect_problem(404);
    app.get(&partnership(friendship, "/history"), Some(&organizer))
        .await
        .expect_problem(404);
    app.delete(&path, Some(&organizer))
        .await
        .expect_problem(404);
    app.patch(&path, Some(&organizer), &json!({"notes": "gone"}))
        .await
        .expect_problem(404);
    assert_eq!(partnership_count(&app).await, 1);
});

both_backends!(the_pair_is_unordered, |app| async move {
    let (harbin, edmonton) = two_cities(&app).await;
    let organizer = app.organizer_token().await;
    let first = partner(&app, harbin, edmonton, "sister_city", "active").await;
    for (a, b) in [(harbin, edmonton), (edmonton, harbin)] {
        let reply = app
            .post(
                PARTNERSHIPS,
                Some(&organizer),
                &with(
                    partnership_body(a, b, "sister_city"),
                    json!({"status": "proposed"}),
                ),
            )
            .await;
        assert_existing(&reply, first);
        assert!(reply.json()["detail"]
            .as_str()
            .unwrap()
            .contains(&partnership(first, "")));
    }
    // Another kind for the same pair is another partnership.
    let other = partner(&app, edmonton, harbin, "cooperation_agreement", "signed").await;
    assert_ne!(other, first);
    let listed = app
        .get(
            &format!("{PARTNERSHIPS}?city_id={harbin}"),
            Some(&organizer),
        )
        .await
        .expect(200);
    assert_eq!(ids_of(&listed), BTreeSet::from([first, other]));
    assert_eq!(partnership_count(&app).await, 2);
});

both_backends!(
    parallel_creation_of_both_orders_has_exactly_one_winner,
    |app| async move {
        const TRIES: usize = 20;
        let (harbin, edmonton) = two_cities(&app).await;
        let organizer = app.organizer_token().await;
        let requests = (0..TRIES)
            .map(|n| {
                let (a, b) = if n % 2 == 0 {
                    (harbin, edmonton)
                } else {
                    (edmonton, harbin)
                };
                app.request(Method::POST, PARTNERSHIPS, Some(&organizer))
                    .json(&with(
                        partnership_body(a, b, "sister_city"),
                        json!({"status": "active", "established_on": "1985-05-06"}),
                    ))
            })
            .collect();
        let replies = app.concurrently(requests).await;
        let winners: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
        assert_eq!(
            winners.len(),
            1,
            "exactly one wins: {:?}",
            replies
                .iter()
                .map(|r| (r.status, &r.body))
                .collect::<Vec<_>>()
        );
        let winner = id(&winners[0].json());
        for reply in replies.iter().filter(|r| r.status != 201) {
            assert_existing(reply, winner);
        }
        assert_eq!(partnership_count(&app).await, 1);
        let history = app
            .get(&partnership(winner, "/history"), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(history.as_array().unwrap().len(), 1);
    }
);

both_backends!(bad_input_is_refused_whole, |app| async move {
    let (harbin, edmonton) = two_cities(&app).await;
    let organizer = app.organizer_token().await;
    let refused = |body: Value| {
        let app = &app;
        let organizer = organizer.clone();
        async move {
            app.post(PARTNERSHIPS, Some(&organizer), &body)
                .await
                .expect_problem(422)
        }
    };

    let problem = refused(partnership_body(harbin, harbin, "sister_city")).await;
    assert_field_error(&problem, "city_b_id");
    let problem = refused(partnership_body(999_999, edmonton, "sister_city")).await;
    assert_field_error(&problem, "city_a_id");
    let problem = refused(partnership_body(harbin, 999_998, "sister_city")).await;
    assert_field_error(&problem, "city_b_id");
    assert!(problem["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("999998"));
    let problem = refused(partnership_body(999_999, 999_998, "sister_city")).await;
    assert_field_error(&problem, "city_a_id");
    assert_field_error(&problem, "city_b_id");
    for status in ["signed", "active", "suspended", "ended"] {
        let problem = refused(with(
            partnership_body(harbin, edmonton, "sister_city"),
            json!({"status": status, "established_on": day(1)}),
        ))
        .await;
        assert_field_error(&problem, "established_on");
    }
    let problem = refused(with(
        partnership_body(harbin, edmonton, "sister_city"),
        json!({"fields": ["culture", "culture"], "source_url": "ftp://example.org/x"}),
    ))
    .await;
    assert_field_error(&problem, "fields");
    assert_field_error(&problem, "source_url");

    // Nothing was written: no partnership, and both cities can still be deleted.
    assert_eq!(partnership_count(&app).await, 0);
    let network = app
        .get(&format!("{PARTNERSHIPS}/network"), Some(&organizer))
        .await
        .expect(200);
    assert_eq!(network["edges"], json!([]));

    // Today and a planned date for a proposal are fine.
    partner(&app, harbin, edmonton, "sister_city", "proposed").await;
    create_partnership(
        &app,
        &with(
            partnership_body(harbin, edmonton, "friendship_city"),
            json!({"status": "active", "established_on": day(0)}),
        ),
    )
    .await;
    create_partnership(
        &app,
        &with(
            partnership_body(harbin, edmonton, "cooperation_agreement"),
            json!({"status": "negotiating", "established_on": day(60)}),
        ),
    )
    .await;
    assert_eq!(partnership_count(&app).await, 3);
});

both_backends!(
    cities_with_partnerships_are_never_deleted,
    |app| async move {
        let (harbin, edmonton) = two_cities(&app).await;
        let organizer = app.organizer_token().await;
        let tie = partner(&app, harbin, edmonton, "sister_city", "proposed").await;
        for city in [harbin, edmonton] {
            let reply = app
                .delete(&format!("/api/v1/cities/{city}"), Some(&organizer))
                .await;
            let problem = reply.expect_problem(409);
            assert_eq!(problem["references"]["partnerships"], 1, "{problem}");
        }
        app.get(&partnership(tie, ""), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(partnership_count(&app).await, 1);

        app.delete(&partnership(tie, ""), Some(&organizer))
            .await
            .expect(204);
        app.delete(&format!("/api/v1/cities/{harbin}"), Some(&organizer))
            .await
            .expect(204);
    }
);

//! `/partnerships/{id}/agreements` and `/milestones`: recording, replacing (signatories
//! included), who sees a signer's name, signatories from outside the pair refused whole,
//! items of another partnership not found, and delegates who signed kept.

use reqwest::Method;

use gmd_tests::*;

use crate::partnerships_support::*;

/// An active Harbin–Magdeburg partnership, with a delegate of each city at an event
/// (Harbin's consents to a public profile, Magdeburg's does not) and one of a third city.
struct Signing {
    scenario: Scenario,
    harbin: i64,
    magdeburg: i64,
    tie: i64,
    harbin_delegate: i64,
    magdeburg_delegate: i64,
    outsider: i64,
}

async fn signing(app: &TestApp) -> Signing {
    let scenario = app.scenario().await;
    let harbin = city_in(app, "Harbin", "CN").await;
    let magdeburg = city_in(app, "Magdeburg", "DE").await;
    let tie = partner(app, harbin, magdeburg, "sister_city", "active").await;
    let mut delegates = Vec::new();
    for (city, name, consent) in [(harbin, "Xiaolian", true), (magdeburg, "Lutz", false)] {
        let delegation = app.create_delegation(&scenario.event, city).await;
        let person = delegate_of(app, &scenario.event, id(&delegation), name, consent).await;
        assert_eq!(person["city_id"], city);
        delegates.push(id(&person));
    }
    let outsider =
        id(&delegate_of(app, &scenario.event, scenario.delegation_id, "Aino", true).await);
    Signing {
        scenario,
        harbin,
        magdeburg,
        tie,
        harbin_delegate: delegates[0],
        magdeburg_delegate: delegates[1],
        outsider,
    }
}

/// A treaty signed by both delegates and a named official of Magdeburg.
fn treaty(s: &Signing) -> Value {
    json!({
        "title": {"en": "Treaty on friendly cooperation", "de": "Partnerschaftsvertrag"},
        "kind": "treaty", "signed_on": "2008-07-02", "signed_at_city_id": s.magdeburg,
        "signatories": [
            {"delegate_id": s.harbin_delegate, "office": "Mayor of Harbin"},
            {"delegate_id": s.magdeburg_delegate},
            {"name": "Lutz Trümper", "office": "Oberbürgermeister", "city_id": s.magdeburg},
        ],
    })
}

/// The signatories' `(city_id, name)`.
fn signers(agreement: &Value) -> Vec<(i64, Value)> {
    agreement["signatories"]
        .as_array()
        .unwrap_or_else(|| panic!("signatories in {agreement}"))
        .iter()
        .map(|s| (s["city_id"].as_i64().unwrap(), s["name"].clone()))
        .collect()
}

both_backends!(
    agreements_record_and_replace_signatories,
    |app| async move {
        let s = signing(&app).await;
        let organizer = app.organizer_token().await;
        let agreements = partnership(s.tie, "/agreements");
        let reply = app.post(&agreements, Some(&organizer), &treaty(&s)).await;
        let created = reply.expect(201);
        let treaty_id = id(&created);
        let path = partnership(s.tie, &format!("/agreements/{treaty_id}"));
        assert_eq!(reply.header("location"), Some(path.as_str()));
        assert_eq!(created["partnership_id"], s.tie);
        assert_eq!(created["kind"], "treaty");
        assert_eq!(created["signed_at_city_id"], s.magdeburg);
        assert_eq!(
            signers(&created),
            [
                (s.harbin, json!("Xiaolian Delegate")),
                (s.magdeburg, json!("Lutz Delegate")),
                (s.magdeburg, json!("Lutz Trümper")),
            ],
            "organizers see every name"
        );
        assert_eq!(created["signatories"][0]["office"], "Mayor of Harbin");
        assert_eq!(created["signatories"][0]["delegate_id"], s.harbin_delegate);

        // The public sees a delegate's name only if they consent; named officials always.
        let public = app.get(&path, None).await.expect(200);
        assert_eq!(
            signers(&public),
            [
                (s.harbin, json!("Xiaolian Delegate")),
                (s.magdeburg, Value::Null),
                (s.magdeburg, json!("Lutz Trümper")),
            ]
        );
        assert_eq!(
            public["signatories"][1]["delegate_id"],
            Value::Null,
            "nor their id"
        );

        // A delegate who signed cannot be deleted.
        let reply = app
            .delete(
                &s.scenario
                    .path(&format!("/delegates/{}", s.harbin_delegate)),
                Some(&organizer),
            )
            .await;
        assert_eq!(reply.expect_problem(409)["references"]["signatures"], 1);

        // Listed in signing order.
        let memorandum = app
        .post(
            &agreements,
            Some(&organizer),
            &json!({"title": {"en": "Memorandum"}, "kind": "memorandum", "signed_on": "2002-06-01"}),
        )
        .await
        .expect(201);
        let listed = app.get(&agreements, None).await.expect(200);
        let order: Vec<i64> = listed.as_array().unwrap().iter().map(id).collect();
        assert_eq!(order, [id(&memorandum), treaty_id]);

        // PUT replaces the whole agreement, signatories included, under If-Match.
        let replacement = json!({
            "title": {"en": "Treaty"}, "kind": "treaty", "signed_on": "2008-07-03",
            "signatories": [{"name": "Zhang Xiaolian", "city_id": s.harbin}],
        });
        with_if_match(
            &app,
            Method::PUT,
            &path,
            &format!("\"{treaty_id}.9\""),
            Some(&replacement),
        )
        .await
        .expect_problem(412);
        let replaced = with_if_match(
            &app,
            Method::PUT,
            &path,
            &format!("\"{treaty_id}.1\""),
            Some(&replacement),
        )
        .await
        .expect(200);
        assert_eq!(replaced["version"], 2);
        assert_eq!(replaced["signed_on"], "2008-07-03");
        assert!(replaced["signed_at_city_id"].is_null());
        assert_eq!(signers(&replaced), [(s.harbin, json!("Zhang Xiaolian"))]);
        assert_eq!(app.get(&path, Some(&organizer)).await.expect(200), replaced);
        // With no signature left, the delegate can go.
        app.delete(
            &s.scenario
                .path(&format!("/delegates/{}", s.harbin_delegate)),
            Some(&organizer),
        )
        .await
        .expect(204);

        app.delete(&path, Some(&organizer)).await.expect(204);
        app.get(&path, None).await.expect_problem(404);
        assert_eq!(
            app.get(&agreements, None).await.expect(200),
            json!([memorandum])
        );
    }
);

both_backends!(
    signatories_from_outside_the_pair_are_refused_whole,
    |app| async move {
        let s = signing(&app).await;
        let organizer = app.organizer_token().await;
        let agreements = partnership(s.tie, "/agreements");
        let original = app
            .post(&agreements, Some(&organizer), &treaty(&s))
            .await
            .expect(201);
        let path = partnership(s.tie, &format!("/agreements/{}", id(&original)));
        let signatories = |list: Value| with(treaty(&s), json!({ "signatories": list }));
        let cases = [
            // A delegate of a third city.
            (
                signatories(
                    json!([{"delegate_id": s.harbin_delegate}, {"delegate_id": s.outsider}]),
                ),
                "signatories[1].city_id",
            ),
            // A named official of a third city.
            (
                signatories(json!([{"name": "Someone", "city_id": s.scenario.city_id}])),
                "signatories[0].city_id",
            ),
            // A named official without a city.
            (
                signatories(json!([{"name": "Someone", "office": "Mayor"}])),
                "signatories[0].city_id",
            ),
            // A delegate said to sign for the other city of the pair.
            (
                signatories(json!([{"delegate_id": s.harbin_delegate, "city_id": s.magdeburg}])),
                "signatories[0].city_id",
            ),
            // Neither a delegate nor a name, or both.
            (
                signatories(json!([{"city_id": s.harbin}])),
                "signatories[0].name",
            ),
            (
                signatories(json!([{"delegate_id": s.harbin_delegate, "name": "Xiaolian"}])),
                "signatories[0].name",
            ),
            (
                signatories(json!([{"delegate_id": 999_999}])),
                "signatories[0].delegate_id",
            ),
            (with(treaty(&s), json!({"signed_on": day(1)})), "signed_on"),
            (
                with(treaty(&s), json!({"signed_at_city_id": 999_999})),
                "signed_at_city_id",
            ),
            (
                with(treaty(&s), json!({"session_id": 999_999})),
                "session_id",
            ),
        ];
        for (body, field) in cases {
            let problem = app
                .post(&agreements, Some(&organizer), &body)
                .await
                .expect_problem(422);
            assert_field_error(&problem, field);
            let problem = app
                .request(Method::PUT, &path, Some(&organizer))
                .json(&body);
            assert_field_error(&Reply::send(problem).await.expect_problem(422), field);
        }
        // Nothing was half-written.
        assert_eq!(
            app.get(&agreements, Some(&organizer)).await.expect(200),
            json!([original])
        );
    }
);

both_backends!(
    items_of_another_partnership_are_not_found,
    |app| async move {
        let s = signing(&app).await;
        let organizer = app.organizer_token().await;
        let other = partner(
            &app,
            s.harbin,
            s.scenario.city_id,
            "friendship_city",
            "active",
        )
        .await;
        let agreement = app
            .post(
                &partnership(s.tie, "/agreements"),
                Some(&organizer),
                &treaty(&s),
            )
            .await
            .expect(201);
        let milestone_body = json!({"occurred_on": "2019-02-14", "kind": "exchange",
        "description": {"en": "Ice carvers at the Harbin Ice and Snow World"}});
        let milestone = app
            .post(
                &partnership(s.tie, "/milestones"),
                Some(&organizer),
                &milestone_body,
            )
            .await
            .expect(201);
        let elsewhere_agreement = partnership(other, &format!("/agreements/{}", id(&agreement)));
        let elsewhere_milestone = partnership(other, &format!("/milestones/{}", id(&milestone)));
        app.get(&elsewhere_agreement, Some(&organizer))
            .await
            .expect_problem(404);
        let body = json!({"title": {"en": "Treaty"}, "kind": "treaty", "signed_on": "2008-07-02"});
        Reply::send(
            app.request(Method::PUT, &elsewhere_agreement, Some(&organizer))
                .json(&body),
        )
        .await
        .expect_problem(404);
        app.delete(&elsewhere_agreement, Some(&organizer))
            .await
            .expect_problem(404);
        Reply::send(
            app.request(Method::PUT, &elsewhere_milestone, Some(&organizer))
                .json(&milestone_body),
        )
        .await
        .expect_problem(404);
        app.delete(&elsewhere_milestone, Some(&organizer))
            .await
            .expect_problem(404);
        assert_eq!(
            app.get(&partnership(other, "/agreements"), None)
                .await
                .expect(200),
            json!([])
        );
        // Both items are still where they were.
        let agreements = app
            .get(&partnership(s.tie, "/agreements"), None)
            .await
            .expect(200);
        assert_eq!(agreements.as_array().unwrap().len(), 1);
        let milestones = app
            .get(&partnership(s.tie, "/milestones"), None)
            .await
            .expect(200);
        assert_eq!(milestones, json!([milestone]));
        // Unknown partnerships are 404s too.
        app.post(
            &partnership(999_999, "/milestones"),
            Some(&organizer),
            &milestone_body,
        )
        .await
        .expect_problem(404);
        app.post(
            &partnership(999_999, "/agreements"),
            Some(&organizer),
            &treaty(&s),
        )
        .await
        .expect_problem(404);
    }
);

both_backends!(milestones_are_a_dated_log, |app| async move {
    let s = signing(&app).await;
    let organizer = app.organizer_token().await;
    let milestones = partnership(s.tie, "/milestones");
    let visit = app
        .post(
            &milestones,
            Some(&organizer),
            &json!({"occurred_on": "2019-02-14", "kind": "visit",
                "description": {"en": "A delegation from Magdeburg visits Harbin", "de": "Besuch"}}),
        )
        .await
        .expect(201);
    assert_eq!(visit["partnership_id"], s.tie);
    assert_eq!(visit["kind"], "visit");
    // A planned project may be dated ahead.
    let project = app
        .post(
            &milestones,
            Some(&organizer),
            &json!({"occurred_on": day(90), "kind": "project",
                "description": {"en": "Joint ice-sculpture school"}}),
        )
        .await
        .expect(201);
    let exchange = app
        .post(
            &milestones,
            Some(&organizer),
            &json!({"occurred_on": "2008-07-02", "kind": "exchange",
                "description": {"en": "Student exchange"}}),
        )
        .await
        .expect(201);
    let listed = app.get(&milestones, None).await.expect(200);
    let order: Vec<i64> = listed.as_array().unwrap().iter().map(id).collect();
    assert_eq!(
        order,
        [id(&exchange), id(&visit), id(&project)],
        "date order"
    );

    for bad in [
        json!({"occurred_on": "2019-02-14", "kind": "party", "description": {"en": "x"}}),
        json!({"occurred_on": "2019-02-14", "kind": "visit", "description": {}}),
        json!({"occurred_on": "not a date", "kind": "visit", "description": {"en": "x"}}),
    ] {
        let reply = app.post(&milestones, Some(&organizer), &bad).await;
        assert!(
            matches!(reply.status, 400 | 422),
            "{} {}",
            reply.status,
            reply.body
        );
    }

    let path = format!("{milestones}/{}", id(&visit));
    let body = json!({"occurred_on": "2019-02-15", "kind": "exchange",
        "description": {"en": "Ice carvers from Magdeburg"}});
    with_if_match(
        &app,
        Method::PUT,
        &path,
        &format!("\"{}.5\"", id(&visit)),
        Some(&body),
    )
    .await
    .expect_problem(412);
    let replaced = Reply::send(
        app.request(Method::PUT, &path, Some(&organizer))
            .json(&body),
    )
    .await
    .expect(200);
    assert_eq!(replaced["version"], 2);
    assert_eq!(replaced["occurred_on"], "2019-02-15");
    assert_eq!(
        replaced["description"],
        json!({"en": "Ice carvers from Magdeburg"})
    );
    app.delete(&path, Some(&organizer)).await.expect(204);
    app.delete(&path, Some(&organizer))
        .await
        .expect_problem(404);
    assert_eq!(
        app.get(&milestones, None)
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len(),
        2
    );
});

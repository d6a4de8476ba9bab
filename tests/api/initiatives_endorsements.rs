//! Endorsements of an initiative: who may endorse for which city, one standing endorsement
//! per city (also under 50 parallel tries), withdrawals kept on record, and the public
//! list of who endorsed.

use reqwest::Method;

use gmd_tests::*;

use crate::partnerships_support::*;

/// `/endorsements/<id>` of an initiative.
fn endorsement(summit: &Summit, initiative: i64, endorsement: i64) -> String {
    format!("{}/{endorsement}", summit.endorsements(initiative))
}

both_backends!(who_may_endorse_for_which_city, |app| async move {
    let (summit, initiative) = new_initiative(&app, true).await;
    let organizer = app.organizer_token().await;
    let iid = id(&initiative);
    let scenario = &summit.scenario;
    let aino = id(&app.new_delegate(scenario, "Aino", "Virtanen").await);
    let mikko = id(&app.new_delegate(scenario, "Mikko", "Virtanen").await);
    let harbin = city_in(&app, "Harbin", "CN").await;
    let harbin_delegation = id(&app.create_delegation(&scenario.event, harbin).await);
    let zhang = id(&delegate_of(&app, &scenario.event, harbin_delegation, "Zhang", true).await);
    // A delegate of the same city, at another event.
    let elsewhere = app.scenario().await;
    let other_delegation = id(&app
        .create_delegation(&elsewhere.event, scenario.city_id)
        .await);
    let stranger = id(&delegate_of(&app, &elsewhere.event, other_delegation, "Eero", true).await);
    // Delegates who declined or were cancelled.
    let declined = id(&app.new_delegate(scenario, "Liisa", "Declined").await);
    app.drive(&scenario.event, declined, &["decline"]).await;
    let cancelled = id(&app.new_delegate(scenario, "Pekka", "Cancelled").await);
    app.drive(&scenario.event, cancelled, &["register", "cancel"])
        .await;

    let refused = [
        (json!({"delegate_id": aino, "city_id": harbin}), "city_id"),
        (json!({"delegate_id": stranger}), "delegate_id"),
        (json!({"delegate_id": declined}), "delegate_id"),
        (json!({"delegate_id": cancelled}), "delegate_id"),
        (json!({"delegate_id": 999_999}), "delegate_id"),
        (
            json!({"delegate_id": aino, "version_number": 7}),
            "version_number",
        ),
        (
            json!({"delegate_id": aino, "endorsed_on": day(1)}),
            "endorsed_on",
        ),
        (json!({"delegate_id": aino, "statement": "  "}), "statement"),
    ];
    for (body, field) in refused {
        let problem = endorse(&app, &summit, iid, &organizer, &body)
            .await
            .expect_problem(422);
        assert_field_error(&problem, field);
    }

    // A delegate endorses only as themselves.
    let aino_token = app.delegate_token(aino).await;
    endorse(
        &app,
        &summit,
        iid,
        &aino_token,
        &json!({"delegate_id": mikko}),
    )
    .await
    .expect_problem(403);
    endorse(
        &app,
        &summit,
        iid,
        &aino_token,
        &json!({"delegate_id": zhang}),
    )
    .await
    .expect_problem(403);
    endorse(&app, &summit, iid, "", &json!({"delegate_id": aino}))
        .await
        .expect_problem(401);
    let reply = endorse(
        &app,
        &summit,
        iid,
        &aino_token,
        &json!({"delegate_id": aino, "city_id": scenario.city_id,
            "statement": "Rovaniemi stands with Harbin.", "endorsed_on": "2026-01-07"}),
    )
    .await;
    let own = reply.expect(201);
    assert_eq!(
        reply.header("location"),
        Some(endorsement(&summit, iid, id(&own)).as_str())
    );
    assert_eq!(own["city"]["id"], scenario.city_id);
    assert_eq!(own["delegate_id"], aino);
    assert_eq!(own["version_number"], 1);
    assert_eq!(own["endorsed_on"], "2026-01-07");
    assert!(own["withdrawn_at"].is_null());
    // The organizer records one for Harbin; the date defaults to today.
    let harbin_endorsement = endorse(
        &app,
        &summit,
        iid,
        &organizer,
        &json!({"delegate_id": zhang}),
    )
    .await
    .expect(201);
    assert_eq!(harbin_endorsement["city"]["id"], harbin);
    assert_eq!(harbin_endorsement["endorsed_on"], day(0));
    // A second one for the city, by another of its delegates, names the first.
    let reply = endorse(
        &app,
        &summit,
        iid,
        &organizer,
        &json!({"delegate_id": mikko}),
    )
    .await;
    assert_existing(&reply, id(&own));

    // Only while open: closed (and drafts) refuse with 409.
    let close = summit.initiative(iid, "/lifecycle/close");
    app.post(&close, Some(&organizer), &json!({}))
        .await
        .expect(200);
    let reply = endorse(
        &app,
        &summit,
        iid,
        &organizer,
        &json!({"delegate_id": mikko}),
    )
    .await;
    assert_eq!(reply.expect_problem(409)["current_status"], "closed");
    let (draft_summit, draft) = new_initiative(&app, false).await;
    let draft_delegate = id(&app
        .new_delegate(&draft_summit.scenario, "Anna", "Draft")
        .await);
    let reply = endorse(
        &app,
        &draft_summit,
        id(&draft),
        &organizer,
        &json!({"delegate_id": draft_delegate}),
    )
    .await;
    assert_eq!(reply.expect_problem(409)["current_status"], "draft");
    let draft_token = app.delegate_token(draft_delegate).await;
    endorse(
        &app,
        &draft_summit,
        id(&draft),
        &draft_token,
        &json!({"delegate_id": draft_delegate}),
    )
    .await
    .expect_problem(404);

    // Nothing else was written.
    let all = app
        .get(
            &format!("{}?include_withdrawn=true", summit.endorsements(iid)),
            Some(&organizer),
        )
        .await
        .expect(200);
    assert_eq!(all["total"], 2);
});

both_backends!(
    fifty_parallel_endorsements_for_one_city_make_one,
    |app| async move {
        const TRIES: usize = 50;
        let (summit, initiative) = new_initiative(&app, true).await;
        let iid = id(&initiative);
        let organizer = app.organizer_token().await;
        // Ten delegates of the city's delegation, each trying five times: half of the
        // tries by the organizer, half by the delegates themselves.
        let mut delegates = Vec::new();
        for n in 0..10 {
            let delegate = app
                .new_delegate(&summit.scenario, &format!("Crowd{n}"), "Burst")
                .await;
            let token = app.delegate_token(id(&delegate)).await;
            delegates.push((id(&delegate), token));
        }
        let requests = (0..TRIES)
            .map(|n| {
                let (delegate, own_token) = &delegates[n % delegates.len()];
                let token = if n % 2 == 0 { &organizer } else { own_token };
                app.request(Method::POST, &summit.endorsements(iid), Some(token))
                    .json(&json!({"delegate_id": delegate, "statement": format!("Try {n}")}))
            })
            .collect();
        let replies = app.concurrently(requests).await;
        let winners: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
        assert_eq!(
            winners.len(),
            1,
            "exactly one endorsement: {:?}",
            replies
                .iter()
                .map(|r| (r.status, &r.body))
                .collect::<Vec<_>>()
        );
        let winner = id(&winners[0].json());
        for reply in replies.iter().filter(|r| r.status != 201) {
            assert_existing(reply, winner);
        }
        let listed = app
            .get(
                &format!("{}?include_withdrawn=true", summit.endorsements(iid)),
                Some(&organizer),
            )
            .await
            .expect(200);
        assert_eq!(ids_of(&listed), [winner].into());
        let now = app.get(&summit.initiative(iid, ""), None).await.expect(200);
        assert_eq!(now["endorsements"], 1);
        assert_eq!(
            now["version"],
            initiative["version"].as_i64().unwrap() + 1,
            "one endorsement, one step"
        );
    }
);

both_backends!(withdrawals_stay_on_record, |app| async move {
    let (summit, initiative) = new_initiative(&app, true).await;
    let iid = id(&initiative);
    let organizer = app.organizer_token().await;
    let aino = id(&app.new_delegate(&summit.scenario, "Aino", "Virtanen").await);
    let mikko = id(&app
        .new_delegate(&summit.scenario, "Mikko", "Virtanen")
        .await);
    let aino_token = app.delegate_token(aino).await;
    let mikko_token = app.delegate_token(mikko).await;
    let first = endorse(
        &app,
        &summit,
        iid,
        &aino_token,
        &json!({"delegate_id": aino}),
    )
    .await
    .expect(201);
    let path = endorsement(&summit, iid, id(&first));

    // Another delegate (even of the same city) cannot withdraw it; the endorser can.
    app.delete(&path, Some(&mikko_token))
        .await
        .expect_problem(403);
    app.delete(&path, None).await.expect_problem(401);
    app.delete(&format!("{path}?reason="), Some(&aino_token))
        .await
        .expect_problem(422);
    let withdrawn = app
        .delete(
            &format!("{path}?reason=The%20council%20did%20not%20ratify%20it"),
            Some(&aino_token),
        )
        .await
        .expect(200);
    assert!(withdrawn["withdrawn_at"].is_string());
    assert_eq!(
        withdrawn["withdrawal_reason"],
        "The council did not ratify it"
    );
    let reply = app.delete(&path, Some(&organizer)).await;
    assert!(reply.expect_problem(409)["withdrawn_at"].is_string());

    // Kept on record: listed with include_withdrawn, hidden by default, still readable.
    let list = summit.endorsements(iid);
    assert_eq!(app.get(&list, None).await.expect(200)["total"], 0);
    let all = app
        .get(&format!("{list}?include_withdrawn=true"), None)
        .await
        .expect(200);
    assert_eq!(ids_of(&all), [id(&first)].into());
    assert_eq!(
        app.get(&path, None).await.expect(200),
        withdrawn_public(&withdrawn)
    );

    // The city may endorse again, through another delegate.
    let second = endorse(
        &app,
        &summit,
        iid,
        &mikko_token,
        &json!({"delegate_id": mikko}),
    )
    .await
    .expect(201);
    let reply = endorse(
        &app,
        &summit,
        iid,
        &aino_token,
        &json!({"delegate_id": aino}),
    )
    .await;
    assert_existing(&reply, id(&second));
    let all = app
        .get(&format!("{list}?include_withdrawn=true"), None)
        .await
        .expect(200);
    assert_eq!(ids_of(&all), [id(&first), id(&second)].into());
    assert_eq!(
        ids_of(&app.get(&list, None).await.expect(200)),
        [id(&second)].into()
    );
    // A delegate whose endorsement is on record, withdrawn or not, cannot be deleted.
    for delegate in [aino, mikko] {
        let reply = app
            .delete(
                &summit.scenario.path(&format!("/delegates/{delegate}")),
                Some(&organizer),
            )
            .await;
        assert_eq!(reply.expect_problem(409)["references"]["endorsements"], 1);
    }
});

/// What the public sees of an endorsement an organizer read: the same, as the delegates
/// in these tests do not consent to a public profile, without the name.
fn withdrawn_public(endorsement: &Value) -> Value {
    with(
        endorsement.clone(),
        json!({"delegate_id": null, "delegate_name": null}),
    )
}

both_backends!(the_public_list_shows_who_endorsed, |app| async move {
    let (summit, initiative) = new_initiative(&app, true).await;
    let iid = id(&initiative);
    let organizer = app.organizer_token().await;
    let mut cities = Vec::new();
    for (name, consent) in [("Harbin", true), ("Edmonton", false), ("Magdeburg", true)] {
        let city = city_in(&app, name, "CN").await;
        let delegation = id(&app.create_delegation(&summit.scenario.event, city).await);
        let delegate = delegate_of(&app, &summit.scenario.event, delegation, name, consent).await;
        endorse(
            &app,
            &summit,
            iid,
            &organizer,
            &json!({"delegate_id": id(&delegate), "statement": format!("{name} endorses.")}),
        )
        .await
        .expect(201);
        cities.push((city, format!("{name} Delegate"), consent));
    }
    let public = app.get(&summit.endorsements(iid), None).await.expect(200);
    let staff = app
        .get(&summit.endorsements(iid), Some(&organizer))
        .await
        .expect(200);
    assert_eq!(public["total"], 3);
    for (n, (city, name, consent)) in cities.iter().enumerate() {
        let (shown, full) = (&public["items"][n], &staff["items"][n]);
        assert_eq!(shown["city"]["id"], *city);
        assert_eq!(shown["statement"], full["statement"]);
        assert_eq!(
            full["delegate_name"],
            name.as_str(),
            "organizers see every name"
        );
        let expected = if *consent { json!(name) } else { Value::Null };
        assert_eq!(shown["delegate_name"], expected, "the public: {shown}");
    }
    let filtered = app
        .get(
            &format!("{}?city_id={}", summit.endorsements(iid), cities[1].0),
            None,
        )
        .await
        .expect(200);
    assert_eq!(filtered["total"], 1);
    assert_eq!(filtered["items"][0]["city"]["id"], cities[1].0);
});

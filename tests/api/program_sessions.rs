//! `/events/{event}/sessions`: CRUD, who sees drafts, validation against the event (time
//! zone, themes, rooms, capacity), speakers, counts, `sequence`, and filters.

use gmd_tests::*;
use reqwest::Method;

use crate::program_support::*;

/// The organizer's view of the session list: its total.
async fn organizer_total(app: &TestApp, programme: &Programme) -> i64 {
    let token = app.organizer_token().await;
    app.get(&programme.sessions(), Some(&token))
        .await
        .expect(200)["total"]
        .as_i64()
        .unwrap()
}

/// The ids on one page of the session list at `query`, as `token` sees it.
async fn listed(
    app: &TestApp,
    programme: &Programme,
    query: &str,
    token: Option<&str>,
) -> Vec<i64> {
    let page = app
        .get(&format!("{}{query}", programme.sessions()), token)
        .await
        .expect(200);
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(id).collect();
    assert_eq!(page["total"], ids.len(), "one page holds them all: {query}");
    ids
}

both_backends!(a_session_is_created_and_read, |app| async move {
    let programme = new_programme(&app, 400).await;
    let event = programme.scenario.event.clone();
    let organizer = app.organizer_token().await;
    let moderator = app.new_delegate(&programme.scenario, "Li", "Wei").await;
    let speaker = app
        .new_delegate(&programme.scenario, "Aino", "Virtanen")
        .await;
    let body = json!({
        "title": {"en": "Main Dialogue", "zh": "主旨对话"},
        "description": {"en": "Mayors on ice and snow"},
        "kind": "main_dialogue", "theme": "ice-snow-economy",
        "starts_at": "2026-01-06T09:30:00+08:00", "ends_at": "2026-01-06T11:30:00+08:00",
        "room_id": programme.room_id, "languages": ["zh", "en"],
        "interpretation": ["en", "zh", "ru"], "status": "published",
        "speakers": [
            {"delegate_id": id(&speaker), "role": "speaker", "position": 2},
            {"delegate_id": id(&moderator), "role": "moderator", "position": 1},
        ],
    });
    let reply = app
        .post(&programme.sessions(), Some(&organizer), &body)
        .await;
    let session = reply.expect(201);
    let session_id = id(&session);
    let location = programme.session(session_id);
    assert_eq!(reply.header("location"), Some(location.as_str()));
    assert_eq!(
        reply.header("etag"),
        Some(format!("\"{session_id}.1\"").as_str())
    );
    assert_eq!(session["title"], body["title"]);
    assert_eq!(session["description"], body["description"]);
    assert_eq!(session["kind"], "main_dialogue");
    assert_eq!(session["theme"], "ice-snow-economy");
    // Stored and shown in UTC.
    assert_eq!(session["starts_at"], "2026-01-06T01:30:00Z");
    assert_eq!(session["ends_at"], "2026-01-06T03:30:00Z");
    assert_eq!(session["room_id"], programme.room_id);
    assert_eq!(session["venue_id"], programme.venue_id, "the room's venue");
    assert_eq!(session["capacity"], 400, "the room's capacity by default");
    assert_eq!(session["languages"], json!(["zh", "en"]));
    assert_eq!(session["interpretation"], json!(["en", "zh", "ru"]));
    assert_eq!(session["status"], "published");
    assert_eq!(session["confirmed"], 0);
    assert_eq!(session["waitlisted"], 0);
    assert_eq!(session["places_left"], 400);
    assert_eq!(session["sequence"], 0);
    assert_eq!(session["version"], 1);
    assert_eq!(session["warnings"], json!([]));

    // Speakers in programme order, with their names.
    let speakers = session["speakers"].as_array().unwrap();
    assert_eq!(speakers.len(), 2);
    assert_eq!(speakers[0]["delegate_id"], id(&moderator));
    assert_eq!(speakers[0]["role"], "moderator");
    assert_eq!(speakers[0]["position"], 1);
    assert_eq!(speakers[0]["given_name"], "Li");
    assert_eq!(speakers[0]["family_name"], "Wei");
    assert_eq!(speakers[1]["delegate_id"], id(&speaker));
    assert_eq!(speakers[1]["role"], "speaker");
    assert_eq!(speakers[1]["position"], 2);

    // Anyone reads the published session; the warnings belong to the write only.
    let fetched = app.get(&location, Some(&organizer)).await;
    let fetched_body = fetched.expect(200);
    assert_eq!(fetched.header("etag"), reply.header("etag"));
    assert!(fetched_body.get("warnings").is_none(), "{fetched_body}");
    let mut expected = session.clone();
    expected.as_object_mut().unwrap().remove("warnings");
    assert_eq!(fetched_body, expected);
    let list = app
        .get(&programme.sessions(), Some(&organizer))
        .await
        .expect(200);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0], expected);
    let public = app.get(&programme.sessions(), None).await.expect(200);
    assert_eq!(public["items"][0]["title"], expected["title"]);

    // A session without a room: a site visit at a venue, unlimited.
    let visit = app
        .create_session(
            &event,
            &with(
                session_body("Site visit", "2026-01-07T14:00", "2026-01-07T16:00"),
                json!({"kind": "site_visit", "venue_id": programme.venue_id}),
            ),
        )
        .await;
    assert!(visit["room_id"].is_null());
    assert_eq!(visit["venue_id"], programme.venue_id);
    assert!(visit["capacity"].is_null());
    assert!(visit["places_left"].is_null(), "unlimited: {visit}");
    assert!(visit["description"].is_null());
    assert!(visit["theme"].is_null());
    assert_eq!(visit["speakers"], json!([]));

    // Deleting: allowed while nobody registered.
    app.delete(&programme.session(id(&visit)), Some(&organizer))
        .await
        .expect(204);
    app.get(&programme.session(id(&visit)), Some(&organizer))
        .await
        .expect_problem(404);
    assert_eq!(organizer_total(&app, &programme).await, 1);
});

both_backends!(
    the_public_sees_published_and_cancelled_sessions_only,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let event = programme.scenario.event.clone();
        let organizer = app.organizer_token().await;
        let delegate = app
            .accredited_delegate(&programme.scenario, "Aino", "Public")
            .await;
        let delegate_token = app.delegate_token(id(&delegate)).await;

        // Without a status, a session is a draft.
        let mut body = session_body("Draft idea", "2026-01-06T09:00", "2026-01-06T10:00");
        body.as_object_mut().unwrap().remove("status");
        let draft = app.create_session(&event, &body).await;
        assert_eq!(draft["status"], "draft");
        let published = session_in_room(
            &app,
            &programme,
            "Published",
            ("2026-01-06T11:00", "2026-01-06T12:00"),
            None,
        )
        .await;
        let cancelled = session_in_room(
            &app,
            &programme,
            "Called off",
            ("2026-01-06T13:00", "2026-01-06T14:00"),
            None,
        )
        .await;
        let cancelled = app
            .patch(
                &programme.session(id(&cancelled)),
                Some(&organizer),
                &json!({"status": "cancelled"}),
            )
            .await
            .expect(200);
        assert_eq!(cancelled["status"], "cancelled");

        // The public and delegates: a draft is 404 and not listed.
        for token in [None, Some(delegate_token.as_str())] {
            app.get(&programme.session(id(&draft)), token)
                .await
                .expect_problem(404);
            assert_eq!(
                app.get(&programme.session(id(&published)), token)
                    .await
                    .expect(200)["status"],
                "published"
            );
            assert_eq!(
                app.get(&programme.session(id(&cancelled)), token)
                    .await
                    .expect(200)["status"],
                "cancelled"
            );
            assert_eq!(
                listed(&app, &programme, "", token).await,
                vec![id(&published), id(&cancelled)]
            );
            assert_eq!(
                listed(&app, &programme, "?status=draft", token).await,
                Vec::<i64>::new()
            );
        }
        // Organizers see all three, and may filter by status.
        assert_eq!(
            app.get(&programme.session(id(&draft)), Some(&organizer))
                .await
                .expect(200)["status"],
            "draft"
        );
        assert_eq!(
            listed(&app, &programme, "", Some(&organizer)).await,
            vec![id(&draft), id(&published), id(&cancelled)]
        );
        assert_eq!(
            listed(&app, &programme, "?status=draft", Some(&organizer)).await,
            vec![id(&draft)]
        );
        assert_eq!(
            listed(&app, &programme, "?status=cancelled", Some(&organizer)).await,
            vec![id(&cancelled)]
        );

        // Publishing shows it.
        app.patch(
            &programme.session(id(&draft)),
            Some(&organizer),
            &json!({"status": "published"}),
        )
        .await
        .expect(200);
        assert_eq!(
            app.get(&programme.session(id(&draft)), None)
                .await
                .expect(200)["status"],
            "published"
        );
        assert_eq!(listed(&app, &programme, "", None).await.len(), 3);

        // Only organizers write sessions.
        let body = session_body("Delegate's own", "2026-01-06T09:00", "2026-01-06T10:00");
        app.post(&programme.sessions(), Some(&delegate_token), &body)
            .await
            .expect_problem(403);
        app.post(&programme.sessions(), None, &body)
            .await
            .expect_problem(401);
        app.patch(
            &programme.session(id(&published)),
            Some(&delegate_token),
            &json!({"status": "draft"}),
        )
        .await
        .expect_problem(403);
        app.delete(&programme.session(id(&published)), Some(&delegate_token))
            .await
            .expect_problem(403);
        assert_eq!(organizer_total(&app, &programme).await, 3);
    }
);

both_backends!(
    bad_sessions_are_422_per_field_and_nothing_is_written,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let other = new_programme(&app, 100).await;
        let organizer = app.organizer_token().await;
        let stranger = app.new_delegate(&other.scenario, "Not", "Here").await;
        let local = app.new_delegate(&programme.scenario, "Li", "Wei").await;
        let good = with(
            session_body("Scenario sharing", "2026-01-07T10:00", "2026-01-07T11:30"),
            json!({"room_id": programme.room_id, "theme": "ice-snow-economy"}),
        );
        let cases: Vec<(Value, &[&str])> = vec![
            // Reversed and empty times.
            (
                json!({"starts_at": harbin("2026-01-07T11:30"), "ends_at": harbin("2026-01-07T10:00")}),
                &["ends_at"],
            ),
            (json!({"ends_at": harbin("2026-01-07T10:00")}), &["ends_at"]),
            // Outside the event's days in Asia/Shanghai: the evening before it opens, and
            // 00:30 after it closes (still 8 January in UTC).
            (
                json!({"starts_at": harbin("2026-01-05T23:00"), "ends_at": harbin("2026-01-05T23:50")}),
                &["starts_at"],
            ),
            (
                json!({"starts_at": "2026-01-08T15:00:00Z", "ends_at": "2026-01-08T16:30:00Z"}),
                &["starts_at"],
            ),
            (
                json!({"starts_at": harbin("2026-01-04T10:00"), "ends_at": harbin("2026-01-04T11:00")}),
                &["starts_at"],
            ),
            (json!({"theme": "no-such-theme"}), &["theme"]),
            (json!({"room_id": other.room_id}), &["room_id"]),
            (json!({"room_id": 987_654}), &["room_id"]),
            (
                json!({"venue_id": other.venue_id, "room_id": null}),
                &["venue_id"],
            ),
            (json!({"capacity": 101}), &["capacity"]),
            (json!({"capacity": 0}), &["capacity"]),
            // Time-zone-less timestamps.
            (json!({"starts_at": "2026-01-07T10:00:00"}), &["starts_at"]),
            (json!({"ends_at": "2026-01-07T11:30:00"}), &["ends_at"]),
            (json!({"starts_at": "tomorrow morning"}), &["starts_at"]),
            (json!({"kind": "picnic"}), &["kind"]),
            (json!({"status": "maybe"}), &["status"]),
            (json!({"title": {"zh": "只有中文"}}), &["title"]),
            (json!({"languages": ["not a tag"]}), &["languages"]),
            (
                json!({"speakers": [{"delegate_id": id(&stranger), "role": "speaker"}]}),
                &["speakers"],
            ),
            (
                json!({"speakers": [
                    {"delegate_id": id(&local), "role": "speaker"},
                    {"delegate_id": id(&local), "role": "moderator"},
                ]}),
                &["speakers"],
            ),
            (
                json!({"speakers": [{"delegate_id": id(&local), "role": "juggler"}]}),
                &["speakers[0].role"],
            ),
            (json!({"unknown": 1}), &["unknown"]),
            // Several at once: every field is named.
            (
                json!({
                    "starts_at": harbin("2026-01-07T11:30"), "ends_at": harbin("2026-01-07T10:00"),
                    "theme": "no-such-theme", "capacity": 500,
                }),
                &["ends_at", "theme", "capacity"],
            ),
        ];
        for (change, fields) in &cases {
            let body = with(good.clone(), change.clone());
            let problem = app
                .post(&programme.sessions(), Some(&organizer), &body)
                .await
                .expect_problem(422);
            for field in *fields {
                assert_field_error(&problem, field);
            }
            assert_eq!(
                organizer_total(&app, &programme).await,
                0,
                "nothing half-written by {change}"
            );
        }

        // The same changes refused on PATCH leave the session as it was.
        let session = app.create_session(&programme.scenario.event, &good).await;
        let path = programme.session(id(&session));
        let mut unchanged = session.clone();
        unchanged.as_object_mut().unwrap().remove("warnings");
        for (change, fields) in &cases {
            let reply = app.patch(&path, Some(&organizer), change).await;
            let problem = reply.expect_problem(422);
            for field in *fields {
                assert_field_error(&problem, field);
            }
        }
        assert_eq!(
            app.get(&path, Some(&organizer)).await.expect(200),
            unchanged
        );

        // The event's time zone decides: 01:00 on 6 January in Harbin is still 5 January in UTC.
        let early = app
            .create_session(
                &programme.scenario.event,
                &with(
                    good.clone(),
                    json!({"starts_at": "2026-01-05T17:00:00Z", "ends_at": "2026-01-05T18:00:00Z"}),
                ),
            )
            .await;
        assert_eq!(early["starts_at"], "2026-01-05T17:00:00Z");
        // And a session may end late on the last day.
        app.create_session(
        &programme.scenario.event,
        &with(good.clone(), json!({"starts_at": harbin("2026-01-08T22:00"), "ends_at": harbin("2026-01-08T23:59")})),
    )
    .await;
        assert_eq!(organizer_total(&app, &programme).await, 3);
    }
);

both_backends!(
    capacity_below_the_confirmed_count_is_409,
    |app| async move {
        let programme = new_programme(&app, 10).await;
        let organizer = app.organizer_token().await;
        let session = session_in_room(
            &app,
            &programme,
            "Curling",
            ("2026-01-07T14:00", "2026-01-07T15:00"),
            Some(3),
        )
        .await;
        let session_id = id(&session);
        for n in 0..3 {
            let delegate = app
                .accredited_delegate(&programme.scenario, &format!("Curler{n}"), "Stone")
                .await;
            register_by_organizer(&app, &programme, session_id, id(&delegate))
                .await
                .expect(201);
        }
        let before = session_now(&app, &programme, session_id).await;
        assert_eq!(before["confirmed"], 3);
        assert_eq!(before["places_left"], 0);

        let problem = app
            .patch(
                &programme.session(session_id),
                Some(&organizer),
                &json!({"capacity": 2}),
            )
            .await
            .expect_problem(409);
        assert_eq!(problem["confirmed"], 3, "{problem}");
        assert_eq!(
            session_now(&app, &programme, session_id).await,
            before,
            "unchanged"
        );

        // Above the room is 422; equal and larger (within the room) are fine.
        let problem = app
            .patch(
                &programme.session(session_id),
                Some(&organizer),
                &json!({"capacity": 11}),
            )
            .await
            .expect_problem(422);
        assert_field_error(&problem, "capacity");
        let same = app
            .patch(
                &programme.session(session_id),
                Some(&organizer),
                &json!({"capacity": 3}),
            )
            .await
            .expect(200);
        assert_eq!(same["capacity"], 3);
        let larger = app
            .patch(
                &programme.session(session_id),
                Some(&organizer),
                &json!({"capacity": 10}),
            )
            .await
            .expect(200);
        assert_eq!(larger["capacity"], 10);
        assert_eq!(larger["confirmed"], 3);
        assert_eq!(larger["places_left"], 7);

        // A session with registrations is not deleted: it is cancelled instead.
        let problem = app
            .delete(&programme.session(session_id), Some(&organizer))
            .await
            .expect_problem(409);
        assert_eq!(problem["references"]["registrations"], 3, "{problem}");
        app.get(&programme.session(session_id), None)
            .await
            .expect(200);
    }
);

both_backends!(speakers_have_roles_and_an_order, |app| async move {
    let programme = new_programme(&app, 100).await;
    let organizer = app.organizer_token().await;
    let a = app.new_delegate(&programme.scenario, "Anna", "First").await;
    let b = app.new_delegate(&programme.scenario, "Bo", "Second").await;
    let c = app.new_delegate(&programme.scenario, "Chen", "Third").await;
    // Positions default to the order given.
    let body = with(
        session_body("Panel", "2026-01-07T10:00", "2026-01-07T11:00"),
        json!({"room_id": programme.room_id, "speakers": [
            {"delegate_id": id(&c), "role": "moderator"},
            {"delegate_id": id(&a), "role": "panelist"},
            {"delegate_id": id(&b), "role": "panelist"},
        ]}),
    );
    let session = app.create_session(&programme.scenario.event, &body).await;
    let order = |session: &Value| -> Vec<(i64, String, i64)> {
        session["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["delegate_id"].as_i64().unwrap(),
                    s["role"].as_str().unwrap().to_owned(),
                    s["position"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        order(&session),
        vec![
            (id(&c), "moderator".to_owned(), 1),
            (id(&a), "panelist".to_owned(), 2),
            (id(&b), "panelist".to_owned(), 3),
        ]
    );
    let path = programme.session(id(&session));
    // A PATCH without speakers keeps them.
    let renamed = app
        .patch(
            &path,
            Some(&organizer),
            &json!({"title": {"en": "Panel: winter cities"}}),
        )
        .await
        .expect(200);
    assert_eq!(order(&renamed), order(&session));
    // Speakers given replace them, ordered by position.
    let replaced = app
        .patch(
            &path,
            Some(&organizer),
            &json!({"speakers": [
                {"delegate_id": id(&b), "role": "speaker", "position": 20},
                {"delegate_id": id(&a), "role": "moderator", "position": 10},
            ]}),
        )
        .await
        .expect(200);
    assert_eq!(
        order(&replaced),
        vec![
            (id(&a), "moderator".to_owned(), 10),
            (id(&b), "speaker".to_owned(), 20),
        ]
    );
    assert_eq!(
        order(&app.get(&path, Some(&organizer)).await.expect(200)),
        order(&replaced)
    );
    // The public meets speakers without a public profile by their city only.
    let public = app.get(&path, None).await.expect(200);
    for (shown, full) in public["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .zip(replaced["speakers"].as_array().unwrap())
    {
        assert_eq!(shown["public_profile"], false, "{shown}");
        assert_eq!(shown["delegate_id"], Value::Null, "{shown}");
        assert_eq!(shown["given_name"], Value::Null, "{shown}");
        assert_eq!(shown["city_id"], full["city_id"]);
        assert_eq!(shown["role"], full["role"]);
    }
    let cleared = app
        .patch(&path, Some(&organizer), &json!({"speakers": []}))
        .await
        .expect(200);
    assert_eq!(cleared["speakers"], json!([]));
});

both_backends!(
    places_left_confirmed_and_waitlisted_are_counted,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let session = session_in_room(
            &app,
            &programme,
            "Ice sculpture",
            ("2026-01-07T14:00", "2026-01-07T16:00"),
            Some(2),
        )
        .await;
        let session_id = id(&session);
        assert_eq!(
            (
                session["confirmed"].as_i64(),
                session["waitlisted"].as_i64(),
                session["places_left"].as_i64()
            ),
            (Some(0), Some(0), Some(2))
        );
        let mut delegates = Vec::new();
        for (n, expected) in [
            (1, (1, 0, 1)),
            (2, (2, 0, 0)),
            (3, (2, 1, 0)),
            (4, (2, 2, 0)),
        ] {
            let delegate = app
                .accredited_delegate(&programme.scenario, &format!("Sculptor{n}"), "Ice")
                .await;
            delegates.push(id(&delegate));
            register_by_organizer(&app, &programme, session_id, id(&delegate))
                .await
                .expect(201);
            for seen in [
                session_now(&app, &programme, session_id).await,
                app.get(&programme.session(session_id), None)
                    .await
                    .expect(200),
                app.get(&programme.sessions(), None).await.expect(200)["items"][0].clone(),
            ] {
                assert_eq!(
                    (
                        seen["confirmed"].as_i64().unwrap(),
                        seen["waitlisted"].as_i64().unwrap(),
                        seen["places_left"].as_i64().unwrap()
                    ),
                    expected,
                    "after {n} registrations: {seen}"
                );
            }
        }
        // A cancellation frees a place that the waitlist takes at once.
        cancel_by_organizer(&app, &programme, session_id, delegates[0])
            .await
            .expect(200);
        let seen = session_now(&app, &programme, session_id).await;
        assert_eq!(
            (
                seen["confirmed"].as_i64(),
                seen["waitlisted"].as_i64(),
                seen["places_left"].as_i64()
            ),
            (Some(2), Some(1), Some(0))
        );
        cancel_by_organizer(&app, &programme, session_id, delegates[3])
            .await
            .expect(200);
        cancel_by_organizer(&app, &programme, session_id, delegates[1])
            .await
            .expect(200);
        let seen = session_now(&app, &programme, session_id).await;
        assert_eq!(
            (
                seen["confirmed"].as_i64(),
                seen["waitlisted"].as_i64(),
                seen["places_left"].as_i64()
            ),
            (Some(1), Some(0), Some(1))
        );
    }
);

both_backends!(sequence_rises_on_each_update, |app| async move {
    let programme = new_programme(&app, 100).await;
    let organizer = app.organizer_token().await;
    let session = session_in_room(
        &app,
        &programme,
        "Opening",
        ("2026-01-06T09:00", "2026-01-06T10:00"),
        None,
    )
    .await;
    let session_id = id(&session);
    let path = programme.session(session_id);
    assert_eq!(session["sequence"], 0);
    let changes = [
        json!({"title": {"en": "Opening ceremony"}}),
        json!({"starts_at": harbin("2026-01-06T09:30"), "ends_at": harbin("2026-01-06T10:30")}),
        json!({"description": {"en": "Welcome"}}),
        json!({"description": null}),
    ];
    for (n, change) in changes.iter().enumerate() {
        let n = n as i64 + 1;
        let reply = app.patch(&path, Some(&organizer), change).await;
        let updated = reply.expect(200);
        assert_eq!(updated["sequence"], n, "{change}");
        assert_eq!(updated["version"], n + 1);
        assert_eq!(
            reply.header("etag"),
            Some(format!("\"{session_id}.{}\"", n + 1).as_str())
        );
        assert_eq!(app.get(&path, None).await.expect(200)["sequence"], n);
    }
    let current = app.get(&path, None).await.expect(200);
    assert_eq!(current["title"], json!({"en": "Opening ceremony"}));
    assert_eq!(current["starts_at"], "2026-01-06T01:30:00Z");
    assert!(current["description"].is_null());

    // A stale If-Match and a refused change leave the sequence alone; the current ETag works.
    let stale = Reply::send(
        app.request(Method::PATCH, &path, Some(&organizer))
            .header("If-Match", format!("\"{session_id}.1\""))
            .json(&json!({"title": {"en": "Late"}})),
    )
    .await;
    stale.expect_problem(412);
    app.patch(
        &path,
        Some(&organizer),
        &json!({"ends_at": harbin("2026-01-06T09:00")}),
    )
    .await
    .expect_problem(422);
    assert_eq!(app.get(&path, None).await.expect(200), current);
    let fresh = Reply::send(
        app.request(Method::PATCH, &path, Some(&organizer))
            .header("If-Match", format!("\"{session_id}.5\""))
            .json(&json!({"status": "cancelled"})),
    )
    .await
    .expect(200);
    assert_eq!(fresh["sequence"], 5);
    assert_eq!(fresh["status"], "cancelled");
});

both_backends!(
    sessions_are_filtered_by_kind_theme_language_and_text,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let event = programme.scenario.event.clone();
        // A second theme for the event.
        let themes = json!({"themes": [
            {"code": "ice-snow-economy", "name": {"en": "Ice and snow economy"}},
            {"code": "ice-snow-ip", "name": {"en": "Ice-and-snow IP"}},
        ]});
        let admin = app.admin_token().await;
        app.patch(&format!("/api/v1/events/{event}"), Some(&admin), &themes)
            .await
            .expect(200);
        let make = |en: &str, starts: &str, ends: &str, extra: Value| {
            with(
                session_body(en, starts, ends),
                with(json!({"room_id": programme.room_id}), extra),
            )
        };
        let dialogue = app.create_session(&event, &make("Main Dialogue on Winter Cities", "2026-01-06T09:00", "2026-01-06T11:00", json!({
        "kind": "main_dialogue", "theme": "ice-snow-economy", "languages": ["zh", "en"], "interpretation": ["ru"],
    }))).await;
        let sharing = app.create_session(&event, &make("Scenario sharing: ice-and-snow IP", "2026-01-07T09:00", "2026-01-07T10:00", json!({
        "kind": "scenario_sharing", "theme": "ice-snow-ip", "languages": ["zh"], "interpretation": ["en"],
        "title": {"en": "Scenario sharing: ice-and-snow IP", "zh": "场景分享：打造冰雪IP"},
    }))).await;
        let concert = app
            .create_session(
                &event,
                &make(
                    "Ode to Civilization",
                    "2026-01-07T19:30",
                    "2026-01-07T21:00",
                    json!({
                        "kind": "performance", "languages": [], "interpretation": [],
                    }),
                ),
            )
            .await;
        let visit = app.create_session(&event, &make("Site visit: Harbin Ice-Snow World", "2026-01-08T14:00", "2026-01-08T16:00", json!({
        "kind": "site_visit", "theme": "ice-snow-economy", "languages": ["ru"], "interpretation": [],
    }))).await;
        let [dialogue, sharing, concert, visit] = [&dialogue, &sharing, &concert, &visit].map(id);

        assert_eq!(
            listed(&app, &programme, "", None).await,
            vec![dialogue, sharing, concert, visit],
            "by start time"
        );
        assert_eq!(
            listed(&app, &programme, "?sort=-starts_at", None).await,
            vec![visit, concert, sharing, dialogue]
        );
        assert_eq!(
            listed(&app, &programme, "?kind=performance", None).await,
            vec![concert]
        );
        assert_eq!(
            listed(&app, &programme, "?kind=site_visit", None).await,
            vec![visit]
        );
        assert_eq!(
            listed(&app, &programme, "?kind=ceremony", None).await,
            Vec::<i64>::new()
        );
        assert_eq!(
            listed(&app, &programme, "?theme=ice-snow-economy", None).await,
            vec![dialogue, visit]
        );
        assert_eq!(
            listed(&app, &programme, "?theme=ice-snow-ip", None).await,
            vec![sharing]
        );
        // Spoken in, or interpreted into, a language.
        assert_eq!(
            listed(&app, &programme, "?language=zh", None).await,
            vec![dialogue, sharing]
        );
        assert_eq!(
            listed(&app, &programme, "?language=en", None).await,
            vec![dialogue, sharing]
        );
        assert_eq!(
            listed(&app, &programme, "?language=ru", None).await,
            vec![dialogue, visit]
        );
        assert_eq!(
            listed(&app, &programme, "?language=fi", None).await,
            Vec::<i64>::new()
        );
        // Text search, in any language of the title, case-insensitively.
        assert_eq!(
            listed(&app, &programme, "?q=ode", None).await,
            vec![concert]
        );
        assert_eq!(
            listed(&app, &programme, "?q=ICE-SNOW", None).await,
            vec![visit]
        );
        assert_eq!(
            listed(&app, &programme, "?q=%E5%86%B0%E9%9B%AA", None).await,
            vec![sharing],
            "冰雪"
        );
        assert_eq!(
            listed(&app, &programme, "?q=ice", None).await,
            vec![sharing, visit]
        );
        // Combined.
        assert_eq!(
            listed(
                &app,
                &programme,
                "?theme=ice-snow-economy&language=zh",
                None
            )
            .await,
            vec![dialogue]
        );
        assert_eq!(
            listed(&app, &programme, "?kind=main_dialogue&q=winter", None).await,
            vec![dialogue]
        );
        // A bad filter value is 400 or 422, never a 5xx.
        let reply = app
            .get(&format!("{}?kind=picnic", programme.sessions()), None)
            .await;
        assert!(
            matches!(reply.status, 400 | 422),
            "{} {}",
            reply.status,
            reply.body
        );
    }
);

//! `/events/{event}/venues` and `/events/{event}/rooms`: CRUD, PUT replaces, ETags and
//! `If-Match`, deletes refused while in use, and rooms of another event.

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

use crate::program_support::*;

async fn put(app: &TestApp, path: &str, if_match: Option<&str>, body: &Value) -> Reply {
    let token = app.organizer_token().await;
    let mut request = app.request(Method::PUT, path, Some(&token)).json(body);
    if let Some(etag) = if_match {
        request = request.header("If-Match", etag);
    }
    Reply::send(request).await
}

async fn delete(app: &TestApp, path: &str, if_match: Option<&str>) -> Reply {
    let token = app.organizer_token().await;
    let mut request = app.request(Method::DELETE, path, Some(&token));
    if let Some(etag) = if_match {
        request = request.header("If-Match", etag);
    }
    Reply::send(request).await
}

both_backends!(
    a_venue_is_created_read_replaced_and_deleted,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let body = json!({
            "name": {"en": "Harbin Ice-Snow World", "zh": "哈尔滨冰雪大世界"},
            "address": "Songbei District, Harbin", "latitude": 45.7822, "longitude": 126.5714,
            "setting": "outdoor",
        });
        let reply = app
            .post(&scenario.path("/venues"), Some(&organizer), &body)
            .await;
        let venue = reply.expect(201);
        let venue_id = id(&venue);
        let location = scenario.path(&format!("/venues/{venue_id}"));
        assert_eq!(reply.header("location"), Some(location.as_str()));
        assert_eq!(
            reply.header("etag"),
            Some(format!("\"{venue_id}.1\"").as_str())
        );
        assert_eq!(venue["name"], body["name"]);
        assert_eq!(venue["address"], "Songbei District, Harbin");
        assert_eq!(venue["latitude"], 45.7822);
        assert_eq!(venue["longitude"], 126.5714);
        assert_eq!(venue["setting"], "outdoor");
        assert_eq!(venue["version"], 1);

        // Anyone reads it, by its Location.
        let fetched = app.get(&location, None).await;
        assert_eq!(fetched.expect(200), venue);
        assert_eq!(fetched.header("etag"), reply.header("etag"));
        let list = app.get(&scenario.path("/venues"), None).await.expect(200);
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0], venue);

        // PUT replaces the whole venue: a field left out is cleared.
        let replacement = json!({
            "name": {"en": "Central Street"}, "latitude": 45.7732, "longitude": 126.6176,
            "setting": "indoor",
        });
        let replaced = put(&app, &location, None, &replacement).await;
        let after = replaced.expect(200);
        assert_eq!(
            replaced.header("etag"),
            Some(format!("\"{venue_id}.2\"").as_str())
        );
        assert_eq!(after["id"], venue_id);
        assert_eq!(after["name"], json!({"en": "Central Street"}));
        assert!(
            after["address"].is_null(),
            "PUT cleared the address: {after}"
        );
        assert_eq!(after["setting"], "indoor");
        assert_eq!(after["version"], 2);
        assert_eq!(app.get(&location, None).await.expect(200), after);

        // A stale If-Match is 412 and changes nothing; the current one is accepted.
        let stale = format!("\"{venue_id}.1\"");
        put(&app, &location, Some(&stale), &body)
            .await
            .expect_problem(412);
        delete(&app, &location, Some(&stale))
            .await
            .expect_problem(412);
        assert_eq!(app.get(&location, None).await.expect(200), after);
        let current = format!("\"{venue_id}.2\"");
        let third = put(&app, &location, Some(&current), &body)
            .await
            .expect(200);
        assert_eq!(third["version"], 3);
        assert_eq!(third["address"], "Songbei District, Harbin");

        delete(&app, &location, Some(&format!("\"{venue_id}.3\"")))
            .await
            .expect(204);
        app.get(&location, None).await.expect_problem(404);
        put(&app, &location, None, &body).await.expect_problem(404);
        delete(&app, &location, None).await.expect_problem(404);
        let list = app.get(&scenario.path("/venues"), None).await.expect(200);
        assert_eq!(list["total"], 0);
    }
);

both_backends!(venue_input_is_validated, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let path = scenario.path("/venues");
    for (change, field) in [
        (json!({"latitude": 91.0}), "latitude"),
        (json!({"longitude": -180.5}), "longitude"),
        (json!({"name": {"zh": "中央大街"}}), "name"),
        (json!({"setting": "underground"}), "setting"),
        (json!({"address": "   "}), "address"),
        (json!({"capacity": 10}), "capacity"),
    ] {
        let body = with(venue_body("Central Street"), change.clone());
        let problem = app
            .post(&path, Some(&organizer), &body)
            .await
            .expect_problem(422);
        assert_field_error(&problem, field);
    }
    let list = app.get(&path, Some(&organizer)).await.expect(200);
    assert_eq!(list["total"], 0, "nothing was written");
});

both_backends!(only_organizers_write_venues_and_rooms, |app| async move {
    let programme = new_programme(&app, 100).await;
    let delegate = app
        .accredited_delegate(&programme.scenario, "Aino", "Visitor")
        .await;
    let own = app.delegate_token(id(&delegate)).await;
    let exhibitor = app.token_for(Role::Exhibitor, None).await;
    let venues = programme.path("/venues");
    let rooms = programme.path("/rooms");
    let room_body = room_body(programme.venue_id, "Side Room", 20);
    for token in [Some(own.as_str()), Some(exhibitor.as_str())] {
        app.post(&venues, token, &venue_body("Nope"))
            .await
            .expect_problem(403);
        app.post(&rooms, token, &room_body)
            .await
            .expect_problem(403);
        app.delete(
            &programme.path(&format!("/rooms/{}", programme.room_id)),
            token,
        )
        .await
        .expect_problem(403);
    }
    app.post(&venues, None, &venue_body("Nope"))
        .await
        .expect_problem(401);
    app.post(&rooms, None, &room_body).await.expect_problem(401);
    // The admin may.
    let admin = app.admin_token().await;
    app.post(&rooms, Some(&admin), &room_body).await.expect(201);
    let list = app.get(&rooms, None).await.expect(200);
    assert_eq!(list["total"], 2);
});

both_backends!(a_room_is_created_replaced_and_deleted, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let venue = app
        .create_venue(&scenario.event, &venue_body("Convention Center"))
        .await;
    let other_venue = app
        .create_venue(&scenario.event, &venue_body("Grand Theatre"))
        .await;
    let body = json!({
        "venue_id": id(&venue), "name": {"en": "Main Hall", "zh": "主会场"}, "capacity": 400,
        "interpretation_channels": ["en", "zh", "ru"],
        "accessibility_notes": "Step-free; hearing loop",
    });
    let reply = app
        .post(&scenario.path("/rooms"), Some(&organizer), &body)
        .await;
    let room = reply.expect(201);
    let room_id = id(&room);
    let location = scenario.path(&format!("/rooms/{room_id}"));
    assert_eq!(reply.header("location"), Some(location.as_str()));
    assert_eq!(
        reply.header("etag"),
        Some(format!("\"{room_id}.1\"").as_str())
    );
    assert_eq!(room["venue_id"], id(&venue));
    assert_eq!(room["capacity"], 400);
    assert_eq!(room["interpretation_channels"], json!(["en", "zh", "ru"]));
    assert_eq!(room["accessibility_notes"], "Step-free; hearing loop");
    assert_eq!(app.get(&location, None).await.expect(200), room);

    // Filter by venue.
    app.create_room(&scenario.event, &room_body(id(&other_venue), "Stage", 1200))
        .await;
    let in_venue = app
        .get(
            &scenario.path(&format!("/rooms?venue_id={}", id(&venue))),
            None,
        )
        .await
        .expect(200);
    assert_eq!(in_venue["total"], 1);
    assert_eq!(in_venue["items"][0]["id"], room_id);

    // PUT replaces: moved to the other venue, channels and notes dropped.
    let replacement =
        json!({"venue_id": id(&other_venue), "name": {"en": "Hall B"}, "capacity": 80});
    let stale = "\"0.0\"";
    put(&app, &location, Some(stale), &replacement)
        .await
        .expect_problem(412);
    let replaced = put(
        &app,
        &location,
        Some(&format!("\"{room_id}.1\"")),
        &replacement,
    )
    .await;
    let after = replaced.expect(200);
    assert_eq!(
        replaced.header("etag"),
        Some(format!("\"{room_id}.2\"").as_str())
    );
    assert_eq!(after["venue_id"], id(&other_venue));
    assert_eq!(after["capacity"], 80);
    assert_eq!(after["interpretation_channels"], json!([]));
    assert!(after["accessibility_notes"].is_null());
    assert_eq!(after["version"], 2);

    // Bad rooms are 422 and change nothing.
    let elsewhere = app.scenario().await;
    let foreign_venue = app
        .create_venue(&elsewhere.event, &venue_body("Elsewhere"))
        .await;
    for (change, field) in [
        (json!({"capacity": 0}), "capacity"),
        (json!({"capacity": 100_001}), "capacity"),
        (
            json!({"interpretation_channels": ["not a tag"]}),
            "interpretation_channels",
        ),
        (json!({"venue_id": id(&foreign_venue)}), "venue_id"),
        (json!({"venue_id": 987_654}), "venue_id"),
    ] {
        let bad = with(room_body(id(&venue), "Bad", 10), change.clone());
        let problem = app
            .post(&scenario.path("/rooms"), Some(&organizer), &bad)
            .await
            .expect_problem(422);
        assert_field_error(&problem, field);
        let problem = put(&app, &location, None, &bad).await.expect_problem(422);
        assert_field_error(&problem, field);
    }
    assert_eq!(app.get(&location, None).await.expect(200), after);
    let rooms = app.get(&scenario.path("/rooms"), None).await.expect(200);
    assert_eq!(rooms["total"], 2);

    delete(&app, &location, Some("\"1.1\""))
        .await
        .expect_problem(412);
    delete(&app, &location, None).await.expect(204);
    app.get(&location, None).await.expect_problem(404);
});

both_backends!(deletes_are_refused_while_in_use, |app| async move {
    let programme = new_programme(&app, 100).await;
    let event = programme.scenario.event.clone();
    let venue = programme.path(&format!("/venues/{}", programme.venue_id));
    let room = programme.path(&format!("/rooms/{}", programme.room_id));

    // A venue with a room.
    let problem = delete(&app, &venue, None).await.expect_problem(409);
    assert_eq!(problem["references"]["rooms"], 1, "{problem}");

    // A room with a session.
    let session = session_in_room(
        &app,
        &programme,
        "Opening",
        ("2026-01-06T09:00", "2026-01-06T10:00"),
        None,
    )
    .await;
    let problem = delete(&app, &room, None).await.expect_problem(409);
    assert_eq!(problem["references"]["sessions"], 1, "{problem}");
    app.get(&room, None).await.expect(200);

    // A venue with a site visit but no rooms.
    let outdoor = app
        .create_venue(
            &event,
            &with(venue_body("Central Street"), json!({"setting": "outdoor"})),
        )
        .await;
    let visit = app
        .create_session(
            &event,
            &with(
                session_body(
                    "Site visit: Central Street",
                    "2026-01-07T14:00",
                    "2026-01-07T16:00",
                ),
                json!({"kind": "site_visit", "venue_id": id(&outdoor), "capacity": 30}),
            ),
        )
        .await;
    assert_eq!(visit["venue_id"], id(&outdoor));
    assert!(visit["room_id"].is_null());
    let outdoor_path = programme.path(&format!("/venues/{}", id(&outdoor)));
    let problem = delete(&app, &outdoor_path, None).await.expect_problem(409);
    assert_eq!(problem["references"]["sessions"], 1, "{problem}");

    // Once the sessions are gone, so may the room and the venues be.
    let organizer = app.organizer_token().await;
    for session in [&session, &visit] {
        app.delete(&programme.session(id(session)), Some(&organizer))
            .await
            .expect(204);
    }
    delete(&app, &room, None).await.expect(204);
    delete(&app, &venue, None).await.expect(204);
    delete(&app, &outdoor_path, None).await.expect(204);
});

both_backends!(
    a_room_of_another_event_is_422_on_session_create,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let other = new_programme(&app, 50).await;
        let organizer = app.organizer_token().await;
        let before = app
            .get(&programme.sessions(), Some(&organizer))
            .await
            .expect(200);

        let body = with(
            session_body("Borrowed room", "2026-01-06T09:00", "2026-01-06T10:00"),
            json!({"room_id": other.room_id}),
        );
        let problem = app
            .post(&programme.sessions(), Some(&organizer), &body)
            .await
            .expect_problem(422);
        assert_field_error(&problem, "room_id");

        // A venue of another event too.
        let body = with(
            session_body("Borrowed venue", "2026-01-06T09:00", "2026-01-06T10:00"),
            json!({"venue_id": other.venue_id}),
        );
        let problem = app
            .post(&programme.sessions(), Some(&organizer), &body)
            .await
            .expect_problem(422);
        assert_field_error(&problem, "venue_id");

        // And a PATCH that moves a session there.
        let session = session_in_room(
            &app,
            &programme,
            "Home",
            ("2026-01-06T09:00", "2026-01-06T10:00"),
            None,
        )
        .await;
        let problem = app
            .patch(
                &programme.session(id(&session)),
                Some(&organizer),
                &json!({"room_id": other.room_id}),
            )
            .await
            .expect_problem(422);
        assert_field_error(&problem, "room_id");
        let after = app
            .get(&programme.sessions(), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(after["total"], before["total"].as_i64().unwrap() + 1);
        assert_eq!(after["items"][0]["room_id"], programme.room_id);
        assert_eq!(after["items"][0]["version"], 1);
    }
);

//! B2B meetings: requests within opening hours, answers by the other side, nobody
//! double-booked (delegate incl. confirmed sessions, exhibitor, table), the agenda and
//! calendar; and matchmaking on a handcrafted dataset.

use gmd_tests::*;

use crate::expo_support::*;
use crate::program_support::{harbin, new_programme, session_in_room};

fn slot(from: &str, to: &str) -> Value {
    json!({"starts_at": harbin(from), "ends_at": harbin(to)})
}

both_backends!(meetings_never_double_book_anyone, |app| async move {
    let programme = new_programme(&app, 50).await;
    let scenario = programme.scenario.clone();
    let organizer = app.organizer_token().await;
    let hall = hall(&app, &scenario, 1).await;
    let (e1, e2) = (
        approved(&app, &scenario, "Groomers Oy", &["equipment"]).await,
        approved(&app, &scenario, "Resort Ltd", &["tourism"]).await,
    );
    for (code, x, e) in [("M-1", 0.0, e1), ("M-2", 3.0, e2)] {
        let b = booth(&app, &scenario, hall, code, (x, 0.0, 3.0, 3.0)).await;
        assign(&app, &scenario, b, e).await.expect(200);
    }
    let delegate = id(&app.accredited_delegate(&scenario, "Aino", "Korhonen").await);
    let other = id(&app.accredited_delegate(&scenario, "Mika", "Laine").await);
    let me = app.delegate_token(delegate).await;
    let e1_token = exhibitor_token(&app, &scenario, e1).await;
    let meetings = scenario.path("/meetings");
    let request = |d: i64, e: i64, slots: Vec<Value>| json!({"delegate_id": d, "exhibitor_id": e, "slots": slots});

    // Bad requests: outside opening hours, someone else's delegate, too many slots.
    let early = app
        .post(
            &meetings,
            Some(&me),
            &request(
                delegate,
                e1,
                vec![slot("2026-01-06T08:00", "2026-01-06T08:30")],
            ),
        )
        .await;
    assert_eq!(early.expect_problem(422)["errors"][0]["field"], "slots[0]");
    app.post(
        &meetings,
        Some(&me),
        &request(
            other,
            e1,
            vec![slot("2026-01-06T10:00", "2026-01-06T10:30")],
        ),
    )
    .await
    .expect_problem(403);
    let four = vec![slot("2026-01-06T10:00", "2026-01-06T10:30"); 4];
    app.post(&meetings, Some(&me), &request(delegate, e1, four))
        .await
        .expect_problem(422);

    let first = app
        .post(
            &meetings,
            Some(&me),
            &request(
                delegate,
                e1,
                vec![
                    slot("2026-01-06T10:00", "2026-01-06T10:30"),
                    slot("2026-01-06T11:00", "2026-01-06T11:30"),
                ],
            ),
        )
        .await
        .expect(201);
    let first_id = id(&first);
    assert_eq!(first["requested_by"], "delegate");
    let accept = |m: i64| scenario.path(&format!("/meetings/{m}/accept"));
    app.post(
        &accept(first_id),
        Some(&me),
        &json!({"starts_at": harbin("2026-01-06T10:00")}),
    )
    .await
    .expect_problem(403);
    let unproposed = app
        .post(
            &accept(first_id),
            Some(&e1_token),
            &json!({"starts_at": harbin("2026-01-06T12:00")}),
        )
        .await;
    assert_eq!(
        unproposed.expect_problem(422)["errors"][0]["field"],
        "starts_at"
    );
    let accepted = app
        .post(
            &accept(first_id),
            Some(&e1_token),
            &json!({"starts_at": harbin("2026-01-06T10:00")}),
        )
        .await
        .expect(200);
    assert_eq!(accepted["status"], "accepted");
    assert!(accepted["table_id"].is_i64());
    let again = app
        .post(
            &accept(first_id),
            Some(&e1_token),
            &json!({"starts_at": harbin("2026-01-06T10:00")}),
        )
        .await;
    assert_eq!(
        again.expect_problem(409)["allowed_transitions"],
        json!(["cancel"])
    );

    // The delegate is busy at 10:00 (the meeting) and at 11:00 (a confirmed session).
    let session = id(&session_in_room(
        &app,
        &programme,
        "Curling",
        ("2026-01-06T11:00", "2026-01-06T12:00"),
        None,
    )
    .await);
    app.post(
        &programme.registrations(session),
        Some(&me),
        &json!({"delegate_id": delegate}),
    )
    .await
    .expect(201);
    let clash = app
        .post(
            &meetings,
            Some(&organizer),
            &request(
                delegate,
                e2,
                vec![
                    slot("2026-01-06T10:15", "2026-01-06T10:45"),
                    slot("2026-01-06T11:15", "2026-01-06T11:45"),
                ],
            ),
        )
        .await
        .expect(201);
    let meeting_clash = app
        .post(
            &accept(id(&clash)),
            Some(&organizer),
            &json!({"starts_at": harbin("2026-01-06T10:15")}),
        )
        .await
        .expect_problem(409);
    assert_eq!(meeting_clash["conflicts"][0]["kind"], "meeting");
    assert_eq!(meeting_clash["conflicts"][0]["meeting_id"], first_id);
    let session_clash = app
        .post(
            &accept(id(&clash)),
            Some(&organizer),
            &json!({"starts_at": harbin("2026-01-06T11:15")}),
        )
        .await
        .expect_problem(409);
    assert_eq!(session_clash["conflicts"][0]["kind"], "session");
    assert_eq!(session_clash["conflicts"][0]["session_id"], session);

    // Symmetric: a session during an accepted meeting refuses the registration.
    let during = id(&session_in_room(
        &app,
        &programme,
        "Ice IP",
        ("2026-01-06T10:10", "2026-01-06T10:20"),
        None,
    )
    .await);
    let refused = app
        .post(
            &programme.registrations(during),
            Some(&me),
            &json!({"delegate_id": delegate}),
        )
        .await
        .expect_problem(409);
    assert_eq!(refused["conflicting_meeting_id"], first_id);

    // The exhibitor, and the hall's only table, are busy at 10:00 too.
    let exhibitor_clash = app
        .post(
            &meetings,
            Some(&organizer),
            &request(
                other,
                e1,
                vec![slot("2026-01-06T10:00", "2026-01-06T10:30")],
            ),
        )
        .await
        .expect(201);
    let busy = app
        .post(
            &accept(id(&exhibitor_clash)),
            Some(&organizer),
            &json!({"starts_at": harbin("2026-01-06T10:00")}),
        )
        .await
        .expect_problem(409);
    assert_eq!(
        (
            busy["conflicts"][0]["party"].as_str(),
            busy["conflicts"][0]["kind"].as_str()
        ),
        (Some("exhibitor"), Some("meeting"))
    );
    let table_clash = app
        .post(
            &meetings,
            Some(&organizer),
            &request(
                other,
                e2,
                vec![slot("2026-01-06T10:00", "2026-01-06T10:30")],
            ),
        )
        .await
        .expect(201);
    let no_table = app
        .post(
            &accept(id(&table_clash)),
            Some(&organizer),
            &json!({"starts_at": harbin("2026-01-06T10:00")}),
        )
        .await
        .expect_problem(409);
    assert_eq!(no_table["conflicts"][0]["kind"], "meeting_tables");

    // The agenda and the calendar show the accepted meeting.
    let agenda = app
        .get(&programme.agenda(delegate), Some(&me))
        .await
        .expect(200);
    assert_eq!(agenda["meetings"][0]["meeting"]["id"], first_id);
    assert_eq!(agenda["meetings"][0]["exhibitor_name"], "Groomers Oy");
    let ics = app
        .get(
            &scenario.path(&format!("/delegates/{delegate}/agenda.ics")),
            Some(&me),
        )
        .await;
    assert!(
        ics.body.contains("SUMMARY:B2B meeting: Groomers Oy"),
        "{}",
        ics.body
    );

    // Cancelling frees the slot: the table meeting can now be accepted.
    app.post(
        &scenario.path(&format!("/meetings/{first_id}/cancel")),
        Some(&me),
        &json!({}),
    )
    .await
    .expect(200);
    app.post(
        &accept(id(&table_clash)),
        Some(&organizer),
        &json!({"starts_at": harbin("2026-01-06T10:00")}),
    )
    .await
    .expect(200);
    let mine = app.get(&meetings, Some(&me)).await.expect(200);
    assert_eq!(mine["total"], 2);
});

both_backends!(a_delegate_cannot_meet_their_own_city, |app| async move {
    let scenario = app.scenario().await;
    let hall = hall(&app, &scenario, 1).await;
    let own_city = json!({
        "name": {"en": "Visit Rovaniemi"}, "kind": "city", "country": "FI",
        "city_id": scenario.city_id, "sectors": ["tourism"],
    });
    let board = exhibitor(&app, &scenario, &own_city, &["review", "approve"]).await;
    let delegate = id(&app.accredited_delegate(&scenario, "Aino", "Korhonen").await);
    let token = app.delegate_token(delegate).await;
    let body = json!({"delegate_id": delegate, "exhibitor_id": board, "hall_id": hall, "slots": [slot("2026-01-06T10:00", "2026-01-06T10:30")]});
    let problem = app
        .post(&scenario.path("/meetings"), Some(&token), &body)
        .await
        .expect_problem(422);
    assert_eq!(problem["errors"][0]["field"], "exhibitor_id");
    let listed = app
        .get(&scenario.path("/meetings"), Some(&token))
        .await
        .expect(200);
    assert_eq!(listed["total"], 0, "nothing half-written");
});

both_backends!(
    matchmaking_ranks_by_partnerships_and_sessions,
    |app| async move {
        let programme = new_programme(&app, 50).await;
        let scenario = programme.scenario.clone();
        let organizer = app.organizer_token().await;
        let edmonton = app.new_city("Edmonton").await;
        let magdeburg = app.new_city("Magdeburg").await;
        app.insert_partnership(
            scenario.city_id,
            edmonton,
            "active",
            &["ice_snow_economy", "tourism"],
        );
        app.insert_partnership(magdeburg, scenario.city_id, "proposed", &["education"]);
        let delegate = id(&app.accredited_delegate(&scenario, "Aino", "Korhonen").await);
        let mut session = crate::program_support::session_body(
            "Ice economy lab",
            "2026-01-06T14:00",
            "2026-01-06T15:00",
        );
        session["room_id"] = programme.room_id.into();
        session["theme"] = "ice-snow-economy".into();
        let session = id(&app.create_session(&scenario.event, &session).await);
        app.post(
            &programme.registrations(session),
            Some(&organizer),
            &json!({"delegate_id": delegate}),
        )
        .await
        .expect(201);

        let from_edmonton = json!({
            "name": {"en": "Edmonton Winter Gear"}, "kind": "company", "country": "CA",
            "city_id": edmonton, "sectors": ["equipment"],
        });
        let gear = exhibitor(&app, &scenario, &from_edmonton, &["review", "approve"]).await; // 2 + 1 + 3
        let tours = approved(&app, &scenario, "Aurora Tours", &["tourism", "services"]).await; // 2 + 2 + 1
        approved(&app, &scenario, "Civic Data", &["technology"]).await; // no shared sector: 0
        approved(&app, &scenario, "Campus Abroad", &["education"]).await; // proposed only: 0
        exhibitor(
            &app,
            &scenario,
            &exhibitor_body("Unapproved Snow", &["equipment"]),
            &[],
        )
        .await;

        let token = app.delegate_token(delegate).await;
        let path = scenario.path(&format!("/delegates/{delegate}/recommended-exhibitors"));
        let ranked = app.get(&path, Some(&token)).await.expect(200);
        let order: Vec<i64> = ranked["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["exhibitor"]["id"].as_i64().unwrap())
            .collect();
        assert_eq!(order, [gear, tours], "{ranked}");
        let scores: Vec<i64> = ranked["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["score"].as_i64().unwrap())
            .collect();
        assert_eq!(scores, [6, 5]);
        let why = ranked["items"][1]["explanation"].as_str().unwrap();
        assert!(
            why.contains("shares sectors tourism, services")
                && why.contains("partnerships with Edmonton"),
            "{why}"
        );
        assert!(ranked["items"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains("comes from Edmonton"));
        assert!(
            why.contains("tourism, themes of sessions you registered for"),
            "{why}"
        );
        let stranger = app
            .delegate_token(id(&app
                .accredited_delegate(&scenario, "Other", "Person")
                .await))
            .await;
        app.get(&path, Some(&stranger)).await.expect_problem(403);

        let reverse = app
            .get(
                &scenario.path(&format!("/exhibitors/{tours}/recommended-delegates")),
                Some(&organizer),
            )
            .await
            .expect(200);
        assert!(reverse["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["delegate"].get("email").is_none()));
    }
);

//! `/events/{event}/sessions/{id}/registrations`: who may register whom, accreditation,
//! idempotency, closed sessions, overlaps, the waitlist and its promotion chain.

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

use crate::program_support::*;

/// Registers the signed-in delegate (an empty body: "myself").
async fn register_self(app: &TestApp, programme: &Programme, session: i64, token: &str) -> Reply {
    app.post(&programme.registrations(session), Some(token), &json!({}))
        .await
}

/// `n` accredited delegates named `<prefix><i>`; returns their ids.
async fn delegates(app: &TestApp, programme: &Programme, prefix: &str, n: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(n);
    for i in 1..=n {
        let delegate = app
            .accredited_delegate(&programme.scenario, &format!("{prefix}{i}"), "Queue")
            .await;
        ids.push(id(&delegate));
    }
    ids
}

/// The registration (if any) of the agenda item for `session`, as the delegate sees it.
async fn agenda_place(
    app: &TestApp,
    programme: &Programme,
    delegate: i64,
    token: &str,
    session: i64,
) -> Value {
    let agenda = app
        .get(&programme.agenda(delegate), Some(token))
        .await
        .expect(200);
    assert_eq!(agenda["delegate_id"], delegate);
    agenda["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["session"]["id"] == session)
        .map_or(Value::Null, |item| item["registration"].clone())
}

both_backends!(a_delegate_registers_themself, |app| async move {
    let programme = new_programme(&app, 100).await;
    let session = session_in_room(
        &app,
        &programme,
        "Main Dialogue",
        ("2026-01-06T09:00", "2026-01-06T11:00"),
        None,
    )
    .await;
    let session_id = id(&session);
    let delegate = app
        .accredited_delegate(&programme.scenario, "Aino", "Self")
        .await;
    let delegate_id = id(&delegate);
    let token = app.delegate_token(delegate_id).await;

    let first = register_self(&app, &programme, session_id, &token)
        .await
        .expect(201);
    assert_eq!(first["session_id"], session_id);
    assert_eq!(first["delegate_id"], delegate_id);
    assert_eq!(first["status"], "confirmed");
    assert!(first["waitlist_position"].is_null());
    assert_eq!(first["by_organizer"], false);
    assert_eq!(first["version"], 1);

    // Again, naming themself this time: the same registration, 200.
    let again = app
        .post(
            &programme.registrations(session_id),
            Some(&token),
            &json!({"delegate_id": delegate_id}),
        )
        .await
        .expect(200);
    assert_eq!(again, first);
    assert_eq!(
        session_now(&app, &programme, session_id).await["confirmed"],
        1
    );
    assert_eq!(
        agenda_place(&app, &programme, delegate_id, &token, session_id).await,
        first
    );

    // The delegate cancels their own place, and may come back.
    let cancelled = app
        .delete(
            &programme.registration(session_id, delegate_id),
            Some(&token),
        )
        .await
        .expect(200);
    assert_eq!(cancelled["cancelled"]["id"], first["id"]);
    assert_eq!(cancelled["cancelled"]["status"], "cancelled");
    assert!(cancelled["promoted"].is_null());
    app.delete(
        &programme.registration(session_id, delegate_id),
        Some(&token),
    )
    .await
    .expect_problem(404);
    assert_eq!(
        agenda_place(&app, &programme, delegate_id, &token, session_id).await,
        Value::Null
    );
    let back = register_self(&app, &programme, session_id, &token)
        .await
        .expect(201);
    assert_eq!(back["status"], "confirmed");

    // An organizer registers a delegate by id.
    let other = app
        .accredited_delegate(&programme.scenario, "Bo", "Booked")
        .await;
    let by_organizer = register_by_organizer(&app, &programme, session_id, id(&other))
        .await
        .expect(201);
    assert_eq!(by_organizer["delegate_id"], id(&other));
    assert_eq!(by_organizer["by_organizer"], true);
    let organizer = app.organizer_token().await;
    let problem = app
        .post(
            &programme.registrations(session_id),
            Some(&organizer),
            &json!({}),
        )
        .await
        .expect_problem(422);
    assert_field_error(&problem, "delegate_id");
    let listed = all_registrations(&app, &programme, session_id).await;
    assert_eq!(listed.len(), 2);
});

both_backends!(a_delegate_registering_another_is_403, |app| async move {
    let programme = new_programme(&app, 100).await;
    let session_id = id(&session_in_room(
        &app,
        &programme,
        "Main Dialogue",
        ("2026-01-06T09:00", "2026-01-06T11:00"),
        None,
    )
    .await);
    let me = app
        .accredited_delegate(&programme.scenario, "Me", "Myself")
        .await;
    let them = app
        .accredited_delegate(&programme.scenario, "Them", "Other")
        .await;
    let my_token = app.delegate_token(id(&me)).await;
    let their_token = app.delegate_token(id(&them)).await;
    let path = programme.registrations(session_id);

    app.post(&path, Some(&my_token), &json!({"delegate_id": id(&them)}))
        .await
        .expect_problem(403);
    let exhibitor = app.token_for(Role::Exhibitor, None).await;
    app.post(&path, Some(&exhibitor), &json!({}))
        .await
        .expect_problem(403);
    app.post(&path, Some(&exhibitor), &json!({"delegate_id": id(&them)}))
        .await
        .expect_problem(403);
    app.post(&path, None, &json!({"delegate_id": id(&them)}))
        .await
        .expect_problem(401);
    assert_eq!(
        session_now(&app, &programme, session_id).await["confirmed"],
        0,
        "nothing written"
    );
    assert_eq!(
        agenda_place(&app, &programme, id(&them), &their_token, session_id).await,
        Value::Null
    );

    // Nor may one cancel another's place, or read the session's list.
    register_self(&app, &programme, session_id, &their_token)
        .await
        .expect(201);
    app.delete(
        &programme.registration(session_id, id(&them)),
        Some(&my_token),
    )
    .await
    .expect_problem(403);
    app.get(&path, Some(&my_token)).await.expect_problem(403);
    app.get(&path, None).await.expect_problem(401);
    assert_eq!(
        session_now(&app, &programme, session_id).await["confirmed"],
        1
    );
});

both_backends!(
    only_registered_accredited_or_checked_in_delegates_register,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let session_id = id(&session_in_room(
            &app,
            &programme,
            "Opening",
            ("2026-01-06T09:00", "2026-01-06T10:00"),
            None,
        )
        .await);
        for (state, actions, allowed) in [
            ("invited", &[][..], false),
            ("declined", &["decline"][..], false),
            ("cancelled", &["register", "accredit", "cancel"][..], false),
            ("registered", &["register"][..], true),
            ("accredited", &["register", "accredit"][..], true),
            (
                "checked_in",
                &["register", "accredit", "check_in"][..],
                true,
            ),
        ] {
            let delegate = app.new_delegate(&programme.scenario, state, "Status").await;
            let delegate_id = id(&delegate);
            app.drive(&programme.scenario.event, delegate_id, actions)
                .await;
            let token = app.delegate_token(delegate_id).await;
            let by_self = register_self(&app, &programme, session_id, &token).await;
            let by_organizer =
                register_by_organizer(&app, &programme, session_id, delegate_id).await;
            if allowed {
                let first = by_self.expect(201);
                assert_eq!(first["status"], "confirmed", "{state}");
                assert_eq!(by_organizer.expect(200)["id"], first["id"], "{state}");
            } else {
                for reply in [by_self, by_organizer] {
                    let problem = reply.expect_problem(409);
                    assert_eq!(problem["accreditation_status"], state, "{problem}");
                }
            }
        }
        let listed = all_registrations(&app, &programme, session_id).await;
        assert_eq!(listed.len(), 3);

        // A delegate of another event is unknown here.
        let elsewhere = new_programme(&app, 10).await;
        let stranger = app
            .accredited_delegate(&elsewhere.scenario, "Stranger", "Elsewhere")
            .await;
        register_by_organizer(&app, &programme, session_id, id(&stranger))
            .await
            .expect_problem(404);
        register_by_organizer(&app, &programme, 987_654, id(&stranger))
            .await
            .expect_problem(404);
        // A session of another event is unknown here, even for one of this event's delegates.
        let foreign = session_in_room(
            &app,
            &elsewhere,
            "Elsewhere",
            ("2026-01-06T09:00", "2026-01-06T10:00"),
            None,
        )
        .await;
        let local = listed_ids(&all_registrations(&app, &programme, session_id).await)[0];
        register_by_organizer(&app, &programme, id(&foreign), local)
            .await
            .expect_problem(404);
        assert_eq!(
            all_registrations(&app, &elsewhere, id(&foreign))
                .await
                .len(),
            0
        );
        assert_eq!(
            all_registrations(&app, &programme, session_id).await.len(),
            3
        );
    }
);

both_backends!(registering_twice_is_idempotent, |app| async move {
    let programme = new_programme(&app, 100).await;
    let session_id = id(&session_in_room(
        &app,
        &programme,
        "Ice sculpture",
        ("2026-01-07T14:00", "2026-01-07T16:00"),
        Some(1),
    )
    .await);
    let ids = delegates(&app, &programme, "Twice", 2).await;
    for (delegate, status) in [(ids[0], "confirmed"), (ids[1], "waitlisted")] {
        let first = register_by_organizer(&app, &programme, session_id, delegate)
            .await
            .expect(201);
        assert_eq!(first["status"], status);
        let second = register_by_organizer(&app, &programme, session_id, delegate)
            .await
            .expect(200);
        assert_eq!(second["id"], first["id"]);
        assert_eq!(second, first);
        let token = app.delegate_token(delegate).await;
        let third = register_self(&app, &programme, session_id, &token)
            .await
            .expect(200);
        assert_eq!(third["id"], first["id"]);
        assert_eq!(third["waitlist_position"], first["waitlist_position"]);
    }
    let session = session_now(&app, &programme, session_id).await;
    assert_eq!(
        (
            session["confirmed"].as_i64(),
            session["waitlisted"].as_i64()
        ),
        (Some(1), Some(1))
    );

    // Twenty identical requests at once: one registration.
    let late = delegates(&app, &programme, "Racer", 1).await[0];
    let organizer = app.organizer_token().await;
    let requests = (0..20)
        .map(|_| {
            app.request(
                Method::POST,
                &programme.registrations(session_id),
                Some(&organizer),
            )
            .json(&json!({"delegate_id": late}))
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
        statuses.iter().filter(|s| **s == 200).count(),
        19,
        "{statuses:?}"
    );
    let registration_ids: std::collections::BTreeSet<i64> =
        replies.iter().map(|r| id(&r.json())).collect();
    assert_eq!(registration_ids.len(), 1, "one registration id");
    let listed = all_registrations(&app, &programme, session_id).await;
    let (confirmed, waitlist) = check_waitlist(&listed, 1);
    assert_eq!(confirmed, vec![ids[0]]);
    assert_eq!(waitlist, vec![ids[1], late]);
});

fn listed_ids(registrations: &[Value]) -> Vec<i64> {
    registrations
        .iter()
        .map(|r| r["delegate_id"].as_i64().unwrap())
        .collect()
}

both_backends!(a_cancelled_session_closes_registration, |app| async move {
    let programme = new_programme(&app, 100).await;
    let organizer = app.organizer_token().await;
    let session_id = id(&session_in_room(
        &app,
        &programme,
        "Curling",
        ("2026-01-07T14:00", "2026-01-07T15:00"),
        None,
    )
    .await);
    let ids = delegates(&app, &programme, "Closed", 2).await;
    register_by_organizer(&app, &programme, session_id, ids[0])
        .await
        .expect(201);
    let cancelled = app
        .patch(
            &programme.session(session_id),
            Some(&organizer),
            &json!({"status": "cancelled"}),
        )
        .await
        .expect(200);
    assert_eq!(cancelled["status"], "cancelled");
    let token = app.delegate_token(ids[1]).await;
    register_self(&app, &programme, session_id, &token)
        .await
        .expect_problem(409);
    register_by_organizer(&app, &programme, session_id, ids[1])
        .await
        .expect_problem(409);
    let listed = all_registrations(&app, &programme, session_id).await;
    assert_eq!(listed_ids(&listed), vec![ids[0]], "nothing written");

    // A draft is closed too: unknown to delegates, 409 for organizers.
    let mut body = with(
        session_body("Not yet", "2026-01-08T09:00", "2026-01-08T10:00"),
        json!({"room_id": programme.room_id}),
    );
    body["status"] = "draft".into();
    let draft = id(&app.create_session(&programme.scenario.event, &body).await);
    register_self(&app, &programme, draft, &token)
        .await
        .expect_problem(404);
    register_by_organizer(&app, &programme, draft, ids[1])
        .await
        .expect_problem(409);
    assert_eq!(all_registrations(&app, &programme, draft).await.len(), 0);
});

both_backends!(
    overlapping_confirmed_registrations_are_409,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let organizer = app.organizer_token().await;
        let event = programme.scenario.event.clone();
        let other_room = id(&app
            .create_room(&event, &room_body(programme.venue_id, "Hall B", 100))
            .await);
        let in_room = |en: &str, starts: &str, ends: &str, room: i64| {
            with(
                session_body(en, starts, ends),
                json!({"room_id": room, "title": {"en": en, "zh": "平行论坛"}}),
            )
        };
        let morning = id(&app
            .create_session(
                &event,
                &in_room(
                    "Morning",
                    "2026-01-07T09:00",
                    "2026-01-07T10:00",
                    programme.room_id,
                ),
            )
            .await);
        let clash = id(&app
            .create_session(
                &event,
                &in_room("Clash", "2026-01-07T09:30", "2026-01-07T10:30", other_room),
            )
            .await);
        let inside = id(&app
            .create_session(
                &event,
                &in_room("Inside", "2026-01-07T09:15", "2026-01-07T09:45", other_room),
            )
            .await);
        let next = id(&app
            .create_session(
                &event,
                &in_room("Next", "2026-01-07T10:00", "2026-01-07T11:00", other_room),
            )
            .await);
        let delegate = app
            .accredited_delegate(&programme.scenario, "Busy", "Bee")
            .await;
        let delegate_id = id(&delegate);
        let token = app.delegate_token(delegate_id).await;

        register_self(&app, &programme, morning, &token)
            .await
            .expect(201);
        for other in [clash, inside] {
            for reply in [
                register_self(&app, &programme, other, &token).await,
                register_by_organizer(&app, &programme, other, delegate_id).await,
            ] {
                let problem = reply.expect_problem(409);
                assert_eq!(problem["conflicting_session_id"], morning, "{problem}");
                assert_eq!(
                    problem["conflicting_session_title"]["en"], "Morning",
                    "{problem}"
                );
            }
            assert_eq!(all_registrations(&app, &programme, other).await.len(), 0);
        }
        // Back to back is no overlap.
        register_self(&app, &programme, next, &token)
            .await
            .expect(201);
        // Once the first place is given up, the clashing session is open to them.
        app.delete(&programme.registration(morning, delegate_id), Some(&token))
            .await
            .expect(200);
        let problem = register_self(&app, &programme, clash, &token)
            .await
            .expect_problem(409);
        assert_eq!(problem["conflicting_session_id"], next, "{problem}");
        register_self(&app, &programme, inside, &token)
            .await
            .expect(201);

        // A cancelled session holds no one.
        app.patch(
            &programme.session(inside),
            Some(&organizer),
            &json!({"status": "cancelled"}),
        )
        .await
        .expect(200);
        register_self(&app, &programme, morning, &token)
            .await
            .expect(201);
        let agenda = app
            .get(&programme.agenda(delegate_id), Some(&token))
            .await
            .expect(200);
        let confirmed: Vec<i64> = agenda["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| {
                i["registration"]["status"] == "confirmed" && i["session"]["status"] == "published"
            })
            .map(|i| i["session"]["id"].as_i64().unwrap())
            .collect();
        assert_eq!(confirmed, vec![morning, next]);
    }
);

both_backends!(a_full_session_waitlists_with_positions, |app| async move {
    let programme = new_programme(&app, 100).await;
    let session_id = id(&session_in_room(
        &app,
        &programme,
        "Intangible heritage crafts",
        ("2026-01-07T14:00", "2026-01-07T16:00"),
        Some(2),
    )
    .await);
    let ids = delegates(&app, &programme, "Craft", 5).await;
    let mut replies = Vec::new();
    for delegate in &ids {
        replies.push(
            register_by_organizer(&app, &programme, session_id, *delegate)
                .await
                .expect(201),
        );
    }
    let summary: Vec<(String, Value)> = replies
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap().to_owned(),
                r["waitlist_position"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("confirmed".to_owned(), Value::Null),
            ("confirmed".to_owned(), Value::Null),
            ("waitlisted".to_owned(), json!(1)),
            ("waitlisted".to_owned(), json!(2)),
            ("waitlisted".to_owned(), json!(3)),
        ]
    );
    let listed = all_registrations(&app, &programme, session_id).await;
    let (confirmed, waitlist) = check_waitlist(&listed, 2);
    assert_eq!(confirmed, ids[..2]);
    assert_eq!(waitlist, ids[2..]);
    let token = app.delegate_token(ids[3]).await;
    let place = agenda_place(&app, &programme, ids[3], &token, session_id).await;
    assert_eq!(place["status"], "waitlisted");
    assert_eq!(place["waitlist_position"], 2);
});

both_backends!(
    a_cancellation_promotes_the_first_on_the_waitlist,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let session_id = id(&session_in_room(
            &app,
            &programme,
            "Ice sculpture",
            ("2026-01-07T14:00", "2026-01-07T16:00"),
            Some(2),
        )
        .await);
        let ids = delegates(&app, &programme, "Promo", 5).await;
        for delegate in &ids {
            register_by_organizer(&app, &programme, session_id, *delegate)
                .await
                .expect(201);
        }
        let first_waiting = ids[2];
        let token = app.delegate_token(first_waiting).await;
        assert_eq!(
            agenda_place(&app, &programme, first_waiting, &token, session_id).await
                ["waitlist_position"],
            1
        );

        // A confirmed delegate cancels themself: the first waiting is promoted.
        let leaver = app.delegate_token(ids[0]).await;
        let outcome = app
            .delete(&programme.registration(session_id, ids[0]), Some(&leaver))
            .await
            .expect(200);
        assert_eq!(outcome["cancelled"]["delegate_id"], ids[0]);
        assert_eq!(outcome["cancelled"]["status"], "cancelled");
        let promoted = &outcome["promoted"];
        assert_eq!(promoted["delegate_id"], first_waiting, "{outcome}");
        assert_eq!(promoted["session_id"], session_id);
        assert_eq!(promoted["status"], "confirmed");
        assert!(promoted["waitlist_position"].is_null());
        // Their agenda shows it.
        let place = agenda_place(&app, &programme, first_waiting, &token, session_id).await;
        assert_eq!(place["status"], "confirmed");
        assert_eq!(place["id"], promoted["id"]);
        assert!(place["waitlist_position"].is_null());
        let listed = all_registrations(&app, &programme, session_id).await;
        let (confirmed, waitlist) = check_waitlist(&listed, 2);
        assert_eq!(confirmed, vec![ids[1], ids[2]]);
        assert_eq!(waitlist, vec![ids[3], ids[4]]);

        // Leaving the waitlist promotes no one and closes the gap.
        let outcome = cancel_by_organizer(&app, &programme, session_id, ids[3])
            .await
            .expect(200);
        assert!(outcome["promoted"].is_null(), "{outcome}");
        let listed = all_registrations(&app, &programme, session_id).await;
        let (_, waitlist) = check_waitlist(&listed, 2);
        assert_eq!(waitlist, vec![ids[4]]);
        let last = app.delegate_token(ids[4]).await;
        assert_eq!(
            agenda_place(&app, &programme, ids[4], &last, session_id).await["waitlist_position"],
            1
        );
    }
);

both_backends!(
    three_cancels_in_a_row_promote_three_in_order,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let session_id = id(&session_in_room(
            &app,
            &programme,
            "Curling",
            ("2026-01-07T14:00", "2026-01-07T15:00"),
            Some(2),
        )
        .await);
        let ids = delegates(&app, &programme, "Chain", 6).await;
        for delegate in &ids {
            register_by_organizer(&app, &programme, session_id, *delegate)
                .await
                .expect(201);
        }
        // Confirmed [0, 1]; waiting [2, 3, 4, 5].
        let steps = [
            (
                ids[0],
                ids[2],
                vec![ids[1], ids[2]],
                vec![ids[3], ids[4], ids[5]],
            ),
            (ids[1], ids[3], vec![ids[2], ids[3]], vec![ids[4], ids[5]]),
            // The first promoted leaves again.
            (ids[2], ids[4], vec![ids[3], ids[4]], vec![ids[5]]),
        ];
        for (leaver, promoted, confirmed, waitlist) in steps {
            let outcome = cancel_by_organizer(&app, &programme, session_id, leaver)
                .await
                .expect(200);
            assert_eq!(outcome["promoted"]["delegate_id"], promoted, "{outcome}");
            assert_eq!(outcome["promoted"]["status"], "confirmed");
            let listed = all_registrations(&app, &programme, session_id).await;
            let (now_confirmed, now_waiting) = check_waitlist(&listed, 2);
            assert_eq!(now_confirmed, confirmed);
            assert_eq!(now_waiting, waitlist);
            let session = session_now(&app, &programme, session_id).await;
            assert_eq!(session["confirmed"], 2);
            assert_eq!(session["waitlisted"], waitlist.len());
            assert_eq!(session["places_left"], 0);
        }
        // The last one waiting is first in line.
        let token = app.delegate_token(ids[5]).await;
        assert_eq!(
            agenda_place(&app, &programme, ids[5], &token, session_id).await["waitlist_position"],
            1
        );
        // Two more cancels empty the waitlist, then a place stays free.
        for leaver in [ids[3], ids[4]] {
            cancel_by_organizer(&app, &programme, session_id, leaver)
                .await
                .expect(200);
        }
        let listed = all_registrations(&app, &programme, session_id).await;
        let (confirmed, waitlist) = check_waitlist(&listed, 2);
        assert_eq!((confirmed, waitlist), (vec![ids[5]], vec![]));
        assert_eq!(
            session_now(&app, &programme, session_id).await["places_left"],
            1
        );
    }
);

both_backends!(
    raising_the_capacity_lets_the_waitlist_in_first,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let organizer = app.organizer_token().await;
        let session_id = id(&session_in_room(
            &app,
            &programme,
            "Curling",
            ("2026-01-07T14:00", "2026-01-07T15:00"),
            Some(1),
        )
        .await);
        let ids = delegates(&app, &programme, "Patient", 3).await;
        for delegate in &ids {
            register_by_organizer(&app, &programme, session_id, *delegate)
                .await
                .expect(201);
        }
        let raised = app
            .patch(
                &programme.session(session_id),
                Some(&organizer),
                &json!({"capacity": 3}),
            )
            .await
            .expect(200);
        assert_eq!(raised["capacity"], 3);
        // Nobody may wait while places are free: those waiting get the new places, in order,
        // before any newcomer.
        let listed = all_registrations(&app, &programme, session_id).await;
        let (confirmed, waitlist) = check_waitlist(&listed, 3);
        assert_eq!(
            confirmed, ids,
            "the waitlist was promoted when places appeared"
        );
        assert!(waitlist.is_empty());
    }
);

both_backends!(
    a_session_etag_moves_with_its_counts_but_not_its_sequence,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let session_id = id(&session_in_room(
            &app,
            &programme,
            "Curling",
            ("2026-01-08T14:00", "2026-01-08T15:00"),
            Some(1),
        )
        .await);
        let path = programme.session(session_id);
        let before = app.get(&path, None).await;
        before.expect(200);
        let etag = before.header("etag").expect("an ETag").to_owned();
        let sequence = before.json()["sequence"].clone();

        let delegate = delegates(&app, &programme, "Counted", 1).await[0];
        register_by_organizer(&app, &programme, session_id, delegate)
            .await
            .expect(201);
        let cached = app
            .request(Method::GET, &path, None)
            .header("if-none-match", &etag);
        let after = Reply::send(cached).await;
        after.expect(200);
        assert_ne!(
            after.header("etag"),
            Some(etag.as_str()),
            "the counts changed"
        );
        assert_eq!(after.json()["confirmed"], 1);
        assert_eq!(
            after.json()["sequence"],
            sequence,
            "the calendar entry did not change"
        );
    }
);

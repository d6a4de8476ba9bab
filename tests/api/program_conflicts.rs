//! `GET /events/{event}/program/conflicts` and the `warnings` of session writes: room
//! overlaps, speakers in two places, sessions larger than their room, and delegates
//! double-booked by an organizer's change.

use std::collections::BTreeSet;

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

use crate::program_support::*;

async fn report(app: &TestApp, programme: &Programme) -> Vec<Value> {
    let token = app.organizer_token().await;
    let conflicts = app
        .get(&programme.path("/program/conflicts"), Some(&token))
        .await
        .expect(200);
    conflicts.as_array().expect("a list of conflicts").clone()
}

/// `(kind, sessions as a set, room_id, delegate_id)` of each conflict, sorted, after
/// checking that each names its sessions and explains itself.
#[track_caller]
fn summary(conflicts: &[Value]) -> Vec<(String, BTreeSet<i64>, Value, Value)> {
    let mut all: Vec<_> = conflicts
        .iter()
        .map(|c| {
            let kind = c["kind"].as_str().expect("a kind").to_owned();
            let sessions: Vec<i64> = c["sessions"]
                .as_array()
                .expect("sessions")
                .iter()
                .map(|s| s.as_i64().unwrap())
                .collect();
            let expected = if kind == "capacity_exceeds_room" {
                1
            } else {
                2
            };
            assert_eq!(sessions.len(), expected, "{c}");
            assert!(c["detail"].as_str().is_some_and(|d| !d.is_empty()), "{c}");
            for session in &sessions {
                assert!(
                    c["detail"].as_str().unwrap().contains(&session.to_string()),
                    "{c}"
                );
            }
            (
                kind,
                sessions.into_iter().collect::<BTreeSet<i64>>(),
                c["room_id"].clone(),
                c["delegate_id"].clone(),
            )
        })
        .collect();
    all.sort_by_key(|(kind, sessions, room, delegate)| {
        (
            kind.clone(),
            sessions.clone(),
            room.as_i64(),
            delegate.as_i64(),
        )
    });
    all
}

fn pair(a: i64, b: i64) -> BTreeSet<i64> {
    BTreeSet::from([a, b])
}

both_backends!(
    room_overlaps_are_warned_about_and_reported,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let organizer = app.organizer_token().await;
        let room = programme.room_id;
        let first = session_in_room(
            &app,
            &programme,
            "First",
            ("2026-01-07T09:00", "2026-01-07T10:00"),
            None,
        )
        .await;
        assert_eq!(first["warnings"], json!([]));
        // Back to back in the same room is fine.
        let next = session_in_room(
            &app,
            &programme,
            "Next",
            ("2026-01-07T10:00", "2026-01-07T11:00"),
            None,
        )
        .await;
        assert_eq!(next["warnings"], json!([]));
        assert_eq!(report(&app, &programme).await, Vec::<Value>::new());

        // An overlap is saved, with a warning naming both sessions.
        let overlapping = session_in_room(
            &app,
            &programme,
            "Overlapping",
            ("2026-01-07T09:30", "2026-01-07T10:15"),
            None,
        )
        .await;
        let (first, next, overlapping) = (id(&first), id(&next), id(&overlapping));
        let expected = vec![
            (
                "room_overlap".to_owned(),
                pair(first, overlapping),
                json!(room),
                Value::Null,
            ),
            (
                "room_overlap".to_owned(),
                pair(overlapping, next),
                json!(room),
                Value::Null,
            ),
        ];
        let created = app
            .get(&programme.session(overlapping), Some(&organizer))
            .await
            .expect(200);
        assert!(
            created.get("warnings").is_none(),
            "warnings come with writes only"
        );
        assert_eq!(summary(&report(&app, &programme).await), expected);

        // The same overlaps come back when any of them is updated.
        let updated = app
            .patch(
                &programme.session(first),
                Some(&organizer),
                &json!({"title": {"en": "First, renamed"}}),
            )
            .await
            .expect(200);
        assert_eq!(
            summary(updated["warnings"].as_array().unwrap()),
            expected[..1]
        );
        let updated = app
            .patch(
                &programme.session(overlapping),
                Some(&organizer),
                &json!({"languages": ["en"]}),
            )
            .await
            .expect(200);
        assert_eq!(summary(updated["warnings"].as_array().unwrap()), expected);

        // Moving it away clears them.
        let moved = app
            .patch(
                &programme.session(overlapping),
                Some(&organizer),
                &json!({
                    "starts_at": harbin("2026-01-07T11:00"), "ends_at": harbin("2026-01-07T12:00"),
                }),
            )
            .await
            .expect(200);
        assert_eq!(moved["warnings"], json!([]));
        assert_eq!(report(&app, &programme).await, Vec::<Value>::new());

        // Creating an overlap in a draft counts too; cancelling it clears the report.
        let mut body = with(
            session_body("Draft clash", "2026-01-07T11:30", "2026-01-07T12:30"),
            json!({"room_id": room}),
        );
        body["status"] = "draft".into();
        let draft = app.create_session(&programme.scenario.event, &body).await;
        let draft_id = id(&draft);
        assert_eq!(
            summary(draft["warnings"].as_array().unwrap()),
            vec![(
                "room_overlap".to_owned(),
                pair(overlapping, draft_id),
                json!(room),
                Value::Null
            )]
        );
        assert_eq!(report(&app, &programme).await.len(), 1);
        app.patch(
            &programme.session(draft_id),
            Some(&organizer),
            &json!({"status": "cancelled"}),
        )
        .await
        .expect(200);
        assert_eq!(report(&app, &programme).await, Vec::<Value>::new());
    }
);

both_backends!(
    a_speaker_in_two_sessions_at_once_is_reported,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let event = programme.scenario.event.clone();
        let organizer = app.organizer_token().await;
        let hall_b = id(&app
            .create_room(&event, &room_body(programme.venue_id, "Hall B", 100))
            .await);
        let busy = id(&app
            .new_delegate(&programme.scenario, "Busy", "Speaker")
            .await);
        let other = id(&app
            .new_delegate(&programme.scenario, "Other", "Speaker")
            .await);
        let talk = app
        .create_session(&event, &with(session_body("Talk", "2026-01-07T09:00", "2026-01-07T10:00"), json!({
            "room_id": programme.room_id,
            "speakers": [{"delegate_id": busy, "role": "speaker"}, {"delegate_id": other, "role": "speaker"}],
        })))
        .await;
        assert_eq!(talk["warnings"], json!([]));
        let panel = app
            .create_session(
                &event,
                &with(
                    session_body("Panel", "2026-01-07T09:45", "2026-01-07T11:00"),
                    json!({
                        "room_id": hall_b, "speakers": [{"delegate_id": busy, "role": "moderator"}],
                    }),
                ),
            )
            .await;
        let (talk, panel_id) = (id(&talk), id(&panel));
        let expected = vec![(
            "speaker_double_booked".to_owned(),
            pair(talk, panel_id),
            Value::Null,
            json!(busy),
        )];
        // Warned on create, and reported.
        assert_eq!(summary(panel["warnings"].as_array().unwrap()), expected);
        assert_eq!(summary(&report(&app, &programme).await), expected);
        let panel = panel_id;

        // And warned on update.
        let updated = app
            .patch(
                &programme.session(talk),
                Some(&organizer),
                &json!({"description": {"en": "Busy day"}}),
            )
            .await
            .expect(200);
        assert_eq!(summary(updated["warnings"].as_array().unwrap()), expected);
        // Adding the other speaker to the panel adds a second conflict.
        let updated = app
        .patch(&programme.session(panel), Some(&organizer), &json!({"speakers": [
            {"delegate_id": busy, "role": "moderator"}, {"delegate_id": other, "role": "panelist"},
        ]}))
        .await
        .expect(200);
        let both = vec![
            (
                "speaker_double_booked".to_owned(),
                pair(talk, panel),
                Value::Null,
                json!(busy),
            ),
            (
                "speaker_double_booked".to_owned(),
                pair(talk, panel),
                Value::Null,
                json!(other),
            ),
        ];
        assert_eq!(summary(updated["warnings"].as_array().unwrap()), both);
        assert_eq!(summary(&report(&app, &programme).await), both);
        // Taking them off the panel clears it.
        let cleared = app
            .patch(
                &programme.session(panel),
                Some(&organizer),
                &json!({"speakers": []}),
            )
            .await
            .expect(200);
        assert_eq!(cleared["warnings"], json!([]));
        assert_eq!(report(&app, &programme).await, Vec::<Value>::new());
    }
);

both_backends!(
    a_session_larger_than_its_shrunk_room_is_reported,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let organizer = app.organizer_token().await;
        let session = session_in_room(
            &app,
            &programme,
            "Big talk",
            ("2026-01-07T09:00", "2026-01-07T10:00"),
            Some(80),
        )
        .await;
        let session_id = id(&session);
        assert_eq!(report(&app, &programme).await, Vec::<Value>::new());

        // The room is made smaller afterwards.
        let room_path = programme.path(&format!("/rooms/{}", programme.room_id));
        let smaller = Reply::send(
            app.request(Method::PUT, &room_path, Some(&organizer))
                .json(&room_body(programme.venue_id, "Main Hall (half)", 50)),
        )
        .await
        .expect(200);
        assert_eq!(smaller["capacity"], 50);
        assert_eq!(
            summary(&report(&app, &programme).await),
            vec![(
                "capacity_exceeds_room".to_owned(),
                BTreeSet::from([session_id]),
                json!(programme.room_id),
                Value::Null
            )]
        );
        // Fixing the capacity clears it.
        let fixed = app
            .patch(
                &programme.session(session_id),
                Some(&organizer),
                &json!({"capacity": 50}),
            )
            .await
            .expect(200);
        assert_eq!(fixed["warnings"], json!([]));
        assert_eq!(report(&app, &programme).await, Vec::<Value>::new());
    }
);

both_backends!(
    a_delegate_double_booked_by_an_organizer_move_is_reported,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let event = programme.scenario.event.clone();
        let organizer = app.organizer_token().await;
        let hall_b = id(&app
            .create_room(&event, &room_body(programme.venue_id, "Hall B", 100))
            .await);
        let morning = id(&session_in_room(
            &app,
            &programme,
            "Morning",
            ("2026-01-07T09:00", "2026-01-07T10:00"),
            None,
        )
        .await);
        let later = id(&app
            .create_session(
                &event,
                &with(
                    session_body("Later", "2026-01-07T11:00", "2026-01-07T12:00"),
                    json!({"room_id": hall_b}),
                ),
            )
            .await);
        let delegate = id(&app
            .accredited_delegate(&programme.scenario, "Double", "Booked")
            .await);
        let bystander = id(&app
            .accredited_delegate(&programme.scenario, "Only", "Morning")
            .await);
        for (session, who) in [(morning, delegate), (later, delegate), (morning, bystander)] {
            register_by_organizer(&app, &programme, session, who)
                .await
                .expect(201);
        }
        assert_eq!(report(&app, &programme).await, Vec::<Value>::new());

        // The organizer moves the later session onto the morning: accepted, with a warning.
        let moved = app
            .patch(
                &programme.session(later),
                Some(&organizer),
                &json!({
                    "starts_at": harbin("2026-01-07T09:30"), "ends_at": harbin("2026-01-07T10:30"),
                }),
            )
            .await
            .expect(200);
        assert_eq!(moved["starts_at"], "2026-01-07T01:30:00Z");
        let expected = vec![(
            "delegate_double_booked".to_owned(),
            pair(morning, later),
            Value::Null,
            json!(delegate),
        )];
        assert_eq!(summary(moved["warnings"].as_array().unwrap()), expected);
        assert_eq!(summary(&report(&app, &programme).await), expected);
        // Both places are still held.
        for session in [morning, later] {
            let listed = all_registrations(&app, &programme, session).await;
            assert!(listed
                .iter()
                .any(|r| r["delegate_id"] == delegate && r["status"] == "confirmed"));
        }
        // Giving one up clears it.
        cancel_by_organizer(&app, &programme, later, delegate)
            .await
            .expect(200);
        assert_eq!(report(&app, &programme).await, Vec::<Value>::new());
    }
);

both_backends!(
    every_kind_at_once_each_naming_its_sessions,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let event = programme.scenario.event.clone();
        let organizer = app.organizer_token().await;
        let speaker = id(&app
            .new_delegate(&programme.scenario, "Everywhere", "Speaker")
            .await);
        let a = app
        .create_session(&event, &with(session_body("A", "2026-01-08T09:00", "2026-01-08T10:00"), json!({
            "room_id": programme.room_id, "speakers": [{"delegate_id": speaker, "role": "speaker"}],
        })))
        .await;
        let b = app
        .create_session(&event, &with(session_body("B", "2026-01-08T09:30", "2026-01-08T10:30"), json!({
            "room_id": programme.room_id, "speakers": [{"delegate_id": speaker, "role": "panelist"}],
        })))
        .await;
        let (a, b) = (id(&a), id(&b));
        let expected = vec![
            (
                "room_overlap".to_owned(),
                pair(a, b),
                json!(programme.room_id),
                Value::Null,
            ),
            (
                "speaker_double_booked".to_owned(),
                pair(a, b),
                Value::Null,
                json!(speaker),
            ),
        ];
        let b_now = app
            .patch(
                &programme.session(b),
                Some(&organizer),
                &json!({"kind": "scenario_sharing"}),
            )
            .await
            .expect(200);
        assert_eq!(summary(b_now["warnings"].as_array().unwrap()), expected);
        assert_eq!(summary(&report(&app, &programme).await), expected);
    }
);

both_backends!(only_organizers_read_the_conflict_report, |app| async move {
    let programme = new_programme(&app, 100).await;
    let path = programme.path("/program/conflicts");
    let delegate = app
        .accredited_delegate(&programme.scenario, "Curious", "Delegate")
        .await;
    let delegate_token = app.delegate_token(id(&delegate)).await;
    app.get(&path, Some(&delegate_token))
        .await
        .expect_problem(403);
    let exhibitor = app.token_for(Role::Exhibitor, None).await;
    app.get(&path, Some(&exhibitor)).await.expect_problem(403);
    app.get(&path, None).await.expect_problem(401);
    let admin = app.admin_token().await;
    assert_eq!(app.get(&path, Some(&admin)).await.expect(200), json!([]));
    let organizer = app.organizer_token().await;
    app.get(
        "/api/v1/events/no-such-event/program/conflicts",
        Some(&organizer),
    )
    .await
    .expect_problem(404);
});

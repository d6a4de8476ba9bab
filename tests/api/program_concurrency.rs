//! The rule that matters most: under parallel registrations (and cancellations) a session
//! never holds more confirmed places than its capacity, nobody waits while a place is free,
//! and the waitlist stays gap-free, with no 5xx, on both backends.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use gmd_tests::*;
use reqwest::Method;

use crate::program_support::*;

/// An access token for each delegate, bound to them as the API binds a delegate's account.
///
/// The accounts and their sessions are made straight in the database and the tokens signed
/// with the test server's secret, exactly like the API's own: signing in hundreds of
/// accounts would spend most of the test in argon2. (The sign-in path itself is covered by
/// the other registration tests, which use real accounts.)
fn tokens_of(app: &TestApp, delegates: &[i64]) -> Vec<String> {
    delegates
        .iter()
        .map(|delegate| app.session_token(gmd_api::auth::Role::Delegate, Some(*delegate)))
        .collect()
}

#[track_caller]
fn no_server_errors(replies: &[Reply]) {
    let failed: Vec<String> = replies
        .iter()
        .filter(|r| r.status >= 500)
        .map(|r| format!("{} {}", r.status, r.body))
        .collect();
    assert!(failed.is_empty(), "server errors: {failed:?}");
}

both_backends!(
    two_hundred_twenty_parallel_registrations_fill_fifty_places,
    |app| async move {
        const DELEGATES: usize = 220;
        const CAPACITY: i64 = 50;
        let programme = new_programme(&app, 500).await;
        let session_id = id(&session_in_room(
            &app,
            &programme,
            "Expo opening",
            ("2026-01-06T15:00", "2026-01-06T16:00"),
            Some(CAPACITY),
        )
        .await);
        let started = Instant::now();
        let ids = app
            .accredited_delegates(&programme.scenario, DELEGATES)
            .await;
        let created = started.elapsed();
        let tokens = tokens_of(&app, &ids);

        // Every delegate registers themself, all at once.
        let requests = tokens
            .iter()
            .map(|token| {
                app.request(
                    Method::POST,
                    &programme.registrations(session_id),
                    Some(token),
                )
                .json(&json!({}))
            })
            .collect();
        let burst = Instant::now();
        let replies = app.concurrently(requests).await;
        let burst = burst.elapsed();
        no_server_errors(&replies);
        let results: Vec<Value> = replies.iter().map(|r| r.expect(201)).collect();
        for (result, delegate) in results.iter().zip(&ids) {
            assert_eq!(result["delegate_id"], *delegate, "each registered themself");
        }
        let confirmed: Vec<&Value> = results
            .iter()
            .filter(|r| r["status"] == "confirmed")
            .collect();
        let waiting: Vec<&Value> = results
            .iter()
            .filter(|r| r["status"] == "waitlisted")
            .collect();
        assert_eq!(
            confirmed.len() as i64,
            CAPACITY,
            "exactly the capacity is confirmed"
        );
        assert_eq!(
            waiting.len(),
            DELEGATES - CAPACITY as usize,
            "the rest wait"
        );
        // The positions handed out are exactly 1..=170, each once.
        let positions: BTreeSet<i64> = waiting
            .iter()
            .map(|r| r["waitlist_position"].as_i64().expect("a position"))
            .collect();
        assert_eq!(
            positions,
            (1..=(DELEGATES as i64 - CAPACITY)).collect::<BTreeSet<_>>()
        );

        // The session's list, read in pages of 100, agrees with what each was told.
        let listed = all_registrations(&app, &programme, session_id).await;
        assert_eq!(listed.len(), DELEGATES);
        let (listed_confirmed, waitlist) = check_waitlist(&listed, CAPACITY);
        let told_confirmed: BTreeSet<i64> = confirmed
            .iter()
            .map(|r| r["delegate_id"].as_i64().unwrap())
            .collect();
        assert_eq!(
            listed_confirmed.iter().copied().collect::<BTreeSet<_>>(),
            told_confirmed
        );
        let told_order: BTreeMap<i64, i64> = waiting
            .iter()
            .map(|r| {
                (
                    r["waitlist_position"].as_i64().unwrap(),
                    r["delegate_id"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(waitlist, told_order.into_values().collect::<Vec<_>>());
        let session = session_now(&app, &programme, session_id).await;
        assert_eq!(session["confirmed"], CAPACITY);
        assert_eq!(session["waitlisted"], DELEGATES as i64 - CAPACITY);
        assert_eq!(session["places_left"], 0);
        eprintln!(
        "{:?}: {DELEGATES} delegates created in {created:?}; the registration burst took {burst:?}",
        app.backend
    );
    }
);

both_backends!(
    parallel_cancels_and_registrations_keep_the_waitlist_whole,
    |app| async move {
        const CAPACITY: i64 = 30;
        let programme = new_programme(&app, 100).await;
        let session_id = id(&session_in_room(
            &app,
            &programme,
            "Harbin Initiative release",
            ("2026-01-08T10:00", "2026-01-08T11:00"),
            Some(CAPACITY),
        )
        .await);
        let organizer = app.organizer_token().await;
        let ids = app.accredited_delegates(&programme.scenario, 100).await;
        let (first, newcomers) = ids.split_at(60);
        // Sixty register one after another: 30 confirmed, 30 waiting.
        for delegate in first {
            register_by_organizer(&app, &programme, session_id, *delegate)
                .await
                .expect(201);
        }
        let (confirmed, waitlist) = check_waitlist(
            &all_registrations(&app, &programme, session_id).await,
            CAPACITY,
        );
        assert_eq!(
            (confirmed.as_slice(), waitlist.as_slice()),
            first.split_at(30)
        );

        // At once: 15 confirmed leave, the last 10 waiting leave, and 40 newcomers register.
        let leaving_confirmed = &confirmed[..15];
        let leaving_waiting = &waitlist[20..];
        let mut requests = Vec::new();
        let mut kinds = Vec::new();
        let leavers = leaving_confirmed.iter().chain(leaving_waiting);
        for (n, delegate) in leavers.enumerate() {
            requests.push(app.request(
                Method::DELETE,
                &programme.registration(session_id, *delegate),
                Some(&organizer),
            ));
            kinds.push(("cancel", *delegate));
            // Interleave the newcomers, two after each leaver.
            for newcomer in newcomers.iter().skip(n * 2).take(2) {
                requests.push(
                    app.request(
                        Method::POST,
                        &programme.registrations(session_id),
                        Some(&organizer),
                    )
                    .json(&json!({"delegate_id": newcomer})),
                );
                kinds.push(("register", *newcomer));
            }
        }
        assert_eq!(requests.len(), 65);
        let replies = app.concurrently(requests).await;
        no_server_errors(&replies);

        let mut promoted = Vec::new();
        for ((kind, delegate), reply) in kinds.iter().zip(&replies) {
            match *kind {
                "cancel" => {
                    let outcome = reply.expect(200);
                    assert_eq!(outcome["cancelled"]["delegate_id"], *delegate);
                    assert_eq!(outcome["cancelled"]["status"], "cancelled");
                    if !outcome["promoted"].is_null() {
                        assert_eq!(outcome["promoted"]["status"], "confirmed");
                        promoted.push(outcome["promoted"]["delegate_id"].as_i64().unwrap());
                    }
                    if leaving_waiting.contains(delegate) {
                        assert!(
                            outcome["promoted"].is_null(),
                            "leaving the waitlist frees no place"
                        );
                    }
                }
                _ => {
                    // The session is full at every commit, so every newcomer waits.
                    let registration = reply.expect(201);
                    assert_eq!(registration["delegate_id"], *delegate);
                    assert_eq!(registration["status"], "waitlisted", "{registration}");
                }
            }
        }
        // Each freed place went to the head of the waitlist, in order.
        let promoted: BTreeSet<i64> = promoted.into_iter().collect();
        assert_eq!(
            promoted.len(),
            15,
            "one promotion per confirmed place given up"
        );
        assert_eq!(
            promoted,
            waitlist[..15].iter().copied().collect::<BTreeSet<_>>()
        );

        let listed = all_registrations(&app, &programme, session_id).await;
        assert_eq!(listed.len(), 60 - 25 + 40);
        let (now_confirmed, now_waiting) = check_waitlist(&listed, CAPACITY);
        let expected_confirmed: BTreeSet<i64> = confirmed[15..]
            .iter()
            .chain(&waitlist[..15])
            .copied()
            .collect();
        assert_eq!(
            now_confirmed.iter().copied().collect::<BTreeSet<_>>(),
            expected_confirmed
        );
        assert_eq!(
            now_waiting[..5],
            waitlist[15..20],
            "those left waiting keep their order, ahead of newcomers"
        );
        assert_eq!(
            now_waiting[5..].iter().copied().collect::<BTreeSet<_>>(),
            newcomers.iter().copied().collect::<BTreeSet<_>>()
        );
        let session = session_now(&app, &programme, session_id).await;
        assert_eq!(session["confirmed"], CAPACITY);
        assert_eq!(session["waitlisted"], 45);
        assert_eq!(session["places_left"], 0);

        // A second wave: everyone confirmed leaves at once; the waitlist moves up in order.
        let requests = now_confirmed
            .iter()
            .map(|d| {
                app.request(
                    Method::DELETE,
                    &programme.registration(session_id, *d),
                    Some(&organizer),
                )
            })
            .collect();
        let replies = app.concurrently(requests).await;
        no_server_errors(&replies);
        let promoted: BTreeSet<i64> = replies
            .iter()
            .map(|r| {
                r.expect(200)["promoted"]["delegate_id"]
                    .as_i64()
                    .expect("a promotion per place")
            })
            .collect();
        assert_eq!(
            promoted,
            now_waiting[..30].iter().copied().collect::<BTreeSet<_>>()
        );
        let (last_confirmed, last_waiting) = check_waitlist(
            &all_registrations(&app, &programme, session_id).await,
            CAPACITY,
        );
        assert_eq!(
            last_confirmed.iter().copied().collect::<BTreeSet<_>>(),
            promoted
        );
        assert_eq!(last_waiting, now_waiting[30..]);
    }
);

both_backends!(
    a_delegate_racing_into_two_overlapping_sessions_holds_one,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let event = programme.scenario.event.clone();
        let organizer = app.organizer_token().await;
        let hall_b = id(&app
            .create_room(&event, &room_body(programme.venue_id, "Hall B", 100))
            .await);
        let a = id(&session_in_room(
            &app,
            &programme,
            "Parallel A",
            ("2026-01-07T09:00", "2026-01-07T10:00"),
            None,
        )
        .await);
        let b = id(&app
            .create_session(
                &event,
                &with(
                    session_body("Parallel B", "2026-01-07T09:30", "2026-01-07T10:30"),
                    json!({"room_id": hall_b}),
                ),
            )
            .await);
        let ids = app.accredited_delegates(&programme.scenario, 40).await;
        let mut requests = Vec::new();
        for delegate in &ids {
            for session in [a, b] {
                requests.push(
                    app.request(
                        Method::POST,
                        &programme.registrations(session),
                        Some(&organizer),
                    )
                    .json(&json!({"delegate_id": delegate})),
                );
            }
        }
        let replies = app.concurrently(requests).await;
        no_server_errors(&replies);
        for (pair, delegate) in replies.chunks(2).zip(&ids) {
            let statuses = [pair[0].status, pair[1].status];
            assert!(
                statuses == [201, 409] || statuses == [409, 201],
                "delegate {delegate} got {statuses:?}: {} / {}",
                pair[0].body,
                pair[1].body
            );
        }
        let in_a: BTreeSet<i64> =
            check_waitlist(&all_registrations(&app, &programme, a).await, 100)
                .0
                .into_iter()
                .collect();
        let in_b: BTreeSet<i64> =
            check_waitlist(&all_registrations(&app, &programme, b).await, 100)
                .0
                .into_iter()
                .collect();
        assert!(
            in_a.is_disjoint(&in_b),
            "double-booked: {:?}",
            in_a.intersection(&in_b).collect::<Vec<_>>()
        );
        assert_eq!(in_a.len() + in_b.len(), ids.len());
        let report = app
            .get(&programme.path("/program/conflicts"), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(report, json!([]), "no delegate double-booked");
    }
);

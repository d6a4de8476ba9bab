//! A delegate's agenda (JSON), the public `program.ics` and the private agenda feed with
//! its rotating secret. The feeds are read with a real iCalendar parser (`icalendar`).

use std::collections::{BTreeMap, BTreeSet};

use gmd_api::auth::Role;
use gmd_tests::*;
use icalendar::{CalendarDateTime, Component as _, DatePerhapsTime, EventLike as _};

use crate::program_support::*;

/// A feed as text, checked for the wire format: CRLF line ends only, no physical line
/// longer than 75 octets, and the calendar media type.
#[track_caller]
fn wire_checked(reply: &Reply) -> String {
    assert_eq!(reply.status, 200, "{}", reply.body);
    let content_type = reply.header("content-type").unwrap_or_default();
    assert!(content_type.starts_with("text/calendar"), "{content_type}");
    let text = reply.body.clone();
    assert!(text.ends_with("\r\n"), "the last line ends with CRLF");
    assert!(
        !text.contains('\u{FFFD}'),
        "no character was split by folding"
    );
    for line in text.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "a bare line break in {line:?}"
        );
        assert!(
            line.len() <= 75,
            "a line of {} octets: {line:?}",
            line.len()
        );
    }
    text
}

/// The feed unfolded, for the parse tree.
fn unfolded(text: &str) -> String {
    icalendar::parser::unfold(text)
}

/// The parse tree of an unfolded feed: the VCALENDAR and everything in it.
#[track_caller]
fn tree(unfolded: &str) -> icalendar::parser::Calendar<'_> {
    icalendar::parser::read_calendar(unfolded)
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{unfolded}"))
}

/// The typed events of a feed, by UID.
fn parse_events(text: &str) -> BTreeMap<String, icalendar::Event> {
    let calendar: icalendar::Calendar = text
        .parse()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}"));
    let mut by_uid = BTreeMap::new();
    for component in &calendar.components {
        if let Some(event) = component.as_event() {
            let uid = event.get_uid().expect("every event has a UID").to_owned();
            assert!(event.get_timestamp().is_some(), "DTSTAMP on {uid}");
            assert!(
                by_uid.insert(uid.clone(), event.clone()).is_none(),
                "UID {uid} twice"
            );
        }
    }
    by_uid
}

/// The event whose SUMMARY starts with `en`.
#[track_caller]
fn by_summary<'a>(
    events: &'a BTreeMap<String, icalendar::Event>,
    en: &str,
) -> (&'a String, &'a icalendar::Event) {
    events
        .iter()
        .find(|(_, e)| e.get_summary().is_some_and(|s| s.starts_with(en)))
        .unwrap_or_else(|| {
            panic!(
                "no event {en:?} in {:?}",
                events.values().map(|e| e.get_summary()).collect::<Vec<_>>()
            )
        })
}

#[track_caller]
fn local_start(event: &icalendar::Event) -> (String, String) {
    match event.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
            (tzid, date_time.format("%Y-%m-%dT%H:%M").to_string())
        }
        other => panic!("DTSTART is not a zoned time: {other:?}"),
    }
}

#[track_caller]
fn status(event: &icalendar::Event) -> &str {
    event.property_value("STATUS").expect("a STATUS")
}

async fn program_ics(app: &TestApp, programme: &Programme) -> String {
    wire_checked(&app.get(&programme.path("/program.ics"), None).await)
}

both_backends!(
    the_agenda_shows_places_waitlist_positions_and_roles,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let event = programme.scenario.event.clone();
        let organizer = app.organizer_token().await;
        let me = id(&app
            .accredited_delegate(&programme.scenario, "Agenda", "Owner")
            .await);
        let ahead = id(&app
            .accredited_delegate(&programme.scenario, "Ahead", "InLine")
            .await);
        let first = id(&app
            .accredited_delegate(&programme.scenario, "First", "InLine")
            .await);
        let token = app.delegate_token(me).await;
        let speaking = |role: &str| json!([{"delegate_id": me, "role": role}]);
        let hall_b = id(&app
            .create_room(&event, &room_body(programme.venue_id, "Hall B", 100))
            .await);

        // Confirmed.
        let opening = id(&session_in_room(
            &app,
            &programme,
            "Opening",
            ("2026-01-06T09:00", "2026-01-06T10:00"),
            None,
        )
        .await);
        // Waitlisted second.
        let crafts = id(&session_in_room(
            &app,
            &programme,
            "Crafts",
            ("2026-01-06T14:00", "2026-01-06T15:00"),
            Some(1),
        )
        .await);
        // Moderating, not registered.
        let panel = id(&app
            .create_session(
                &event,
                &with(
                    session_body("Panel", "2026-01-07T09:00", "2026-01-07T10:00"),
                    json!({
                        "room_id": hall_b, "speakers": speaking("moderator"),
                    }),
                ),
            )
            .await);
        // Speaking and registered.
        let dialogue = id(&app
            .create_session(
                &event,
                &with(
                    session_body("Dialogue", "2026-01-07T14:00", "2026-01-07T15:00"),
                    json!({
                        "room_id": hall_b, "speakers": speaking("speaker"),
                    }),
                ),
            )
            .await);
        // Not shown: a draft they speak in, a session they left, one they have nothing to do with.
        let mut draft = with(
            session_body("Draft", "2026-01-08T09:00", "2026-01-08T10:00"),
            json!({"speakers": speaking("panelist")}),
        );
        draft["status"] = "draft".into();
        app.create_session(&event, &draft).await;
        let left = id(&session_in_room(
            &app,
            &programme,
            "Left",
            ("2026-01-08T11:00", "2026-01-08T12:00"),
            None,
        )
        .await);
        session_in_room(
            &app,
            &programme,
            "Elsewhere",
            ("2026-01-08T14:00", "2026-01-08T15:00"),
            None,
        )
        .await;

        app.post(&programme.registrations(opening), Some(&token), &json!({}))
            .await
            .expect(201);
        register_by_organizer(&app, &programme, crafts, first)
            .await
            .expect(201);
        register_by_organizer(&app, &programme, crafts, ahead)
            .await
            .expect(201);
        assert_eq!(
            app.post(&programme.registrations(crafts), Some(&token), &json!({}))
                .await
                .expect(201)["waitlist_position"],
            2
        );
        register_by_organizer(&app, &programme, dialogue, me)
            .await
            .expect(201);
        register_by_organizer(&app, &programme, left, me)
            .await
            .expect(201);
        cancel_by_organizer(&app, &programme, left, me)
            .await
            .expect(200);

        let agenda = app
            .get(&programme.agenda(me), Some(&token))
            .await
            .expect(200);
        assert_eq!(agenda["delegate_id"], me);
        let items = agenda["items"].as_array().unwrap();
        let seen: Vec<(i64, Value, Value, Value)> = items
            .iter()
            .map(|i| {
                (
                    i["session"]["id"].as_i64().unwrap(),
                    i["registration"]["status"].clone(),
                    i["registration"]["waitlist_position"].clone(),
                    i["speaking_role"].clone(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (opening, json!("confirmed"), Value::Null, Value::Null),
                (crafts, json!("waitlisted"), json!(2), Value::Null),
                (panel, Value::Null, Value::Null, json!("moderator")),
                (dialogue, json!("confirmed"), Value::Null, json!("speaker")),
            ],
            "in time order: {agenda}"
        );
        // Each item carries the whole session.
        assert_eq!(items[0]["session"]["title"], json!({"en": "Opening"}));
        assert_eq!(items[1]["session"]["waitlisted"], 2);
        assert_eq!(items[1]["registration"]["delegate_id"], me);
        assert!(items[2]["registration"].is_null());

        // When the one ahead leaves, the position moves up.
        cancel_by_organizer(&app, &programme, crafts, ahead)
            .await
            .expect(200);
        let agenda = app
            .get(&programme.agenda(me), Some(&token))
            .await
            .expect(200);
        assert_eq!(agenda["items"][1]["registration"]["waitlist_position"], 1);

        // Organizers see it too; nobody else does.
        assert_eq!(
            app.get(&programme.agenda(me), Some(&organizer))
                .await
                .expect(200),
            agenda
        );
        let other = app.delegate_token(first).await;
        app.get(&programme.agenda(me), Some(&other))
            .await
            .expect_problem(403);
        let exhibitor = app.token_for(Role::Exhibitor, None).await;
        app.get(&programme.agenda(me), Some(&exhibitor))
            .await
            .expect_problem(403);
        app.get(&programme.agenda(me), None)
            .await
            .expect_problem(401);
        // Their own agenda is theirs to see.
        let theirs = app
            .get(&programme.agenda(first), Some(&other))
            .await
            .expect(200);
        assert_eq!(theirs["items"][0]["session"]["id"], crafts);
        assert_eq!(theirs["items"][0]["registration"]["status"], "confirmed");
        app.get(&programme.agenda(987_654), Some(&organizer))
            .await
            .expect_problem(404);
    }
);

both_backends!(
    program_ics_is_rfc_5545_for_the_public_programme,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let event = programme.scenario.event.clone();
        let organizer = app.organizer_token().await;
        let title_en =
            "Release Ceremony of the Harbin Initiative: ice-and-snow cities, culture; friendship";
        let title_zh = "《哈尔滨倡议》发布仪式暨冰雪城市文化交流与友谊合作高层论坛开幕式";
        app.create_session(&event, &with(session_body(title_en, "2026-01-08T10:00", "2026-01-08T11:30"), json!({
            "title": {"en": title_en, "zh": title_zh}, "kind": "ceremony", "room_id": programme.room_id,
            "description": {"en": "Line one\nLine two, with a comma"},
        })))
        .await;
        let opening = session_in_room(
            &app,
            &programme,
            "Opening",
            ("2026-01-06T09:00", "2026-01-06T10:00"),
            None,
        )
        .await;
        let outdoor = app.create_venue(&event, &json!({
        "name": {"en": "Harbin Ice-Snow World"}, "address": "Songbei District, Harbin", "setting": "outdoor",
    })).await;
        app.create_session(
            &event,
            &with(
                session_body("Site visit", "2026-01-07T14:00", "2026-01-07T16:00"),
                json!({
                    "kind": "site_visit", "venue_id": id(&outdoor),
                }),
            ),
        )
        .await;
        let called_off = session_in_room(
            &app,
            &programme,
            "Called off",
            ("2026-01-07T09:00", "2026-01-07T10:00"),
            None,
        )
        .await;
        app.patch(
            &programme.session(id(&called_off)),
            Some(&organizer),
            &json!({"status": "cancelled"}),
        )
        .await
        .expect(200);
        let mut draft = with(
            session_body("Secret draft", "2026-01-07T11:00", "2026-01-07T12:00"),
            json!({"room_id": programme.room_id}),
        );
        draft["status"] = "draft".into();
        app.create_session(&event, &draft).await;

        let text = program_ics(&app, &programme).await;
        assert!(!text.contains("Secret draft"), "drafts stay out");

        // The calendar and its time zone.
        let unfolded_text = unfolded(&text);
        let parsed = tree(&unfolded_text);
        let property = |name: &str| {
            parsed
                .properties
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.val.as_str().to_owned())
        };
        assert_eq!(property("VERSION").as_deref(), Some("2.0"));
        assert!(property("PRODID").is_some());
        assert_eq!(
            property("X-WR-CALNAME").as_deref(),
            Some("Global Mayors Dialogue Harbin")
        );
        let zones: Vec<_> = parsed
            .components
            .iter()
            .filter(|c| c.name == "VTIMEZONE")
            .collect();
        assert_eq!(zones.len(), 1, "one VTIMEZONE");
        assert_eq!(
            zones[0].find_prop("TZID").map(|p| p.val.as_str()),
            Some("Asia/Shanghai")
        );
        let observances: Vec<_> = zones[0].components.iter().collect();
        assert!(!observances.is_empty());
        for observance in &observances {
            assert_eq!(
                observance.name, "STANDARD",
                "no daylight saving in Shanghai"
            );
            assert_eq!(
                observance.find_prop("TZOFFSETTO").map(|p| p.val.as_str()),
                Some("+0800")
            );
            assert!(observance.find_prop("DTSTART").is_some());
            assert!(observance.find_prop("TZOFFSETFROM").is_some());
        }

        // The published and the cancelled sessions, nothing else.
        let events = parse_events(&text);
        assert_eq!(events.len(), 4, "{:?}", events.keys());
        let (_, ceremony_event) = by_summary(&events, "Release Ceremony");
        // Unfolded and unescaped, the long bilingual title comes back whole.
        assert_eq!(
            ceremony_event.get_summary(),
            Some(format!("{title_en} / {title_zh}").as_str())
        );
        assert_eq!(
            ceremony_event.get_description(),
            Some("Line one\nLine two, with a comma")
        );
        assert_eq!(
        ceremony_event.get_location(),
        Some("Main Hall, Harbin International Convention Center, Hongqi Street, Nangang District, Harbin")
    );
        assert_eq!(
            local_start(ceremony_event),
            ("Asia/Shanghai".to_owned(), "2026-01-08T10:00".to_owned())
        );
        assert_eq!(status(ceremony_event), "CONFIRMED");
        assert!(unfolded_text.contains("SUMMARY:Release Ceremony of the Harbin Initiative: ice-and-snow cities\\, culture\\; friendship"), "TEXT is escaped on the wire");

        let (_, opening_event) = by_summary(&events, "Opening");
        assert_eq!(
            local_start(opening_event),
            ("Asia/Shanghai".to_owned(), "2026-01-06T09:00".to_owned())
        );
        match opening_event.get_end() {
            Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
                assert_eq!(
                    (
                        tzid.as_str(),
                        date_time.format("%H:%M").to_string().as_str()
                    ),
                    ("Asia/Shanghai", "10:00")
                );
            }
            other => panic!("DTEND {other:?}"),
        }
        assert_eq!(opening_event.get_sequence(), Some(0));
        let (_, visit_event) = by_summary(&events, "Site visit");
        assert_eq!(
            visit_event.get_location(),
            Some("Harbin Ice-Snow World, Songbei District, Harbin")
        );
        assert_eq!(
            visit_event.get_categories(),
            Some(vec!["SITE_VISIT".to_owned()])
        );
        let (_, cancelled_event) = by_summary(&events, "Called off");
        assert_eq!(status(cancelled_event), "CANCELLED");
        assert_eq!(
            cancelled_event.get_sequence(),
            Some(1),
            "cancelling is a change"
        );

        // UIDs are unique and stable across requests.
        let again = parse_events(&program_ics(&app, &programme).await);
        assert_eq!(
            again.keys().collect::<Vec<_>>(),
            events.keys().collect::<Vec<_>>()
        );

        // An update raises SEQUENCE and keeps the UID.
        let (opening_uid, _) = by_summary(&events, "Opening");
        for expected in 1..=2 {
            app.patch(
                &programme.session(id(&opening)),
                Some(&organizer),
                &json!({
                    "starts_at": harbin(&format!("2026-01-06T{:02}:00", 9 + expected)),
                    "ends_at": harbin(&format!("2026-01-06T{:02}:00", 10 + expected)),
                }),
            )
            .await
            .expect(200);
            let later = parse_events(&program_ics(&app, &programme).await);
            let (uid, moved) = by_summary(&later, "Opening");
            assert_eq!(uid, opening_uid);
            assert_eq!(moved.get_sequence(), Some(expected));
            assert_eq!(
                local_start(moved).1,
                format!("2026-01-06T{:02}:00", 9 + expected)
            );
        }

        // An unknown event has no programme.
        app.get("/api/v1/events/no-such-event/program.ics", None)
            .await
            .expect_problem(404);
    }
);

both_backends!(
    the_agenda_feed_is_reached_by_a_rotating_secret,
    |app| async move {
        let programme = new_programme(&app, 100).await;
        let organizer = app.organizer_token().await;
        let me = id(&app
            .accredited_delegate(&programme.scenario, "Feed", "Owner")
            .await);
        let first = id(&app
            .accredited_delegate(&programme.scenario, "Ahead", "InLine")
            .await);
        let token = app.delegate_token(me).await;
        let confirmed = id(&session_in_room(
            &app,
            &programme,
            "Confirmed talk",
            ("2026-01-06T09:00", "2026-01-06T10:00"),
            None,
        )
        .await);
        let waiting = id(&session_in_room(
            &app,
            &programme,
            "Waiting workshop",
            ("2026-01-06T11:00", "2026-01-06T12:00"),
            Some(1),
        )
        .await);
        session_in_room(
            &app,
            &programme,
            "Not mine",
            ("2026-01-06T14:00", "2026-01-06T15:00"),
            None,
        )
        .await;
        app.post(
            &programme.registrations(confirmed),
            Some(&token),
            &json!({}),
        )
        .await
        .expect(201);
        register_by_organizer(&app, &programme, waiting, first)
            .await
            .expect(201);
        app.post(&programme.registrations(waiting), Some(&token), &json!({}))
            .await
            .expect(201);

        // The delegate asks for a feed URL.
        let feed = app
            .post(
                &programme.path(&format!("/delegates/{me}/calendar-token")),
                Some(&token),
                &json!({}),
            )
            .await
            .expect(200);
        let secret = feed["token"].as_str().expect("a token").to_owned();
        assert!(secret.len() >= 32, "a long secret: {secret}");
        let url = feed["url"].as_str().expect("a url").to_owned();
        assert_eq!(
            url,
            programme.path(&format!("/delegates/{me}/agenda.ics?token={secret}"))
        );

        // A calendar app fetches it without signing in.
        let text = wire_checked(&app.get(&url, None).await);
        let mine = parse_events(&text);
        assert_eq!(mine.len(), 2, "{:?}", mine.keys());
        assert_eq!(status(by_summary(&mine, "Confirmed talk").1), "CONFIRMED");
        assert_eq!(
            status(by_summary(&mine, "Waiting workshop").1),
            "TENTATIVE",
            "a waitlisted place is tentative"
        );
        let unfolded_text = unfolded(&text);
        assert_eq!(
            tree(&unfolded_text)
                .components
                .iter()
                .filter(|c| c.name == "VTIMEZONE")
                .count(),
            1
        );
        // The same UIDs as the public programme's.
        let public: BTreeSet<String> = parse_events(&program_ics(&app, &programme).await)
            .into_keys()
            .collect();
        assert!(
            mine.keys().all(|uid| public.contains(uid)),
            "stable UIDs across feeds"
        );
        // A promotion shows in the feed.
        cancel_by_organizer(&app, &programme, waiting, first)
            .await
            .expect(200);
        let promoted = parse_events(&wire_checked(&app.get(&url, None).await));
        assert_eq!(
            status(by_summary(&promoted, "Waiting workshop").1),
            "CONFIRMED"
        );

        // Wrong secrets: 404.
        let feed_path = programme.path(&format!("/delegates/{me}/agenda.ics"));
        app.get(
            &format!("{feed_path}?token=0123456789abcdef0123456789abcdef"),
            None,
        )
        .await
        .expect_problem(404);
        app.get(&feed_path, None).await.expect_problem(404);
        let other_feed = app
            .post(
                &programme.path(&format!("/delegates/{first}/calendar-token")),
                Some(&organizer),
                &json!({}),
            )
            .await
            .expect(200);
        let other_secret = other_feed["token"].as_str().unwrap();
        app.get(&format!("{feed_path}?token={other_secret}"), None)
            .await
            .expect_problem(404);
        wire_checked(&app.get(other_feed["url"].as_str().unwrap(), None).await);

        // Rotating (here by an organizer) retires the old URL at once.
        let rotated = app
            .post(
                &programme.path(&format!("/delegates/{me}/calendar-token")),
                Some(&organizer),
                &json!({}),
            )
            .await
            .expect(200);
        let new_url = rotated["url"].as_str().unwrap().to_owned();
        assert_ne!(rotated["token"], feed["token"]);
        app.get(&url, None).await.expect_problem(404);
        let text = wire_checked(&app.get(&new_url, None).await);
        assert_eq!(parse_events(&text).len(), 2);

        // Signed in, the delegate (or an organizer) needs no secret; others are refused.
        wire_checked(&app.get(&feed_path, Some(&token)).await);
        wire_checked(&app.get(&feed_path, Some(&organizer)).await);
        let other_token = app.delegate_token(first).await;
        let refused = app.get(&feed_path, Some(&other_token)).await;
        assert!(
            matches!(refused.status, 403 | 404),
            "{} {}",
            refused.status,
            refused.body
        );
        app.post(
            &programme.path(&format!("/delegates/{me}/calendar-token")),
            Some(&other_token),
            &json!({}),
        )
        .await
        .expect_problem(403);
        app.post(
            &programme.path(&format!("/delegates/{me}/calendar-token")),
            None,
            &json!({}),
        )
        .await
        .expect_problem(401);
        wire_checked(&app.get(&new_url, None).await);
    }
);

//! Shared helpers of the programme modules: request bodies, a small programme (a venue and
//! a room) to work in, registrations, and the waitlist invariants.

use std::collections::BTreeSet;

use gmd_tests::*;

/// A Harbin wall-clock time (`"2026-01-06T09:00"`) as RFC 3339 with the +08:00 offset.
pub fn harbin(local: &str) -> String {
    format!("{local}:00+08:00")
}

/// `body` with the members of `extra` set (or replaced).
pub fn with(mut body: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().expect("an object of changes") {
        body[key] = value.clone();
    }
    body
}

/// A valid indoor venue in Harbin.
pub fn venue_body(en: &str) -> Value {
    json!({
        "name": {"en": en, "zh": "哈尔滨国际会展中心"},
        "address": "Hongqi Street, Nangang District, Harbin",
        "latitude": 45.7580, "longitude": 126.6820, "setting": "indoor",
    })
}

/// A valid room of `venue_id`.
pub fn room_body(venue_id: i64, en: &str, capacity: i64) -> Value {
    json!({
        "venue_id": venue_id, "name": {"en": en}, "capacity": capacity,
        "interpretation_channels": ["en", "zh"], "accessibility_notes": "Step-free access",
    })
}

/// A valid published session from `starts` to `ends` (Harbin wall-clock times) with no
/// place; add `room_id` or `venue_id` with [`with`].
pub fn session_body(en: &str, starts: &str, ends: &str) -> Value {
    json!({
        "title": {"en": en}, "kind": "thematic_session",
        "starts_at": harbin(starts), "ends_at": harbin(ends),
        "languages": ["zh", "en"], "interpretation": ["en"], "status": "published",
    })
}

/// An event with one delegation, one venue and one room.
#[derive(Debug, Clone)]
pub struct Programme {
    pub scenario: Scenario,
    pub venue_id: i64,
    pub room_id: i64,
}

impl Programme {
    /// `/api/v1/events/<slug><rest>`
    pub fn path(&self, rest: &str) -> String {
        self.scenario.path(rest)
    }

    pub fn sessions(&self) -> String {
        self.path("/sessions")
    }

    pub fn session(&self, id: i64) -> String {
        self.path(&format!("/sessions/{id}"))
    }

    pub fn registrations(&self, session: i64) -> String {
        self.path(&format!("/sessions/{session}/registrations"))
    }

    pub fn registration(&self, session: i64, delegate: i64) -> String {
        self.path(&format!("/sessions/{session}/registrations/{delegate}"))
    }

    pub fn agenda(&self, delegate: i64) -> String {
        self.path(&format!("/delegates/{delegate}/agenda"))
    }
}

/// A new event with a venue and a room of `room_capacity` places.
pub async fn new_programme(app: &TestApp, room_capacity: i64) -> Programme {
    let scenario = app.scenario().await;
    let venue = app
        .create_venue(
            &scenario.event,
            &venue_body("Harbin International Convention Center"),
        )
        .await;
    let venue_id = venue["id"].as_i64().unwrap();
    let room = app
        .create_room(
            &scenario.event,
            &room_body(venue_id, "Main Hall", room_capacity),
        )
        .await;
    Programme {
        scenario,
        venue_id,
        room_id: room["id"].as_i64().unwrap(),
    }
}

/// A published session in the programme's room, with `capacity` (the room's when `None`).
pub async fn session_in_room(
    app: &TestApp,
    programme: &Programme,
    en: &str,
    (starts, ends): (&str, &str),
    capacity: Option<i64>,
) -> Value {
    let mut body = with(
        session_body(en, starts, ends),
        json!({"room_id": programme.room_id}),
    );
    if let Some(capacity) = capacity {
        body["capacity"] = capacity.into();
    }
    app.create_session(&programme.scenario.event, &body).await
}

/// The id of a JSON resource.
#[track_caller]
pub fn id(value: &Value) -> i64 {
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("an id in {value}"))
}

/// Registers `delegate` for `session` as the organizer.
pub async fn register_by_organizer(
    app: &TestApp,
    programme: &Programme,
    session: i64,
    delegate: i64,
) -> Reply {
    let token = app.organizer_token().await;
    app.post(
        &programme.registrations(session),
        Some(&token),
        &json!({"delegate_id": delegate}),
    )
    .await
}

/// Cancels `delegate`'s registration for `session` as the organizer.
pub async fn cancel_by_organizer(
    app: &TestApp,
    programme: &Programme,
    session: i64,
    delegate: i64,
) -> Reply {
    let token = app.organizer_token().await;
    app.delete(&programme.registration(session, delegate), Some(&token))
        .await
}

/// The session as the organizer sees it.
pub async fn session_now(app: &TestApp, programme: &Programme, session: i64) -> Value {
    let token = app.organizer_token().await;
    app.get(&programme.session(session), Some(&token))
        .await
        .expect(200)
}

/// Every (not cancelled) registration of a session, read page by page (`per_page=100`).
pub async fn all_registrations(app: &TestApp, programme: &Programme, session: i64) -> Vec<Value> {
    let token = app.organizer_token().await;
    let mut all = Vec::new();
    for page in 1.. {
        let path = format!(
            "{}?per_page=100&page={page}",
            programme.registrations(session)
        );
        let reply = app.get(&path, Some(&token)).await.expect(200);
        let items = reply["items"].as_array().expect("items").clone();
        let total = reply["total"].as_u64().expect("a total") as usize;
        let last = items.is_empty() || all.len() + items.len() >= total;
        all.extend(items);
        if last {
            assert_eq!(all.len(), total, "the pages add up to the total");
            break;
        }
    }
    all
}

/// The registrations split into confirmed delegate ids and the waitlist in order, after
/// checking the invariants: each delegate at most once, confirmed first, no more confirmed
/// than `capacity`, the session full whenever anyone waits, and waitlist positions exactly
/// 1..N in order.
#[track_caller]
pub fn check_waitlist(registrations: &[Value], capacity: i64) -> (Vec<i64>, Vec<i64>) {
    let mut confirmed = Vec::new();
    let mut waitlisted = Vec::new();
    let mut seen = BTreeSet::new();
    for registration in registrations {
        let delegate = registration["delegate_id"].as_i64().unwrap();
        assert!(seen.insert(delegate), "delegate {delegate} twice");
        match registration["status"].as_str() {
            Some("confirmed") => {
                assert!(
                    waitlisted.is_empty(),
                    "confirmed places are listed before the waitlist"
                );
                assert!(
                    registration["waitlist_position"].is_null(),
                    "{registration}"
                );
                confirmed.push(delegate);
            }
            Some("waitlisted") => {
                waitlisted.push(delegate);
                assert_eq!(
                    registration["waitlist_position"],
                    waitlisted.len(),
                    "gap-free waitlist positions: {registration}"
                );
            }
            other => panic!("a listed registration is {other:?}: {registration}"),
        }
    }
    assert!(
        confirmed.len() as i64 <= capacity,
        "{} confirmed for {capacity} places",
        confirmed.len()
    );
    if !waitlisted.is_empty() {
        assert_eq!(
            confirmed.len() as i64,
            capacity,
            "{} wait while places are free",
            waitlisted.len()
        );
    }
    (confirmed, waitlisted)
}

/// Asserts the fields of a 422 problem name `field`.
#[track_caller]
pub fn assert_field_error(problem: &Value, field: &str) {
    let errors = problem["errors"].as_array().expect("per-field errors");
    assert!(
        errors.iter().any(|e| e["field"] == field),
        "no error for `{field}` in {problem}"
    );
    assert!(errors.iter().all(|e| e["message"].is_string()), "{problem}");
}

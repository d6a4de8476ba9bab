//! Shared helpers of the partnership and initiative modules: request bodies, shortcuts
//! that build partnerships, delegates and initiatives through the API, and small checks.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use gmd_tests::*;
use reqwest::Method;

pub use crate::program_support::{assert_field_error, id, with};

pub const PARTNERSHIPS: &str = "/api/v1/partnerships";

/// `/api/v1/partnerships/<id><rest>`
pub fn partnership(id: i64, rest: &str) -> String {
    format!("{PARTNERSHIPS}/{id}{rest}")
}

/// A day relative to today, as `YYYY-MM-DD`.
pub fn day(offset_days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset_days)).to_string()
}

/// A valid partnership body between `a` and `b` (status and other members via [`with`]).
pub fn partnership_body(a: i64, b: i64, kind: &str) -> Value {
    json!({"city_a_id": a, "city_b_id": b, "kind": kind})
}

/// Creates a city named `en` in `country` as the organizer; returns its id.
pub async fn city_in(app: &TestApp, en: &str, country: &str) -> i64 {
    id(&app
        .create_city(&with(city_body(en), json!({ "country": country })))
        .await)
}

/// Creates a partnership as the organizer from a full body; returns it.
pub async fn create_partnership(app: &TestApp, body: &Value) -> Value {
    let token = app.organizer_token().await;
    app.post(PARTNERSHIPS, Some(&token), body).await.expect(201)
}

/// Creates a partnership between `a` and `b` in `status` as the organizer; returns its id.
pub async fn partner(app: &TestApp, a: i64, b: i64, kind: &str, status: &str) -> i64 {
    id(&create_partnership(
        app,
        &with(partnership_body(a, b, kind), json!({ "status": status })),
    )
    .await)
}

/// Applies one lifecycle action with `token`.
pub async fn lifecycle(app: &TestApp, id: i64, action: &str, token: &str) -> Reply {
    let path = partnership(id, &format!("/lifecycle/{action}"));
    app.post(&path, Some(token), &json!({})).await
}

/// Applies `actions` in order as the organizer, each of which must succeed; returns the
/// partnership afterwards.
pub async fn drive_partnership(app: &TestApp, id: i64, actions: &[&str]) -> Value {
    let token = app.organizer_token().await;
    let mut current = Value::Null;
    for action in actions {
        current = lifecycle(app, id, action, &token).await.expect(200);
    }
    current
}

/// The number of partnerships the organizer sees.
pub async fn partnership_count(app: &TestApp) -> u64 {
    let token = app.organizer_token().await;
    app.get(PARTNERSHIPS, Some(&token)).await.expect(200)["total"]
        .as_u64()
        .expect("a total")
}

/// The ids of the items of a list page.
#[track_caller]
pub fn ids_of(page: &Value) -> BTreeSet<i64> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items in {page}"))
        .iter()
        .map(id)
        .collect()
}

/// Sends a request with an `If-Match` header, as the organizer.
pub async fn with_if_match(
    app: &TestApp,
    method: Method,
    path: &str,
    etag: &str,
    body: Option<&Value>,
) -> Reply {
    let token = app.organizer_token().await;
    let mut request = app
        .request(method, path, Some(&token))
        .header("if-match", etag);
    if let Some(body) = body {
        request = request.json(body);
    }
    Reply::send(request).await
}

/// Asserts a 409 names `existing` as the `existing_id`.
#[track_caller]
pub fn assert_existing(reply: &Reply, existing: i64) {
    let problem = reply.expect_problem(409);
    assert_eq!(problem["existing_id"], existing, "{problem}");
}

/// A new delegate of the delegation `delegation_id` at `event`, with `consent` to a
/// public profile; returns the delegate.
pub async fn delegate_of(
    app: &TestApp,
    event: &str,
    delegation_id: i64,
    given_name: &str,
    consent: bool,
) -> Value {
    let body = with(
        delegate_body(delegation_id, given_name, "Delegate"),
        json!({ "consent_public_profile": consent }),
    );
    app.create_delegate(event, &body).await
}

/// The shortest number of hops between `from` and `to` over `edges` (city pairs), by a
/// breadth-first search of the test's own.
pub fn bfs_hops(edges: &[(i64, i64)], from: i64, to: i64) -> Option<usize> {
    let mut next: HashMap<i64, Vec<i64>> = HashMap::new();
    for &(a, b) in edges {
        next.entry(a).or_default().push(b);
        next.entry(b).or_default().push(a);
    }
    let mut seen = HashSet::from([from]);
    let mut queue = VecDeque::from([(from, 0)]);
    while let Some((city, hops)) = queue.pop_front() {
        if city == to {
            return Some(hops);
        }
        for &other in next.get(&city).into_iter().flatten() {
            if seen.insert(other) {
                queue.push_back((other, hops + 1));
            }
        }
    }
    None
}

/// Initiatives of an event.
#[derive(Debug, Clone)]
pub struct Summit {
    pub scenario: Scenario,
}

impl Summit {
    pub fn initiatives(&self) -> String {
        self.scenario.path("/initiatives")
    }

    /// `/api/v1/events/<slug>/initiatives/<id><rest>`
    pub fn initiative(&self, id: i64, rest: &str) -> String {
        self.scenario.path(&format!("/initiatives/{id}{rest}"))
    }

    pub fn endorsements(&self, id: i64) -> String {
        self.initiative(id, "/endorsements")
    }
}

/// A valid initiative body.
pub fn initiative_body(en: &str) -> Value {
    json!({
        "title": {"en": en, "zh": "哈尔滨倡议"},
        "text": {"en": format!("We, the mayors gathered in Harbin, support {en}.")},
    })
}

/// A new event with one delegation, and an initiative in it; returns the event and the
/// initiative, opened for endorsement when `open`.
pub async fn new_initiative(app: &TestApp, open: bool) -> (Summit, Value) {
    let summit = Summit {
        scenario: app.scenario().await,
    };
    let token = app.organizer_token().await;
    let mut initiative = app
        .post(
            &summit.initiatives(),
            Some(&token),
            &initiative_body("the Harbin Initiative"),
        )
        .await
        .expect(201);
    if open {
        let path = summit.initiative(id(&initiative), "/lifecycle/open");
        initiative = app.post(&path, Some(&token), &json!({})).await.expect(200);
    }
    (summit, initiative)
}

/// Endorses with `token` on behalf of `body`'s delegate.
pub async fn endorse(
    app: &TestApp,
    summit: &Summit,
    initiative: i64,
    token: &str,
    body: &Value,
) -> Reply {
    app.post(&summit.endorsements(initiative), Some(token), body)
        .await
}

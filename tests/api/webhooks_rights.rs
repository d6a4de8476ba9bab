//! Webhooks under the subscriber's rights (issue 12): a subscription needs the read scope
//! of every resource it subscribes to and stays in its token's event; a token sees only
//! its own subscriptions; and every payload is projected with the subscriber's rights at
//! delivery time (no private field, no name or id of a delegate without a public profile
//! for a subscriber who may not read private delegates).

use std::time::{Duration, Instant};

use actix_web::http::Method as ActixMethod;
use gmd_api::changes::resources::{Resource, RESOURCES};
use gmd_api::partner_access::scopes::{access, Access};
use gmd_tests::{json, Receiver, Scenario, TestApp, Value};

use crate::webhooks_support::{app_with_worker, deliveries, wait_for_log, SECRET};

macro_rules! with_worker {
    ($name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let $app = app_with_worker(gmd_tests::Backend::Sqlite)
                    .await
                    .expect("SQLite");
                $body.await;
            }

            #[actix_web::test]
            async fn postgres() {
                let Some($app) = app_with_worker(gmd_tests::Backend::Postgres).await else {
                    return;
                };
                $body.await;
            }
        }
    };
}

/// Every read scope, and the management scope: all a token may need to subscribe.
const READS: &[&str] = &[
    "delegates:read",
    "program:read",
    "expo:read",
    "partnerships:read",
    "audit:read",
];

/// The read scope a token needs to read `resource` (`None`: open to every token).
fn read_scope(resource: &Resource) -> Option<&'static str> {
    match access(resource.domain, &ActixMethod::GET, "") {
        Access::Needs(scope) => Some(scope.as_str()),
        Access::Open => None,
        Access::Closed => panic!("{} has events but tokens cannot read it", resource.name),
    }
}

fn with_manage(scopes: &[&str]) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = READS
        .iter()
        .copied()
        .filter(|s| scopes.contains(s))
        .collect();
    all.push("webhooks:manage");
    all
}

async fn subscribe_as(
    app: &TestApp,
    token: &str,
    url: &str,
    patterns: &[&str],
    event: Option<&str>,
) -> gmd_tests::Reply {
    let body = json!({"url": url, "event_types": patterns, "event": event, "secret": SECRET});
    app.post("/api/v1/webhooks", Some(token), &body).await
}

with_worker!(
    every_event_type_needs_its_read_scope_and_the_tokens_event,
    |app| async move {
        let home = app.scenario().await;
        let other = app.scenario().await;
        let url = "http://127.0.0.1:9/hook";
        // Every read scope, but restricted to another event.
        let elsewhere = app
            .create_api_token(&with_manage(READS), Some(&other.event))
            .await["secret"]
            .as_str()
            .expect("a secret")
            .to_owned();
        let mut cases = 0;
        for resource in RESOURCES.iter().filter(|r| r.events) {
            let needed = read_scope(resource);
            // A token holding every read scope but this resource's (none to leave out
            // for resources open to every token).
            let without = match needed {
                Some(scope) => {
                    let scopes: Vec<&str> = READS.iter().copied().filter(|s| *s != scope).collect();
                    Some(app.api_token(&with_manage(&scopes)).await)
                }
                None => None,
            };
            let with = app.api_token(&with_manage(READS)).await;
            for event_type in resource.event_types() {
                for event in [Some(home.event.as_str()), None] {
                    let problem = subscribe_as(&app, &elsewhere, url, &[&event_type], event)
                        .await
                        .expect_problem(403);
                    assert!(
                        problem["detail"].as_str().unwrap().contains(&other.event),
                        "{event_type}: {problem}"
                    );
                    cases += 1;
                }
                if let (Some(token), Some(scope)) = (&without, needed) {
                    for pattern in [event_type.as_str(), &format!("{}.*", resource.name), "*"] {
                        let problem = subscribe_as(&app, token, url, &[pattern], Some(&home.event))
                            .await
                            .expect_problem(403);
                        assert_eq!(problem["required_scope"], scope, "{pattern}: {problem}");
                        cases += 1;
                    }
                }
                // With the scope, in its own event, it may.
                subscribe_as(&app, &with, url, &[&event_type], Some(&home.event))
                    .await
                    .expect(201);
            }
        }
        assert!(cases > 150, "{cases} cases");
        // Changing a subscription is checked the same way.
        let own = app
            .create_api_token(&with_manage(READS), Some(&home.event))
            .await["secret"]
            .as_str()
            .expect("a secret")
            .to_owned();
        let created = subscribe_as(&app, &own, url, &["delegate.*"], Some(&home.event))
            .await
            .expect(201);
        let path = format!("/api/v1/webhooks/{}", created["id"]);
        app.patch(&path, Some(&own), &json!({"event": other.event}))
            .await
            .expect_problem(403);
        app.patch(&path, Some(&own), &json!({"event": null}))
            .await
            .expect_problem(403);
    }
);

with_worker!(
    a_token_sees_and_touches_only_its_own_subscriptions,
    |app| async move {
        let scenario = app.scenario().await;
        let url = "http://127.0.0.1:9/hook";
        let first = app.api_token(&with_manage(READS)).await;
        let second = app.api_token(&with_manage(READS)).await;
        let organizer = app.organizer_token().await;
        let mine = subscribe_as(&app, &first, url, &["city.*"], None)
            .await
            .expect(201)["id"]
            .as_i64()
            .unwrap();
        let staff = subscribe_as(&app, &organizer, url, &["*"], Some(&scenario.event))
            .await
            .expect(201)["id"]
            .as_i64()
            .unwrap();
        let listed = app.get("/api/v1/webhooks", Some(&second)).await.expect(200);
        assert_eq!(listed["total"], 0, "{listed}");
        let listed = app.get("/api/v1/webhooks", Some(&first)).await.expect(200);
        assert_eq!(listed["total"], 1, "{listed}");
        assert_eq!(listed["items"][0]["id"], mine);
        for (token, id) in [(&second, mine), (&first, staff)] {
            let path = format!("/api/v1/webhooks/{id}");
            app.get(&path, Some(token)).await.expect_problem(404);
            app.patch(&path, Some(token), &json!({"url": url}))
                .await
                .expect_problem(404);
            app.get(&format!("{path}/deliveries"), Some(token))
                .await
                .expect_problem(404);
            app.post(
                &format!("{path}/deliveries/1/redeliver"),
                Some(token),
                &json!({}),
            )
            .await
            .expect_problem(404);
            app.delete(&path, Some(token)).await.expect_problem(404);
        }
        // Organizers see every subscription.
        let listed = app
            .get("/api/v1/webhooks", Some(&organizer))
            .await
            .expect(200);
        assert_eq!(listed["total"], 2, "{listed}");
        app.delete(&format!("/api/v1/webhooks/{mine}"), Some(&first))
            .await
            .expect(204);
    }
);

/// A delegate without a public profile: id and name.
struct Hidden {
    id: i64,
    given_name: String,
    family_name: String,
}

fn hidden_delegates(app: &TestApp) -> Vec<Hidden> {
    app.texts(
        "SELECT CAST(id AS TEXT) || '|' || given_name || '|' || family_name AS value \
         FROM delegates WHERE consent_public_profile = FALSE ORDER BY id",
    )
    .into_iter()
    .map(|row| {
        let mut parts = row.splitn(3, '|');
        Hidden {
            id: parts.next().unwrap().parse().unwrap(),
            given_name: parts.next().unwrap().to_owned(),
            family_name: parts.next().unwrap().to_owned(),
        }
    })
    .collect()
}

/// The fields the spec marks private on a delegate, except the row's own timestamps and
/// version.
fn private_delegate_fields() -> Vec<String> {
    let spec = serde_json::to_value(gmd_api::app::openapi_document()).unwrap();
    spec["components"]["schemas"]["DelegatePrivate"]["properties"]
        .as_object()
        .expect("DelegatePrivate")
        .keys()
        .filter(|k| !["created_at", "updated_at", "version"].contains(&k.as_str()))
        .cloned()
        .collect()
}

/// Waits until every change is recorded and no delivery is pending.
async fn settle(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let left = app.count("SELECT COUNT(*) AS n FROM change_journal")
            + app.count("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'");
        if left == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{left} changes or deliveries left"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Whether `value` names a hidden delegate anywhere: a delegate id column holding one, or
/// an object with one's given and family name.
fn leaks(value: &Value, hidden: &[Hidden]) -> Option<String> {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key.ends_with("delegate_id")
                    && inner
                        .as_i64()
                        .is_some_and(|id| hidden.iter().any(|h| h.id == id))
                {
                    return Some(format!("{key} = {inner}"));
                }
            }
            let named = |h: &Hidden| {
                map.get("given_name").and_then(Value::as_str) == Some(h.given_name.as_str())
                    && map.get("family_name").and_then(Value::as_str)
                        == Some(h.family_name.as_str())
            };
            if let Some(h) = hidden.iter().find(|h| named(h)) {
                return Some(format!("the name of delegate {}", h.id));
            }
            map.values().find_map(|inner| leaks(inner, hidden))
        }
        Value::Array(items) => items.iter().find_map(|inner| leaks(inner, hidden)),
        _ => None,
    }
}

/// Runs a statement straight on the database; whether it succeeded (a deletion a foreign
/// key refuses is no failure here).
fn try_execute(app: &TestApp, sql: &str) -> bool {
    use diesel::RunQueryDsl;
    diesel::sql_query(sql)
        .execute(&mut *app.pool.get().expect("a connection"))
        .is_ok()
}

/// Changes, straight in the database, rows of every delegate-bearing resource so that
/// each has an event naming a hidden delegate: some delegates (hidden and not) are
/// retitled; in every other resource the rows pointing at hidden delegates are deleted
/// where possible, and one row is then pointed at a hidden delegate.
fn touch_delegate_bearing_rows(app: &TestApp, hidden: &[Hidden]) {
    let hidden_id = hidden[0].id;
    let all = hidden
        .iter()
        .map(|h| h.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let some = hidden
        .iter()
        .take(3)
        .map(|h| h.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    app.execute(&format!(
        "UPDATE delegates SET title = COALESCE(title, '') || ' (updated)' WHERE id IN ({some}) \
         OR id IN (SELECT id FROM delegates WHERE consent_public_profile = TRUE ORDER BY id LIMIT 3)"
    ));
    for resource in RESOURCES.iter().filter(|r| r.events) {
        let table = resource.table;
        for column in resource.delegate_refs {
            assert!(
                app.count(&format!("SELECT COUNT(*) AS n FROM {table}")) > 0,
                "the demo has no {table}"
            );
            try_execute(
                app,
                &format!("DELETE FROM {table} WHERE {column} IN ({all})"),
            );
            app.execute(&format!(
                "UPDATE {table} SET {column} = {hidden_id} \
                 WHERE id = (SELECT MIN(id) FROM {table}) \
                 AND NOT EXISTS (SELECT 1 FROM {table} WHERE {column} IN ({all}))"
            ));
        }
    }
}

with_worker!(
    payloads_carry_only_what_the_subscriber_may_read,
    |app| async move {
        app.seed_demo();
        settle(&app).await;
        let hidden = hidden_delegates(&app);
        assert!(!hidden.is_empty(), "the demo has delegates without consent");
        let event = "harbin-2026";
        let organizer = app.organizer_token().await;
        let staff = Receiver::start(SECRET, &[], 204).await;
        let restricted = Receiver::start(SECRET, &[], 204).await;
        let unrestricted = Receiver::start(SECRET, &[], 204).await;
        let in_event = app.create_api_token(&with_manage(READS), Some(event)).await["secret"]
            .as_str()
            .unwrap()
            .to_owned();
        let everywhere = app.api_token(&with_manage(READS)).await;
        subscribe_as(&app, &organizer, &staff.url, &["*"], None)
            .await
            .expect(201);
        subscribe_as(&app, &in_event, &restricted.url, &["*"], Some(event))
            .await
            .expect(201);
        subscribe_as(&app, &everywhere, &unrestricted.url, &["*"], None)
            .await
            .expect(201);

        touch_delegate_bearing_rows(&app, &hidden);
        settle(&app).await;

        // The organizer's subscription is the control: it gets the hidden delegates.
        let to_staff: Vec<Value> = staff.received().into_iter().map(|r| r.body).collect();
        assert!(
            to_staff.iter().any(|b| leaks(b, &hidden).is_some()),
            "staff receive hidden delegates"
        );
        let private = private_delegate_fields();
        assert!(private.contains(&"consent_public_profile".to_owned()));
        for receiver in [&restricted, &unrestricted] {
            let bodies: Vec<Value> = receiver.received().into_iter().map(|r| r.body).collect();
            let mut types = std::collections::BTreeSet::new();
            for body in &bodies {
                let resource = body["resource"]["type"].as_str().unwrap().to_owned();
                if resource == "delegate" {
                    let id = body["resource"]["id"].as_i64().unwrap();
                    assert!(
                        hidden.iter().all(|h| h.id != id),
                        "hidden delegate {id} sent: {body}"
                    );
                    for row in ["object", "previous"] {
                        for field in &private {
                            assert!(
                                body["data"][row].get(field).is_none(),
                                "private {field} sent: {body}"
                            );
                        }
                    }
                    assert!(body["data"]["object"]["given_name"].is_string(), "{body}");
                }
                if let Some(leak) = leaks(body, &hidden) {
                    panic!("{leak} sent: {body}");
                }
                types.insert(resource);
            }
            // Every delegate-bearing resource was delivered (projected), none skipped.
            for resource in RESOURCES
                .iter()
                .filter(|r| r.events && (!r.delegate_refs.is_empty() || r.name == "delegate"))
            {
                let global = matches!(resource.edition, gmd_api::changes::resources::Edition::None);
                if receiver.url == restricted.url && global {
                    continue; // not of the token's event
                }
                assert!(
                    types.contains(resource.name),
                    "no {} event: {types:?}",
                    resource.name
                );
            }
        }
        // What was withheld says why.
        let withheld = app.count(
            "SELECT COUNT(*) AS n FROM webhook_deliveries \
             WHERE status = 'cancelled' AND last_error LIKE 'withheld: the delegate has no public profile%'",
        );
        assert!(withheld >= 2, "{withheld} withheld");
    }
);

with_worker!(
    a_revoked_token_s_subscription_gets_nothing_more,
    |app| async move {
        let scenario: Scenario = app.scenario().await;
        let receiver = Receiver::start(SECRET, &[], 204).await;
        let created = app
            .create_api_token(&with_manage(READS), Some(&scenario.event))
            .await;
        let token = created["secret"].as_str().unwrap().to_owned();
        let webhook = subscribe_as(
            &app,
            &token,
            &receiver.url,
            &["delegation.*"],
            Some(&scenario.event),
        )
        .await
        .expect(201)["id"]
            .as_i64()
            .unwrap();
        let admin = app.admin_token().await;
        app.delete(
            &format!("/api/v1/api-tokens/{}", created["id"]),
            Some(&admin),
        )
        .await
        .expect(204);
        let city = app.new_city("Oulu").await;
        app.create_delegation(&scenario.event, city).await;
        let log = wait_for_log(&app, webhook, "the delivery to be withheld", |log| {
            log.first().is_some_and(|d| d["status"] == "cancelled")
        })
        .await;
        assert!(
            log[0]["last_error"].as_str().unwrap().contains("revoked"),
            "{log:?}"
        );
        assert!(receiver.received().is_empty(), "nothing was sent");
        let organizer = app.organizer_token().await;
        let subscription = app
            .get(&format!("/api/v1/webhooks/{webhook}"), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(subscription["active"], false);
        assert!(subscription["disabled_reason"]
            .as_str()
            .unwrap()
            .contains("revoked"));
        assert_eq!(deliveries(&app, webhook).await.len(), 1);
    }
);

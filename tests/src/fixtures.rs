//! Valid request bodies and shortcuts that build data through the HTTP API, the way a
//! client would.

use serde_json::{json, Value};

use crate::{Reply, TestApp};

/// A valid city: Helsinki's coordinates, with `en` as its English name.
pub fn city_body(en: &str) -> Value {
    json!({
        "name": {"en": en}, "country": "FI", "region": "Uusimaa", "population": 674500,
        "latitude": 60.1699, "longitude": 24.9384, "time_zone": "Europe/Helsinki",
    })
}

/// A valid, published three-day event.
pub fn event_body(slug: &str, host_city_id: i64) -> Value {
    json!({
        "slug": slug,
        "name": {"en": "Global Mayors Dialogue Harbin", "zh": "全球市长对话·哈尔滨"},
        "starts_on": "2026-01-06", "ends_on": "2026-01-08",
        "host_city_id": host_city_id, "time_zone": "Asia/Shanghai",
        "organisers": [{"name": {"en": "Harbin Municipal Government"}, "role": "organiser"}],
        "themes": [{"code": "ice-snow-economy", "name": {"en": "Ice and snow economy"}}],
        "status": "published",
    })
}

/// The smallest valid delegate.
pub fn delegate_body(delegation_id: i64, given_name: &str, family_name: &str) -> Value {
    json!({
        "delegation_id": delegation_id, "given_name": given_name,
        "family_name": family_name, "role": "official",
    })
}

/// An event with one delegation, built by [`TestApp::scenario`].
#[derive(Debug, Clone)]
pub struct Scenario {
    pub event: String,
    pub host_city_id: i64,
    pub city_id: i64,
    pub delegation_id: i64,
}

impl Scenario {
    /// `/api/v1/events/<slug><rest>`
    pub fn path(&self, rest: &str) -> String {
        format!("/api/v1/events/{}{rest}", self.event)
    }
}

impl TestApp {
    /// Creates a city as the organizer; returns it.
    pub async fn create_city(&self, body: &Value) -> Value {
        let token = self.organizer_token().await;
        self.post("/api/v1/cities", Some(&token), body)
            .await
            .expect(201)
    }

    /// Creates a city named `en`; returns its id.
    pub async fn new_city(&self, en: &str) -> i64 {
        self.create_city(&city_body(en)).await["id"]
            .as_i64()
            .expect("a city id")
    }

    /// Creates a published event hosted by a new city, as the admin; returns it.
    pub async fn create_event(&self, slug: &str) -> Value {
        let host = self.new_city(&format!("Host of {slug}")).await;
        let token = self.admin_token().await;
        self.post("/api/v1/events", Some(&token), &event_body(slug, host))
            .await
            .expect(201)
    }

    /// Creates a delegation of `city_id` at `event`, as the organizer; returns it.
    pub async fn create_delegation(&self, event: &str, city_id: i64) -> Value {
        let token = self.organizer_token().await;
        let path = format!("/api/v1/events/{event}/delegations");
        self.post(&path, Some(&token), &json!({"city_id": city_id}))
            .await
            .expect(201)
    }

    /// A new event (unique slug) with one delegation from a new city.
    pub async fn scenario(&self) -> Scenario {
        let slug = format!("summit-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let event = self.create_event(&slug).await;
        let city_id = self.new_city("Rovaniemi").await;
        let delegation = self.create_delegation(&slug, city_id).await;
        Scenario {
            event: slug,
            host_city_id: event["host_city_id"].as_i64().expect("host_city_id"),
            city_id,
            delegation_id: delegation["id"].as_i64().expect("a delegation id"),
        }
    }

    /// Creates a delegate at `event` from a full body, as the organizer; returns it.
    pub async fn create_delegate(&self, event: &str, body: &Value) -> Value {
        let token = self.organizer_token().await;
        let path = format!("/api/v1/events/{event}/delegates");
        self.post(&path, Some(&token), body).await.expect(201)
    }

    /// Creates a minimal delegate in the scenario's delegation; returns it.
    pub async fn new_delegate(
        &self,
        scenario: &Scenario,
        given_name: &str,
        family_name: &str,
    ) -> Value {
        let body = delegate_body(scenario.delegation_id, given_name, family_name);
        self.create_delegate(&scenario.event, &body).await
    }

    /// Applies one accreditation action with `token`.
    pub async fn accreditation(
        &self,
        event: &str,
        delegate_id: i64,
        action: &str,
        token: &str,
    ) -> Reply {
        let path = format!("/api/v1/events/{event}/delegates/{delegate_id}/accreditation/{action}");
        self.post(&path, Some(token), &json!({})).await
    }

    /// Applies `actions` in order as the organizer, each of which must succeed; returns
    /// the delegate afterwards.
    pub async fn drive(&self, event: &str, delegate_id: i64, actions: &[&str]) -> Value {
        let token = self.organizer_token().await;
        let mut delegate = Value::Null;
        for action in actions {
            delegate = self
                .accreditation(event, delegate_id, action, &token)
                .await
                .expect(200);
        }
        delegate
    }
}

/// Shortcuts of the programme (venues, rooms, sessions) and of delegates in bulk.
impl TestApp {
    /// Creates a venue at `event` from a full body, as the organizer; returns it.
    pub async fn create_venue(&self, event: &str, body: &Value) -> Value {
        let token = self.organizer_token().await;
        let path = format!("/api/v1/events/{event}/venues");
        self.post(&path, Some(&token), body).await.expect(201)
    }

    /// Creates a room at `event` from a full body, as the organizer; returns it.
    pub async fn create_room(&self, event: &str, body: &Value) -> Value {
        let token = self.organizer_token().await;
        let path = format!("/api/v1/events/{event}/rooms");
        self.post(&path, Some(&token), body).await.expect(201)
    }

    /// Creates a session at `event` from a full body, as the organizer; returns it (with
    /// its `warnings`).
    pub async fn create_session(&self, event: &str, body: &Value) -> Value {
        let token = self.organizer_token().await;
        let path = format!("/api/v1/events/{event}/sessions");
        self.post(&path, Some(&token), body).await.expect(201)
    }

    /// A new delegate in the scenario's delegation, driven to `accredited`; returns it.
    pub async fn accredited_delegate(
        &self,
        scenario: &Scenario,
        given_name: &str,
        family_name: &str,
    ) -> Value {
        let delegate = self.new_delegate(scenario, given_name, family_name).await;
        let id = delegate["id"].as_i64().expect("a delegate id");
        self.drive(&scenario.event, id, &["register", "accredit"])
            .await
    }

    /// `count` new accredited delegates in the scenario's delegation, created through the
    /// API in parallel batches (create, then `register`, then `accredit`); returns their
    /// ids in creation order.
    pub async fn accredited_delegates(&self, scenario: &Scenario, count: usize) -> Vec<i64> {
        const BATCH: usize = 10;
        let token = self.organizer_token().await;
        let delegates = scenario.path("/delegates");
        let mut ids = Vec::with_capacity(count);
        let mut start = 0;
        while start < count {
            let end = (start + BATCH).min(count);
            let creates = (start..end)
                .map(|n| {
                    let name = format!("Crowd{n}");
                    let body = delegate_body(scenario.delegation_id, &name, "Burst");
                    self.request(reqwest::Method::POST, &delegates, Some(&token))
                        .json(&body)
                })
                .collect();
            let batch: Vec<i64> = self
                .concurrently(creates)
                .await
                .iter()
                .map(|reply| reply.expect(201)["id"].as_i64().expect("a delegate id"))
                .collect();
            for action in ["register", "accredit"] {
                let moves = batch
                    .iter()
                    .map(|id| {
                        let path =
                            scenario.path(&format!("/delegates/{id}/accreditation/{action}"));
                        self.request(reqwest::Method::POST, &path, Some(&token))
                            .json(&json!({}))
                    })
                    .collect();
                let status = format!("{action}ed");
                for reply in self.concurrently(moves).await {
                    assert_eq!(reply.expect(200)["accreditation_status"], status.as_str());
                }
            }
            ids.extend(batch);
            start = end;
        }
        ids
    }
}

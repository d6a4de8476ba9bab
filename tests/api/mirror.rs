//! The mirror test: a partner copies collections with `updated_since` and the tombstone
//! feed through creates, updates and deletes, and ends with exactly the server's data.

use std::collections::BTreeMap;

use gmd_tests::{both_backends, json, TestApp, Value};

use crate::program_support::id;

/// A partner's copy of one collection.
struct Mirror {
    list: String,
    resource: &'static str,
    items: BTreeMap<i64, Value>,
    since: Option<String>,
}

impl Mirror {
    fn new(list: String, resource: &'static str) -> Self {
        Self {
            list,
            resource,
            items: BTreeMap::new(),
            since: None,
        }
    }

    /// One sync: what changed since the last one (with a one-second overlap), then the
    /// deletions.
    async fn sync(&mut self, app: &TestApp, token: &str) {
        let started = chrono::Utc::now() - chrono::Duration::seconds(1);
        let filter = self
            .since
            .as_ref()
            .map(|s| format!("&updated_since={}", urlencode(s)))
            .unwrap_or_default();
        for item in pages(app, token, &format!("{}?per_page=100{filter}", self.list)).await {
            self.items.insert(id(&item), item);
        }
        let since = self
            .since
            .as_ref()
            .map(|s| format!("&since={}", urlencode(s)))
            .unwrap_or_default();
        for tombstone in pages(
            app,
            token,
            &format!(
                "/api/v1/tombstones?per_page=100&resource={}{since}",
                self.resource
            ),
        )
        .await
        {
            self.items
                .remove(&tombstone["resource_id"].as_i64().unwrap());
        }
        self.since = Some(started.to_rfc3339());
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn pages(app: &TestApp, token: &str, first: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let reply = app
            .get(&format!("{first}&page={page}"), Some(token))
            .await
            .expect(200);
        let batch = reply["items"].as_array().cloned().unwrap_or_default();
        items.extend(batch);
        if page * reply["per_page"].as_i64().unwrap() >= reply["total"].as_i64().unwrap() {
            return items;
        }
        page += 1;
    }
}

async fn server_copy(app: &TestApp, token: &str, list: &str) -> BTreeMap<i64, Value> {
    pages(app, token, &format!("{list}?per_page=100"))
        .await
        .into_iter()
        .map(|v| (id(&v), v))
        .collect()
}

both_backends!(
    a_partner_mirrors_cities_and_delegates_exactly,
    |app| async move {
        let token = app.organizer_token().await;
        let scenario = app.scenario().await;
        let cities = "/api/v1/cities".to_owned();
        let delegates = scenario.path("/delegates");
        let mut city_copy = Mirror::new(cities.clone(), "city");
        let mut delegate_copy = Mirror::new(delegates.clone(), "delegate");

        let mut city_ids = Vec::new();
        let mut delegate_ids = Vec::new();
        for round in 0..4 {
            for n in 0..3 {
                city_ids.push(app.new_city(&format!("City {round}.{n}")).await);
                delegate_ids.push(id(&app
                    .new_delegate(&scenario, "Delegate", &format!("{round}.{n}"))
                    .await));
            }
            // Update one, delete one of each, from what exists.
            let updated_city = city_ids[city_ids.len() / 2];
            app.patch(
                &format!("/api/v1/cities/{updated_city}"),
                Some(&token),
                &json!({"population": 1000 + round}),
            )
            .await
            .expect(200);
            let gone_city = city_ids.remove(round as usize % city_ids.len());
            app.delete(&format!("/api/v1/cities/{gone_city}"), Some(&token))
                .await
                .expect(204);
            let updated_delegate = delegate_ids[0];
            app.patch(
                &scenario.path(&format!("/delegates/{updated_delegate}")),
                Some(&token),
                &json!({"title": format!("Title {round}")}),
            )
            .await
            .expect(200);
            let gone_delegate = delegate_ids.remove(delegate_ids.len() - 1);
            app.delete(
                &scenario.path(&format!("/delegates/{gone_delegate}")),
                Some(&token),
            )
            .await
            .expect(204);

            city_copy.sync(&app, &token).await;
            delegate_copy.sync(&app, &token).await;
            assert_eq!(
                city_copy.items,
                server_copy(&app, &token, &cities).await,
                "cities after round {round}"
            );
            assert_eq!(
                delegate_copy.items,
                server_copy(&app, &token, &delegates).await,
                "delegates after round {round}"
            );
        }
        // An incremental sync really is incremental: nothing changed, nothing listed.
        let unchanged = pages(
            &app,
            &token,
            &format!(
                "{cities}?per_page=100&updated_since={}",
                urlencode(&(chrono::Utc::now() + chrono::Duration::seconds(5)).to_rfc3339())
            ),
        )
        .await;
        assert!(unchanged.is_empty());
        // The tombstone feed can be scoped to one edition.
        let scoped = app
            .get(
                &format!(
                    "/api/v1/tombstones?resource=delegate&event={}",
                    scenario.event
                ),
                Some(&token),
            )
            .await
            .expect(200);
        assert_eq!(scoped["total"], 4);
        assert_eq!(scoped["items"][0]["event"], scenario.event.as_str());
    }
);

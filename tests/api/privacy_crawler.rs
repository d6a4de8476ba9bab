//! The privacy crawler: every GET operation of the spec, with every id the demo data has,
//! as every kind of caller that may not read private delegate data (anonymous, the two
//! demo delegates, the demo exhibitor, a partner token with every read scope). No answer
//! may name, point at or show private fields of a delegate the caller may not recognise
//! (one who did not consent to a public profile, other than the caller themself).

use std::collections::{BTreeMap, BTreeSet};

use gmd_tests::spec;
use gmd_tests::*;

const EVENT: &str = "harbin-2026";
/// Ids tried per path parameter (every id of a short collection; the hidden delegates are
/// always among those tried).
const IDS_PER_PARAMETER: usize = 12;

/// Fields of a delegate that only private readers and the delegate may see.
const PRIVATE_FIELDS: [&str; 13] = [
    "email",
    "phone",
    "interpretation_needs",
    "dietary_needs",
    "accessibility_needs",
    "arrival_at",
    "departure_at",
    "hotel",
    "consent_public_profile",
    "badge_code",
    "accreditation_status",
    "checked_in_at",
    "created_at",
];

/// A delegate of the demo data.
#[derive(Debug, Clone)]
struct Person {
    id: i64,
    given: String,
    family: String,
    consented: bool,
}

impl Person {
    fn full_name(&self) -> String {
        format!("{} {}", self.given, self.family).trim().to_owned()
    }
}

/// One kind of caller, and the delegates it may recognise besides the consenting ones.
struct Crawler {
    name: &'static str,
    token: Option<String>,
    own: Option<i64>,
}

/// What one crawler must not see.
struct Hidden<'a> {
    people: Vec<&'a Person>,
    ids: BTreeSet<i64>,
}

impl Hidden<'_> {
    fn leaks(&self, path: &str, reply: &Reply) -> Vec<String> {
        let mut found = Vec::new();
        if (200..300).contains(&reply.status) {
            for id in &self.ids {
                let at = format!("/delegates/{id}");
                if path.contains(&format!("{at}/"))
                    || path.ends_with(&at)
                    || path.contains(&format!("{at}?"))
                {
                    found.push(format!(
                        "{} for hidden delegate {id}'s own path",
                        reply.status
                    ));
                }
            }
        }
        for person in &self.people {
            if reply.body.contains(&person.full_name()) {
                found.push(format!("the name {:?}", person.full_name()));
            }
        }
        match serde_json::from_str::<Value>(&reply.body) {
            Ok(json) => self.walk(&json, "$", &mut found),
            Err(_) => self.csv_cells(&reply.body, &mut found),
        }
        found
    }

    fn walk(&self, value: &Value, at: &str, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                let is_delegate =
                    map.contains_key("delegation_id") && map.contains_key("given_name");
                if is_delegate {
                    if let Some(id) = map.get("id").and_then(Value::as_i64) {
                        if self.ids.contains(&id) {
                            found.push(format!("hidden delegate {id} at {at}"));
                        }
                    }
                }
                for person in &self.people {
                    if map.get("given_name").and_then(Value::as_str) == Some(&person.given)
                        && map.get("family_name").and_then(Value::as_str) == Some(&person.family)
                    {
                        found.push(format!("the name of delegate {} at {at}", person.id));
                    }
                }
                for (key, item) in map {
                    let here = format!("{at}.{key}");
                    if key.ends_with("delegate_id") {
                        if let Some(id) = item.as_i64().filter(|id| self.ids.contains(id)) {
                            found.push(format!("hidden delegate {id} at {here}"));
                        }
                    }
                    if key.ends_with("delegate_ids") {
                        for id in item
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_i64)
                        {
                            if self.ids.contains(&id) {
                                found.push(format!("hidden delegate {id} at {here}"));
                            }
                        }
                    }
                    self.walk(item, &here, found);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, &format!("{at}[{i}]"), found);
                }
            }
            _ => {}
        }
    }

    /// CSV: cells of columns about delegates (`…delegate_id`, `speakers`) hold no hidden id.
    fn csv_cells(&self, body: &str, found: &mut Vec<String>) {
        let mut lines = body.trim_start_matches('\u{feff}').lines();
        let Some(header) = lines.next() else { return };
        let columns: Vec<usize> = header
            .split(',')
            .enumerate()
            .filter(|(_, name)| name.contains("delegate") || *name == "speakers")
            .map(|(i, _)| i)
            .collect();
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            for &column in &columns {
                let Some(cell) = cells.get(column) else {
                    continue;
                };
                for part in cell.split([';', ':']) {
                    if let Ok(id) = part.trim_matches('"').parse::<i64>() {
                        if self.ids.contains(&id) {
                            found.push(format!("hidden delegate {id} in CSV line {line:?}"));
                        }
                    }
                }
            }
        }
    }

    /// Private fields of delegate objects other than the caller's own.
    fn private_fields(value: &Value, own: Option<i64>, at: &str, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                let is_delegate =
                    map.contains_key("delegation_id") && map.contains_key("given_name");
                let id = map.get("id").and_then(Value::as_i64);
                if is_delegate && id != own {
                    for field in PRIVATE_FIELDS {
                        if map.contains_key(field) {
                            found.push(format!("private `{field}` of delegate {id:?} at {at}"));
                        }
                    }
                }
                for (key, item) in map {
                    Self::private_fields(item, own, &format!("{at}.{key}"), found);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    Self::private_fields(item, own, &format!("{at}[{i}]"), found);
                }
            }
            _ => {}
        }
    }
}

/// The delegate record a signed-in user is bound to.
async fn own_delegate(app: &TestApp, token: &str) -> Option<i64> {
    app.get("/api/v1/auth/me", Some(token)).await.expect(200)["delegate_id"].as_i64()
}

both_backends!(
    no_view_names_a_delegate_its_caller_may_not_recognise,
    |app| async move {
        app.seed_demo();
        let admin = app.login("admin@gmd.example", "admin-demo-2026").await;
        let people: Vec<Person> = app
            .get(
                &format!("/api/v1/events/{EVENT}/delegates?per_page=100"),
                Some(&admin),
            )
            .await
            .expect(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| Person {
                id: d["id"].as_i64().unwrap(),
                given: d["given_name"].as_str().unwrap().to_owned(),
                family: d["family_name"].as_str().unwrap_or_default().to_owned(),
                consented: d["consent_public_profile"].as_bool().unwrap(),
            })
            .collect();
        let non_consenting: BTreeSet<i64> = people
            .iter()
            .filter(|p| !p.consented)
            .map(|p| p.id)
            .collect();
        assert!(
            non_consenting.len() >= 5,
            "the demo has non-consenting delegates"
        );

        let delegate = app
            .login("delegate@gmd.example", "delegate-demo-2026")
            .await;
        let delegate2 = app
            .login("delegate2@gmd.example", "delegate2-demo-2026")
            .await;
        let exhibitor = app
            .login("exhibitor@gmd.example", "exhibitor-demo-2026")
            .await;
        let reader = app
            .api_token(&[
                "delegates:read",
                "program:read",
                "expo:read",
                "partnerships:read",
                "audit:read",
                "webhooks:manage",
            ])
            .await;
        let crawlers = [
            Crawler {
                name: "anonymous",
                token: None,
                own: None,
            },
            Crawler {
                name: "delegate",
                own: own_delegate(&app, &delegate).await,
                token: Some(delegate),
            },
            Crawler {
                name: "delegate2",
                own: own_delegate(&app, &delegate2).await,
                token: Some(delegate2),
            },
            Crawler {
                name: "exhibitor",
                own: None,
                token: Some(exhibitor),
            },
            Crawler {
                name: "read-scoped API token",
                own: None,
                token: Some(reader),
            },
        ];

        let mut paths = Vec::new();
        let reads = spec::operations()
            .into_iter()
            .filter(|op| op.method == reqwest::Method::GET);
        for op in reads {
            for path in
                spec::expand(&app, &admin, &op.path, &non_consenting, IDS_PER_PARAMETER).await
            {
                let path = if op.query.iter().any(|name| name == "per_page") {
                    format!("{path}?per_page=100")
                } else {
                    path
                };
                paths.push(path);
            }
        }
        assert!(
            paths.len() > 200,
            "the crawl covers the spec ({} paths)",
            paths.len()
        );

        let mut cases = 0;
        let mut leaks: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for crawler in &crawlers {
            let hidden = Hidden {
                people: people
                    .iter()
                    .filter(|p| !p.consented && Some(p.id) != crawler.own)
                    .collect(),
                ids: non_consenting
                    .iter()
                    .copied()
                    .filter(|id| Some(*id) != crawler.own)
                    .collect(),
            };
            for path in &paths {
                let reply = app.get(path, crawler.token.as_deref()).await;
                cases += 1;
                assert!(
                    reply.status < 500,
                    "{} GET {path}: {} {}",
                    crawler.name,
                    reply.status,
                    reply.body
                );
                let mut found = hidden.leaks(path, &reply);
                if let Ok(json) = serde_json::from_str::<Value>(&reply.body) {
                    Hidden::private_fields(&json, crawler.own, "$", &mut found);
                }
                if !found.is_empty() {
                    found.dedup();
                    found.truncate(3);
                    leaks.insert(
                        format!("{} GET {path} ({})", crawler.name, reply.status),
                        found,
                    );
                }
            }
        }
        println!(
            "privacy crawler: {cases} requests over {} paths",
            paths.len()
        );
        assert!(
            leaks.is_empty(),
            "{} of {cases} answers show what their caller may not see:\n{}",
            leaks.len(),
            leaks
                .iter()
                .take(40)
                .map(|(case, found)| format!("  {case}: {}", found.join("; ")))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
);

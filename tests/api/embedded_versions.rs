//! Dependency-aware versions: a representation that shows other rows (a session its
//! speakers, an exhibitor its booths, a partnership its cities) moves its ETag, its
//! `updated_at` and its place in the `updated_since` feed whenever what it shows changes.
//!
//! The sweep reads every GET of the spec that answers one versioned representation
//! (`ETag: "<id>.<version>"`), as an organizer and anonymously, before and after each
//! change: every PATCH and PUT of the spec applied to a shown text of its first item, plus
//! the changes that reach other representations (a delegate's consent, a booth's
//! assignment, a session's speakers, an agreement's signatories). A representation whose
//! body changed while its ETag or `updated_at` stayed, or that its collection's
//! `updated_since` feed misses, fails the test.

use std::collections::{BTreeMap, BTreeSet};

use gmd_api::changes::embeddings::EMBEDDINGS;
use gmd_tests::spec::{self, DEMO_EVENT};
use gmd_tests::*;
use reqwest::Method;

/// Ids tried per path parameter.
const IDS_PER_PARAMETER: usize = 40;
/// Texts a generic change edits, in order of preference.
const TEXT_FIELDS: [&str; 6] = [
    "name",
    "title",
    "given_name",
    "code",
    "notes",
    "description",
];

/// One change to make, and the tables it changes that other representations may show.
struct Change {
    what: String,
    method: Method,
    path: String,
    body: Value,
    shown_tables: &'static [&'static str],
}

/// One versioned answer: its ETag and body.
type Seen = BTreeMap<String, (String, String)>;

fn is_version_etag(etag: &str) -> bool {
    let inner = etag.trim_matches('"');
    etag.starts_with('"')
        && inner.split_once('.').is_some_and(|(id, version)| {
            id.parse::<i64>().is_ok() && version.parse::<i64>().is_ok()
        })
}

/// The versioned answers at `paths` for `token`.
async fn read_all(app: &TestApp, paths: &[String], token: Option<&str>) -> Seen {
    let mut seen = Seen::new();
    for path in paths {
        let reply = app.get(path, token).await;
        assert!(
            reply.status < 500,
            "GET {path}: {} {}",
            reply.status,
            reply.body
        );
        if let Some(etag) = reply.header("etag").filter(|e| is_version_etag(e)) {
            if reply.status == 200 {
                seen.insert(path.clone(), (etag.to_owned(), reply.body));
            }
        }
    }
    seen
}

/// `text` changed visibly, keeping it valid for short codes and names.
fn edited(value: &Value) -> Option<Value> {
    match value {
        Value::String(text) if text.len() < 12 => Some(json!(format!("{text}Z"))),
        Value::String(text) => Some(json!(format!("{text} (changed)"))),
        Value::Object(map) if map.values().all(Value::is_string) && !map.is_empty() => Some(
            map.iter()
                .map(|(lang, text)| (lang.clone(), edited(text).unwrap_or_default()))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        ),
        _ => None,
    }
}

/// A change of one shown text of the first item of every PATCH and PUT in the spec.
async fn generic_changes(app: &TestApp, admin: &str) -> Vec<Change> {
    let mut changes = Vec::new();
    for op in spec::operations() {
        let writes = op.method == Method::PATCH || op.method == Method::PUT;
        if !writes || op.body_fields.is_empty() || op.path.contains("webhooks") {
            continue;
        }
        let Some(path) = spec::expand(app, admin, &op.path, &BTreeSet::new(), 1)
            .await
            .into_iter()
            .next()
        else {
            continue;
        };
        let current = app.get(&path, Some(admin)).await;
        if current.status != 200 {
            continue;
        }
        let current = current.json();
        let Some((field, value)) = TEXT_FIELDS.iter().find_map(|field| {
            op.body_fields
                .iter()
                .any(|f| f == field)
                .then(|| edited(&current[*field]).map(|v| (*field, v)))
                .flatten()
        }) else {
            continue;
        };
        let mut body = if op.method == Method::PUT {
            op.body_fields
                .iter()
                .filter(|f| !current[f.as_str()].is_null())
                .map(|f| (f.clone(), current[f.as_str()].clone()))
                .collect::<serde_json::Map<_, _>>()
        } else {
            serde_json::Map::new()
        };
        body.insert(field.to_owned(), value);
        changes.push(Change {
            what: format!("{} {} `{field}`", op.method, op.path),
            method: op.method.clone(),
            path,
            body: body.into(),
            shown_tables: &[],
        });
    }
    changes
}

/// The changes that reach other representations, found in the demo data.
async fn embedded_changes(app: &TestApp, admin: &str) -> Vec<Change> {
    let event = format!("/api/v1/events/{DEMO_EVENT}");
    let mut changes = Vec::new();

    let sessions = app
        .get(&format!("{event}/sessions?per_page=100"), Some(admin))
        .await
        .expect(200);
    let staged = sessions["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["speakers"].as_array().is_some_and(|sp| sp.len() >= 2))
        .expect("a demo session with two speakers");
    let speaker = staged["speakers"][0]["delegate_id"].as_i64().unwrap();
    let consented = staged["speakers"][0]["public_profile"].as_bool().unwrap();
    changes.push(Change {
        what: format!("a speaker's (delegate {speaker}) name"),
        method: Method::PATCH,
        path: format!("{event}/delegates/{speaker}"),
        body: json!({"family_name": "Renamed"}),
        shown_tables: &["delegates"],
    });
    changes.push(Change {
        what: format!("a speaker's (delegate {speaker}) consent"),
        method: Method::PATCH,
        path: format!("{event}/delegates/{speaker}"),
        body: json!({"consent_public_profile": !consented}),
        shown_tables: &["delegates"],
    });
    let mut speakers: Vec<Value> = staged["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!({"delegate_id": s["delegate_id"], "role": s["role"]}))
        .collect();
    speakers.reverse();
    changes.push(Change {
        what: "a session's speakers, reordered".into(),
        method: Method::PATCH,
        path: format!("{event}/sessions/{}", staged["id"]),
        body: json!({ "speakers": speakers }),
        shown_tables: &["session_speakers"],
    });

    // A session shows its counts of registrations: a cancellation and a registration
    // move them (quietly: the registration's own event tells what happened).
    let attended = sessions["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["confirmed"].as_i64().is_some_and(|n| n > 0))
        .expect("a demo session with a confirmed registration");
    let roster = app
        .get(
            &format!("{event}/sessions/{}/registrations", attended["id"]),
            Some(admin),
        )
        .await
        .expect(200);
    let attendee = roster["items"][0]["delegate_id"].as_i64().unwrap();
    changes.push(Change {
        what: format!("a registration (delegate {attendee}) cancelled"),
        method: Method::DELETE,
        path: format!(
            "{event}/sessions/{}/registrations/{attendee}",
            attended["id"]
        ),
        body: Value::Null,
        shown_tables: &["registrations"],
    });
    changes.push(Change {
        what: format!("a registration (delegate {attendee}) made again"),
        method: Method::POST,
        path: format!("{event}/sessions/{}/registrations", attended["id"]),
        body: json!({ "delegate_id": attendee }),
        shown_tables: &["registrations"],
    });

    let booths = app
        .get(&format!("{event}/booths?per_page=100"), Some(admin))
        .await
        .expect(200);
    let booths = booths["items"].as_array().unwrap();
    let held = booths
        .iter()
        .find(|b| b["exhibitor_id"].is_i64())
        .expect("an assigned demo booth");
    let free = booths
        .iter()
        .find(|b| b["exhibitor_id"].is_null())
        .expect("a free demo booth");
    let mut renamed = held.clone();
    renamed["code"] = json!(format!("{}Z", held["code"].as_str().unwrap()));
    let booth_fields = ["booth_type", "code", "h", "hall_id", "w", "x", "y"];
    let renamed: serde_json::Map<String, Value> = booth_fields
        .iter()
        .map(|f| ((*f).to_owned(), renamed[*f].clone()))
        .collect();
    changes.push(Change {
        what: "an assigned booth's code".into(),
        method: Method::PUT,
        path: format!("{event}/booths/{}", held["id"]),
        body: renamed.into(),
        shown_tables: &["booths"],
    });
    changes.push(Change {
        what: "a booth assigned".into(),
        method: Method::PUT,
        path: format!("{event}/booths/{}/assignment", free["id"]),
        body: json!({"exhibitor_id": held["exhibitor_id"]}),
        shown_tables: &["booths"],
    });
    changes.push(Change {
        what: "a booth released".into(),
        method: Method::DELETE,
        path: format!("{event}/booths/{}/assignment", held["id"]),
        body: Value::Null,
        shown_tables: &["booths"],
    });

    // An account shows the name of the exhibitor it acts for.
    let accounts = app
        .get("/api/v1/users?role=exhibitor", Some(admin))
        .await
        .expect(200);
    let represented = accounts["items"][0]["bound_to"]["id"]
        .as_i64()
        .expect("a demo exhibitor account");
    changes.push(Change {
        what: format!("a represented exhibitor's ({represented}) name"),
        method: Method::PATCH,
        path: format!("{event}/exhibitors/{represented}"),
        body: json!({"name": {"en": "Renamed Exhibitor Ltd"}}),
        shown_tables: &["exhibitors"],
    });

    let delegates = app
        .get(&format!("{event}/delegates?per_page=100"), Some(admin))
        .await
        .expect(200);
    let delegate_of = |city: &Value| {
        delegates["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| &d["city_id"] == city)
            .map(|d| (d["id"].clone(), city.clone()))
    };
    let partnerships = app
        .get("/api/v1/partnerships?per_page=100", Some(admin))
        .await
        .expect(200);
    let mut signed = None;
    for partnership in partnerships["items"].as_array().unwrap() {
        let signer = delegate_of(&partnership["city_a"]["id"])
            .or_else(|| delegate_of(&partnership["city_b"]["id"]));
        let path = format!("/api/v1/partnerships/{}/agreements", partnership["id"]);
        let agreements = app.get(&path, Some(admin)).await.expect(200);
        let items = agreements["items"]
            .as_array()
            .or(agreements.as_array())
            .cloned();
        if let (Some(first), Some(signer)) = (items.unwrap_or_default().into_iter().next(), signer)
        {
            signed = Some((partnership.clone(), first, signer));
            break;
        }
    }
    let (partnership, agreement, (signer, signer_city)) =
        signed.expect("a demo agreement of a city with a delegate");
    let mut body: serde_json::Map<String, Value> = [
        "kind",
        "session_id",
        "signed_at_city_id",
        "signed_on",
        "title",
    ]
    .iter()
    .map(|f| ((*f).to_owned(), agreement[*f].clone()))
    .collect();
    body.insert(
        "signatories".into(),
        json!([{"city_id": signer_city, "delegate_id": signer, "office": "Mayor"}]),
    );
    changes.push(Change {
        what: "an agreement's signatories".into(),
        method: Method::PUT,
        path: format!(
            "/api/v1/partnerships/{}/agreements/{}",
            partnership["id"], agreement["id"]
        ),
        body: body.into(),
        shown_tables: &["agreement_signatories"],
    });
    changes.push(Change {
        what: format!("a signatory's (delegate {signer}) name"),
        method: Method::PATCH,
        path: format!("{event}/delegates/{signer}"),
        body: json!({"given_name": "Zed"}),
        shown_tables: &["delegates"],
    });
    let city = partnership["city_a"]["id"].as_i64().unwrap();
    changes.push(Change {
        what: format!("a partner city's (city {city}) name"),
        method: Method::PATCH,
        path: format!("/api/v1/cities/{city}"),
        body: json!({"name": {"en": "Renamed City"}}),
        shown_tables: &["cities"],
    });
    changes
}

/// Everything wrong with the versioned answers after `change`.
async fn judge(
    app: &TestApp,
    admin: &str,
    feeds: &BTreeMap<String, bool>,
    before: &Seen,
    after: &Seen,
    since: &str,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (path, (etag, body)) in before {
        let Some((new_etag, new_body)) = after.get(path) else {
            continue;
        };
        if new_body == body {
            continue;
        }
        if new_etag == etag {
            wrong.push(format!("{path}: body changed, ETag {etag} did not"));
            continue;
        }
        let (old, new): (Value, Value) = (
            serde_json::from_str(body).unwrap(),
            serde_json::from_str(new_body).unwrap(),
        );
        if old.get("updated_at").is_some() && old["updated_at"] == new["updated_at"] {
            wrong.push(format!("{path}: body changed, updated_at did not"));
        }
        let (collection, id) = path.rsplit_once('/').unwrap();
        let Ok(id) = id.parse::<i64>() else { continue };
        if feeds.get(collection) == Some(&true) {
            let feed = format!("{collection}?updated_since={since}&per_page=100");
            let listed = app.get(&feed, Some(admin)).await.expect(200);
            let ids: Vec<i64> = listed["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|item| item["id"].as_i64())
                .collect();
            if !ids.contains(&id) {
                wrong.push(format!("{path}: changed, but not in {feed}"));
            }
        }
    }
    wrong
}

both_backends!(
    every_shown_change_moves_the_showing_representation,
    |app| async move {
        app.seed_demo();
        let admin = app.admin_token().await;

        // Item reads (a path ending in a parameter) and which collections have a feed.
        let mut collections = BTreeMap::new();
        let mut paths = Vec::new();
        for op in spec::operations() {
            if op.method != Method::GET {
                continue;
            }
            if !op.path.ends_with('}') {
                collections.insert(
                    op.path.clone(),
                    op.query.iter().any(|q| q == "updated_since"),
                );
                continue;
            }
            paths.extend(
                spec::expand(&app, &admin, &op.path, &BTreeSet::new(), IDS_PER_PARAMETER).await,
            );
        }
        // The feeds, by concrete collection path.
        let mut feeds = BTreeMap::new();
        for (template, has_feed) in &collections {
            for path in spec::expand(&app, &admin, template, &BTreeSet::new(), 1).await {
                feeds.insert(path, *has_feed);
            }
        }

        let mut changes = embedded_changes(&app, &admin).await;
        let shown: BTreeSet<&str> = changes
            .iter()
            .flat_map(|c| c.shown_tables)
            .copied()
            .collect();
        for embedding in EMBEDDINGS {
            assert!(
                shown.contains(embedding.child),
                "no change here exercises `{}`, which {} shows",
                embedding.child,
                embedding.parent
            );
        }
        changes.extend(generic_changes(&app, &admin).await);

        let callers = [Some(admin.clone()), None];
        let mut seen = Vec::new();
        for caller in &callers {
            seen.push(read_all(&app, &paths, caller.as_deref()).await);
        }
        assert!(
            seen[0].len() > 100,
            "the sweep covers the versioned representations ({})",
            seen[0].len()
        );
        let mut wrong = BTreeMap::new();
        let mut applied = 0;
        for change in &changes {
            // The feed's instant: just before the change, on the server's clock.
            let since = (chrono::Utc::now() - chrono::Duration::milliseconds(1))
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            let reply = Reply::send(
                app.request(change.method.clone(), &change.path, Some(&admin))
                    .json(&change.body),
            )
            .await;
            if !(200..300).contains(&reply.status) {
                println!("skipped ({}): {} {}", reply.status, change.what, reply.body);
                assert!(
                    change.shown_tables.is_empty(),
                    "{} failed: {} {}",
                    change.what,
                    reply.status,
                    reply.body
                );
                continue;
            }
            applied += 1;
            for (caller, before) in callers.iter().zip(seen.iter_mut()) {
                let after = read_all(&app, &paths, caller.as_deref()).await;
                let since: String =
                    url::form_urlencoded::byte_serialize(since.as_bytes()).collect();
                let found = judge(&app, &admin, &feeds, before, &after, &since).await;
                let who = if caller.is_some() {
                    "organizer"
                } else {
                    "anonymous"
                };
                for problem in found {
                    wrong
                        .entry(format!("{} ({who})", change.what))
                        .or_insert_with(Vec::new)
                        .push(problem);
                }
                *before = after;
            }
        }
        println!(
            "embedded versions: {applied} changes applied, {} versioned paths read per caller",
            paths.len()
        );
        assert!(applied >= 15, "most changes apply ({applied})");
        assert!(
            wrong.is_empty(),
            "{} changes moved a representation's body but not its version:\n{}",
            wrong.len(),
            wrong
                .iter()
                .map(|(change, found)| format!("  {change}: {}", found.join("; ")))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
);

/// Where two bodies first differ, with the text there, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let near = |text: &str| {
        text.get(at..)
            .unwrap_or_default()
            .chars()
            .take(60)
            .collect::<String>()
    };
    format!("byte {at}: {:?} vs {:?}", near(a), near(b))
}

/// Every page a cache may hold (every GET that is not one item), with the demo's ids.
async fn pages(app: &TestApp, admin: &str) -> Vec<String> {
    let mut pages = Vec::new();
    for op in spec::operations() {
        if op.method == Method::GET && !op.path.ends_with('}') && op.path.starts_with("/api/v1") {
            pages.extend(spec::expand(app, admin, &op.path, &BTreeSet::new(), 2).await);
        }
    }
    pages
}

both_backends!(
    no_cached_page_differs_from_a_fresh_one_after_any_change,
    |app| async move {
        app.seed_demo();
        let admin = app.admin_token().await;
        let uncached = app.spawn_peer(&Setup {
            cache_bytes: Some(0),
            ..Setup::default()
        });
        let pages = pages(&app, &admin).await;
        let mut changes = embedded_changes(&app, &admin).await;
        changes.extend(generic_changes(&app, &admin).await);
        // A check-in: frequent, and shown by few pages.
        changes.push(Change {
            what: "a check-in".into(),
            method: Method::POST,
            path: format!("/api/v1/events/{DEMO_EVENT}/check-in"),
            body: json!({"delegate_id": 1}),
            shown_tables: &[],
        });
        let callers = [Some(admin.clone()), None];
        let mut stale = BTreeMap::new();
        let mut compared = 0;
        for change in std::iter::once(None).chain(changes.iter().map(Some)) {
            if let Some(change) = change {
                Reply::send(
                    app.request(change.method.clone(), &change.path, Some(&admin))
                        .json(&change.body),
                )
                .await;
            }
            for caller in &callers {
                for page in &pages {
                    let cached = app.get(page, caller.as_deref()).await;
                    let mut fresh = app.client.get(format!("{uncached}{page}"));
                    if let Some(token) = caller {
                        fresh = fresh.bearer_auth(token);
                    }
                    let fresh = Reply::send(fresh).await;
                    compared += 1;
                    let same = cached.status == fresh.status
                        && (cached.status != 200 || cached.body == fresh.body);
                    if !same {
                        let what = change.map_or("before any change".into(), |c| c.what.clone());
                        stale.entry(what).or_insert_with(Vec::new).push(format!(
                            "{page} ({} vs {}; bodies part at {})",
                            cached.status,
                            fresh.status,
                            first_difference(&cached.body, &fresh.body)
                        ));
                    }
                }
            }
        }
        println!("cache coherence: {compared} pages compared");
        assert!(
            stale.is_empty(),
            "cached pages differ from fresh ones:\n{}",
            stale
                .iter()
                .map(|(change, pages)| format!("  after {change}: {}", pages.join(", ")))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
);

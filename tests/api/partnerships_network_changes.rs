//! The in-memory partnership graph follows every kind of change exactly. The app under
//! test answers before each change (so its graph is loaded) and after it (so its graph is
//! patched with what changed); after each change its answers (the map with several
//! filters, statistics, every city's partners and the path between every two cities, as
//! the public and as the organizer) must equal those of a process started afresh on the
//! same database, which reads the graph whole.

use gmd_api::db::PoolOptions;
use gmd_tests::*;

use crate::partnerships_support::*;

/// The cities of the test and the organizer's token.
struct World {
    cities: Vec<i64>,
    organizer: String,
}

/// Every answer of the network endpoints that `world` can ask for, from the process at
/// `base`: (what was asked, status, body; a problem's `detail` only).
async fn answers(app: &TestApp, base: &str, world: &World) -> Vec<(String, u16, Value)> {
    let mut paths: Vec<String> = [
        "",
        "?status=active",
        "?kind=sister_city",
        "?field=culture",
        "?country=CN",
        "?country=DE",
        "?country=CA",
        "?country=FI",
    ]
    .iter()
    .map(|query| format!("{PARTNERSHIPS}/network{query}"))
    .collect();
    paths.push(format!("{PARTNERSHIPS}/stats"));
    for &city in &world.cities {
        paths.push(format!("/api/v1/cities/{city}/partners"));
        for &to in &world.cities {
            paths.push(format!("{PARTNERSHIPS}/path?from={city}&to={to}"));
        }
    }
    paths.push(format!(
        "{PARTNERSHIPS}/path?from={}&to={}&kind=friendship_city",
        world.cities[0], world.cities[3]
    ));
    let mut found = Vec::new();
    for path in paths {
        for token in [None, Some(world.organizer.as_str())] {
            let mut request = app.client.get(format!("{base}{path}"));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let reply = Reply::send(request).await;
            let body = match reply.status {
                200 => reply.json(),
                _ => reply.json()["detail"].clone(),
            };
            let who = if token.is_some() {
                "organizer"
            } else {
                "public"
            };
            found.push((format!("{who} {path}"), reply.status, body));
        }
    }
    found
}

/// Asserts that the app answers as a freshly started process on its database does.
async fn check(app: &TestApp, world: &World, after: &str) {
    let patched = answers(app, &app.address, world).await;
    let fresh = app.spawn_peer(&Setup {
        pool: PoolOptions {
            max_size: 2,
            ..PoolOptions::default()
        },
        ..Setup::default()
    });
    let loaded = answers(app, &fresh, world).await;
    let differ: Vec<String> = patched
        .iter()
        .zip(&loaded)
        .filter(|(patched, loaded)| patched != loaded)
        .map(|((asked, status, body), (_, fresh_status, fresh_body))| {
            format!("{asked}: {status} {body}\n  a fresh process: {fresh_status} {fresh_body}")
        })
        .collect();
    assert!(
        differ.is_empty(),
        "after {after}, {} answers differ from a fresh load:\n{}",
        differ.len(),
        differ[..differ.len().min(5)].join("\n")
    );
}

async fn patch_partnership(app: &TestApp, world: &World, id: i64, body: Value) {
    app.patch(&partnership(id, ""), Some(&world.organizer), &body)
        .await
        .expect(200);
}

async fn patch_city(app: &TestApp, world: &World, id: i64, body: Value) {
    app.patch(
        &format!("/api/v1/cities/{id}"),
        Some(&world.organizer),
        &body,
    )
    .await
    .expect(200);
}

both_backends!(
    the_patched_graph_answers_as_a_fresh_load,
    |app| async move {
        let organizer = app.organizer_token().await;
        let mut cities = Vec::new();
        for (n, country) in ["CN", "CN", "DE", "DE", "CA", "CA", "FI", "CN"]
            .into_iter()
            .enumerate()
        {
            cities.push(city_in(&app, &format!("City {n}"), country).await);
        }
        let mut world = World { cities, organizer };
        let c = world.cities.clone();
        // A ring of active partnerships, a chord and some not active.
        let mut ties = Vec::new();
        for k in 0..6 {
            let status = if k == 3 { "signed" } else { "active" };
            ties.push(partner(&app, c[k], c[(k + 1) % 6], "sister_city", status).await);
        }
        ties.push(partner(&app, c[0], c[3], "friendship_city", "active").await);
        ties.push(partner(&app, c[1], c[4], "cooperation_agreement", "proposed").await);
        check(&app, &world, "loading").await;

        let created = partner(&app, c[2], c[5], "friendship_city", "active").await;
        check(&app, &world, "a new partnership").await;

        drive_partnership(&app, ties[1], &["suspend"]).await;
        check(&app, &world, "a suspension (active to not)").await;
        drive_partnership(&app, ties[3], &["activate"]).await;
        check(&app, &world, "an activation").await;

        patch_partnership(&app, &world, created, json!({"kind": "sister_city"})).await;
        check(&app, &world, "a change of kind").await;
        patch_partnership(
            &app,
            &world,
            ties[0],
            json!({"fields": ["culture", "trade"], "established_on": "1990-04-01",
            "illustrative": true}),
        )
        .await;
        check(&app, &world, "a change of fields, date and sample flag").await;
        patch_partnership(&app, &world, ties[2], json!({"notes": "Renewed"})).await;
        check(&app, &world, "a change the network does not show").await;

        app.delete(&partnership(ties[4], ""), Some(&world.organizer))
            .await
            .expect(204);
        check(&app, &world, "a deletion").await;

        patch_city(&app, &world, c[2], json!({"name": {"en": "Renamed"}})).await;
        check(&app, &world, "a city renamed").await;
        patch_city(&app, &world, c[4], json!({"country": "DE"})).await;
        check(&app, &world, "a city moved to another country").await;
        patch_city(
            &app,
            &world,
            c[6],
            json!({"latitude": 10.5, "longitude": 20.25}),
        )
        .await;
        check(&app, &world, "a city without partners moved").await;

        let new_city = city_in(&app, "Newcomer", "CA").await;
        world.cities.push(new_city);
        check(&app, &world, "a new city").await;
        partner(&app, new_city, c[0], "sister_city", "active").await;
        check(&app, &world, "a partnership of the new city").await;

        // Several changes between two reads, one of them outside the API (a tool).
        let spare = partner(&app, c[6], c[7], "friendship_city", "active").await;
        drive_partnership(&app, ties[5], &["suspend"]).await;
        app.insert_partnership(c[6], c[2], "active", &["sports"]);
        app.delete(&partnership(ties[6], ""), Some(&world.organizer))
            .await
            .expect(204);
        check(&app, &world, "several changes at once").await;
        app.delete(&partnership(spare, ""), Some(&world.organizer))
            .await
            .expect(204);
        check(&app, &world, "another deletion").await;

        let lonely = city_in(&app, "Lonely", "FI").await;
        world.cities.push(lonely);
        check(&app, &world, "a city that will go").await;
        app.delete(&format!("/api/v1/cities/{lonely}"), Some(&world.organizer))
            .await
            .expect(204);
        check(&app, &world, "a city deleted").await;
    }
);

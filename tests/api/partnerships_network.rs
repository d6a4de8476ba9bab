//! The network queries on a generated network of 30 cities in 3 countries and 50
//! partnerships, all built through the API: the map's filters and node degrees, a city's
//! partners, the shortest chain of active partnerships (checked against a breadth-first
//! search of the test's own), statistics, and answers that follow a write at once.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;

use gmd_tests::*;

use crate::partnerships_support::*;

const COUNTRIES: [&str; 3] = ["CN", "DE", "CA"];
const KINDS: [&str; 3] = ["sister_city", "friendship_city", "cooperation_agreement"];
const STATUSES: [&str; 10] = [
    "active",
    "active",
    "signed",
    "active",
    "proposed",
    "active",
    "suspended",
    "active",
    "ended",
    "negotiating",
];
const FIELDS: [&str; 9] = [
    "ice_snow_economy",
    "tourism",
    "culture",
    "trade",
    "education",
    "technology",
    "sports",
    "environment",
    "governance",
];

/// A partnership as the test made it.
#[derive(Debug, Clone)]
struct Tie {
    id: i64,
    a: i64,
    b: i64,
    kind: &'static str,
    status: &'static str,
    fields: Vec<&'static str>,
    on: Option<String>,
    illustrative: bool,
}

/// The generated network: cities by id with their country, and the partnerships.
struct World {
    countries: BTreeMap<i64, &'static str>,
    cities: Vec<i64>,
    ties: Vec<Tie>,
}

impl World {
    /// The edges of the ties that pass `keep`.
    fn edges(&self, keep: impl Fn(&Tie) -> bool) -> Vec<(i64, i64)> {
        self.ties
            .iter()
            .filter(|t| keep(t))
            .map(|t| (t.a, t.b))
            .collect()
    }

    fn active_edges(&self) -> Vec<(i64, i64)> {
        self.edges(|t| t.status == "active")
    }
}

/// A small deterministic generator, so that a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Creates 30 cities (10 per country; the last one stays without partners) and 50
/// partnerships: a random tree over the other 29 cities plus 22 random extra pairs, with
/// mixed kinds, statuses, fields, dates and sample flags. Everything goes through the API
/// as the organizer, in parallel batches.
async fn generate(app: &TestApp) -> World {
    let organizer = app.organizer_token().await;
    let mut cities = Vec::new();
    let mut countries = BTreeMap::new();
    for batch in 0..3 {
        let requests = (0..10)
            .map(|n| {
                let body = with(
                    city_body(&format!("City {batch}-{n}")),
                    json!({ "country": COUNTRIES[(batch * 10 + n) % 3] }),
                );
                app.request(Method::POST, "/api/v1/cities", Some(&organizer))
                    .json(&body)
            })
            .collect();
        for reply in app.concurrently(requests).await {
            let city = reply.expect(201);
            let country = COUNTRIES
                .iter()
                .find(|c| city["country"] == **c)
                .expect("a known country");
            countries.insert(id(&city), *country);
            cities.push(id(&city));
        }
    }

    let mut rng = Lcg(2026);
    let mut pairs: Vec<(i64, i64)> = (1..29).map(|k| (cities[k], cities[rng.below(k)])).collect();
    let mut taken: BTreeSet<(i64, i64)> =
        pairs.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
    while pairs.len() < 50 {
        let (a, b) = (cities[rng.below(29)], cities[rng.below(29)]);
        if a != b && taken.insert((a.min(b), a.max(b))) {
            pairs.push((a, b));
        }
    }
    let mut ties: Vec<Tie> = pairs
        .into_iter()
        .enumerate()
        .map(|(n, (a, b))| {
            let first = rng.below(FIELDS.len());
            let mut fields = vec![FIELDS[first]];
            if rng.below(2) == 0 {
                fields.push(FIELDS[(first + 1 + rng.below(FIELDS.len() - 1)) % FIELDS.len()]);
            }
            let on = (rng.below(4) != 0).then(|| {
                format!(
                    "{}-{:02}-{:02}",
                    1980 + rng.below(40),
                    1 + rng.below(12),
                    1 + rng.below(28)
                )
            });
            Tie {
                id: 0,
                a,
                b,
                kind: KINDS[rng.below(3)],
                status: STATUSES[n % STATUSES.len()],
                fields,
                on,
                illustrative: n % 5 == 4,
            }
        })
        .collect();
    for batch in ties.chunks_mut(10) {
        let requests = batch
            .iter()
            .map(|t| {
                let body = with(
                    partnership_body(t.a, t.b, t.kind),
                    json!({"status": t.status, "fields": t.fields, "established_on": t.on,
                        "illustrative": t.illustrative}),
                );
                app.request(Method::POST, PARTNERSHIPS, Some(&organizer))
                    .json(&body)
            })
            .collect();
        for (tie, reply) in batch.iter_mut().zip(app.concurrently(requests).await) {
            tie.id = id(&reply.expect(201));
        }
    }
    World {
        countries,
        cities,
        ties,
    }
}

/// Checks a network answer against the ties expected: the same edges, and nodes that are
/// exactly their cities with matching degrees.
#[track_caller]
fn assert_network(network: &Value, expected: &[&Tie], what: &str) {
    let edges: BTreeSet<i64> = network["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("edges in {network}"))
        .iter()
        .map(id)
        .collect();
    assert_eq!(
        edges,
        expected.iter().map(|t| t.id).collect::<BTreeSet<_>>(),
        "edges of {what}"
    );
    let mut degrees: BTreeMap<i64, u64> = BTreeMap::new();
    for tie in expected {
        *degrees.entry(tie.a).or_default() += 1;
        *degrees.entry(tie.b).or_default() += 1;
    }
    let nodes: BTreeMap<i64, u64> = network["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (id(n), n["degree"].as_u64().unwrap()))
        .collect();
    assert_eq!(nodes, degrees, "nodes and degrees of {what}");
    for edge in network["edges"].as_array().unwrap() {
        let tie = expected.iter().find(|t| t.id == id(edge)).unwrap();
        assert_eq!(
            (edge["source"].as_i64(), edge["target"].as_i64()),
            (Some(tie.a), Some(tie.b))
        );
        assert_eq!(edge["kind"], tie.kind);
        assert_eq!(edge["status"], tie.status);
        assert_eq!(edge["fields"], json!(tie.fields));
        assert_eq!(edge["established_on"], json!(tie.on));
        assert_eq!(edge["illustrative"], tie.illustrative);
    }
}

/// Checks a path answer: a chain of active partnerships from `from` to `to`, as short as
/// the test's own search says.
#[track_caller]
fn assert_path(path: &Value, world: &World, from: i64, to: i64, hops: usize) {
    assert_eq!(path["hops"], hops, "{from}→{to}: {path}");
    let cities: Vec<i64> = path["cities"].as_array().unwrap().iter().map(id).collect();
    let chain = path["partnerships"].as_array().unwrap();
    assert_eq!(chain.len(), hops);
    assert_eq!(cities.len(), hops + 1);
    assert_eq!((cities[0], cities[hops]), (from, to));
    for (step, edge) in chain.iter().enumerate() {
        let tie = world
            .ties
            .iter()
            .find(|t| t.id == id(edge))
            .expect("a known partnership");
        assert_eq!(tie.status, "active", "only active partnerships: {path}");
        let ends = BTreeSet::from([tie.a, tie.b]);
        assert_eq!(
            ends,
            BTreeSet::from([cities[step], cities[step + 1]]),
            "the chain links consecutive cities: {path}"
        );
    }
}

async fn path(app: &TestApp, from: i64, to: i64) -> Reply {
    app.get(&format!("{PARTNERSHIPS}/path?from={from}&to={to}"), None)
        .await
}

both_backends!(network_filters_and_degrees_match, |app| async move {
    let world = generate(&app).await;
    let organizer = app.organizer_token().await;
    let public = |t: &Tie| matches!(t.status, "signed" | "active");
    type Keep = Box<dyn Fn(&Tie) -> bool>;
    let filters: Vec<(String, Keep)> = vec![
        (String::new(), Box::new(|_| true)),
        (
            "kind=sister_city".into(),
            Box::new(|t| t.kind == "sister_city"),
        ),
        ("status=active".into(), Box::new(|t| t.status == "active")),
        (
            "status=proposed".into(),
            Box::new(|t| t.status == "proposed"),
        ),
        (
            "field=culture".into(),
            Box::new(|t| t.fields.contains(&"culture")),
        ),
        (
            "field=ice_snow_economy".into(),
            Box::new(|t| t.fields.contains(&"ice_snow_economy")),
        ),
        ("illustrative=true".into(), Box::new(|t| t.illustrative)),
        ("illustrative=false".into(), Box::new(|t| !t.illustrative)),
        (
            "established_from=2000-01-01".into(),
            Box::new(|t| t.on.as_deref().is_some_and(|on| on >= "2000-01-01")),
        ),
        (
            "established_to=1995-06-30".into(),
            Box::new(|t| t.on.as_deref().is_some_and(|on| on <= "1995-06-30")),
        ),
        (
            "established_from=1990-01-01&established_to=2009-12-31&kind=friendship_city".into(),
            Box::new(|t| {
                t.kind == "friendship_city"
                    && t.on
                        .as_deref()
                        .is_some_and(|on| ("1990-01-01"..="2009-12-31").contains(&on))
            }),
        ),
    ];
    let mut filters = filters;
    for country in COUNTRIES {
        let countries = world.countries.clone();
        filters.push((
            format!("country={country}"),
            Box::new(move |t| countries[&t.a] == country || countries[&t.b] == country),
        ));
    }
    for (query, keep) in &filters {
        let path = format!("{PARTNERSHIPS}/network?{query}");
        let expected: Vec<&Tie> = world.ties.iter().filter(|t| keep(t)).collect();
        let network = app.get(&path, Some(&organizer)).await.expect(200);
        assert_network(&network, &expected, &format!("organizer {query}"));
        let expected: Vec<&Tie> = expected.into_iter().filter(|t| public(t)).collect();
        let network = app.get(&path, None).await.expect(200);
        assert_network(&network, &expected, &format!("public {query}"));
    }
    // The country filter shows that country's cities and their foreign partners.
    let network = app
        .get(
            &format!("{PARTNERSHIPS}/network?country=DE"),
            Some(&organizer),
        )
        .await
        .expect(200);
    let shown: BTreeSet<&str> = network["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["country"].as_str().unwrap())
        .collect();
    assert!(shown.contains("DE") && shown.len() > 1, "{shown:?}");
    // A bad filter is a clear problem.
    let reply = app
        .get(&format!("{PARTNERSHIPS}/network?status=dormant"), None)
        .await;
    assert!(matches!(reply.status, 400 | 422), "{}", reply.status);

    // A city's partners: its visible ties, with the other city, oldest first.
    for &city in &world.cities[..6] {
        let answer = app
            .get(&format!("/api/v1/cities/{city}/partners"), None)
            .await
            .expect(200);
        assert_eq!(answer["city"]["id"], city);
        let mut expected: Vec<&Tie> = world
            .ties
            .iter()
            .filter(|t| public(t) && (t.a == city || t.b == city))
            .collect();
        expected.sort_by_key(|t| (t.on.is_none(), t.on.clone(), t.id));
        let partners = answer["partners"].as_array().unwrap();
        assert_eq!(
            partners
                .iter()
                .map(|p| p["partnership_id"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            expected.iter().map(|t| t.id).collect::<Vec<_>>(),
            "partners of {city}"
        );
        for (partner, tie) in partners.iter().zip(&expected) {
            let other = if tie.a == city { tie.b } else { tie.a };
            assert_eq!(partner["city"]["id"], other);
            assert_eq!(partner["kind"], tie.kind);
            assert_eq!(partner["status"], tie.status);
            assert_eq!(partner["since"], json!(tie.on));
            assert_eq!(partner["fields"], json!(tie.fields));
        }
    }
    let lonely = world.cities[29];
    let answer = app
        .get(&format!("/api/v1/cities/{lonely}/partners"), None)
        .await
        .expect(200);
    assert_eq!(answer["partners"], json!([]));
    app.get("/api/v1/cities/999999/partners", None)
        .await
        .expect_problem(404);
});

both_backends!(stats_count_what_was_created, |app| async move {
    let world = generate(&app).await;
    let organizer = app.organizer_token().await;
    for (token, visible) in [
        (Some(organizer.as_str()), None),
        (None, Some(["signed", "active"])),
    ] {
        let ties: Vec<&Tie> = world
            .ties
            .iter()
            .filter(|t| visible.is_none_or(|v| v.contains(&t.status)))
            .collect();
        let stats = app
            .get(&format!("{PARTNERSHIPS}/stats"), token)
            .await
            .expect(200);
        let count = |key: &dyn Fn(&Tie) -> Vec<&'static str>| {
            let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
            for tie in &ties {
                for value in key(tie) {
                    *counts.entry(value).or_default() += 1;
                }
            }
            json!(counts)
        };
        assert_eq!(stats["total"], ties.len());
        assert_eq!(stats["by_kind"], count(&|t| vec![t.kind]));
        assert_eq!(stats["by_status"], count(&|t| vec![t.status]));
        assert_eq!(stats["by_field"], count(&|t| t.fields.clone()));
        assert_eq!(
            stats["by_country"],
            count(&|t| {
                let mut both = vec![world.countries[&t.a], world.countries[&t.b]];
                both.dedup();
                both
            })
        );
        let mut degrees: BTreeMap<i64, u64> = BTreeMap::new();
        for tie in &ties {
            *degrees.entry(tie.a).or_default() += 1;
            *degrees.entry(tie.b).or_default() += 1;
        }
        let mut ranked: Vec<(i64, u64)> = degrees.into_iter().collect();
        ranked.sort_by_key(|&(city, count)| (std::cmp::Reverse(count), city));
        ranked.truncate(10);
        let most: Vec<(i64, u64)> = stats["most_connected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (id(&c["city"]), c["partnerships"].as_u64().unwrap()))
            .collect();
        assert_eq!(most, ranked, "the ten most connected cities");
    }
});

both_backends!(paths_use_active_partnerships_only, |app| async move {
    let world = generate(&app).await;
    let organizer = app.organizer_token().await;
    let active = world.active_edges();
    let start = world.cities[0];
    let mut longest: Option<(i64, usize)> = None;
    let mut unreachable = 0;
    for &to in &world.cities[1..] {
        let reply = path(&app, start, to).await;
        match bfs_hops(&active, start, to) {
            Some(hops) => {
                assert_path(&reply.expect(200), &world, start, to, hops);
                if longest.is_none_or(|(_, most)| hops > most) {
                    longest = Some((to, hops));
                }
            }
            None => {
                let problem = reply.expect_problem(404);
                assert!(
                    problem["detail"].as_str().unwrap().contains("no chain"),
                    "{problem}"
                );
                unreachable += 1;
            }
        }
    }
    assert!(unreachable >= 1, "the city without partners is unreachable");
    // Any two cities, in both directions.
    for (from, to) in [(5, 17), (17, 5), (11, 28), (3, 22)] {
        let (from, to) = (world.cities[from], world.cities[to]);
        let reply = path(&app, from, to).await;
        match bfs_hops(&active, from, to) {
            Some(hops) => assert_path(&reply.expect(200), &world, from, to, hops),
            None => {
                reply.expect_problem(404);
            }
        }
    }
    path(&app, start, 999_999).await.expect_problem(404);
    path(&app, 999_999, start).await.expect_problem(404);
    let same = path(&app, start, start).await.expect(200);
    assert_eq!(same["hops"], 0);

    // Suspending a link of the longest chain: the next answer goes around it (or finds no
    // chain), and the map shows the new status at once.
    let (to, hops) = longest.expect("some city is reachable");
    assert!(
        hops >= 2,
        "the generated network has a chain of several links"
    );
    let chain = path(&app, start, to).await.expect(200);
    let cut = id(&chain["partnerships"][hops / 2]);
    drive_partnership(&app, cut, &["suspend"]).await;
    let mut world = world;
    world.ties.iter_mut().find(|t| t.id == cut).unwrap().status = "suspended";
    let active = world.active_edges();
    let reply = path(&app, start, to).await;
    match bfs_hops(&active, start, to) {
        Some(hops) => {
            let answer = reply.expect(200);
            assert_path(&answer, &world, start, to, hops);
            assert!(answer["partnerships"]
                .as_array()
                .unwrap()
                .iter()
                .all(|edge| id(edge) != cut));
        }
        None => {
            reply.expect_problem(404);
        }
    }
    let network = app
        .get(
            &format!("{PARTNERSHIPS}/network?status=suspended"),
            Some(&organizer),
        )
        .await
        .expect(200);
    assert!(network["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| id(e) == cut));
    let edge = |network: &Value| {
        network["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| id(e) == cut)
    };
    let public = app
        .get(&format!("{PARTNERSHIPS}/network"), None)
        .await
        .expect(200);
    assert!(
        !edge(&public),
        "the public no longer sees the suspended link"
    );

    // Reactivated, it carries the chain again.
    drive_partnership(&app, cut, &["activate"]).await;
    assert_eq!(path(&app, start, to).await.expect(200)["hops"], hops);
    let public = app
        .get(&format!("{PARTNERSHIPS}/network"), None)
        .await
        .expect(200);
    assert!(edge(&public));
    // A deleted partnership leaves the graph at once too.
    app.delete(&partnership(cut, ""), Some(&organizer))
        .await
        .expect(204);
    let public = app
        .get(&format!("{PARTNERSHIPS}/network"), None)
        .await
        .expect(200);
    assert!(!edge(&public));
});

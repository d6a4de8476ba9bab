//! `q=` (indexed search, `db::search`): the same rows on both backends, and the ones a
//! folded substring test finds, whatever the query holds (scripts, accents, Turkish İ,
//! case, `LIKE` wildcards, quotes, FTS5 operators) and however short it is.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::query_builder::{QueryBuilder, QueryFragment};
use diesel::sql_types::Text;
use gmd_api::db::schema::delegates;
use gmd_api::db::search::contains;
use gmd_tests::*;

/// Delegates (given name, family name) whose names are hard to search.
const NAMES: &[(&str, &str)] = &[
    ("Lukas", "Zürich"),
    ("Anna", "ZÜRICH-Berg"),
    ("Zurich", "Plain"),
    ("João", "São Paulo"),
    ("Sao", "Paulo"),
    ("哈尔滨", "市长"),
    ("İsmail", "İstanbul"),
    ("Ismail", "Istanbul"),
    ("Fifty", "50% Off"),
    ("Under", "a_b Score"),
    ("Back", "c\\d Slash"),
    ("Quote", "\"Quoted\" Name"),
    ("Tom", "X AND Y"),
    ("Near", "NEAR(a b)"),
    ("Star", "ab* Star"),
    ("Caret", "^start col:val"),
    ("Sean", "O'Brien"),
    ("Paren", "((( )))"),
    ("Ελένη", "Ροβανιέμι"),
    ("Jürgen", "Straße"),
    ("MARIA", "garcía"),
    ("maria", "GARCÍA"),
    ("Åsa", "Ångström"),
    ("Ab", "Xy"),
];

/// Queries of one, two and three or more characters.
const QUERIES: &[&str] = &[
    "z",
    "Z",
    "哈",
    "%",
    "_",
    "\\",
    "\"",
    "*",
    "i",
    "(",
    "'",
    "ü",
    "zü",
    "ZÜ",
    "哈尔",
    "%_",
    "\\%",
    "ão",
    "_x",
    "ab",
    "*",
    "\"q",
    "zürich",
    "ZÜRICH",
    "zur",
    "são paulo",
    "SÃO",
    "sao",
    "哈尔滨",
    "尔滨 市",
    "İstanbul",
    "istanbul",
    "İSMAİL",
    "50%",
    "0% o",
    "a_b",
    "a%b",
    "c\\d",
    "\\d s",
    "\"quoted\"",
    "\"quoted",
    "AND",
    "x and y",
    "NEAR(",
    "near(a b)",
    "ab*",
    "b* s",
    "^start",
    "col:val",
    "o'brien",
    "'br",
    "OR",
    "NOT",
    "(((",
    ") )",
    "ροβανιέμι",
    "STRASSE",
    "maria garcía",
];

/// The folded form the API searches: full Unicode lower case (`search_key`).
fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// The seeded delegates matching `query`, by seed index: a substring test over the folded
/// names, independent of how the API finds them.
fn expected(query: &str) -> Vec<usize> {
    let needle = fold(query.trim());
    NAMES
        .iter()
        .enumerate()
        .filter(|(_, (given, family))| fold(&format!("{given} {family}")).contains(&needle))
        .map(|(i, _)| i)
        .collect()
}

/// Every page of `path` with `query`; the items' ids in order and the reported total.
async fn search(app: &TestApp, path: &str, query: &[(&str, &str)]) -> (Vec<i64>, i64) {
    let token = app.organizer_token().await;
    let request = app
        .request(reqwest::Method::GET, path, Some(&token))
        .query(query);
    let page = Reply::send(request).await.expect(200);
    let ids = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect();
    (ids, page["total"].as_i64().unwrap())
}

both_backends!(
    delegates_found_are_the_folded_substring_matches,
    |app| async move {
        let scenario = app.scenario().await;
        let mut seed_of = HashMap::new();
        for (i, (given, family)) in NAMES.iter().enumerate() {
            let id = app.new_delegate(&scenario, given, family).await["id"]
                .as_i64()
                .unwrap();
            seed_of.insert(id, i);
        }
        let path = scenario.path("/delegates");
        for query in QUERIES {
            let (ids, total) = search(&app, &path, &[("q", query), ("per_page", "100")]).await;
            let found: Vec<usize> = ids.iter().map(|id| seed_of[id]).collect();
            let wanted = expected(query);
            assert_eq!(found, wanted, "q={query:?}");
            assert_eq!(total, i64::try_from(wanted.len()).unwrap(), "q={query:?}");
        }
    }
);

both_backends!(
    cities_found_are_the_folded_substring_matches,
    |app| async move {
        for name in [
            "哈尔滨",
            "Zürich",
            "ZURICH",
            "São Paulo",
            "İzmir",
            "Izmir",
            "50%_\\ City",
            "\"AND\" NEAR(",
        ] {
            app.new_city(name).await;
        }
        let (all, _) = search(&app, "/api/v1/cities", &[("per_page", "100")]).await;
        let mut names = HashMap::new();
        for id in &all {
            let city = app
                .get(&format!("/api/v1/cities/{id}"), None)
                .await
                .expect(200);
            names.insert(*id, fold(city["name"]["en"].as_str().unwrap()));
        }
        for query in [
            "哈",
            "哈尔",
            "哈尔滨",
            "zü",
            "zürich",
            "zur",
            "ZURICH",
            "são",
            "i̇z",
            "İzmir",
            "izm",
            "%",
            "%_",
            "0%_\\",
            "\"and\"",
            "near(",
            "AND",
            "*",
        ] {
            let (found, total) =
                search(&app, "/api/v1/cities", &[("q", query), ("per_page", "100")]).await;
            let needle = fold(query);
            let wanted: Vec<i64> = all
                .iter()
                .copied()
                .filter(|id| names[id].contains(&needle))
                .collect();
            assert_eq!(found, wanted, "q={query:?}");
            assert_eq!(total, i64::try_from(wanted.len()).unwrap(), "q={query:?}");
        }
    }
);

both_backends!(paging_and_sorting_apply_to_the_matches, |app| async move {
    let scenario = app.scenario().await;
    let families = [
        "Berger",
        "Adlerberg",
        "Bergström",
        "Zberg",
        "Nord",
        "Heidelberg",
        "Ost",
        "Bergamo",
    ];
    let mut ids = HashMap::new();
    for family in families {
        let id = app.new_delegate(&scenario, "Kim", family).await["id"]
            .as_i64()
            .unwrap();
        ids.insert(id, family);
    }
    let path = scenario.path("/delegates");
    for (query, sort) in [
        ("BERG", "-family_name"),
        ("be", "family_name"),
        ("erg", "-id"),
    ] {
        let mut wanted: Vec<(&str, i64)> = ids
            .iter()
            .filter(|(_, family)| fold(family).contains(&fold(query)))
            .map(|(id, family)| (*family, *id))
            .collect();
        match sort {
            "-family_name" => wanted.sort_by(|a, b| b.0.cmp(a.0).then(a.1.cmp(&b.1))),
            "family_name" => wanted.sort(),
            _ => wanted.sort_by_key(|w| std::cmp::Reverse(w.1)),
        }
        let wanted: Vec<i64> = wanted.into_iter().map(|(_, id)| id).collect();
        let mut found = Vec::new();
        for page in ["1", "2", "3"] {
            let query = [
                ("q", query),
                ("sort", sort),
                ("per_page", "2"),
                ("page", page),
            ];
            let (ids, total) = search(&app, &path, &query).await;
            assert_eq!(total, i64::try_from(wanted.len()).unwrap());
            found.extend(ids);
        }
        assert_eq!(found, wanted, "q={query} sort={sort}");
    }
    let token = app.organizer_token().await;
    let page = app
        .get(&format!("{path}?q=berg&per_page=2"), Some(&token))
        .await;
    let link = page.header("link").unwrap();
    assert!(
        link.contains("q=berg") && link.contains("rel=\"next\""),
        "{link}"
    );
});

/// The plan of the delegates search `key` as the app builds it, rendered for the backend:
/// PostgreSQL with sequential scans off, so that it shows the index whenever the index can
/// answer the query, whatever the table's size, and planned generically, as a prepared
/// statement soon is.
fn plan(app: &TestApp, key: &str) -> String {
    let query = delegates::table
        .filter(contains(delegates::search_text, key))
        .select(delegates::id);
    let pattern = format!("%{key}%");
    let mut conn = app.pool.get().unwrap();
    let lines: Vec<String> = match app.backend {
        Backend::Sqlite => {
            let mut sql = diesel::sqlite::SqliteQueryBuilder::new();
            QueryFragment::<diesel::sqlite::Sqlite>::to_sql(
                &query,
                &mut sql,
                &diesel::sqlite::Sqlite,
            )
            .unwrap();
            let mut explain =
                diesel::sql_query(format!("EXPLAIN QUERY PLAN {}", sql.finish())).into_boxed();
            if key.chars().count() >= 3 {
                explain = explain.bind::<Text, _>(format!("\"{key}\""));
            }
            explain
                .bind::<Text, _>(pattern)
                .load::<Detail>(&mut *conn)
                .unwrap()
                .into_iter()
                .map(|row| row.detail)
                .collect()
        }
        Backend::Postgres => {
            let mut sql = diesel::pg::PgQueryBuilder::new();
            QueryFragment::<diesel::pg::Pg>::to_sql(&query, &mut sql, &diesel::pg::Pg).unwrap();
            let sql = sql.finish();
            conn.transaction(|conn| {
                diesel::sql_query("SET LOCAL enable_seqscan = off").execute(conn)?;
                diesel::sql_query("SET LOCAL plan_cache_mode = force_generic_plan")
                    .execute(conn)?;
                diesel::sql_query(format!("EXPLAIN {sql}"))
                    .bind::<Text, _>(pattern)
                    .load::<PgPlan>(conn)
            })
            .unwrap()
            .into_iter()
            .map(|row| row.plan)
            .collect()
        }
    };
    lines.join("\n")
}

#[derive(QueryableByName)]
struct Detail {
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PgPlan {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    plan: String,
}

both_backends!(
    a_search_of_three_characters_uses_the_index,
    |app| async move {
        let long = plan(&app, "zür");
        let index = match app.backend {
            Backend::Sqlite => "delegates_search VIRTUAL TABLE INDEX",
            Backend::Postgres => "Bitmap Index Scan on delegates_search",
        };
        assert!(long.contains(index), "{long}");
        // No trigram to look up: a scan, never a walk over the whole index.
        let short = plan(&app, "zü");
        assert!(!short.contains("delegates_search"), "{short}");
    }
);

//! Every table is either tracked (journal triggers over all its columns, and a resource
//! entry) or deliberately untracked, so a new table cannot silently escape the audit
//! trail, the tombstone feed and webhooks. (The shadow tables of a virtual table, such as
//! an FTS5 index's `_data` and `_idx`, belong to it and are not listed.)

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};
use gmd_api::changes::resources::{by_table, UNTRACKED};

/// Columns an update trigger never needs to watch: the key, and the row lock's column.
const UNWATCHED: &[&str] = &["id", "version"];

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Sql {
    #[diesel(sql_type = Text)]
    sql: String,
}

#[test]
fn every_table_is_tracked_over_all_its_columns_or_listed_as_untracked() {
    let dir = std::env::temp_dir().join(format!("gmd-tracking-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let url = format!("sqlite://{}", dir.join("t.sqlite3").display());
    let pool = gmd_api::db::connect(&url, &gmd_api::db::PoolOptions::default()).expect("connects");
    let mut conn = pool.get().expect("a connection");
    gmd_api::db::run_migrations(&mut conn).expect("migrations apply");
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') \
         AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'",
    )
    .load(&mut *conn)
    .expect("tables");
    for Name { name: table } in tables {
        if UNTRACKED.contains(&table.as_str()) {
            continue;
        }
        assert!(
            by_table(&table).is_some(),
            "{table} has no entry in changes::RESOURCES"
        );
        let columns: Vec<Name> =
            diesel::sql_query(format!("SELECT name FROM pragma_table_info('{table}')"))
                .load(&mut *conn)
                .expect("columns");
        // A column naming a delegate is known as one, so webhook payloads can hide a
        // delegate without a public profile (`webhooks::projection`).
        let resource = by_table(&table).expect("listed");
        for Name { name: column } in &columns {
            assert!(
                !column.ends_with("delegate_id")
                    || resource.delegate_refs.contains(&column.as_str()),
                "{table}.{column} holds a delegate's id but is not in its `delegate_refs`"
            );
        }
        for op in ["insert", "update", "delete"] {
            let trigger: Vec<Sql> = diesel::sql_query(format!(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '{table}_journal_{op}'"
            ))
            .load(&mut *conn)
            .expect("triggers");
            let sql = &trigger
                .first()
                .unwrap_or_else(|| panic!("{table} has no {op} trigger"))
                .sql;
            for Name { name: column } in &columns {
                assert!(
                    sql.contains(&format!("'{column}', ")),
                    "{table}_journal_{op} misses {column}"
                );
            }
            if op == "update" {
                check_watched_columns(&table, sql, &columns);
            }
        }
    }
    drop(conn);
    drop(pool);
    let _ = std::fs::remove_dir_all(dir);
}

/// An update trigger fires on every update, unless its resource has bookkeeping columns:
/// then it watches (`UPDATE OF`) exactly every other column, so that an update of the
/// bookkeeping alone is not journalled and no other change is missed.
fn check_watched_columns(table: &str, sql: &str, columns: &[Name]) {
    let bookkeeping = by_table(table).map_or(&[][..], |r| r.bookkeeping);
    let watched = sql
        .split_once("UPDATE OF ")
        .and_then(|(_, rest)| rest.split_once(" ON "))
        .map(|(list, _)| list.split(',').map(str::trim).collect::<Vec<_>>());
    if bookkeeping.is_empty() {
        assert!(watched.is_none(), "{table}_journal_update watches columns");
        return;
    }
    for column in bookkeeping {
        assert!(
            columns.iter().any(|c| c.name == *column),
            "{table} has no bookkeeping column {column}"
        );
    }
    let mut watched =
        watched.unwrap_or_else(|| panic!("{table}_journal_update fires on its bookkeeping too"));
    watched.sort_unstable();
    let mut expected: Vec<&str> = columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|c| !UNWATCHED.contains(c) && !bookkeeping.contains(c))
        .collect();
    expected.sort_unstable();
    assert_eq!(
        watched, expected,
        "{table}_journal_update watches the wrong columns"
    );
}

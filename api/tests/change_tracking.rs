//! Every table is either tracked (journal triggers over all its columns, and a resource
//! entry) or deliberately untracked, so a new table cannot silently escape the audit
//! trail, the tombstone feed and webhooks.

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};
use gmd_api::changes::resources::{by_table, UNTRACKED};

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
        "SELECT name FROM sqlite_master WHERE type = 'table' \
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
        }
    }
    drop(conn);
    drop(pool);
    let _ = std::fs::remove_dir_all(dir);
}

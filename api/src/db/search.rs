//! `q=`: the one filter every list's search goes through, answered from an index.
//!
//! Names are stored folded (`http::lists::search_key`) in a `search_text` column, and a
//! search is "the folded query is a substring of `search_text`": `LIKE '%q%'` with the
//! wildcards of `q` escaped. That is the whole meaning, on both backends; the indexes only
//! find the candidate rows faster, so both backends answer with the same rows.
//!
//! - **PostgreSQL**: a GIN `gin_trgm_ops` index (`pg_trgm`) on each `search_text` column;
//!   the planner answers the `LIKE` itself from it when the query has 3 or more characters.
//!   Shorter queries compare `search_text || ''`, which the index does not cover, so that
//!   the prepared statement's generic plan cannot walk the whole index for them.
//! - **SQLite**: an FTS5 table `<table>_search` with the `trigram` tokenizer (case
//!   sensitive: the text is folded already), its content the `search_text` column, kept in
//!   step by triggers. A query of 3 or more characters adds `id IN (SELECT rowid FROM
//!   <table>_search WHERE <table>_search MATCH '"q"')`: the rows holding the query's
//!   trigrams in a row, a superset of the `LIKE`'s rows, which the `LIKE` then narrows to
//!   exactly them. The query is one FTS5 string (double quotes doubled), so no character
//!   of it is FTS5 syntax. Shorter queries have no trigram to look up and scan, as before.
//!
//! Migration: `2026-12-06-000014_search_indexes`.

use diesel::expression::{AppearsOnTable, Expression, ValidGrouping};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Text};
use diesel::sqlite::Sqlite;
use diesel::{Column, QueryResult};

use super::schema::{cities, delegates, events, exhibitors, sessions, venues};
use super::Db;

/// The fewest characters (Unicode scalar values) of a query the indexes can answer: one
/// trigram.
const MIN_INDEXED_CHARS: usize = 3;

/// A folded `search_text` column with its index.
pub trait SearchColumn: Column + QueryFragment<Pg> + QueryFragment<Sqlite> {
    /// The table's integer key, which is SQLite's rowid and the FTS5 table's rowid.
    type Key: Column<Table = Self::Table>
        + Default
        + Clone
        + std::fmt::Debug
        + QueryFragment<Sqlite>;
    /// The FTS5 table over this column on SQLite.
    const FTS5_TABLE: &'static str;
}

macro_rules! search_columns {
    ($($table:ident => $fts:literal),* $(,)?) => {$(
        impl SearchColumn for $table::search_text {
            type Key = $table::id;
            const FTS5_TABLE: &'static str = $fts;
        }
    )*};
}

search_columns! {
    cities => "cities_search",
    events => "events_search",
    delegates => "delegates_search",
    venues => "venues_search",
    sessions => "sessions_search",
    exhibitors => "exhibitors_search",
}

/// `column` holds `key` (a query folded by `search_key`) anywhere: the `q=` filter.
pub fn contains<C: SearchColumn>(column: C, key: &str) -> Contains<C> {
    // A NUL never arrives (`http::input` drops it), but FTS5 would end the query there.
    let indexed = key.chars().count() >= MIN_INDEXED_CHARS && !key.contains('\0');
    Contains {
        column,
        key: C::Key::default(),
        pattern: contains_pattern(key),
        phrase: indexed.then(|| fts5_string(key)),
    }
}

/// A `LIKE` pattern matching `needle` anywhere, with wildcards in it escaped by `\` (the
/// `ESCAPE` character every `LIKE` of ours names).
pub fn contains_pattern(needle: &str) -> String {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// `text` as one FTS5 string: in double quotes, a double quote doubled. Inside a string
/// nothing is an operator (`AND`, `NEAR(`, `*`, `^`, `:`, parentheses), so the trigram
/// tokenizer sees the text itself.
fn fts5_string(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The filter [`contains`] makes.
#[derive(Debug, Clone)]
pub struct Contains<C: SearchColumn> {
    column: C,
    key: C::Key,
    pattern: String,
    /// The FTS5 query (SQLite); `None` when the query is too short for a trigram.
    phrase: Option<String>,
}

impl<C: SearchColumn> Expression for Contains<C> {
    type SqlType = Bool;
}

impl<C, QS> AppearsOnTable<QS> for Contains<C>
where
    C: SearchColumn + AppearsOnTable<QS>,
    C::Key: AppearsOnTable<QS>,
{
}

impl<C: SearchColumn + ValidGrouping<GB>, GB> ValidGrouping<GB> for Contains<C> {
    type IsAggregate = C::IsAggregate;
}

impl<C: SearchColumn> QueryId for Contains<C> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C: SearchColumn> Contains<C> {
    /// `column LIKE pattern`; with `uncovered`, `(column || '') LIKE pattern`: the same
    /// meaning over an expression no index covers.
    fn like<'b, DB>(&'b self, mut out: AstPass<'_, 'b, DB>, uncovered: bool) -> QueryResult<()>
    where
        C: QueryFragment<DB>,
        DB: diesel::backend::Backend + diesel::sql_types::HasSqlType<Text>,
        String: diesel::serialize::ToSql<Text, DB>,
    {
        if uncovered {
            out.push_sql("(");
        }
        self.column.walk_ast(out.reborrow())?;
        if uncovered {
            out.push_sql(" || '')");
        }
        out.push_sql(" LIKE ");
        out.push_bind_param::<Text, _>(&self.pattern)?;
        out.push_sql(" ESCAPE '\\'");
        Ok(())
    }
}

impl<C: SearchColumn> QueryFragment<Pg> for Contains<C> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // A query too short for a trigram compares an expression the index does not
        // cover. The statement is prepared once and soon planned generically (the pattern
        // unknown), and such a plan would walk the whole trigram index for it, slower than
        // the scan it gets this way.
        self.like(out, self.phrase.is_none())
    }
}

impl<C: SearchColumn> QueryFragment<Sqlite> for Contains<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        let Some(phrase) = &self.phrase else {
            return self.like(out, false);
        };
        out.push_sql("(");
        self.key.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT rowid FROM ");
        out.push_identifier(C::FTS5_TABLE)?;
        out.push_sql(" WHERE ");
        out.push_identifier(C::FTS5_TABLE)?;
        out.push_sql(" MATCH ");
        out.push_bind_param::<Text, _>(phrase)?;
        out.push_sql(") AND ");
        self.like(out.reborrow(), false)?;
        out.push_sql(")");
        Ok(())
    }
}

impl<C: SearchColumn> QueryFragment<Db> for Contains<C> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        Db::walk_variant_ast(self, pass)
    }
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::query_builder::QueryBuilder;
    use diesel::sqlite::SqliteQueryBuilder;

    use super::*;
    use crate::db::{run_migrations, Backend, DbConnection};

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }

    #[test]
    fn the_fts5_query_is_one_string() {
        assert_eq!(fts5_string("a\"b AND c*"), "\"a\"\"b AND c*\"");
        let short = contains(cities::search_text, "zü");
        assert_eq!(short.phrase, None);
        let long = contains(cities::search_text, "zür");
        assert_eq!(long.phrase.as_deref(), Some("\"zür\""));
    }

    #[derive(QueryableByName)]
    struct Plan {
        #[diesel(sql_type = Text)]
        detail: String,
    }

    fn sqlite_with(names: &[&str]) -> DbConnection {
        let mut conn = Backend::Sqlite(":memory:".into())
            .establish()
            .expect("an in-memory database");
        run_migrations(&mut conn).expect("migrations apply");
        for name in names {
            diesel::sql_query(
                "INSERT INTO cities (name, search_text, country, latitude, longitude, time_zone, \
                 created_at, updated_at) VALUES ('{}', ?, 'CN', 0, 0, 'UTC', \
                 '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            )
            .bind::<Text, _>(crate::http::lists::search_key(name))
            .execute(&mut conn)
            .expect("a city");
        }
        conn
    }

    /// What SQLite plans for a search of `key` over cities.
    fn sqlite_plan(conn: &mut DbConnection, key: &str) -> String {
        let search = contains(cities::search_text, key);
        let query = cities::table.filter(search.clone()).select(cities::id);
        let mut sql = SqliteQueryBuilder::new();
        QueryFragment::<Sqlite>::to_sql(&query, &mut sql, &Sqlite).expect("renders");
        let mut explain =
            diesel::sql_query(format!("EXPLAIN QUERY PLAN {}", sql.finish())).into_boxed::<Db>();
        if let Some(phrase) = search.phrase {
            explain = explain.bind::<Text, _>(phrase);
        }
        let plans: Vec<Plan> = explain
            .bind::<Text, _>(search.pattern)
            .load(conn)
            .expect("a plan");
        plans
            .into_iter()
            .map(|p| p.detail)
            .collect::<Vec<_>>()
            .join("; ")
    }

    #[test]
    fn sqlite_answers_three_characters_from_the_index_and_fewer_by_a_scan() {
        let mut conn = sqlite_with(&["Zürich"]);
        assert!(sqlite_plan(&mut conn, "zür").contains("VIRTUAL TABLE INDEX"));
        assert!(!sqlite_plan(&mut conn, "zü").contains("VIRTUAL TABLE"));
    }

    /// The index follows inserts, renames and deletes, and the recheck keeps the meaning
    /// exact: every query here finds what a substring test finds.
    #[test]
    fn sqlite_finds_exactly_the_substring_matches() {
        let names = [
            "Zürich",
            "São Paulo",
            "哈尔滨",
            "İzmir",
            "50% off_\\",
            "say \"AND\" NEAR(x) *",
        ];
        let mut conn = sqlite_with(&names);
        diesel::update(cities::table.filter(cities::id.eq(1)))
            .set(cities::search_text.eq("zurich"))
            .execute(&mut conn)
            .expect("a rename");
        diesel::delete(cities::table.filter(cities::id.eq(2)))
            .execute(&mut conn)
            .expect("a delete");
        let stored: Vec<(i64, String)> = cities::table
            .select((cities::id, cities::search_text))
            .load(&mut conn)
            .expect("cities");
        for query in [
            "zür",
            "zur",
            "rich",
            "são",
            "哈尔滨",
            "尔滨",
            "i̇zm",
            "0% o",
            "f_\\",
            "\"and\"",
            "near(",
            "x) *",
            "and",
            "\"",
            "*",
            "NEAR(",
            "or",
            "a",
        ] {
            let key = crate::http::lists::search_key(query);
            let found: Vec<i64> = cities::table
                .filter(contains(cities::search_text, &key))
                .select(cities::id)
                .order(cities::id)
                .load(&mut conn)
                .expect("a search");
            let expected: Vec<i64> = stored
                .iter()
                .filter(|(_, text)| text.contains(&key))
                .map(|(id, _)| *id)
                .collect();
            assert_eq!(found, expected, "q={query}");
        }
    }
}

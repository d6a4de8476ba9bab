//! How a list's `updated_since` filter reaches the query plan.
//!
//! A list is read in its own order (by id, say) and `updated_since` is a range on
//! `updated_at`, which has its own index. A recent `updated_since` (a partner's feed) keeps
//! few rows, and the `updated_at` index finds them directly. An old one (a first sync) keeps
//! nearly all of them, and the same index then reads every row of the event and sorts them
//! all for one page, where reading in the list's order and testing each row would stop after
//! the page. PostgreSQL weighs the two plans itself, from its statistics and the bound
//! value. SQLite cannot: its plans are fixed per statement, whatever the values bound (the
//! stability guarantee turned on in `statement_clock`). So on SQLite the choice is made
//! here, from the number of rows the filter keeps (which the page counts anyway) and a
//! probe that stops as soon as the answer is known.

use diesel::backend::Backend;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;
use diesel::{BoxableExpression, ExpressionMethods, QueryResult, SelectableExpression};

use super::{Db, DbConnection};

/// How `updated_at >= since` is tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinceTest {
    /// As a range the `updated_at` index answers.
    Indexed,
    /// On each row read in the list's order, where no index answers it.
    PerRow,
}

/// The test for a page ending at row `page_end`, when the filter keeps `kept` rows.
/// `older_reach(conn, n)` answers whether at least `n` of the same rows (without the
/// filter) are older than `since`, stopping after `n`.
///
/// Read in order, a page costs about `page_end × (kept + older) / kept` rows; through the
/// index, `kept` rows and a sort. The probe is bounded by `kept`, which the count has just
/// read, so choosing never costs more than the count did.
pub fn choose(
    conn: &mut DbConnection,
    kept: i64,
    page_end: i64,
    older_reach: impl FnOnce(&mut DbConnection, i64) -> QueryResult<bool>,
) -> QueryResult<SinceTest> {
    let Some(bound) = probe_bound(kept, page_end) else {
        return Ok(SinceTest::Indexed);
    };
    if matches!(conn, DbConnection::Postgresql(_)) {
        return Ok(SinceTest::Indexed);
    }
    Ok(if older_reach(conn, bound)? {
        SinceTest::Indexed
    } else {
        SinceTest::PerRow
    })
}

/// How many older rows make the index the cheaper way, at most `kept`; `None` when the
/// rows kept fit in the page anyway (sorting them is as cheap as it gets). Reading in order
/// is cheaper while older < kept × (kept − page_end) / page_end.
fn probe_bound(kept: i64, page_end: i64) -> Option<i64> {
    (kept > page_end).then(|| {
        (kept.saturating_mul(kept - page_end) / page_end.max(1))
            .min(kept)
            .max(1)
    })
}

/// `column >= since`, tested as `test` says.
pub fn newer<'a, T, C>(
    column: C,
    since: chrono::NaiveDateTime,
    test: SinceTest,
) -> Box<dyn BoxableExpression<T, Db, SqlType = Bool> + 'a>
where
    C: ExpressionMethods<SqlType = diesel::sql_types::Timestamp>
        + AppearsOnTable<T>
        + SelectableExpression<T>
        + ValidGrouping<(), IsAggregate = is_aggregate::No>
        + QueryFragment<Db>
        + QueryId
        + Send
        + 'a,
    T: 'a,
{
    match test {
        SinceTest::Indexed => Box::new(column.ge(since)),
        SinceTest::PerRow => Box::new(NoIndex(column.ge(since))),
    }
}

/// `(condition) IS TRUE`: the same truth for a non-null condition, in a form neither
/// SQLite nor PostgreSQL answers from an index.
#[derive(Debug, Clone, Copy)]
struct NoIndex<E>(E);

impl<E: Expression<SqlType = Bool>> Expression for NoIndex<E> {
    type SqlType = Bool;
}

impl<E: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for NoIndex<E> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("(");
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(") IS TRUE");
        Ok(())
    }
}

impl<E: QueryId> QueryId for NoIndex<E> {
    type QueryId = NoIndex<E::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = E::HAS_STATIC_QUERY_ID;
}

impl<E: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for NoIndex<E> where NoIndex<E>: Expression {}

impl<E: SelectableExpression<QS>, QS> SelectableExpression<QS> for NoIndex<E> where
    NoIndex<E>: AppearsOnTable<QS>
{
}

impl<E: ValidGrouping<()>> ValidGrouping<()> for NoIndex<E> {
    type IsAggregate = E::IsAggregate;
}

#[cfg(test)]
mod tests {
    use super::probe_bound;

    #[test]
    fn the_probe_stops_where_the_index_becomes_cheaper() {
        // Everything fits in the page: the index and a sort of at most a page.
        assert_eq!(probe_bound(100, 100), None);
        assert_eq!(probe_bound(7, 100), None);
        // A first sync of 1,000 rows, page 1: in order unless 1,000 or more are older.
        assert_eq!(probe_bound(1_000, 100), Some(1_000));
        // Just over a page: in order only while few rows are older.
        assert_eq!(probe_bound(110, 100), Some(11));
        assert_eq!(probe_bound(101, 100), Some(1));
    }
}

//! Reading the journal the triggers write, and merging its rows into one change per row.

use std::collections::HashMap;

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl};
use serde_json::{Map, Value};

use super::snapshot;
use crate::db::DbConnection;
use crate::error::ApiError;

/// What happened to a row over one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Created,
    Updated,
    Deleted,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
        }
    }
}

/// One row's net change in one transaction: its state before (none if created) and after
/// (none if deleted), as normalised JSON objects.
#[derive(Debug, Clone)]
pub struct Change {
    pub table: String,
    pub row_id: i64,
    pub action: Action,
    pub before: Option<Map<String, Value>>,
    pub after: Option<Map<String, Value>>,
    /// Touched because a row it shows changed (`embeddings`): a change even when only its
    /// version and `updated_at` moved.
    pub touched: bool,
}

/// Rows touched by the transaction, as (table, id).
pub type Touched = std::collections::BTreeSet<(&'static str, i64)>;

#[derive(QueryableByName)]
struct JournalRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = BigInt)]
    row_id: i64,
    #[diesel(sql_type = Text)]
    op: String,
    #[diesel(sql_type = Nullable<Text>)]
    before_data: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    after_data: Option<String>,
}

const RETURNING: &str = "RETURNING id, table_name, row_id, op, before_data, after_data";

/// Takes (deletes and returns) the journal rows of the current transaction; the `touched`
/// rows count as changed.
pub fn take_own(conn: &mut DbConnection, touched: &Touched) -> Result<Vec<Change>, ApiError> {
    let rows = match conn {
        // Other transactions' rows are invisible or, if committed, left for `sweep`.
        DbConnection::Postgresql(pg) => diesel::sql_query(format!(
            "DELETE FROM change_journal WHERE txid = txid_current() {RETURNING}"
        ))
        .load::<JournalRow>(pg)?,
        // The write lock is ours: everything in the journal is this transaction's.
        DbConnection::Sqlite(lite) => {
            diesel::sql_query(format!("DELETE FROM change_journal {RETURNING}"))
                .load::<JournalRow>(lite)?
        }
    };
    merge(rows, touched)
}

/// Takes journal rows committed by writes outside the write helpers.
pub fn take_leftovers(conn: &mut DbConnection) -> Result<Vec<Change>, ApiError> {
    let rows = match conn {
        // Never waits: rows another transaction is sweeping are skipped.
        DbConnection::Postgresql(pg) => diesel::sql_query(format!(
            "DELETE FROM change_journal WHERE id IN (SELECT id FROM change_journal \
             WHERE txid <> txid_current() FOR UPDATE SKIP LOCKED) {RETURNING}"
        ))
        .load::<JournalRow>(pg)?,
        DbConnection::Sqlite(lite) => {
            diesel::sql_query(format!("DELETE FROM change_journal {RETURNING}"))
                .load::<JournalRow>(lite)?
        }
    };
    merge(rows, &Touched::new())
}

/// Merges the rows per (table, row) in journal order: the first state before, the last
/// state after. A row created and deleted in one transaction, or touched without any
/// difference, yields nothing.
fn merge(mut rows: Vec<JournalRow>, touched: &Touched) -> Result<Vec<Change>, ApiError> {
    rows.sort_by_key(|row| row.id);
    let mut changes: Vec<(Change, bool)> = Vec::new();
    let mut position: HashMap<(String, i64), usize> = HashMap::new();
    for row in rows {
        let before = parse(row.before_data.as_deref())?;
        let after = parse(row.after_data.as_deref())?;
        let inserted = row.op == "insert";
        let key = (row.table_name.clone(), row.row_id);
        match position.get(&key) {
            Some(&index) => changes[index].0.after = after,
            None => {
                let touched = touched.contains(&(row.table_name.as_str(), row.row_id));
                position.insert(key, changes.len());
                changes.push((
                    Change {
                        table: row.table_name,
                        row_id: row.row_id,
                        action: Action::Updated,
                        before: if inserted { None } else { before },
                        after,
                        touched,
                    },
                    inserted,
                ));
            }
        }
    }
    Ok(changes
        .into_iter()
        .filter_map(|(mut change, inserted)| {
            change.action = match (inserted, change.after.is_some()) {
                (true, true) => Action::Created,
                (true, false) => return None,
                (false, false) => Action::Deleted,
                (false, true) => Action::Updated,
            };
            // A row touched without any difference (a row lock) is no change; one whose
            // version alone moved is (its representation did), though it is neither audited
            // nor announced (`record`).
            let unchanged = change.action == Action::Updated
                && !change.touched
                && change.before == change.after;
            (!unchanged).then_some(change)
        })
        .collect())
}

fn parse(text: Option<&str>) -> Result<Option<Map<String, Value>>, ApiError> {
    let Some(text) = text else { return Ok(None) };
    match serde_json::from_str::<Value>(text)? {
        Value::Object(map) => Ok(Some(snapshot::normalise(map))),
        _ => Err(ApiError::Internal(
            "a journal row is not a JSON object".into(),
        )),
    }
}

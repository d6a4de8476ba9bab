//! Representations that show other rows: a session its speakers' names, an exhibitor its
//! booths, a partnership its cities. A change of a shown (embedded) row **touches** every
//! row whose representation shows it (`version + 1`, `updated_at` now), in the same
//! transaction, just before it is recorded. So the embedding representation's ETag, its
//! `updated_at` and place in `updated_since` feeds, the cached pages of its kind and its
//! `<resource>.updated` webhook event all move with the embedded change, by the one path
//! every change takes (`changes::close`), whichever handler or cascade made it.
//!
//! A new representation that shows another table's rows adds a line to [`EMBEDDINGS`]
//! (`tests/api/embedded_versions.rs` fails for a shown change that moves no version).

use std::collections::{BTreeMap, BTreeSet};

use diesel::sql_types::{BigInt, Timestamp};
use diesel::{QueryableByName, RunQueryDsl};

use super::journal::{self, Action, Change, Touched};
use super::snapshot;
use crate::db::{now, DbConnection};
use crate::error::ApiError;

/// How the rows of `parent` show rows of `child`.
#[derive(Debug)]
pub struct Embedding {
    /// The shown table.
    pub child: &'static str,
    /// The child's columns the parent's representation shows; a creation or deletion of a
    /// child always counts.
    pub shown: Shown,
    /// The table whose rows are touched.
    pub parent: &'static str,
    pub via: Via,
    /// Whether the touch is the parent's change to audit and announce
    /// (`<resource>.updated`). A parent that shows only an aggregate of its children (a
    /// session its counts of registrations) is touched quietly: its version, ETag, feed
    /// position and cached pages move, and the children's own events tell what happened.
    pub announced: bool,
}

/// Which of a child's columns a parent shows.
#[derive(Debug, Clone, Copy)]
pub enum Shown {
    /// Every column (link rows: a speaker's role and position).
    All,
    Only(&'static [&'static str]),
}

/// How the parents of changed children are found.
#[derive(Debug, Clone, Copy)]
pub enum Via {
    /// The child's column holding its parent's id (before and after the change, so a move
    /// touches both parents).
    Column(&'static str),
    /// SQL selecting the parents' ids as `id`, where `{ids}` stands for the changed
    /// children's ids.
    Query(&'static str),
}

/// What `visibility::Disclosure` shows of a delegate wherever one is named.
pub const DISCLOSED_DELEGATE: &[&str] = &[
    "given_name",
    "family_name",
    "city_id",
    "consent_public_profile",
];
/// What `cities::CitySummary` shows of a city wherever one is summarised.
pub const SUMMARISED_CITY: &[&str] = &["name", "country", "latitude", "longitude"];

const fn by_query(
    child: &'static str,
    shown: &'static [&'static str],
    parent: &'static str,
    sql: &'static str,
) -> Embedding {
    Embedding {
        child,
        shown: Shown::Only(shown),
        parent,
        via: Via::Query(sql),
        announced: true,
    }
}

const fn by_column(
    child: &'static str,
    shown: Shown,
    parent: &'static str,
    column: &'static str,
) -> Embedding {
    Embedding {
        child,
        shown,
        parent,
        via: Via::Column(column),
        announced: true,
    }
}

/// Every table whose rows another representation shows.
pub const EMBEDDINGS: &[Embedding] = &[
    by_query(
        "delegates",
        DISCLOSED_DELEGATE,
        "sessions",
        "SELECT session_id AS id FROM session_speakers WHERE delegate_id IN ({ids})",
    ),
    by_query(
        "delegates",
        DISCLOSED_DELEGATE,
        "delegations",
        "SELECT id FROM delegations WHERE head_delegate_id IN ({ids})",
    ),
    by_query(
        "delegates",
        DISCLOSED_DELEGATE,
        "endorsements",
        "SELECT id FROM endorsements WHERE delegate_id IN ({ids})",
    ),
    by_query(
        "delegates",
        DISCLOSED_DELEGATE,
        "agreements",
        "SELECT agreement_id AS id FROM agreement_signatories WHERE delegate_id IN ({ids})",
    ),
    by_query(
        "cities",
        SUMMARISED_CITY,
        "partnerships",
        "SELECT id FROM partnerships WHERE city_a_id IN ({ids}) OR city_b_id IN ({ids})",
    ),
    by_query(
        "cities",
        SUMMARISED_CITY,
        "endorsements",
        "SELECT id FROM endorsements WHERE city_id IN ({ids})",
    ),
    // An account shows the name of the delegate or exhibitor it acts for (`people`); the
    // touch is quiet: the account did not change, only what its page shows.
    Embedding {
        announced: false,
        ..by_query(
            "delegates",
            &["given_name", "family_name"],
            "users",
            "SELECT id FROM users WHERE delegate_id IN ({ids})",
        )
    },
    Embedding {
        announced: false,
        ..by_query(
            "exhibitors",
            &["name"],
            "users",
            "SELECT id FROM users WHERE exhibitor_id IN ({ids})",
        )
    },
    by_column("session_speakers", Shown::All, "sessions", "session_id"),
    by_column(
        "agreement_signatories",
        Shown::All,
        "agreements",
        "agreement_id",
    ),
    by_column(
        "booths",
        Shown::Only(&["code", "hall_id", "exhibitor_id"]),
        "exhibitors",
        "exhibitor_id",
    ),
    // A session shows how many are confirmed and waitlisted, whichever write (a
    // registration, a cancellation, a promotion, a cascade) moved them.
    Embedding {
        announced: false,
        ..by_column(
            "registrations",
            Shown::Only(&["status"]),
            "sessions",
            "session_id",
        )
    },
];

#[derive(QueryableByName)]
struct ParentId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Takes the current transaction's changes from the journal, touching every row that shows
/// a changed row, round after round (a touched row may itself be shown elsewhere), and
/// returns them all, the touched rows marked. A row the transaction changed itself is left
/// alone: its own change moved its version.
pub fn take_changes_touching_embedders(conn: &mut DbConnection) -> Result<Vec<Change>, ApiError> {
    let mut touched = Touched::new();
    let mut changes = journal::take_own(conn, &touched)?;
    let mut fresh = changes.len();
    while fresh > 0 {
        let due = due(conn, &changes, &changes[changes.len() - fresh..])?;
        if due.is_empty() {
            break;
        }
        let at = now();
        for (parent, ids) in due {
            let all: BTreeSet<i64> = ids.keys().copied().collect();
            diesel::sql_query(format!(
                "UPDATE {parent} SET version = version + 1, updated_at = $1 WHERE id IN ({})",
                id_list(&all)
            ))
            .bind::<Timestamp, _>(at)
            .execute(conn)?;
            // A quiet touch is a change whose version alone moved (`journal::merge`).
            touched.extend(
                ids.into_iter()
                    .filter(|(_, announced)| *announced)
                    .map(|(id, _)| (parent, id)),
            );
        }
        let more = journal::take_own(conn, &touched)?;
        fresh = more.len();
        changes.extend(more);
    }
    Ok(changes)
}

/// Parent rows to touch, by table, each with whether its touch is announced.
type Due = BTreeMap<&'static str, BTreeMap<i64, bool>>;

/// The rows to touch for the `fresh` changes: parents of shown changes that the
/// transaction has not changed (or touched) already. A row due both quietly and announced
/// is announced.
fn due(conn: &mut DbConnection, all: &[Change], fresh: &[Change]) -> Result<Due, ApiError> {
    let changed: BTreeSet<(&str, i64)> = all
        .iter()
        .map(|change| (change.table.as_str(), change.row_id))
        .collect();
    let mut due = Due::new();
    for embedding in EMBEDDINGS {
        let children: Vec<&Change> = fresh
            .iter()
            .filter(|change| change.table == embedding.child && shows(embedding, change))
            .collect();
        if children.is_empty() {
            continue;
        }
        let parents = parents_of(conn, embedding, &children)?;
        let rows = due.entry(embedding.parent).or_default();
        for id in parents {
            if !changed.contains(&(embedding.parent, id)) {
                *rows.entry(id).or_default() |= embedding.announced;
            }
        }
    }
    due.retain(|_, ids| !ids.is_empty());
    Ok(due)
}

/// Whether `change` alters what the parent shows of the child.
fn shows(embedding: &Embedding, change: &Change) -> bool {
    match (embedding.shown, change.action) {
        (_, Action::Created | Action::Deleted) | (Shown::All, _) => true,
        (Shown::Only(columns), Action::Updated) => {
            snapshot::changed_fields(change.before.as_ref(), change.after.as_ref())
                .iter()
                .any(|field| columns.contains(&field.as_str()))
        }
    }
}

fn parents_of(
    conn: &mut DbConnection,
    embedding: &Embedding,
    children: &[&Change],
) -> Result<BTreeSet<i64>, ApiError> {
    match embedding.via {
        Via::Column(column) => Ok(children
            .iter()
            .flat_map(|change| [change.before.as_ref(), change.after.as_ref()])
            .flatten()
            .filter_map(|row| row.get(column).and_then(serde_json::Value::as_i64))
            .collect()),
        Via::Query(sql) => {
            let ids: BTreeSet<i64> = children.iter().map(|change| change.row_id).collect();
            let rows =
                diesel::sql_query(sql.replace("{ids}", &id_list(&ids))).load::<ParentId>(conn)?;
            Ok(rows.into_iter().map(|row| row.id).collect())
        }
    }
}

/// Ids for an `IN (…)` list: integers from our own rows, never input.
fn id_list(ids: &BTreeSet<i64>) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::RESOURCES;

    #[test]
    fn every_embedding_names_tracked_tables() {
        for embedding in EMBEDDINGS {
            for table in [embedding.child, embedding.parent] {
                assert!(
                    RESOURCES.iter().any(|r| r.table == table),
                    "{table} is not a tracked table"
                );
            }
        }
    }
}

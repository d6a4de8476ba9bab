//! Change recording: one mechanism, below every domain, that turns each committed write
//! into an audit entry, a tombstone (for deletions) and a webhook event (for changes that
//! map to an event type).
//!
//! Every tracked table has triggers that copy each inserted, updated or deleted row into
//! `change_journal` (see the `changes` migration). Before a write transaction commits,
//! [`close`] takes the journal rows of that transaction, merges them per row
//! ([`journal`]), touches the rows whose representations show a changed row
//! ([`embeddings`]), records what they mean ([`record`]) and moves the changed tables'
//! generations ([`generations`]) in the same transaction: nothing
//! is written for a rolled-back change and nothing committed goes unrecorded, whichever
//! handler, cascade or new resource made it. Who made the change comes from the request
//! ([`actor`]).

pub mod actor;
pub mod embeddings;
pub mod forget;
pub mod generations;
mod journal;
mod record;
pub mod resources;
mod snapshot;
pub mod tombstones;

pub use actor::Actor;
pub use journal::{Action, Change};
pub use resources::{Resource, RESOURCES};

use crate::db::DbConnection;
use crate::error::ApiError;

/// Records the changes journalled by the current transaction, as made by `actor`, after
/// touching the rows that show changed rows ([`embeddings`]). Called by the write
/// transaction helpers just before they commit.
pub fn close(conn: &mut DbConnection, actor: &Actor) -> Result<(), ApiError> {
    let changes = embeddings::take_changes_touching_embedders(conn)?;
    record::record(conn, actor, &changes)?;
    crate::notifications::notify(conn, actor, &changes)?;
    generations::bump(conn, changes.iter().map(|change| change.table.as_str()))
}

/// Records, as the system's, changes left in the journal by writes that ran outside the
/// write helpers (the CLI, data loaders); called at the start of write transactions (see
/// `db::write`).
pub fn sweep(conn: &mut DbConnection) -> Result<(), ApiError> {
    let changes = journal::take_leftovers(conn)?;
    if changes.is_empty() {
        return Ok(());
    }
    record::record(conn, &Actor::system(), &changes)?;
    generations::bump(conn, changes.iter().map(|change| change.table.as_str()))
}

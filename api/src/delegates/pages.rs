//! Pages of delegates put together from renderings kept by row version
//! (`http::fragments`): the organizers' list and the public directory.

use super::model::DelegateRow;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::fragments::{render_items, Fragments, ItemRendering, Render, RowKey};
use crate::http::lists::{ListRequest, RenderedItems};

/// The page of the delegates named by `keys` (and `total`), each shown as `view` renders it.
pub fn page_of(
    conn: &mut DbConnection,
    fragments: Option<&Fragments>,
    event_id: i64,
    (keys, total): (Vec<RowKey>, i64),
    list: &ListRequest,
    (view, render): (&'static str, Render<'_, DelegateRow>),
) -> Result<RenderedItems, ApiError> {
    let mut load = |ids: &[i64]| Ok(DelegateRow::find_many(conn, event_id, ids)?);
    let items = render_items(
        fragments,
        &keys,
        ItemRendering {
            kind: "delegate",
            view,
            load: &mut load,
            key_of: DelegateRow::key,
            render,
        },
    )?;
    Ok(RenderedItems::new(items, list, total))
}

//! `GET /api/v1/tombstones`: the deletions a mirroring client must apply.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::db::schema::{events, tombstones};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::lists::Page;
use crate::http::query_guard::{ListFilter, ListQuery};

/// A deleted resource.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 7, "resource": "delegate", "resource_id": 42, "event": "harbin-2026", "deleted_at": "2026-01-05T10:00:00Z"}))]
pub struct Tombstone {
    /// The tombstone's own id: increasing, a cursor for clients.
    pub id: i64,
    pub resource: String,
    pub resource_id: i64,
    /// The edition the resource belonged to (slug), if any.
    pub event: Option<String>,
    pub deleted_at: String,
}

/// Which deletions to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TombstoneFilter {
    /// The resource name (`delegate`, `session`, `booth`, …).
    #[param(example = "delegate")]
    pub resource: Option<String>,
    /// Only deletions at or after this instant (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime, example = "2026-01-01T00:00:00Z")]
    pub since: Option<DateTime<Utc>>,
    /// Only deletions of this edition's resources (slug).
    #[param(example = "harbin-2026")]
    pub event: Option<String>,
}

impl ListFilter for TombstoneFilter {
    const SORTABLE: &'static [&'static str] = &[];
}

/// Who may read the change feeds: staff now; partner tokens with a read scope later.
pub fn require_change_feed(caller: &Caller) -> Result<(), ApiError> {
    caller.require_staff()
}

/// List tombstones (organizers).
///
/// A client mirroring a collection reads its list with `updated_since` and this feed with
/// `since`, both from the start of its previous sync (minus a small overlap), and removes
/// what is listed here. Ordered by `id` (deletion order).
#[utoipa::path(
    tag = "changes",
    operation_id = "list_tombstones",
    params(ListQuery<TombstoneFilter>),
    responses((status = 200, description = "A page of deletions", body = Page<Tombstone>)),
    security(("bearer" = []))
)]
#[get("/tombstones")]
pub async fn list_tombstones(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    query: ListQuery<TombstoneFilter>,
) -> Result<HttpResponse, ApiError> {
    require_change_feed(&caller)?;
    let ListQuery { list, filter } = query;
    let page = db::read(&pool, move |conn| {
        let query = || {
            let mut query = tombstones::table
                .left_join(events::table.on(events::id.nullable().eq(tombstones::event_id)))
                .into_boxed();
            if let Some(name) = &filter.resource {
                query = query.filter(tombstones::resource.eq(name.clone()));
            }
            if let Some(since) = filter.since {
                query = query.filter(tombstones::deleted_at.ge(since.naive_utc()));
            }
            if let Some(slug) = &filter.event {
                query = query.filter(events::slug.eq(slug.clone()));
            }
            query
        };
        let total: i64 = query().count().get_result(conn)?;
        let rows: Vec<(i64, String, i64, Option<String>, NaiveDateTime)> = query()
            .select((
                tombstones::id,
                tombstones::resource,
                tombstones::resource_id,
                events::slug.nullable(),
                tombstones::deleted_at,
            ))
            .order(tombstones::id)
            .limit(list.per_page)
            .offset(list.offset())
            .load(conn)?;
        let items = rows
            .into_iter()
            .map(|(id, resource, resource_id, event, at)| Tombstone {
                id,
                resource,
                resource_id,
                event,
                deleted_at: at.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true),
            })
            .collect();
        Ok(Page::new(items, &list, total))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

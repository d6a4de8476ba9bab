//! The public delegate directory: consenting delegates, public fields only.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::dto::{DelegateProfile, DirectoryFilter};
use super::model::DelegateRow;
use super::pages::page_of;
use crate::auth::MaybeCaller;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_rows, fragment_cache, Audience};
use crate::http::fragments::json;
use crate::http::lists::Page;
use crate::http::paths::EventPath;
use crate::http::query_guard::ListQuery;

/// The public delegate directory.
///
/// Only delegates who consented to a public profile, with public fields only. Sortable
/// by `id`, `family_name`, `given_name`, `city_id` (to group by city), `updated_at`.
#[utoipa::path(
    tag = "delegates",
    operation_id = "list_directory",
    params(EventPath, ListQuery<DirectoryFilter>),
    responses((status = 200, description = "A page of public profiles", body = Page<DelegateProfile>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/directory")]
pub async fn list_directory(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<DirectoryFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    let (slug, filter, staff) = (path.into_inner().event, filter, caller.is_staff());
    let cache = fragment_cache(&req);
    cached_rows(
        &req,
        &pool,
        Audience::of(staff),
        &["delegates", "cities"],
        move |conn| {
            let event_id = EventRow::id_of(conn, &slug, staff)?;
            let keys = DelegateRow::list_public_keys(conn, event_id, &filter, &list)?;
            let fragments = cache.as_ref().and_then(|cache| cache.fragments());
            let profile = |row: &DelegateRow| json(&row.profile()?);
            page_of(conn, fragments, event_id, keys, &list, ("public", &profile))
        },
    )
    .await
}

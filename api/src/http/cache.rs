//! Rendered list pages kept until the data changes.
//!
//! Lists are read far more often than data changes (partner systems poll them). A page is
//! rendered once, stored with the change-feed generation observed *before* its query ran,
//! and served again while the generation is the same. Any committed write moves the
//! generation (see `db::changes`), so a stale page is never served; a page stored with an
//! older generation than its data is merely re-rendered once.

use std::collections::HashMap;
use std::future::Future;
use std::sync::RwLock;

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::lists::{Page, RenderedPage};
use crate::db::DbPool;
use crate::error::ApiError;

/// Entries kept at most; when full the cache starts afresh (bounded memory).
const MAX_ENTRIES: usize = 512;

/// The cache shared by the workers.
#[derive(Debug, Default)]
pub struct ResponseCache {
    entries: RwLock<HashMap<String, (u64, RenderedPage)>>,
}

impl ResponseCache {
    fn get(&self, key: &str, generation: u64) -> Option<RenderedPage> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(stored, _)| *stored == generation)
            .map(|(_, page)| page.clone())
    }

    fn put(&self, key: String, generation: u64, page: RenderedPage) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (generation, page));
    }
}

/// Who a rendering is for: pages differ by what the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Staff,
}

impl Audience {
    /// Organizers and admins see more (drafts, private fields) than the public.
    pub fn of(staff: bool) -> Self {
        if staff {
            Self::Staff
        } else {
            Self::Public
        }
    }
}

/// The cache partition of a request's credential: a page rendered for one caller is only
/// served again to the same credential (or, rendered anonymously, to anonymous callers).
/// What a caller sees of embedded people depends on who they are (`visibility`), not only
/// on their role, so no rendering is shared between two callers.
fn credential_of(req: &HttpRequest) -> String {
    use sha2::{Digest, Sha256};
    req.headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .map_or_else(
            || "-".to_owned(),
            |value| format!("{:x}", Sha256::digest(value.as_bytes())),
        )
}

/// Answers a list request from the cache, or loads, renders and stores it.
pub async fn cached_list<T, F, Fut>(
    req: &HttpRequest,
    audience: Audience,
    load: F,
) -> Result<HttpResponse, ApiError>
where
    T: ToSchema + Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    cached(req, audience, || async move { load().await?.render(req) }).await
}

/// Answers a request for a computed public document (a floor plan) the same way.
pub async fn cached_document<T, F, Fut>(
    req: &HttpRequest,
    audience: Audience,
    load: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    cached(req, audience, || async move {
        RenderedPage::document(&load().await?)
    })
    .await
}

async fn cached<F, Fut>(
    req: &HttpRequest,
    audience: Audience,
    render: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<RenderedPage, ApiError>>,
{
    let cache = req.app_data::<web::Data<ResponseCache>>();
    let generation = req
        .app_data::<web::Data<DbPool>>()
        .and_then(|pool| pool.changes().current());
    let key = format!(
        "{audience:?} {} {}?{}",
        credential_of(req),
        req.path(),
        req.query_string()
    );
    if let (Some(cache), Some(generation)) = (cache, generation) {
        if let Some(page) = cache.get(&key, generation) {
            return Ok(page.respond(req));
        }
    }
    let page = render().await?;
    if let (Some(cache), Some(generation)) = (cache, generation) {
        cache.put(key, generation, page.clone());
    }
    Ok(page.respond(req))
}

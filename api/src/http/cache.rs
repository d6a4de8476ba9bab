//! Rendered pages kept until what they show changes.
//!
//! Lists are read far more often than data changes (partner systems poll them). A page is
//! rendered once and stored with the change generations (`changes::generations`) of the
//! tables it shows, read from the database *before* its query ran; it is served again
//! while those generations are unchanged. Every committed write moves the generations of
//! the tables it changed inside its own transaction, so after any process has answered a
//! write, no process serves a page (or a 304) that predates it, and a write of one kind (a
//! check-in) leaves pages of another (the programme) in place. A page stored with older
//! generations than its data is merely rendered again once.
//!
//! Concurrent misses of one page wait for one rendering (single flight), and the cache is
//! bounded by the bytes it holds (oldest pages leave first).

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::{Arc, Mutex, RwLock, Weak};

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::fragments::Fragments;
use super::lists::{RenderedPage, ToPage};
use crate::changes::generations;
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;

/// The default budget: `RESPONSE_CACHE_MB`.
pub const DEFAULT_BUDGET_BYTES: usize = 32 * 1024 * 1024;

/// The tables an answer shows: what it is cached against.
pub type Shows = &'static [&'static str];

/// The cache shared by the workers.
#[derive(Debug)]
pub struct ResponseCache {
    budget: usize,
    store: RwLock<Store>,
    /// One lock per page being rendered, so that concurrent misses render it once.
    flights: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
    /// Items rendered by row version (a quarter of the budget), for pages that miss.
    fragments: Fragments,
}

#[derive(Debug, Default)]
struct Store {
    entries: HashMap<String, Entry>,
    /// Keys by insertion, oldest first: what leaves when the budget is spent.
    order: BTreeMap<u64, String>,
    next: u64,
    bytes: usize,
}

#[derive(Debug)]
struct Entry {
    generations: Vec<i64>,
    page: RenderedPage,
    seq: u64,
    size: usize,
}

impl Default for ResponseCache {
    fn default() -> Self {
        Self::with_budget(DEFAULT_BUDGET_BYTES)
    }
}

impl ResponseCache {
    /// A cache holding at most `budget` bytes of pages (0: nothing is cached).
    pub fn with_budget(budget: usize) -> Self {
        Self {
            budget,
            store: RwLock::default(),
            flights: Mutex::default(),
            fragments: Fragments::with_budget(budget / 4),
        }
    }

    /// The items kept by row version, unless nothing is cached.
    pub fn fragments(&self) -> Option<&Fragments> {
        (self.budget > 0).then_some(&self.fragments)
    }

    fn get(&self, key: &str, generations: &[i64]) -> Option<RenderedPage> {
        let store = self.store.read().unwrap_or_else(|e| e.into_inner());
        let found = store
            .entries
            .get(key)
            .filter(|entry| entry.generations == generations)
            .map(|entry| entry.page.clone());
        crate::metrics::cache_lookups(
            "page",
            usize::from(found.is_some()),
            usize::from(found.is_none()),
        );
        found
    }

    /// Whether a page is stored for `key`, at any generations.
    fn holds(&self, key: &str) -> bool {
        let store = self.store.read().unwrap_or_else(|e| e.into_inner());
        store.entries.contains_key(key)
    }

    fn put(&self, key: String, generations: Vec<i64>, page: RenderedPage) {
        let size = page.size() + key.len();
        if size > self.budget {
            return;
        }
        let mut store = self.store.write().unwrap_or_else(|e| e.into_inner());
        store.remove(&key);
        while store.bytes + size > self.budget {
            let Some((_, oldest)) = store.order.pop_first() else {
                break;
            };
            store.remove(&oldest);
        }
        let seq = store.next;
        store.next += 1;
        store.bytes += size;
        store.order.insert(seq, key.clone());
        store.entries.insert(
            key,
            Entry {
                generations,
                page,
                seq,
                size,
            },
        );
    }

    /// The lock that renders `key` once; dead locks are swept as new ones are made.
    fn flight(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(lock) = flights.get(key).and_then(Weak::upgrade) {
            return lock;
        }
        flights.retain(|_, lock| lock.strong_count() > 0);
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        flights.insert(key.to_owned(), Arc::downgrade(&lock));
        lock
    }

    /// Bytes held now.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.store.read().unwrap_or_else(|e| e.into_inner()).bytes
    }
}

impl Store {
    fn remove(&mut self, key: &str) {
        if let Some(entry) = self.entries.remove(key) {
            self.order.remove(&entry.seq);
            self.bytes -= entry.size;
        }
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
fn credential_of(req: &HttpRequest) -> Option<String> {
    use sha2::{Digest, Sha256};
    req.headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .map(|value| format!("{:x}", Sha256::digest(value.as_bytes())))
}

/// Answers a list request from the cache, or loads, renders and stores it. `shows` names
/// every table whose rows the page shows or filters by. The page is a [`Page`] or, for
/// items rendered by row version ([`super::fragments`]), [`RenderedItems`]. A page loaded by
/// one unit of work uses [`cached_rows`] instead.
///
/// [`Page`]: super::lists::Page
/// [`RenderedItems`]: super::lists::RenderedItems
pub async fn cached_list<P, F, Fut>(
    req: &HttpRequest,
    audience: Audience,
    shows: Shows,
    load: F,
) -> Result<HttpResponse, ApiError>
where
    P: ToPage,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<P, ApiError>>,
{
    cached(req, audience, shows, |tables, known| async move {
        let current = match known {
            Some(current) => current,
            None => read_generations(req, tables).await?,
        };
        Ok((current, load().await?.to_page(req)?))
    })
    .await
}

/// Like [`cached_list`], for a page that one unit of work loads (`work`, run by
/// `db::read`): the generations are read in the same unit, before the page's own queries,
/// so a page never asked before costs one trip to the blocking pool and one connection, not
/// two.
pub async fn cached_rows<P, F>(
    req: &HttpRequest,
    pool: &DbPool,
    audience: Audience,
    shows: Shows,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    P: ToPage + Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<P, ApiError> + Send + 'static,
{
    cached(req, audience, shows, |tables, known| async move {
        let (current, loaded) = db::read(pool, move |conn| {
            let current = match known {
                Some(current) => current,
                None if tables.is_empty() => Vec::new(),
                None => generations::read(conn, &tables)?,
            };
            Ok((current, work(conn)?))
        })
        .await?;
        Ok((current, loaded.to_page(req)?))
    })
    .await
}

/// The generations of `tables`, read in a unit of work of their own (none when nothing is
/// cached).
async fn read_generations(
    req: &HttpRequest,
    tables: Vec<&'static str>,
) -> Result<Vec<i64>, ApiError> {
    match req.app_data::<web::Data<DbPool>>() {
        Some(pool) if !tables.is_empty() => {
            db::read_one(pool, move |conn| generations::read(conn, &tables)).await
        }
        _ => Ok(Vec::new()),
    }
}

/// The process's cache, for a page's items rendered by row version: `None` when there is
/// no cache. Moved into the unit of work that renders the page.
pub fn fragment_cache(req: &HttpRequest) -> Option<web::Data<ResponseCache>> {
    req.app_data::<web::Data<ResponseCache>>().cloned()
}

/// Answers a request for a computed public document (a floor plan) the same way.
pub async fn cached_document<T, F, Fut>(
    req: &HttpRequest,
    audience: Audience,
    shows: Shows,
    load: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    cached(req, audience, shows, |tables, known| async move {
        let current = match known {
            Some(current) => current,
            None => read_generations(req, tables).await?,
        };
        Ok((current, RenderedPage::document(&load().await?)?))
    })
    .await
}

/// The tables a request's answer depends on: what the page shows, the edition it belongs
/// to, and, for a caller with a credential, the accounts and tokens that say who that is.
fn depends_on(req: &HttpRequest, shows: Shows, credentialed: bool) -> Vec<&'static str> {
    let mut tables = shows.to_vec();
    if req.path().starts_with("/api/v1/events/") {
        tables.push("events");
    }
    if credentialed {
        tables.extend(["users", "api_tokens"]);
    }
    tables.sort_unstable();
    tables.dedup();
    tables
}

/// Serves the page stored for the request while its generations are current; otherwise
/// renders it once (single flight) with `render` and stores it. `render` is given the tables
/// and, when they were read already (a stored page found stale), their generations; else it
/// reads them *before* the page's own queries.
async fn cached<F, Fut>(
    req: &HttpRequest,
    audience: Audience,
    shows: Shows,
    render: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(Vec<&'static str>, Option<Vec<i64>>) -> Fut,
    Fut: Future<Output = Result<(Vec<i64>, RenderedPage), ApiError>>,
{
    let Some(cache) = req
        .app_data::<web::Data<ResponseCache>>()
        .filter(|cache| cache.budget > 0 && req.app_data::<web::Data<DbPool>>().is_some())
    else {
        return Ok(render(Vec::new(), None).await?.1.respond(req));
    };
    let credential = credential_of(req);
    let tables = depends_on(req, shows, credential.is_some());
    let key = format!(
        "{audience:?} {} {}?{}",
        credential.as_deref().unwrap_or("-"),
        req.path(),
        req.query_string()
    );
    let first = cache.look_up(req, &key, &tables).await?;
    if let Lookup::Fresh(page) = first {
        return Ok(page.respond(req));
    }
    let flight = cache.flight(&key);
    let _rendering = flight.lock().await;
    // Rendered meanwhile by the request this one waited for? A page found stale is checked
    // again against the generations already read, which are older than that rendering.
    let again = match first {
        Lookup::Stale(current) => match cache.get(&key, &current) {
            Some(page) => Lookup::Fresh(page),
            None => Lookup::Stale(current),
        },
        _ => cache.look_up(req, &key, &tables).await?,
    };
    let known = match again {
        Lookup::Fresh(page) => return Ok(page.respond(req)),
        Lookup::Stale(current) => Some(current),
        Lookup::Absent => None,
    };
    let (current, page) = render(tables, known).await?;
    cache.put(key, current, page.clone());
    Ok(page.respond(req))
}

/// What the cache holds for a request.
enum Lookup {
    /// A page whose generations are current.
    Fresh(RenderedPage),
    /// A page older than these, the current generations.
    Stale(Vec<i64>),
    /// No page.
    Absent,
}

impl ResponseCache {
    /// The page stored for `key`, compared with the current generations of `tables`. A key
    /// never stored (a new query string) costs no database read.
    async fn look_up(
        &self,
        req: &HttpRequest,
        key: &str,
        tables: &[&'static str],
    ) -> Result<Lookup, ApiError> {
        if !self.holds(key) {
            crate::metrics::cache_lookups("page", 0, 1);
            return Ok(Lookup::Absent);
        }
        let current = read_generations(req, tables.to_vec()).await?;
        Ok(match self.get(key, &current) {
            Some(page) => Lookup::Fresh(page),
            None => Lookup::Stale(current),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: usize) -> RenderedPage {
        RenderedPage::document(&"x".repeat(bytes)).expect("a document")
    }

    #[test]
    fn a_page_is_served_only_at_the_generations_it_was_stored_with() {
        let cache = ResponseCache::with_budget(1 << 20);
        cache.put("a".into(), vec![1, 2], page(10));
        assert!(cache.get("a", &[1, 2]).is_some());
        assert!(cache.get("a", &[1, 3]).is_none());
        assert!(cache.get("b", &[1, 2]).is_none());
    }

    #[test]
    fn the_oldest_pages_leave_when_the_budget_is_spent() {
        let one = page(100).size() + 1;
        let cache = ResponseCache::with_budget(one * 3);
        for key in ["a", "b", "c", "d"] {
            cache.put(key.into(), vec![1], page(100));
        }
        assert!(cache.get("a", &[1]).is_none(), "the oldest left");
        for key in ["b", "c", "d"] {
            assert!(cache.get(key, &[1]).is_some(), "{key} stayed");
        }
        assert!(cache.bytes() <= one * 3);
        cache.put("b".into(), vec![2], page(100));
        assert!(cache.bytes() <= one * 3, "a replaced page is counted once");
        cache.put("huge".into(), vec![1], page(one * 4));
        assert!(
            cache.get("huge", &[1]).is_none(),
            "a page over budget is not kept"
        );
    }
}

//! The network endpoints: the map, a city's partners, the path finder and statistics.
//! All answer from the in-memory graph (see `graph` and `graph_cache`), filtered to what the
//! caller may see.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::graph::Graph;
use super::graph_cache;
use super::network::{
    self, CityPartners, Network, NetworkFilter, PartnershipPath, PartnershipStats, PathQuery,
};
use super::viewer::Viewer;
use crate::auth::MaybeCaller;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::http::cache::{cached_document, Audience};
use crate::http::lists::RenderedPage;
use crate::http::paths::ItemPath;
use crate::values::check_filter;

/// Answers `compute` over the current graph: rendered once per change generation for the
/// public and for organizers, computed per request for a delegate (whose view depends on
/// their city).
async fn answer<T, F>(
    req: &HttpRequest,
    audience: Option<Audience>,
    compute: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize,
    F: FnOnce(&Graph) -> Result<T, ApiError>,
{
    match audience {
        Some(audience) => {
            cached_document(req, audience, graph_cache::SHOWS, || async move {
                compute(&*graph_cache::current(req).await?)
            })
            .await
        }
        None => {
            Ok(RenderedPage::document(&compute(&*graph_cache::current(req).await?)?)?.respond(req))
        }
    }
}

/// The partnership network for the map: cities (nodes) and partnerships (edges).
///
/// Filter by kind, status, field, country (that country's cities and their partners),
/// illustrative and the established range. The public sees signed and active ones.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "partnership_network",
    params(NetworkFilter),
    responses((status = 200, description = "Nodes and edges", body = Network)),
    security((), ("bearer" = []))
)]
#[get("/partnerships/network")]
pub async fn partnership_network(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    filter: web::Query<NetworkFilter>,
) -> Result<HttpResponse, ApiError> {
    check_filter(&[], filter.country.as_deref())?;
    let viewer = Viewer::resolve(&pool, &caller).await?;
    answer(&req, viewer.audience(), |graph| {
        network::network(graph, &filter, viewer)
    })
    .await
}

/// The shortest chain of active partnerships between two cities.
///
/// A 404 problem says when no chain exists (or a city is unknown).
#[utoipa::path(
    tag = "partnerships",
    operation_id = "partnership_path",
    params(PathQuery),
    responses(
        (status = 200, description = "The chain", body = PartnershipPath),
        (status = 404, description = "No chain of active partnerships links the two cities"),
    ),
    security((), ("bearer" = []))
)]
#[get("/partnerships/path")]
pub async fn partnership_path(
    req: HttpRequest,
    query: web::Query<PathQuery>,
) -> Result<HttpResponse, ApiError> {
    answer(&req, Some(Audience::Public), |graph| {
        network::shortest_path(graph, &query)
    })
    .await
}

/// Counts by kind, status, country and field, and the most connected cities.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "partnership_stats",
    responses((status = 200, description = "Statistics", body = PartnershipStats)),
    security((), ("bearer" = []))
)]
#[get("/partnerships/stats")]
pub async fn partnership_stats(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
) -> Result<HttpResponse, ApiError> {
    let viewer = Viewer::resolve(&pool, &caller).await?;
    answer(&req, viewer.audience(), |graph| {
        network::stats(graph, viewer)
    })
    .await
}

/// A city's partner cities, with kind, status, since and fields.
#[utoipa::path(
    tag = "partnerships",
    operation_id = "city_partners",
    params(ItemPath),
    responses((status = 200, description = "The city and its partners", body = CityPartners)),
    security((), ("bearer" = []))
)]
#[get("/cities/{id}/partners")]
pub async fn city_partners(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    let viewer = Viewer::resolve(&pool, &caller).await?;
    answer(&req, viewer.audience(), |graph| {
        network::partners(graph, path.id, viewer)
    })
    .await
}

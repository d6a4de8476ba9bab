//! The network endpoints: the map, a city's partners, the path finder and statistics.
//! All answer from the in-memory graph (see `graph`), filtered to what the caller may see.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::graph;
use super::network::{
    self, CityPartners, Network, NetworkFilter, PartnershipPath, PartnershipStats, PathQuery,
};
use super::viewer::Viewer;
use crate::auth::MaybeCaller;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::http::conditional::respond_computed;
use crate::http::paths::ItemPath;

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
    let viewer = Viewer::resolve(&pool, &caller).await?;
    let graph = graph::current(&req).await?;
    respond_computed(&req, &network::network(&graph, &filter, viewer)?)
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
    let graph = graph::current(&req).await?;
    respond_computed(&req, &network::shortest_path(&graph, &query)?)
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
    let graph = graph::current(&req).await?;
    respond_computed(&req, &network::stats(&graph, viewer)?)
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
    let graph = graph::current(&req).await?;
    respond_computed(&req, &network::partners(&graph, path.id, viewer)?)
}

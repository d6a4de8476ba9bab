//! `/api/v1/cities`.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};

use super::dto::{City, CityFilter, CreateCity, UpdateCity};
use super::model::{CityRow, NewCity};
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::cache::{cached_rows, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::ItemPath;
use crate::http::query_guard::ListQuery;
use crate::values::check_filter;

/// List cities.
///
/// Sortable by `id`, `name`, `country`, `population`, `updated_at`.
#[utoipa::path(
    tag = "cities",
    operation_id = "list_cities",
    params(ListQuery<CityFilter>),
    responses((status = 200, description = "A page of cities", body = Page<City>)),
    security((), ("bearer" = []))
)]
#[get("/cities")]
pub async fn list_cities(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    _caller: MaybeCaller,
    query: ListQuery<CityFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    check_filter(&[], filter.country.as_deref())?;
    cached_rows(&req, &pool, Audience::Public, &["cities"], move |conn| {
        let (rows, total) = CityRow::list(conn, &filter, &list)?;
        let items = rows
            .into_iter()
            .map(City::try_from)
            .collect::<Result<_, _>>()?;
        Ok(Page::new(items, &list, total))
    })
    .await
}

/// Create a city (organizers).
#[utoipa::path(
    tag = "cities",
    operation_id = "create_city",
    request_body = CreateCity,
    responses(
        (status = 201, description = "Created", body = City,
            headers(("Location" = String, description = "The new city's URL"))),
        (status = 409, description = "The wikidata_id is taken"),
    ),
    security(("bearer" = []))
)]
#[post("/cities")]
pub async fn create_city(
    pool: web::Data<DbPool>,
    caller: Caller,
    body: JsonBody<CreateCity>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let input = body.into_inner().validate()?;
    let city = db::write(&pool, move |conn| {
        City::try_from(CityRow::insert(conn, &NewCity::from(&input))?)
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/cities/{}", city.id),
        city.id,
        city.version,
        &city,
    ))
}

/// Get a city.
#[utoipa::path(
    tag = "cities",
    operation_id = "get_city",
    params(ItemPath),
    responses((status = 200, description = "The city", body = City)),
    security((), ("bearer" = []))
)]
#[get("/cities/{id}")]
pub async fn get_city(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    _caller: MaybeCaller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner().id;
    let city = db::read(&pool, move |conn| City::try_from(CityRow::find(conn, id)?)).await?;
    Ok(respond_versioned(&req, city.id, city.version, &city))
}

/// Update a city (organizers).
#[utoipa::path(
    tag = "cities",
    operation_id = "update_city",
    params(ItemPath),
    request_body = UpdateCity,
    responses(
        (status = 200, description = "Updated", body = City),
        (status = 409, description = "The wikidata_id is taken"),
    ),
    security(("bearer" = []))
)]
#[patch("/cities/{id}")]
pub async fn update_city(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
    body: JsonBody<UpdateCity>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (id, changes, if_match) = (
        path.into_inner().id,
        body.into_inner(),
        IfMatch::from_request(&req)?,
    );
    let city = db::write(&pool, move |conn| {
        db::lock_row(conn, "cities", id)?;
        let current = City::try_from(CityRow::find(conn, id)?)?;
        if_match.check(id, current.version)?;
        let input = changes.apply(current).validate()?;
        City::try_from(CityRow::update(conn, id, &NewCity::from(&input))?)
    })
    .await?;
    Ok(respond_updated(city.id, city.version, &city))
}

/// Delete a city (organizers). Refused with 409 while anything refers to it.
#[utoipa::path(
    tag = "cities",
    operation_id = "delete_city",
    params(ItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Events, delegations or delegates refer to the city"),
    ),
    security(("bearer" = []))
)]
#[delete("/cities/{id}")]
pub async fn delete_city(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (id, if_match) = (path.into_inner().id, IfMatch::from_request(&req)?);
    db::write(&pool, move |conn| {
        db::lock_row(conn, "cities", id)?;
        if_match.check(id, CityRow::find(conn, id)?.version)?;
        CityRow::delete(conn, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

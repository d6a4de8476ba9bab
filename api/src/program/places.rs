//! What venues and rooms share: event-scoped resources that are listed, created, read,
//! replaced (PUT) and deleted the same way. Their handlers are thin documented wrappers
//! around the functions here.

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_rows, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::lists::{ListRequest, Page};
use crate::http::paths::EventItemPath;

/// A stored place of an event (a venue or a room).
pub trait Place: Sized + Send + 'static {
    /// The body of a create or a replace.
    type Input: Send + 'static;
    /// The list's own filters.
    type Filter: Send + 'static;
    /// The representation.
    type Dto: Serialize + ToSchema + Send + 'static;
    /// The table, for row locks.
    const TABLE: &'static str;

    fn validate(input: Self::Input) -> Result<Self::Input, ApiError>;
    fn list(
        conn: &mut DbConnection,
        event_id: i64,
        filter: &Self::Filter,
        list: &ListRequest,
    ) -> Result<(Vec<Self>, i64), ApiError>;
    fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<Self, ApiError>;
    fn save(
        conn: &mut DbConnection,
        event_id: i64,
        id: Option<i64>,
        input: &Self::Input,
    ) -> Result<Self, ApiError>;
    fn delete(conn: &mut DbConnection, row: &Self) -> Result<(), ApiError>;
    fn represent(self) -> Result<Self::Dto, ApiError>;
    fn version(&self) -> i64;
    /// The id and version of a representation, for ETags and `Location`.
    fn identity(dto: &Self::Dto) -> (i64, i64);
}

pub async fn list<P: Place>(
    req: &HttpRequest,
    pool: &DbPool,
    caller: &MaybeCaller,
    slug: String,
    list: ListRequest,
    filter: P::Filter,
) -> Result<HttpResponse, ApiError> {
    let (staff, pool) = (caller.is_staff(), pool.clone());
    cached_rows(
        req,
        &pool,
        Audience::of(staff),
        &["venues", "rooms"],
        move |conn| {
            let event_id = EventRow::id_of(conn, &slug, staff)?;
            let (rows, total) = P::list(conn, event_id, &filter, &list)?;
            let items = rows
                .into_iter()
                .map(P::represent)
                .collect::<Result<_, _>>()?;
            Ok(Page::new(items, &list, total))
        },
    )
    .await
}

pub async fn create<P: Place>(
    pool: &DbPool,
    caller: &Caller,
    slug: String,
    input: P::Input,
    collection: &'static str,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let input = P::validate(input)?;
    let (slug, dto) = db::write(pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        Ok((slug, P::save(conn, event_id, None, &input)?.represent()?))
    })
    .await?;
    let (id, version) = P::identity(&dto);
    Ok(respond_created(
        format!("/api/v1/events/{slug}/{collection}/{id}"),
        id,
        version,
        &dto,
    ))
}

pub async fn get<P: Place>(
    req: &HttpRequest,
    pool: &DbPool,
    caller: &MaybeCaller,
    path: EventItemPath,
) -> Result<HttpResponse, ApiError> {
    let (EventItemPath { event: slug, id }, staff) = (path, caller.is_staff());
    let dto = db::read(pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, staff)?;
        P::find(conn, event_id, id)?.represent()
    })
    .await?;
    let (id, version) = P::identity(&dto);
    Ok(respond_versioned(req, id, version, &dto))
}

pub async fn replace<P: Place>(
    req: &HttpRequest,
    pool: &DbPool,
    caller: &Caller,
    path: EventItemPath,
    input: P::Input,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (EventItemPath { event: slug, id }, if_match) = (path, IfMatch::from_request(req)?);
    let input = P::validate(input)?;
    let dto = db::write(pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, P::TABLE, id)?;
        if_match.check(id, P::find(conn, event_id, id)?.version())?;
        P::save(conn, event_id, Some(id), &input)?.represent()
    })
    .await?;
    let (id, version) = P::identity(&dto);
    Ok(respond_updated(id, version, &dto))
}

pub async fn delete<P: Place>(
    req: &HttpRequest,
    pool: &DbPool,
    caller: &Caller,
    path: EventItemPath,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (EventItemPath { event: slug, id }, if_match) = (path, IfMatch::from_request(req)?);
    db::write(pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, P::TABLE, id)?;
        let current = P::find(conn, event_id, id)?;
        if_match.check(id, current.version())?;
        P::delete(conn, &current)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

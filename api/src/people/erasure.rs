//! Carrying out erasure (organizers). The delegate's record keeps what the event's records
//! need (its id, delegation, city, role, accreditation status and check-in time, so counts
//! stay right) and loses the person: name, title, contacts, languages, needs, travel, hotel,
//! biography, photo and public consent; the badge gets a new code, so the old one opens no
//! door. An account bound to it is deactivated and renamed, its sessions and links end, and
//! mails not yet sent to it are withdrawn. Then the audit trail and webhook events of the
//! record and of the account keep their entries (who, when, what kind of change) without
//! any value (`changes::forget`).

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::links;
use super::my_data::ErasureRequest;
use crate::auth::refresh_tokens;
use crate::auth::users::AccountStatus;
use crate::auth::Caller;
use crate::changes::forget::forget;
use crate::db::schema::{calendar_tokens, delegates, erasure_requests, mail_outbox, users};
use crate::db::{self, DbConnection, DbPool};
use crate::delegates::{new_badge_code, Delegate, DelegateRow};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::{ListQuery, NoFilter};

/// The name an erased delegate is shown by.
const ERASED_GIVEN: &str = "Erased";
const ERASED_FAMILY: &str = "delegate";

pub fn request_of(conn: &mut DbConnection, id: i64) -> Result<ErasureRequest, ApiError> {
    let (id, delegate_id, requested_at, carried_out_at) = erasure_requests::table
        .find(id)
        .select((
            erasure_requests::id,
            erasure_requests::delegate_id,
            erasure_requests::requested_at,
            erasure_requests::carried_out_at,
        ))
        .first::<(
            i64,
            i64,
            chrono::NaiveDateTime,
            Option<chrono::NaiveDateTime>,
        )>(conn)?;
    Ok(ErasureRequest {
        id,
        delegate_id,
        requested_at: requested_at.and_utc(),
        carried_out_at: carried_out_at.map(|at| at.and_utc()),
    })
}

/// List the event's erasure requests, pending first (organizers).
#[utoipa::path(
    tag = "people",
    operation_id = "list_erasure_requests",
    params(EventPath, ListQuery<NoFilter>),
    responses((status = 200, description = "A page of requests", body = Page<ErasureRequest>)),
    security(("bearer" = []))
)]
#[get("/events/{event}/erasure-requests")]
pub async fn list_erasure_requests(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    query: ListQuery<NoFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, list) = (path.into_inner().event, query.list);
    let page = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let of_event = || {
            erasure_requests::table
                .inner_join(delegates::table)
                .filter(delegates::event_id.eq(event_id))
        };
        let total: i64 = of_event().count().get_result(conn)?;
        let ids: Vec<i64> = of_event()
            .order((
                erasure_requests::carried_out_at.is_not_null(),
                erasure_requests::id,
            ))
            .offset(list.offset())
            .limit(list.per_page)
            .select(erasure_requests::id)
            .load(conn)?;
        let items = ids
            .into_iter()
            .map(|id| request_of(conn, id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, &list, total))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

/// Erase a delegate (organizers), on their request or another lawful ground: what the
/// module says is removed; the record, its counts and an audit entry without personal
/// values stay. Erasing again is harmless.
#[utoipa::path(
    tag = "people",
    operation_id = "erase_delegate",
    params(EventItemPath),
    responses((status = 200, description = "The erased record", body = Delegate)),
    security(("bearer" = []))
)]
#[post("/events/{event}/delegates/{id}/erasure")]
pub async fn erase_delegate(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let by = caller.user_id;
    let accounts = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        DelegateRow::find(conn, event_id, id)?;
        erase(conn, id, by)
    })
    .await?;
    // The record's history loses its values once the erasure (and its own audit entry)
    // has committed.
    let row = db::write(&pool, move |conn| {
        forget(conn, "delegate", id)?;
        for account in &accounts {
            forget(conn, "user", *account)?;
        }
        Ok(delegates::table
            .find(id)
            .select(DelegateRow::as_select())
            .first(conn)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(row.full()?))
}

/// Anonymises delegate `id` and its accounts; returns the accounts' ids.
fn erase(conn: &mut DbConnection, id: i64, by: i64) -> Result<Vec<i64>, ApiError> {
    let at = db::now();
    diesel::update(delegates::table.find(id))
        .set((
            delegates::given_name.eq(ERASED_GIVEN),
            delegates::family_name.eq(ERASED_FAMILY),
            delegates::search_text.eq(crate::http::lists::search_key("erased delegate")),
            delegates::honorific.eq(None::<String>),
            delegates::title.eq(None::<String>),
            delegates::email.eq(None::<String>),
            delegates::phone.eq(None::<String>),
            delegates::languages.eq("[]"),
            delegates::interpretation_needs.eq("[]"),
            delegates::dietary_needs.eq(None::<String>),
            delegates::accessibility_needs.eq(None::<String>),
            delegates::arrival_at.eq(None::<chrono::NaiveDateTime>),
            delegates::departure_at.eq(None::<chrono::NaiveDateTime>),
            delegates::hotel.eq(None::<String>),
            delegates::bio.eq("{}"),
            delegates::photo_url.eq(None::<String>),
            delegates::consent_public_profile.eq(false),
            delegates::badge_code.eq(new_badge_code()),
            delegates::updated_at.eq(at),
            delegates::version.eq(delegates::version + 1),
        ))
        .execute(conn)?;
    diesel::delete(calendar_tokens::table.filter(calendar_tokens::delegate_id.eq(id)))
        .execute(conn)?;
    let accounts: Vec<i64> = users::table
        .filter(users::delegate_id.eq(id))
        .select(users::id)
        .load(conn)?;
    for account in &accounts {
        diesel::update(users::table.find(account))
            .set((
                users::email.eq(format!("erased-user-{account}@erased.invalid")),
                users::display_name.eq("Erased delegate"),
                users::password_hash.eq(""),
                users::status.eq(AccountStatus::Deactivated.as_str()),
                users::updated_at.eq(at),
                users::version.eq(users::version + 1),
            ))
            .execute(conn)?;
        refresh_tokens::revoke_user(conn, *account)?;
        links::revoke_all(conn, *account)?;
    }
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::user_id.eq_any(&accounts))
            .filter(mail_outbox::status.ne(crate::mail::outbox::SENT)),
    )
    .set((
        mail_outbox::status.eq(crate::mail::outbox::FAILED),
        mail_outbox::last_error.eq("withdrawn: the recipient was erased"),
    ))
    .execute(conn)?;
    diesel::update(mail_outbox::table.filter(mail_outbox::user_id.eq_any(&accounts)))
        .set((
            mail_outbox::recipient.eq("erased@erased.invalid"),
            mail_outbox::subject.eq("(erased)"),
            mail_outbox::text_body.eq(""),
            mail_outbox::html_body.eq(""),
            mail_outbox::template_values.eq(None::<String>),
            mail_outbox::attachment.eq(None::<String>),
        ))
        .execute(conn)?;
    diesel::update(
        erasure_requests::table
            .filter(erasure_requests::delegate_id.eq(id))
            .filter(erasure_requests::carried_out_at.is_null()),
    )
    .set((
        erasure_requests::carried_out_at.eq(at),
        erasure_requests::carried_out_by.eq(by),
        erasure_requests::updated_at.eq(at),
        erasure_requests::version.eq(erasure_requests::version + 1),
    ))
    .execute(conn)?;
    Ok(accounts)
}

//! `GET /api/v1/audit`.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::changes::resources;
use crate::db::schema::{audit_entries as a, events};
use crate::db::{self, DbPool, Ordering};
use crate::error::ApiError;
use crate::http::lists::Page;
use crate::http::query_guard::{ListFilter, ListQuery};

/// One recorded change.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 90, "occurred_at": "2026-01-06T09:00:00Z", "actor": {"user_id": 2, "token_id": null},
    "resource": "delegate", "resource_id": 7, "action": "updated", "event_type": "delegate.updated",
    "event": "harbin-2026", "before": {"title": "Mayor", "phone": "[redacted]"},
    "after": {"title": "Mayor of Harbin", "phone": "[redacted]"}
}))]
pub struct AuditEntry {
    pub id: i64,
    pub occurred_at: String,
    pub actor: AuditActor,
    pub resource: String,
    pub resource_id: i64,
    /// `created`, `updated` or `deleted`.
    pub action: String,
    /// The webhook event type the change was, if any.
    pub event_type: Option<String>,
    /// The edition (slug) the resource belongs to, if any.
    pub event: Option<String>,
    /// The changed fields before (the whole row for a deletion); private values redacted.
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// The changed fields after (the whole row for a creation); private values redacted.
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
}

/// Who made a change: a user, an API token, or neither (the system).
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditActor {
    pub user_id: Option<i64>,
    pub token_id: Option<i64>,
}

/// Filters of the audit trail.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// The resource name (`delegate`, `session`, …).
    #[param(example = "delegate")]
    pub resource: Option<String>,
    #[param(example = 7)]
    pub resource_id: Option<i64>,
    /// The acting user's id.
    #[param(example = 2)]
    pub actor: Option<i64>,
    /// The acting API token's id.
    pub actor_token: Option<i64>,
    /// `created`, `updated` or `deleted`.
    pub action: Option<String>,
    /// From this instant (inclusive, RFC 3339).
    #[param(value_type = Option<String>, format = DateTime, example = "2026-01-01T00:00:00Z")]
    pub since: Option<DateTime<Utc>>,
    /// Before this instant (exclusive, RFC 3339).
    #[param(value_type = Option<String>, format = DateTime, example = "2026-02-01T00:00:00Z")]
    pub until: Option<DateTime<Utc>>,
}

impl ListFilter for AuditFilter {
    const SORTABLE: &'static [&'static str] = &["id", "occurred_at"];
}

/// Who may read the audit trail: admins (token scopes may extend this).
pub fn require_audit(caller: &Caller) -> Result<(), ApiError> {
    caller.require_admin()
}

type Row = (
    i64,
    NaiveDateTime,
    Option<i64>,
    Option<i64>,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// List audit entries, newest first unless `sort` says otherwise (admins, and API tokens
/// with `audit:read`).
///
/// A token without `delegates:read_private` gets no entry of a resource that is or names
/// a delegate (delegates, registrations, speakers, endorsements, …).
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_entries",
    params(ListQuery<AuditFilter>),
    responses((status = 200, description = "A page of audit entries", body = Page<AuditEntry>)),
    security(("bearer" = []))
)]
#[get("/audit")]
pub async fn list_audit_entries(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    query: ListQuery<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    require_audit(&caller)?;
    let ListQuery { list, filter } = query;
    let hidden = resources_naming_delegates(&caller);
    let page = db::read(&pool, move |conn| {
        let query = || {
            let mut query = a::table
                .left_join(events::table.on(events::id.nullable().eq(a::event_id)))
                .into_boxed();
            if !hidden.is_empty() {
                query = query.filter(a::resource.ne_all(hidden.clone()));
            }
            if let Some(name) = &filter.resource {
                query = query.filter(a::resource.eq(name.clone()));
            }
            if let Some(id) = filter.resource_id {
                query = query.filter(a::resource_id.eq(id));
            }
            if let Some(actor) = filter.actor {
                query = query.filter(a::actor_user_id.eq(actor));
            }
            if let Some(token) = filter.actor_token {
                query = query.filter(a::actor_token_id.eq(token));
            }
            if let Some(action) = &filter.action {
                query = query.filter(a::action.eq(action.clone()));
            }
            if let Some(since) = filter.since {
                query = query.filter(a::occurred_at.ge(since.naive_utc()));
            }
            if let Some(until) = filter.until {
                query = query.filter(a::occurred_at.lt(until.naive_utc()));
            }
            query
        };
        let total: i64 = query().count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "occurred_at" => order.by(a::occurred_at, key.descending),
                _ => order.by(a::id, key.descending),
            };
        }
        let rows: Vec<Row> = query()
            .order(order.by(a::id, true))
            .limit(list.per_page)
            .offset(list.offset())
            .select((
                a::id,
                a::occurred_at,
                a::actor_user_id,
                a::actor_token_id,
                a::resource,
                a::resource_id,
                a::action,
                a::event_type,
                events::slug.nullable(),
                a::before_data,
                a::after_data,
            ))
            .load(conn)?;
        let items = rows.into_iter().map(represent).collect();
        Ok(Page::new(items, &list, total))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

/// The resources whose entries `caller` may not read: a caller who may not read private
/// delegate data (an API token with `audit:read` but without `delegates:read_private`)
/// cannot tell from the trail which delegate did or did not consent, so the entries of
/// every resource that is or names a delegate (`delegate_refs`) are left out for them.
fn resources_naming_delegates(caller: &Caller) -> Vec<&'static str> {
    if caller.reads_private_delegates() {
        return Vec::new();
    }
    resources::RESOURCES
        .iter()
        .filter(|r| r.name == "delegate" || !r.delegate_refs.is_empty())
        .map(|r| r.name)
        .collect()
}

fn represent(row: Row) -> AuditEntry {
    let (id, at, user, token, resource, resource_id, action, event_type, event, before, after) =
        row;
    let redact = |text: Option<String>| {
        let value: Value = serde_json::from_str(&text?).ok()?;
        let redacted = match (resources::by_name(&resource), value) {
            (Some(r), Value::Object(map)) => Value::Object(r.redact(&map)),
            (_, Value::Object(map)) => Value::Object(map),
            _ => Value::Object(Map::new()),
        };
        Some(redacted)
    };
    AuditEntry {
        id,
        occurred_at: at.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true),
        actor: AuditActor {
            user_id: user,
            token_id: token,
        },
        before: redact(before),
        after: redact(after),
        resource,
        resource_id,
        action,
        event_type,
        event,
    }
}

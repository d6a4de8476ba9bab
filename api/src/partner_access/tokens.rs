//! API tokens at rest: the secret (shown once, stored as a SHA-256 hash), the rows and
//! their queries. Each token acts as its own partner account, so what it writes is
//! attributed to it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::scopes::Scope;
use crate::auth::secrets::{self, hash};
use crate::auth::Role;
use crate::db::schema::{api_tokens, events, users};
use crate::db::{DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::lists::ListRequest;

/// The start of every secret: tells a gmd API token from a JWT (and secret scanners).
pub const SECRET_PREFIX: &str = "gmd_live_";
/// Random characters after the prefix (62 possible each: about 238 bits).
const SECRET_CHARS: usize = 40;
/// Random characters shown in listings after the prefix.
const VISIBLE_CHARS: usize = 8;
/// A token's last use is recorded at most this often.
pub const LAST_USE_GRANULARITY_SECS: i64 = 60;
/// The password hash of a token's account: not a PHC string, so no password ever matches.
const NO_PASSWORD: &str = "!api-token";

/// A freshly generated secret.
#[derive(Debug)]
pub struct NewSecret {
    pub secret: String,
    pub prefix: String,
    pub hash: String,
}

impl NewSecret {
    pub fn generate() -> Self {
        let secret = format!("{SECRET_PREFIX}{}", secrets::random(SECRET_CHARS));
        Self {
            prefix: secret[..SECRET_PREFIX.len() + VISIBLE_CHARS].to_owned(),
            hash: hash(&secret),
            secret,
        }
    }
}

/// A stored token.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub scopes: String,
    pub event_id: Option<i64>,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A token with the slug of the event it is restricted to.
pub type TokenWithEvent = (ApiTokenRow, Option<String>);

/// What a new token is made of, validated.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub scopes: Vec<Scope>,
    pub event_id: Option<i64>,
    pub expires_at: Option<NaiveDateTime>,
}

pub const SORTABLE: &[&str] = &["id", "name", "created_at", "updated_at"];

impl ApiTokenRow {
    pub fn scopes(&self) -> Result<Vec<Scope>, ApiError> {
        let names: Vec<String> = serde_json::from_str(&self.scopes)?;
        names.iter().map(|name| Scope::parse(name)).collect()
    }

    /// Neither revoked nor expired at `now`.
    pub fn is_active(&self, now: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| now < at)
    }

    /// Whether a use at `now` should be recorded.
    pub fn use_is_news(&self, now: NaiveDateTime) -> bool {
        self.last_used_at
            .is_none_or(|at| (now - at).num_seconds() >= LAST_USE_GRANULARITY_SECS)
    }

    /// Stores the token and the partner account it acts as.
    pub fn insert(
        conn: &mut DbConnection,
        token: &NewToken,
        secret: &NewSecret,
        created_by: i64,
    ) -> Result<TokenWithEvent, ApiError> {
        let now = crate::db::now();
        let user_id = diesel::insert_into(users::table)
            .values((
                users::email.eq(format!(
                    "api-token-{}@tokens.gmd.invalid",
                    uuid::Uuid::new_v4().simple()
                )),
                users::display_name.eq(&token.name),
                users::password_hash.eq(NO_PASSWORD),
                users::role.eq(Role::Partner.as_str()),
                users::created_at.eq(now),
                users::updated_at.eq(now),
                users::version.eq(1_i64),
            ))
            .returning(users::id)
            .get_result::<i64>(conn)?;
        let scopes: Vec<&str> = token.scopes.iter().map(|s| s.as_str()).collect();
        let id = diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::user_id.eq(user_id),
                api_tokens::name.eq(&token.name),
                api_tokens::prefix.eq(&secret.prefix),
                api_tokens::secret_hash.eq(&secret.hash),
                api_tokens::scopes.eq(serde_json::to_string(&scopes)?),
                api_tokens::event_id.eq(token.event_id),
                api_tokens::expires_at.eq(token.expires_at),
                api_tokens::created_by.eq(created_by),
                api_tokens::created_at.eq(now),
                api_tokens::updated_at.eq(now),
                api_tokens::version.eq(1_i64),
            ))
            .returning(api_tokens::id)
            .get_result::<i64>(conn)?;
        Self::find(conn, id)
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> Result<TokenWithEvent, ApiError> {
        api_tokens::table
            .left_join(events::table)
            .filter(api_tokens::id.eq(id))
            .select((ApiTokenRow::as_select(), events::slug.nullable()))
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no API token {id}")))
    }

    /// The token whose secret hashes to `hash`, active or not.
    pub fn find_by_hash(
        conn: &mut DbConnection,
        hash: &str,
    ) -> Result<Option<TokenWithEvent>, ApiError> {
        Ok(api_tokens::table
            .left_join(events::table)
            .filter(api_tokens::secret_hash.eq(hash))
            .select((ApiTokenRow::as_select(), events::slug.nullable()))
            .first(conn)
            .optional()?)
    }

    pub fn list(
        conn: &mut DbConnection,
        list: &ListRequest,
    ) -> Result<(Vec<TokenWithEvent>, i64), ApiError> {
        let filtered = || {
            let mut query = api_tokens::table.left_join(events::table).into_boxed();
            if let Some(since) = list.updated_since {
                query = query.filter(api_tokens::updated_at.ge(since));
            }
            if let Some(q) = &list.q {
                let pattern = crate::db::search::contains_pattern(q);
                query = query.filter(api_tokens::name.like(pattern).escape('\\'));
            }
            query
        };
        let total = filtered().count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "name" => order.by(api_tokens::name, key.descending),
                "created_at" => order.by(api_tokens::created_at, key.descending),
                "updated_at" => order.by(api_tokens::updated_at, key.descending),
                _ => order.by(api_tokens::id, key.descending),
            };
        }
        let rows = filtered()
            .order(order.by(api_tokens::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select((ApiTokenRow::as_select(), events::slug.nullable()))
            .load(conn)?;
        Ok((rows, total))
    }

    /// Revokes the token from now on; revoking a revoked token changes nothing.
    pub fn revoke(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
        let now = crate::db::now();
        Self::find(conn, id)?;
        diesel::update(
            api_tokens::table
                .filter(api_tokens::id.eq(id))
                .filter(api_tokens::revoked_at.is_null()),
        )
        .set((
            api_tokens::revoked_at.eq(now),
            api_tokens::updated_at.eq(now),
            api_tokens::version.eq(api_tokens::version + 1),
        ))
        .execute(conn)?;
        Ok(())
    }

    /// Records a use at `now`, unless another request recorded one within the granularity.
    pub fn record_use(
        conn: &mut DbConnection,
        id: i64,
        now: NaiveDateTime,
    ) -> Result<(), ApiError> {
        let recent = now - chrono::Duration::seconds(LAST_USE_GRANULARITY_SECS);
        diesel::update(
            api_tokens::table.filter(api_tokens::id.eq(id)).filter(
                api_tokens::last_used_at
                    .is_null()
                    .or(api_tokens::last_used_at.lt(recent)),
            ),
        )
        .set((
            api_tokens::last_used_at.eq(now),
            api_tokens::version.eq(api_tokens::version + 1),
        ))
        .execute(conn)?;
        Ok(())
    }
}

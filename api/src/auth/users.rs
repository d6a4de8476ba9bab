//! User accounts: the rows, lookups and the admin bootstrap used by the CLI.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::{passwords, refresh_tokens, Role};
use crate::db::schema::users;
use crate::db::{DbConnection, DbPool};
use crate::error::ApiError;

/// A stored account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub delegate_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub exhibitor_id: Option<i64>,
    /// `invited`, `active` or `deactivated` ([`AccountStatus`]).
    pub status: String,
    /// What the account's mails are written in: `en` or `zh`.
    pub language: String,
    /// The notification categories its owner turned off (a JSON array).
    pub mail_opt_outs: String,
    /// The TOTP secret (base32), once enrolment began; in force from `totp_enabled_at`.
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<NaiveDateTime>,
    /// The last TOTP time step accepted: a code works once.
    pub totp_last_step: Option<i64>,
    /// SHA-256 hashes of the unused recovery codes (a JSON array).
    pub recovery_codes: String,
}

/// Whether an account may sign in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Invited: no password yet; the invitation's link sets one.
    Invited,
    Active,
    /// No sign-in and no session is honoured, from the next request on.
    Deactivated,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Active => "active",
            Self::Deactivated => "deactivated",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Invited, Self::Active, Self::Deactivated]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// The languages mails are written in; the first is the default.
pub const MAIL_LANGUAGES: &[&str] = &["en", "zh"];

impl User {
    /// Whether signing in takes a second factor.
    pub fn has_two_factor(&self) -> bool {
        self.totp_enabled_at.is_some()
    }

    pub fn status(&self) -> AccountStatus {
        AccountStatus::parse(&self.status).unwrap_or(AccountStatus::Deactivated)
    }

    pub fn role(&self) -> Result<Role, ApiError> {
        Role::parse(&self.role).ok_or_else(|| {
            ApiError::Internal(format!("user {} has unknown role {}", self.id, self.role))
        })
    }

    pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(email.trim().to_lowercase()))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<User>> {
        users::table
            .find(id)
            .select(User::as_select())
            .first(conn)
            .optional()
    }
}

/// A new account.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub delegate_id: Option<i64>,
    pub exhibitor_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub status: String,
    pub language: String,
}

impl NewUser {
    /// Hashes the password; run off the request threads.
    pub fn new(
        email: &str,
        display_name: &str,
        password: &str,
        role: Role,
        delegate_id: Option<i64>,
    ) -> Result<Self, ApiError> {
        let now = Utc::now().naive_utc();
        Ok(Self {
            email: email.trim().to_lowercase(),
            display_name: display_name.to_owned(),
            password_hash: passwords::hash(password)?,
            role: role.as_str().to_owned(),
            delegate_id,
            exhibitor_id: None,
            created_at: now,
            updated_at: now,
            version: 1,
            status: AccountStatus::Active.as_str().to_owned(),
            language: MAIL_LANGUAGES[0].to_owned(),
        })
    }

    /// An invited account: no password until its invitation is accepted (an empty hash,
    /// which no password matches), writing to its owner in `language`.
    pub fn invited(
        email: &str,
        display_name: &str,
        role: Role,
        delegate_id: Option<i64>,
        language: &str,
    ) -> Self {
        let now = Utc::now().naive_utc();
        Self {
            email: email.trim().to_lowercase(),
            display_name: display_name.to_owned(),
            password_hash: String::new(),
            role: role.as_str().to_owned(),
            delegate_id,
            exhibitor_id: None,
            created_at: now,
            updated_at: now,
            version: 1,
            status: AccountStatus::Invited.as_str().to_owned(),
            language: language.to_owned(),
        }
    }

    /// Binds the account to an exhibitor (exhibitor users act for it only).
    pub fn for_exhibitor(self, exhibitor_id: i64) -> Self {
        Self {
            exhibitor_id: Some(exhibitor_id),
            ..self
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<usize> {
        diesel::insert_into(users::table).values(self).execute(conn)
    }

    /// Inserts the account and returns its id.
    pub fn insert_returning_id(&self, conn: &mut DbConnection) -> QueryResult<i64> {
        diesel::insert_into(users::table)
            .values(self)
            .returning(users::id)
            .get_result(conn)
    }
}

/// `gmd admin`: [`create_or_reset_admin`] as one announced write, so that every API process
/// honours the new role and password (and ends the old sessions) from its next request.
pub fn reset_admin(pool: &DbPool, email: &str, password: &str) -> Result<bool, ApiError> {
    crate::db::write_now(pool, |conn| create_or_reset_admin(conn, email, password))
}

/// Creates an admin, or resets an existing account's password and makes it an admin,
/// revoking every session it had. Returns whether the account was created.
pub fn create_or_reset_admin(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
) -> Result<bool, ApiError> {
    passwords::check(password, &[email]).map_err(|why| ApiError::invalid("password", why))?;
    if !email.contains('@') {
        return Err(ApiError::invalid("email", "must be an e-mail address"));
    }
    let account = NewUser::new(email, "Administrator", password, Role::Admin, None)?;
    match User::find_by_email(conn, email)? {
        Some(existing) => {
            diesel::update(users::table.find(existing.id))
                .set((
                    users::password_hash.eq(&account.password_hash),
                    users::role.eq(Role::Admin.as_str()),
                    users::status.eq(AccountStatus::Active.as_str()),
                    users::updated_at.eq(account.updated_at),
                    users::version.eq(users::version + 1),
                ))
                .execute(conn)?;
            refresh_tokens::revoke_user(conn, existing.id)?;
            Ok(false)
        }
        None => {
            account.insert(conn)?;
            Ok(true)
        }
    }
}

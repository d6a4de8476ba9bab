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
}

impl User {
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
        })
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

//! Who a notification goes to: a delegate (their active account's address, language and
//! choices; else the address on their record, in the first language the platform writes
//! that they speak) or an exhibitor's active accounts.

use diesel::prelude::*;

use super::preferences::{opted_out, Category};
use crate::auth::users::{AccountStatus, User};
use crate::auth::Role;
use crate::db::schema::{delegates, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::people::invite::language_of_delegate;

/// One person to write to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub language: String,
    pub user_id: Option<i64>,
    opted_out: Vec<String>,
}

impl Recipient {
    /// Whether they take mails of `category` (`None`: essential, always).
    pub fn takes(&self, category: Option<Category>) -> bool {
        category.is_none_or(|category| !self.opted_out.iter().any(|c| c == category.as_str()))
    }

    fn of_account(user: User) -> Self {
        Self {
            opted_out: opted_out(&user.mail_opt_outs),
            email: user.email,
            name: user.display_name,
            language: user.language,
            user_id: Some(user.id),
        }
    }
}

/// The delegate `id`, if there is an address to write to.
pub fn delegate(conn: &mut DbConnection, id: i64) -> Result<Option<Recipient>, ApiError> {
    let account = users::table
        .filter(users::delegate_id.eq(id))
        .filter(users::status.eq(AccountStatus::Active.as_str()))
        .select(User::as_select())
        .first(conn)
        .optional()?;
    if let Some(user) = account {
        return Ok(Some(Recipient::of_account(user)));
    }
    let row: Option<(String, String, Option<String>, String)> = delegates::table
        .find(id)
        .select((
            delegates::given_name,
            delegates::family_name,
            delegates::email,
            delegates::languages,
        ))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(given, family, email, languages)| {
        let email = email.filter(|email| email.contains('@'))?;
        let languages: Vec<String> = serde_json::from_str(&languages).unwrap_or_default();
        Some(Recipient {
            email,
            name: format!("{given} {family}").trim().to_owned(),
            language: language_of_delegate(&languages),
            user_id: None,
            opted_out: Vec::new(),
        })
    }))
}

/// The active accounts acting for exhibitor `id`.
pub fn exhibitor(conn: &mut DbConnection, id: i64) -> Result<Vec<Recipient>, ApiError> {
    Ok(users::table
        .filter(users::exhibitor_id.eq(id))
        .filter(users::role.eq(Role::Exhibitor.as_str()))
        .filter(users::status.eq(AccountStatus::Active.as_str()))
        .select(User::as_select())
        .load(conn)?
        .into_iter()
        .map(Recipient::of_account)
        .collect())
}

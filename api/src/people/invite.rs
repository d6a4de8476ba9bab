//! Inviting people: an invited account (no password yet), a one-time link, and the mail
//! that carries it, all in the caller's write transaction. Used for staff accounts made
//! by admins, for delegates invited by organizers (one or in bulk), and to resend.

use diesel::prelude::*;

use super::links::{self, Purpose};
use crate::auth::users::{AccountStatus, NewUser, User, MAIL_LANGUAGES};
use crate::auth::Role;
use crate::db::schema::{delegates, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::mail::outbox::{self, NewMail};
use crate::mail::{render, MailKind, MailSettings};

/// Who to invite.
#[derive(Debug, Clone)]
pub struct Invitee {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub delegate_id: Option<i64>,
    pub language: String,
}

/// What inviting one person did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new invitation is queued (a new account, or a pending one invited again).
    Sent { user_id: i64, mail_id: i64 },
    /// The address (or the delegate) already has an account.
    HasAccount { user_id: i64 },
}

/// Invites `invitee`: makes the invited account, or, when the address belongs to an
/// account still invited for the same role and delegate, sends it a new link (the old one
/// stops working). Any other account with that address, or bound to that delegate, is
/// [`Outcome::HasAccount`].
pub fn invite(
    conn: &mut DbConnection,
    invitee: &Invitee,
    settings: &MailSettings,
    by: Option<i64>,
) -> Result<Outcome, ApiError> {
    let existing = match User::find_by_email(conn, &invitee.email)? {
        Some(user) => Some(user),
        None => match invitee.delegate_id {
            Some(delegate_id) => users::table
                .filter(users::delegate_id.eq(delegate_id))
                .select(User::as_select())
                .first(conn)
                .optional()?,
            None => None,
        },
    };
    if let Some(user) = existing {
        let same = user.status() == AccountStatus::Invited
            && user.role == invitee.role.as_str()
            && user.delegate_id == invitee.delegate_id
            && user.email == invitee.email.trim().to_lowercase();
        if !same {
            return Ok(Outcome::HasAccount { user_id: user.id });
        }
        let mail_id = send_link(conn, &user, Purpose::Invitation, settings, by)?;
        return Ok(Outcome::Sent {
            user_id: user.id,
            mail_id,
        });
    }
    let language = if MAIL_LANGUAGES.contains(&invitee.language.as_str()) {
        invitee.language.as_str()
    } else {
        MAIL_LANGUAGES[0]
    };
    let user_id = NewUser::invited(
        &invitee.email,
        &invitee.display_name,
        invitee.role,
        invitee.delegate_id,
        language,
    )
    .insert_returning_id(conn)?;
    let user = User::find(conn, user_id)?
        .ok_or_else(|| ApiError::Internal("the invited account vanished".into()))?;
    let mail_id = send_link(conn, &user, Purpose::Invitation, settings, by)?;
    Ok(Outcome::Sent { user_id, mail_id })
}

/// Issues a link of `purpose` for `user` and queues the mail that carries it, in the
/// account's language; returns the mail's id.
pub fn send_link(
    conn: &mut DbConnection,
    user: &User,
    purpose: Purpose,
    settings: &MailSettings,
    by: Option<i64>,
) -> Result<i64, ApiError> {
    let (kind, lifetime) = match purpose {
        Purpose::Invitation => (MailKind::Invitation, settings.invitation_ttl),
        Purpose::PasswordReset => (MailKind::PasswordReset, crate::mail::settings::RESET_TTL),
    };
    let link = links::issue(conn, user.id, purpose, lifetime, by)?;
    let url = link.url(&settings.public_url, purpose);
    let content = render(
        kind,
        &user.language,
        &[
            ("name", &user.display_name),
            ("link", &url),
            ("expires", &link.expires_text()),
        ],
    )?;
    outbox::enqueue(
        conn,
        &NewMail {
            kind,
            recipient: &user.email,
            user_id: Some(user.id),
            language: &user.language,
            content,
            secret: true,
            created_by: by,
            values: None,
            attachment: None,
        },
        Some(settings.domain()),
    )
}

/// The language a delegate's mails are written in: the first of their languages that the
/// platform writes in, else English.
pub fn language_of_delegate(languages: &[String]) -> String {
    languages
        .iter()
        .map(|code| {
            code.split(['-', '_'])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .find(|code| MAIL_LANGUAGES.contains(&code.as_str()))
        .unwrap_or_else(|| MAIL_LANGUAGES[0].to_owned())
}

/// A delegate as an invitation needs them: `None` when they have no e-mail address.
pub fn delegate_invitee(
    conn: &mut DbConnection,
    event_id: i64,
    delegate_id: i64,
) -> Result<Option<Invitee>, ApiError> {
    let (given, family, email, languages): (String, String, Option<String>, String) =
        delegates::table
            .filter(delegates::event_id.eq(event_id))
            .filter(delegates::id.eq(delegate_id))
            .select((
                delegates::given_name,
                delegates::family_name,
                delegates::email,
                delegates::languages,
            ))
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                ApiError::NotFound(format!("no delegate {delegate_id} at this event"))
            })?;
    Ok(invitee_of(delegate_id, &given, &family, email, &languages))
}

/// The invitee of a delegate's row, `None` without an e-mail address.
pub fn invitee_of(
    delegate_id: i64,
    given: &str,
    family: &str,
    email: Option<String>,
    languages: &str,
) -> Option<Invitee> {
    let email = email.filter(|email| email.contains('@'))?;
    let languages: Vec<String> = serde_json::from_str(languages).unwrap_or_default();
    Some(Invitee {
        email,
        display_name: format!("{given} {family}").trim().to_owned(),
        role: Role::Delegate,
        delegate_id: Some(delegate_id),
        language: language_of_delegate(&languages),
    })
}

#[cfg(test)]
mod tests {
    use super::language_of_delegate;

    #[test]
    fn a_delegate_is_written_to_in_the_first_language_the_platform_writes() {
        let of = |codes: &[&str]| {
            language_of_delegate(&codes.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(of(&["zh-Hans", "en"]), "zh");
        assert_eq!(of(&["fi", "en"]), "en");
        assert_eq!(of(&["ko"]), "en");
        assert_eq!(of(&[]), "en");
    }
}

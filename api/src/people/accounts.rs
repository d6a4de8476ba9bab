//! `/api/v1/users`: user management (admins). List and filter accounts, create organizer
//! and admin accounts (each gets an invitation), change a role, deactivate and reactivate
//! (effective from the account's next request: a session of an inactive account is not
//! honoured), and resend an invitation. Every change is a write to `users` or
//! `account_tokens`, so the audit trail records it; password hashes and link hashes are
//! never shown or recorded.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::invite::{self, Invitee, Outcome};
use super::links::{self, Purpose};
use crate::auth::refresh_tokens;
use crate::auth::users::{AccountStatus, User, MAIL_LANGUAGES};
use crate::auth::{Caller, Role};
use crate::db::schema::{delegates, exhibitors, users};
use crate::db::{self, search, DbConnection, DbPool};
use crate::error::{ApiError, FieldError};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::ItemPath;
use crate::http::query_guard::{ListFilter, ListQuery};
use crate::mail::MailSettings;

/// What an account acts for.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"kind": "delegate", "id": 6, "name": "Sanna Virtanen"}))]
pub struct Binding {
    /// `delegate` or `exhibitor`.
    pub kind: String,
    pub id: i64,
    pub name: String,
}

/// An account as admins see it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 12, "email": "protocol@gmd.example", "display_name": "Li Wei", "role": "organizer",
    "status": "invited", "language": "zh", "bound_to": null, "two_factor": false,
    "created_at": "2026-01-05T09:00:00Z", "updated_at": "2026-01-05T09:00:00Z", "version": 1
}))]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: AccountStatus,
    /// What the account's mails are written in: `en` or `zh`.
    pub language: String,
    /// The delegate or exhibitor the account acts for, if any.
    pub bound_to: Option<Binding>,
    /// Whether it signs in with a second factor.
    pub two_factor: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A new staff account: it is created invited, and its owner sets the password from the
/// mailed link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "protocol@gmd.example", "display_name": "Li Wei", "role": "organizer", "language": "zh"}))]
pub struct NewAccount {
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(max_length = 200)]
    pub display_name: String,
    /// `organizer` or `admin`. Delegates are invited from their record; exhibitors get
    /// accounts from theirs.
    pub role: Role,
    /// `en` (default) or `zh`.
    pub language: Option<String>,
}

/// Changes to an account; absent fields stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "deactivated"}))]
pub struct AccountChanges {
    #[schema(max_length = 200)]
    pub display_name: Option<String>,
    /// `organizer` or `admin`, for accounts bound to no delegate or exhibitor.
    pub role: Option<Role>,
    /// `active` (reactivate) or `deactivated`.
    pub status: Option<AccountStatus>,
    /// `en` or `zh`.
    pub language: Option<String>,
    /// `true` removes the account's second factor (a lost phone and lost recovery codes);
    /// its owner enrols again.
    pub reset_two_factor: Option<bool>,
}

/// Filters of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountFilter {
    /// `admin`, `organizer`, `delegate` or `exhibitor`.
    #[param(example = "organizer")]
    pub role: Option<Role>,
    /// `invited`, `active` or `deactivated`.
    #[param(example = "invited")]
    pub status: Option<AccountStatus>,
}

impl ListFilter for AccountFilter {
    const SORTABLE: &'static [&'static str] = &[];
}

/// The queued invitation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"user_id": 12, "mail_id": 31}))]
pub struct InvitationQueued {
    pub user_id: i64,
    /// The mail in the mail log.
    pub mail_id: i64,
}

diesel::define_sql_function! {
    /// SQL's `lower`: names are matched without regard to case (e-mail addresses are
    /// stored in lower case).
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Accounts of API tokens are managed at `/api-tokens`, not here.
const LISTED_ROLES: &[Role] = &[
    Role::Admin,
    Role::Organizer,
    Role::Delegate,
    Role::Exhibitor,
];

fn account_of(conn: &mut DbConnection, user: User) -> Result<Account, ApiError> {
    accounts_of(conn, vec![user])?
        .pop()
        .ok_or_else(|| ApiError::Internal("an account vanished while it was shown".into()))
}

/// The accounts of `rows`, with what each is bound to: two statements for any number
/// (`changes::embeddings` moves an account's version when a name it shows changes).
fn accounts_of(conn: &mut DbConnection, rows: Vec<User>) -> Result<Vec<Account>, ApiError> {
    let delegate_ids: Vec<i64> = rows.iter().filter_map(|u| u.delegate_id).collect();
    let exhibitor_ids: Vec<i64> = rows.iter().filter_map(|u| u.exhibitor_id).collect();
    let delegate_names: Vec<(i64, String, String)> = delegates::table
        .filter(delegates::id.eq_any(&delegate_ids))
        .select((delegates::id, delegates::given_name, delegates::family_name))
        .load(conn)?;
    let exhibitor_names: Vec<(i64, String)> = exhibitors::table
        .filter(exhibitors::id.eq_any(&exhibitor_ids))
        .select((exhibitors::id, exhibitors::name))
        .load(conn)?;
    rows.into_iter()
        .map(|user| {
            let delegate = user.delegate_id.map(|id| Binding {
                kind: "delegate".into(),
                id,
                name: delegate_names
                    .iter()
                    .find(|(d, _, _)| *d == id)
                    .map(|(_, given, family)| format!("{given} {family}"))
                    .unwrap_or_default(),
            });
            let exhibitor = user.exhibitor_id.map(|id| Binding {
                kind: "exhibitor".into(),
                id,
                name: exhibitor_names
                    .iter()
                    .find(|(e, _)| *e == id)
                    .map(|(_, name)| english(name))
                    .unwrap_or_default(),
            });
            Ok(Account {
                role: user.role()?,
                status: user.status(),
                bound_to: delegate.or(exhibitor),
                two_factor: user.has_two_factor(),
                id: user.id,
                email: user.email,
                display_name: user.display_name,
                language: user.language,
                created_at: user.created_at.and_utc(),
                updated_at: user.updated_at.and_utc(),
                version: user.version,
            })
        })
        .collect()
}

/// The English text of a stored multilingual name.
fn english(stored: &str) -> String {
    serde_json::from_str::<crate::values::LangMap>(stored)
        .map(|name| name.english().to_owned())
        .unwrap_or_else(|_| stored.to_owned())
}

fn find_listed(conn: &mut DbConnection, id: i64) -> Result<User, ApiError> {
    User::find(conn, id)?
        .filter(|user| user.role().is_ok_and(|role| LISTED_ROLES.contains(&role)))
        .ok_or_else(|| ApiError::NotFound(format!("no user {id}")))
}

fn check_language(language: &str) -> Result<(), ApiError> {
    if MAIL_LANGUAGES.contains(&language) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "language",
            format!("must be one of {}", MAIL_LANGUAGES.join(", ")),
        ))
    }
}

fn check_display_name(name: &str) -> Result<(), ApiError> {
    let length = name.trim().chars().count();
    if (1..=200).contains(&length) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "display_name",
            "must be 1 to 200 characters",
        ))
    }
}

/// List accounts (admins), newest first; `q` matches the e-mail address or the name, and
/// `updated_since` keeps accounts changed since then.
#[utoipa::path(
    tag = "people",
    operation_id = "list_users",
    params(ListQuery<AccountFilter>),
    responses((status = 200, description = "A page of accounts", body = Page<Account>)),
    security(("bearer" = []))
)]
#[get("/users")]
pub async fn list_users(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    query: ListQuery<AccountFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (list, filter) = (query.list, query.filter);
    let page = db::read(&pool, move |conn| {
        let roles: Vec<&str> = match filter.role {
            Some(role) => vec![role.as_str()],
            None => LISTED_ROLES.iter().map(|r| r.as_str()).collect(),
        };
        let selecting = || {
            let mut query = users::table
                .filter(users::role.eq_any(roles.clone()))
                .into_boxed();
            if let Some(status) = filter.status {
                query = query.filter(users::status.eq(status.as_str()));
            }
            if let Some(since) = list.updated_since {
                query = query.filter(users::updated_at.ge(since));
            }
            if let Some(q) = &list.q {
                let pattern = search::contains_pattern(&q.to_lowercase());
                query = query.filter(
                    users::email
                        .like(pattern.clone())
                        .escape('\\')
                        .or(lower(users::display_name).like(pattern).escape('\\')),
                );
            }
            query
        };
        let total: i64 = selecting().count().get_result(conn)?;
        let rows = selecting()
            .order(users::id.desc())
            .offset(list.offset())
            .limit(list.per_page)
            .select(User::as_select())
            .load(conn)?;
        Ok(Page::new(accounts_of(conn, rows)?, &list, total))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

/// Get an account (admins).
#[utoipa::path(
    tag = "people",
    operation_id = "get_user",
    params(ItemPath),
    responses((status = 200, description = "The account", body = Account)),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
pub async fn get_user(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = path.into_inner().id;
    let account = db::read(&pool, move |conn| {
        let user = find_listed(conn, id)?;
        account_of(conn, user)
    })
    .await?;
    Ok(respond_versioned(
        &req,
        account.id,
        account.version,
        &account,
    ))
}

/// Create an organizer or admin account (admins). The account starts invited: its owner
/// gets a mail with a one-time link that sets the password. An address that already has
/// an account is a 409 naming it (`existing_id`).
#[utoipa::path(
    tag = "people",
    operation_id = "create_user",
    request_body = NewAccount,
    responses(
        (status = 201, description = "Created and invited", body = Account,
         headers(("Location" = String, description = "The new account"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The address already has an account"),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn create_user(
    pool: web::Data<DbPool>,
    mail: web::Data<MailSettings>,
    caller: Caller,
    body: JsonBody<NewAccount>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let new = body.into_inner();
    let mut errors = Vec::new();
    if !new.email.contains('@') || new.email.trim().chars().count() > 254 {
        errors.push(FieldError::new("email", "must be an e-mail address"));
    }
    if !matches!(new.role, Role::Organizer | Role::Admin) {
        errors.push(FieldError::new(
            "role",
            "must be organizer or admin: delegates are invited from their record, exhibitors get accounts from theirs",
        ));
    }
    if let Err(ApiError::Validation(mut more)) = check_display_name(&new.display_name) {
        errors.append(&mut more);
    }
    let language = new
        .language
        .clone()
        .unwrap_or_else(|| MAIL_LANGUAGES[0].to_owned());
    if let Err(ApiError::Validation(mut more)) = check_language(&language) {
        errors.append(&mut more);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let settings = mail.get_ref().clone();
    let by = caller.user_id;
    let account = db::write(&pool, move |conn| {
        let invitee = Invitee {
            email: new.email.trim().to_lowercase(),
            display_name: new.display_name.trim().to_owned(),
            role: new.role,
            delegate_id: None,
            language,
        };
        if let Some(existing) = User::find_by_email(conn, &invitee.email)? {
            return Err(ApiError::conflict_with(
                format!(
                    "{} already has an account (user {})",
                    invitee.email, existing.id
                ),
                "existing_id",
                existing.id.into(),
            ));
        }
        match invite::invite(conn, &invitee, &settings, Some(by))? {
            Outcome::Sent { user_id, .. } => {
                let user = find_listed(conn, user_id)?;
                account_of(conn, user)
            }
            Outcome::HasAccount { user_id } => Err(ApiError::conflict_with(
                format!("{} already has an account (user {user_id})", invitee.email),
                "existing_id",
                user_id.into(),
            )),
        }
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/users/{}", account.id),
        account.id,
        account.version,
        &account,
    ))
}

/// Change an account (admins): its name, language, role (organizer or admin, for an
/// account bound to nothing), or status. Deactivating ends its sessions and links from
/// the next request on; reactivating makes it active again (invited, if it never set a
/// password). An admin cannot deactivate or demote themself, and the last active admin
/// stays one (409).
#[utoipa::path(
    tag = "people",
    operation_id = "update_user",
    params(ItemPath),
    request_body = AccountChanges,
    responses(
        (status = 200, description = "Updated", body = Account),
        (status = 409, description = "It would leave no active admin, or it is the caller's own role or status"),
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
pub async fn update_user(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
    body: JsonBody<AccountChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (id, changes, if_match) = (
        path.into_inner().id,
        body.into_inner(),
        IfMatch::from_request(&req)?,
    );
    if let Some(name) = &changes.display_name {
        check_display_name(name)?;
    }
    if let Some(language) = &changes.language {
        check_language(language)?;
    }
    if changes.status == Some(AccountStatus::Invited) {
        return Err(ApiError::invalid(
            "status",
            "an account becomes invited only when it is created; send it a new invitation instead",
        ));
    }
    let me = caller.user_id;
    let account = db::write(&pool, move |conn| {
        crate::db::lock_row(conn, "users", id)?;
        let user = find_listed(conn, id)?;
        if_match.check(user.id, user.version)?;
        apply(conn, &user, &changes, me)?;
        let user = find_listed(conn, id)?;
        account_of(conn, user)
    })
    .await?;
    Ok(respond_updated(account.id, account.version, &account))
}

fn apply(
    conn: &mut DbConnection,
    user: &User,
    changes: &AccountChanges,
    me: i64,
) -> Result<(), ApiError> {
    let role = user.role()?;
    let new_role = changes.role.unwrap_or(role);
    let new_status = match changes.status {
        Some(AccountStatus::Active) if user.password_hash.is_empty() => AccountStatus::Invited,
        Some(status) if status != AccountStatus::Invited => status,
        _ => user.status(),
    };
    if new_role != role {
        let bound = user.delegate_id.is_some() || user.exhibitor_id.is_some();
        if bound || !matches!(new_role, Role::Organizer | Role::Admin) {
            return Err(ApiError::invalid(
                "role",
                "only an account bound to no delegate or exhibitor changes role, between organizer and admin",
            ));
        }
    }
    let leaves_admins = role == Role::Admin
        && user.status() == AccountStatus::Active
        && (new_role != Role::Admin || new_status != AccountStatus::Active);
    if leaves_admins && user.id == me {
        return Err(ApiError::conflict(
            "you cannot deactivate or demote your own account; ask another admin",
        ));
    }
    if leaves_admins {
        let active_admins: i64 = users::table
            .filter(users::role.eq(Role::Admin.as_str()))
            .filter(users::status.eq(AccountStatus::Active.as_str()))
            .count()
            .get_result(conn)?;
        if active_admins <= 1 {
            return Err(ApiError::conflict("this is the last active admin"));
        }
    }
    diesel::update(users::table.find(user.id))
        .set((
            users::display_name.eq(changes
                .display_name
                .as_deref()
                .map_or(user.display_name.clone(), |name| name.trim().to_owned())),
            users::language.eq(changes.language.as_ref().unwrap_or(&user.language)),
            users::role.eq(new_role.as_str()),
            users::status.eq(new_status.as_str()),
            users::updated_at.eq(db::now()),
            users::version.eq(users::version + 1),
        ))
        .execute(conn)?;
    if changes.reset_two_factor == Some(true) {
        crate::auth::two_factor_handlers::turn_off(conn, user.id)?;
    }
    if new_status == AccountStatus::Deactivated && user.status() != AccountStatus::Deactivated {
        refresh_tokens::revoke_user(conn, user.id)?;
        links::revoke_all(conn, user.id)?;
    }
    Ok(())
}

/// Send an invited account a new invitation (admins; organizers for delegates' accounts).
/// The previous link stops working. An account that is no longer invited is a 409.
#[utoipa::path(
    tag = "people",
    operation_id = "resend_invitation",
    params(ItemPath),
    responses(
        (status = 202, description = "A new invitation is queued", body = InvitationQueued),
        (status = 409, description = "The account is active or deactivated, not invited"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/invitation")]
pub async fn resend_invitation(
    pool: web::Data<DbPool>,
    mail: web::Data<MailSettings>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let id = path.into_inner().id;
    let (settings, by, admin) = (
        mail.get_ref().clone(),
        caller.user_id,
        caller.require_admin().is_ok(),
    );
    let queued = db::write(&pool, move |conn| {
        let user = find_listed(conn, id)?;
        if !admin && user.delegate_id.is_none() {
            return Err(ApiError::Forbidden(
                "organizers resend invitations of delegates' accounts only".into(),
            ));
        }
        if user.status() != AccountStatus::Invited {
            return Err(ApiError::conflict(format!(
                "user {id} is {}, not invited: it signs in with its password (or a password reset)",
                user.status().as_str()
            )));
        }
        let mail_id = invite::send_link(conn, &user, Purpose::Invitation, &settings, Some(by))?;
        Ok(InvitationQueued {
            user_id: user.id,
            mail_id,
        })
    })
    .await?;
    Ok(HttpResponse::Accepted().json(queued))
}

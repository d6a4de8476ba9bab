//! `POST /events/{event}/exhibitors/{id}/account`: organizers give an exhibitor a sign-in,
//! bound to that exhibitor (as delegate accounts are bound to their delegate).

use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::exhibitors::ExhibitorRow;
use crate::auth::users::{NewUser, User};
use crate::auth::{passwords, Role, Staff};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::json::JsonBody;
use crate::http::paths::EventItemPath;
use crate::values::Checks;

/// The account to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "booth@snowtech.example", "display_name": "Snow Tech booth", "password": "a-long-secret-2026"}))]
pub struct CreateExhibitorAccount {
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: String,
    /// 12 to 1024 characters, not easy to guess (a zxcvbn score of at least 3: no common
    /// password, dictionary word, repetition, sequence or the account's own e-mail).
    #[schema(min_length = 12, max_length = 1024)]
    pub password: String,
}

/// The account, bound to its exhibitor.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"user_id": 9, "email": "booth@snowtech.example", "display_name": "Snow Tech booth", "role": "exhibitor", "exhibitor_id": 3}))]
pub struct ExhibitorAccount {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub exhibitor_id: i64,
}

/// Create a sign-in for an exhibitor (organizers).
///
/// The account has the exhibitor role and acts for this exhibitor only: it edits its
/// profile, sees its private data and meetings, and nothing of other exhibitors. An e-mail
/// already in use is a 409.
#[utoipa::path(
    tag = "expo",
    operation_id = "create_exhibitor_account",
    params(EventItemPath),
    request_body = CreateExhibitorAccount,
    responses(
        (status = 201, description = "Created", body = ExhibitorAccount),
        (status = 409, description = "The e-mail is taken"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/exhibitors/{id}/account")]
pub async fn create_exhibitor_account(
    pool: web::Data<DbPool>,
    _staff: Staff,
    path: web::Path<EventItemPath>,
    body: JsonBody<CreateExhibitorAccount>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let input = body.into_inner();
    let mut checks = Checks::default();
    checks.check(
        input.email.contains('@') && input.email.len() <= 254,
        "email",
        "must be an e-mail address",
    );
    checks.text(Some(&input.display_name), "display_name", 200);
    if let Err(why) = passwords::check(&input.password, &[&input.email, &input.display_name]) {
        checks.check(false, "password", &why);
    }
    let input = checks.finish(|| input)?;
    let user = web::block(move || {
        NewUser::new(
            &input.email,
            &input.display_name,
            &input.password,
            Role::Exhibitor,
            None,
        )
        .map(|user| user.for_exhibitor(id))
    })
    .await??;
    let account = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        ExhibitorRow::find(conn, event_id, id)?;
        if let Some(existing) = User::find_by_email(conn, &user.email)? {
            return Err(ApiError::conflict_with(
                format!("the e-mail {} already has an account", user.email),
                "existing_id",
                existing.id.into(),
            ));
        }
        user.insert(conn)?;
        let stored = User::find_by_email(conn, &user.email)?
            .ok_or_else(|| ApiError::Internal("the new account vanished".into()))?;
        Ok(ExhibitorAccount {
            user_id: stored.id,
            email: stored.email,
            display_name: stored.display_name,
            role: Role::Exhibitor,
            exhibitor_id: id,
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(account))
}

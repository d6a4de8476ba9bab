//! Which notifications an account receives: every category is on unless its owner turned
//! it off; essential ones (accreditation decisions, invitations, password resets) cannot
//! be turned off. `GET`/`PUT /api/v1/auth/me/notifications`.

use actix_web::{get, put, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::users::User;
use crate::auth::Caller;
use crate::db::schema::users;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::json::JsonBody;

/// A kind of notification a person may turn off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A waitlisted place was confirmed.
    Waitlist,
    /// A session with the person's place moved, changed or was cancelled.
    Sessions,
    /// B2B meeting requests and answers.
    Meetings,
}

impl Category {
    pub const ALL: [Self; 3] = [Self::Waitlist, Self::Sessions, Self::Meetings];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waitlist => "waitlist",
            Self::Sessions => "sessions",
            Self::Meetings => "meetings",
        }
    }
}

/// The categories turned off, as stored in `users.mail_opt_outs`.
pub fn opted_out(stored: &str) -> Vec<String> {
    serde_json::from_str(stored).unwrap_or_default()
}

/// The signed-in person's notification settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"waitlist": true, "sessions": true, "meetings": false}))]
pub struct NotificationSettings {
    /// Mail when a waitlisted place is confirmed.
    pub waitlist: bool,
    /// Mail when a session with my place moves, changes or is cancelled.
    pub sessions: bool,
    /// Mail about B2B meeting requests and answers.
    pub meetings: bool,
}

impl NotificationSettings {
    fn of(user: &User) -> Self {
        let off = opted_out(&user.mail_opt_outs);
        let on = |category: Category| !off.iter().any(|c| c == category.as_str());
        Self {
            waitlist: on(Category::Waitlist),
            sessions: on(Category::Sessions),
            meetings: on(Category::Meetings),
        }
    }

    fn opt_outs(&self) -> Vec<&'static str> {
        [
            (Category::Waitlist, self.waitlist),
            (Category::Sessions, self.sessions),
            (Category::Meetings, self.meetings),
        ]
        .into_iter()
        .filter(|(_, on)| !on)
        .map(|(category, _)| category.as_str())
        .collect()
    }
}

fn me(conn: &mut db::DbConnection, caller: &Caller) -> Result<User, ApiError> {
    if caller.token.is_some() {
        return Err(ApiError::Forbidden(
            "notification settings belong to a person; API tokens have none".into(),
        ));
    }
    User::find(conn, caller.user_id)?
        .ok_or_else(|| ApiError::Unauthorized("the account no longer exists".into()))
}

/// My notification settings. Accreditation decisions, invitations and password resets
/// are always sent.
#[utoipa::path(
    tag = "auth",
    operation_id = "get_my_notifications",
    responses((status = 200, description = "My settings", body = NotificationSettings)),
    security(("bearer" = []))
)]
#[get("/auth/me/notifications")]
pub async fn get_my_notifications(
    pool: web::Data<DbPool>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let user = db::read(&pool, move |conn| me(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(NotificationSettings::of(&user)))
}

/// Change my notification settings.
#[utoipa::path(
    tag = "auth",
    operation_id = "update_my_notifications",
    request_body = NotificationSettings,
    responses((status = 200, description = "My settings", body = NotificationSettings)),
    security(("bearer" = []))
)]
#[put("/auth/me/notifications")]
pub async fn update_my_notifications(
    pool: web::Data<DbPool>,
    caller: Caller,
    body: JsonBody<NotificationSettings>,
) -> Result<HttpResponse, ApiError> {
    let settings = body.into_inner();
    let stored = serde_json::to_string(&settings.opt_outs())?;
    let user = db::write(&pool, move |conn| {
        let user = me(conn, &caller)?;
        diesel::update(users::table.find(user.id))
            .set((
                users::mail_opt_outs.eq(&stored),
                users::updated_at.eq(db::now()),
                users::version.eq(users::version + 1),
            ))
            .execute(conn)?;
        me(conn, &caller)
    })
    .await?;
    Ok(HttpResponse::Ok().json(NotificationSettings::of(&user)))
}

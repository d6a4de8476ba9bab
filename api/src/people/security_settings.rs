//! `/api/v1/settings/security` (admins): whether staff must sign in with a second factor.
//! When it is on, an admin or organizer without two-factor sign-in may use only
//! `/api/v1/auth/…` until they enrol (`auth::sessions`).

use actix_web::{get, put, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::two_factor::{required_for_staff, REQUIRE_FOR_STAFF};
use crate::auth::users::User;
use crate::auth::Caller;
use crate::db::schema::platform_settings as p;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::json::JsonBody;

/// The platform's security settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"require_staff_two_factor": true}))]
pub struct SecuritySettings {
    /// Admins and organizers must turn on two-factor sign-in.
    pub require_staff_two_factor: bool,
}

/// The security settings (admins).
#[utoipa::path(
    tag = "people",
    operation_id = "get_security_settings",
    responses((status = 200, description = "The settings", body = SecuritySettings)),
    security(("bearer" = []))
)]
#[get("/settings/security")]
pub async fn get_security_settings(
    pool: web::Data<DbPool>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let required = db::read(&pool, required_for_staff).await?;
    Ok(HttpResponse::Ok().json(SecuritySettings {
        require_staff_two_factor: required,
    }))
}

/// Change the security settings (admins). Requiring two-factor sign-in takes effect on
/// every staff account's next request; the admin who turns it on must use it already
/// (409), so nobody locks themself out.
#[utoipa::path(
    tag = "people",
    operation_id = "update_security_settings",
    request_body = SecuritySettings,
    responses(
        (status = 200, description = "The settings", body = SecuritySettings),
        (status = 409, description = "Turn on two-factor sign-in for yourself first"),
    ),
    security(("bearer" = []))
)]
#[put("/settings/security")]
pub async fn update_security_settings(
    pool: web::Data<DbPool>,
    caller: Caller,
    body: JsonBody<SecuritySettings>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let wanted = body.into_inner().require_staff_two_factor;
    let me = caller.user_id;
    let required = db::write(&pool, move |conn| {
        let admin = User::find(conn, me)?
            .ok_or_else(|| ApiError::Unauthorized("the account no longer exists".into()))?;
        if wanted && !admin.has_two_factor() {
            return Err(ApiError::conflict(
                "turn on two-factor sign-in for yourself first (/auth/two-factor/setup)",
            ));
        }
        let value = if wanted { "true" } else { "false" };
        let at = db::now();
        let updated = diesel::update(p::table.filter(p::name.eq(REQUIRE_FOR_STAFF)))
            .set((
                p::value.eq(value),
                p::updated_at.eq(at),
                p::version.eq(p::version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(p::table)
                .values((
                    p::name.eq(REQUIRE_FOR_STAFF),
                    p::value.eq(value),
                    p::created_at.eq(at),
                    p::updated_at.eq(at),
                    p::version.eq(1_i64),
                ))
                .execute(conn)?;
        }
        required_for_staff(conn)
    })
    .await?;
    Ok(HttpResponse::Ok().json(SecuritySettings {
        require_staff_two_factor: required,
    }))
}

//! Who is looking at partnerships, and so which ones they may see.

use diesel::prelude::*;

use super::vocab::PartnershipStatus;
use crate::auth::{Caller, MaybeCaller, Role};
use crate::db::schema::delegates;
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::http::cache::Audience;

/// The public sees signed and active partnerships; a delegate also sees every partnership
/// of their own city; organizers and admins see everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Public,
    CityDelegate { city_id: i64 },
    Staff,
}

impl Viewer {
    /// The viewer behind an optional caller (a delegate's city is looked up).
    pub fn of(conn: &mut DbConnection, caller: Option<&Caller>) -> Result<Self, ApiError> {
        let Some(caller) = caller else {
            return Ok(Self::Public);
        };
        if caller.is_staff() {
            return Ok(Self::Staff);
        }
        match (caller.role, caller.delegate_id) {
            (Role::Delegate, Some(delegate_id)) => Ok(delegates::table
                .find(delegate_id)
                .select(delegates::city_id)
                .first::<i64>(conn)
                .optional()?
                .map_or(Self::Public, |city_id| Self::CityDelegate { city_id })),
            _ => Ok(Self::Public),
        }
    }

    /// The viewer behind a request; only a delegate's city needs the database.
    pub async fn resolve(pool: &DbPool, caller: &MaybeCaller) -> Result<Self, ApiError> {
        match &caller.0 {
            None => Ok(Self::Public),
            Some(caller) if caller.is_staff() => Ok(Self::Staff),
            Some(caller) => {
                let caller = caller.clone();
                db::read(pool, move |conn| Self::of(conn, Some(&caller))).await
            }
        }
    }

    /// Whether this viewer may see a partnership between `a` and `b` in `status`.
    pub fn sees(self, a: i64, b: i64, status: PartnershipStatus) -> bool {
        match self {
            Self::Staff => true,
            Self::CityDelegate { city_id } => {
                PartnershipStatus::PUBLIC.contains(&status) || city_id == a || city_id == b
            }
            Self::Public => PartnershipStatus::PUBLIC.contains(&status),
        }
    }

    /// The cache partition of lists rendered for this viewer (delegates are not cached).
    pub fn audience(self) -> Option<Audience> {
        match self {
            Self::Public => Some(Audience::Public),
            Self::Staff => Some(Audience::Staff),
            Self::CityDelegate { .. } => None,
        }
    }
}

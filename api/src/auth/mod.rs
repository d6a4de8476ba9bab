//! Who is calling: accounts, passwords, JWTs, refresh-token rotation, login throttling
//! and the extractors handlers use to require a role.

mod caller;
pub mod handlers;
pub mod passwords;
mod refresh_tokens;
mod role;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use caller::{bearer, jwt_caller, Caller, MaybeCaller, ResolvedCaller};
pub use role::Role;

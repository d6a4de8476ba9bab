//! Who is calling: accounts, passwords, JWTs, refresh-token rotation, sessions, login
//! throttling and the extractors handlers use to require a role.

mod caller;
pub mod handlers;
pub mod passwords;
pub mod refresh_tokens;
mod role;
pub mod secrets;
mod sessions;
pub mod throttle;
pub mod tokens;
pub mod two_factor;
pub mod two_factor_handlers;
pub mod users;

pub use caller::{bearer, Caller, MaybeCaller, ResolvedCaller, Staff};
pub use role::Role;
pub use sessions::{jwt_caller, SessionCache};

//! Which release and build this binary is (shown by `/health/live` and `/metrics`).

/// The release: the crate's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit it was built from (set by `build.rs`; `unknown` when built outside git).
pub const BUILD: &str = match option_env!("GMD_BUILD") {
    Some(build) => build,
    None => "unknown",
};

//! HTTP conventions shared by every resource: lists, ETags and preconditions, JSON and CSV input,
//! security headers.

pub mod body;
pub mod cache;
pub mod conditional;
pub mod csv;
pub mod encoded;
pub mod input;
pub mod json;
pub mod lists;
pub mod patch;
pub mod paths;
pub mod security_headers;

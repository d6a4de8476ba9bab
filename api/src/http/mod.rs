//! HTTP conventions shared by every resource: lists and their query-cost guard, ETags and
//! preconditions, JSON and CSV input, security headers.

pub mod access_log;
pub mod body;
pub mod cache;
pub mod client_address;
pub mod conditional;
pub mod csv;
pub mod encoded;
pub mod fragments;
pub mod input;
pub mod json;
pub mod lists;
pub mod patch;
pub mod paths;
pub mod query_guard;
pub mod security_headers;

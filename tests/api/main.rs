//! The black-box API suite: every test talks HTTP to a real server, and runs once on
//! SQLite and once on PostgreSQL (when `TEST_DATABASE_URL` is set).
#![allow(clippy::unwrap_used)]

mod accreditation;
mod audit;
mod auth;
mod availability;
mod check_in;
mod cities;
mod delegates;
mod delegations;
mod demo;
mod errors;
mod events;
mod expo_booths;
mod expo_exhibitors;
mod expo_meetings;
mod expo_support;
mod exports;
mod imports;
mod initiatives_endorsements;
mod initiatives_lifecycle;
mod lists;
mod mirror;
mod partner_idempotency;
mod partner_rate_limits;
mod partner_scopes;
mod partner_tokens;
mod partnerships_access;
mod partnerships_documents;
mod partnerships_network;
mod partnerships_registry;
mod partnerships_support;
mod privacy;
mod program_calendars;
mod program_concurrency;
mod program_conflicts;
mod program_registrations;
mod program_sessions;
mod program_support;
mod program_venues_rooms;
mod safe_input;
mod security_headers;
mod webhooks_delivery;
mod webhooks_subscriptions;
mod webhooks_support;

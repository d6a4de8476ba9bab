//! The gmd API: the operations platform of the Global Mayors Dialogue.
//!
//! `app` builds the actix-web application used by the binary and by every test;
//! `server` binds it; each domain lives in its own module.

pub mod app;
pub mod audit;
pub mod auth;
pub mod changes;
pub mod cities;
pub mod config;
pub mod db;
pub mod delegates;
pub mod delegations;
pub mod demo;
pub mod error;
pub mod events;
pub mod expo;
pub mod health;
pub mod http;
pub mod imports;
pub mod initiatives;
pub mod logging;
pub mod mail;
pub mod malloc_arenas;
pub mod metrics;
pub mod notifications;
pub mod openapi;
pub mod partner_access;
pub mod partnerships;
pub mod path_templates;
pub mod people;
pub mod program;
pub mod release;
pub mod request_id;
pub mod routing;
pub mod server;
pub mod threads;
pub mod values;
pub mod visibility;
pub mod webhooks;

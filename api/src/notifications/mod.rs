//! Notifications: what a committed change tells a person, by mail, in their language. One
//! rule set for every endpoint, run by the change recorder (`changes::close`) on the changes
//! of each write transaction, so a notification commits with its cause or not at all, and
//! no handler sends mail itself:
//!
//! - a delegate's accreditation decided (accredited, declined, cancelled): essential;
//! - a waitlisted place confirmed, with the session as an .ics file (`waitlist`);
//! - a session the delegate holds a confirmed place in moved, changed place or was
//!   cancelled (`sessions`);
//! - a B2B meeting requested of someone, and its answer (`meetings`).
//!
//! Categories other than the essential ones can be turned off by the recipient
//! (`preferences`). Mails are queued with their values and rendered by the mail worker
//! (`mail::outbox`), which knows where links point.

pub mod preferences;
mod recipients;
mod rules;

pub use preferences::Category;
pub use rules::notify;

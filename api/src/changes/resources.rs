//! The tracked tables: the resource name each is known by, how its edition of the summit
//! is found, which of its fields are secret or private, and which webhook event a change
//! of it is.
//!
//! A table with journal triggers must be listed here (a test checks it); a new resource
//! adds its triggers in its migration and one line here.

use serde_json::{Map, Value};

use super::journal::{Action, Change};

/// How a resource's edition of the summit (for the webhook event filter) is found.
#[derive(Debug, Clone, Copy)]
pub enum Edition {
    /// Global: cities, partnerships, accounts.
    None,
    /// The row is an edition itself.
    Itself,
    /// The row's `event_id`.
    Column,
    /// The `event_id` of the row its `column` points to in `parent`.
    Via {
        parent: &'static str,
        column: &'static str,
    },
}

/// One tracked table.
#[derive(Debug)]
pub struct Resource {
    pub table: &'static str,
    /// The name in audit entries, tombstones and event types: `delegate`.
    pub name: &'static str,
    pub edition: Edition,
    /// Whether changes are webhook events (`<name>.created`, … and the specials).
    pub events: bool,
    /// Event types beyond created, updated and deleted.
    pub special_events: &'static [&'static str],
    /// Never recorded: credentials.
    pub secret: &'static [&'static str],
    /// Recorded, but redacted when listed, and in webhook payloads only for subscribers
    /// who may read them: personal data (for delegates, every field of the spec's
    /// `DelegatePrivate` except the row's own timestamps and version).
    pub private: &'static [&'static str],
    /// The OpenAPI tag of the operations that read this resource: its read scope for API
    /// tokens (`partner_access::scopes::access`), which a webhook subscription needs.
    pub domain: &'static str,
    /// Columns holding a delegate's id: a webhook subscriber who may not read private
    /// delegates gets null there for a delegate without a public profile.
    pub delegate_refs: &'static [&'static str],
    /// The row's own bookkeeping (a token's last use): an update of only these columns is
    /// no change. The update trigger leaves them out (`UPDATE OF` the other columns, so
    /// such an update is not even journalled), and the recorder ignores them.
    pub bookkeeping: &'static [&'static str],
}

const fn plain(
    table: &'static str,
    name: &'static str,
    domain: &'static str,
    edition: Edition,
) -> Resource {
    Resource {
        table,
        name,
        domain,
        delegate_refs: &[],
        edition,
        events: true,
        special_events: &[],
        secret: &[],
        private: &[],
        bookkeeping: &[],
    }
}

/// Every tracked table.
pub const RESOURCES: &[Resource] = &[
    plain("cities", "city", "cities", Edition::None),
    plain("events", "event", "events", Edition::Itself),
    Resource {
        delegate_refs: &["head_delegate_id"],
        ..plain("delegations", "delegation", "delegations", Edition::Column)
    },
    Resource {
        special_events: &["delegate.accreditation_changed", "delegate.checked_in"],
        private: &[
            "email",
            "phone",
            "arrival_at",
            "departure_at",
            "hotel",
            "dietary_needs",
            "accessibility_needs",
            "interpretation_needs",
            "badge_code",
            "consent_public_profile",
            "accreditation_status",
            "checked_in_at",
            // The names folded for search: not part of any representation.
            "search_text",
        ],
        ..plain("delegates", "delegate", "delegates", Edition::Column)
    },
    Resource {
        events: false,
        secret: &["password_hash", "totp_secret", "recovery_codes"],
        delegate_refs: &["delegate_id"],
        ..plain("users", "user", "auth", Edition::None)
    },
    plain("venues", "venue", "program", Edition::Column),
    plain("rooms", "room", "program", Edition::Column),
    Resource {
        special_events: &["session.cancelled"],
        ..plain("sessions", "session", "program", Edition::Column)
    },
    Resource {
        delegate_refs: &["delegate_id"],
        ..plain(
            "session_speakers",
            "session_speaker",
            "program",
            Edition::Via {
                parent: "sessions",
                column: "session_id",
            },
        )
    },
    Resource {
        delegate_refs: &["delegate_id"],
        special_events: &[
            "registration.confirmed",
            "registration.waitlisted",
            "registration.promoted",
            "registration.cancelled",
        ],
        ..plain(
            "registrations",
            "registration",
            "program",
            Edition::Via {
                parent: "sessions",
                column: "session_id",
            },
        )
    },
    Resource {
        delegate_refs: &["delegate_id"],
        events: false,
        secret: &["token"],
        ..plain(
            "calendar_tokens",
            "calendar_token",
            "program",
            Edition::Via {
                parent: "delegates",
                column: "delegate_id",
            },
        )
    },
    Resource {
        special_events: &["partnership.status_changed"],
        ..plain("partnerships", "partnership", "partnerships", Edition::None)
    },
    plain("agreements", "agreement", "partnerships", Edition::None),
    Resource {
        delegate_refs: &["delegate_id"],
        ..plain(
            "agreement_signatories",
            "agreement_signatory",
            "partnerships",
            Edition::None,
        )
    },
    plain("milestones", "milestone", "partnerships", Edition::None),
    plain("initiatives", "initiative", "initiatives", Edition::Column),
    plain(
        "initiative_versions",
        "initiative_version",
        "initiatives",
        Edition::Via {
            parent: "initiatives",
            column: "initiative_id",
        },
    ),
    Resource {
        delegate_refs: &["delegate_id"],
        special_events: &["endorsement.added", "endorsement.withdrawn"],
        ..plain(
            "endorsements",
            "endorsement",
            "initiatives",
            Edition::Via {
                parent: "initiatives",
                column: "initiative_id",
            },
        )
    },
    Resource {
        special_events: &["exhibitor.status_changed"],
        private: &["contacts"],
        ..plain("exhibitors", "exhibitor", "expo", Edition::Column)
    },
    plain("halls", "hall", "expo", Edition::Column),
    Resource {
        special_events: &["booth.assigned", "booth.released"],
        ..plain("booths", "booth", "expo", Edition::Column)
    },
    plain("meeting_tables", "meeting_table", "expo", Edition::Column),
    Resource {
        delegate_refs: &["delegate_id"],
        special_events: &["meeting.state_changed"],
        ..plain("meetings", "meeting", "expo", Edition::Column)
    },
    Resource {
        events: false,
        secret: &["secret"],
        ..plain(
            "webhook_subscriptions",
            "webhook",
            "webhooks",
            Edition::None,
        )
    },
    // Made and revoked by admins; never deleted (a revoked token stays listed), so no
    // tombstones. Its use on every request is bookkeeping, not a change.
    Resource {
        events: false,
        secret: &["token_hash"],
        ..plain("account_tokens", "account_token", "people", Edition::None)
    },
    Resource {
        events: false,
        ..plain(
            "platform_settings",
            "platform_setting",
            "people",
            Edition::None,
        )
    },
    Resource {
        events: false,
        delegate_refs: &["delegate_id"],
        ..plain(
            "erasure_requests",
            "erasure_request",
            "people",
            Edition::Via {
                parent: "delegates",
                column: "delegate_id",
            },
        )
    },
    Resource {
        events: false,
        secret: &["secret_hash"],
        bookkeeping: &["last_used_at"],
        ..plain("api_tokens", "api_token", "api-tokens", Edition::Column)
    },
];

/// Tables without journal triggers, and why: the recorder's own tables (recording them
/// would recurse; the change generations), the delivery queue and idempotency keys
/// (bookkeeping: replayable answers), failed sign-ins (the throttle's counts), the mail outbox
/// (bookkeeping that holds one-time links), refresh tokens (credentials, written on every
/// sign-in), state histories (they record a change of a tracked row, which the audit trail
/// already holds), and SQLite's search indexes (`db::search`: derived from a tracked
/// column, not a resource).
pub const UNTRACKED: &[&str] = &[
    "change_journal",
    "change_generations",
    "audit_entries",
    "tombstones",
    "webhook_events",
    "webhook_deliveries",
    "refresh_tokens",
    "accreditation_changes",
    "partnership_changes",
    "idempotency_keys",
    "sign_in_failures",
    "mail_outbox",
    "cities_search",
    "events_search",
    "delegates_search",
    "venues_search",
    "sessions_search",
    "exhibitors_search",
];

/// The tracked table `table`.
pub fn by_table(table: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.table == table)
}

/// The resource called `name`.
pub fn by_name(name: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.name == name)
}

/// Every webhook event type, in catalogue order.
pub fn event_types() -> Vec<String> {
    RESOURCES.iter().flat_map(Resource::event_types).collect()
}

/// The text the redacted value of a private field is replaced with.
pub const REDACTED: &str = "[redacted]";

impl Resource {
    /// The webhook event types of this resource (none if its changes are no events).
    pub fn event_types(&self) -> Vec<String> {
        if !self.events {
            return Vec::new();
        }
        ["created", "updated", "deleted"]
            .iter()
            .map(|verb| format!("{}.{verb}", self.name))
            .chain(self.special_events.iter().map(|t| (*t).to_owned()))
            .collect()
    }

    /// `row` without its private values (null stays null: absence is not private).
    pub fn redact(&self, row: &Map<String, Value>) -> Map<String, Value> {
        row.iter()
            .map(|(name, value)| {
                let hidden = self.private.contains(&name.as_str()) && !value.is_null();
                let value = if hidden {
                    Value::String(REDACTED.into())
                } else {
                    value.clone()
                };
                (name.clone(), value)
            })
            .collect()
    }

    /// `row` without its secret fields.
    pub fn strip_secrets(&self, mut row: Map<String, Value>) -> Map<String, Value> {
        for name in self.secret {
            row.remove(*name);
        }
        row
    }

    /// The webhook event type of a change, if it is one.
    pub fn event_type(&self, change: &Change) -> Option<String> {
        if !self.events {
            return None;
        }
        let field = |row: &Option<Map<String, Value>>, name: &str| {
            row.as_ref()
                .and_then(|r| r.get(name))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let before = |name: &str| field(&change.before, name);
        let after = |name: &str| field(&change.after, name);
        let moved = |name: &str| before(name) != after(name);
        let status = after("status");
        let special = match (self.name, change.action) {
            ("delegate", Action::Updated)
                if moved("checked_in_at") && !after("checked_in_at").is_null() =>
            {
                Some("delegate.checked_in")
            }
            ("delegate", Action::Updated) if moved("accreditation_status") => {
                Some("delegate.accreditation_changed")
            }
            ("session", Action::Updated) if moved("status") && status == "cancelled" => {
                Some("session.cancelled")
            }
            ("registration", Action::Created | Action::Updated) if moved("status") => {
                match (before("status").as_str(), status.as_str()) {
                    (Some("waitlisted"), Some("confirmed")) => Some("registration.promoted"),
                    (_, Some("confirmed")) => Some("registration.confirmed"),
                    (_, Some("waitlisted")) => Some("registration.waitlisted"),
                    (_, Some("cancelled")) => Some("registration.cancelled"),
                    _ => None,
                }
            }
            ("partnership", Action::Updated) if moved("status") => {
                Some("partnership.status_changed")
            }
            ("endorsement", Action::Created) => Some("endorsement.added"),
            ("endorsement", Action::Updated)
                if moved("withdrawn_at") && !after("withdrawn_at").is_null() =>
            {
                Some("endorsement.withdrawn")
            }
            ("exhibitor", Action::Updated) if moved("status") => Some("exhibitor.status_changed"),
            ("booth", Action::Updated) if moved("exhibitor_id") => {
                Some(if after("exhibitor_id").is_null() {
                    "booth.released"
                } else {
                    "booth.assigned"
                })
            }
            ("meeting", Action::Updated) if moved("status") => Some("meeting.state_changed"),
            _ => None,
        };
        Some(special.map_or_else(
            || format!("{}.{}", self.name, change.action.as_str()),
            str::to_owned,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_specials_belong_to_their_resource() {
        for (i, r) in RESOURCES.iter().enumerate() {
            assert!(RESOURCES[..i]
                .iter()
                .all(|o| o.name != r.name && o.table != r.table));
            for special in r.special_events {
                assert!(special.starts_with(&format!("{}.", r.name)));
            }
        }
        assert!(event_types().contains(&"booth.released".to_owned()));
    }
}

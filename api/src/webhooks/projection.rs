//! What a subscriber receives of an event: the one projection of every webhook payload,
//! decided per (resource, subscriber's rights) at delivery time and driven by the resource
//! registry (`changes::RESOURCES`), so a new resource is covered by its line there.
//!
//! The rule, for a subscriber who may read the resource at all (`rights`):
//! - the resource's `private` fields are removed unless the subscriber reads them
//!   (`Subscriber::reads_private`): delegates' contact, travel, needs, badge,
//!   accreditation, check-in and consent need `delegates:read_private` (or staff);
//! - for a subscriber who may not read private delegates, a delegate without a public
//!   profile (`consent_public_profile` false, now or in the event) is not identifiable:
//!   an event *of* such a delegate is withheld (its id is the event's resource id), and
//!   in every other resource each column that holds a delegate's id (`delegate_refs`) is
//!   set to null unless that delegate has a public profile now.

use std::collections::HashMap;

use diesel::prelude::*;
use serde_json::{Map, Value};

use super::rights::Subscriber;
use crate::changes::resources::Resource;
use crate::db::schema::delegates;
use crate::db::DbConnection;
use crate::error::ApiError;

/// The delegate column that says whether the profile is public.
const CONSENT: &str = "consent_public_profile";
/// The resource that is a delegate.
const DELEGATE: &str = "delegate";

/// Which delegates have a public profile now: id → consent (absent: no such delegate).
#[derive(Debug, Default)]
pub struct Consents(HashMap<i64, bool>);

impl Consents {
    /// Loads the consent of every delegate `ids` names.
    pub fn load(conn: &mut DbConnection, ids: &[i64]) -> Result<Self, ApiError> {
        if ids.is_empty() {
            return Ok(Self::default());
        }
        let rows: Vec<(i64, bool)> = delegates::table
            .filter(delegates::id.eq_any(ids))
            .select((delegates::id, delegates::consent_public_profile))
            .load(conn)?;
        Ok(Self(rows.into_iter().collect()))
    }

    fn public(&self, id: i64) -> bool {
        self.0.get(&id).copied().unwrap_or(false)
    }
}

/// The delegate ids an event's `data` names (for [`Consents::load`]).
pub fn delegate_ids(resource: &Resource, data: &Value) -> Vec<i64> {
    let mut ids = Vec::new();
    for row in rows(data) {
        if resource.name == DELEGATE {
            ids.extend(row.get("id").and_then(Value::as_i64));
        }
        for column in resource.delegate_refs {
            ids.extend(row.get(*column).and_then(Value::as_i64));
        }
    }
    ids
}

fn rows(data: &Value) -> impl Iterator<Item = &Map<String, Value>> {
    ["object", "previous"]
        .into_iter()
        .filter_map(|key| data.get(key).and_then(Value::as_object))
}

/// The event's `data` as `subscriber` may receive it, or why it is withheld.
pub fn project(
    resource: &Resource,
    resource_id: i64,
    data: &Value,
    subscriber: &Subscriber,
    consents: &Consents,
) -> Result<Value, String> {
    let sees_private = subscriber.reads_private(resource);
    let sees_every_delegate = subscriber.reads_private_delegates();
    if resource.name == DELEGATE && !sees_every_delegate {
        let consented_then = data
            .get("object")
            .and_then(|o| o.get(CONSENT))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        // A deleted delegate has no row now: its last state decides.
        let withdrawn_now = consents.0.get(&resource_id) == Some(&false);
        if !consented_then || withdrawn_now {
            return Err(
                "withheld: the delegate has no public profile and the subscriber may not read \
                 private delegates"
                    .into(),
            );
        }
    }
    let mut projected = data.clone();
    for key in ["object", "previous"] {
        let Some(row) = projected.get_mut(key).and_then(Value::as_object_mut) else {
            continue;
        };
        if !sees_private {
            for field in resource.private {
                row.remove(*field);
            }
        }
        if !sees_every_delegate {
            for column in resource.delegate_refs {
                if let Some(value) = row.get_mut(*column) {
                    if value.as_i64().is_some_and(|id| !consents.public(id)) {
                        *value = Value::Null;
                    }
                }
            }
        }
    }
    Ok(projected)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::changes::resources::by_name;
    use crate::partner_access::Scope;

    fn reader() -> Subscriber {
        Subscriber::Token {
            scopes: vec![Scope::DelegatesRead, Scope::ProgramRead],
            event: None,
        }
    }

    #[test]
    fn a_reader_gets_no_private_field_and_no_hidden_delegate() {
        let delegate = by_name("delegate").expect("delegates");
        let consents = Consents(HashMap::from([(1, true), (2, false)]));
        let public = json!({"object": {"id": 1, "given_name": "Aino", "email": "a@x", "consent_public_profile": true, "badge_code": "B"}});
        let sent = project(delegate, 1, &public, &reader(), &consents).expect("sent");
        assert_eq!(sent["object"]["given_name"], "Aino");
        for field in delegate.private {
            assert!(sent["object"].get(*field).is_none(), "{field}");
        }
        let hidden =
            json!({"object": {"id": 2, "given_name": "Grace", "consent_public_profile": false}});
        assert!(project(delegate, 2, &hidden, &reader(), &consents).is_err());
        assert!(project(delegate, 2, &hidden, &Subscriber::Staff, &consents).is_ok());

        let speaker = by_name("session_speaker").expect("speakers");
        let row = json!({"object": {"id": 9, "delegate_id": 2}, "previous": {"delegate_id": 1}});
        let sent = project(speaker, 9, &row, &reader(), &consents).expect("sent");
        assert_eq!(sent["object"]["delegate_id"], Value::Null);
        assert_eq!(sent["previous"]["delegate_id"], 1);
        let staff = project(speaker, 9, &row, &Subscriber::Staff, &consents).expect("sent");
        assert_eq!(staff["object"]["delegate_id"], 2);
    }
}

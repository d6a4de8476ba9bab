//! The closed vocabulary of API-token scopes, and the one table that says which scope a
//! request needs: by the OpenAPI tag of its operation (its domain) and its method (read or
//! write). Every operation, including those added later, is classified through its tag.

use actix_web::http::Method;

use crate::values::text_enum::text_enum;

text_enum! {
    /// What an API token may do: a domain and a verb.
    Scope {
        #[serde(rename = "delegates:read")]
        DelegatesRead = "delegates:read",
        /// Delegates' private fields (contact, travel, needs, badge, accreditation) and
        /// delegates who did not consent to a public profile, in what `delegates:read`
        /// reads: alone it opens no operation (each scope grants exactly what it says).
        #[serde(rename = "delegates:read_private")]
        DelegatesReadPrivate = "delegates:read_private",
        #[serde(rename = "delegates:write")]
        DelegatesWrite = "delegates:write",
        #[serde(rename = "program:read")]
        ProgramRead = "program:read",
        #[serde(rename = "program:write")]
        ProgramWrite = "program:write",
        #[serde(rename = "expo:read")]
        ExpoRead = "expo:read",
        #[serde(rename = "expo:write")]
        ExpoWrite = "expo:write",
        #[serde(rename = "partnerships:read")]
        PartnershipsRead = "partnerships:read",
        #[serde(rename = "partnerships:write")]
        PartnershipsWrite = "partnerships:write",
        #[serde(rename = "webhooks:manage")]
        WebhooksManage = "webhooks:manage",
        #[serde(rename = "import:write")]
        ImportWrite = "import:write",
        #[serde(rename = "audit:read")]
        AuditRead = "audit:read",
    }
}

impl Scope {
    /// Whether the scope only reads.
    pub fn is_read(self) -> bool {
        matches!(
            self,
            Self::DelegatesRead
                | Self::DelegatesReadPrivate
                | Self::ProgramRead
                | Self::ExpoRead
                | Self::PartnershipsRead
                | Self::AuditRead
        )
    }
}

/// What an API token needs for one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Any valid token (public reads such as the events).
    Open,
    /// A token holding this scope.
    Needs(Scope),
    /// Not for API tokens (sign-in, token management, event administration).
    Closed,
}

/// The access rule of an operation, from its tag, method and path template. Unknown tags
/// are closed: a new domain is reachable with a token once it has a line here.
pub fn access(tag: &str, method: &Method, path: &str) -> Access {
    let reads = matches!(*method, Method::GET | Method::HEAD);
    if !reads && path.ends_with("/import") {
        return Access::Needs(Scope::ImportWrite);
    }
    let (read, write) = match tag {
        "delegates" | "delegations" => (Scope::DelegatesRead, Scope::DelegatesWrite),
        "program" => (Scope::ProgramRead, Scope::ProgramWrite),
        "expo" => (Scope::ExpoRead, Scope::ExpoWrite),
        "partnerships" | "initiatives" | "cities" => {
            (Scope::PartnershipsRead, Scope::PartnershipsWrite)
        }
        "webhooks" => (Scope::WebhooksManage, Scope::WebhooksManage),
        "audit" if reads => return Access::Needs(Scope::AuditRead),
        "events" | "health" if reads => return Access::Open,
        _ => return Access::Closed,
    };
    Access::Needs(if reads { read } else { write })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_of_a_domain_need_their_own_scope() {
        let path = "/api/v1/events/{event}/sessions";
        assert_eq!(
            access("program", &Method::GET, path),
            Access::Needs(Scope::ProgramRead)
        );
        assert_eq!(
            access("program", &Method::POST, path),
            Access::Needs(Scope::ProgramWrite)
        );
        assert_eq!(
            access(
                "delegates",
                &Method::POST,
                "/api/v1/events/{event}/delegates/import"
            ),
            Access::Needs(Scope::ImportWrite)
        );
        assert_eq!(
            access("events", &Method::POST, "/api/v1/events"),
            Access::Closed
        );
        assert_eq!(access("something-new", &Method::GET, "/x"), Access::Closed);
    }

    #[test]
    fn scope_names_are_domain_colon_verb() {
        assert_eq!(
            serde_json::to_value(Scope::DelegatesReadPrivate).expect("serialisable"),
            "delegates:read_private"
        );
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()).expect("known"), *scope);
        }
    }
}

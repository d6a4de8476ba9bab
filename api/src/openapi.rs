//! The OpenAPI document: the parts no handler states (info, security schemes, tags) and
//! the error responses and conditional-request headers every operation shares, added here
//! once so that no operation can miss them.

use actix_web::http::Method;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{HttpMethod, Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, ObjectBuilder, OpenApi, Ref, RefOr, Required, ResponseBuilder, Type,
};
use utoipa::OpenApi as _;

use crate::error::{Problem, PROBLEM_JSON};
use crate::partner_access::scopes::{self, Access};
use crate::partner_access::{idempotency, operations};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "gmd — Global Mayors Dialogue API",
        description = "Delegates, sister-city partnerships, the programme and the expo of the \
                       Global Mayors Dialogue. Errors are RFC 9457 problem+json. Lists take \
                       `page`, `per_page`, `sort`, `q` and `updated_since`. Sign in at \
                       `/api/v1/auth/login` and use the access token as a bearer token; partner \
                       systems use an API token (`gmd_live_…`, scheme `api_token`) whose scopes \
                       are listed on each operation. Writes take `Idempotency-Key`; answers \
                       carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.",
        license(name = "MIT")
    ),
    components(schemas(
        Problem,
        crate::error::FieldError,
        crate::delegates::AccreditationAction,
        crate::partnerships::lifecycle::PartnershipAction,
        crate::expo::ApplicationAction,
        crate::expo::vocabulary::Sector,
        crate::expo::vocabulary::ExhibitorKind,
        crate::expo::vocabulary::ApplicationStatus,
        crate::expo::vocabulary::MeetingStatus
    )),
    tags(
        (name = "auth", description = "Sign-in, token refresh and the current user"),
        (name = "events", description = "Editions of the summit"),
        (name = "cities", description = "The global registry of cities"),
        (name = "delegations", description = "A city's party at an event"),
        (name = "delegates", description = "People attending: profiles, privacy, accreditation and check-in"),
        (name = "program", description = "Venues, rooms, sessions, registrations, agendas and calendars"),
        (name = "partnerships", description = "Sister-city partnerships: the registry, lifecycle, agreements, milestones and the network"),
        (name = "initiatives", description = "Joint documents of an event, such as the Harbin Initiative, and the cities endorsing them"),
        (name = "expo", description = "The Ice and Snow Economy Expo: exhibitors, halls, booths, the floor plan, B2B meetings and matchmaking"),
        (name = "api-tokens", description = "Partner systems' API tokens: scoped, optionally restricted to one event, revocable (admins)"),
        (name = "webhooks", description = "Signed event notifications to partner systems: subscriptions, the delivery log, redelivery"),
        (name = "people", description = "Accounts (admins), invitations of staff and delegates, and the mail log"),
        (name = "audit", description = "The audit trail: who changed what and when (admins)"),
        (name = "changes", description = "Change feeds for mirroring: deletions (tombstones); lists take `updated_since`"),
        (name = "health", description = "Probes"),
    )
)]
struct BaseDoc;

/// The document before the routes are added.
pub fn base() -> OpenApi {
    let mut api = BaseDoc::openapi();
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some("An access token from /api/v1/auth/login"))
                .build(),
        ),
    );
    components.add_security_scheme(
        "api_token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("gmd_live_…")
                .description(Some(
                    "A partner system's API token (`gmd_live_…`, created by an admin at \
                     /api/v1/api-tokens), sent as `Authorization: Bearer gmd_live_…`. The \
                     scopes listed on an operation are those the token needs; a missing one \
                     answers 403 with `required_scope`.",
                ))
                .build(),
        ),
    );
    api
}

/// Adds what every operation shares: error responses by kind of operation, `If-Match`
/// on writes to one resource, `If-None-Match` and 304 on reads.
pub fn finish(mut api: OpenApi) -> OpenApi {
    for (path, item) in api.paths.paths.iter_mut() {
        let on_item = path.contains('{');
        // Stored resources carry ETags; probes and the auth endpoints do not.
        let versioned = path.starts_with("/api/v1/") && !path.starts_with("/api/v1/auth/");
        for (method, operation) in [
            (HttpMethod::Get, item.get.as_mut()),
            (HttpMethod::Post, item.post.as_mut()),
            (HttpMethod::Put, item.put.as_mut()),
            (HttpMethod::Patch, item.patch.as_mut()),
            (HttpMethod::Delete, item.delete.as_mut()),
        ] {
            if let Some(operation) = operation {
                allow_api_tokens(operation, &method, path);
                complete(operation, &method, on_item, versioned);
            }
        }
    }
    api
}

/// Adds the `api_token` scheme, with the scope the operation needs, wherever the bearer
/// scheme is accepted and the operation's domain is open to API tokens.
fn allow_api_tokens(operation: &mut Operation, method: &HttpMethod, path: &str) {
    let method = match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
        _ => return,
    };
    let scopes: Vec<&str> = match scopes::access(operations::tag_of(operation), &method, path) {
        Access::Closed => return,
        Access::Open => Vec::new(),
        Access::Needs(scope) => vec![scope.as_str()],
    };
    let Some(requirements) = operation.security.as_mut() else {
        return;
    };
    let takes_bearer = requirements
        .iter()
        .any(|r| serde_json::to_value(r).is_ok_and(|v| v.get("bearer").is_some()));
    if takes_bearer {
        requirements.push(SecurityRequirement::new("api_token", scopes));
    }
}

fn complete(operation: &mut Operation, method: &HttpMethod, on_item: bool, versioned: bool) {
    let secured = operation.security.as_ref().is_some_and(|requirements| {
        requirements.iter().any(|r| {
            serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
        })
    });
    let public_only = operation.security.as_ref().is_some_and(|requirements| {
        requirements.iter().all(|r| {
            serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()))
        })
    });
    let has_body = operation.request_body.is_some();
    let mut errors: Vec<(&str, &str)> = vec![
        (
            "400",
            "Malformed request: a bad query or header value; `errors` names refused query \
             parameters",
        ),
        ("500", "Unexpected error; the body carries the request id"),
        (
            "503",
            "The database is unavailable (`/problems/unavailable`), every database connection \
             stayed busy (`/problems/server-busy`), or a statement ran past the statement \
             timeout (`/problems/statement-timeout`); retry after `Retry-After` seconds",
        ),
    ];
    errors.push((
        "429",
        "Too many requests from this client or API token; see `Retry-After`",
    ));
    if secured {
        errors.push(("401", "Missing, invalid or expired bearer token"));
        errors.push((
            "403",
            "The caller's role may not do this, or the API token lacks `required_scope` or is \
             restricted to another event",
        ));
    } else if !public_only {
        errors.push(("401", "An invalid bearer token was sent"));
    }
    if on_item || secured {
        errors.push(("404", "No such resource"));
    }
    if has_body {
        errors.push(("413", "The body is too large"));
        errors.push(("415", "The body is not application/json"));
        errors.push(("422", "Invalid fields; `errors` lists each"));
        if let Some(RequestBody { required, .. }) = operation.request_body.as_mut() {
            *required = Some(Required::True);
        }
    }
    match method {
        HttpMethod::Get if versioned => {
            add_header_param(
                operation,
                "If-None-Match",
                "Answer 304 when the ETag still matches",
            );
            let not_modified = ResponseBuilder::new()
                .description("Not modified: the ETag still matches")
                .header(
                    "ETag",
                    HeaderBuilder::new()
                        .schema(ObjectBuilder::new().schema_type(Type::String))
                        .build(),
                )
                .build();
            operation
                .responses
                .responses
                .entry("304".into())
                .or_insert(RefOr::T(not_modified));
        }
        HttpMethod::Patch | HttpMethod::Put | HttpMethod::Delete if on_item && versioned => {
            add_header_param(
                operation,
                "If-Match",
                "Apply only if the resource's ETag matches",
            );
            errors.push(("412", "If-Match did not match the current ETag"));
        }
        _ => {}
    }
    if matches!(
        method,
        HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch | HttpMethod::Delete
    ) {
        add_idempotency_key(operation);
        errors.push((
            "409",
            "A request with the same Idempotency-Key is still running; see `Retry-After`",
        ));
        errors.push((
            "422",
            "Invalid fields; `errors` lists each (also: the Idempotency-Key was used for a \
             different request)",
        ));
    }
    for (status, description) in errors {
        operation
            .responses
            .responses
            .entry(status.into())
            .or_insert_with(|| problem_response(description));
    }
    for response in operation.responses.responses.iter_mut() {
        let (status, RefOr::T(response)) = response else {
            continue;
        };
        if (status.starts_with('4') || status.starts_with('5')) && response.content.is_empty() {
            *response = match problem_response(&response.description) {
                RefOr::T(filled) => filled,
                RefOr::Ref(_) => continue,
            };
        }
    }
}

fn add_idempotency_key(operation: &mut Operation) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    parameters.push(
        ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "Makes a retry safe: the first answer (except 5xx, 409, 429) is kept for 24 \
                 hours per caller and replayed to the same request with this key \
                 (`Idempotent-Replayed: true`); a different request with it is a 422, a repeat \
                 while the first runs a 409. Ignored for anonymous callers.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(idempotency::MAX_KEY_LEN))
                    .pattern(Some(idempotency::KEY_PATTERN))
                    .examples(["2f1e7c7a-6a4b-4b8e-9a51-0d3c1f2b7e10"]),
            ))
            .build(),
    );
}

fn add_header_param(operation: &mut Operation, name: &str, description: &str) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    if parameters.iter().any(|p| p.name == name) {
        return;
    }
    parameters.push(
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(description))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .examples(["\"1.1\""]),
            ))
            .build(),
    );
}

fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(RefOr::Ref(Ref::from_schema_name("Problem"))))
                    .build(),
            )
            .build(),
    )
}

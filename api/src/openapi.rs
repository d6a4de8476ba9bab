//! The OpenAPI document: the parts no handler states (info, security schemes, tags) and
//! the error responses and conditional-request headers every operation shares, added here
//! once so that no operation can miss them.

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{HttpMethod, Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, ObjectBuilder, OpenApi, Ref, RefOr, Required, ResponseBuilder, Type,
};
use utoipa::OpenApi as _;

use crate::error::{Problem, PROBLEM_JSON};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "gmd — Global Mayors Dialogue API",
        description = "Delegates, sister-city partnerships, the programme and the expo of the \
                       Global Mayors Dialogue. Errors are RFC 9457 problem+json. Lists take \
                       `page`, `per_page`, `sort`, `q` and `updated_since`. Sign in at \
                       `/api/v1/auth/login` and use the access token as a bearer token.",
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
        (name = "webhooks", description = "Signed event notifications to partner systems: subscriptions, the delivery log, redelivery"),
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
                complete(operation, &method, on_item, versioned);
            }
        }
    }
    api
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
        ("400", "Malformed request: bad query or header value"),
        ("500", "Unexpected error; the body carries the request id"),
        (
            "503",
            "The database is unavailable; retry after `Retry-After` seconds",
        ),
    ];
    if secured {
        errors.push(("401", "Missing, invalid or expired bearer token"));
        errors.push(("403", "The caller's role may not do this"));
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

//! Which operation a request is, from the OpenAPI document (which lists every route), and
//! so what an API token needs to call it and which event it touches.

use actix_web::http::Method;
use utoipa::openapi::path::Operation;
use utoipa::openapi::OpenApi;

use super::scopes::{self, Access};
use crate::path_templates::{operations_of, PathTemplates};

/// Every operation of the application: per path template, the access rule of each of its
/// methods.
#[derive(Debug)]
pub struct Operations {
    routes: PathTemplates<Vec<(Method, Access)>>,
}

/// What a request needs from an API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub access: Access,
    /// The `{event}` of the path, if the operation belongs to one event.
    pub event: Option<String>,
}

/// The first tag of an operation: its domain.
pub fn tag_of(operation: &Operation) -> &str {
    operation
        .tags
        .as_ref()
        .and_then(|tags| tags.first())
        .map_or("", String::as_str)
}

impl Operations {
    pub fn from_openapi(api: &OpenApi) -> Self {
        let routes = PathTemplates::new(api.paths.paths.iter().map(|(path, item)| {
            let methods = operations_of(item)
                .map(|(method, operation)| {
                    let access = scopes::access(tag_of(operation), &method, path);
                    (method, access)
                })
                .collect();
            (path.clone(), methods)
        }));
        Self { routes }
    }

    /// The requirement of `method` on `path`, or `None` for a request no operation answers
    /// (routing answers those with 404 or 405). Literal segments win over parameters, as in
    /// routing, whatever the method: `/delegates/import` is not `/delegates/{id}`, so a
    /// PATCH there is answered by no operation (405), not by the delegate's.
    pub fn requirement(&self, method: &Method, path: &str) -> Option<Requirement> {
        let method = if *method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        let route = self.routes.find(path)?;
        let access = route
            .value
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, access)| *access)?;
        Some(Requirement {
            access,
            event: route.parameter("event").map(str::to_owned),
        })
    }
}

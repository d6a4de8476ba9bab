//! Which operation a request is, from the OpenAPI document (which lists every route), and
//! so what an API token needs to call it and which event it touches.

use actix_web::http::Method;
use utoipa::openapi::path::Operation;
use utoipa::openapi::OpenApi;

use super::scopes::{self, Access};

/// One path template with the access rule of each of its methods.
#[derive(Debug)]
struct Route {
    segments: Vec<String>,
    literals: usize,
    methods: Vec<(Method, Access)>,
}

/// Every operation of the application.
#[derive(Debug, Default)]
pub struct Operations {
    routes: Vec<Route>,
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
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments: Vec<String> = path.split('/').map(str::to_owned).collect();
                let methods = [
                    (Method::GET, item.get.as_ref()),
                    (Method::POST, item.post.as_ref()),
                    (Method::PUT, item.put.as_ref()),
                    (Method::PATCH, item.patch.as_ref()),
                    (Method::DELETE, item.delete.as_ref()),
                ]
                .into_iter()
                .filter_map(|(method, operation)| {
                    let access = scopes::access(tag_of(operation?), &method, path);
                    Some((method, access))
                })
                .collect();
                Route {
                    literals: segments.iter().filter(|s| !s.starts_with('{')).count(),
                    segments,
                    methods,
                }
            })
            .collect();
        Self { routes }
    }

    /// The requirement of `method` on `path`, or `None` for a request no operation answers
    /// (routing answers those with 404 or 405). Literal segments win over parameters, as
    /// in routing, whatever the method: `/delegates/import` is not `/delegates/{id}`, so
    /// a PATCH there is answered by no operation (405), not by the delegate's.
    pub fn requirement(&self, method: &Method, path: &str) -> Option<Requirement> {
        let method = if *method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        let wanted: Vec<&str> = path.split('/').collect();
        let route = self
            .routes
            .iter()
            .filter(|route| {
                route.segments.len() == wanted.len()
                    && route
                        .segments
                        .iter()
                        .zip(&wanted)
                        .all(|(t, w)| (t.starts_with('{') && !w.is_empty()) || t == w)
            })
            .max_by_key(|route| route.literals)?;
        let access = route
            .methods
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, access)| *access)?;
        let event = route
            .segments
            .iter()
            .zip(&wanted)
            .find(|(template, _)| *template == "{event}")
            .map(|(_, slug)| (*slug).to_owned());
        Some(Requirement { access, event })
    }
}

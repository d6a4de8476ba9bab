//! Unmatched requests: 405 with `Allow` when the path exists for other methods, else 404.
//! The known paths come from the OpenAPI document, which lists every route.

use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

/// Path templates and the methods each answers.
#[derive(Debug, Default)]
pub struct RouteTable(Vec<(Vec<String>, Vec<String>)>);

impl RouteTable {
    pub fn from_openapi(api: &OpenApi) -> Self {
        Self(
            api.paths
                .paths
                .iter()
                .map(|(path, item)| {
                    let segments = path.split('/').map(str::to_owned).collect();
                    let methods = [
                        ("GET", item.get.is_some()),
                        ("POST", item.post.is_some()),
                        ("PUT", item.put.is_some()),
                        ("PATCH", item.patch.is_some()),
                        ("DELETE", item.delete.is_some()),
                    ]
                    .into_iter()
                    .filter(|(_, present)| *present)
                    .map(|(method, _)| method.to_owned())
                    .collect();
                    (segments, methods)
                })
                .collect(),
        )
    }

    fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let wanted: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .find(|(template, _)| {
                template.len() == wanted.len()
                    && template
                        .iter()
                        .zip(&wanted)
                        .all(|(t, w)| (t.starts_with('{') && !w.is_empty()) || t == w)
            })
            .map(|(_, methods)| methods.clone())
    }
}

/// The default service.
pub async fn unmatched(
    req: HttpRequest,
    table: web::Data<RouteTable>,
) -> Result<HttpResponse, ApiError> {
    Err(match table.allowed(req.path()) {
        Some(methods) if !methods.is_empty() => ApiError::MethodNotAllowed(
            format!(
                "{} is not supported here; use {}",
                req.method(),
                methods.join(", ")
            ),
            methods,
        ),
        _ => ApiError::NotFound(format!("no route for {}", req.path())),
    })
}

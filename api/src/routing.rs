//! Unmatched requests: 405 with `Allow` when the path exists for other methods; the SPA
//! (a static file, or `index.html` for client routes) for other GETs outside the API;
//! else 404. The known paths come from the OpenAPI document, which lists every route.

use std::path::PathBuf;

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

/// Path templates and the methods each answers.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<String>)>,
    frontend: Option<Frontend>,
}

impl RouteTable {
    pub fn from_openapi(api: &OpenApi, frontend: Option<Frontend>) -> Self {
        Self {
            frontend,
            routes: api
                .paths
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
        }
    }

    /// The methods of the route `path` belongs to; literal segments win over parameters,
    /// as in routing (`/partnerships/path` is not `/partnerships/{id}`).
    fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let wanted: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .filter(|(template, _)| {
                template.len() == wanted.len()
                    && template
                        .iter()
                        .zip(&wanted)
                        .all(|(t, w)| (t.starts_with('{') && !w.is_empty()) || t == w)
            })
            .max_by_key(|(template, _)| template.iter().filter(|t| !t.starts_with('{')).count())
            .map(|(_, methods)| methods.clone())
    }

    /// The 405 for a request whose path names a route that does not take its method.
    pub fn method_not_allowed(&self, method: &Method, path: &str) -> Option<ApiError> {
        let methods = self.allowed(path)?;
        (!methods.is_empty() && !methods.iter().any(|m| m == method.as_str())).then(|| {
            ApiError::MethodNotAllowed(
                format!("{method} is not supported here; use {}", methods.join(", ")),
                methods,
            )
        })
    }
}

/// The directory of the built single-page app.
#[derive(Debug, Clone)]
pub struct Frontend(pub PathBuf);

impl Frontend {
    /// The file for a path: a static file when one exists, `index.html` for client routes,
    /// nothing for a missing build asset (hashed names under `/assets/`).
    fn file_for(&self, path: &str) -> Option<PathBuf> {
        let relative: PathBuf = path
            .split('/')
            .filter(|segment| !segment.is_empty() && *segment != "." && *segment != "..")
            .collect();
        let candidate = self.0.join(relative);
        if candidate.is_file() {
            Some(candidate)
        } else if path.starts_with("/assets/") {
            None
        } else {
            Some(self.0.join("index.html"))
        }
    }
}

/// Paths that belong to the API, never to the SPA.
fn is_api_path(path: &str) -> bool {
    ["/api/", "/api-docs/", "/health/", "/docs/", "/metrics/"]
        .iter()
        .any(|prefix| path.starts_with(prefix) || path == prefix.trim_end_matches('/'))
}

/// The default service.
pub async fn unmatched(
    req: HttpRequest,
    table: web::Data<RouteTable>,
) -> Result<HttpResponse, ApiError> {
    let spa = table
        .frontend
        .as_ref()
        .filter(|_| req.method() == Method::GET && !is_api_path(req.path()));
    if let Some(frontend) = spa {
        let file = frontend
            .file_for(req.path())
            .ok_or_else(|| ApiError::NotFound(format!("no file at {}", req.path())))?;
        // Build assets have content-hashed names and never change; index.html always may.
        let cache = if req.path().starts_with("/assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let mut response = NamedFile::open_async(file)
            .await
            .map_err(|e| ApiError::NotFound(format!("the app is not available: {e}")))?
            .into_response(&req);
        response.headers_mut().insert(
            actix_web::http::header::CACHE_CONTROL,
            actix_web::http::header::HeaderValue::from_static(cache),
        );
        return Ok(response);
    }
    Err(table
        .method_not_allowed(req.method(), req.path())
        .unwrap_or_else(|| ApiError::NotFound(format!("no route for {}", req.path()))))
}

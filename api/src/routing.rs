//! Unmatched requests: 405 with `Allow` when the path exists for other methods; the SPA
//! (a static file, or `index.html` for client routes) for other GETs outside the API;
//! else 404. The known paths come from the OpenAPI document, which lists every route.

use std::path::PathBuf;

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;
use crate::path_templates::{operations_of, PathTemplates};

/// Path templates and the methods each answers.
#[derive(Debug)]
pub struct RouteTable {
    routes: PathTemplates<Vec<String>>,
    frontend: Option<Frontend>,
}

impl RouteTable {
    pub fn from_openapi(api: &OpenApi, frontend: Option<Frontend>) -> Self {
        Self {
            frontend,
            routes: PathTemplates::new(api.paths.paths.iter().map(|(path, item)| {
                let methods = operations_of(item)
                    .map(|(method, _)| method.to_string())
                    .collect();
                (path.clone(), methods)
            })),
        }
    }

    /// The methods of the route `path` belongs to.
    fn allowed(&self, path: &str) -> Option<&[String]> {
        self.routes.find(path).map(|route| route.value.as_slice())
    }

    /// The 405 for a request whose path names a route that does not take its method.
    pub fn method_not_allowed(&self, method: &Method, path: &str) -> Option<ApiError> {
        let methods = self.allowed(path)?;
        (!methods.is_empty() && !methods.iter().any(|m| m == method.as_str())).then(|| {
            ApiError::MethodNotAllowed(
                format!("{method} is not supported here; use {}", methods.join(", ")),
                methods.to_vec(),
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

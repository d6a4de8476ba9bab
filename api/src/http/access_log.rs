//! The access log and the request metrics, from one middleware: each answered request is
//! one log line (target `gmd::access`) with the client address (`http::client_address`),
//! the request line, the status, the time taken and the request id, and it is counted by
//! method, route template and status (`metrics`). With `LOG_FORMAT=json` the same fields
//! are the keys of the JSON line.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::client_address;

/// The route label of a request no route matched (its path would make one label each).
const UNMATCHED: &str = "unmatched";

/// Middleware: logs and counts every request once its response is ready.
pub async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let client = client_address::of(req.request());
    let method = req.method().to_string();
    let target = req.uri().to_string();
    let version = req.version();
    let response = next.call(req).await?;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| UNMATCHED.to_owned());
    crate::metrics::request_answered(&method, &route, status, elapsed);
    let request_id = response
        .headers()
        .get(crate::request_id::HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let ms = elapsed.as_secs_f64() * 1000.0;
    log::info!(
        target: "gmd::access",
        client = client.as_str(),
        method = method.as_str(),
        path = target.as_str(),
        route = route.as_str(),
        status = status,
        duration_ms = (ms * 1000.0).round() / 1000.0,
        request_id = request_id.as_str();
        "{client} \"{method} {target} {version:?}\" {status} {ms:.3}ms request_id={request_id}"
    );
    Ok(response)
}

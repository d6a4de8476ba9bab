//! A whole HTTP reply, read at once, with assertions that print the body when they fail.

use reqwest::header::HeaderMap;
use serde_json::Value;

/// Status, headers and body of one response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// Sends the request and reads the whole response.
    pub async fn send(request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("a readable body");
        Reply {
            status,
            headers,
            body,
        }
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The body as JSON (`Null` when empty).
    #[track_caller]
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            return Value::Null;
        }
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", self.body))
    }

    /// Asserts the status (and the `X-Request-Id` every response carries); returns the JSON body.
    #[track_caller]
    pub fn expect(&self, status: u16) -> Value {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.body
        );
        assert!(
            self.header("x-request-id").is_some_and(|id| !id.is_empty()),
            "a {} response without X-Request-Id",
            self.status
        );
        self.json()
    }

    /// Asserts an RFC 9457 problem with this status; returns the problem.
    #[track_caller]
    pub fn expect_problem(&self, status: u16) -> Value {
        let problem = self.expect(status);
        let content_type = self.header("content-type").unwrap_or_default();
        assert!(
            content_type.starts_with("application/problem+json"),
            "a {status} with content type {content_type:?}"
        );
        for member in ["type", "title", "detail", "instance"] {
            assert!(
                problem[member].is_string(),
                "problem without `{member}`: {problem}"
            );
        }
        assert_eq!(problem["status"], status, "problem status: {problem}");
        assert_eq!(
            problem["request_id"].as_str(),
            self.header("x-request-id"),
            "the problem's request_id is the X-Request-Id header"
        );
        problem
    }

    /// The target of the `Link` relation `rel` (e.g. `next`), if present.
    pub fn link(&self, rel: &str) -> Option<String> {
        let header = self.header("link")?;
        header.split(',').find_map(|part| {
            let (target, params) = part.split_once(';')?;
            let wanted = format!("rel=\"{rel}\"");
            params.split(';').any(|p| p.trim() == wanted).then(|| {
                target
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned()
            })
        })
    }
}

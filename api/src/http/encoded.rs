//! A rendered JSON body kept both plain and gzip-compressed, so that a cached page is
//! compressed once when it is rendered, not on every request that accepts gzip.

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;

/// Bodies smaller than this are sent plain: compressing them saves little.
const MIN_COMPRESSED: usize = 1024;

/// A body in the forms it can be sent in.
#[derive(Debug, Clone)]
pub struct EncodedBody {
    plain: web::Bytes,
    gzip: Option<web::Bytes>,
}

impl EncodedBody {
    pub fn new(plain: Vec<u8>) -> Self {
        let gzip = (plain.len() >= MIN_COMPRESSED)
            .then(|| gzip(&plain))
            .flatten();
        Self {
            plain: web::Bytes::from(plain),
            gzip,
        }
    }

    /// Bytes held, both forms.
    pub fn size(&self) -> usize {
        self.plain.len() + self.gzip.as_ref().map_or(0, web::Bytes::len)
    }

    /// The body for `req` and its `Content-Encoding`, if any: gzip when the client
    /// accepts it and a compressed form exists.
    pub fn for_request(&self, req: &HttpRequest) -> (web::Bytes, Option<&'static str>) {
        match &self.gzip {
            Some(gzip) if accepts_gzip(req) => (gzip.clone(), Some("gzip")),
            _ => (self.plain.clone(), None),
        }
    }
}

fn gzip(plain: &[u8]) -> Option<web::Bytes> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(plain.len() / 4), Compression::default());
    encoder.write_all(plain).ok()?;
    encoder.finish().ok().map(web::Bytes::from)
}

/// Whether `Accept-Encoding` lists gzip with a non-zero quality.
fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value.split(',').any(|coding| {
                let mut parts = coding.split(';').map(str::trim);
                let name = parts.next().unwrap_or_default();
                let refused =
                    parts.any(|p| p.replace(' ', "") == "q=0" || p.replace(' ', "") == "q=0.0");
                (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn large_bodies_go_compressed_to_clients_that_accept_gzip() {
        let body = EncodedBody::new(vec![b'a'; 4096]);
        let plain = TestRequest::default().to_http_request();
        assert_eq!(body.for_request(&plain).1, None);
        let gzip = TestRequest::default()
            .insert_header(("Accept-Encoding", "br, gzip;q=0.8"))
            .to_http_request();
        let (bytes, encoding) = body.for_request(&gzip);
        assert_eq!(encoding, Some("gzip"));
        assert!(bytes.len() < 100);
        let refused = TestRequest::default()
            .insert_header(("Accept-Encoding", "gzip;q=0"))
            .to_http_request();
        assert_eq!(body.for_request(&refused).1, None);
    }

    #[test]
    fn small_bodies_stay_plain() {
        let body = EncodedBody::new(b"{}".to_vec());
        let gzip = TestRequest::default()
            .insert_header(("Accept-Encoding", "gzip"))
            .to_http_request();
        assert_eq!(body.for_request(&gzip).1, None);
    }
}

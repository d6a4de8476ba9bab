//! A rendered JSON body, plain, and gzip-compressed the first time a client that accepts
//! gzip asks for it: a cached page is compressed once, and a page nobody asks compressed
//! (a partner's poll without `Accept-Encoding`) is never compressed. The fast level: most of
//! the size saving for a fraction of the time of the default level.

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::sync::{Arc, OnceLock};

/// Bodies smaller than this are sent plain: compressing them saves little.
const MIN_COMPRESSED: usize = 1024;

/// A body in the forms it can be sent in.
#[derive(Debug, Clone)]
pub struct EncodedBody {
    plain: web::Bytes,
    /// Shared by the clones of a cached page, so it is compressed once.
    gzip: Arc<OnceLock<Option<web::Bytes>>>,
}

impl EncodedBody {
    pub fn new(plain: Vec<u8>) -> Self {
        Self {
            plain: web::Bytes::from(plain),
            gzip: Arc::default(),
        }
    }

    /// The body uncompressed.
    pub fn plain(&self) -> &web::Bytes {
        &self.plain
    }

    /// Bytes held: the plain body, and the compressed one if made. A compressed form made
    /// after a page was cached is not counted; it is a fraction of the plain one.
    pub fn size(&self) -> usize {
        self.plain.len()
            + self
                .gzip
                .get()
                .and_then(Option::as_ref)
                .map_or(0, web::Bytes::len)
    }

    /// The body for `req` and its `Content-Encoding`, if any: gzip when the client
    /// accepts it and the body is worth compressing.
    pub fn for_request(&self, req: &HttpRequest) -> (web::Bytes, Option<&'static str>) {
        if self.plain.len() < MIN_COMPRESSED || !accepts_gzip(req) {
            return (self.plain.clone(), None);
        }
        match self.gzip.get_or_init(|| gzip(&self.plain)) {
            Some(gzip) => (gzip.clone(), Some("gzip")),
            None => (self.plain.clone(), None),
        }
    }
}

fn gzip(plain: &[u8]) -> Option<web::Bytes> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(plain.len() / 4), Compression::fast());
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
        assert!(
            body.gzip.get().is_none(),
            "nothing compressed for a plain client"
        );
        let copy = body.clone();
        let gzip = TestRequest::default()
            .insert_header(("Accept-Encoding", "br, gzip;q=0.8"))
            .to_http_request();
        let (bytes, encoding) = body.for_request(&gzip);
        assert_eq!(encoding, Some("gzip"));
        assert!(bytes.len() < 100);
        assert!(
            copy.gzip.get().is_some(),
            "a cached copy shares the compressed form"
        );
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

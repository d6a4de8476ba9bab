//! Who the client is: the one place that decides a request's client address, used by the
//! sign-in throttle, the rate limits, the access log and the metrics.
//!
//! The address is the TCP peer's, unless the peer is a trusted proxy (`TRUSTED_PROXIES`, a
//! list of CIDRs). Then the one header the proxies write tells (`TRUSTED_PROXY_HEADER`:
//! `X-Forwarded-For` by default, or `Forwarded` of RFC 7239); the other is ignored, since a
//! proxy passes through what a client wrote in a header it does not write itself. Its hops
//! are read from the right, skipping trusted proxies; the first untrusted hop is the client.
//! A client cannot pose as another by sending the header itself: whatever it wrote stands
//! to the left of what the trusted proxy appended. Without `TRUSTED_PROXIES` no header is
//! believed.

use std::net::{IpAddr, SocketAddr};

use actix_web::dev::RequestHead;
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

/// The proxies whose forwarding header is believed, and which header that is.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
    header: ForwardingHeader,
}

/// The header the trusted proxies write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ForwardingHeader {
    /// `X-Forwarded-For` (haproxy's `option forwardfor`, nginx, most balancers).
    #[default]
    XForwardedFor,
    /// `Forwarded` (RFC 7239; haproxy's `option forwarded`, Caddy, Traefik can write it).
    Forwarded,
}

impl ForwardingHeader {
    /// Parses `TRUSTED_PROXY_HEADER`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(Self::XForwardedFor),
            "forwarded" => Ok(Self::Forwarded),
            other => Err(format!("`{other}` is not X-Forwarded-For or Forwarded")),
        }
    }
}

impl TrustedProxies {
    /// Parses `TRUSTED_PROXIES`: CIDRs or single addresses, separated by commas or spaces.
    pub fn parse(text: &str) -> Result<Self, String> {
        text.split([',', ' '])
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("`{item}` is not an address or a CIDR"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|networks| Self {
                networks,
                header: ForwardingHeader::default(),
            })
    }

    /// Reads the client from `header` instead of `X-Forwarded-For`.
    pub fn reading(mut self, header: ForwardingHeader) -> Self {
        self.header = header;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.networks.iter().any(|net| net.contains(&address))
    }

    /// The client address of a request from `peer` with these headers.
    pub fn client(&self, peer: Option<SocketAddr>, head: &RequestHead) -> Option<IpAddr> {
        let peer = canonical(peer?.ip());
        if !self.trusts(peer) {
            return Some(peer);
        }
        let hops = forwarded_hops(&head.headers, self.header);
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            let Some(hop) = hop else {
                // An obfuscated or unparseable hop: nothing to its left can be believed.
                break;
            };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        Some(client)
    }
}

/// The client address as text, for keys and logs ("unknown" without a peer, as in tests
/// that call a service directly).
pub fn client_text(
    trusted: Option<&TrustedProxies>,
    peer: Option<SocketAddr>,
    head: &RequestHead,
) -> String {
    let trusted = trusted.cloned().unwrap_or_default();
    trusted
        .client(peer, head)
        .map_or_else(|| "unknown".to_owned(), |address| address.to_string())
}

/// Of an actix request (`HttpRequest` or `ServiceRequest`): its client address as text.
pub fn of(req: &actix_web::HttpRequest) -> String {
    let trusted = req.app_data::<actix_web::web::Data<TrustedProxies>>();
    client_text(
        trusted.map(|data| data.get_ref()),
        req.peer_addr(),
        req.head(),
    )
}

/// IPv4 addresses mapped into IPv6 (`::ffff:a.b.c.d`) are compared as IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The hops the proxies recorded in `header`, leftmost first; `None` for a hop that is not
/// an address.
fn forwarded_hops(headers: &HeaderMap, header: ForwardingHeader) -> Vec<Option<IpAddr>> {
    if header == ForwardingHeader::Forwarded {
        return headers
            .get_all("forwarded")
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| parse_node(value))
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(parse_node)
        .collect()
}

/// One node: `1.2.3.4`, `1.2.3.4:5678`, `"[2001:db8::1]:80"`, `2001:db8::1`.
fn parse_node(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Ok(address) = text.parse::<IpAddr>() {
        return Some(canonical(address));
    }
    if let Ok(socket) = text.parse::<SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    let bracketed = text.strip_prefix('[')?.split(']').next()?;
    bracketed.parse::<IpAddr>().ok().map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn client(trusted: &str, peer: &str, headers: &[(&str, &str)]) -> String {
        read_from(ForwardingHeader::XForwardedFor, trusted, peer, headers)
    }

    fn read_from(
        header: ForwardingHeader,
        trusted: &str,
        peer: &str,
        headers: &[(&str, &str)],
    ) -> String {
        let mut request = TestRequest::default().peer_addr(peer.parse().expect("peer"));
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        let request = request.to_http_request();
        let trusted = TrustedProxies::parse(trusted)
            .expect("trusted")
            .reading(header);
        client_text(Some(&trusted), request.peer_addr(), request.head())
    }

    #[test]
    fn headers_count_only_from_trusted_peers() {
        let xff = [("x-forwarded-for", "203.0.113.7")];
        assert_eq!(client("", "10.0.0.5:1234", &xff), "10.0.0.5");
        assert_eq!(client("127.0.0.1/32", "10.0.0.5:1234", &xff), "10.0.0.5");
        assert_eq!(client("10.0.0.0/8", "10.0.0.5:1234", &xff), "203.0.113.7");
    }

    #[test]
    fn the_first_untrusted_hop_from_the_right_is_the_client() {
        // The client wrote a fake hop itself; the proxy appended the real one.
        let xff = [("x-forwarded-for", "198.51.100.1, 203.0.113.7, 10.0.0.9")];
        assert_eq!(client("10.0.0.0/8", "10.0.0.5:1", &xff), "203.0.113.7");
        let forwarded = [(
            "forwarded",
            "for=198.51.100.1, for=\"[2001:db8::7]:4711\";proto=https, for=10.0.0.9",
        )];
        let read = |headers| {
            read_from(
                ForwardingHeader::Forwarded,
                "10.0.0.0/8",
                "10.0.0.5:1",
                headers,
            )
        };
        assert_eq!(read(&forwarded), "2001:db8::7");
    }

    #[test]
    fn only_the_header_the_proxies_write_counts() {
        // haproxy's `option forwardfor` appends to X-Forwarded-For and passes a client's own
        // Forwarded header through: that one must not name the client, nor the reverse.
        let both = [
            ("forwarded", "for=198.51.100.202"),
            ("x-forwarded-for", "203.0.113.7"),
        ];
        assert_eq!(client("10.0.0.0/8", "10.0.0.5:1", &both), "203.0.113.7");
        let forged = [("forwarded", "for=198.51.100.202")];
        assert_eq!(client("10.0.0.0/8", "10.0.0.5:1", &forged), "10.0.0.5");
        let reading_forwarded = |headers| {
            read_from(
                ForwardingHeader::Forwarded,
                "10.0.0.0/8",
                "10.0.0.5:1",
                headers,
            )
        };
        let forged = [("x-forwarded-for", "198.51.100.202")];
        assert_eq!(reading_forwarded(&forged), "10.0.0.5");
        assert!(ForwardingHeader::parse("Via").is_err());
        assert_eq!(
            ForwardingHeader::parse(" Forwarded"),
            Ok(ForwardingHeader::Forwarded)
        );
    }

    #[test]
    fn a_chain_of_only_trusted_hops_or_a_hidden_hop_stops_there() {
        let trusted = [("x-forwarded-for", "10.0.0.8, 10.0.0.9")];
        assert_eq!(client("10.0.0.0/8", "10.0.0.5:1", &trusted), "10.0.0.8");
        let hidden = [("forwarded", "for=203.0.113.7, for=_hidden, for=10.0.0.9")];
        assert_eq!(
            read_from(
                ForwardingHeader::Forwarded,
                "10.0.0.0/8",
                "10.0.0.5:1",
                &hidden
            ),
            "10.0.0.9"
        );
        assert_eq!(client("10.0.0.0/8", "10.0.0.5:1", &[]), "10.0.0.5");
        assert_eq!(
            client(
                "::ffff:10.0.0.0/104, 10.0.0.0/8",
                "[::ffff:10.0.0.5]:1",
                &[("x-forwarded-for", "::ffff:203.0.113.7")]
            ),
            "203.0.113.7"
        );
    }

    #[test]
    fn bad_settings_are_named() {
        assert!(TrustedProxies::parse("10.0.0.0/8, nonsense").is_err());
        assert!(TrustedProxies::parse(" ").expect("empty").is_empty());
        assert!(TrustedProxies::parse("127.0.0.1 ::1").is_ok());
    }
}

//! The SSRF guard: a webhook target must be a public HTTP(S) address, unless its host is
//! on the operator's allowlist. Checked when a subscription is saved and again before each
//! delivery, which then connects to exactly the address it checked.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use url::Url;

use super::settings::WebhookSettings;

/// A target URL with the address a delivery connects to.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: Url,
    pub host: String,
    pub address: SocketAddr,
}

/// Parses and checks `text`; the error says why the target is refused.
pub fn check(text: &str, settings: &WebhookSettings) -> Result<Target, String> {
    let url = Url::parse(text).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be an http or https URL".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry credentials".into());
    }
    let host = url
        .host_str()
        .ok_or("must name a host")?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = url.port_or_known_default().ok_or("must have a port")?;
    let addresses: Vec<SocketAddr> = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|_| format!("the host `{host}` does not resolve"))?
        .collect();
    let allowed = settings.allows(&host);
    let address = addresses
        .iter()
        .find(|a| allowed || is_public(a.ip()))
        .copied();
    match address {
        Some(address) if allowed || addresses.iter().all(|a| is_public(a.ip())) => {
            Ok(Target { url, host, address })
        }
        _ => Err(format!(
            "the host `{host}` resolves to a loopback, private, link-local or metadata \
             address; an operator may allow it with WEBHOOK_ALLOWED_HOSTS"
        )),
    }
}

/// Whether an address is reachable on the public internet (not loopback, private,
/// link-local, shared, multicast, unspecified or documentation).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
                || (a == 192 && b == 0) // IETF protocol assignments
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local (incl. fd00:ec2::254)
                || (first & 0xffc0) == 0xfe80 // link-local
                || first == 0x2001 && v6.segments()[1] == 0xdb8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_refused_unless_allowed() {
        let none = WebhookSettings::default();
        for url in [
            "http://127.0.0.1/hook",
            "http://10.1.2.3/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:8080/",
            "http://[fd00:ec2::254]/",
            "http://192.168.0.1/",
            "http://100.64.0.1/",
            "http://localhost:9/",
            "ftp://example.org/",
        ] {
            assert!(check(url, &none).is_err(), "{url}");
        }
        assert!(is_public("93.184.216.34".parse().expect("ip")));
        let allowed = WebhookSettings {
            allowed_hosts: vec!["127.0.0.1".into()],
            ..WebhookSettings::default()
        };
        assert!(check("http://127.0.0.1:9/hook", &allowed).is_ok());
    }
}

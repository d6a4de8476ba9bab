//! The SSRF guard: a webhook target must be a public HTTP(S) address, unless its host is
//! on the operator's allowlist. Checked when a subscription is saved and again before each
//! delivery, which then connects to exactly the address it checked.

use std::net::{SocketAddr, ToSocketAddrs};

use url::Url;

pub use super::addresses::is_public;
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
            "the host `{host}` resolves to a non-public address (loopback, private, \
             link-local, metadata, reserved, or an IPv6 form carrying one); an operator may \
             allow it with WEBHOOK_ALLOWED_HOSTS"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spellings of non-public addresses, each refused (no allowlist).
    const REFUSED: &[&str] = &[
        // IPv4 loopback and its other spellings (the URL parser normalises them)
        "http://127.0.0.1/hook",
        "http://127.1/",
        "http://127.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0x7f.0.0.1/",
        "http://0177.0.0.1/",
        "http://017700000001/",
        "http://127.255.255.254/",
        "http://localhost:9/",
        "http://LOCALHOST/",
        // other non-global IPv4
        "http://0.0.0.0/",
        "http://0/",
        "http://10.1.2.3/hook",
        "http://012.1.2.3/",
        "http://100.64.0.1/",
        "http://100.127.255.254/",
        "http://169.254.169.254/latest/meta-data",
        "http://0xa9fea9fe/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.0.0.8/",
        "http://192.0.2.1/",
        "http://192.88.99.1/",
        "http://192.168.0.1/",
        "http://198.18.0.1/",
        "http://198.19.255.255/",
        "http://198.51.100.7/",
        "http://203.0.113.9/",
        "http://224.0.0.1/",
        "http://239.255.255.250/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        // IPv6 loopback, unspecified and the IPv4 forms of loopback
        "http://[::1]:8080/",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[::]/",
        "http://[::127.0.0.1]:8080/",
        "http://[::7f00:1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:0:127.0.0.1]/",
        "http://[::8.8.8.8]/",
        // NAT64, 6to4 and Teredo carrying a non-public IPv4
        "http://[64:ff9b::127.0.0.1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b:1::1]/",
        "http://[2002:7f00:1::]/",
        "http://[2002:a00:1::1]/",
        "http://[2002:c0a8:1::1]/",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
        "http://[2001:0:7f00:1:0:0:808:808]/",
        // non-global IPv6
        "http://[fd00:ec2::254]/",
        "http://[fc00::1]/",
        "http://[fe80::1]/",
        "http://[febf::1]/",
        "http://[fec0::1]/",
        "http://[ff02::1]/",
        "http://[ff0e::1]/",
        "http://[2001:db8::1]/",
        "http://[3fff::1]/",
        "http://[100::1]/",
        "http://[2001:2::1]/",
        "http://[2001:10::1]/",
        "http://[2001:20::1]/",
        "http://[5f00::1]/",
        "http://[4000::1]/",
        // not a public HTTP target at all
        "ftp://example.org/",
        "http://user:pass@93.184.216.34/",
    ];

    /// Public addresses in the same families: accepted.
    const ACCEPTED: &[&str] = &[
        "http://93.184.216.34/",
        "https://8.8.8.8:8443/hook",
        "http://1.1.1.1/",
        "http://100.63.255.255/",
        "http://100.128.0.1/",
        "http://172.15.255.255/",
        "http://172.32.0.1/",
        "http://192.0.3.1/",
        "http://198.20.0.1/",
        "http://223.255.255.254/",
        "http://[2606:4700:4700::1111]/",
        "http://[2a00:1450:4001:81b::200e]/",
        "http://[::ffff:8.8.8.8]/",
        "http://[64:ff9b::808:808]/",
        "http://[2002:808:808::1]/",
        "http://[2001:0:808:808:0:0:f7f7:f7f7]/",
    ];

    #[test]
    fn every_spelling_of_a_non_public_address_is_refused() {
        let none = WebhookSettings::default();
        assert!(REFUSED.len() >= 60, "{} spellings", REFUSED.len());
        for url in REFUSED {
            assert!(check(url, &none).is_err(), "{url} was accepted");
        }
    }

    #[test]
    fn public_addresses_stay_accepted() {
        let none = WebhookSettings::default();
        for url in ACCEPTED {
            assert!(check(url, &none).is_ok(), "{url}: {:?}", check(url, &none));
        }
    }

    #[test]
    fn the_allowlist_still_admits_its_hosts() {
        let allowed = WebhookSettings {
            allowed_hosts: vec!["127.0.0.1".into(), "::1".into()],
            ..WebhookSettings::default()
        };
        assert!(check("http://127.0.0.1:9/hook", &allowed).is_ok());
        assert!(check("http://[::1]:9/hook", &allowed).is_ok());
        assert!(check("http://10.0.0.1:9/hook", &allowed).is_err());
    }
}

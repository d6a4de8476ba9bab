//! Which IP addresses a webhook may reach: only globally reachable ones. Every special-use
//! block of the IANA registries is refused, and an IPv6 address that carries an IPv4 one
//! (IPv4-mapped, NAT64, 6to4, Teredo) is judged by the IPv4 address it carries, so no
//! spelling of a loopback or private address gets through.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is reachable on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// IPv4 special-use blocks (RFC 6890 and successors), as (network, prefix length).
const V4_SPECIAL: &[([u8; 4], u8)] = &[
    ([0, 0, 0, 0], 8),       // "this network"
    ([10, 0, 0, 0], 8),      // private
    ([100, 64, 0, 0], 10),   // shared address space (CGNAT)
    ([127, 0, 0, 0], 8),     // loopback
    ([169, 254, 0, 0], 16),  // link-local (cloud metadata)
    ([172, 16, 0, 0], 12),   // private
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // documentation (TEST-NET-1)
    ([192, 88, 99, 0], 24),  // 6to4 relay anycast
    ([192, 168, 0, 0], 16),  // private
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // documentation (TEST-NET-2)
    ([203, 0, 113, 0], 24),  // documentation (TEST-NET-3)
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved, and the broadcast address
];

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let bits = u32::from(ip);
    !V4_SPECIAL.iter().any(|(network, length)| {
        let mask = u32::MAX << (32 - u32::from(*length));
        bits & mask == u32::from(Ipv4Addr::from(*network))
    })
}

/// IPv6 blocks inside global unicast (2000::/3) that are not globally reachable, as
/// (network, prefix length). Teredo (2001::/32) and 6to4 (2002::/16) are judged by the
/// IPv4 addresses they carry before this list is consulted.
const V6_SPECIAL: &[(u128, u8)] = &[
    (0x2001_0000_0000_0000_0000_0000_0000_0000, 23), // IETF protocol assignments (benchmarking 2001:2::/48, ORCHID 2001:10::/28, ORCHIDv2 2001:20::/28, …)
    (0x2001_0db8_0000_0000_0000_0000_0000_0000, 32), // documentation
    (0x3fff_0000_0000_0000_0000_0000_0000_0000, 20), // documentation
];

fn in_block(bits: u128, network: u128, length: u8) -> bool {
    let mask = u128::MAX << (128 - u32::from(length));
    bits & mask == network
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let bits = u128::from(ip);
    let low_v4 = |bits: u128| Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    // IPv4-mapped ::ffff:0:0/96: the IPv4 address itself.
    if in_block(bits, 0xffff_0000_0000, 96) {
        return is_public_v4(low_v4(bits));
    }
    // NAT64 well-known prefix 64:ff9b::/96 translates to the IPv4 address it carries.
    if in_block(bits, 0x0064_ff9b_0000_0000_0000_0000_0000_0000, 96) {
        return is_public_v4(low_v4(bits));
    }
    // 6to4 2002::/16: the IPv4 address in bits 16–47.
    if in_block(bits, 0x2002_0000_0000_0000_0000_0000_0000_0000, 16) {
        return is_public_v4(Ipv4Addr::from(((bits >> 80) & 0xffff_ffff) as u32));
    }
    // Teredo 2001::/32: the server's IPv4 in bits 32–63, the client's in the last 32
    // bits, inverted.
    if in_block(bits, 0x2001_0000_0000_0000_0000_0000_0000_0000, 32) {
        let server = Ipv4Addr::from(((bits >> 64) & 0xffff_ffff) as u32);
        let client = Ipv4Addr::from(!((bits & 0xffff_ffff) as u32));
        return is_public_v4(server) && is_public_v4(client);
    }
    // Everything outside 2000::/3 is reserved or non-global: ::/8 (unspecified, loopback,
    // IPv4-compatible ::/96, SIIT), 64:ff9b:1::/48 (local NAT64), 100::/64 (discard),
    // 5f00::/16 (SRv6), fc00::/7 (unique local), fe80::/10 (link-local), fec0::/10
    // (site-local), ff00::/8 (multicast).
    in_block(bits, 0x2000_0000_0000_0000_0000_0000_0000_0000, 3)
        && !V6_SPECIAL
            .iter()
            .any(|(network, length)| in_block(bits, *network, *length))
}

//! Where a metadata fetch may connect. A metadata URL comes from a setup file that may come
//! from a customer, and an IdP's redirect can point anywhere: neither may make this machine
//! talk to its cloud metadata service (169.254.169.254) or other link-local, unspecified or
//! multicast addresses. Private networks (10/8, 172.16/12, 192.168/16, fc00::/7) are where an
//! on-premises IdP lives, so they are allowed for the host the user named, and refused when a
//! redirect leads there. Loopback stays allowed (local IdPs, tests).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Why `ip` may not be fetched from, if it may not; `named_by_user` is true for the host of
/// the URL the user gave (not one reached by a redirect).
pub fn refusal(ip: IpAddr, named_by_user: bool) -> Option<&'static str> {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    if ip.is_loopback() {
        return None;
    }
    if ip.is_unspecified() {
        return Some("an unspecified address");
    }
    if ip.is_multicast() || ip == IpAddr::V4(Ipv4Addr::BROADCAST) {
        return Some("a multicast or broadcast address");
    }
    if is_link_local(ip) {
        return Some("a link-local address (where cloud metadata services answer)");
    }
    if is_private(ip) && !named_by_user {
        return Some("a private-network address reached by a redirect");
    }
    None
}

fn is_link_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

fn is_private(ip: IpAddr) -> bool {
    match ip {
        // 100.64/10 (carrier-grade NAT) is as internal as the RFC 1918 ranges.
        IpAddr::V4(v4) => {
            v4.is_private() || (v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => is_unique_local(v6),
    }
}

fn is_unique_local(v6: Ipv6Addr) -> bool {
    (v6.segments()[0] & 0xfe00) == 0xfc00
}

/// Ends a refusal (the resolver's, the redirect policy's), so the fetch can tell it from a
/// name that does not exist or a redirect that is merely not https.
pub const REFUSED_MARK: &str = " (refused)";

/// Resolves host names for the metadata client and drops the addresses `refusal` refuses;
/// a name that leaves none fails to resolve, naming why.
pub struct GuardedResolver {
    /// The host of the URL the user gave.
    pub named_host: String,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let named_by_user = name.as_str().eq_ignore_ascii_case(&self.named_host);
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut why = None;
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| match refusal(a.ip(), named_by_user) {
                    None => true,
                    Some(w) => {
                        why = Some(format!("{host} resolves to {}, {w}{REFUSED_MARK}", a.ip()));
                        false
                    }
                })
                .collect();
            match (allowed.is_empty(), why) {
                (true, Some(why)) => Err(why.into()),
                _ => Ok(Box::new(allowed.into_iter()) as Addrs),
            }
        })
    }
}

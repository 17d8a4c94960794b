//! The rules a tenant (one customer's federation) must meet in a pool shared by many:
//! e-mail domains that route to one provider only, never a consumer mail domain, at most 50
//! per provider, and the pool's identity-provider quota.

use crate::finding::Finding;

/// Cognito's default quota of identity providers per user pool (adjustable to 1,000).
pub const PROVIDERS_PER_POOL: usize = 300;

/// Mail domains shared by the public: routing one of them to a customer's IdP would send
/// everyone with such an address there.
pub const CONSUMER_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "mail.com",
    "yandex.ru",
    "qq.com",
    "163.com",
];

/// A consumer mail domain among `field`'s identifiers is refused, naming it.
pub fn consumer_domains(field: &str, identifiers: &[String]) -> Vec<Finding> {
    identifiers
        .iter()
        .filter(|d| {
            CONSUMER_MAIL_DOMAINS
                .iter()
                .any(|c| d.trim().eq_ignore_ascii_case(c))
        })
        .map(|d| {
            Finding::error(
                crate::finding::codes::CONSUMER_MAIL_DOMAIN,
                format!("{field} has {d:?}, a consumer mail domain"),
                "Use the customer's own e-mail domains: everyone with an address there would be sent to this customer's IdP.",
            )
        })
        .collect()
}

/// The pool's provider count against Cognito's quota: a warning from 90 %, an error past it.
pub fn quota(providers: usize) -> Vec<Finding> {
    let warn_from = PROVIDERS_PER_POOL * 9 / 10;
    if providers > PROVIDERS_PER_POOL {
        vec![Finding::error(
            crate::finding::codes::PROVIDER_QUOTA,
            format!(
                "the setup holds {providers} identity providers; a user pool holds {PROVIDERS_PER_POOL} by default"
            ),
            "Ask AWS to raise the quota \"Identity providers per user pool\" (up to 1,000) in Service Quotas, or split the tenants across pools.",
        )]
    } else if providers >= warn_from {
        vec![Finding::warning(
            crate::finding::codes::PROVIDER_QUOTA,
            format!(
                "the setup holds {providers} identity providers, {}% of the {PROVIDERS_PER_POOL} a user pool holds by default",
                providers * 100 / PROVIDERS_PER_POOL
            ),
            "Ask AWS to raise the quota \"Identity providers per user pool\" (up to 1,000) before the next tenants.",
        )]
    } else {
        vec![]
    }
}

//! Cognito's view of an IdP's metadata: what it refuses (errors) and what will hurt later
//! (warnings). Each finding's fix is something an Okta admin can do.

use super::cert::{CertInfo, CertProblem, EXPIRY_WARNING_DAYS};
use super::metadata::{HTTP_POST, HTTP_REDIRECT, binding_name};
use super::parse::{RawEndpoint, RawIdp};
use crate::finding::Finding;
use crate::setup::validate::is_loopback_host;
use regex_lite::Regex;
use std::sync::LazyLock;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

static XS_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$")
        .unwrap()
});

/// The CN when there is one: full subjects make one-line messages unreadable.
fn short_subject(c: &CertInfo) -> &str {
    c.subject
        .split(", ")
        .find(|part| part.starts_with("CN="))
        .unwrap_or(c.subject.as_str())
}

fn date(s: &str) -> &str {
    s.get(..10).unwrap_or(s)
}

/// `rotate_fix`: how this document's IdP gets a new signing certificate
/// (`RecognisedIdp::rotate_fix`).
pub fn certificates(
    certs: &[CertInfo],
    problems: &[CertProblem],
    misplaced: &[String],
    rotate_fix: &str,
) -> Vec<Finding> {
    let mut out = vec![];
    let signing: Vec<&CertInfo> = certs.iter().filter(|c| c.can_sign()).collect();
    let usable = !signing.is_empty();
    for p in problems {
        let f = if usable {
            Finding::warning(
                p.code,
                format!(
                    "{} (ignored: another signing certificate is valid)",
                    p.message
                ),
                p.fix,
            )
        } else {
            Finding::error(p.code, p.message.clone(), p.fix)
        };
        out.push(f);
    }
    if !usable && problems.is_empty() {
        let message = match misplaced.first() {
            Some(ns) => format!(
                "no signing certificate found: X509Certificate is in namespace {ns}, not XML-DSig's http://www.w3.org/2000/09/xmldsig#"
            ),
            None => "no signing certificate found (no KeyDescriptor with an X509Certificate)"
                .to_string(),
        };
        out.push(Finding::error(
            crate::finding::codes::METADATA_NO_SIGNING_CERTIFICATE,
            message,
            "Cognito verifies every SAML response with the IdP's signing certificate. Download the metadata again from the IdP (Okta: Sign On tab → Metadata URL); do not rewrite its namespaces.",
        ));
        return out;
    }
    if usable && signing.iter().all(|c| c.expired()) {
        let list = signing
            .iter()
            .map(|c| {
                format!(
                    "#{} {} expired {}",
                    c.index,
                    short_subject(c),
                    date(&c.not_after)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        out.push(Finding::error(
            crate::finding::codes::SIGNING_CERTIFICATE_EXPIRED,
            format!("every signing certificate has expired ({list})"),
            rotate_fix,
        ));
        return out;
    }
    for c in signing {
        if c.expired() {
            out.push(Finding::warning(
                crate::finding::codes::EXPIRED_ROLLOVER_CERTIFICATE,
                format!(
                    "signing certificate #{} ({}) expired {} beside a valid one",
                    c.index,
                    short_subject(c),
                    date(&c.not_after)
                ),
                "Harmless while another certificate is valid; remove the old certificate in the IdP when rotation is complete.",
            ));
        } else if c.days_left <= EXPIRY_WARNING_DAYS {
            out.push(Finding::warning(
                crate::finding::codes::SIGNING_CERTIFICATE_EXPIRING,
                format!(
                    "signing certificate #{} ({}) expires in {} days ({})",
                    c.index,
                    short_subject(c),
                    c.days_left,
                    date(&c.not_after)
                ),
                rotate_fix,
            ));
        }
    }
    out
}

enum Scheme {
    Https,
    LoopbackHttp,
    Http,
    Other(String),
    Invalid,
}

fn scheme(location: &str) -> Scheme {
    match url::Url::parse(location) {
        Ok(u) if u.scheme() == "https" && u.host().is_some() => Scheme::Https,
        Ok(u) if u.scheme() == "http" && u.host().as_ref().is_some_and(is_loopback_host) => {
            Scheme::LoopbackHttp
        }
        Ok(u) if u.scheme() == "http" => Scheme::Http,
        Ok(u) => Scheme::Other(u.scheme().to_string()),
        Err(_) => Scheme::Invalid,
    }
}

fn shown(e: &RawEndpoint) -> String {
    binding_name(&e.binding)
        .map(String::from)
        .unwrap_or_else(|| e.binding.clone())
}

fn sso(idp: &RawIdp) -> Vec<Finding> {
    let mut out = vec![];
    if idp.sso.is_empty() {
        let extra = if idp.slo.is_empty() {
            ""
        } else {
            " (SingleLogoutService alone is not enough)"
        };
        out.push(Finding::error(
            crate::finding::codes::METADATA_NO_SSO,
            format!("IDPSSODescriptor has no SingleSignOnService{extra}"),
            "The IdP must publish where users sign in. Download the complete metadata again from the IdP.",
        ));
        return out;
    }
    let mut found: Vec<String> = vec![];
    for name in idp.sso.iter().map(shown) {
        if !found.contains(&name) {
            found.push(name);
        }
    }
    let found = found.join(", ");
    if !idp.sso.iter().any(|e| e.binding == HTTP_REDIRECT) {
        if idp.sso.iter().all(|e| binding_name(&e.binding).is_none()) {
            out.push(Finding::error(
                crate::finding::codes::METADATA_NO_RECOGNISED_SSO_BINDING,
                format!("no recognised SSO binding; found: {found} (binding URIs are case-sensitive)"),
                format!("Cognito needs Binding=\"{HTTP_REDIRECT}\" exactly; download the metadata again rather than fixing it by hand."),
            ));
        } else {
            out.push(Finding::error(
                crate::finding::codes::METADATA_NO_REDIRECT_SSO,
                format!("no SingleSignOnService with the HTTP-Redirect binding (found only {found}); Cognito needs HTTP-Redirect"),
                "Cognito refuses such metadata (\"No SingleSignOn Http redirect binding location found\"). Enable the HTTP-Redirect SSO binding in the IdP and fetch the metadata again.",
            ));
        }
    }
    for e in &idp.sso {
        if e.binding != HTTP_REDIRECT && e.binding != HTTP_POST {
            continue;
        }
        let name = shown(e);
        match scheme(&e.location) {
            Scheme::Https => {}
            Scheme::LoopbackHttp => out.push(Finding::warning(
                crate::finding::codes::SSO_LOCATION_LOOPBACK_HTTP,
                format!("SingleSignOnService ({name}) Location {} is plain http on this machine", e.location),
                "Fine for a local test IdP; a real IdP must use https://.",
            )),
            Scheme::Http => out.push(Finding::error(
                crate::finding::codes::SSO_LOCATION_NOT_HTTPS,
                format!("SingleSignOnService ({name}) Location is not an https:// URL (plain http): {}", e.location),
                "Sign-in traffic must be encrypted: configure the IdP's SSO URL with https:// and fetch the metadata again.",
            )),
            Scheme::Other(s) => out.push(Finding::error(
                crate::finding::codes::SSO_LOCATION_NOT_HTTPS,
                format!("SingleSignOnService ({name}) Location is not an https:// URL ({s}:)"),
                "The metadata has been tampered with or mis-generated: download it again from the IdP.",
            )),
            Scheme::Invalid => out.push(Finding::error(
                crate::finding::codes::SSO_LOCATION_INVALID,
                format!("SingleSignOnService ({name}) Location {:?} is not a URL", e.location),
                "Download the metadata again from the IdP.",
            )),
        }
    }
    for e in &idp.slo {
        match scheme(&e.location) {
            Scheme::Https | Scheme::LoopbackHttp => {}
            Scheme::Http => out.push(Finding::warning(
                crate::finding::codes::SLO_LOCATION_HTTP,
                format!("SingleLogoutService ({}) uses plain http: {}", shown(e), e.location),
                "Configure the IdP's single logout URL with https://; only matters when IdP sign-out is on.",
            )),
            Scheme::Other(_) | Scheme::Invalid => out.push(Finding::warning(
                crate::finding::codes::SLO_LOCATION_INVALID,
                format!("SingleLogoutService ({}) Location {:?} is not an https:// URL", shown(e), e.location),
                "Do not turn on IdP sign-out with this metadata; download it again from the IdP.",
            )),
        }
    }
    out
}

fn looks_like_placeholder(id: &str) -> bool {
    let l = id.to_lowercase();
    [
        "example.com",
        "example.org",
        "example.net",
        "changeme",
        "change-me",
        "placeholder",
        "your-",
        "your_",
        "todo",
        "xxx",
        "<",
        "{",
    ]
    .iter()
    .any(|p| l.contains(p))
}

pub fn entity(
    entity_id: &str,
    valid_until: Option<&str>,
    cache_duration: Option<&str>,
    idp: &RawIdp,
    now: OffsetDateTime,
) -> Vec<Finding> {
    let mut out = sso(idp);
    let id = entity_id.trim();
    if id.is_empty() {
        out.push(Finding::error(
            crate::finding::codes::METADATA_MISSING_ENTITY_ID,
            "EntityDescriptor has an empty entityID",
            "Download the metadata again from the IdP.",
        ));
    } else if looks_like_placeholder(id) {
        out.push(Finding::warning(
            crate::finding::codes::PLACEHOLDER_ENTITY_ID,
            format!("entityID {id:?} looks like a placeholder"),
            "Check that this is the real IdP's metadata and not a template or a test file.",
        ));
    } else if !id.contains(':') {
        out.push(Finding::info(
            crate::finding::codes::ENTITY_ID_NOT_URI,
            format!("entityID {id:?} is not a URI"),
            "Cognito accepts it; SAML expects a URI, so double-check it is the IdP's entityID.",
        ));
    }
    match idp.want_authn_requests_signed.as_deref() {
        None | Some("false") | Some("0") => {}
        Some("true") | Some("1") => out.push(Finding::info(
            crate::finding::codes::IDP_WANTS_SIGNED_REQUESTS,
            "the IdP wants signed authentication requests (WantAuthnRequestsSigned=true)",
            "Set request_signing_algorithm = \"rsa-sha256\" under [provider] so Cognito signs its requests, and upload Cognito's signing certificate to the IdP.",
        )),
        Some(other) => out.push(Finding::warning(
            crate::finding::codes::INVALID_WANT_AUTHN_REQUESTS_SIGNED,
            format!("WantAuthnRequestsSigned must be xs:boolean (true/false/1/0), got {other:?}"),
            "Treat it as unknown: if sign-in fails with a request-signature error, set request_signing_algorithm = \"rsa-sha256\".",
        )),
    }
    if let Some(v) = valid_until {
        match OffsetDateTime::parse(v, &Rfc3339) {
            Ok(t) if t < now => out.push(Finding::warning(
                crate::finding::codes::METADATA_EXPIRED,
                format!("metadata expired: validUntil {v} is in the past"),
                "Fetch fresh metadata from the IdP; expired metadata may be refused by strict relying parties.",
            )),
            Ok(_) => {}
            Err(_) => out.push(Finding::warning(
                crate::finding::codes::INVALID_VALID_UNTIL,
                format!("validUntil {v:?} is not an xs:dateTime"),
                "Ignore it or fetch fresh metadata from the IdP.",
            )),
        }
    }
    if let Some(d) = cache_duration {
        let ok = XS_DURATION.is_match(d) && d.trim_start_matches('-') != "P" && !d.ends_with('T');
        if !ok {
            out.push(Finding::warning(
                crate::finding::codes::INVALID_CACHE_DURATION,
                format!("cacheDuration {d:?} is not an xs:duration"),
                "Harmless for Cognito, which re-reads a metadata URL about every 6 hours regardless.",
            ));
        }
    }
    out
}

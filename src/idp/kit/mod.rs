//! The hand-off kit: what a SaaS team sends a customer's IT admin, who has never heard of
//! Cognito. One page per tenant, in the labels of *their* IdP's console: the values to enter,
//! the NameID and attributes to send, who to assign, Cognito's signing certificate when its
//! requests are signed, and what to send back. No secret, and nothing about other tenants:
//! the page is built from one tenant's view of the setup only.
//!
//! The content is built once (`Kit`) and written twice: Markdown (`markdown.rs`) and a
//! self-contained HTML page that works offline and prints well (`html.rs`).

pub mod html;
pub mod markdown;

use crate::endpoints::{IssuerKind, Values};
use crate::setup::Setup;

/// One step in the IdP's console, with the value to enter when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub instruction: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kit {
    pub tenant: String,
    pub idp_name: &'static str,
    /// The e-mail domains whose users sign in through this IdP.
    pub domains: Vec<String>,
    pub entity_id: String,
    pub acs_url: String,
    pub steps: Vec<Step>,
    pub name_id: &'static str,
    /// `(attribute name exactly, what the IdP puts in it)`.
    pub attributes: Vec<(String, String)>,
    pub assign: Vec<String>,
    /// Cognito's signing certificate (PEM body), when the provider signs its requests or
    /// logouts; `Err(why)` when it is needed but could not be read.
    pub signing_certificate: Option<Result<String, String>>,
    pub send_back: &'static str,
}

/// The wizard's checklist says where the metadata goes next; the kit says to send it back.
fn for_the_customer(instruction: &str) -> String {
    instruction
        .replace(" (paste it on the next screen)", " (and send it to us)")
        .replace(" (paste either on the next screen)", " (and send it to us)")
        .replace(
            ": Cognito is given this file, Google has no metadata URL",
            "",
        )
}

/// Who the customer assigns to the app: the groups and people the setup names for an Okta
/// tenant, else everyone with an address at the tenant's domains.
fn assignments(view: &Setup) -> Vec<String> {
    let mut who = vec![];
    if let Some(o) = &view.okta {
        who.extend(o.assign_groups.iter().map(|g| format!("the group {g}")));
        who.extend(o.assign_users.iter().map(|u| format!("the person {u}")));
    }
    if who.is_empty() {
        who.push(match view.provider.identifiers.as_slice() {
            [] => "every person who will sign in to our application".to_string(),
            domains => format!(
                "every person who will sign in to our application (their addresses end in {})",
                domains
                    .iter()
                    .map(|d| format!("@{d}"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        });
    }
    who
}

/// Whether Cognito signs what it sends this IdP (requests, logouts), so the IdP needs its
/// certificate.
pub fn needs_signing_certificate(view: &Setup) -> bool {
    view.provider.request_signing_algorithm.is_some() || view.provider.idp_signout
}

/// The kit for the tenant `view` is (a setup as one federation sees it). `None` when the
/// setup names no domain yet: without it there is no ACS URL to hand over.
pub fn build(
    tenant: &str,
    view: &Setup,
    signing_certificate: Option<Result<String, String>>,
) -> Option<Kit> {
    let domain = view.domain()?;
    let values = Values::derive(
        &view.region,
        &view.user_pool_id,
        &domain,
        IssuerKind::default(),
        None,
        None,
    );
    let idp = super::preset(view.provider.idp);
    let steps = idp
        .checklist(view, Some(&values))
        .into_iter()
        .map(|item| Step {
            instruction: for_the_customer(&item.instruction),
            value: item.copy,
        })
        .collect();
    Some(Kit {
        tenant: tenant.to_string(),
        // "through Okta", but "through your SAML 2.0 identity provider".
        idp_name: match view.provider.idp {
            crate::setup::IdpKind::Saml => "your SAML 2.0 identity provider",
            _ => idp.name(),
        },
        domains: view.provider.identifiers.clone(),
        entity_id: values.audience_uri.clone(),
        acs_url: values.acs_url.clone(),
        steps,
        name_id: idp.name_id(),
        attributes: idp.attribute_statements(&view.provider.attribute_mapping),
        assign: assignments(view),
        signing_certificate,
        send_back: idp.send_back(),
    })
}

/// A file name made from the tenant's name: letters, digits and `-` only, so no name can
/// reach outside the folder the kit is written to.
pub fn file_stem(tenant: &str) -> String {
    let stem: String = tenant
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-').to_string();
    if stem.is_empty() {
        "tenant".into()
    } else {
        format!("{stem}-sso-kit")
    }
}

/// The certificate as a PEM block, 64 characters a line.
pub fn pem(body: &str) -> String {
    let clean: String = body
        .lines()
        .filter(|l| !l.trim_start().starts_with("-----"))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect();
    let lines: Vec<&str> = clean
        .as_bytes()
        .chunks(64)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

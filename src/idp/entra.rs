//! Microsoft Entra ID behind the seam, configured by hand in the Entra admin center's labels
//! (Enterprise applications → SAML): its Basic SAML Configuration takes the Identifier and
//! the Reply URL; its claims have URI names; its App Federation Metadata Url is the source.

use crate::endpoints::Values;
use crate::idp::{ChecklistItem, IdentityProvider, IdpKind};
use crate::setup::Setup;
use std::collections::BTreeMap;

pub struct EntraId;

/// The Entra claim that carries a pool attribute, in the source attribute's words.
fn source_attribute(pool_attribute: &str) -> String {
    match pool_attribute {
        "email" => "user.mail".into(),
        "given_name" => "user.givenname".into(),
        "family_name" => "user.surname".into(),
        "name" => "user.displayname".into(),
        "preferred_username" => "user.userprincipalname".into(),
        other => format!("user.{}", other.strip_prefix("custom:").unwrap_or(other)),
    }
}

impl IdentityProvider for EntraId {
    fn kind(&self) -> IdpKind {
        IdpKind::Entra
    }

    fn name(&self) -> &'static str {
        "Microsoft Entra ID"
    }

    fn checklist(&self, setup: &Setup, v: Option<&Values>) -> Vec<ChecklistItem> {
        let claims = self.attribute_statements(&setup.provider.attribute_mapping);
        vec![
            ChecklistItem::new(
                "Entra admin center → Enterprise applications → New application → Create your own application (Non-gallery) → Single sign-on → SAML",
                None,
            ),
            ChecklistItem::new(
                "Basic SAML Configuration → Identifier (Entity ID)",
                v.map(|v| v.audience_uri.clone()),
            ),
            ChecklistItem::new(
                "Basic SAML Configuration → Reply URL (Assertion Consumer Service URL)",
                v.map(|v| v.acs_url.clone()),
            ),
            ChecklistItem::new(
                format!(
                    "Attributes & Claims → Unique User Identifier: {}",
                    self.name_id()
                ),
                None,
            ),
            crate::idp::statements_item(
                "Attributes & Claims, each claim name exactly: ",
                &claims,
                |name, value| format!("\"{name}\" = {value}"),
            ),
            ChecklistItem::new("Users and groups → Add user/group → Assign", None),
            ChecklistItem::new(
                "SAML Certificates → App Federation Metadata Url → Copy (paste it on the next screen)",
                None,
            ),
        ]
    }

    fn attribute_statements(&self, mapping: &BTreeMap<String, String>) -> Vec<(String, String)> {
        mapping
            .iter()
            .map(|(pool_attr, claim)| (claim.clone(), source_attribute(pool_attr)))
            .collect()
    }

    fn name_id(&self) -> &'static str {
        "user.userprincipalname (or user.mail), format Persistent or Email address"
    }

    fn has_api(&self) -> bool {
        false
    }

    fn metadata_prompt(&self) -> &'static str {
        "Entra: Single sign-on → SAML Certificates → App Federation Metadata Url (or the downloaded Federation Metadata XML):"
    }

    fn send_back(&self) -> &'static str {
        "The App Federation Metadata Url: Single sign-on → SAML Certificates → App Federation Metadata Url → Copy. It stays current when the certificate changes."
    }
}

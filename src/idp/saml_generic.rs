//! Any SAML 2.0 identity provider, configured by hand: the admin enters the values the tool
//! shows under the generic labels every SAML IdP has (ACS URL, SP entity ID, NameID,
//! attribute statements), then gives its metadata by URL or file. No API.

use crate::endpoints::Values;
use crate::idp::{ChecklistItem, IdentityProvider, IdpKind};
use crate::setup::Setup;
use std::collections::BTreeMap;

pub struct GenericSaml;

/// What a SAML attribute should carry, in words any IdP's admin can map to a user field.
fn user_field(pool_attribute: &str) -> String {
    match pool_attribute.strip_prefix("custom:") {
        Some(custom) => format!("the user's {custom}"),
        None => format!("the user's {}", pool_attribute.replace('_', " ")),
    }
}

impl IdentityProvider for GenericSaml {
    fn kind(&self) -> IdpKind {
        IdpKind::Saml
    }

    fn name(&self) -> &'static str {
        "SAML 2.0 identity provider"
    }

    fn checklist(&self, setup: &Setup, v: Option<&Values>) -> Vec<ChecklistItem> {
        let statements = self.attribute_statements(&setup.provider.attribute_mapping);
        vec![
            ChecklistItem::new(
                "In your identity provider, add a SAML 2.0 application (a service provider or relying party) for this user pool",
                None,
            ),
            ChecklistItem::new(
                "Assertion Consumer Service (ACS) URL — also called Reply URL or Single sign-on URL",
                v.map(|v| v.acs_url.clone()),
            ),
            ChecklistItem::new(
                "Service provider entity ID — also called Identifier or Audience",
                v.map(|v| v.audience_uri.clone()),
            ),
            ChecklistItem::new(format!("NameID: {}", self.name_id()), None),
            crate::idp::statements_item(
                "Attributes (claims) it sends, named exactly: ",
                &statements,
                |name, value| format!("\"{name}\" = {value}"),
            ),
            ChecklistItem::new("Assign the users or groups who may sign in", None),
            ChecklistItem::new(
                "Copy the application's federation metadata URL, or download its metadata XML (paste either on the next screen)",
                None,
            ),
        ]
    }

    fn attribute_statements(&self, mapping: &BTreeMap<String, String>) -> Vec<(String, String)> {
        mapping
            .iter()
            .map(|(pool_attr, saml)| (saml.clone(), user_field(pool_attr)))
            .collect()
    }

    fn name_id(&self) -> &'static str {
        "persistent (a stable, unique id per user), or the user's e-mail address"
    }

    fn has_api(&self) -> bool {
        false
    }

    fn metadata_prompt(&self) -> &'static str {
        "The IdP's SAML metadata URL (or a downloaded metadata file):"
    }

    fn send_back(&self) -> &'static str {
        "Your IdP's metadata URL for this app; if it only offers a download, the metadata XML file (and a new one whenever its signing certificate changes)."
    }
}

//! Okta behind the identity-provider seam: its admin console's current labels, its attribute
//! expressions (`user.email` …), and its API.

use super::console::attribute_statements;
use crate::endpoints::Values;
use crate::idp::{ChecklistItem, IdentityProvider, IdpKind};
use crate::setup::Setup;
use std::collections::BTreeMap;

pub struct Okta;

impl IdentityProvider for Okta {
    fn kind(&self) -> IdpKind {
        IdpKind::Okta
    }

    fn name(&self) -> &'static str {
        "Okta"
    }

    fn checklist(&self, setup: &Setup, v: Option<&Values>) -> Vec<ChecklistItem> {
        let statements = attribute_statements(&setup.provider.attribute_mapping);
        vec![
            ChecklistItem::new(
                "Applications → Applications → Create App Integration → SAML 2.0 → Next; App name → Next",
                None,
            ),
            ChecklistItem::new(
                "Single sign-on URL (keep \"Use this for Recipient URL and Destination URL\" ticked)",
                v.map(|v| v.acs_url.clone()),
            ),
            ChecklistItem::new(
                "Audience URI (SP Entity ID)",
                v.map(|v| v.audience_uri.clone()),
            ),
            crate::idp::statements_item("Attribute Statements: ", &statements, |name, value| {
                format!("Name \"{name}\" = {value}")
            }),
            ChecklistItem::new(
                "Next → \"I'm an Okta customer adding an internal app\" → Finish",
                None,
            ),
            ChecklistItem::new(
                "Assignments → Assign → Assign to People (or Groups) → Assign → Done",
                None,
            ),
            ChecklistItem::new(
                "Sign On tab → SAML 2.0 → Metadata URL → Copy (paste it on the next screen)",
                None,
            ),
        ]
    }

    fn attribute_statements(&self, mapping: &BTreeMap<String, String>) -> Vec<(String, String)> {
        attribute_statements(mapping)
    }

    fn name_id(&self) -> &'static str {
        "Name ID format Persistent, Application username Okta username"
    }

    fn has_api(&self) -> bool {
        true
    }

    fn metadata_prompt(&self) -> &'static str {
        "Okta app → Sign On tab → SAML 2.0 → Metadata URL (or a saved file):"
    }

    fn send_back(&self) -> &'static str {
        "The app's Metadata URL: Sign On tab → SAML 2.0 → Metadata URL → Copy. It stays current when Okta's signing certificate changes, so nothing needs sending again."
    }
}

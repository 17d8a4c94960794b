//! Google Workspace behind the seam, configured by hand in the Admin console's labels (Apps →
//! Web and mobile apps → Add custom SAML app). Google offers its metadata as a download only,
//! so the provider is made from a file.

use crate::endpoints::Values;
use crate::idp::{ChecklistItem, IdentityProvider, IdpKind};
use crate::setup::Setup;
use std::collections::BTreeMap;

pub struct GoogleWorkspace;

/// The Google Directory field that carries a pool attribute.
fn directory_field(pool_attribute: &str) -> String {
    match pool_attribute {
        "email" => "Basic Information → Primary email".into(),
        "given_name" => "Basic Information → First name".into(),
        "family_name" => "Basic Information → Last name".into(),
        other => format!(
            "the Directory attribute for {}",
            other.strip_prefix("custom:").unwrap_or(other)
        ),
    }
}

impl IdentityProvider for GoogleWorkspace {
    fn kind(&self) -> IdpKind {
        IdpKind::Google
    }

    fn name(&self) -> &'static str {
        "Google Workspace"
    }

    fn checklist(&self, setup: &Setup, v: Option<&Values>) -> Vec<ChecklistItem> {
        let attributes = self.attribute_statements(&setup.provider.attribute_mapping);
        vec![
            ChecklistItem::new(
                "Admin console → Apps → Web and mobile apps → Add app → Add custom SAML app; App name → Continue",
                None,
            ),
            ChecklistItem::new(
                "Google Identity Provider details → Download metadata (IdP metadata XML): Cognito is given this file, Google has no metadata URL → Continue",
                None,
            ),
            ChecklistItem::new(
                "Service provider details → ACS URL",
                v.map(|v| v.acs_url.clone()),
            ),
            ChecklistItem::new(
                "Service provider details → Entity ID",
                v.map(|v| v.audience_uri.clone()),
            ),
            ChecklistItem::new(
                format!("Service provider details → {}", self.name_id()),
                None,
            ),
            crate::idp::statements_item("Attribute mapping: ", &attributes, |name, field| {
                format!("{field} → App attribute \"{name}\"")
            }),
            ChecklistItem::new(
                "User access → ON for everyone, or for the organisational units and groups who may sign in",
                None,
            ),
        ]
    }

    fn attribute_statements(&self, mapping: &BTreeMap<String, String>) -> Vec<(String, String)> {
        mapping
            .iter()
            .map(|(pool_attr, name)| (name.clone(), directory_field(pool_attr)))
            .collect()
    }

    fn name_id(&self) -> &'static str {
        "Name ID format EMAIL, Name ID Basic Information → Primary email"
    }

    fn has_api(&self) -> bool {
        false
    }

    fn metadata_prompt(&self) -> &'static str {
        "Google: the IdP metadata XML you downloaded (a file path; Google has no metadata URL):"
    }

    fn send_back(&self) -> &'static str {
        "The IdP metadata XML file from Google Identity Provider details → Download metadata: Google Workspace has no metadata URL, so send the file, and a new one whenever its certificate is renewed."
    }
}

//! Identity providers behind one seam. What differs per IdP is behind `IdentityProvider`: the
//! console steps in its own labels (with the value to paste for each), the attribute names it
//! sends, the NameID it should use, whether an API can do the steps, and where its metadata
//! is found. Okta is one implementation (`okta/`, with its API and the doctor's look at the
//! Okta app); any SAML 2.0 IdP configured by hand is another (`saml_generic`). Everything else
//! (the Cognito side, the metadata checks, the sign-in) is shared.
//!
//! The IaC for an IdP (`iac/okta*.rs`) sits in the layer above, beside the other renderers it
//! shares a writer with.

pub mod entra;
pub mod google;
pub mod kit;
pub mod okta;
pub mod saml_generic;

pub use crate::setup::IdpKind;

use crate::endpoints::Values;
use crate::setup::Setup;
use std::collections::BTreeMap;

/// One step of the IdP console checklist: what to do, in the console's labels, and the value
/// to paste (copied with one key in the wizard).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub instruction: String,
    pub copy: Option<String>,
}

impl ChecklistItem {
    pub(crate) fn new(instruction: impl Into<String>, copy: Option<String>) -> Self {
        ChecklistItem {
            instruction: instruction.into(),
            copy,
        }
    }
}

/// The checklist step that names the attributes the IdP sends: `label`, then each statement
/// as `show` writes it ("none mapped" without any), with the first attribute's name to copy.
pub(crate) fn statements_item(
    label: &str,
    statements: &[(String, String)],
    show: impl Fn(&str, &str) -> String,
) -> ChecklistItem {
    let text = statements
        .iter()
        .map(|(name, value)| show(name, value))
        .collect::<Vec<_>>()
        .join("; ");
    ChecklistItem::new(
        format!(
            "{label}{}",
            if text.is_empty() {
                "none mapped"
            } else {
                &text
            }
        ),
        statements.first().map(|(n, _)| n.clone()),
    )
}

pub trait IdentityProvider: Sync {
    fn kind(&self) -> IdpKind;
    /// How the admin calls it: "Okta", "SAML 2.0 identity provider".
    fn name(&self) -> &'static str;
    /// The console steps that make the SAML app, in the IdP's own labels. `values` is `None`
    /// until the pool has a domain (no ACS URL yet).
    fn checklist(&self, setup: &Setup, values: Option<&Values>) -> Vec<ChecklistItem>;
    /// `(attribute name, what the IdP puts in it)` per mapping entry: the name must equal the
    /// SAML attribute in Cognito's mapping character for character.
    fn attribute_statements(&self, mapping: &BTreeMap<String, String>) -> Vec<(String, String)>;
    /// The NameID the IdP should send, in its console's words.
    fn name_id(&self) -> &'static str;
    /// Whether the tool can make the app through the IdP's API (else: by hand, from the
    /// checklist).
    fn has_api(&self) -> bool;
    /// Where the admin finds the metadata, in the IdP's console.
    fn metadata_prompt(&self) -> &'static str;
    /// What the customer's IT admin sends back once the app exists, in the console's words
    /// (the hand-off kit's last section).
    fn send_back(&self) -> &'static str;
}

/// The implementation for `kind`.
pub fn preset(kind: IdpKind) -> &'static dyn IdentityProvider {
    match kind {
        IdpKind::Okta => &okta::preset::Okta,
        IdpKind::Entra => &entra::EntraId,
        IdpKind::Google => &google::GoogleWorkspace,
        IdpKind::Saml => &saml_generic::GenericSaml,
    }
}

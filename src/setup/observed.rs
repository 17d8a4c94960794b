//! What `export` saw of the pool and the client beside the setup they reproduce: the parts a
//! setup file does not choose (the pool's schema and feature plan, the client's providers,
//! flows and attribute permissions as they were, mistakes included). `rehearse --from` builds
//! a local pool exactly like it, so `doctor` there finds what it found at the customer;
//! `plan`, `apply` and the wizard ignore it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_name: Option<String>,
    /// `LITE`, `ESSENTIALS` or `PLUS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_plan: Option<String>,
    /// The pool's token issuer, `ORIGINAL` or `UPDATED` (the new issuer host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The attributes a rehearsal must make as they were: every custom one, and the standard
    /// ones that are required or immutable (the rest are every pool's defaults).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schema: Vec<ObservedAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ObservedClient>,
    /// For a provider made from a metadata file: the SHA-256 fingerprints of the signing
    /// certificates the IdP published when the export was made (read from its public
    /// metadata). None of them in the file: the IdP rotated and the file did not follow, which
    /// a rehearsal of the export reproduces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub idp_signing_certificates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedAttribute {
    pub name: String,
    pub mutable: bool,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedClient {
    #[serde(default)]
    pub identity_providers: Vec<String>,
    #[serde(default)]
    pub oauth_flows: Vec<String>,
    #[serde(default)]
    pub oauth_flows_enabled: bool,
    /// Unset: every attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_attributes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_attributes: Option<Vec<String>>,
    #[serde(default)]
    pub has_secret: bool,
}

/// Standard attributes every pool has mutable and optional; only other ones are recorded.
pub fn worth_recording(name: &str, mutable: bool, required: bool) -> bool {
    name != "sub" && (name.starts_with("custom:") || !mutable || required)
}

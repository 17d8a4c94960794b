//! The SAML provider's ProviderDetails as the setup wants them, and the comparison with what
//! Cognito holds (without the keys Cognito adds itself, which must never be sent back).

use crate::setup::Setup;
use std::collections::BTreeMap;

/// Keys Cognito adds to a SAML provider's details; sending them back is refused.
pub const COGNITO_ADDED_KEYS: [&str; 3] = [
    "ActiveEncryptionCertificate",
    "SSORedirectBindingURI",
    "SLORedirectBindingURI",
];
const BOOLEAN_KEYS: [&str; 3] = ["IDPSignout", "IDPInit", "EncryptedResponses"];

fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.to_string()
}

/// `metadata_file` is the content of the setup's metadata file, when it uses one.
pub fn desired(setup: &Setup, metadata_file: Option<&str>) -> BTreeMap<String, String> {
    let p = &setup.provider;
    let mut d = BTreeMap::new();
    match (&p.metadata_url, metadata_file) {
        (Some(url), _) => {
            d.insert("MetadataURL".to_string(), url.clone());
        }
        (None, Some(content)) => {
            d.insert("MetadataFile".to_string(), content.to_string());
        }
        (None, None) => {}
    }
    d.insert("IDPSignout".to_string(), flag(p.idp_signout));
    d.insert("IDPInit".to_string(), flag(p.idp_init));
    d.insert(
        "EncryptedResponses".to_string(),
        flag(p.encrypted_responses),
    );
    if let Some(alg) = &p.request_signing_algorithm {
        d.insert("RequestSigningAlgorithm".to_string(), alg.clone());
    }
    d
}

/// What Cognito holds, in the same shape as `desired`: generated keys removed, absent
/// booleans read as the `false` Cognito assumes.
pub fn normalized(existing: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut d: BTreeMap<String, String> = existing
        .iter()
        .filter(|(k, _)| !COGNITO_ADDED_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for k in BOOLEAN_KEYS {
        let v = d
            .get(k)
            .map(|v| v.eq_ignore_ascii_case("true"))
            .unwrap_or(false);
        d.insert(k.to_string(), flag(v));
    }
    d
}

/// The mapping to send: what the provider maps today, with the setup's entries set.
pub fn merged_mapping(
    existing: &BTreeMap<String, String>,
    setup: &Setup,
) -> BTreeMap<String, String> {
    let mut m = existing.clone();
    for (k, v) in &setup.provider.attribute_mapping {
        m.insert(k.clone(), v.clone());
    }
    m
}

pub fn merged_identifiers(existing: &[String], setup: &Setup) -> Vec<String> {
    let mut ids = existing.to_vec();
    for i in &setup.provider.identifiers {
        if !ids.contains(i) {
            ids.push(i.clone());
        }
    }
    ids
}

//! The constraints of AWS's published Cognito model (botocore's `cognito-idp`
//! `service-2.json`) on what the plan will send, checked before any write. Real Cognito
//! refuses a value outside them with a validation error; moto does not, and a refusal in the
//! middle of an apply leaves half a federation. Each limit names its shape in the model.

use super::client_settings::ClientSettings;
use crate::finding::Finding;
use std::collections::BTreeMap;

/// `StringType` (every `ProviderDetails` value, so a whole `MetadataFile`): at most 131,072.
pub const PROVIDER_DETAIL_MAX: usize = 131_072;
/// `AttributeMappingKeyType`: the pool attribute's name, 1 to 32 characters.
pub const MAPPING_KEY_MAX: usize = 32;
/// `CallbackURLsListType`, `LogoutURLsListType`: at most 100 URLs.
pub const URL_LIST_MAX: usize = 100;
/// `RedirectUrlType`: 1 to 1,024 characters.
pub const URL_MAX: usize = 1024;
/// `ScopeListType`: at most 50 scopes.
pub const SCOPE_LIST_MAX: usize = 50;
/// `ClientNameType`: 1 to 128 characters of `[\w\s+=,.@-]`.
pub const CLIENT_NAME_MAX: usize = 128;

/// Java and AWS count UTF-16 code units.
fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

pub fn provider_details(details: &BTreeMap<String, String>) -> Vec<Finding> {
    details
        .iter()
        .filter(|(_, v)| units(v) > PROVIDER_DETAIL_MAX)
        .map(|(k, v)| {
            let fix = if k == "MetadataFile" {
                "Use provider.metadata_url instead (Cognito fetches it, and re-reads it when the certificate rotates), or remove what is not this IdP from the file (a federation aggregate holds many entities: keep the one EntityDescriptor)."
            } else {
                "Shorten the value."
            };
            Finding::error(
                crate::finding::codes::PROVIDER_DETAIL_TOO_LONG,
                format!(
                    "ProviderDetails.{k} would be {} characters; Cognito accepts at most {PROVIDER_DETAIL_MAX}",
                    units(v)
                ),
                fix,
            )
        })
        .collect()
}

pub fn attribute_mapping(mapping: &BTreeMap<String, String>) -> Vec<Finding> {
    let mut out = vec![];
    for (key, value) in mapping {
        if units(key) > MAPPING_KEY_MAX {
            out.push(Finding::error(
                crate::finding::codes::MAPPING_KEY_TOO_LONG,
                format!(
                    "provider.attribute_mapping.{key} is {} characters; Cognito's attribute names have at most {MAPPING_KEY_MAX}",
                    units(key)
                ),
                "Use the pool attribute's name as the pool shows it (custom:name, at most 32 characters).",
            ));
        }
        if units(value) > PROVIDER_DETAIL_MAX {
            out.push(Finding::error(
                crate::finding::codes::MAPPING_VALUE_TOO_LONG,
                format!(
                    "provider.attribute_mapping.{key} is {} characters long; Cognito accepts at most {PROVIDER_DETAIL_MAX}",
                    units(value)
                ),
                "Write the SAML attribute's Name as Okta sends it.",
            ));
        }
    }
    out
}

fn client_name_ok(name: &str) -> bool {
    let n = units(name);
    (1..=CLIENT_NAME_MAX).contains(&n)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c))
}

pub fn client_name(name: &str) -> Vec<Finding> {
    if client_name_ok(name) {
        return vec![];
    }
    vec![Finding::error(
        crate::finding::codes::INVALID_CLIENT_NAME,
        format!(
            "app_client.name = {name:?} is not a name Cognito accepts (1 to {CLIENT_NAME_MAX} letters, digits, spaces and + = , . @ - _)"
        ),
        "Choose a name such as \"okta-web\".",
    )]
}

/// The client as it will be sent: the customer's entries plus ours.
pub fn client(settings: &ClientSettings) -> Vec<Finding> {
    let mut out = vec![];
    for (field, urls) in [
        ("CallbackURLs", &settings.callback_urls),
        ("LogoutURLs", &settings.logout_urls),
    ] {
        if urls.len() > URL_LIST_MAX {
            out.push(Finding::error(
                crate::finding::codes::CLIENT_URL_LIST_TOO_LONG,
                format!(
                    "the app client would have {} {field} (the client's own and the setup's); Cognito allows at most {URL_LIST_MAX}",
                    urls.len()
                ),
                "Remove URLs the applications no longer use, from the client (Cognito console) or from the setup file.",
            ));
        }
        for u in urls.iter().filter(|u| units(u) > URL_MAX || u.is_empty()) {
            out.push(Finding::error(
                crate::finding::codes::CLIENT_URL_LENGTH,
                format!(
                    "{field} entry of {} characters; Cognito accepts 1 to {URL_MAX}",
                    units(u)
                ),
                "Shorten or remove it.",
            ));
        }
    }
    if settings.allowed_o_auth_scopes.len() > SCOPE_LIST_MAX {
        out.push(Finding::error(
            crate::finding::codes::CLIENT_SCOPE_LIST_TOO_LONG,
            format!(
                "the app client would have {} OAuth scopes; Cognito allows at most {SCOPE_LIST_MAX}",
                settings.allowed_o_auth_scopes.len()
            ),
            "Keep the scopes the applications request.",
        ));
    }
    out
}

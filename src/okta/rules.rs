//! Validation of the setup file's `[okta]` section, one rule per field, each naming the field.

use super::app::NAME_ID_FORMATS;
use super::credentials::org_url;
use crate::finding::Finding;
use crate::setup::Setup;

pub fn section(s: &Setup) -> Vec<Finding> {
    let Some(o) = &s.okta else { return vec![] };
    let mut out = Vec::new();
    if let Some(u) = &o.org_url
        && let Err(why) = org_url(u)
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_ORG_URL_INVALID,
            format!("okta.org_url = \"{u}\" {why}"),
            "Use the org's address as the browser shows it on the sign-in page, e.g. https://acme.okta.com.",
        ));
    }
    if let Some(l) = &o.app_label
        && l.trim().is_empty()
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_APP_LABEL_EMPTY,
            "okta.app_label is empty",
            "Give the app a name admins will recognise, or remove the key to use \"Amazon Cognito <user pool id>\".",
        ));
    }
    if let Some(id) = &o.app_id
        && (id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_APP_ID_INVALID,
            format!("okta.app_id = \"{id}\" is not an Okta app id"),
            "Okta app ids are letters and digits (e.g. 0oa1b2c3d4e5f6g7h8i9); copy it from the app's address in the admin console, or remove the key to find the app by its label.",
        ));
    }
    if let Some(f) = &o.name_id_format
        && !NAME_ID_FORMATS.iter().any(|(k, _)| k == f)
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_NAME_ID_FORMAT_INVALID,
            format!("okta.name_id_format = \"{f}\" is not a format this tool sets"),
            "Use \"persistent\" (AWS's advice), \"email\" or \"unspecified\".",
        ));
    }
    for (field, names) in [
        ("okta.assign_groups", &o.assign_groups),
        ("okta.assign_users", &o.assign_users),
    ] {
        if names.iter().any(|n| n.trim().is_empty()) {
            out.push(Finding::error(
                crate::finding::codes::OKTA_ASSIGNEE_EMPTY,
                format!("{field} has an empty name"),
                "Remove the empty entry; groups are named as in Directory → Groups, people by their Okta username.",
            ));
        }
    }
    for (saml, value) in &o.attribute_values {
        if !s.provider.attribute_mapping.values().any(|m| m == saml) {
            out.push(Finding::warning(
                crate::finding::codes::OKTA_ATTRIBUTE_VALUE_UNMAPPED,
                format!(
                    "okta.attribute_values has \"{saml}\", but provider.attribute_mapping maps no SAML attribute of that name"
                ),
                "Use the SAML attribute name exactly as in provider.attribute_mapping, or map it there too.",
            ));
        }
        if value.trim().is_empty() {
            out.push(Finding::error(
                crate::finding::codes::OKTA_ATTRIBUTE_VALUE_EMPTY,
                format!("okta.attribute_values.\"{saml}\" is empty"),
                "Give the Okta expression for it, e.g. user.email, or remove the key to use the default.",
            ));
        }
    }
    out
}

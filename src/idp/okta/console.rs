//! What the admin types into the Okta admin console (its current labels), derived from the
//! setup: attribute statements that match the Cognito mapping.

use std::collections::BTreeMap;

/// The Okta expression that carries a user pool attribute's value (`user.email` …).
pub fn okta_expression(pool_attribute: &str) -> String {
    match pool_attribute {
        "email" => "user.email".into(),
        "given_name" => "user.firstName".into(),
        "family_name" => "user.lastName".into(),
        "middle_name" => "user.middleName".into(),
        "name" => "user.displayName".into(),
        "nickname" => "user.nickName".into(),
        "preferred_username" => "user.login".into(),
        "phone_number" => "user.mobilePhone".into(),
        "locale" => "user.locale".into(),
        "zoneinfo" => "user.timezone".into(),
        "profile" => "user.profileUrl".into(),
        "address" => "user.streetAddress".into(),
        other => match other.strip_prefix("custom:") {
            Some(name) => format!("user.{name}"),
            None => format!("user.{other}"),
        },
    }
}

/// (Name, Value) rows for Okta's "Attribute Statements": the Name must equal the SAML
/// attribute in Cognito's mapping character for character.
pub fn attribute_statements(mapping: &BTreeMap<String, String>) -> Vec<(String, String)> {
    mapping
        .iter()
        .map(|(pool_attr, saml)| (saml.clone(), okta_expression(pool_attr)))
        .collect()
}

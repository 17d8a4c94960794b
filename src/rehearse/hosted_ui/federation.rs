//! What Cognito does with a SAML response before it issues a code, as pure rules: the
//! response must be for this pool (Audience) at this pool's ACS (Destination) from the
//! provider's IdP (Issuer); the provider's `AttributeMapping` turns SAML attributes into pool
//! attributes, each of which must exist in the pool's schema; the pool's required attributes
//! must arrive; and a later sign-in may not change an immutable attribute. Each refusal is the
//! text Cognito puts in `error_description`, so `explain` reads a rehearsal's failure as it
//! reads a real one.

use crate::cognito::state::{PoolState, ProviderState};
use std::collections::BTreeMap;

/// The rehearsal's assertion, as the local Okta org posts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assertion {
    pub issuer: String,
    pub audience: String,
    pub destination: String,
    pub name_id: String,
    pub attributes: BTreeMap<String, String>,
}

/// Where the response must have been meant for.
pub struct Expected<'a> {
    pub audience: &'a str,
    pub acs: &'a str,
    /// The provider's IdP entity id, from its metadata.
    pub idp_entity_id: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Federated {
    /// `<provider>_<NameID>`, as Cognito names a federated user.
    pub username: String,
    pub attributes: BTreeMap<String, String>,
}

/// Cognito's longest user name.
const USERNAME_MAX: usize = 128;

pub fn federate(
    pool: &PoolState,
    provider: &ProviderState,
    expected: &Expected,
    assertion: &Assertion,
    existing: Option<&BTreeMap<String, String>>,
) -> Result<Federated, String> {
    if let Some(id) = expected.idp_entity_id
        && assertion.issuer != id
    {
        return Err(format!(
            "Invalid SAML response received: Issuer {} is not the provider's IdP {id}",
            assertion.issuer
        ));
    }
    if assertion.audience != expected.audience {
        return Err(format!(
            "Invalid SAML response received: Audience restriction does not include {} (the response is for {:?})",
            expected.audience, assertion.audience
        ));
    }
    if assertion.destination != expected.acs {
        return Err(format!(
            "Invalid SAML response received: Destination {:?} is not {}",
            assertion.destination, expected.acs
        ));
    }
    if assertion.name_id.is_empty() {
        return Err("Invalid SAML response received: the assertion has no NameID".into());
    }
    let username = format!("{}_{}", provider.name, assertion.name_id);
    if username.chars().count() > USERNAME_MAX {
        return Err(format!(
            "1 validation error detected: Value '{username}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to {USERNAME_MAX}"
        ));
    }
    let mut sent = BTreeMap::new();
    for (attribute, saml_name) in &provider.attribute_mapping {
        if attribute == "username" {
            return Err("username: Attribute does not exist in the schema.".into());
        }
        if pool.attribute(attribute).is_none() {
            return Err(if attribute.starts_with("custom:") {
                format!("Type for attribute {{{attribute}}} could not be determined")
            } else {
                format!("{attribute}: Attribute does not exist in the schema.")
            });
        }
        if let Some(value) = assertion.attributes.get(saml_name) {
            sent.insert(attribute.clone(), value.clone());
        }
    }
    let mut attributes = existing.cloned().unwrap_or_default();
    // A first sign-in creates the user with the mapped values; a returning one updates them.
    for (attribute, value) in sent.iter().filter(|_| existing.is_some()) {
        // AWS: "Amazon Cognito updates each mapped attribute, even if its current value
        // already matches the latest information. If Amazon Cognito can't update the
        // attribute, it throws an error."
        // (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html)
        // So a returning user fails on an immutable mapped attribute even with the same value,
        // as the field reports say (aws-samples/pcluster-manager PR 250,
        // aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws
        // issue 835): the second sign-in, not the first, is the one that breaks.
        if pool.attribute(attribute).is_some_and(|a| !a.mutable) {
            return Err(format!(
                "Invalid user attributes: {attribute}: Attribute cannot be updated."
            ));
        }
        if value.is_empty() && pool.attribute(attribute).is_some_and(|a| a.required) {
            return Err("Invalid user attributes: Required attribute cannot be deleted.".into());
        }
    }
    attributes.extend(sent);
    // `sub` is required in every pool and Cognito makes it itself.
    for required in pool.schema.iter().filter(|a| a.required && a.name != "sub") {
        if attributes.get(&required.name).is_none_or(|v| v.is_empty()) {
            return Err(format!(
                "Invalid user attributes: {}: The attribute is required",
                required.name
            ));
        }
    }
    Ok(Federated {
        username,
        attributes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cognito::state::SchemaAttribute;

    fn pool() -> PoolState {
        let attr = |name: &str, mutable, required| SchemaAttribute {
            name: name.into(),
            mutable,
            required,
        };
        PoolState {
            id: "us-east-1_P".into(),
            schema: vec![
                attr("sub", false, true),
                attr("email", false, true),
                attr("name", true, false),
                attr("custom:team", true, false),
            ],
            ..PoolState::default()
        }
    }

    fn provider(mapping: &[(&str, &str)]) -> ProviderState {
        ProviderState {
            name: "Okta".into(),
            attribute_mapping: mapping
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            ..ProviderState::default()
        }
    }

    const EXPECTED: Expected = Expected {
        audience: "urn:amazon:cognito:sp:us-east-1_P",
        acs: "http://127.0.0.1:1/saml2/idpresponse",
        idp_entity_id: Some("http://www.okta.com/exk1"),
    };

    fn assertion(email: &str) -> Assertion {
        Assertion {
            issuer: "http://www.okta.com/exk1".into(),
            audience: EXPECTED.audience.into(),
            destination: EXPECTED.acs.into(),
            name_id: "ada@example.test".into(),
            attributes: [("email".to_string(), email.to_string())].into(),
        }
    }

    #[test]
    fn a_first_sign_in_maps_and_names_the_user() {
        let f = federate(
            &pool(),
            &provider(&[("email", "email")]),
            &EXPECTED,
            &assertion("ada@example.test"),
            None,
        )
        .unwrap();
        assert_eq!(f.username, "Okta_ada@example.test");
        assert_eq!(f.attributes["email"], "ada@example.test");
    }

    #[test]
    fn a_returning_user_fails_on_an_immutable_mapped_attribute_even_unchanged() {
        let p = provider(&[("email", "email")]);
        let first = federate(&pool(), &p, &EXPECTED, &assertion("a@x.test"), None).unwrap();
        let same = federate(
            &pool(),
            &p,
            &EXPECTED,
            &assertion("a@x.test"),
            Some(&first.attributes),
        );
        assert_eq!(
            same.unwrap_err(),
            "Invalid user attributes: email: Attribute cannot be updated.",
            "Cognito writes every mapped attribute at each sign-in, the same value too"
        );
        let changed = federate(
            &pool(),
            &p,
            &EXPECTED,
            &assertion("b@x.test"),
            Some(&first.attributes),
        );
        assert_eq!(
            changed.unwrap_err(),
            "Invalid user attributes: email: Attribute cannot be updated."
        );
    }

    #[test]
    fn a_required_attribute_that_is_not_mapped_is_refused() {
        let e = federate(
            &pool(),
            &provider(&[("name", "name")]),
            &EXPECTED,
            &assertion("a@x"),
            None,
        );
        assert_eq!(
            e.unwrap_err(),
            "Invalid user attributes: email: The attribute is required"
        );
    }

    #[test]
    fn mappings_outside_the_schema_are_refused_as_cognito_words_them() {
        let custom = provider(&[("email", "email"), ("custom:dept", "dept")]);
        assert_eq!(
            federate(&pool(), &custom, &EXPECTED, &assertion("a@x"), None).unwrap_err(),
            "Type for attribute {custom:dept} could not be determined"
        );
        let username = provider(&[("username", "email")]);
        assert!(
            federate(&pool(), &username, &EXPECTED, &assertion("a@x"), None)
                .unwrap_err()
                .contains("does not exist in the schema")
        );
    }

    #[test]
    fn a_response_for_another_pool_or_acs_is_refused() {
        let p = provider(&[("email", "email")]);
        let mut other = assertion("a@x");
        other.audience = "urn:amazon:cognito:sp:us-east-1_Other".into();
        assert!(
            federate(&pool(), &p, &EXPECTED, &other, None)
                .unwrap_err()
                .contains("Audience")
        );
        let mut elsewhere = assertion("a@x");
        elsewhere.destination = "https://elsewhere/saml2/idpresponse".into();
        assert!(
            federate(&pool(), &p, &EXPECTED, &elsewhere, None)
                .unwrap_err()
                .contains("Destination")
        );
    }
}

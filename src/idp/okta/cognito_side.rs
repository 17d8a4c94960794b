//! What the Okta app needs from Cognito for the provider's three options, and the
//! `settings.signOn` members it becomes. Pure: the certificates are read elsewhere.
//!
//! - IdP sign-out (`provider.idp_signout`): Single Logout to `https://<domain>/saml2/logout`,
//!   issued by the Audience URI, and the pool's signing certificate so Okta accepts Cognito's
//!   signed logout requests.
//! - Encrypted assertions (`provider.encrypted_responses`): the provider's encryption
//!   certificate, AES-256-GCM with RSA-OAEP key transport.
//! - IdP-initiated sign-in (`provider.idp_init`): the Default RelayState Cognito reads an
//!   unsolicited response with.

use crate::endpoints::Values;
use crate::finding::Finding;
use crate::setup::Setup;
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CognitoSide {
    /// The pool's signing certificate (base64 DER), from `GetSigningCertificate`.
    pub signing_certificate: Option<String>,
    /// The provider's `ActiveEncryptionCertificate`, once the provider exists.
    pub encryption_certificate: Option<String>,
    /// The app client and callback an IdP-initiated sign-in lands on.
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    /// What could not be read, said once by whoever shows the plan.
    pub notes: Vec<Finding>,
}

/// The encryption Okta applies; Cognito decrypts assertions encrypted as SAML 2.0 defines
/// (XML Encryption), and these are the strongest of what Okta offers.
pub const ENCRYPTION_ALGORITHM: &str = "AES256_GCM";
pub const KEY_TRANSPORT_ALGORITHM: &str = "RSA_OAEP";

/// The RelayState Cognito needs on an IdP-initiated response: which provider, which app
/// client, where to send the code, and which scopes.
pub fn relay_state(
    provider: &str,
    client_id: &str,
    redirect_uri: &str,
    scopes: &[String],
) -> String {
    let scope = if scopes.is_empty() {
        "openid".to_string()
    } else {
        scopes.join(" ")
    };
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("identity_provider", provider)
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", &scope)
        .finish()
}

/// The `settings.signOn` members the options ask for, and what is missing for them.
pub fn sign_on_members(
    setup: &Setup,
    values: &Values,
    side: &CognitoSide,
) -> (Map<String, Value>, Vec<Finding>) {
    let p = &setup.provider;
    let mut out = Map::new();
    let mut missing = vec![];
    let needs_signing = p.idp_signout || p.request_signing_algorithm.is_some();
    if needs_signing {
        match &side.signing_certificate {
            Some(cert) => {
                out.insert("spCertificate".into(), json!({"x5c": [cert]}));
            }
            None => missing.push(Finding::warning(
                crate::finding::codes::OKTA_SIGNING_CERTIFICATE_UNKNOWN,
                "the pool's signing certificate could not be read, so the Okta app does not get it",
                "Give AWS credentials that allow cognito-idp:GetSigningCertificate and run okta-app again.",
            )),
        }
    }
    if p.idp_signout {
        if side.signing_certificate.is_some() {
            out.insert(
                "slo".into(),
                json!({"enabled": true, "issuer": values.audience_uri, "logoutUrl": values.saml_logout_url}),
            );
        }
        // Okta names the SP in its logout responses by this issuer.
        out.insert("spIssuer".into(), json!(values.audience_uri));
    }
    if p.encrypted_responses {
        match &side.encryption_certificate {
            Some(cert) => {
                out.insert(
                    "assertionEncryption".into(),
                    json!({
                        "enabled": true,
                        "x5c": [cert],
                        "encryptionAlgorithm": ENCRYPTION_ALGORITHM,
                        "keyTransportAlgorithm": KEY_TRANSPORT_ALGORITHM,
                    }),
                );
            }
            None => missing.push(Finding::warning(
                crate::finding::codes::OKTA_ENCRYPTION_CERTIFICATE_PENDING,
                "provider.encrypted_responses is on, but Cognito makes the provider's encryption certificate only when the provider exists",
                "Run apply (it creates the provider), then okta-app again: Okta then encrypts with Cognito's key. Until both are done, sign-in fails.",
            )),
        }
    }
    if p.idp_init {
        match (&side.client_id, &side.redirect_uri) {
            (Some(client), Some(redirect)) => {
                out.insert(
                    "defaultRelayState".into(),
                    json!(relay_state(&p.name, client, redirect, &setup.app_client.scopes)),
                );
            }
            _ => missing.push(Finding::warning(
                crate::finding::codes::OKTA_RELAY_STATE_PENDING,
                "provider.idp_init is on, but the app client's id is not known yet, so the Okta tile has no Default RelayState",
                "Run apply (it creates the client), then okta-app again.",
            )),
        }
    }
    if p.request_signing_algorithm.is_some() {
        // Okta's API has no member for "Signed Requests"; the certificate above is the one the
        // console's checkbox validates with.
        missing.push(Finding::info(
            crate::finding::codes::OKTA_SIGNED_REQUESTS_CONSOLE,
            "provider.request_signing_algorithm is set: Okta must be told to check the signature of Cognito's requests, which its API cannot do",
            "In the Okta app: General → SAML Settings → Edit → Next → Show Advanced Settings → Signed Requests: tick \"Validate SAML requests with signature certificates\" (the Signature Certificate is the pool's signing certificate, which okta-app uploads) → Next → Finish.",
        ));
    }
    (out, missing)
}

/// What an update does with assertion encryption the setup does not want: Cognito without
/// `EncryptedResponses` cannot read an encrypted assertion, so it is turned off.
pub fn unwanted_encryption(setup: &Setup, current: Option<&Value>) -> Option<Value> {
    if setup.provider.encrypted_responses {
        return None;
    }
    let current = current?;
    if current.get("enabled") != Some(&Value::Bool(true)) {
        return None;
    }
    let mut off = current.clone();
    off["enabled"] = Value::Bool(false);
    Some(off)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relay_state_names_provider_client_callback_and_scopes() {
        assert_eq!(
            relay_state(
                "Okta",
                "abc",
                "https://app.example.com/cb?x=1",
                &["openid".into(), "email".into()]
            ),
            "identity_provider=Okta&client_id=abc&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1&response_type=code&scope=openid+email"
        );
    }
}

//! The doctor's look at Cognito's certificates in the Okta app: the pool's signing
//! certificate (IdP sign-out, signed requests) and the provider's encryption certificate
//! (encrypted assertions). Cognito makes new ones once a year with the same key, so an
//! older copy in Okta keeps working until it expires, and AWS advises refreshing it yearly;
//! a certificate with another key does not work at all. Pure.

use crate::cognito::certificates::{describe, public_key};
use crate::cognito::state::ProviderState;
use crate::finding::Finding;
use serde_json::Value;

const REFRESH: &str = "Run `okta-cognito okta-app --config FILE`: it uploads Cognito's current certificate (or, in the Okta console: app → General → SAML Settings → Edit → Next → Show Advanced Settings).";

fn held(sign_on: &Value, pointer: &str) -> Option<String> {
    sign_on
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(crate::cognito::certificates::compact)
        .filter(|c| !c.is_empty())
}

fn label(b64: &str, encryption: bool) -> String {
    match describe(b64, encryption) {
        Some(i) => format!("SHA-256 {}, valid until {}", i.sha256, i.not_after),
        None => "not a readable certificate".into(),
    }
}

/// One certificate Okta should hold: missing, another key (broken), or an older one (stale).
fn compare(
    app: &str,
    what: &str,
    code: crate::finding::Code,
    held: Option<String>,
    current: &str,
    encryption: bool,
    missing: Finding,
) -> Option<Finding> {
    let Some(held) = held else {
        return Some(missing);
    };
    if held == crate::cognito::certificates::compact(current) {
        return None;
    }
    let same_key = public_key(&held).is_some() && public_key(&held) == public_key(current);
    let message = format!(
        "{app} holds {} {what} ({}); Cognito's current one is {}",
        if same_key { "an older" } else { "another" },
        label(&held, encryption),
        label(current, encryption)
    );
    Some(if same_key {
        Finding::warning(
            code,
            format!(
                "{message}. It has the same key, so it works until it expires; AWS advises refreshing it yearly"
            ),
            REFRESH,
        )
    } else {
        Finding::error(
            code,
            format!("{message}, with another key: Okta cannot use it for this pool"),
            REFRESH,
        )
    })
}

pub fn checks(
    app_name: &str,
    sign_on: &Value,
    provider: &ProviderState,
    signing_certificate: Option<&str>,
) -> Vec<Finding> {
    let flag = |k: &str| {
        provider
            .details
            .get(k)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    };
    let mut out = vec![];
    let signs = flag("IDPSignout") || provider.details.contains_key("RequestSigningAlgorithm");
    if let (true, Some(current)) = (signs, signing_certificate) {
        out.extend(compare(
            app_name,
            "signing certificate of the pool",
            crate::finding::codes::OKTA_SIGNING_CERTIFICATE_STALE,
            held(sign_on, "/spCertificate/x5c/0"),
            current,
            false,
            Finding::warning(
                crate::finding::codes::OKTA_SIGNING_CERTIFICATE_MISSING,
                format!("{app_name} has no Signature Certificate, so Okta cannot check Cognito's signed sign-out requests (and signed requests)"),
                REFRESH,
            ),
        ));
    }
    let encrypting = sign_on.pointer("/assertionEncryption/enabled") == Some(&Value::Bool(true));
    match (flag("EncryptedResponses"), encrypting) {
        (true, false) => out.push(Finding::error(
            crate::finding::codes::OKTA_ASSERTION_ENCRYPTION_OFF,
            format!("the provider expects encrypted assertions, but {app_name} does not encrypt them: every sign-in fails"),
            REFRESH,
        )),
        (false, true) => out.push(Finding::error(
            crate::finding::codes::OKTA_ASSERTION_ENCRYPTION_UNEXPECTED,
            format!("{app_name} encrypts its assertions, but the provider does not expect encrypted ones (EncryptedResponses is off): every sign-in fails"),
            "Turn encryption off in the Okta app (`okta-cognito okta-app` does), or set provider.encrypted_responses = true and run apply.",
        )),
        (true, true) => {
            if let Some(current) = provider.details.get("ActiveEncryptionCertificate") {
                out.extend(compare(
                    app_name,
                    "encryption certificate of the provider",
                    crate::finding::codes::OKTA_ENCRYPTION_CERTIFICATE_STALE,
                    held(sign_on, "/assertionEncryption/x5c/0"),
                    current,
                    true,
                    Finding::error(
                        crate::finding::codes::OKTA_ENCRYPTION_CERTIFICATE_STALE,
                        format!("{app_name} encrypts without a certificate from Cognito"),
                        REFRESH,
                    ),
                ));
            }
        }
        (false, false) => {}
    }
    out
}

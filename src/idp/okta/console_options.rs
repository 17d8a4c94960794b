//! The Okta console steps for the provider options that need Cognito's certificates, with
//! today's labels, for an admin without Okta API credentials (`values`, the wizard's Okta
//! screen). The same values `okta-app` sets through the API.

use crate::cognito::certificates::{describe, pem};
use crate::endpoints::Values;
use crate::idp::okta::cognito_side::{CognitoSide, relay_state};
use crate::setup::Setup;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    pub pem: String,
    pub sha256: String,
    pub valid_until: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsoleStep {
    pub title: &'static str,
    /// Where in the Okta console.
    pub path: &'static str,
    /// (label, value) to set, in the console's order.
    pub fields: Vec<(&'static str, String)>,
    /// The certificate to upload, when there is one and it is known.
    pub certificate: Option<Certificate>,
    /// What is not known yet, and how to get it.
    pub pending: Option<String>,
}

const ADVANCED: &str = "app → General → SAML Settings → Edit → Next → Show Advanced Settings";

fn certificate(b64: Option<&String>, encryption: bool) -> Option<Certificate> {
    let b64 = b64?;
    let info = describe(b64, encryption);
    Some(Certificate {
        pem: pem(b64),
        sha256: info.as_ref().map(|i| i.sha256.clone()).unwrap_or_default(),
        valid_until: info.map(|i| i.not_after).unwrap_or_default(),
    })
}

const NEEDS_AWS: &str = "Cognito's certificate could not be read: run with AWS credentials that allow cognito-idp:GetSigningCertificate";

pub fn steps(setup: &Setup, values: &Values, side: &CognitoSide) -> Vec<ConsoleStep> {
    let p = &setup.provider;
    let mut out = vec![];
    // When Cognito could not be asked at all, that is what is pending, not the usual reason.
    let unread = side.notes.first().map(|f| {
        format!(
            "Cognito could not be read: {} [{}]. {}",
            f.message, f.code, f.fix
        )
    });
    let signing = certificate(side.signing_certificate.as_ref(), false);
    if p.idp_signout {
        out.push(ConsoleStep {
            title: "Single Logout (provider.idp_signout)",
            path: ADVANCED,
            fields: vec![
                (
                    "Signature Certificate",
                    "upload the pool's signing certificate (the Enable Single Logout box appears after it)"
                        .into(),
                ),
                ("Enable Single Logout", "ticked".into()),
                ("Single Logout URL", values.saml_logout_url.clone()),
                ("SP Issuer", values.audience_uri.clone()),
            ],
            pending: signing
                .is_none()
                .then(|| unread.clone().unwrap_or_else(|| NEEDS_AWS.to_string())),
            certificate: signing.clone(),
        });
    }
    if p.request_signing_algorithm.is_some() {
        out.push(ConsoleStep {
            title: "Signed requests (provider.request_signing_algorithm)",
            path: ADVANCED,
            fields: vec![
                (
                    "Signature Certificate",
                    "upload the pool's signing certificate".into(),
                ),
                (
                    "Signed Requests",
                    "tick \"Validate SAML requests with signature certificates\"".into(),
                ),
            ],
            pending: signing
                .is_none()
                .then(|| unread.clone().unwrap_or_else(|| NEEDS_AWS.to_string())),
            certificate: signing,
        });
    }
    if p.encrypted_responses {
        let cert = certificate(side.encryption_certificate.as_ref(), true);
        out.push(ConsoleStep {
            title: "Assertion encryption (provider.encrypted_responses)",
            path: ADVANCED,
            fields: vec![
                ("Assertion Encryption", "Encrypted".into()),
                ("Encryption Algorithm", "AES256-GCM".into()),
                ("Key Transport Algorithm", "RSA-OAEP".into()),
                ("Encryption Certificate", "upload the provider's encryption certificate".into()),
            ],
            pending: cert.is_none().then(|| {
                unread.clone().unwrap_or_else(|| "Cognito makes this certificate when the provider is created: run apply first, then look again. Sign-in fails until Okta encrypts with it.".to_string())
            }),
            certificate: cert,
        });
    }
    if p.idp_init {
        let relay = match (&side.client_id, &side.redirect_uri) {
            (Some(c), Some(r)) => Some(relay_state(&p.name, c, r, &setup.app_client.scopes)),
            _ => None,
        };
        out.push(ConsoleStep {
            title: "IdP-initiated sign-in (provider.idp_init)",
            path: "app → General → SAML Settings → Edit → Next",
            fields: vec![("Default RelayState", relay.clone().unwrap_or_default())],
            certificate: None,
            pending: relay.is_none().then(|| {
                unread.clone().unwrap_or_else(|| {
                    "The app client's id is not known yet: run apply first, then look again."
                        .to_string()
                })
            }),
        });
    }
    out
}

/// The steps as text, certificates as PEM with their fingerprints.
pub fn render(steps: &[ConsoleStep]) -> String {
    let mut s = String::new();
    for step in steps {
        s.push_str(&format!("\n{} — Okta console: {}\n", step.title, step.path));
        let width = step.fields.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
        for (label, value) in &step.fields {
            s.push_str(&format!("  {label:<width$}  {value}\n"));
        }
        if let Some(c) = &step.certificate {
            s.push_str(&format!(
                "  certificate (SHA-256 {}, valid until {}):\n",
                c.sha256, c.valid_until
            ));
            for line in c.pem.lines() {
                s.push_str(&format!("    {line}\n"));
            }
        }
        if let Some(p) = &step.pending {
            s.push_str(&format!("  pending: {p}\n"));
        }
    }
    s
}

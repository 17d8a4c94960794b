//! The AuthnRequest an app's sign-in page is given, read as Okta reads it: deflated XML over
//! the HTTP-Redirect binding. When the app validates SAML requests (the console's Signed
//! Requests box), the query's signature must verify with the app's Signature Certificate
//! (`settings.signOn.spCertificate`) when the request arrives; the sign-in's later pages
//! (choosing the person, posting the form) carry the request without the signature, as
//! Okta's session does, and are let through only for a request whose signature held.

use super::Inner;
use crate::saml::authn_request::{Request, decode, read, signature_problem};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use std::collections::HashMap;

/// Request ids remembered as verified; older ones are forgotten first.
const REMEMBERED: usize = 1000;

/// Why Okta refuses the request: a title and what to do. The wording is ours: Okta
/// publishes none for these pages.
pub type Refusal = (&'static str, String);

/// The request the page was given (None: the app's tile, which answers none).
pub(super) fn check(
    i: &mut Inner,
    app: &Value,
    raw_query: &str,
    fields: &HashMap<String, String>,
) -> Result<Option<Request>, Refusal> {
    let Some(value) = fields.get("SAMLRequest") else {
        return Ok(None);
    };
    let request = decode(value).and_then(|xml| read(&xml)).map_err(|e| {
        (
            "Bad SAML request",
            format!("The SAML request could not be read: {e}."),
        )
    })?;
    let app_id = app["id"].as_str().unwrap_or("");
    if !i.validates_requests.contains(app_id) {
        return Ok(Some(request));
    }
    if !fields.contains_key("Signature") {
        return if i.verified_requests.contains(&request.id) {
            Ok(Some(request))
        } else {
            Err((
                "Invalid SAML request",
                "The SAML request is not signed, and this app validates SAML requests with signature certificates (General → SAML Settings → Signed Requests). Set provider.request_signing_algorithm = \"rsa-sha256\" and run apply, so Cognito signs its requests.".into(),
            ))
        };
    }
    let certificate = app
        .pointer("/settings/signOn/spCertificate/x5c/0")
        .and_then(Value::as_str)
        .and_then(|c| STANDARD.decode(c.trim()).ok());
    let Some(der) = certificate else {
        return Err((
            "Invalid SAML request",
            "This app validates SAML requests, but holds no Signature Certificate to validate them with. Upload the pool's signing certificate (okta-cognito okta-app does it).".into(),
        ));
    };
    if let Some(problem) = signature_problem(raw_query, &der) {
        return Err((
            "Invalid SAML request",
            format!(
                "The SAML request's signature was refused: {problem}. The app's Signature Certificate must be the pool's current signing certificate (Cognito's GetSigningCertificate): run okta-cognito okta-app to upload it again."
            ),
        ));
    }
    if i.verified_requests.len() >= REMEMBERED {
        i.verified_requests.pop_front();
    }
    i.verified_requests.push_back(request.id.clone());
    Ok(Some(request))
}

//! An access token for an OAuth 2.0 API Services app: `client_credentials` with a
//! `private_key_jwt` client assertion, DPoP-bound where the app requires it (the default on
//! new service apps), asking for exactly the scopes the command needs. Neither the assertion
//! nor the token is ever printed, logged or saved.

use super::dpop::{self, Dpop, Server};
use super::errors;
use super::jws;
use super::private_key::PrivateKey;
use crate::finding::Finding;
use serde::Deserialize;
use serde_json::json;

pub const TOKEN_PATH: &str = "/oauth2/v1/token";
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Okta accepts an assertion that lives at most an hour; five minutes is plenty for one request.
const ASSERTION_LIFETIME_SECS: i64 = 300;

/// The service app: its client id, its private key, and the key's `kid` when known.
#[derive(Debug)]
pub struct ServiceApp {
    pub client_id: String,
    pub key: PrivateKey,
    pub kid: Option<String>,
    /// Where the key came from, for messages: `OKTA_PRIVATE_KEY_FILE = "…"`.
    pub key_source: String,
}

/// An access token and how it is presented.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    pub value: String,
    /// DPoP-bound: sent as `DPoP <token>` with a proof on every call.
    pub dpop: bool,
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AccessToken(dpop: {}, redacted)", self.dpop)
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    token_type: String,
}

#[derive(Deserialize, Default)]
struct OAuthError {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
}

fn assertion(app: &ServiceApp, token_url: &str) -> Result<String, Finding> {
    let now = jws::now_secs();
    let claims = json!({
        "iss": app.client_id,
        "sub": app.client_id,
        "aud": token_url,
        "iat": now,
        "exp": now + ASSERTION_LIFETIME_SECS,
        "jti": jws::unique_id(),
    });
    let mut header = json!({"typ": "JWT"});
    if let Some(kid) = &app.kid {
        header["kid"] = json!(kid);
    }
    jws::sign(&app.key, header, &claims).ok_or_else(|| {
        Finding::error(
            crate::finding::codes::OKTA_PRIVATE_KEY_UNUSABLE,
            format!("{} could not sign the client assertion", app.key_source),
            "Give an RSA (2048 bits or more) or EC P-256 private key.",
        )
    })
}

/// One token request; `with_dpop` adds a proof.
async fn request(
    http: &reqwest::Client,
    token_url: &str,
    app: &ServiceApp,
    scopes: &[&str],
    dpop: Option<&Dpop>,
    org: &str,
) -> Result<(u16, reqwest::header::HeaderMap, String), Finding> {
    let doing = "get an access token for the service app";
    let scope = scopes.join(" ");
    let client_assertion = assertion(app, token_url)?;
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", scope.as_str()),
        ("client_assertion_type", ASSERTION_TYPE),
        ("client_assertion", client_assertion.as_str()),
    ];
    let mut req = http
        .post(token_url)
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&form);
    if let Some(d) = dpop {
        let proof = d
            .proof(Server::Token, "POST", token_url, None)
            .ok_or_else(dpop_sign_failed)?;
        req = req.header(dpop::HEADER, proof);
    }
    tracing::debug!(dpop = dpop.is_some(), "okta token request");
    let resp = req
        .send()
        .await
        .map_err(|e| errors::transport(doing, org, &e))?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = crate::http_body::read_capped(resp, crate::http_body::MAX_API_BODY)
        .await
        .map_err(|e| match e {
            crate::http_body::BodyError::Transport(e) => errors::transport(doing, org, &e),
            too_large => errors::body_too_large(doing, org, &too_large),
        })?;
    Ok((status, headers, String::from_utf8_lossy(&body).into_owned()))
}

fn dpop_sign_failed() -> Finding {
    Finding::error(
        crate::finding::codes::OKTA_DPOP_KEY,
        "could not sign a DPoP proof",
        "This machine's crypto library refused; report it with the message above.",
    )
}

/// Gets a token. A DPoP proof goes with the first request; Okta's nonce challenge is
/// answered; an app that does not take DPoP is asked again without it.
pub async fn access_token(
    http: &reqwest::Client,
    org_url: &str,
    app: &ServiceApp,
    scopes: &[&str],
    dpop: &Dpop,
) -> Result<AccessToken, Finding> {
    let token_url = format!("{org_url}{TOKEN_PATH}");
    let org = org_url.split_once("://").map_or(org_url, |(_, h)| h);
    let mut with_dpop = true;
    let mut dpop_complaint: Option<OAuthError> = None;
    for _ in 0..4 {
        let (status, headers, body) = request(
            http,
            &token_url,
            app,
            scopes,
            with_dpop.then_some(dpop),
            org,
        )
        .await?;
        if (200..300).contains(&status) {
            let answer: TokenAnswer = serde_json::from_str(&body).map_err(|e| {
                errors::malformed(
                    "get an access token",
                    org,
                    &format!("the token answer: {e}"),
                )
            })?;
            let bound = with_dpop && answer.token_type.eq_ignore_ascii_case("DPoP");
            return Ok(AccessToken {
                value: answer.access_token,
                dpop: bound,
            });
        }
        let err: OAuthError = serde_json::from_str(&body).unwrap_or_default();
        if err.error.is_empty() {
            return Err(errors::malformed(
                "get an access token",
                org,
                &format!("HTTP {status} without an OAuth error"),
            ));
        }
        match err.error.as_str() {
            "use_dpop_nonce" if with_dpop && dpop.take_nonce(Server::Token, &headers) => continue,
            "invalid_dpop_proof" if with_dpop && dpop_complaint.is_none() => {
                // The app may not take DPoP at all; ask once without it, and if that is
                // refused for want of a proof, the first complaint is the one to show.
                dpop_complaint = Some(err);
                with_dpop = false;
                continue;
            }
            "invalid_dpop_proof" if !with_dpop => {
                return Err(token_refused(
                    app,
                    scopes,
                    org,
                    &dpop_complaint.unwrap_or(err),
                ));
            }
            _ => return Err(token_refused(app, scopes, org, &err)),
        }
    }
    Err(token_refused(
        app,
        scopes,
        org,
        &OAuthError {
            error: "use_dpop_nonce".into(),
            error_description: "Okta asked for a new DPoP nonce on every try".into(),
        },
    ))
}

fn token_refused(app: &ServiceApp, scopes: &[&str], org: &str, e: &OAuthError) -> Finding {
    let said = if e.error_description.is_empty() {
        e.error.clone()
    } else {
        format!("{}: {}", e.error, e.error_description)
    };
    let id = &app.client_id;
    match e.error.as_str() {
        "invalid_client" => Finding::error(
            crate::finding::codes::OKTA_CLIENT_ASSERTION_REJECTED,
            format!(
                "Okta ({org}) refused the service app's client assertion for client id {id} ({said})"
            ),
            format!(
                "Check that OKTA_CLIENT_ID is the API Services app's Client ID, that the public key registered in the app (General → Client Credentials → Public keys) is the pair of {}, and that OKTA_PRIVATE_KEY_ID is that key's KID (or unset, when the app has one key).",
                app.key_source
            ),
        ),
        "invalid_scope" => Finding::error(
            crate::finding::codes::OKTA_SCOPE_NOT_GRANTED,
            format!(
                "Okta ({org}) will not grant the service app {id} the scopes this command needs: {} ({said})",
                scopes.join(", ")
            ),
            "Grant them in the Admin Console: Applications → the API Services app → Okta API Scopes → Grant (each of the scopes named).",
        ),
        "unauthorized_client" => Finding::error(
            crate::finding::codes::OKTA_CLIENT_CREDENTIALS_NOT_ALLOWED,
            format!(
                "Okta ({org}) does not let the app {id} use the client credentials grant ({said})"
            ),
            "Use an API Services app (Applications → Create App Integration → API Services), whose Client authentication is Public key / Private key.",
        ),
        "invalid_dpop_proof" | "use_dpop_nonce" => Finding::error(
            crate::finding::codes::OKTA_DPOP_PROOF_REJECTED,
            format!("Okta ({org}) refused the DPoP proof for the service app {id} ({said})"),
            "Check this machine's clock (a proof's time must be within a minute of Okta's); if it is right, report the message above.",
        ),
        _ => Finding::error(
            crate::finding::codes::OKTA_TOKEN_REQUEST_FAILED,
            format!("Okta ({org}) gave the service app {id} no access token ({said})"),
            "Read Okta's reason above; the README's \"Okta service app\" section lists what the app needs.",
        ),
    }
}

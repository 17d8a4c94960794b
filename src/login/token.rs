//! The token endpoint: authorization code (with the PKCE verifier) and refresh grants.
//! Tokens are kept in memory only: never logged, never written.

use super::explain::token_error;
use crate::finding::Finding;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
pub struct Tokens {
    pub id_token: Option<String>,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: Option<u64>,
    pub token_type: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens { .. redacted .. }")
    }
}

/// An app client's secret: from `DescribeUserPoolClient` only, held in memory, never shown.
#[derive(Clone)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn new(secret: String) -> ClientSecret {
        ClientSecret(secret)
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(redacted)")
    }
}

/// Who asks the token endpoint: a public client by its id, a confidential one with its
/// secret as HTTP Basic client authentication (RFC 6749 §2.3.1, as Cognito documents).
pub struct ClientAuth<'a> {
    pub id: &'a str,
    pub secret: Option<&'a ClientSecret>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    error_description: String,
}

async fn post(
    http: &reqwest::Client,
    token_url: &str,
    client: &ClientAuth<'_>,
    form: &[(&str, &str)],
) -> Result<Tokens, Finding> {
    let mut req = http.post(token_url).form(form);
    if let Some(secret) = client.secret {
        // RFC 6749 §2.3.1: both parts form-urlencoded before joining.
        let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        req = req.basic_auth(enc(client.id), Some(enc(&secret.0)));
    }
    let resp = req.send().await.map_err(|e| {
        Finding::error(
            crate::finding::codes::TOKEN_ENDPOINT_UNREACHABLE,
            format!("could not reach the token endpoint {token_url}: {e}"),
            "Check the domain (it must be ACTIVE) and your network, then sign in again.",
        )
    })?;
    let status = resp.status();
    if status.is_redirection() {
        // Following it would re-post the code, the PKCE verifier or the refresh token to
        // wherever the Location points.
        return Err(Finding::error(
            crate::finding::codes::TOKEN_ENDPOINT_REDIRECTED,
            format!(
                "the token endpoint {token_url} answered {status} (a redirect to {}); the code was not sent on",
                resp.headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("?")
            ),
            "Cognito's token endpoint never redirects: check --hosted-ui-url (or the domain) points at the user pool's own domain.",
        ));
    }
    let body = crate::http_body::read_capped(resp, crate::http_body::MAX_API_BODY)
        .await
        .map_err(|e| {
            Finding::error(
                crate::finding::codes::TOKEN_RESPONSE_INVALID,
                format!("the token endpoint's answer could not be read: {e}"),
                "Check --hosted-ui-url points at the user pool's domain, then sign in again.",
            )
        })?;
    if status.is_success() {
        return serde_json::from_slice::<Tokens>(&body).map_err(|e| {
            Finding::error(
                crate::finding::codes::TOKEN_RESPONSE_INVALID,
                format!("the token endpoint answered {status} with an unexpected body ({e})"),
                "Check --hosted-ui-url points at the user pool's domain.",
            )
        });
    }
    match serde_json::from_slice::<ErrorBody>(&body) {
        Ok(e) => Err(token_error(&e.error, &e.error_description)),
        Err(_) => Err(Finding::error(
            crate::finding::codes::TOKEN_ENDPOINT_ERROR,
            format!("the token endpoint answered HTTP {status}"),
            "Check the user pool's domain and try again.",
        )),
    }
}

pub async fn exchange_code(
    http: &reqwest::Client,
    token_url: &str,
    client: &ClientAuth<'_>,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Result<Tokens, Finding> {
    post(
        http,
        token_url,
        client,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", client.id),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ],
    )
    .await
}

pub async fn refresh(
    http: &reqwest::Client,
    token_url: &str,
    client: &ClientAuth<'_>,
    refresh_token: &str,
) -> Result<Tokens, Finding> {
    post(
        http,
        token_url,
        client,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", client.id),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

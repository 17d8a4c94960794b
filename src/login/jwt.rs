//! Verifying Cognito's tokens against the pool's JWKS: RS256 signature, issuer, audience or
//! client id, expiry, token use and nonce.

use crate::finding::Finding;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::{Map, Value};

pub type Claims = Map<String, Value>;

pub async fn fetch_jwks(http: &reqwest::Client, url: &str) -> Result<JwkSet, Finding> {
    let fail = |why: String| {
        Finding::error(
            crate::finding::codes::JWKS_UNAVAILABLE,
            format!("could not read the pool's signing keys from {url}: {why}"),
            "Check the region and pool id (or --issuer-url), then try again.",
        )
    };
    let resp = http
        .get(url)
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    if !resp.status().is_success() {
        return Err(fail(format!("HTTP {}", resp.status())));
    }
    let body = crate::http_body::read_capped(resp, crate::http_body::MAX_API_BODY)
        .await
        .map_err(|e| fail(e.to_string()))?;
    serde_json::from_slice::<JwkSet>(&body).map_err(|e| fail(e.to_string()))
}

fn invalid(which: &str, why: String, fix: &str) -> Finding {
    Finding::error(
        crate::finding::codes::TOKEN_INVALID,
        format!("the {which} token {why}"),
        fix,
    )
}

/// `audience`: the client id for ID tokens (`aud`), `None` for access tokens (which carry
/// `client_id` instead).
fn verify(
    which: &str,
    token: &str,
    jwks: &JwkSet,
    issuer: &str,
    audience: Option<&str>,
) -> Result<Claims, Finding> {
    let header = decode_header(token)
        .map_err(|e| invalid(which, format!("is not a JWT ({e})"), "Sign in again."))?;
    if header.alg != Algorithm::RS256 {
        return Err(invalid(
            which,
            format!("uses {:?}, not RS256", header.alg),
            "Cognito signs with RS256: check --hosted-ui-url points at Cognito.",
        ));
    }
    let kid = header.kid.unwrap_or_default();
    let jwk = jwks.find(&kid).ok_or_else(|| {
        invalid(which, format!("is signed with key {kid:?}, which is not in the pool's JWKS"), "The token does not come from this user pool: check the region, pool id and --issuer-url.")
    })?;
    let key = DecodingKey::from_jwk(jwk).map_err(|e| {
        invalid(
            which,
            format!("cannot be checked: bad JWKS key ({e})"),
            "Check --issuer-url.",
        )
    })?;
    let mut v = Validation::new(Algorithm::RS256);
    v.set_issuer(&[issuer]);
    v.leeway = 60;
    match audience {
        Some(aud) => v.set_audience(&[aud]),
        None => v.validate_aud = false,
    }
    v.set_required_spec_claims(&["exp", "iss"]);
    let data = decode::<Claims>(token, &key, &v).map_err(|e| {
        let (why, fix) = match e.kind() {
            ErrorKind::InvalidSignature => (
                "has an invalid signature".to_string(),
                "The token was not signed by this user pool: check --issuer-url and the pool id.",
            ),
            ErrorKind::ExpiredSignature => (
                "has expired".to_string(),
                "Check this machine's clock, then sign in again.",
            ),
            ErrorKind::InvalidIssuer => (
                format!(
                    "was issued by {}, not by the pool's issuer {issuer}",
                    unverified_issuer(token).unwrap_or_else(|| "?".into())
                ),
                "The token comes from another pool or issuer: check the region and pool id. A pool switched to the UPDATED issuer signs as https://issuer-cognito-idp.<region>.amazonaws.com/<pool> (`okta-cognito doctor` names the pool's issuer).",
            ),
            ErrorKind::InvalidAudience => (
                "is for another app client (aud)".to_string(),
                "Check app_client.client_id.",
            ),
            other => (format!("is invalid ({other:?})"), "Sign in again."),
        };
        invalid(which, why, fix)
    })?;
    Ok(data.claims)
}

/// The `iss` a token claims, read without verifying it: only to name it in the refusal.
fn unverified_issuer(token: &str) -> Option<String> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Claims = serde_json::from_slice(&bytes).ok()?;
    claims.get("iss")?.as_str().map(String::from)
}

fn claim<'a>(c: &'a Claims, k: &str) -> Option<&'a str> {
    c.get(k).and_then(Value::as_str)
}

pub fn verify_id_token(
    token: &str,
    jwks: &JwkSet,
    issuer: &str,
    client_id: &str,
    nonce: &str,
) -> Result<Claims, Finding> {
    let c = verify("ID", token, jwks, issuer, Some(client_id))?;
    if claim(&c, "token_use") != Some("id") {
        return Err(invalid(
            "ID",
            format!("has token_use {:?}, not \"id\"", claim(&c, "token_use")),
            "Sign in again.",
        ));
    }
    if claim(&c, "nonce") != Some(nonce) {
        return Err(invalid(
            "ID",
            "carries another nonce than the sign-in sent (replayed or mixed up)".into(),
            "Sign in again from the start.",
        ));
    }
    Ok(c)
}

pub fn verify_access_token(
    token: &str,
    jwks: &JwkSet,
    issuer: &str,
    client_id: &str,
) -> Result<Claims, Finding> {
    let c = verify("access", token, jwks, issuer, None)?;
    if claim(&c, "token_use") != Some("access") {
        return Err(invalid(
            "access",
            format!("has token_use {:?}, not \"access\"", claim(&c, "token_use")),
            "Sign in again.",
        ));
    }
    if claim(&c, "client_id") != Some(client_id) {
        return Err(invalid(
            "access",
            format!(
                "was issued to client {:?}, not {client_id}",
                claim(&c, "client_id")
            ),
            "Check app_client.client_id.",
        ));
    }
    Ok(c)
}

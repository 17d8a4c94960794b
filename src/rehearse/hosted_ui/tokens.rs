//! `/oauth2/token` (authorization code with PKCE, refresh) and the JWKS. The rehearsal signs
//! with its own key (`assets/rehearse/hosted-ui-key.pem`, made for this and protecting
//! nothing: only a rehearsal trusts it), and the tokens carry the pool's real issuer.

use super::{Grant, LIFETIME, Ui, find_client, now_secs};
use crate::endpoints;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Instant;

const KEY: &str = include_str!("../../../assets/rehearse/hosted-ui-key.pem");
const JWKS: &str = include_str!("../../../assets/rehearse/hosted-ui-jwks.json");
const KID: &str = "rehearsal-1";
const TOKEN_SECONDS: u64 = 3600;

pub(super) async fn jwks() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], JWKS).into_response()
}

fn oauth_error(error: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json")],
        json!({ "error": error }).to_string(),
    )
        .into_response()
}

/// The client id and secret of HTTP Basic client authentication, form-urlencoded parts.
fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let dec = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((dec(id), dec(secret)))
}

fn sign(claims: &Value) -> Option<String> {
    let key = EncodingKey::from_rsa_pem(KEY.as_bytes()).ok()?;
    let mut head = Header::new(Algorithm::RS256);
    head.kid = Some(KID.into());
    encode(&head, claims, &key).ok()
}

pub(super) async fn token(
    State(ui): Ui,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let basic = basic_auth(&headers);
    let Some(client_id) = basic
        .as_ref()
        .map(|(id, _)| id.clone())
        .or_else(|| f.get("client_id").cloned())
    else {
        return oauth_error("invalid_client");
    };
    let Some((_, client)) = find_client(&ui.api, &client_id).await else {
        return oauth_error("invalid_client");
    };
    if let Some(secret) = client.client_secret().filter(|s| !s.is_empty()) {
        let sent = basic
            .as_ref()
            .map(|(_, s)| s.clone())
            .or_else(|| f.get("client_secret").cloned());
        if sent.as_deref() != Some(secret) {
            return oauth_error("invalid_client");
        }
    }
    let grant = match f.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = f.get("code").cloned().unwrap_or_default();
            // Single use: the code is gone whether or not what follows succeeds.
            let Some(g) = ui.inner.lock().ok().and_then(|mut i| i.codes.remove(&code)) else {
                return oauth_error("invalid_grant");
            };
            let verifier_fits = match (&g.pending.challenge, f.get("code_verifier")) {
                (Some(challenge), Some(v)) => crate::login::pkce::challenge(v) == *challenge,
                (None, _) => true,
                (Some(_), None) => false,
            };
            if g.pending.client_id != client_id
                || f.get("redirect_uri") != Some(&g.pending.redirect_uri)
                || g.issued.elapsed() > LIFETIME
                || !verifier_fits
            {
                return oauth_error("invalid_grant");
            }
            g
        }
        Some("refresh_token") => {
            let token = f.get("refresh_token").cloned().unwrap_or_default();
            let Some(g) = ui
                .inner
                .lock()
                .ok()
                .and_then(|i| i.refresh_tokens.get(&token).cloned())
                .filter(|g| g.pending.client_id == client_id)
            else {
                return oauth_error("invalid_grant");
            };
            g
        }
        _ => return oauth_error("unsupported_grant_type"),
    };
    let refreshing = f.get("grant_type").map(String::as_str) == Some("refresh_token");
    let issuer = endpoints::issuer_url(&ui.region, &grant.pending.pool_id, grant.issuer);
    let (id, access) = (id_claims(&grant, &issuer), access_claims(&grant, &issuer));
    let (Some(id_token), Some(access_token)) = (sign(&id), sign(&access)) else {
        return oauth_error("server_error");
    };
    let mut answer = json!({
        "id_token": id_token,
        "access_token": access_token,
        "expires_in": TOKEN_SECONDS,
        "token_type": "Bearer",
    });
    if !refreshing {
        let refresh = crate::login::pkce::random_token(48);
        if let Ok(mut i) = ui.inner.lock() {
            i.refresh_tokens.insert(
                refresh.clone(),
                Grant {
                    issued: Instant::now(),
                    ..grant
                },
            );
        }
        answer["refresh_token"] = json!(refresh);
    }
    (
        [(header::CONTENT_TYPE, "application/json")],
        answer.to_string(),
    )
        .into_response()
}

fn id_claims(g: &Grant, issuer: &str) -> Value {
    let now = now_secs();
    let mut c = json!({
        "sub": g.sub,
        "aud": g.pending.client_id,
        "iss": issuer,
        "token_use": "id",
        "auth_time": now,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "cognito:username": g.username,
        "identities": [{
            "userId": g.name_id,
            "providerName": g.pending.provider,
            "providerType": "SAML",
            "issuer": null,
            "primary": "true",
            "dateCreated": (now * 1000).to_string(),
        }],
    });
    if let Some(n) = &g.pending.nonce {
        c["nonce"] = json!(n);
    }
    for (k, v) in &g.attributes {
        c[k] = json!(v);
    }
    c
}

fn access_claims(g: &Grant, issuer: &str) -> Value {
    let now = now_secs();
    json!({
        "sub": g.sub,
        "iss": issuer,
        "client_id": g.pending.client_id,
        "token_use": "access",
        "scope": g.pending.scopes.join(" "),
        "auth_time": now,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "jti": crate::login::pkce::random_token(16),
        "username": g.username,
    })
}

//! A faithful stand-in for Cognito's hosted UI, built from the documented contract:
//! `/oauth2/authorize` (and `/login`) answer with a single-use code bound to the client, the
//! exact redirect_uri and the PKCE challenge, or with an error redirect on demand;
//! `/oauth2/token` checks all of them and answers with RS256 JWTs or Cognito's error JSON;
//! the JWKS is served under the issuer.

use super::http::Server;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "fakeclient123";
pub const POOL: &str = "us-east-1_Fake";

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Ok,
    /// The authorize endpoint redirects back with `error` and `error_description`.
    ErrorRedirect(String, String),
    ExpiredToken,
    BadSignature,
    WrongAudience,
    /// The code is stored with a different challenge, as if the verifier did not match.
    WrongChallenge,
    /// `/oauth2/token` answers 307 to this URL (a hijacked or misconfigured endpoint).
    TokenRedirect(String),
}

struct Pending {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    nonce: String,
}

struct Inner {
    mode: Mode,
    /// Accept whatever client id the authorize request names (for clients created by a test).
    any_client: bool,
    redirect_uris: Vec<String>,
    codes: HashMap<String, Pending>,
    refresh_tokens: Vec<String>,
    claims: serde_json::Map<String, Value>,
    token_requests: usize,
    next: u64,
    /// The `iss` the tokens carry (a real pool's issuer; the JWKS is served under /issuer).
    issuer: String,
    /// A client with a secret: the token endpoint then requires HTTP Basic client
    /// authentication with it, as Cognito does (`invalid_client` otherwise).
    secret: Option<String>,
}

#[derive(Clone)]
pub struct HostedUi {
    inner: Arc<Mutex<Inner>>,
    pub server: Arc<Server>,
}

fn key(name: &str) -> EncodingKey {
    let pem = std::fs::read(super::fixture(&format!("keys/{name}.pem"))).unwrap();
    EncodingKey::from_rsa_pem(&pem).unwrap()
}

fn error_json(status: StatusCode, error: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({ "error": error }).to_string(),
    )
        .into_response()
}

impl HostedUi {
    /// `redirect_port`: the loopback port registered as a callback URL.
    pub fn start(mode: Mode, redirect_port: u16) -> HostedUi {
        let mut claims = serde_json::Map::new();
        claims.insert("email".into(), json!("alice@example.com"));
        claims.insert("cognito:username".into(), json!("Okta_alice@example.com"));
        claims.insert(
            "identities".into(),
            json!(r#"[{"userId":"alice@example.com","providerName":"Okta","providerType":"SAML","primary":"true"}]"#),
        );
        let inner = Arc::new(Mutex::new(Inner {
            mode,
            any_client: false,
            redirect_uris: vec![format!("http://localhost:{redirect_port}/callback")],
            codes: HashMap::new(),
            refresh_tokens: vec![],
            claims,
            token_requests: 0,
            next: 0,
            issuer: format!("https://cognito-idp.us-east-1.amazonaws.com/{POOL}"),
            secret: None,
        }));
        let router = Router::new()
            .route("/oauth2/authorize", get(authorize))
            .route("/login", get(authorize))
            .route("/oauth2/token", post(token))
            .route("/issuer/.well-known/jwks.json", get(jwks))
            .with_state(inner.clone());
        HostedUi {
            inner,
            server: Arc::new(Server::start(router)),
        }
    }

    /// A stand-in for a client the test does not know in advance (created by `apply`).
    pub fn start_for_any_client(redirect_port: u16) -> HostedUi {
        HostedUi::start_for_any_client_with(Mode::Ok, redirect_port)
    }

    pub fn start_for_any_client_with(mode: Mode, redirect_port: u16) -> HostedUi {
        let h = HostedUi::start(mode, redirect_port);
        h.inner.lock().unwrap().any_client = true;
        h
    }

    pub fn base(&self) -> String {
        self.server.url("")
    }

    pub fn issuer(&self) -> String {
        self.server.url("/issuer")
    }

    /// Tokens carry `iss` = this (the pool's issuer as Cognito would sign).
    pub fn sign_as(&self, issuer: &str) {
        self.inner.lock().unwrap().issuer = issuer.to_string();
    }

    /// The client has this secret: token requests must authenticate with it.
    pub fn require_secret(&self, secret: &str) {
        self.inner.lock().unwrap().secret = Some(secret.to_string());
    }

    pub fn set_claim(&self, k: &str, v: Value) {
        self.inner.lock().unwrap().claims.insert(k.into(), v);
    }

    pub fn token_requests(&self) -> usize {
        self.inner.lock().unwrap().token_requests
    }
}

async fn jwks() -> Response {
    let body = std::fs::read_to_string(super::fixture("keys/jwks.json")).unwrap();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn authorize(
    State(s): State<Arc<Mutex<Inner>>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut st = s.lock().unwrap();
    let p = |k: &str| q.get(k).cloned().unwrap_or_default();
    if !st.any_client && p("client_id") != CLIENT_ID {
        return (StatusCode::BAD_REQUEST, "error=invalid_client").into_response();
    }
    let redirect_uri = p("redirect_uri");
    if !st.redirect_uris.contains(&redirect_uri) {
        return (StatusCode::BAD_REQUEST, "error=redirect_mismatch").into_response();
    }
    if p("response_type") != "code"
        || p("code_challenge_method") != "S256"
        || p("code_challenge").is_empty()
    {
        return (StatusCode::BAD_REQUEST, "error=invalid_request").into_response();
    }
    let mut url = url::Url::parse(&redirect_uri).unwrap();
    if let Mode::ErrorRedirect(error, description) = &st.mode {
        url.query_pairs_mut()
            .append_pair("error_description", description)
            .append_pair("state", &p("state"))
            .append_pair("error", error);
        return Redirect::to(url.as_str()).into_response();
    }
    st.next += 1;
    let code = format!("code-{}", st.next);
    let challenge = if st.mode == Mode::WrongChallenge {
        "not-the-challenge".to_string()
    } else {
        p("code_challenge")
    };
    st.codes.insert(
        code.clone(),
        Pending {
            client_id: p("client_id"),
            redirect_uri,
            challenge,
            nonce: p("nonce"),
        },
    );
    url.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &p("state"));
    Redirect::to(url.as_str()).into_response()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn issue(st: &Inner, issuer: &str, client: &str, nonce: Option<&str>) -> Value {
    let exp = if st.mode == Mode::ExpiredToken {
        now() - 3600
    } else {
        now() + 3600
    };
    let aud = if st.mode == Mode::WrongAudience {
        "someoneelse"
    } else {
        client
    };
    let signer = if st.mode == Mode::BadSignature {
        key("other")
    } else {
        key("pool")
    };
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("test-kid-1".into());
    let mut id = st.claims.clone();
    for (k, v) in [
        ("iss", json!(issuer)),
        ("aud", json!(aud)),
        ("exp", json!(exp)),
        ("iat", json!(now())),
        ("token_use", json!("id")),
        ("sub", json!("0000-sub")),
    ] {
        id.insert(k.into(), v);
    }
    if let Some(n) = nonce {
        id.insert("nonce".into(), json!(n));
    }
    let access = json!({ "iss": issuer, "exp": exp, "iat": now(), "token_use": "access", "client_id": client, "sub": "0000-sub", "scope": "openid email profile" });
    json!({
        "id_token": encode(&header, &id, &signer).unwrap(),
        "access_token": encode(&header, &access, &signer).unwrap(),
        "expires_in": 3600,
        "token_type": "Bearer",
    })
}

async fn token(
    State(s): State<Arc<Mutex<Inner>>>,
    headers: axum::http::HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let mut st = s.lock().unwrap();
    st.token_requests += 1;
    if let Mode::TokenRedirect(to) = &st.mode {
        return (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, to.clone())],
        )
            .into_response();
    }
    let issuer = st.issuer.clone();
    let p = |k: &str| f.get(k).cloned().unwrap_or_default();
    if let Some(secret) = &st.secret {
        let expected = format!(
            "Basic {}",
            base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                format!("{}:{secret}", p("client_id"))
            )
        );
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok());
        if sent != Some(expected.as_str()) {
            return error_json(StatusCode::BAD_REQUEST, "invalid_client");
        }
    }
    if !st.any_client && p("client_id") != CLIENT_ID {
        return error_json(StatusCode::BAD_REQUEST, "invalid_client");
    }
    let client = p("client_id");
    match p("grant_type").as_str() {
        "authorization_code" => {
            // Single use: the code is gone whatever happens next.
            let Some(pending) = st.codes.remove(&p("code")) else {
                return error_json(StatusCode::BAD_REQUEST, "invalid_grant");
            };
            let verifier_ok =
                okta_cognito::login::pkce::challenge(&p("code_verifier")) == pending.challenge;
            if pending.client_id != p("client_id")
                || pending.redirect_uri != p("redirect_uri")
                || !verifier_ok
            {
                return error_json(StatusCode::BAD_REQUEST, "invalid_grant");
            }
            let mut body = issue(&st, &issuer, &client, Some(&pending.nonce));
            let refresh = format!("refresh-{}", st.next);
            st.refresh_tokens.push(refresh.clone());
            body["refresh_token"] = json!(refresh);
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
        "refresh_token" => {
            if !st.refresh_tokens.contains(&p("refresh_token")) {
                return error_json(StatusCode::BAD_REQUEST, "invalid_grant");
            }
            // Like Cognito without rotation: no new refresh token.
            let body = issue(&st, &issuer, &client, None);
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
        _ => error_json(StatusCode::BAD_REQUEST, "unsupported_grant_type"),
    }
}

//! A faithful stand-in for Cognito's hosted UI, built from the documented contract:
//! `/oauth2/authorize` (and `/login`) answer with a single-use code bound to the client, the
//! exact redirect_uri and the PKCE challenge, or with an error redirect on demand;
//! `/oauth2/token` checks all of them and answers with RS256 JWTs or Cognito's error JSON;
//! the JWKS is served under the issuer; `/logout` checks the client and that `logout_uri` is
//! one of the client's sign-out URLs (read from the emulator, as Cognito holds them), then
//! either redirects there or, with IdP sign-out, goes through an Okta Single Logout page
//! (served as `localhost`, another origin) whose form posts back to `/saml2/logout`.

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
    /// The pool whose client's sign-out URLs `/logout` checks (in the emulator).
    pool: Option<String>,
    /// `/logout` goes through Okta's Single Logout first (the provider's IDPSignout).
    idp_signout: bool,
    /// The `prompt` of each authorize request, in order.
    prompts: Vec<Option<String>>,
    port: u16,
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
            pool: None,
            idp_signout: false,
            prompts: vec![],
            port: 0,
        }));
        let router = Router::new()
            .route("/oauth2/authorize", get(authorize))
            .route("/login", get(authorize))
            .route("/oauth2/token", post(token))
            .route("/issuer/.well-known/jwks.json", get(jwks))
            .route("/logout", get(logout))
            .route("/okta/slo", get(okta_single_logout))
            .route("/saml2/logout", post(saml2_logout))
            .with_state(inner.clone());
        let server = Arc::new(Server::start(router));
        let port = url::Url::parse(&server.url("")).unwrap().port().unwrap();
        inner.lock().unwrap().port = port;
        HostedUi { inner, server }
    }

    /// `/logout` checks `logout_uri` against this pool's client in the emulator.
    pub fn check_sign_out_urls_of(&self, pool: &str) {
        self.inner.lock().unwrap().pool = Some(pool.to_string());
    }

    /// The provider has IdP sign-out on: `/logout` goes through Okta's Single Logout.
    pub fn sign_out_through_okta(&self) {
        self.inner.lock().unwrap().idp_signout = true;
    }

    /// Okta's origin in this stand-in (another origin than the hosted UI's 127.0.0.1).
    pub fn okta_origin(&self) -> String {
        format!("http://localhost:{}", self.inner.lock().unwrap().port)
    }

    pub fn prompts(&self) -> Vec<Option<String>> {
        self.inner.lock().unwrap().prompts.clone()
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

    /// The IdP stops sending `k` (as an Okta app without that attribute statement).
    pub fn remove_claim(&self, k: &str) {
        self.inner.lock().unwrap().claims.remove(k);
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
    st.prompts.push(q.get("prompt").cloned());
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

/// Cognito's `/logout`: the client, and a `logout_uri` that is exactly one of its sign-out
/// URLs (else Cognito's error page, not a redirect).
async fn logout(
    State(s): State<Arc<Mutex<Inner>>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let p = |k: &str| q.get(k).cloned().unwrap_or_default();
    let (pool, idp_signout, port) = {
        let st = s.lock().unwrap();
        (st.pool.clone(), st.idp_signout, st.port)
    };
    let registered = match &pool {
        Some(pool) => super::moto::moto()
            .raw(
                "DescribeUserPoolClient",
                json!({"UserPoolId": pool, "ClientId": p("client_id")}),
            )
            .await["UserPoolClient"]["LogoutURLs"]
            .as_array()
            .is_some_and(|urls| urls.iter().any(|u| u == &json!(p("logout_uri")))),
        None => true,
    };
    if !registered {
        return (StatusCode::BAD_REQUEST, "error=redirect_mismatch").into_response();
    }
    if idp_signout {
        let mut slo = url::Url::parse(&format!("http://localhost:{port}/okta/slo")).unwrap();
        slo.query_pairs_mut()
            .append_pair("SAMLRequest", "logout-request")
            .append_pair("RelayState", &p("logout_uri"));
        return Redirect::to(slo.as_str()).into_response();
    }
    Redirect::to(&p("logout_uri")).into_response()
}

/// Okta's Single Logout endpoint: ends the Okta session and answers with the HTTP-POST
/// binding, a page whose form the browser submits to Cognito.
async fn okta_single_logout(
    State(s): State<Arc<Mutex<Inner>>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let port = s.lock().unwrap().port;
    let relay = q
        .get("RelayState")
        .cloned()
        .unwrap_or_default()
        .replace('"', "&quot;");
    let page = format!(
        r#"<html><body onload="document.forms[0].submit()"><form method="post" action="http://127.0.0.1:{port}/saml2/logout"><input type="hidden" name="SAMLResponse" value="logout-response"/><input type="hidden" name="RelayState" value="{relay}"/></form></body></html>"#
    );
    ([(header::CONTENT_TYPE, "text/html")], page).into_response()
}

/// Cognito's SAML logout endpoint: the IdP's response, then on to the sign-out URL.
async fn saml2_logout(Form(f): Form<HashMap<String, String>>) -> Response {
    match (f.get("SAMLResponse"), f.get("RelayState")) {
        (Some(_), Some(to)) => Redirect::to(to).into_response(),
        _ => (StatusCode::BAD_REQUEST, "error=invalid_request").into_response(),
    }
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

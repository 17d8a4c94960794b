//! The rehearsal's hosted UI: Cognito's OAuth 2.0 endpoints for every pool in the local
//! Cognito, reading the pool, its app clients and its providers from there as the real service
//! does (so a fix `apply` makes is what the next sign-in sees):
//! `/oauth2/authorize` (client, exact redirect_uri, OAuth flows, scopes, the provider enabled
//! on the client, PKCE) sends the browser to the provider's SSO URL from its metadata;
//! `/saml2/idpresponse` applies Cognito's rules to what the IdP sent (federation.rs) and
//! redirects with a single-use code or with Cognito's `error_description`; `/oauth2/token`
//! checks the code, the redirect_uri, the PKCE verifier and (for a client with a secret) the
//! client's authentication, and answers RS256 tokens whose issuer is the pool's real one;
//! the JWKS is under `/issuer`; `/logout` accepts only the client's sign-out URLs.

mod authorize;
pub mod federation;
mod held_metadata;
mod tokens;

use crate::rehearse::html::{escape, page};
use crate::rehearse::server::Server;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a sign-in may take and a code may wait, as Cognito allows.
const LIFETIME: Duration = Duration::from_secs(300);

/// A sign-in sent to the IdP, waiting for its response.
#[derive(Debug, Clone)]
struct Pending {
    pool_id: String,
    client_id: String,
    redirect_uri: String,
    state: Option<String>,
    challenge: Option<String>,
    nonce: Option<String>,
    scopes: Vec<String>,
    provider: String,
    idp_entity_id: Option<String>,
    /// The signing certificates of the provider's metadata, read when the sign-in began.
    trusted: std::sync::Arc<Vec<crate::saml::xmldsig::verify::Trusted>>,
    started: Instant,
}

/// What a code (or a refresh token) stands for.
#[derive(Debug, Clone)]
struct Grant {
    pending: Pending,
    username: String,
    name_id: String,
    sub: String,
    attributes: BTreeMap<String, String>,
    /// The pool's issuer, as read when the IdP answered (the tokens carry it).
    issuer: crate::endpoints::IssuerKind,
    issued: Instant,
}

#[derive(Debug, Clone)]
struct User {
    sub: String,
    attributes: BTreeMap<String, String>,
}

#[derive(Default)]
struct Inner {
    pending: HashMap<String, Pending>,
    codes: HashMap<String, Grant>,
    refresh_tokens: HashMap<String, Grant>,
    /// (pool id, user name) → the federated user Cognito made at the first sign-in.
    users: HashMap<(String, String), User>,
}

/// What only the local Cognito's layer knows (Cognito's inside: its keys, the metadata it
/// read), asked of it: `POST /_aws_model/<what>` with `body`.
async fn ask_layer(ui: &Shared, what: &str, body: serde_json::Value) -> Option<serde_json::Value> {
    reqwest::Client::new()
        .post(format!("{}/_aws_model/{what}", ui.endpoint))
        .body(body.to_string())
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()
}

struct Shared {
    api: Client,
    /// The local Cognito's address, for what only its layer knows (a provider's encryption key).
    endpoint: String,
    region: String,
    /// Set once the port is bound.
    base: std::sync::OnceLock<String>,
    inner: Mutex<Inner>,
}

impl Shared {
    fn base(&self) -> &str {
        self.base.get().map(String::as_str).unwrap_or("")
    }
}

type Ui = State<Arc<Shared>>;

pub struct HostedUi {
    pub server: Server,
}

impl HostedUi {
    /// On `port` (0: a free one); `api` reaches the local Cognito, at `endpoint`.
    pub fn start(
        api: Client,
        endpoint: &str,
        region: &str,
        port: u16,
    ) -> std::io::Result<HostedUi> {
        let shared = Arc::new(Shared {
            api,
            endpoint: endpoint.trim_end_matches('/').to_string(),
            region: region.to_string(),
            base: std::sync::OnceLock::new(),
            inner: Mutex::new(Inner::default()),
        });
        let router = Router::new()
            .route("/oauth2/authorize", get(authorize::authorize))
            .route("/login", get(authorize::authorize))
            .route("/saml2/idpresponse", post(authorize::idp_response))
            .route("/oauth2/token", post(tokens::token))
            .route("/issuer/.well-known/jwks.json", get(tokens::jwks))
            .route("/{pool}/.well-known/jwks.json", get(tokens::jwks))
            .route("/logout", get(logout))
            .route("/error", get(error_page))
            .with_state(shared.clone());
        let server = Server::start_on(router, port)?;
        let _ = shared.base.set(server.url(""));
        Ok(HostedUi { server })
    }

    pub fn base(&self) -> String {
        self.server.url("")
    }

    /// What the JWKS is fetched under (`OKTA_COGNITO_ISSUER_URL`).
    pub fn issuer_base(&self) -> String {
        self.server.url("/issuer")
    }
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The page Cognito shows when it cannot redirect back (unknown client, redirect_mismatch).
fn cognito_error_page(status: StatusCode, error: &str, detail: &str) -> Response {
    (
        status,
        Html(page(
            "Error (rehearsal hosted UI)",
            &format!(
                "<p class=\"rehearsal\">REHEARSAL — the local hosted UI.</p>\
                 <h1>An error was encountered with the requested page.</h1>\
                 <p><code>{}</code></p><p>{}</p>",
                escape(error),
                escape(detail)
            ),
        )),
    )
        .into_response()
}

/// Back to the application with Cognito's error parameters.
fn error_redirect(
    redirect_uri: &str,
    state: Option<&str>,
    error: &str,
    description: &str,
) -> Response {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("error_description", description);
    if let Some(s) = state {
        q.append_pair("state", s);
    }
    q.append_pair("error", error);
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{redirect_uri}{sep}{}", q.finish())).into_response()
}

/// The pool that holds `client_id`, and the client, as the hosted UI of that pool's domain
/// would know them.
async fn find_client(api: &Client, client_id: &str) -> Option<(String, UserPoolClientType)> {
    let mut pools = api
        .list_user_pools()
        .max_results(60)
        .into_paginator()
        .send();
    while let Some(Ok(page)) = pools.next().await {
        for pool in page.user_pools() {
            let Some(pool_id) = pool.id() else { continue };
            if let Ok(out) = api
                .describe_user_pool_client()
                .user_pool_id(pool_id)
                .client_id(client_id)
                .send()
                .await
                && let Some(c) = out.user_pool_client()
            {
                return Some((pool_id.to_string(), c.clone()));
            }
        }
    }
    None
}

#[derive(serde::Deserialize)]
struct LogoutQuery {
    client_id: Option<String>,
    logout_uri: Option<String>,
}

async fn logout(State(ui): Ui, Query(q): Query<LogoutQuery>) -> Response {
    let Some(client_id) = q.client_id.filter(|c| !c.is_empty()) else {
        return cognito_error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_id is missing",
        );
    };
    let Some((_, client)) = find_client(&ui.api, &client_id).await else {
        return cognito_error_page(StatusCode::BAD_REQUEST, "invalid_request", "no such client");
    };
    match q.logout_uri {
        Some(uri) if client.logout_urls().contains(&uri) => Redirect::to(&uri).into_response(),
        Some(uri) => cognito_error_page(
            StatusCode::BAD_REQUEST,
            "redirect_mismatch",
            &format!("{uri} is not one of the app client's sign-out URLs"),
        ),
        None => cognito_error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "logout_uri is missing",
        ),
    }
}

#[derive(serde::Deserialize)]
struct ErrorQuery {
    error: Option<String>,
    client_id: Option<String>,
}

async fn error_page(Query(q): Query<ErrorQuery>) -> Response {
    cognito_error_page(
        StatusCode::BAD_REQUEST,
        q.error.as_deref().unwrap_or("error"),
        &format!("client_id {}", q.client_id.unwrap_or_default()),
    )
}

//! The rehearsal's Okta org (and the tests' Okta): the management API endpoints `okta-app` and
//! `doctor` use, from Okta's
//! documented request and response shapes: SSWS, or OAuth 2.0 service apps with
//! `private_key_jwt` and DPoP (okta_oauth.rs), with scopes checked per endpoint; every POST
//! and PUT body held to Okta's published OpenAPI (openapi.rs; a violation is Okta's 400
//! `E0000001`, and is logged for the suite's count); Okta's error body, the `X-Rate-Limit-*`
//! headers, `Link` pagination with `after`, `q` prefix search, PUT replacing an app whole;
//! and each app's SAML metadata only where Okta serves it: publicly at
//! `/app/<external key exk…>/sso/saml/metadata`, and to a token at
//! `/api/v1/apps/<id>/sso/saml/metadata?kid=<signing kid>`; and each app's sign-in page at its
//! SSO URL (sign_in.rs), where a rehearsing admin picks the person and what Okta sends. It
//! records every request so tests can assert the exact JSON sent.

use crate::rehearse::server::Server;
use oauth::OAuth;

mod app_keys;
pub mod oauth;
pub mod openapi;
mod saml_request;
mod saml_response;
mod sign_in;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub const RATE_LIMIT: u64 = 600;

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub body: Option<Value>,
}

struct Inner {
    api_token: String,
    /// Authorization header values accepted, with the OAuth scopes each carries (None: SSWS).
    tokens: Vec<(String, Option<Vec<String>>)>,
    apps: Vec<Value>,
    groups: Vec<Value>,
    users: Vec<Value>,
    app_groups: HashMap<String, Vec<String>>,
    app_users: HashMap<String, Vec<String>>,
    requests: Vec<Recorded>,
    page_size: usize,
    /// Answer this many of the next API requests with 429.
    rate_limited: usize,
    reset_at: i64,
    /// Writes whose path contains this are refused with 403, as for an admin without the role.
    refuse_writes: Option<String>,
    next_id: u64,
    metadata: String,
    /// app id → the external key (`exk…`) of its public metadata URL.
    external_keys: HashMap<String, String>,
    pub oauth: OAuth,
    /// Bodies the contract refused, as `METHOD path: cause; cause`.
    violations: Vec<String>,
    /// Requests for the public metadata route (what Cognito fetches).
    public_fetches: Vec<Recorded>,
    /// Where each refused body is appended as a JSON line (the suite counts them).
    violations_log: Option<PathBuf>,
    /// Metadata names this org as the sign-on host (the rehearsal's sign-in page), not the
    /// real Okta host the document came from.
    local_sign_in: bool,
    /// Where responses to a non-loopback Single sign-on URL go instead (the local hosted UI):
    /// the rehearsal's only rerouting, so the Okta app holds the real-shaped Cognito URL.
    reroute_to: Option<String>,
    /// app id → the IdP metadata it serves instead of the template (a customer's document,
    /// its sign-on URLs pointed here), so a rehearsal shows the customer's certificates.
    own_metadata: HashMap<String, String>,
    /// group id → its members' user ids (`Everyone` holds every user without a list).
    members: HashMap<String, Vec<String>>,
    /// signing key id (`credentials.signing.kid`) → the key and the certificate its app's
    /// metadata publishes: each app its own, as at Okta.
    keys: HashMap<String, std::sync::Arc<crate::saml::xmldsig::sign::SigningKey>>,
    /// The public metadata route answers 503 (an outage between Okta and whoever reads it).
    public_metadata_down: bool,
    /// Apps whose console box "Validate SAML requests with signature certificates" is ticked
    /// (Signed Requests: the API has no member for it).
    validates_requests: std::collections::HashSet<String>,
    /// The AuthnRequest ids whose signature held, for the pages of that sign-in after the
    /// first (Okta keeps the request in its session).
    verified_requests: std::collections::VecDeque<String>,
    /// app id → the keys it holds (generated for it or cloned to it), oldest first.
    app_keys: HashMap<String, Vec<app_keys::Held>>,
    /// How long the certificates of new keys are valid (Okta's: ten years).
    certificate_days: i64,
}

impl Inner {
    fn validate_request_signatures(&mut self, app_id: &str, on: bool) {
        if on {
            self.validates_requests.insert(app_id.to_string());
        } else {
            self.validates_requests.remove(app_id);
        }
    }
}

/// How an org starts: the tests' (on a free port, logging violations for the suite) or a
/// rehearsal's (on its port, with its own sign-in page as the SSO URL).
#[derive(Debug, Clone, Default)]
pub struct OrgOptions {
    pub port: u16,
    pub violations_log: Option<PathBuf>,
    pub local_sign_in: bool,
    /// The local hosted UI's base URL, for the sign-in page's posts.
    pub reroute_to: Option<String>,
    /// The SSWS API token the org accepts; None: a random one, made for this org alone, so
    /// no other local user can drive a rehearsal's org with a token they can read here.
    pub api_token: Option<String>,
}

/// An API token of Okta's shape (`00` and 40 letters and digits), random.
fn random_api_token() -> String {
    use rand::Rng;
    use rand::distr::Alphanumeric;
    let tail: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    format!("00{tail}")
}

/// The real Okta document every app's metadata is made from (its entityID and sign-on URL
/// replaced by the app's).
const METADATA: &str = include_str!("../../../assets/rehearse/okta-app-metadata.xml");

#[derive(Clone)]
pub struct OktaOrg {
    inner: Arc<Mutex<Inner>>,
    pub server: Arc<Server>,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

impl OktaOrg {
    /// On a free port, refusing bodies without logging them anywhere.
    pub fn start() -> OktaOrg {
        Self::start_with(OrgOptions::default()).expect("bind a free loopback port")
    }

    pub fn start_with(options: OrgOptions) -> std::io::Result<OktaOrg> {
        let api_token = options.api_token.unwrap_or_else(random_api_token);
        let inner = Arc::new(Mutex::new(Inner {
            api_token: api_token.clone(),
            tokens: vec![(format!("SSWS {api_token}"), None)],
            apps: vec![],
            groups: vec![],
            users: vec![],
            app_groups: HashMap::new(),
            app_users: HashMap::new(),
            requests: vec![],
            page_size: 200,
            rate_limited: 0,
            reset_at: now() + 60,
            refuse_writes: None,
            next_id: 1,
            metadata: METADATA.to_string(),
            external_keys: HashMap::new(),
            oauth: OAuth {
                token_nonce: format!("standInNonce{}", rand::random::<u32>()),
                ..OAuth::default()
            },
            violations: vec![],
            public_fetches: vec![],
            violations_log: options.violations_log,
            local_sign_in: options.local_sign_in,
            reroute_to: options.reroute_to,
            members: HashMap::new(),
            own_metadata: HashMap::new(),
            keys: HashMap::new(),
            app_keys: HashMap::new(),
            public_metadata_down: false,
            validates_requests: Default::default(),
            verified_requests: Default::default(),
            certificate_days: 3650,
        }));
        let state = Arc::new(Mutex::new(None::<String>));
        let base = state.clone();
        let stand_in = StandInState {
            inner: inner.clone(),
            base,
        };
        let router = Router::new().fallback(handle).with_state(stand_in);
        let server = Server::start_on(router, options.port)?;
        *state.lock().unwrap() = Some(server.url(""));
        let s = OktaOrg {
            inner,
            server: Arc::new(server),
        };
        s.add_group("Everyone", "All users in your organization");
        Ok(s)
    }

    pub fn org_url(&self) -> String {
        self.server.url("")
    }

    /// The SSWS token this org accepts (`OKTA_API_TOKEN` for the rehearsal's commands).
    pub fn api_token(&self) -> String {
        self.inner.lock().unwrap().api_token.clone()
    }

    /// Also accept an OAuth access token carrying these scopes.
    pub fn accept_bearer(&self, token: &str, scopes: &[&str]) {
        self.inner.lock().unwrap().tokens.push((
            format!("Bearer {token}"),
            Some(scopes.iter().map(|s| s.to_string()).collect()),
        ));
    }

    /// Registers an API Services app whose public key is the pair of `key_file`, granted
    /// `scopes`; `require_dpop` as the console's "Require DPoP" checkbox (on by default for
    /// new apps).
    pub fn add_service_app(
        &self,
        client_id: &str,
        key_file: &std::path::Path,
        kid: Option<&str>,
        scopes: &[&str],
        require_dpop: bool,
    ) {
        let loaded = crate::idp::okta::private_key::load("key", key_file, None)
            .expect("a test service app's key file loads");
        let mut jwk = loaded.key.public_jwk();
        if let Some(k) = kid {
            jwk["kid"] = json!(k);
        }
        self.inner
            .lock()
            .unwrap()
            .oauth
            .apps
            .push(oauth::ServiceApp {
                client_id: client_id.to_string(),
                public_jwk: jwk,
                kid: kid.map(String::from),
                granted: scopes.iter().map(|s| s.to_string()).collect(),
                require_dpop,
            });
    }

    /// The API demands a DPoP nonce too, as a resource server may.
    pub fn require_api_nonce(&self) {
        self.inner.lock().unwrap().oauth.api_nonce =
            Some(format!("apiNonce{}", rand::random::<u32>()));
    }

    /// Token requests answered so far, by outcome (`issued` or the OAuth error).
    pub fn token_answers(&self) -> HashMap<String, usize> {
        self.inner.lock().unwrap().oauth.token_answers.clone()
    }

    /// Requests for the public metadata route, as Cognito would send them.
    pub fn public_fetches(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().public_fetches.clone()
    }

    /// Bodies Okta's OpenAPI refused in this stand-in's lifetime.
    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().unwrap().violations.clone()
    }

    /// The app's external key (`exk…`), as its public Metadata URL carries it.
    pub fn external_key(&self, app_id: &str) -> String {
        self.inner.lock().unwrap().external_keys[app_id].clone()
    }

    /// The public Metadata URL the console shows on the app's Sign On tab.
    pub fn public_metadata_url(&self, app_id: &str) -> String {
        format!(
            "{}/app/{}/sso/saml/metadata",
            self.org_url(),
            self.external_key(app_id)
        )
    }

    pub fn set_page_size(&self, n: usize) {
        self.inner.lock().unwrap().page_size = n;
    }

    pub fn rate_limit_next(&self, n: usize, reset_at: i64) {
        let mut i = self.inner.lock().unwrap();
        i.rate_limited = n;
        i.reset_at = reset_at;
    }

    /// The public metadata route fails (503) until called again with false.
    pub fn public_metadata_down(&self, down: bool) {
        self.inner.lock().unwrap().public_metadata_down = down;
    }

    /// Writes whose path contains `fragment` are refused (403); a fragment ending in `$`
    /// refuses only the paths that end with it.
    pub fn refuse_writes_containing(&self, fragment: Option<&str>) {
        self.inner.lock().unwrap().refuse_writes = fragment.map(String::from);
    }

    fn new_id(i: &mut Inner, prefix: &str) -> String {
        i.next_id += 1;
        format!("{prefix}{:017}", i.next_id)
    }

    /// The id of the group with this name, if the org has one.
    pub fn group_id(&self, name: &str) -> Option<String> {
        let i = self.inner.lock().unwrap();
        i.groups
            .iter()
            .find(|g| g["profile"]["name"].as_str() == Some(name))
            .and_then(|g| g["id"].as_str().map(String::from))
    }

    pub fn add_group(&self, name: &str, description: &str) -> String {
        let mut i = self.inner.lock().unwrap();
        let id = Self::new_id(&mut i, "00g");
        let kind = if name == "Everyone" {
            "BUILT_IN"
        } else {
            "OKTA_GROUP"
        };
        i.groups.push(json!({
            "id": id, "type": kind,
            "profile": {"name": name, "description": description},
        }));
        id
    }

    /// The apps made from now on get signing certificates valid for `days` days (a customer
    /// whose certificate is about to end is rehearsed with one).
    pub fn set_certificate_days(&self, days: i64) {
        self.inner.lock().unwrap().certificate_days = days;
    }

    /// What an admin does in the console to rotate an app's certificate (Sign On tab → SAML
    /// Signing Certificates → Generate new certificate, then Activate): a new key, made the
    /// app's active one (`credentials.signing.kid`). Its kid.
    pub fn rotate_signing_key(&self, app_id: &str) -> Option<String> {
        let mut i = self.inner.lock().unwrap();
        let name = app_keys::app_name(&i, app_id);
        let days = i.certificate_days;
        let kid = app_keys::generate(&mut i, app_id, &format!("{name}, rotated"), days)?;
        let app = i.apps.iter_mut().find(|a| a["id"] == json!(app_id))?;
        app_keys::activate(app, &kid);
        Some(kid)
    }

    /// Ticks (or clears) the app's "Validate SAML requests with signature certificates", as
    /// an admin does in the console (Signed Requests).
    pub fn validate_request_signatures(&self, app_id: &str, on: bool) {
        self.inner
            .lock()
            .unwrap()
            .validate_request_signatures(app_id, on);
    }

    /// The signing key app `app_id` signs with now (its `credentials.signing.kid`).
    fn active_key(
        i: &Inner,
        app_id: &str,
    ) -> Option<std::sync::Arc<crate::saml::xmldsig::sign::SigningKey>> {
        let app = i.apps.iter().find(|a| a["id"] == json!(app_id))?;
        i.keys
            .get(app["credentials"]["signing"]["kid"].as_str()?)
            .cloned()
    }

    /// The app serves `xml` as its metadata from now on (its entityID and certificates as
    /// they are; every SingleSignOnService location pointed at this org's sign-in page).
    pub fn serve_metadata(&self, app_id: &str, xml: &str) {
        let mut i = self.inner.lock().unwrap();
        i.own_metadata.insert(app_id.to_string(), xml.to_string());
        // The customer's key is not here: the app signs with one of its own, whose certificate
        // has the customer's validity (an expired one is rehearsed as expired) and replaces
        // theirs in the document it serves.
        let validity =
            crate::saml::inspect(xml.as_bytes(), None, None, time::OffsetDateTime::now_utc())
                .certificates
                .into_iter()
                .find(|c| c.key_use != "encryption")
                .and_then(|c| {
                    let parse = |s: &str| {
                        time::OffsetDateTime::parse(
                            s,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .ok()
                    };
                    Some((parse(&c.not_before)?, parse(&c.not_after)?, c.subject))
                });
        let kid = i
            .apps
            .iter()
            .find(|a| a["id"] == json!(app_id))
            .and_then(|a| {
                a["credentials"]["signing"]["kid"]
                    .as_str()
                    .map(String::from)
            });
        if let (Some((from, until, subject)), Some(kid)) = (validity, kid)
            && let Ok(key) = super::certificate::signing_key(&subject, from, until)
        {
            i.keys.insert(kid, std::sync::Arc::new(key));
        }
    }

    /// Makes `user` a member of `group` (both ids), as Directory → Groups → Assign people.
    pub fn add_member(&self, group: &str, user: &str) {
        let mut i = self.inner.lock().unwrap();
        i.members
            .entry(group.to_string())
            .or_default()
            .push(user.to_string());
    }

    /// The id of the person with this login, if the org has one.
    pub fn user_id(&self, login: &str) -> Option<String> {
        let i = self.inner.lock().unwrap();
        i.users
            .iter()
            .find(|u| u["profile"]["login"].as_str() == Some(login))
            .and_then(|u| u["id"].as_str().map(String::from))
    }

    pub fn add_user(&self, login: &str, first: &str, last: &str) -> String {
        let mut i = self.inner.lock().unwrap();
        let id = Self::new_id(&mut i, "00u");
        i.users.push(json!({
            "id": id, "status": "ACTIVE",
            "profile": {"login": login, "email": login, "firstName": first, "lastName": last},
        }));
        id
    }

    /// An app made in the console, as Okta would return it.
    pub fn add_app(&self, app: Value) -> String {
        let base = self.org_url();
        let mut i = self.inner.lock().unwrap();
        let id = Self::new_id(&mut i, "0oa");
        let name = app["name"]
            .as_str()
            .map(String::from)
            .unwrap_or_else(|| format!("standinorg_console_{}", i.apps.len() + 1));
        let app = stored(&mut i, app, &id, &name, &base);
        i.apps.push(app);
        id
    }

    /// Changes an app as an admin would in the console.
    pub fn edit_app(&self, id: &str, edit: impl FnOnce(&mut Value)) {
        let mut i = self.inner.lock().unwrap();
        let app = i.apps.iter_mut().find(|a| a["id"] == json!(id)).unwrap();
        edit(app);
    }

    pub fn apps(&self) -> Vec<Value> {
        self.inner.lock().unwrap().apps.clone()
    }

    pub fn app_groups(&self, app: &str) -> Vec<String> {
        let i = self.inner.lock().unwrap();
        i.app_groups.get(app).cloned().unwrap_or_default()
    }

    pub fn app_users(&self, app: &str) -> Vec<String> {
        let i = self.inner.lock().unwrap();
        i.app_users.get(app).cloned().unwrap_or_default()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().requests.clone()
    }

    /// Requests that changed something (POST, PUT, DELETE).
    pub fn writes(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.method != "GET")
            .collect()
    }

    pub fn clear_requests(&self) {
        self.inner.lock().unwrap().requests.clear();
    }
}

#[derive(Clone)]
struct StandInState {
    inner: Arc<Mutex<Inner>>,
    base: Arc<Mutex<Option<String>>>,
}

fn error(status: StatusCode, code: &str, summary: &str, causes: &[String]) -> (StatusCode, Value) {
    (
        status,
        json!({
            "errorCode": code,
            "errorSummary": summary,
            "errorLink": code,
            "errorId": "oaeStandIn0000000000000",
            "errorCauses": causes.iter().map(|c| json!({"errorSummary": c})).collect::<Vec<_>>(),
        }),
    )
}

fn not_found(what: &str, kind: &str) -> (StatusCode, Value) {
    error(
        StatusCode::NOT_FOUND,
        "E0000007",
        &format!("Not found: Resource not found: {what} ({kind})"),
        &[],
    )
}

fn query_map(q: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}

/// The OAuth scope a request needs, as Okta documents per endpoint.
fn scope_for(method: &Method, path: &str) -> &'static str {
    let write = method != Method::GET;
    if path.starts_with("/api/v1/groups") {
        "okta.groups.read"
    } else if path.starts_with("/api/v1/users") {
        "okta.users.read"
    } else if write {
        "okta.apps.manage"
    } else {
        "okta.apps.read"
    }
}

/// The most requests an org holds (the oldest go first), and the largest body it keeps whole:
/// a long rehearsal, or a caller sending megabytes, cannot make it grow without end.
const KEPT_REQUESTS: usize = 1000;
const KEPT_BODY_BYTES: usize = 64 * 1024;

fn keep(list: &mut Vec<Recorded>, mut r: Recorded) {
    if let Some(body) = &r.body {
        let size = body.to_string().len();
        if size > KEPT_BODY_BYTES {
            r.body = Some(json!({ "omitted_bytes": size }));
        }
    }
    if list.len() >= KEPT_REQUESTS {
        list.drain(..list.len() + 1 - KEPT_REQUESTS);
    }
    list.push(r);
}

async fn handle(
    State(s): State<StandInState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let base = s.base.lock().unwrap().clone().unwrap_or_default();
    let path = uri.path().to_string();
    let query = uri.query().unwrap_or("").to_string();
    let mut i = s.inner.lock().unwrap();

    if method == Method::POST
        && let Some(id) = path
            .strip_prefix("/_rehearsal/apps/")
            .and_then(|r| r.strip_suffix("/signed-requests"))
    {
        // The console's Signed Requests box, which Okta's API cannot tick: the rehearsal's
        // stand-in for that click, for the org's own token only.
        let token = format!("SSWS {}", i.api_token);
        if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(token.as_str()) {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        let validate = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v["validate"].as_bool());
        return match (validate, i.apps.iter().any(|a| a["id"] == json!(id))) {
            (Some(on), true) => {
                let id = id.to_string();
                i.validate_request_signatures(&id, on);
                StatusCode::NO_CONTENT.into_response()
            }
            (None, _) => {
                (StatusCode::BAD_REQUEST, "body: {\"validate\": true|false}").into_response()
            }
            (_, false) => StatusCode::NOT_FOUND.into_response(),
        };
    }

    if let Some(app) = path
        .strip_prefix("/app/")
        .and_then(|r| r.strip_suffix("/sso/saml"))
    {
        return sign_in::answer(&mut i, &method, app, &query, &body);
    }

    if method == Method::GET
        && let Some(key) = path
            .strip_prefix("/app/")
            .and_then(|r| r.strip_suffix("/sso/saml/metadata"))
    {
        // The public route, as Cognito fetches it: no credentials, the external key only.
        keep(
            &mut i.public_fetches,
            Recorded {
                method: method.to_string(),
                path: path.clone(),
                query: query.clone(),
                authorization: headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(String::from),
                body: None,
            },
        );
        if i.public_metadata_down {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "<html>Service unavailable</html>",
            )
                .into_response();
        }
        // An app serving a customer's document answers at the key its entityID names too,
        // so the Metadata URL made from that document (as Okta's is) reaches it.
        let customer_entity = format!("entityID=\"http://www.okta.com/{key}\"");
        let app = i
            .external_keys
            .iter()
            .find(|(_, k)| k.as_str() == key)
            .map(|(id, _)| id.clone())
            .or_else(|| {
                i.own_metadata
                    .iter()
                    .find(|(_, xml)| xml.contains(&customer_entity))
                    .map(|(id, _)| id.clone())
            })
            .and_then(|id| i.apps.iter().find(|a| a["id"] == json!(id)));
        return match app {
            Some(app) => (
                [("content-type", "application/xml")],
                metadata_for(&i, app, &base, None),
            )
                .into_response(),
            None => (
                StatusCode::NOT_FOUND,
                [("content-type", "text/html")],
                "<html>Not found</html>",
            )
                .into_response(),
        };
    }

    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let dpop = headers
        .get("dpop")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let json_body: Option<Value> = if body.is_empty() {
        None
    } else {
        serde_json::from_slice(&body).ok()
    };
    // Kept only once the caller has proved who it is: an unauthenticated caller must not be
    // able to make the org hold what it sends.
    let recorded = Recorded {
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        authorization: authorization.clone(),
        body: json_body.clone(),
    };

    if method == Method::POST && path == oauth::TOKEN_PATH {
        let form = query_map(&String::from_utf8_lossy(&body));
        let (status, value, extra) = i.oauth.token(&base, &form, dpop.as_deref());
        if status == 200 {
            keep(&mut i.requests, recorded);
        }
        let mut resp = (
            StatusCode::from_u16(status).unwrap(),
            [("content-type", "application/json")],
            value.to_string(),
        )
            .into_response();
        for (k, v) in extra {
            resp.headers_mut().insert(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(&v).unwrap(),
            );
        }
        return resp;
    }

    let reset = i.reset_at;
    let (status, value, extra): (StatusCode, Value, Vec<(String, String)>) = 'answer: {
        let token = i
            .tokens
            .iter()
            .find(|(t, _)| Some(t) == authorization.as_ref())
            .cloned();
        let scopes = match token {
            Some((_, scopes)) => scopes,
            None => {
                let url = format!("{base}{path}");
                match i.oauth.authorise_api(
                    authorization.as_deref().unwrap_or(""),
                    dpop.as_deref(),
                    method.as_str(),
                    &url,
                ) {
                    Ok(scopes) => Some(scopes),
                    Err((code, summary, headers)) => {
                        let (st, v) = error(StatusCode::UNAUTHORIZED, &code, &summary, &[]);
                        break 'answer (st, v, headers);
                    }
                }
            }
        };
        keep(&mut i.requests, recorded);
        if i.rate_limited > 0 {
            i.rate_limited -= 1;
            let (st, v) = error(
                StatusCode::TOO_MANY_REQUESTS,
                "E0000047",
                "API call exceeded rate limit due to too many requests.",
                &[],
            );
            break 'answer (st, v, vec![("x-rate-limit-remaining".into(), "0".into())]);
        }
        if let Some(scopes) = scopes {
            let needed = scope_for(&method, &path);
            let read_ok = needed.ends_with(".read")
                && scopes
                    .iter()
                    .any(|s| s == &needed.replace(".read", ".manage"));
            if !scopes.iter().any(|s| s == needed) && !read_ok {
                let (st, v) = error(
                    StatusCode::FORBIDDEN,
                    "E0000006",
                    "You do not have permission to perform the requested action",
                    &[],
                );
                let h = format!(
                    "Bearer authorization_uri=\"{base}/oauth2/v1/authorize\", realm=\"IdpMyAccountAPI\", scope=\"{needed}\", error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\", resource=\"{path}\""
                );
                break 'answer (st, v, vec![("www-authenticate".into(), h)]);
            }
        }
        if method != Method::GET
            && i.refuse_writes
                .as_ref()
                .is_some_and(|f| match f.strip_suffix('$') {
                    // `…$`: the path must end there (the app, not what is under it).
                    Some(end) => path.ends_with(end),
                    None => path.contains(f.as_str()),
                })
        {
            let (st, v) = error(
                StatusCode::FORBIDDEN,
                "E0000006",
                "You do not have permission to perform the requested action",
                &[],
            );
            break 'answer (st, v, vec![]);
        }
        if method != Method::GET && !body.is_empty() {
            let Some(b) = &json_body else {
                let (st, v) = error(
                    StatusCode::BAD_REQUEST,
                    "E0000003",
                    "The request body was not well-formed.",
                    &[],
                );
                break 'answer (st, v, vec![]);
            };
            let causes = openapi::contract().request_violations(method.as_str(), &path, b);
            if !causes.is_empty() {
                let expected = headers.get("x-expect-violation").is_some();
                let line = format!("{method} {path}");
                let (st, v) = refuse_violation(&mut i, &line, "app", &causes, expected);
                break 'answer (st, v, vec![]);
            }
        }
        let causes =
            openapi::contract().query_violations(method.as_str(), &path, &query_map(&query));
        if !causes.is_empty() {
            let expected = headers.get("x-expect-violation").is_some();
            let line = format!("{method} {path}?{query}");
            let (st, v) = refuse_violation(&mut i, &line, "query", &causes, expected);
            break 'answer (st, v, vec![]);
        }
        if method == Method::GET
            && let Some(id) = path
                .strip_prefix("/api/v1/apps/")
                .and_then(|r| r.strip_suffix("/sso/saml/metadata"))
        {
            let q = query_map(&query);
            let app = i.apps.iter().find(|a| a["id"] == json!(id)).cloned();
            // Any key the app holds: Okta previews the metadata an inactive key would give.
            let asked = q.get("kid").filter(|k| app_keys::holds(&i, id, k));
            match (app, asked) {
                (Some(app), Some(kid)) => {
                    let xml = metadata_for(&i, &app, &base, Some(kid));
                    return ([("content-type", "application/xml")], xml).into_response();
                }
                (Some(_), _) => {
                    let (st, v) = not_found(q.get("kid").map_or("(no kid)", String::as_str), "Key");
                    break 'answer (st, v, vec![]);
                }
                (None, _) => {
                    let (st, v) = not_found(id, "AppInstance");
                    break 'answer (st, v, vec![]);
                }
            }
        }
        let (st, v, link) = route(&mut i, &base, &method, &path, &query, json_body);
        let extra = link
            .map(|l| vec![("link".to_string(), l)])
            .unwrap_or_default();
        (st, v, extra)
    };
    let mut resp = (
        status,
        [("content-type", "application/json")],
        value.to_string(),
    )
        .into_response();
    let h = resp.headers_mut();
    h.insert("x-rate-limit-limit", HeaderValue::from(RATE_LIMIT));
    h.insert("x-rate-limit-remaining", HeaderValue::from(RATE_LIMIT - 1));
    h.insert("x-rate-limit-reset", HeaderValue::from(reset));
    for (k, v) in extra {
        h.insert(
            axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(&v).unwrap(),
        );
    }
    resp
}

type Answer = (StatusCode, Value, Option<String>);

fn ok(v: Value) -> Answer {
    (StatusCode::OK, v, None)
}

fn err((s, v): (StatusCode, Value)) -> Answer {
    (s, v, None)
}

/// One page of `items` from the `after` cursor, with the `Link` header Okta sends.
fn page(
    items: Vec<Value>,
    base: &str,
    path: &str,
    q: &HashMap<String, String>,
    cap: usize,
) -> Answer {
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(20)
        .min(cap)
        .max(1);
    let start = q
        .get("after")
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(0);
    let end = (start + limit).min(items.len());
    let slice = items.get(start..end).unwrap_or(&[]).to_vec();
    let mut keep: Vec<(String, String)> = q
        .iter()
        .filter(|(k, _)| k.as_str() != "after")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    keep.sort();
    let encode = |pairs: &[(String, String)]| {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    };
    let mut link = format!("<{base}{path}?{}>; rel=\"self\"", encode(&keep));
    if end < items.len() {
        keep.push(("after".into(), end.to_string()));
        link.push_str(&format!(", <{base}{path}?{}>; rel=\"next\"", encode(&keep)));
    }
    (StatusCode::OK, Value::Array(slice), Some(link))
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.to_lowercase().starts_with(&prefix.to_lowercase())
}

/// What Okta checks beyond the schema: values that may not be blank.
fn validate_app(app: &Value) -> Vec<String> {
    let mut causes = vec![];
    if app["label"].as_str().is_none_or(|l| l.trim().is_empty()) {
        causes.push("label: The field cannot be left blank".to_string());
    }
    if app["signOnMode"] != json!("SAML_2_0") {
        causes.push("signOnMode: The field must be SAML_2_0 for this stand-in".to_string());
    }
    let so = &app["settings"]["signOn"];
    for k in ["ssoAcsUrl", "audience"] {
        if so[k].as_str().is_none_or(str::is_empty) {
            causes.push(format!(
                "settings.signOn.{k}: The field cannot be left blank"
            ));
        }
    }
    causes
}

/// Okta's 400 for an app body that misses what it requires.
fn refuse_invalid(app: &Value) -> Option<Answer> {
    let causes = validate_app(app);
    (!causes.is_empty()).then(|| {
        err(error(
            StatusCode::BAD_REQUEST,
            "E0000001",
            "Api validation failed: app",
            &causes,
        ))
    })
}

/// What Okta adds to an app it stores: ids, its name, a signing key, links, defaults for
/// what was not sent, and an external key for its public metadata.
fn stored(i: &mut Inner, mut app: Value, id: &str, name: &str, base: &str) -> Value {
    app["id"] = json!(id);
    app["name"] = json!(name);
    if !i.external_keys.contains_key(id) {
        let key = format!("exk{}", &id[3..]);
        i.external_keys.insert(id.to_string(), key);
    }
    app.as_object_mut()
        .unwrap()
        .entry("status")
        .or_insert(json!("ACTIVE"));
    app["created"] = json!("2026-11-26T12:00:00.000Z");
    app["lastUpdated"] = json!("2026-11-26T12:00:00.000Z");
    app["features"] = json!([]);
    let obj = app.as_object_mut().unwrap();
    let creds = obj.entry("credentials").or_insert(
        json!({"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"}}),
    );
    let kid = format!("standInKid{}", &id[3..]);
    let signing = creds
        .as_object_mut()
        .unwrap()
        .entry("signing")
        .or_insert(json!({}));
    signing
        .as_object_mut()
        .unwrap()
        .entry("kid")
        .or_insert(json!(kid));
    if !i.keys.contains_key(&kid)
        && let Ok(key) = {
            let now = time::OffsetDateTime::now_utc();
            super::certificate::signing_key(
                &format!("{name} (rehearsal)"),
                now - time::Duration::days(1),
                now + time::Duration::days(i.certificate_days),
            )
        }
    {
        i.keys.insert(kid.clone(), std::sync::Arc::new(key));
    }
    signing
        .as_object_mut()
        .unwrap()
        .entry("lastRotated")
        .or_insert(json!("2026-11-26T12:00:00.000Z"));
    signing["nextRotation"] = json!("2028-11-26T12:00:00.000Z");
    let kid = app["credentials"]["signing"]["kid"]
        .as_str()
        .unwrap()
        .to_string();
    if !i.app_keys.contains_key(id) {
        app_keys::hold(
            &mut i.app_keys,
            id,
            &kid,
            time::OffsetDateTime::now_utc() - time::Duration::days(1),
        );
    }
    let so = &mut app["settings"]["signOn"];
    if let Some(o) = so.as_object_mut() {
        o.entry("idpIssuer")
            .or_insert(json!("http://www.okta.com/${org.externalKey}"));
        o.entry("defaultRelayState").or_insert(Value::Null);
        o.entry("slo").or_insert(json!({"enabled": false}));
        if let Some(Value::Array(st)) = o.get_mut("attributeStatements") {
            for s in st {
                if s["type"] == json!("EXPRESSION") {
                    let s = s.as_object_mut().unwrap();
                    s.entry("filterType").or_insert(Value::Null);
                    s.entry("filterValue").or_insert(Value::Null);
                }
            }
        }
    }
    app["_links"] = json!({
        "metadata": {"href": format!("{base}/api/v1/apps/{id}/sso/saml/metadata?kid={kid}"), "type": "application/xml"},
        "users": {"href": format!("{base}/api/v1/apps/{id}/users")},
        "groups": {"href": format!("{base}/api/v1/apps/{id}/groups")},
    });
    app
}

/// `xml` with the content of every `X509Certificate` element replaced by `certificate`.
fn replace_certificates(xml: &str, certificate: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(open) = rest.find("X509Certificate>") {
        let body_at = open + "X509Certificate>".len();
        // An opening tag (`<ds:X509Certificate>`), not a closing one (`</ds:X509…`).
        let is_open = rest[..open]
            .rsplit('<')
            .next()
            .is_some_and(|tag| !tag.starts_with('/'));
        let Some(close) = rest[body_at..].find('<') else {
            break;
        };
        if is_open {
            out.push_str(&rest[..body_at]);
            out.push_str(certificate);
        } else {
            out.push_str(&rest[..body_at + close]);
        }
        rest = &rest[body_at + close..];
    }
    out.push_str(rest);
    out
}

/// The app's metadata: the real Okta document, with this app's entityID and sign-on URL.
fn metadata_for(i: &Inner, app: &Value, base: &str, kid: Option<&str>) -> String {
    let id = app["id"].as_str().unwrap_or("");
    let key = i.external_keys.get(id).cloned().unwrap_or_default();
    let name = app["name"].as_str().unwrap_or("");
    let host = if i.local_sign_in {
        base
    } else {
        "https://dev-890556.okta.com"
    };
    let signing = match kid {
        Some(k) => i.keys.get(k).cloned(),
        None => OktaOrg::active_key(i, id),
    };
    let published = |xml: String| match &signing {
        Some(k) => replace_certificates(&xml, &k.certificate),
        None => xml,
    };
    if let Some(own) = i.own_metadata.get(id) {
        return published(sign_in::pointed_here(
            own,
            &format!("{host}/app/{name}/{key}/sso/saml"),
        ));
    }
    published(i.metadata
        .replace(
            "https://dev-890556.okta.com/app/pactflowdev890556_pactflow_1/exkpvtn73rd6mMmF34x6/sso/saml",
            &format!("{host}/app/{name}/{key}/sso/saml"),
        )
        .replace(
            "http://www.okta.com/exkpvtn73rd6mMmF34x6",
            &format!("http://www.okta.com/{key}"),
        ))
}

/// A request the contract refuses: recorded (and logged for the suite's count unless the
/// test said it expects it), and answered as Okta answers, `E0000001`.
fn refuse_violation(
    i: &mut Inner,
    request: &str,
    what: &str,
    causes: &[String],
    expected: bool,
) -> (StatusCode, Value) {
    let line = format!("{request}: {}", causes.join("; "));
    i.violations.push(line.clone());
    if !expected {
        log_violation(i.violations_log.as_deref(), &line);
    }
    error(
        StatusCode::BAD_REQUEST,
        "E0000001",
        &format!("Api validation failed: {what}"),
        causes,
    )
}

fn log_violation(log: Option<&std::path::Path>, line: &str) {
    use std::io::Write as _;
    let Some(log) = log else { return };
    let record = json!({"violation": line}).to_string();
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
    {
        let _ = writeln!(f, "{record}");
    }
}

fn route(
    i: &mut Inner,
    base: &str,
    method: &Method,
    path: &str,
    query: &str,
    body: Option<Value>,
) -> Answer {
    let q = query_map(query);
    let parts: Vec<&str> = path.trim_start_matches("/api/v1/").split('/').collect();
    let cap = i.page_size;
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["apps"]) => {
            let wanted = q.get("q").cloned().unwrap_or_default();
            let items = i
                .apps
                .iter()
                .filter(|a| {
                    starts_with_ci(a["label"].as_str().unwrap_or(""), &wanted)
                        || starts_with_ci(a["name"].as_str().unwrap_or(""), &wanted)
                })
                .cloned()
                .collect();
            page(items, base, path, &q, cap)
        }
        ("POST", ["apps"]) => {
            let app = body.unwrap_or(Value::Null);
            if let Some(refused) = refuse_invalid(&app) {
                return refused;
            }
            let id = OktaOrg::new_id(i, "0oa");
            let name = format!("standinorg_{}_{}", i.apps.len() + 1, "samlapp");
            let app = stored(i, app, &id, &name, base);
            i.apps.push(app.clone());
            ok(app)
        }
        (m, ["apps", id]) => {
            let Some(pos) = i.apps.iter().position(|a| a["id"] == json!(id)) else {
                return err(not_found(id, "AppInstance"));
            };
            match m {
                "GET" => ok(i.apps[pos].clone()),
                "PUT" => {
                    let mut app = body.unwrap_or(Value::Null);
                    if let Some(refused) = refuse_invalid(&app) {
                        return refused;
                    }
                    // The name and the signing key are Okta's, not the request's.
                    let name = i.apps[pos]["name"].as_str().unwrap_or("").to_string();
                    let active = i.apps[pos]["credentials"]["signing"]["kid"].clone();
                    let asked = app["credentials"]["signing"]["kid"].clone();
                    if asked.is_null() {
                        app["credentials"]["signing"]["kid"] = active.clone();
                    } else if asked != active {
                        // Naming another of the app's keys activates it: Okta's rotation.
                        let kid = asked.as_str().unwrap_or("");
                        if !app_keys::holds(i, id, kid) {
                            return app_keys::unknown_kid(kid);
                        }
                    }
                    // PUT replaces: whatever was not sent is gone.
                    let mut app = stored(i, app, id, &name, base);
                    app["status"] = i.apps[pos]["status"].clone();
                    if let Some(kid) = asked.as_str().filter(|_| asked != active) {
                        app_keys::activate(&mut app, kid);
                    } else {
                        app["credentials"]["signing"]["lastRotated"] =
                            i.apps[pos]["credentials"]["signing"]["lastRotated"].clone();
                    }
                    i.apps[pos] = app.clone();
                    ok(app)
                }
                _ => err(not_found(path, "Route")),
            }
        }
        ("POST", ["apps", id, "lifecycle", "activate"]) => {
            match i.apps.iter_mut().find(|a| a["id"] == json!(id)) {
                Some(a) => {
                    a["status"] = json!("ACTIVE");
                    ok(json!({}))
                }
                None => err(not_found(id, "AppInstance")),
            }
        }
        (m, ["apps", id, rest @ ..]) if !i.apps.iter().any(|a| a["id"] == json!(id)) => {
            let _ = (m, rest);
            err(not_found(id, "AppInstance"))
        }
        (m, ["apps", _, "credentials", "keys", ..]) => {
            app_keys::route(i, m, &parts, &q).unwrap_or_else(|| err(not_found(path, "Route")))
        }
        ("GET", ["apps", id, "groups"]) => {
            let ids = i.app_groups.get(*id).cloned().unwrap_or_default();
            let items = ids
                .iter()
                .map(|g| json!({"id": g, "priority": 0}))
                .collect();
            page(items, base, path, &q, cap)
        }
        ("PUT", ["apps", id, "groups", gid]) => {
            if !i.groups.iter().any(|g| g["id"] == json!(gid)) {
                return err(not_found(gid, "UserGroup"));
            }
            let list = i.app_groups.entry(id.to_string()).or_default();
            if !list.contains(&gid.to_string()) {
                list.push(gid.to_string());
            }
            ok(json!({"id": gid, "priority": 0, "lastUpdated": "2026-11-26T12:00:00.000Z"}))
        }
        ("GET", ["apps", id, "users"]) => {
            let ids = i.app_users.get(*id).cloned().unwrap_or_default();
            let items = ids
                .iter()
                .map(|u| json!({"id": u, "scope": "USER"}))
                .collect();
            page(items, base, path, &q, cap)
        }
        ("GET", ["apps", id, "users", uid]) => {
            let assigned = i
                .app_users
                .get(*id)
                .is_some_and(|l| l.contains(&uid.to_string()));
            if assigned {
                ok(json!({"id": uid, "scope": "USER", "status": "ACTIVE"}))
            } else {
                err(not_found(uid, "AppUser"))
            }
        }
        ("POST", ["apps", id, "users"]) => {
            let uid = body
                .as_ref()
                .and_then(|b| b["id"].as_str())
                .unwrap_or("")
                .to_string();
            let Some(user) = i.users.iter().find(|u| u["id"] == json!(uid)).cloned() else {
                return err(not_found(&uid, "User"));
            };
            let list = i.app_users.entry(id.to_string()).or_default();
            if !list.contains(&uid) {
                list.push(uid.clone());
            }
            ok(json!({"id": uid, "scope": "USER", "status": "PROVISIONED",
                "credentials": {"userName": user["profile"]["login"]}}))
        }
        ("GET", ["groups"]) => {
            let wanted = q.get("q").cloned().unwrap_or_default();
            let items = i
                .groups
                .iter()
                .filter(|g| starts_with_ci(g["profile"]["name"].as_str().unwrap_or(""), &wanted))
                .cloned()
                .collect();
            page(items, base, path, &q, cap)
        }
        ("GET", ["users"]) => {
            let active_only = q.get("filter").is_some_and(|f| f == "status eq \"ACTIVE\"");
            let items = i
                .users
                .iter()
                .filter(|u| !active_only || u["status"] == json!("ACTIVE"))
                .cloned()
                .collect();
            page(items, base, path, &q, cap)
        }
        ("GET", ["users", key]) => {
            let key = percent_decode(key);
            match i
                .users
                .iter()
                .find(|u| u["id"] == json!(key) || u["profile"]["login"] == json!(key))
            {
                Some(u) => ok(u.clone()),
                None => err(not_found(&key, "User")),
            }
        }
        _ => err(not_found(path, "Route")),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k] == b'%'
            && k + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[k + 1..k + 3], 16)
        {
            out.push(b);
            k += 3;
        } else {
            out.push(bytes[k]);
            k += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

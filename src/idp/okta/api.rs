//! The Okta management API over reqwest: JSON in and out, one way of authorising every call
//! (API token, or a service app's OAuth token with a DPoP proof per call), Link-header
//! pagination kept on the org's own origin, and every failure turned into a Finding.

use super::credentials::{Auth, Credentials};
use super::dpop::{self, Dpop, Server};
use super::errors::{self, Failure, RateLimit};
use super::oauth::{self, AccessToken};
use crate::finding::Finding;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, LOCATION, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Enough for 20,000 objects at 200 a page; more means something loops.
const MAX_PAGES: usize = 100;
pub const PAGE_SIZE: &str = "200";
/// A rate-limited request is retried once if the window reopens within this many seconds.
pub const MAX_RATE_WAIT_SECS: i64 = 15;

/// What making and assigning the app may need; a service app's token asks for exactly the
/// ones a run uses (`scopes_for`).
pub const MANAGE_SCOPES: &[&str] = &["okta.apps.manage", "okta.groups.read", "okta.users.read"];
/// The scopes an `okta-app` run needs: the app always; groups and people only when some are
/// to be found by name.
pub fn scopes_for(groups: bool, people: bool) -> Vec<&'static str> {
    let mut s = vec!["okta.apps.manage"];
    if groups {
        s.push("okta.groups.read");
    }
    if people {
        s.push("okta.users.read");
    }
    s
}

/// `doctor` only reads the app, its metadata and whether anyone is assigned.
pub const READ_SCOPES: &[&str] = &["okta.apps.read"];
/// What the doctor asks for when the app holds the manage grant and not the read one.
const READ_WITH_MANAGE_GRANT: &[&str] = &["okta.apps.manage"];

pub struct Api {
    http: reqwest::Client,
    creds: Credentials,
    calls: AtomicUsize,
    scopes: Vec<&'static str>,
    /// A key pair for this run's DPoP proofs (service apps only).
    dpop: Option<Dpop>,
    /// The service app's access token, fetched on the first call.
    token: tokio::sync::Mutex<Option<AccessToken>>,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("org_url", &self.creds.org_url)
            .finish_non_exhaustive()
    }
}

struct Answer {
    status: StatusCode,
    json: Value,
    next: Option<String>,
}

impl Api {
    pub fn new(creds: Credentials, scopes: &[&'static str]) -> Result<Api, Finding> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            // Okta's API does not redirect; a redirect means the URL is not the API, and
            // following it could carry the token elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("okta-cognito/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                Finding::error(
                    crate::finding::codes::OKTA_CLIENT_SETUP,
                    format!("cannot set up an HTTPS client for the Okta API: {e}"),
                    "This machine's TLS set-up is unusual; report it with the message above.",
                )
            })?;
        let dpop = match creds.auth {
            Auth::ServiceApp(_) => Some(Dpop::new()?),
            Auth::Token(_) => None,
        };
        Ok(Api {
            http,
            creds,
            calls: AtomicUsize::new(0),
            scopes: scopes.to_vec(),
            dpop,
            token: tokio::sync::Mutex::new(None),
        })
    }

    /// The `Authorization` value, and the access token when a DPoP proof must go with it.
    async fn authorization(&self) -> Result<(String, Option<String>), Finding> {
        let app = match &self.creds.auth {
            Auth::Token(t) => return Ok((t.header_value(), None)),
            Auth::ServiceApp(app) => app,
        };
        let dpop = self
            .dpop
            .as_ref()
            .expect("a service app's Api has a DPoP key");
        let mut slot = self.token.lock().await;
        if slot.is_none() {
            self.calls.fetch_add(1, Ordering::Relaxed);
            let org = &self.creds.org_url;
            let t = match oauth::access_token(&self.http, org, app, &self.scopes, dpop).await {
                // A service app granted only okta.apps.manage cannot ask for okta.apps.read
                // (Okta grants scopes one by one); the doctor still only reads with it.
                Err(f)
                    if f.code == crate::finding::codes::OKTA_SCOPE_NOT_GRANTED
                        && self.scopes == READ_SCOPES =>
                {
                    self.calls.fetch_add(1, Ordering::Relaxed);
                    oauth::access_token(&self.http, org, app, READ_WITH_MANAGE_GRANT, dpop)
                        .await
                        .map_err(|_| f)?
                }
                other => other?,
            };
            *slot = Some(t);
        }
        let t = slot.as_ref().expect("set above");
        Ok(if t.dpop {
            (format!("DPoP {}", t.value), Some(t.value.clone()))
        } else {
            (format!("Bearer {}", t.value), None)
        })
    }

    pub fn credentials(&self) -> &Credentials {
        &self.creds
    }

    /// Requests sent so far (for the README's figures and the tests).
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::Relaxed)
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> String {
        let mut u = url::Url::parse(&format!("{}{path}", self.creds.org_url))
            .expect("org URL and API path form a URL");
        if !query.is_empty() {
            u.query_pairs_mut().extend_pairs(query);
        }
        u.into()
    }

    async fn send_once(
        &self,
        method: &Method,
        url: &str,
        body: Option<&Value>,
        accept: &str,
        doing: &str,
    ) -> Result<(StatusCode, HeaderMap, String), Finding> {
        let org = self.creds.org_host();
        let (authorization, bound_token) = self.authorization().await?;
        let mut req = self
            .http
            .request(method.clone(), url)
            .header(AUTHORIZATION, authorization)
            .header(ACCEPT, accept);
        if let (Some(token), Some(d)) = (&bound_token, &self.dpop) {
            let proof = d
                .proof(Server::Api, method.as_str(), url, Some(token))
                .ok_or_else(|| errors::malformed(doing, org, "no DPoP proof could be signed"))?;
            req = req.header(dpop::HEADER, proof);
        }
        if let Some(b) = body {
            req = req.header(CONTENT_TYPE, "application/json").json(b);
        }
        self.calls.fetch_add(1, Ordering::Relaxed);
        let resp = req.send().await.map_err(|e| {
            tracing::warn!(%method, path = %path_of(url), "okta call: no answer");
            errors::transport(doing, org, &e)
        })?;
        let status = resp.status();
        let headers = resp.headers().clone();
        // Okta's request id is what Okta Support asks for.
        tracing::info!(
            %method,
            path = %path_of(url),
            status = status.as_u16(),
            request_id = header(&headers, "x-okta-request-id").as_deref().unwrap_or("-"),
            "okta call"
        );
        let body = match crate::http_body::read_capped(resp, crate::http_body::MAX_API_BODY).await {
            Ok(b) => b,
            Err(crate::http_body::BodyError::Transport(e)) => {
                return Err(errors::transport(doing, org, &e));
            }
            Err(too_large) => return Err(errors::body_too_large(doing, org, &too_large)),
        };
        let text = String::from_utf8_lossy(&body).into_owned();
        Ok((status, headers, text))
    }

    /// One request, with the one rate-limit wait and the one DPoP nonce retry allowed;
    /// the raw answer, failures not yet judged.
    async fn exchange(
        &self,
        method: &Method,
        url: &str,
        body: Option<&Value>,
        accept: &str,
        doing: &str,
    ) -> Result<(StatusCode, HeaderMap, String), Finding> {
        let mut rate_waited = false;
        let mut nonce_retried = false;
        loop {
            let (status, headers, text) = self.send_once(method, url, body, accept, doing).await?;
            if status == StatusCode::UNAUTHORIZED
                && !nonce_retried
                && let Some(d) = &self.dpop
                && header(&headers, WWW_AUTHENTICATE.as_str())
                    .is_some_and(|h| h.contains("use_dpop_nonce"))
                && d.take_nonce(Server::Api, &headers)
            {
                nonce_retried = true;
                continue;
            }
            if status == StatusCode::TOO_MANY_REQUESTS
                && !rate_waited
                && let Some(wait) = short_wait(&rate_limit(&headers))
            {
                // A window that reopens in seconds is waited out once; a longer one is the
                // user's call, reported with its reset time.
                tracing::info!(
                    wait_ms = wait.as_millis() as u64,
                    "okta rate limit: waiting"
                );
                tokio::time::sleep(wait).await;
                rate_waited = true;
                continue;
            }
            return Ok((status, headers, text));
        }
    }

    fn failure(&self, status: StatusCode, headers: &HeaderMap, text: String) -> Failure {
        Failure {
            status: status.as_u16(),
            content_type: header(headers, CONTENT_TYPE.as_str()),
            body: text,
            rate: rate_limit(headers),
            authenticate: header(headers, WWW_AUTHENTICATE.as_str()),
            location: header(headers, LOCATION.as_str()),
            service_app: matches!(self.creds.auth, Auth::ServiceApp(_)),
        }
    }

    async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
        doing: &str,
    ) -> Result<Answer, Finding> {
        let org = self.creds.org_host();
        let (status, headers, text) = {
            let (status, headers, text) = self
                .exchange(&method, url, body, "application/json", doing)
                .await?;
            (status, headers, text)
        };
        if !status.is_success() {
            let failure = self.failure(status, &headers, text);
            if status == StatusCode::NOT_FOUND && is_okta_json(&failure.body) {
                return Ok(Answer {
                    status,
                    json: Value::Null,
                    next: None,
                });
            }
            return Err(errors::finding(
                doing,
                org,
                &failure,
                time::OffsetDateTime::now_utc(),
            ));
        }
        let json = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).map_err(|e| {
                let kind = header(&headers, CONTENT_TYPE.as_str()).unwrap_or_default();
                errors::malformed(doing, org, &format!("{e} (content type {kind:?})"))
            })?
        };
        let next = next_link(&headers).filter(|n| self.same_origin(n));
        Ok(Answer { status, json, next })
    }

    fn same_origin(&self, url: &str) -> bool {
        url.starts_with(&format!("{}/", self.creds.org_url))
    }

    /// A document that is not JSON (the app's SAML metadata), `None` on Okta's 404.
    pub async fn get_text(
        &self,
        path: &str,
        query: &[(&str, &str)],
        accept: &str,
        doing: &str,
    ) -> Result<Option<String>, Finding> {
        let url = self.url(path, query);
        let (status, headers, text) = self
            .exchange(&Method::GET, &url, None, accept, doing)
            .await?;
        if status.is_success() {
            return Ok(Some(text));
        }
        if status == StatusCode::NOT_FOUND && is_okta_json(&text) {
            return Ok(None);
        }
        Err(errors::finding(
            doing,
            self.creds.org_host(),
            &self.failure(status, &headers, text),
            time::OffsetDateTime::now_utc(),
        ))
    }

    /// One object, `None` when Okta says it does not exist (404 with its error body).
    pub async fn get(&self, path: &str, doing: &str) -> Result<Option<Value>, Finding> {
        let a = self
            .send(Method::GET, &self.url(path, &[]), None, doing)
            .await?;
        Ok((a.status != StatusCode::NOT_FOUND).then_some(a.json))
    }

    /// Every page of a list, following `Link: <…>; rel="next"`.
    pub async fn list(
        &self,
        path: &str,
        query: &[(&str, &str)],
        doing: &str,
    ) -> Result<Vec<Value>, Finding> {
        self.list_pages(path, query, MAX_PAGES, doing).await
    }

    /// At most `pages` pages: for lists a person picks from, where the first page is plenty.
    pub async fn list_pages(
        &self,
        path: &str,
        query: &[(&str, &str)],
        pages: usize,
        doing: &str,
    ) -> Result<Vec<Value>, Finding> {
        let mut url = self.url(path, query);
        let mut out = Vec::new();
        for page in 0..MAX_PAGES {
            if page == pages {
                return Ok(out);
            }
            let a = self.send(Method::GET, &url, None, doing).await?;
            match a.json {
                Value::Array(items) => out.extend(items),
                Value::Null if a.status == StatusCode::NOT_FOUND => return Ok(out),
                other => {
                    return Err(errors::malformed(
                        doing,
                        self.creds.org_host(),
                        &format!("expected a list, got {}", kind_of(&other)),
                    ));
                }
            }
            match a.next {
                Some(n) => url = n,
                None => return Ok(out),
            }
        }
        Err(errors::malformed(
            doing,
            self.creds.org_host(),
            &format!("more than {MAX_PAGES} pages"),
        ))
    }

    /// `body` None sends no body (lifecycle operations take none).
    pub async fn post(
        &self,
        path: &str,
        body: Option<&Value>,
        doing: &str,
    ) -> Result<Value, Finding> {
        self.write(Method::POST, path, body, doing).await
    }

    pub async fn put(&self, path: &str, body: &Value, doing: &str) -> Result<Value, Finding> {
        self.write(Method::PUT, path, Some(body), doing).await
    }

    async fn write(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        doing: &str,
    ) -> Result<Value, Finding> {
        let a = self.send(method, &self.url(path, &[]), body, doing).await?;
        if a.status == StatusCode::NOT_FOUND {
            return Err(Finding::error(
                crate::finding::codes::OKTA_NOT_FOUND,
                format!(
                    "Okta ({}) could not {doing}: the object is not there (HTTP 404)",
                    self.creds.org_host()
                ),
                "It was removed in the meantime or belongs to another org: run the command again to look it up afresh.",
            ));
        }
        Ok(a.json)
    }
}

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)?.to_str().ok().map(String::from)
}

fn rate_limit(h: &HeaderMap) -> RateLimit {
    let num = |n: &str| header(h, n).and_then(|v| v.trim().parse().ok());
    RateLimit {
        limit: num("x-rate-limit-limit"),
        remaining: num("x-rate-limit-remaining"),
        reset: header(h, "x-rate-limit-reset").and_then(|v| v.trim().parse().ok()),
    }
}

/// How long until a rate-limit window reopens, when that is soon enough to wait for.
fn short_wait(rate: &RateLimit) -> Option<Duration> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64;
    let secs = rate.reset? - now;
    // Okta's reset is a whole second; one more keeps us past it despite clock skew.
    (0..=MAX_RATE_WAIT_SECS)
        .contains(&secs)
        .then(|| Duration::from_secs(secs as u64 + 1))
}

fn is_okta_json(body: &str) -> bool {
    serde_json::from_str::<errors::ErrorBody>(body).is_ok_and(|b| !b.error_code.is_empty())
}

/// `<https://…?after=x>; rel="next"` among the comma-separated Link headers.
fn next_link(h: &HeaderMap) -> Option<String> {
    h.get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find(|part| part.contains("rel=\"next\""))
        .and_then(|part| {
            let start = part.find('<')? + 1;
            let end = part.find('>')?;
            Some(part[start..end].to_string())
        })
}

fn path_of(url: &str) -> &str {
    url.split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or(url)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// One path segment, percent-encoded (a login may hold `/`, `+` or spaces).
pub fn segment(s: &str) -> String {
    let mut u = url::Url::parse("http://segment.invalid/").expect("a constant URL parses");
    u.path_segments_mut()
        .expect("an http URL has path segments")
        .push(s);
    u.path()[1..].to_string()
}

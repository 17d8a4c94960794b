//! Which Okta org to call and how to prove who we are: an OAuth 2.0 API Services app
//! (`OKTA_CLIENT_ID` + `OKTA_PRIVATE_KEY_FILE`, the way Okta now recommends) or an API token
//! (`OKTA_API_TOKEN`, which Okta labels deprecated). Secrets come from the environment or a
//! key file only and never appear in logs, Debug output or the setup file.

use super::oauth::ServiceApp;
use super::private_key;
use crate::finding::Finding;
use crate::setup::OktaSetup;
pub use crate::setup::okta_rules::org_url;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const ORG_URL_ENV: &str = "OKTA_ORG_URL";
pub const TOKEN_ENV: &str = "OKTA_API_TOKEN";
pub const CLIENT_ID_ENV: &str = "OKTA_CLIENT_ID";
pub const PRIVATE_KEY_FILE_ENV: &str = "OKTA_PRIVATE_KEY_FILE";
pub const PRIVATE_KEY_ID_ENV: &str = "OKTA_PRIVATE_KEY_ID";

#[derive(Clone, PartialEq, Eq)]
pub enum Token {
    /// An API token (Security → API → Tokens), sent as `SSWS <token>`.
    Ssws(String),
    /// An OAuth 2.0 access token for a service app, sent as `Bearer <token>`.
    Bearer(String),
}

impl Token {
    /// `SSWS …` or `Bearer …` are taken as written; otherwise a JWT (three base64url parts,
    /// the first starting `eyJ`) is an OAuth access token and anything else an API token.
    pub fn parse(raw: &str) -> Option<Token> {
        let raw = raw.trim();
        let (scheme, rest) = raw.split_once(' ').unwrap_or((raw, ""));
        match scheme {
            "SSWS" => return non_empty(rest).map(Token::Ssws),
            "Bearer" => return non_empty(rest).map(Token::Bearer),
            _ => {}
        }
        let t = non_empty(raw)?;
        let looks_like_jwt = t.starts_with("eyJ") && t.split('.').count() == 3;
        Some(if looks_like_jwt {
            Token::Bearer(t)
        } else {
            Token::Ssws(t)
        })
    }

    pub fn header_value(&self) -> String {
        match self {
            Token::Ssws(t) => format!("SSWS {t}"),
            Token::Bearer(t) => format!("Bearer {t}"),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Token::Ssws(_) => "API token (SSWS)",
            Token::Bearer(_) => "OAuth access token (Bearer)",
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({}, redacted)", self.kind())
    }
}

/// What the environment says about Okta, read once (the tests pass their own).
#[derive(Debug, Clone, Default)]
pub struct OktaEnv {
    pub org_url: Option<String>,
    pub api_token: Option<String>,
    pub client_id: Option<String>,
    pub private_key_file: Option<String>,
    pub private_key_id: Option<String>,
}

impl OktaEnv {
    pub fn from_process() -> OktaEnv {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        OktaEnv {
            org_url: var(ORG_URL_ENV),
            api_token: var(TOKEN_ENV),
            client_id: var(CLIENT_ID_ENV),
            private_key_file: var(PRIVATE_KEY_FILE_ENV),
            private_key_id: var(PRIVATE_KEY_ID_ENV),
        }
    }
}

/// How requests prove who sends them.
#[derive(Clone, Debug)]
pub enum Auth {
    Token(Token),
    ServiceApp(Arc<ServiceApp>),
}

impl Auth {
    pub fn kind(&self) -> String {
        match self {
            Auth::Token(Token::Ssws(_)) => "API token".to_string(),
            Auth::Token(Token::Bearer(_)) => "OAuth access token".to_string(),
            Auth::ServiceApp(app) => format!("OAuth 2.0 service app {}", app.client_id),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Credentials {
    /// `https://acme.okta.com`, no trailing slash.
    pub org_url: String,
    pub auth: Auth,
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        let same_auth = match (&self.auth, &other.auth) {
            (Auth::Token(a), Auth::Token(b)) => a == b,
            (Auth::ServiceApp(a), Auth::ServiceApp(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        self.org_url == other.org_url && same_auth
    }
}

/// A value from the setup file or else the environment, with the name it was given under.
fn pick<'a>(
    setup: Option<&'a String>,
    setup_key: &'static str,
    env: Option<&'a String>,
    env_key: &'static str,
) -> Option<(&'static str, &'a str)> {
    setup
        .map(|s| (setup_key, s.as_str()))
        .or(env.map(|e| (env_key, e.as_str())))
        .filter(|(_, v)| !v.trim().is_empty())
}

impl Credentials {
    /// From the setup's `[okta]` section and the environment. Every problem is reported at
    /// once so the user fixes them in one go. `setup_dir` is where a relative
    /// `okta.private_key_file` is found.
    pub fn resolve(
        setup: Option<&OktaSetup>,
        setup_dir: Option<&Path>,
        env: &OktaEnv,
    ) -> Result<Credentials, Vec<Finding>> {
        let mut findings = Vec::new();
        let org = resolve_org(setup.and_then(|o| o.org_url.as_deref()), env, &mut findings);
        let auth = resolve_auth(setup, setup_dir, env, &mut findings);
        match (org, auth) {
            (Some(org_url), Some(auth)) if findings.is_empty() => Ok(Credentials { org_url, auth }),
            _ => Err(findings),
        }
    }

    /// `resolve` over this process's environment.
    pub fn from_env(
        setup: Option<&OktaSetup>,
        setup_dir: Option<&Path>,
    ) -> Result<Credentials, Vec<Finding>> {
        Credentials::resolve(setup, setup_dir, &OktaEnv::from_process())
    }

    /// Whether any Okta credential is configured: the wizard offers the API path, and
    /// doctor reads the app, only then.
    pub fn configured(setup: Option<&OktaSetup>) -> bool {
        let env = OktaEnv::from_process();
        env.api_token.is_some()
            || env.client_id.is_some()
            || setup.is_some_and(|o| o.client_id.is_some())
    }

    /// Host only, for messages.
    pub fn org_host(&self) -> &str {
        self.org_url
            .split_once("://")
            .map_or(self.org_url.as_str(), |(_, h)| h)
    }
}

fn resolve_org(
    setup_org_url: Option<&str>,
    env: &OktaEnv,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let env_org_url = env.org_url.as_deref().filter(|s| !s.trim().is_empty());
    let org = match (setup_org_url, env_org_url) {
        (Some(s), Some(e)) if org_url(s).ok() != org_url(e).ok() => {
            findings.push(Finding::error(
                crate::finding::codes::OKTA_ORG_MISMATCH,
                format!("okta.org_url = \"{s}\" but {ORG_URL_ENV} = \"{e}\""),
                format!(
                    "Credentials belong to one org: unset {ORG_URL_ENV}, or correct okta.org_url in the setup file."
                ),
            ));
            None
        }
        (Some(s), _) => Some(("okta.org_url", s)),
        (None, Some(e)) => Some((ORG_URL_ENV, e)),
        (None, None) => {
            findings.push(Finding::error(
                crate::finding::codes::OKTA_ORG_MISSING,
                format!("no Okta org: okta.org_url is not in the setup file and {ORG_URL_ENV} is not set"),
                format!("export {ORG_URL_ENV}=https://your-org.okta.com (the org's address, not the -admin one)."),
            ));
            None
        }
    };
    org.and_then(|(field, value)| match org_url(value) {
        Ok(u) => Some(u),
        Err(message) => {
            findings.push(org_url_finding(field, value, &message));
            None
        }
    })
}

/// The service app when a client id or key file is given (from the setup or the
/// environment), else the API token.
fn resolve_auth(
    setup: Option<&OktaSetup>,
    setup_dir: Option<&Path>,
    env: &OktaEnv,
    findings: &mut Vec<Finding>,
) -> Option<Auth> {
    let client_id = pick(
        setup.and_then(|o| o.client_id.as_ref()),
        "okta.client_id",
        env.client_id.as_ref(),
        CLIENT_ID_ENV,
    );
    let key_file = pick(
        setup.and_then(|o| o.private_key_file.as_ref()),
        "okta.private_key_file",
        env.private_key_file.as_ref(),
        PRIVATE_KEY_FILE_ENV,
    );
    let key_id = pick(
        setup.and_then(|o| o.private_key_id.as_ref()),
        "okta.private_key_id",
        env.private_key_id.as_ref(),
        PRIVATE_KEY_ID_ENV,
    );
    match (client_id, key_file) {
        (Some((_, id)), Some((field, file))) => {
            let path = match (field, setup_dir) {
                ("okta.private_key_file", Some(dir)) if Path::new(file).is_relative() => {
                    dir.join(file)
                }
                _ => PathBuf::from(file),
            };
            // A file that is no key is named as such first; a real key others can read is
            // then refused.
            let loaded = private_key::load(field, &path, key_id.map(|(_, k)| k))
                .and_then(|k| private_key::refuse_if_exposed(field, &path).map(|()| k))
                .map_err(|f| findings.push(f))
                .ok()?;
            Some(Auth::ServiceApp(Arc::new(ServiceApp {
                client_id: id.trim().to_string(),
                key: loaded.key,
                kid: key_id.map(|(_, k)| k.trim().to_string()).or(loaded.kid),
                key_source: format!("{field} = \"{file}\""),
            })))
        }
        (Some((field, _)), None) => {
            findings.push(Finding::error(
                crate::finding::codes::OKTA_PRIVATE_KEY_MISSING,
                format!("{field} is set, but no private key: neither okta.private_key_file nor {PRIVATE_KEY_FILE_ENV}"),
                format!("export {PRIVATE_KEY_FILE_ENV}=/path/to/private-key.pem (the key pair whose public key the API Services app holds)."),
            ));
            None
        }
        (None, Some((field, _))) => {
            findings.push(Finding::error(
                crate::finding::codes::OKTA_CLIENT_ID_MISSING,
                format!(
                    "{field} is set, but no client id: neither okta.client_id nor {CLIENT_ID_ENV}"
                ),
                format!(
                    "export {CLIENT_ID_ENV}=0oa… (the API Services app's Client ID, General tab)."
                ),
            ));
            None
        }
        (None, None) => {
            let token = env.api_token.as_deref().and_then(Token::parse);
            if token.is_none() {
                findings.push(Finding::error(
                    crate::finding::codes::OKTA_CREDENTIALS_MISSING,
                    format!("no Okta credentials: neither {CLIENT_ID_ENV} + {PRIVATE_KEY_FILE_ENV} (an OAuth 2.0 service app) nor {TOKEN_ENV} is set"),
                    format!(
                        "Create an API Services app with a public key and the okta.apps.manage, okta.groups.read and okta.users.read scopes (README: \"Okta service app\"), then export {CLIENT_ID_ENV} and {PRIVATE_KEY_FILE_ENV}; or, where the org still allows API tokens, export {TOKEN_ENV}. Secrets are read from the environment or the key file only, never saved."
                    ),
                ));
            }
            token.map(Auth::Token)
        }
    }
}

fn org_url_finding(field: &str, value: &str, message: &str) -> Finding {
    Finding::error(
        crate::finding::codes::OKTA_ORG_URL_INVALID,
        format!("{field} = \"{value}\" {message}"),
        "Use the org's address as the browser shows it on the sign-in page, e.g. https://acme.okta.com.",
    )
}

//! Which Okta org to call and with what token. The token comes from the environment only and
//! never appears in logs, Debug output or the setup file.

use crate::finding::Finding;
use crate::validate::is_loopback_host;
use std::fmt;

pub const ORG_URL_ENV: &str = "OKTA_ORG_URL";
pub const TOKEN_ENV: &str = "OKTA_API_TOKEN";

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// `https://acme.okta.com`, no trailing slash.
    pub org_url: String,
    pub token: Token,
}

impl Credentials {
    /// From the setup's `okta.org_url` (else `OKTA_ORG_URL`) and `OKTA_API_TOKEN`. Every
    /// problem is reported at once so the user fixes them in one go.
    pub fn resolve(
        setup_org_url: Option<&str>,
        env_org_url: Option<&str>,
        env_token: Option<&str>,
    ) -> Result<Credentials, Vec<Finding>> {
        let mut findings = Vec::new();
        let env_org_url = env_org_url.filter(|s| !s.trim().is_empty());
        let org = match (setup_org_url, env_org_url) {
            (Some(s), Some(e)) if org_url(s).ok() != org_url(e).ok() => {
                findings.push(Finding::error(
                    "okta-org-mismatch",
                    format!("okta.org_url = \"{s}\" but {ORG_URL_ENV} = \"{e}\""),
                    format!(
                        "An API token belongs to one org: unset {ORG_URL_ENV}, or correct okta.org_url in the setup file."
                    ),
                ));
                None
            }
            (Some(s), _) => Some(("okta.org_url", s)),
            (None, Some(e)) => Some((ORG_URL_ENV, e)),
            (None, None) => {
                findings.push(Finding::error(
                    "okta-org-missing",
                    format!("no Okta org: okta.org_url is not in the setup file and {ORG_URL_ENV} is not set"),
                    format!("export {ORG_URL_ENV}=https://your-org.okta.com (the org's address, not the -admin one)."),
                ));
                None
            }
        };
        let org = org.and_then(|(field, value)| match org_url(value) {
            Ok(u) => Some(u),
            Err(message) => {
                findings.push(org_url_finding(field, value, &message));
                None
            }
        });
        let token = env_token.and_then(Token::parse);
        if token.is_none() {
            findings.push(Finding::error(
                "okta-token-missing",
                format!("{TOKEN_ENV} is not set"),
                format!(
                    "Create an API token as an admin (Security → API → Tokens → Create token) and export {TOKEN_ENV}=…; it is read from the environment only, never saved."
                ),
            ));
        }
        match (org, token) {
            (Some(org_url), Some(token)) if findings.is_empty() => {
                Ok(Credentials { org_url, token })
            }
            _ => Err(findings),
        }
    }

    /// `resolve` over this process's environment.
    pub fn from_env(setup_org_url: Option<&str>) -> Result<Credentials, Vec<Finding>> {
        let env = |k: &str| std::env::var(k).ok();
        Credentials::resolve(
            setup_org_url,
            env(ORG_URL_ENV).as_deref(),
            env(TOKEN_ENV).as_deref(),
        )
    }

    /// Whether a token is set at all: the wizard offers the API path only then.
    pub fn token_in_env() -> bool {
        std::env::var(TOKEN_ENV).is_ok_and(|t| !t.trim().is_empty())
    }

    /// The app's public metadata URL, the one the console's "Metadata URL" copy button gives.
    pub fn metadata_url(&self, app_id: &str) -> String {
        format!("{}/app/{app_id}/sso/saml/metadata", self.org_url)
    }

    /// Host only, for messages.
    pub fn org_host(&self) -> &str {
        self.org_url
            .split_once("://")
            .map_or(self.org_url.as_str(), |(_, h)| h)
    }
}

fn org_url_finding(field: &str, value: &str, message: &str) -> Finding {
    Finding::error(
        "okta-org-url-invalid",
        format!("{field} = \"{value}\" {message}"),
        "Use the org's address as the browser shows it on the sign-in page, e.g. https://acme.okta.com.",
    )
}

/// The org URL normalised to `scheme://host[:port]`, or why it cannot be one. https only,
/// except plain http on loopback (a local stand-in).
pub fn org_url(value: &str) -> Result<String, String> {
    let u = url::Url::parse(value.trim()).map_err(|e| format!("is not a URL ({e})"))?;
    let host = u.host().ok_or_else(|| "has no host".to_string())?;
    let loopback = is_loopback_host(&host);
    match u.scheme() {
        "https" => {}
        "http" if loopback => {}
        other => return Err(format!("uses {other}://; Okta is reached over https only")),
    }
    if u.path() != "/" || u.query().is_some() || u.fragment().is_some() {
        return Err(format!(
            "has a path or query ({}); the org URL is the address alone",
            &u[url::Position::BeforePath..]
        ));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err("carries a user name or password".into());
    }
    let host = host.to_string();
    if let Some(first) = host.split('.').next()
        && let Some(org) = first.strip_suffix("-admin")
    {
        return Err(format!(
            "is the admin console's address; the API lives at the org's own address ({org}{})",
            &host[first.len()..]
        ));
    }
    Ok(u[..url::Position::BeforePath].to_string())
}

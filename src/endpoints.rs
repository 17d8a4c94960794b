//! Derived values, all pure: what the admin pastes into Okta and where the hosted UI lives.

use serde::Serialize;
use url::Url;

/// The pool's domain as the setup file or the pool describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Domain {
    Prefix(String),
    Custom(String),
}

/// AWS partitions differ in the DNS suffixes of the hosted UI and of the token issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    Aws,
    China,
    GovCloud,
}

impl Partition {
    pub fn of_region(region: &str) -> Partition {
        if region.starts_with("cn-") {
            Partition::China
        } else if region.starts_with("us-gov-") {
            Partition::GovCloud
        } else {
            Partition::Aws
        }
    }

    /// The ARN partition name, e.g. for IAM policies.
    pub fn arn_name(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::China => "aws-cn",
            Partition::GovCloud => "aws-us-gov",
        }
    }

    fn api_suffix(self) -> &'static str {
        match self {
            Partition::China => "amazonaws.com.cn",
            _ => "amazonaws.com",
        }
    }

    fn auth_host(self, prefix: &str, region: &str) -> String {
        match self {
            Partition::Aws => format!("{prefix}.auth.{region}.amazoncognito.com"),
            // GovCloud serves prefix domains from FIPS endpoints only.
            Partition::GovCloud => format!("{prefix}.auth-fips.{region}.amazoncognito.com"),
            Partition::China => format!("{prefix}.auth.{region}.amazoncognito.com.cn"),
        }
    }
}

pub fn hosted_ui_base(region: &str, domain: &Domain) -> String {
    match domain {
        Domain::Prefix(p) => format!(
            "https://{}",
            Partition::of_region(region).auth_host(p, region)
        ),
        Domain::Custom(host) => format!("https://{host}"),
    }
}

/// Where Okta posts the SAML response ("Single sign-on URL" in the Okta console).
pub fn acs_url(base: &str) -> String {
    format!("{}/saml2/idpresponse", base.trim_end_matches('/'))
}

/// Okta's "Single Logout URL", used only with IdP sign-out.
pub fn saml_logout_url(base: &str) -> String {
    format!("{}/saml2/logout", base.trim_end_matches('/'))
}

/// Okta's "Audience URI (SP Entity ID)".
pub fn audience_uri(user_pool_id: &str) -> String {
    format!("urn:amazon:cognito:sp:{user_pool_id}")
}

/// The pool's `IssuerConfiguration.Type`: which host signs its tokens. `UPDATED` (GA 2026,
/// recommended by AWS, required for multi-Region replication) moves the issuer and the JWKS
/// to `issuer-cognito-idp.<region>`; a pool keeps `ORIGINAL` until it is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum IssuerKind {
    #[default]
    Original,
    Updated,
}

impl IssuerKind {
    /// From `DescribeUserPool`; a pool that reports none has the original issuer.
    pub fn from_aws(value: Option<&str>) -> IssuerKind {
        match value {
            Some(v) if v.eq_ignore_ascii_case("UPDATED") => IssuerKind::Updated,
            _ => IssuerKind::Original,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IssuerKind::Original => "ORIGINAL",
            IssuerKind::Updated => "UPDATED",
        }
    }
}

pub fn issuer_url(region: &str, user_pool_id: &str, kind: IssuerKind) -> String {
    let suffix = Partition::of_region(region).api_suffix();
    let host = match kind {
        IssuerKind::Original => "cognito-idp",
        IssuerKind::Updated => "issuer-cognito-idp",
    };
    format!("https://{host}.{region}.{suffix}/{user_pool_id}")
}

pub fn jwks_url(issuer: &str) -> String {
    format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'))
}

pub fn loopback_redirect_uri(port: u16) -> String {
    format!("http://localhost:{port}/callback")
}

/// Where the sign-out test's browser lands: a test URL, never the application's.
pub fn loopback_signed_out_uri(port: u16) -> String {
    format!("http://localhost:{port}/signed-out")
}

fn with_query(base: &str, path: &str, params: &[(&str, &str)]) -> String {
    let mut url = Url::parse(&format!("{}{path}", base.trim_end_matches('/')))
        .unwrap_or_else(|_| Url::parse("https://invalid.invalid/").expect("static URL"));
    url.query_pairs_mut().extend_pairs(params);
    url.to_string()
}

/// The guide's "login endpoint URL": the hosted UI page listing the providers.
pub fn login_url(base: &str, client_id: &str, redirect_uri: &str) -> String {
    with_query(
        base,
        "/login",
        &[
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", redirect_uri),
        ],
    )
}

pub fn authorize_endpoint(base: &str) -> String {
    format!("{}/oauth2/authorize", base.trim_end_matches('/'))
}

pub fn token_endpoint(base: &str) -> String {
    format!("{}/oauth2/token", base.trim_end_matches('/'))
}

pub fn logout_url(base: &str, client_id: &str, logout_uri: &str) -> String {
    with_query(
        base,
        "/logout",
        &[("client_id", client_id), ("logout_uri", logout_uri)],
    )
}

/// Everything derivable from a region, a pool and a domain; the `values` command prints this.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Values {
    pub region: String,
    pub user_pool_id: String,
    pub hosted_ui_url: String,
    pub acs_url: String,
    pub audience_uri: String,
    pub saml_logout_url: String,
    pub authorize_url: String,
    pub token_url: String,
    pub issuer_type: IssuerKind,
    pub issuer_url: String,
    pub jwks_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_url: Option<String>,
}

impl Values {
    pub fn derive(
        region: &str,
        user_pool_id: &str,
        domain: &Domain,
        issuer_type: IssuerKind,
        client_id: Option<&str>,
        redirect_uri: Option<&str>,
    ) -> Values {
        let base = hosted_ui_base(region, domain);
        let issuer = issuer_url(region, user_pool_id, issuer_type);
        let login = match (client_id, redirect_uri) {
            (Some(c), Some(r)) => Some(login_url(&base, c, r)),
            _ => None,
        };
        Values {
            region: region.to_string(),
            user_pool_id: user_pool_id.to_string(),
            acs_url: acs_url(&base),
            audience_uri: audience_uri(user_pool_id),
            saml_logout_url: saml_logout_url(&base),
            authorize_url: authorize_endpoint(&base),
            token_url: token_endpoint(&base),
            jwks_url: jwks_url(&issuer),
            issuer_type,
            issuer_url: issuer,
            hosted_ui_url: base,
            client_id: client_id.map(String::from),
            redirect_uri: redirect_uri.map(String::from),
            login_url: login,
        }
    }

    /// Label/value pairs in the order the admin needs them.
    pub fn labelled(&self) -> Vec<(&'static str, &str)> {
        let mut rows = vec![
            ("Single sign-on URL (ACS URL)", self.acs_url.as_str()),
            ("Audience URI (SP Entity ID)", self.audience_uri.as_str()),
            ("Hosted UI", self.hosted_ui_url.as_str()),
        ];
        if let Some(l) = &self.login_url {
            rows.push(("Login URL (test in a browser)", l));
        }
        rows.extend([
            ("Authorize endpoint", self.authorize_url.as_str()),
            ("Token endpoint", self.token_url.as_str()),
            (
                "Single Logout URL (IdP sign-out only)",
                self.saml_logout_url.as_str(),
            ),
            ("Issuer", self.issuer_url.as_str()),
            ("JWKS", self.jwks_url.as_str()),
        ]);
        rows
    }
}

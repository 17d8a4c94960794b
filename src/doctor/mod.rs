//! The doctor: reads a federation as it is (read-only), runs every check the guide implies
//! and every known pitfall, and writes a report for a support ticket.

pub mod certificates;
pub mod predicted;
pub mod report;
pub mod signature_failure;
pub mod tenants;

use crate::cognito::client_settings::ClientSettings;
use crate::cognito::plan::schema_findings;
use crate::cognito::state::{self, DomainState, PoolState, ProviderState};
use crate::endpoints::{Domain, Values};
use crate::finding::{Finding, Severity, has_errors, sort_by_severity};
use crate::saml::fetch::Source;
use crate::saml::{Report, inspect};
use crate::setup::Setup;
use crate::setup::validate;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use serde::Serialize;
use std::collections::BTreeSet;

/// What the doctor looks at.
#[derive(Debug, Clone)]
pub struct Target {
    pub region: String,
    pub pool_id: String,
    pub client_id: String,
    /// Default: the SAML provider the client enables.
    pub provider: Option<String>,
    /// The metadata URL the setup names (fetched in the first round), for providers uploaded
    /// as a file too.
    pub metadata_url: Option<String>,
    /// The domain the setup names, read in the first round.
    pub domain: Option<String>,
}

impl Target {
    pub fn from_setup(s: &Setup) -> Result<Target, Finding> {
        let client_id = s.app_client.client_id.clone().ok_or_else(|| {
            Finding::error(
                crate::finding::codes::DOCTOR_NEEDS_CLIENT_ID,
                "the setup file has no app_client.client_id to check",
                "Add client_id under [app_client], or pass --user-pool-id and --client-id.",
            )
        })?;
        Ok(Target {
            region: s.region.clone(),
            pool_id: s.user_pool_id.clone(),
            client_id,
            provider: Some(s.provider.name.clone()),
            metadata_url: s.provider.metadata_url.clone(),
            domain: crate::cognito::state::wanted_domain_name(s).map(String::from),
        })
    }
}

/// Findings `apply` resolves by itself (the additive client update, branding; a file that
/// missed a rotation, replaced by the app's Metadata URL): the doctor's `f` plans them.
pub const FIXABLE_BY_APPLY: [crate::finding::Code; 8] = {
    use crate::finding::codes::*;
    [
        SIGNING_CERTIFICATE_ROTATION_PENDING,
        PROVIDER_NOT_ENABLED,
        MAPPED_ATTRIBUTE_NOT_WRITABLE,
        MAPPED_ATTRIBUTE_NOT_READABLE,
        CODE_GRANT_OFF,
        OAUTH_FLOWS_OFF,
        OPENID_MISSING,
        MANAGED_LOGIN_BRANDING_MISSING,
    ]
};

pub fn fixable_by_apply(f: &Finding) -> bool {
    FIXABLE_BY_APPLY.contains(&f.code)
}

/// For a provider whose file missed a rotation: the Okta app's public Metadata URL, which the
/// fixed setup reads instead (Cognito then follows rotations by itself).
pub fn rotation_fix_url(facts: &Facts, findings: &[Finding]) -> Option<String> {
    let pending = findings
        .iter()
        .any(|f| f.code == crate::finding::codes::SIGNING_CERTIFICATE_ROTATION_PENDING);
    match &facts.okta {
        Some(Ok(app)) if pending => app.metadata_url.clone(),
        _ => None,
    }
}

/// Everything read, for the pure checks.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub pool: PoolState,
    /// The pool's domain (prefix or custom) as Cognito describes it.
    pub domain: Option<DomainState>,
    pub custom: bool,
    pub client: Option<UserPoolClientType>,
    pub provider_name: String,
    pub provider: Option<ProviderState>,
    /// The metadata as published now (fetched), or why it could not be read.
    pub live_metadata: Option<Result<Report, Finding>>,
    /// The metadata document Cognito stores, for providers created from a file.
    pub stored_metadata: Option<Report>,
    pub has_branding: Option<bool>,
    /// The Okta app as the Okta API shows it, when a token is set and the app is known.
    pub okta: Option<Result<crate::idp::okta::doctor::OktaApp, Finding>>,
    /// The pool's signing certificate (`GetSigningCertificate`), read when the Okta app is
    /// known and the provider signs requests or sign-outs.
    pub signing_certificate: Option<String>,
    /// Why the Okta app's current metadata could not be read for a provider made from a
    /// file (the rotation check was then not made).
    pub okta_current_unread: Option<Finding>,
}

fn flag(p: &ProviderState, key: &str) -> bool {
    p.details
        .get(key)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn domain_checks(f: &Facts) -> Vec<Finding> {
    let pool = &f.pool.id;
    let Some(d) = &f.domain else {
        return vec![Finding::error(
            crate::finding::codes::DOMAIN_MISSING,
            format!(
                "user pool {pool} has no domain, so there is no hosted UI and no ACS URL for Okta"
            ),
            "Set domain.prefix in a setup file and run `okta-cognito apply`, or add a domain in the Cognito console (App integration → Domain).",
        )];
    };
    let mut out = vec![];
    match d.status.as_deref() {
        None | Some("ACTIVE") => {}
        Some(s @ ("CREATING" | "UPDATING")) => out.push(Finding::warning(
            crate::finding::codes::DOMAIN_NOT_ACTIVE,
            format!("domain {} is {s}", d.domain),
            "Wait a minute (custom domains up to an hour) and check again.",
        )),
        Some(s) => out.push(Finding::error(
            crate::finding::codes::DOMAIN_NOT_ACTIVE,
            format!("domain {} is {s}", d.domain),
            "Delete and recreate the domain; for a custom domain check its ACM certificate in us-east-1.",
        )),
    }
    if f.custom && d.certificate_arn.as_deref().unwrap_or("").is_empty() {
        out.push(Finding::error(
            crate::finding::codes::CUSTOM_DOMAIN_NO_CERTIFICATE,
            format!("custom domain {} has no ACM certificate", d.domain),
            "Attach an ACM certificate from us-east-1 that covers the host name.",
        ));
    }
    out
}

fn signing_set(r: &Report) -> BTreeSet<&str> {
    r.signing_certificates()
        .filter(|c| !c.expired())
        .map(|c| c.sha256.as_str())
        .collect()
}

fn provider_checks(f: &Facts) -> Vec<Finding> {
    let name = &f.provider_name;
    let Some(p) = &f.provider else {
        return vec![Finding::error(
            crate::finding::codes::PROVIDER_MISSING,
            format!(
                "user pool {} has no identity provider named {name}",
                f.pool.id
            ),
            "Create it with `okta-cognito apply` (provider.name in the setup file), or pass --provider with the right name.",
        )];
    };
    if p.provider_type != "SAML" {
        return vec![Finding::error(
            crate::finding::codes::PROVIDER_NOT_SAML,
            format!("provider {name} is of type {}, not SAML", p.provider_type),
            "Pass --provider with the name of the Okta SAML provider.",
        )];
    }
    let mut out = vec![];
    if let Some(url) = p.details.get("MetadataURL")
        && let Some(bad) = crate::idp::okta::metadata_url::unusable_form("MetadataURL", url)
    {
        out.push(bad);
    }
    match &f.live_metadata {
        Some(Err(e)) => out.push(Finding::error(
            crate::finding::codes::DOCTOR_METADATA_UNREACHABLE,
            format!("the provider's metadata could not be read: {}", e.message),
            e.fix.clone(),
        )),
        Some(Ok(r)) => {
            out.extend(
                r.findings
                    .iter()
                    .filter(|x| x.severity != Severity::Info)
                    .cloned(),
            );
            if flag(p, "IDPSignout") && r.slo.is_empty() {
                out.push(Finding::warning(
                    crate::finding::codes::IDP_SIGNOUT_WITHOUT_SLO,
                    format!("IdP sign-out is on for {name}, but its metadata has no SingleLogoutService"),
                    "In Okta enable Single Logout (General → SAML Settings → Show Advanced Settings), then refresh the provider; or turn provider.idp_signout off.",
                ));
            }
            if let Some(stored) = &f.stored_metadata {
                let (live, held) = (signing_set(r), signing_set(stored));
                if !live.is_empty() && live.is_disjoint(&held) {
                    out.push(Finding::error(
                        crate::finding::codes::SIGNING_CERTIFICATE_ROTATION_PENDING,
                        format!("the IdP now signs with a certificate Cognito does not hold (provider {name} was created from a file)"),
                        "Update the provider with the current metadata: set provider.metadata_url and run `okta-cognito apply` (a URL keeps rotations in sync by itself).",
                    ));
                }
            }
        }
        None => {}
    }
    if flag(p, "IDPInit")
        && f.client.as_ref().is_some_and(|c| {
            c.supported_identity_providers()
                .iter()
                .any(|x| x == "COGNITO")
        })
    {
        out.push(Finding::error(
            crate::finding::codes::IDP_INIT_WITH_COGNITO,
            format!("{name} allows IdP-initiated sign-in while the client also lists COGNITO, which Cognito forbids together"),
            "Turn IdP-initiated sign-in off (provider.idp_init = false), or remove COGNITO from the client.",
        ));
    }
    out
}

fn mapping_checks(f: &Facts) -> Vec<Finding> {
    let Some(p) = &f.provider else { return vec![] };
    let mut out: Vec<Finding> =
        validate::attribute_mapping("attribute mapping", &p.attribute_mapping)
            .into_iter()
            .filter(|x| x.code == crate::finding::codes::MAPPING_TO_USERNAME)
            .collect();
    let mut setup = Setup::new(f.pool.id.split('_').next().unwrap_or(""), f.pool.id.clone());
    setup.provider.attribute_mapping = p.attribute_mapping.clone();
    out.extend(schema_findings(&setup, &f.pool));
    if let Some(c) = &f.client {
        let s = ClientSettings::of(c);
        for attr in p
            .attribute_mapping
            .keys()
            .filter(|a| *a != "username" && *a != "sub")
        {
            let writable = match &s.write_attributes {
                Some(w) => w.contains(attr),
                None => !attr.starts_with("custom:"),
            };
            if !writable {
                out.push(Finding::error(
                    crate::finding::codes::MAPPED_ATTRIBUTE_NOT_WRITABLE,
                    format!("app client {} cannot write {attr}, which the provider maps", c.client_id().unwrap_or_default()),
                    format!("Add {attr} to the client's write attributes (`okta-cognito apply` does it), or sign-in fails when Cognito stores the value."),
                ));
            }
            if s.read_attributes
                .as_ref()
                .is_some_and(|r| !r.contains(attr))
            {
                out.push(Finding::warning(
                    crate::finding::codes::MAPPED_ATTRIBUTE_NOT_READABLE,
                    format!(
                        "app client {} cannot read {attr}, so it is missing from its tokens",
                        c.client_id().unwrap_or_default()
                    ),
                    format!(
                        "Add {attr} to the client's read attributes (`okta-cognito apply` does it)."
                    ),
                ));
            }
        }
    }
    out
}

fn client_checks(f: &Facts) -> Vec<Finding> {
    let Some(c) = &f.client else { return vec![] };
    let id = c.client_id().unwrap_or_default();
    let s = ClientSettings::of(c);
    let mut out = vec![];
    if !s.supported_identity_providers.contains(&f.provider_name) {
        out.push(Finding::error(
            crate::finding::codes::PROVIDER_NOT_ENABLED,
            format!(
                "app client {id} does not enable {} (identity providers: {})",
                f.provider_name,
                if s.supported_identity_providers.is_empty() { "none".to_string() } else { s.supported_identity_providers.join(", ") }
            ),
            "Enable the provider on the client (`okta-cognito apply` does it, keeping everything else).",
        ));
    }
    out.extend(crate::cognito::client_settings::secret_warning(c));
    if !s.allowed_o_auth_flows.iter().any(|x| x == "code") {
        out.push(Finding::error(
            crate::finding::codes::CODE_GRANT_OFF,
            format!("app client {id} does not allow the authorization code grant"),
            "Enable the code grant (`okta-cognito apply` does it).",
        ));
    }
    if !s.allowed_o_auth_flows_user_pool_client {
        out.push(Finding::error(
            crate::finding::codes::OAUTH_FLOWS_OFF,
            format!("app client {id} has AllowedOAuthFlowsUserPoolClient off: sign-in fails with \"Client is not enabled for OAuth2.0 flows\""),
            "Turn OAuth flows on for the client (`okta-cognito apply` does it).",
        ));
    }
    out.extend(
        validate::scopes("app client scopes", &s.allowed_o_auth_scopes)
            .into_iter()
            .map(|mut x| {
                if x.code == crate::finding::codes::SCOPE_NEEDS_OPENID {
                    x.code = crate::finding::codes::OPENID_MISSING;
                }
                x
            }),
    );
    if s.callback_urls.is_empty() {
        out.push(Finding::error(
            crate::finding::codes::NO_CALLBACK_URL,
            format!(
                "app client {id} has no callback URL, so the hosted UI has nowhere to send users"
            ),
            "Add the app's callback URL (app_client.callback_urls) and run apply.",
        ));
    }
    for u in &s.callback_urls {
        if validate::redirect_url("callback URL", u)
            .iter()
            .any(|x| x.code == crate::finding::codes::URL_NOT_HTTPS)
        {
            out.push(Finding::error(
                crate::finding::codes::CALLBACK_NOT_HTTPS,
                format!("app client {id} has callback URL {u}, plain http on a host that is not localhost"),
                "Use https:// for every callback URL except http://localhost.",
            ));
        }
    }
    if f.provider.as_ref().is_some_and(|p| flag(p, "IDPSignout")) && s.logout_urls.is_empty() {
        out.push(Finding::warning(
            crate::finding::codes::NO_SIGNOUT_URL_WITH_IDP_SIGNOUT,
            format!("IdP sign-out is on but app client {id} has no sign-out URL"),
            "Add a sign-out URL (app_client.logout_urls) and run apply.",
        ));
    }
    if f.has_branding == Some(false) {
        out.push(Finding::error(
            crate::finding::codes::MANAGED_LOGIN_BRANDING_MISSING,
            format!("the domain uses managed login but app client {id} has no branding style, so its sign-in pages do not exist"),
            "Create the default style (`okta-cognito apply` does it, or Cognito console → Managed login → Create style).",
        ));
    }
    out
}

/// The values Cognito expects Okta to hold, once the pool has a domain.
fn expected_values(region: &str, pool_id: &str, pool: &PoolState) -> Option<Values> {
    let domain = pool
        .custom_domain
        .clone()
        .map(Domain::Custom)
        .or(pool.domain.clone().map(Domain::Prefix))?;
    Some(Values::derive(
        region,
        pool_id,
        &domain,
        pool.issuer,
        None,
        None,
    ))
}

fn okta_checks(f: &Facts) -> Vec<Finding> {
    match &f.okta {
        None => vec![],
        Some(Ok(app)) => {
            let mapping = f
                .provider
                .as_ref()
                .map(|p| p.attribute_mapping.clone())
                .unwrap_or_default();
            let region = crate::setup::pool_id::PoolId::region_of(&f.pool.id).unwrap_or("");
            let values = expected_values(region, &f.pool.id, &f.pool);
            let used = f
                .provider
                .as_ref()
                .and_then(|p| p.details.get("MetadataURL"))
                .map(String::as_str);
            let mut found = crate::idp::okta::doctor::checks(app, values.as_ref(), &mapping, used);
            if let Some(p) = &f.provider {
                let name = format!("Okta app \"{}\" ({})", app.label, app.id);
                found.extend(crate::doctor::certificates::checks(
                    &name,
                    &app.sign_on,
                    p,
                    f.signing_certificate.as_deref(),
                ));
            }
            found
        }
        Some(Err(e)) if e.severity == Severity::Info => vec![e.clone()],
        Some(Err(e)) => vec![crate::idp::okta::doctor::skipped(e)],
    }
}

/// Every check, pure: the same facts always give the same findings.
pub fn checks(f: &Facts) -> Vec<Finding> {
    let mut out = domain_checks(f);
    out.extend(config_checks(f));
    out.extend(okta_checks(f));
    out.extend(f.okta_current_unread.iter().cloned());
    sort_by_severity(&mut out);
    out
}

/// The checks of what `apply` configures (provider, mapping, client): also what `plan`
/// predicts of the federation it leads to (`doctor_predicted`).
pub fn config_checks(f: &Facts) -> Vec<Finding> {
    let mut out = provider_checks(f);
    out.extend(mapping_checks(f));
    out.extend(client_checks(f));
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    pub tool_version: String,
    pub generated_at: String,
    pub region: String,
    pub user_pool_id: String,
    pub pool_arn: Option<String>,
    pub client_id: String,
    /// The SAML provider checked; `None` when the client enables none and none was named.
    pub provider: Option<String>,
    /// Whether the identity provider's own side (the Okta app) was read, and why not.
    pub identity_provider_side: IdpSideChecked,
    pub acs_url: Option<String>,
    pub audience_uri: String,
    /// The pool's issuer type, its issuer and JWKS URLs, once the pool was read.
    pub issuer_type: Option<crate::endpoints::IssuerKind>,
    pub issuer_url: Option<String>,
    pub jwks_url: Option<String>,
    /// `LITE`, `ESSENTIALS` or `PLUS`, as `DescribeUserPool` says.
    pub feature_plan: Option<String>,
    pub findings: Vec<Finding>,
}

/// A report says whether the IdP's side was looked at, so "healthy" is never read as "Okta
/// is right too" when only Cognito was read.
#[derive(Debug, Clone, Serialize)]
pub struct IdpSideChecked {
    /// The IdP whose side this is ("Okta", "SAML 2.0 IdP").
    pub idp: &'static str,
    pub checked: bool,
    pub detail: String,
}

impl IdpSideChecked {
    fn from_facts(facts: &Facts) -> Self {
        match &facts.okta {
            Some(Ok(_)) => IdpSideChecked {
                idp: "Okta",
                checked: true,
                detail: "the Okta app was read through the Okta API and checked".into(),
            },
            Some(Err(f)) => IdpSideChecked {
                idp: "Okta",
                checked: false,
                detail: format!("the Okta app could not be read: {}", f.message),
            },
            None => IdpSideChecked {
                idp: "Okta",
                checked: false,
                detail: "only Cognito's side was checked: no Okta credentials (set OKTA_ORG_URL with OKTA_CLIENT_ID and OKTA_PRIVATE_KEY_FILE, or OKTA_API_TOKEN, to check the Okta app too)".into(),
            },
        }
    }

    /// An IdP the tool has no API for: its app is checked against the report by hand.
    pub fn by_hand(idp: &'static str) -> Self {
        IdpSideChecked {
            idp,
            checked: false,
            detail: format!(
                "the tool reads no API of {idp}: check its app against the values below by hand"
            ),
        }
    }

    pub fn not_usable(findings: &[Finding]) -> Self {
        IdpSideChecked {
            idp: "Okta",
            checked: false,
            detail: format!(
                "the Okta app was not checked: the Okta credentials cannot be used ({})",
                findings
                    .iter()
                    .map(|f| f.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl DoctorReport {
    pub fn healthy(&self) -> bool {
        !has_errors(&self.findings)
    }
}

/// A provider made from a metadata file holds the certificates of the day it was made; once
/// the Okta app is known (with Okta credentials), its current metadata is read from the
/// app's public Metadata URL, as Cognito would read a URL, so the checks can say that the app
/// now signs with a certificate the file does not hold, before the next sign-in fails.
pub async fn read_okta_metadata_for_file_provider(facts: &mut Facts) {
    let from_file = facts.provider.as_ref().is_some_and(|p| {
        p.details.contains_key("MetadataFile") && !p.details.contains_key("MetadataURL")
    });
    let Some(Ok(app)) = &facts.okta else {
        return;
    };
    let Some(url) = app.metadata_url.clone().filter(|_| from_file) else {
        return;
    };
    let live = match read_metadata(Some(&url)).await {
        Some(Ok(live)) => live,
        Some(Err(why)) => {
            facts.okta_current_unread = Some(Finding::info(
                crate::finding::codes::OKTA_CURRENT_METADATA_UNREAD,
                format!(
                    "the Okta app's current metadata ({url}) could not be read, so whether Okta still signs with a certificate provider {} holds was not checked: {}",
                    facts.provider_name, why.message
                ),
                "Open the app's Sign On tab → Metadata URL; `okta-cognito metadata URL` says why it cannot be read.",
            ));
            return;
        }
        None => return,
    };
    let stored = facts
        .provider
        .as_ref()
        .and_then(|p| p.details.get("MetadataFile"))
        .map(|xml| inspect(xml.as_bytes(), None, None, time::OffsetDateTime::now_utc()));
    if stored.is_some() {
        facts.stored_metadata = stored;
        facts.live_metadata = Some(Ok(live));
    }
}

async fn read_metadata(url: Option<&str>) -> Option<Result<Report, Finding>> {
    Some(crate::saml::judge_source(&Source::Url(url?.to_string()), None).await)
}

/// Reads everything (read-only calls only) and runs the checks.
/// Reads everything in one concurrent round: the pool, the client, the named provider, the
/// named domain, the client's branding and the named metadata URL together. Only what could
/// not be named beforehand (a provider found from the client, a pool whose domain is not the
/// one named, a provider whose metadata URL is another) costs a second round.
pub async fn gather(api: &Client, t: &Target) -> Result<Facts, Vec<Finding>> {
    let pool_id = t.pool_id.as_str();
    let (pool, client, named_provider, named_domain, branding, prefetched) = tokio::join!(
        state::read_pool(api, pool_id),
        state::read_client(api, pool_id, &t.client_id),
        async {
            match &t.provider {
                Some(n) => Some(state::read_provider(api, pool_id, n).await),
                None => None,
            }
        },
        async {
            match &t.domain {
                Some(d) => Some(state::read_domain(api, d).await),
                None => None,
            }
        },
        // Used only when the domain turns out to use managed login; cheap, and in this round.
        state::read_branding(api, pool_id, &t.client_id),
        async {
            let url = t.metadata_url.as_deref()?;
            Some((url.to_string(), read_metadata(Some(url)).await?))
        },
    );
    let (pool, client) = match (pool, client) {
        (Ok(p), Ok(c)) => (p, c),
        (p, c) => {
            return Err(crate::cognito::errors::dedup_global(
                p.err().into_iter().chain(c.err()).collect(),
            ));
        }
    };
    let (provider_name, provider) = match (&t.provider, named_provider) {
        (Some(n), Some(p)) => (n.clone(), p.map_err(|f| vec![f])?),
        _ => {
            // The client's candidates, described concurrently; the first SAML one is it.
            let candidates = client
                .supported_identity_providers()
                .iter()
                .filter(|n| *n != "COGNITO")
                .map(|n| state::read_provider(api, pool_id, n));
            let found = futures_util::future::join_all(candidates)
                .await
                .into_iter()
                .find_map(|r| r.ok().flatten().filter(|p| p.provider_type == "SAML"));
            match found {
                Some(p) => (p.name.clone(), Some(p)),
                // The client enables none: check the provider of the default name.
                None => {
                    let name = crate::setup::DEFAULT_PROVIDER_NAME;
                    let p = state::read_provider(api, pool_id, name)
                        .await
                        .map_err(|f| vec![f])?;
                    (name.to_string(), p)
                }
            }
        }
    };
    let domain_name = pool.custom_domain.clone().or(pool.domain.clone());
    let url = provider
        .as_ref()
        .and_then(|p| p.details.get("MetadataURL").cloned())
        .or(t.metadata_url.clone());
    let stored_metadata = provider
        .as_ref()
        .and_then(|p| p.details.get("MetadataFile"))
        .map(|xml| inspect(xml.as_bytes(), None, None, time::OffsetDateTime::now_utc()));
    let (domain, live) = tokio::join!(
        async {
            match (&domain_name, named_domain) {
                (Some(d), Some(read)) if Some(d) == t.domain.as_ref() => read.map(Some),
                (Some(d), _) => state::read_domain(api, d).await.map(Some),
                (None, _) => Ok(None),
            }
        },
        async {
            match prefetched {
                Some((fetched_url, report)) if Some(&fetched_url) == url.as_ref() => Some(report),
                _ => read_metadata(url.as_deref()).await,
            }
        }
    );
    let domain = domain.map_err(|f| vec![f])?;
    let live_metadata = match (live, &stored_metadata) {
        (Some(live), _) => Some(live),
        (None, Some(stored)) => Some(Ok(stored.clone())),
        (None, None) => None,
    };
    let has_branding = (domain.as_ref().and_then(|d| d.managed_login_version) == Some(2))
        .then_some(branding)
        .flatten();
    Ok(Facts {
        custom: pool.custom_domain.is_some(),
        pool,
        domain,
        client: Some(client),
        provider_name,
        stored_metadata: stored_metadata.filter(|_| url.is_some()),
        provider,
        live_metadata,
        has_branding,
        okta: None,
        signing_certificate: None,
        okta_current_unread: None,
    })
}

/// The Okta half of the doctor: which app, and with what token.
pub struct OktaSide<'a> {
    pub api: &'a crate::idp::okta::api::Api,
    /// From the setup file; else taken from the provider's metadata URL.
    pub app_id: Option<String>,
}

/// Reads the Okta app the provider's metadata comes from, when it can be told.
pub async fn gather_okta(
    okta: &OktaSide<'_>,
    facts: &Facts,
) -> Option<Result<crate::idp::okta::doctor::OktaApp, Finding>> {
    let metadata_url = facts
        .provider
        .as_ref()
        .and_then(|p| p.details.get("MetadataURL"));
    let metadata = match &facts.live_metadata {
        Some(Ok(r)) => Some(r),
        _ => facts.stored_metadata.as_ref(),
    };
    let app = crate::idp::okta::doctor::app_ref_from_metadata(
        okta.app_id.as_deref(),
        metadata_url.map(String::as_str),
        metadata,
        &okta.api.credentials().org_url,
    );
    Some(match app {
        Some(app) => crate::idp::okta::doctor::read(okta.api, &app).await,
        None => Err(Finding::info(
            crate::finding::codes::OKTA_APP_UNKNOWN,
            "Okta credentials are set, but which Okta app this provider uses cannot be told from its metadata URL",
            "Set okta.app_id in the setup file (the app's id, 0oa…) to have the doctor check the Okta app too.",
        )),
    })
}

pub fn report(t: &Target, facts: &Facts, findings: Vec<Finding>) -> DoctorReport {
    let values = expected_values(&t.region, &t.pool_id, &facts.pool);
    let pool_read = !facts.pool.id.is_empty();
    let issuer_url =
        pool_read.then(|| crate::endpoints::issuer_url(&t.region, &t.pool_id, facts.pool.issuer));
    DoctorReport {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        generated_at: time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        region: t.region.clone(),
        user_pool_id: t.pool_id.clone(),
        pool_arn: facts.pool.arn.clone(),
        client_id: t.client_id.clone(),
        provider: Some(facts.provider_name.clone()).filter(|p| !p.is_empty()),
        identity_provider_side: IdpSideChecked::from_facts(facts),
        acs_url: values.as_ref().map(|v| v.acs_url.clone()),
        audience_uri: crate::endpoints::audience_uri(&t.pool_id),
        issuer_type: pool_read.then_some(facts.pool.issuer),
        jwks_url: issuer_url.as_deref().map(crate::endpoints::jwks_url),
        issuer_url,
        feature_plan: facts.pool.feature_plan.clone(),
        findings,
    }
}

//! The test sign-in: authorize URL with PKCE, loopback listener, browser, token exchange,
//! verification, and the claims that prove the mapping works.

pub mod authorize;
pub mod browser;
pub mod explain;
pub mod jwt;
pub mod listener;
pub mod pkce;
pub mod sign_out;
pub mod token;

use crate::endpoints::{self, Domain};
use crate::finding::Finding;
use crate::setup::Setup;
use jwt::Claims;
use listener::Callback;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

#[derive(Debug, Clone)]
pub struct LoginConfig {
    /// Base of `/oauth2/*` (the user pool's domain).
    pub hosted_ui_base: String,
    /// The pool's own issuer: the only `iss` a token may carry.
    pub issuer: String,
    /// Where the pool's signing keys are fetched (the issuer's, unless overridden).
    pub jwks_url: String,
    /// The app client's secret, for clients that have one (sent as HTTP Basic).
    pub client_secret: Option<token::ClientSecret>,
    pub client_id: String,
    pub port: u16,
    pub scopes: Vec<String>,
    pub provider: String,
    /// Route by this e-mail domain (`idp_identifier=`) instead of naming the provider, as a
    /// real user's sign-in with their address does.
    pub idp_identifier: Option<String>,
    pub hosted_ui: bool,
    /// `prompt=login`: Okta must ask for the password again, so a test sign-in proves Okta
    /// was reached rather than an open session reused.
    pub prompt_login: bool,
    pub open_browser: bool,
    pub timeout: Duration,
    pub mapping: BTreeMap<String, String>,
}

/// Overrides for private endpoints and tests.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub port: Option<u16>,
    pub hosted_ui_url: Option<String>,
    pub issuer_url: Option<String>,
    pub timeout: Option<Duration>,
    pub hosted_ui: bool,
    pub no_browser: bool,
    pub prompt_login: bool,
    /// Sign in as a user with this address: the hosted UI routes by its domain.
    pub email: Option<String>,
}

/// What the pool itself says, read before the browser opens: which issuer signs its tokens,
/// and the client's secret when it has one. Never from the setup file.
#[derive(Debug, Clone, Default)]
pub struct PoolSide {
    pub issuer: endpoints::IssuerKind,
    pub client_secret: Option<token::ClientSecret>,
}

/// `DescribeUserPool` and `DescribeUserPoolClient`, concurrently.
pub async fn read_pool_side(
    api: &aws_sdk_cognitoidentityprovider::Client,
    pool_id: &str,
    client_id: &str,
) -> Result<PoolSide, Finding> {
    let (pool, client) = tokio::join!(
        crate::cognito::state::read_pool(api, pool_id),
        crate::cognito::state::read_client(api, pool_id, client_id)
    );
    Ok(PoolSide {
        issuer: pool?.issuer,
        client_secret: client?
            .client_secret()
            .filter(|s| !s.is_empty())
            .map(|s| token::ClientSecret::new(s.to_string())),
    })
}

/// The whole preparation both faces need: the setup's part, then the pool's.
pub async fn prepare(
    api: &aws_sdk_cognitoidentityprovider::Client,
    setup: &Setup,
    o: &Overrides,
) -> Result<LoginConfig, Finding> {
    // The setup's own mistakes first: they need no AWS call.
    let unchecked = LoginConfig::from_setup(setup, o, &PoolSide::default())?;
    let side = read_pool_side(api, &setup.user_pool_id, &unchecked.client_id).await?;
    LoginConfig::from_setup(setup, o, &side)
}

impl LoginConfig {
    pub fn from_setup(
        setup: &Setup,
        o: &Overrides,
        pool: &PoolSide,
    ) -> Result<LoginConfig, Finding> {
        if let Some(f) = o.port.and_then(|p| {
            crate::setup::validate::login_port("--port", p)
                .into_iter()
                .find(Finding::is_error)
        }) {
            return Err(f);
        }
        let client_id = setup.app_client.client_id.clone().ok_or_else(|| {
            Finding::error(
                crate::finding::codes::LOGIN_NEEDS_CLIENT_ID,
                "the setup file has no app_client.client_id to sign in with",
                "Run `okta-cognito apply --config FILE` first: it creates the client and writes its id into the file.",
            )
        })?;
        let base = match (&o.hosted_ui_url, &setup.domain.prefix, &setup.domain.custom) {
            (Some(url), _, _) => url.trim_end_matches('/').to_string(),
            (None, Some(p), _) => {
                endpoints::hosted_ui_base(&setup.region, &Domain::Prefix(p.clone()))
            }
            (None, None, Some(c)) => {
                endpoints::hosted_ui_base(&setup.region, &Domain::Custom(c.clone()))
            }
            (None, None, None) => {
                return Err(Finding::error(
                    crate::finding::codes::LOGIN_NEEDS_DOMAIN,
                    "the setup file has no [domain], so there is no hosted UI to sign in through",
                    "Add [domain] prefix = \"…\" and run apply, or pass --hosted-ui-url.",
                ));
            }
        };
        let issuer = endpoints::issuer_url(&setup.region, &setup.user_pool_id, pool.issuer);
        let jwks_url = endpoints::jwks_url(o.issuer_url.as_deref().unwrap_or(&issuer));
        Ok(LoginConfig {
            hosted_ui_base: base,
            issuer,
            jwks_url,
            client_secret: pool.client_secret.clone(),
            client_id,
            port: o.port.unwrap_or(setup.login.port),
            scopes: setup.app_client.scopes.clone(),
            provider: setup.provider.name.clone(),
            idp_identifier: o
                .email
                .as_deref()
                .and_then(|e| e.rsplit_once('@'))
                .map(|(_, domain)| domain.trim().to_lowercase()),
            hosted_ui: o.hosted_ui,
            prompt_login: o.prompt_login,
            open_browser: !o.no_browser,
            timeout: o.timeout.unwrap_or(DEFAULT_TIMEOUT),
            mapping: setup.provider.attribute_mapping.clone(),
        })
    }
}

/// What the face shows while the sign-in is under way.
pub trait LoginUi: Send + Sync {
    fn url_ready(&self, url: &str, redirect_uri: &str);
    fn browser(&self, opened: &Result<String, Finding>);
    fn tick(&self, remaining: Duration);
    fn exchanging(&self);
}

#[derive(Debug, Clone, Serialize)]
pub struct MappedAttribute {
    pub attribute: String,
    pub saml_attribute: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoginOutcome {
    pub id_claims: Claims,
    pub access_claims: Claims,
    pub refresh_works: bool,
    pub mapped: Vec<MappedAttribute>,
    #[serde(skip)]
    pub tokens: token::Tokens,
}

impl LoginOutcome {
    /// Mapped attributes that did not arrive with a value: not sent, or sent empty.
    pub fn missing(&self) -> impl Iterator<Item = &MappedAttribute> {
        self.mapped
            .iter()
            .filter(|m| m.value.as_deref().is_none_or(|v| v.trim().is_empty()))
    }

    /// Each mapped attribute that did not arrive, as the failure it is (a ✓ on the sign-in is
    /// no ✓ on the mapping), with its fix.
    pub fn mapping_findings(&self) -> Vec<Finding> {
        self.missing()
            .map(|m| match &m.value {
                None => Finding::error(
                    crate::finding::codes::MAPPED_ATTRIBUTE_NOT_SENT,
                    format!(
                        "{} ← \"{}\": the IdP sent no attribute of that name, so the user's {} is not set",
                        m.attribute, m.saml_attribute, m.attribute
                    ),
                    format!(
                        "In the Okta app (General → SAML Settings → Attribute Statements) add Name \"{}\" with a value for {} (`okta-cognito okta-app` does it), then sign in again.",
                        m.saml_attribute, m.attribute
                    ),
                ),
                Some(_) => Finding::error(
                    crate::finding::codes::MAPPED_ATTRIBUTE_EMPTY,
                    format!(
                        "{} ← \"{}\": the IdP sent the attribute empty",
                        m.attribute, m.saml_attribute
                    ),
                    format!(
                        "Give the Okta user a value for the profile field the statement \"{}\" reads (Directory → People → the user → Profile), or point the statement at a field that is always set.",
                        m.saml_attribute
                    ),
                ),
            })
            .collect()
    }

    /// The federated identity's provider name (from the `identities` claim).
    pub fn identity_provider(&self) -> Option<String> {
        let ids = self.id_claims.get("identities")?;
        let list = match ids {
            serde_json::Value::String(s) => serde_json::from_str::<serde_json::Value>(s).ok()?,
            v => v.clone(),
        };
        list.as_array()?
            .first()?
            .get("providerName")?
            .as_str()
            .map(String::from)
    }
}

fn claim_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn timeout_finding(t: Duration) -> Finding {
    Finding::error(
        crate::finding::codes::SIGN_IN_TIMEOUT,
        format!("no sign-in came back within {} s", t.as_secs()),
        "Finish the Okta sign-in in the browser sooner (Cognito also gives up after 5 minutes): try again (the wizard: Enter; `login`: --timeout SECS waits longer). Over SSH, forward the port (ssh -L <port>:localhost:<port>) or paste the address the browser ends on.",
    )
}

pub enum Pasted {
    Code(String),
    /// The sign-in failed: this is its explanation.
    Failed(Finding),
    /// Not an answer to this sign-in: said, and the wait goes on.
    Refused(Finding),
}

/// A pasted address: the browser's final address (code and this sign-in's state), or an
/// error page's. Cognito's own error page (`/error?error=…`) carries no state, so an error
/// without one is this sign-in's failure and is explained; an error that names another
/// sign-in's state is explained too, but the wait goes on.
pub fn judge_pasted(state: &str, line: &str) -> Pasted {
    let refused = |message: String| {
        Pasted::Refused(Finding::warning(
            crate::finding::codes::PASTED_URL_REFUSED,
            message,
            "Paste the whole address of the page the browser ended on after signing in.",
        ))
    };
    let Some(pairs) = explain::redirect_pairs(line) else {
        return refused(
            "the pasted text is not an address: nothing in it answers this sign-in".into(),
        );
    };
    let q: std::collections::HashMap<String, String> = pairs.into_iter().collect();
    if let Some(error) = q.get("error") {
        let f = explain::redirect_error(error, q.get("error_description").map_or("", |d| d));
        return match q.get("state") {
            Some(s) if s != state => refused(format!(
                "the pasted error belongs to an older sign-in (its state is not this one's), so this sign-in goes on waiting. It said: {}",
                f.message
            )),
            _ => Pasted::Failed(f),
        };
    }
    match listener::judge(state, &q).2 {
        Some(Callback::Code(code)) => Pasted::Code(code),
        Some(Callback::Error { error, description }) => {
            Pasted::Failed(explain::redirect_error(&error, &description))
        }
        None => refused("the pasted address does not carry this sign-in's state and code".into()),
    }
}

/// Waits for the listener, a pasted redirect URL, or the timeout.
async fn wait_for_code(
    listener: &mut listener::Listener,
    state: &str,
    pasted: &mut Option<mpsc::UnboundedReceiver<String>>,
    timeout: Duration,
    ui: &dyn LoginUi,
) -> Result<String, Finding> {
    let start = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        let remaining = timeout.saturating_sub(start.elapsed());
        if remaining.is_zero() {
            return Err(timeout_finding(timeout));
        }
        tokio::select! {
            got = listener.rx.recv() => match got {
                Some(Callback::Code(code)) => return Ok(code),
                Some(Callback::Error { error, description }) => return Err(explain::redirect_error(&error, &description)),
                None => return Err(timeout_finding(timeout)),
            },
            line = async {
                match pasted.as_mut() {
                    Some(rx) => rx.recv().await,
                    None => std::future::pending().await,
                }
            } => match line {
                None => *pasted = None,
                Some(line) => match judge_pasted(state, &line) {
                    Pasted::Code(code) => return Ok(code),
                    Pasted::Failed(f) => return Err(f),
                    Pasted::Refused(f) => ui.browser(&Err(f)),
                },
            },
            _ = tick.tick() => ui.tick(remaining),
            _ = tokio::time::sleep(remaining) => return Err(timeout_finding(timeout)),
        }
    }
}

/// The whole sign-in. `pasted` carries lines the person types (a redirected URL), if any.
/// A failure is logged (support reads the log); the tokens of a success are not.
pub async fn login(
    cfg: &LoginConfig,
    ui: &dyn LoginUi,
    pasted: Option<mpsc::UnboundedReceiver<String>>,
) -> Result<LoginOutcome, Finding> {
    tracing::info!(client_id = %cfg.client_id, provider = %cfg.provider, "sign-in started");
    let result = sign_in(cfg, ui, pasted).await;
    match &result {
        Ok(_) => tracing::info!("sign-in verified"),
        Err(f) => crate::finding::log("sign-in", std::slice::from_ref(f)),
    }
    result
}

async fn sign_in(
    cfg: &LoginConfig,
    ui: &dyn LoginUi,
    mut pasted: Option<mpsc::UnboundedReceiver<String>>,
) -> Result<LoginOutcome, Finding> {
    let redirect_uri = endpoints::loopback_redirect_uri(cfg.port);
    let req = authorize::authorize_request(
        &cfg.hosted_ui_base,
        &cfg.client_id,
        &redirect_uri,
        &cfg.scopes,
        match &cfg.idp_identifier {
            Some(domain) => authorize::Route::Identifier(domain),
            None => authorize::Route::Provider(&cfg.provider),
        },
        cfg.hosted_ui,
        cfg.prompt_login,
    );
    let mut listener = listener::bind(cfg.port, &req.state).await?;
    ui.url_ready(&req.url, &redirect_uri);
    if cfg.open_browser {
        ui.browser(&browser::open(&req.url));
    }
    let code = wait_for_code(&mut listener, &req.state, &mut pasted, cfg.timeout, ui).await;
    listener.stop();
    let code = code?;
    ui.exchanging();

    // No redirects: the token request carries the code, the verifier and the refresh token.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| {
            Finding::error(
                crate::finding::codes::HTTP_CLIENT,
                format!("cannot set up HTTPS: {e}"),
                "Report this as a bug.",
            )
        })?;
    let token_url = endpoints::token_endpoint(&cfg.hosted_ui_base);
    let client = token::ClientAuth {
        id: &cfg.client_id,
        secret: cfg.client_secret.as_ref(),
    };
    let tokens = token::exchange_code(
        &http,
        &token_url,
        &client,
        &code,
        &req.redirect_uri,
        &req.verifier,
    )
    .await?;
    let jwks = jwt::fetch_jwks(&http, &cfg.jwks_url).await?;
    let id_token = tokens.id_token.as_deref().ok_or_else(|| {
        Finding::error(
            crate::finding::codes::NO_ID_TOKEN,
            "the token endpoint returned no ID token",
            "Add \"openid\" to app_client.scopes and run apply.",
        )
    })?;
    let id_claims = jwt::verify_id_token(id_token, &jwks, &cfg.issuer, &cfg.client_id, &req.nonce)?;
    let access_claims =
        jwt::verify_access_token(&tokens.access_token, &jwks, &cfg.issuer, &cfg.client_id)?;
    let refresh_works = match &tokens.refresh_token {
        Some(rt) => {
            let refreshed = token::refresh(&http, &token_url, &client, rt).await?;
            jwt::verify_access_token(&refreshed.access_token, &jwks, &cfg.issuer, &cfg.client_id)?;
            true
        }
        None => false,
    };
    let mapped = cfg
        .mapping
        .iter()
        .map(|(attr, saml)| MappedAttribute {
            attribute: attr.clone(),
            saml_attribute: saml.clone(),
            value: id_claims.get(attr).map(claim_text),
        })
        .collect();
    Ok(LoginOutcome {
        id_claims,
        access_claims,
        refresh_works,
        mapped,
        tokens,
    })
}

//! Executes a plan: independent steps in parallel, dependent ones after; every step looks
//! before it writes, so a run interrupted anywhere is finished by the next run.

use super::client_settings::{self, ClientSettings};
use super::create_once::{create_once, no_retry};
use super::errors::from_sdk;
use super::plan::{Action, Plan};
use super::state::{self, State};
use crate::finding::Finding;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::operation::update_user_pool_client::UpdateUserPoolClientInput;
use aws_sdk_cognitoidentityprovider::types::{
    CustomDomainConfigType, ExplicitAuthFlowsType, IdentityProviderTypeType,
};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// How long a new domain may stay `CREATING` before the apply gives up waiting.
pub const DOMAIN_WAIT: Duration = Duration::from_secs(180);
const DOMAIN_POLL: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    Started { step: usize, description: String },
    Waiting { step: usize, message: String },
    Done { step: usize, elapsed: Duration },
    Failed { step: usize, finding: Finding },
    Skipped { step: usize, reason: String },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The app client the federation uses (created by this run or already there).
    pub client_id: Option<String>,
    pub failures: Vec<Finding>,
    pub completed: usize,
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        self.failures.is_empty()
    }
}

pub async fn create_client(api: &Client, pool_id: &str, name: &str) -> Result<String, Finding> {
    if let Some(id) = state::find_client_by_name(api, pool_id, name).await? {
        return Ok(id);
    }
    let resource = format!("app client {name:?} in user pool {pool_id}");
    let send = || async {
        let out = api
            .create_user_pool_client()
            .user_pool_id(pool_id)
            .client_name(name)
            .generate_secret(false)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
            .customize()
            .config_override(no_retry())
            .send()
            .await?;
        Ok(out
            .user_pool_client()
            .and_then(|c| c.client_id())
            .map(String::from))
    };
    let look = || async {
        Ok(state::find_client_by_name(api, pool_id, name)
            .await?
            .map(Some))
    };
    create_once("CreateUserPoolClient", &resource, send, look)
        .await?
        .ok_or_else(|| {
            Finding::error(
                "aws-error",
                "CreateUserPoolClient answered without a client id",
                "Run the apply again; it finds the client by name.",
            )
        })
}

pub async fn create_domain(
    api: &Client,
    pool_id: &str,
    domain: &str,
    certificate_arn: Option<&str>,
    managed_login_version: Option<i32>,
    on_wait: &(dyn Fn(String) + Send + Sync),
) -> Result<(), Finding> {
    let now = state::read_domain(api, domain).await?;
    if now.owner_pool.as_deref() != Some(pool_id) {
        let mut req = api
            .create_user_pool_domain()
            .user_pool_id(pool_id)
            .domain(domain);
        if let Some(arn) = certificate_arn {
            req = req.custom_domain_config(
                CustomDomainConfigType::builder()
                    .certificate_arn(arn)
                    .build()
                    .expect("certificate arn is set"),
            );
        }
        if let Some(v) = managed_login_version {
            req = req.managed_login_version(v);
        }
        let send = || async {
            req.clone()
                .customize()
                .config_override(no_retry())
                .send()
                .await
                .map(|_| ())
        };
        let look = || async {
            let now = state::read_domain(api, domain).await?;
            Ok((now.owner_pool.as_deref() == Some(pool_id)).then_some(()))
        };
        create_once(
            "CreateUserPoolDomain",
            &format!("domain {domain}"),
            send,
            look,
        )
        .await?;
    }
    let start = Instant::now();
    loop {
        let d = state::read_domain(api, domain).await?;
        match d.status.as_deref() {
            None | Some("ACTIVE") => return Ok(()),
            Some("FAILED") => {
                return Err(Finding::error(
                    "domain-failed",
                    format!("domain {domain} is in status FAILED"),
                    "For a custom domain, check the ACM certificate (us-east-1, issued, covering the host name); then delete the domain and run apply again.",
                ));
            }
            Some(status) => {
                if start.elapsed() >= DOMAIN_WAIT {
                    return Err(Finding::error(
                        "domain-not-active",
                        format!(
                            "domain {domain} is still {status} after {} s",
                            DOMAIN_WAIT.as_secs()
                        ),
                        "Cognito can take longer for custom domains: run apply again later; it picks up where it stopped.",
                    ));
                }
                on_wait(format!(
                    "domain {domain} is {status}; waiting ({} s of at most {} s)",
                    start.elapsed().as_secs(),
                    DOMAIN_WAIT.as_secs()
                ));
                tokio::time::sleep(DOMAIN_POLL).await;
            }
        }
    }
}

fn to_hash(m: &BTreeMap<String, String>) -> HashMap<String, String> {
    m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Creates the provider, or updates it when it already exists (never a duplicate). The
/// details sent are always the desired ones, without the keys Cognito adds itself.
pub async fn put_provider(
    api: &Client,
    pool_id: &str,
    name: &str,
    details: &BTreeMap<String, String>,
    mapping: &BTreeMap<String, String>,
    identifiers: &[String],
) -> Result<(), Finding> {
    let resource = format!("provider {name} in user pool {pool_id}");
    let update = || async {
        api.update_identity_provider()
            .user_pool_id(pool_id)
            .provider_name(name)
            .set_provider_details(Some(to_hash(details)))
            .set_attribute_mapping(Some(to_hash(mapping)))
            .set_idp_identifiers(Some(identifiers.to_vec()))
            .send()
            .await
            .map_err(|e| from_sdk(&e, "UpdateIdentityProvider", &resource))
            .map(|_| ())
    };
    if state::read_provider(api, pool_id, name).await?.is_some() {
        return update().await;
    }
    let send = || async {
        api.create_identity_provider()
            .user_pool_id(pool_id)
            .provider_name(name)
            .provider_type(IdentityProviderTypeType::Saml)
            .set_provider_details(Some(to_hash(details)))
            .set_attribute_mapping(Some(to_hash(mapping)))
            .set_idp_identifiers((!identifiers.is_empty()).then(|| identifiers.to_vec()))
            .customize()
            .config_override(no_retry())
            .send()
            .await
            .map(|_| ())
    };
    let look = || async { Ok(state::read_provider(api, pool_id, name).await?.map(|_| ())) };
    match create_once("CreateIdentityProvider", &resource, send, look).await {
        // Made meanwhile (by an attempt whose answer was lost, or by another admin): the
        // desired details still have to be written, so update it.
        Err(f) if f.code == "aws-duplicate-provider" => update().await,
        other => other,
    }
}

/// Sends a full update request built by `client_settings::update_input`.
pub async fn send_update(api: &Client, input: UpdateUserPoolClientInput) -> Result<(), Finding> {
    let resource = format!(
        "app client {} in user pool {}",
        input.client_id().unwrap_or_default(),
        input.user_pool_id().unwrap_or_default()
    );
    api.update_user_pool_client()
        .set_user_pool_id(input.user_pool_id)
        .set_client_id(input.client_id)
        .set_client_name(input.client_name)
        .set_refresh_token_validity(input.refresh_token_validity)
        .set_access_token_validity(input.access_token_validity)
        .set_id_token_validity(input.id_token_validity)
        .set_token_validity_units(input.token_validity_units)
        .set_read_attributes(input.read_attributes)
        .set_write_attributes(input.write_attributes)
        .set_explicit_auth_flows(input.explicit_auth_flows)
        .set_supported_identity_providers(input.supported_identity_providers)
        .set_callback_urls(input.callback_urls)
        .set_logout_urls(input.logout_urls)
        .set_default_redirect_uri(input.default_redirect_uri)
        .set_allowed_o_auth_flows(input.allowed_o_auth_flows)
        .set_allowed_o_auth_scopes(input.allowed_o_auth_scopes)
        .set_allowed_o_auth_flows_user_pool_client(input.allowed_o_auth_flows_user_pool_client)
        .set_analytics_configuration(input.analytics_configuration)
        .set_prevent_user_existence_errors(input.prevent_user_existence_errors)
        .set_enable_token_revocation(input.enable_token_revocation)
        .set_enable_propagate_additional_user_context_data(
            input.enable_propagate_additional_user_context_data,
        )
        .set_auth_session_validity(input.auth_session_validity)
        .set_refresh_token_rotation(input.refresh_token_rotation)
        .send()
        .await
        .map_err(|e| from_sdk(&e, "UpdateUserPoolClient", &resource))?;
    Ok(())
}

/// Describe, merge, send everything back: the read-modify-write Cognito requires.
pub async fn update_client(
    api: &Client,
    setup: &Setup,
    pool: &state::PoolState,
    client_id: &str,
) -> Result<(), Finding> {
    let described = state::read_client(api, &setup.user_pool_id, client_id).await?;
    let want = client_settings::desired(setup, &ClientSettings::of(&described), pool);
    send_update(
        api,
        client_settings::update_input(&setup.user_pool_id, &described, &want),
    )
    .await
}

pub async fn create_branding(api: &Client, pool_id: &str, client_id: &str) -> Result<(), Finding> {
    if state::read_branding(api, pool_id, client_id).await == Some(true) {
        return Ok(());
    }
    api.create_managed_login_branding()
        .user_pool_id(pool_id)
        .client_id(client_id)
        .use_cognito_provided_values(true)
        .send()
        .await
        .map_err(|e| {
            from_sdk(
                &e,
                "CreateManagedLoginBranding",
                &format!("app client {client_id} in user pool {pool_id}"),
            )
        })?;
    Ok(())
}

/// Runs one step and reports it; `Ok(value)` when done.
async fn step<T>(
    index: usize,
    description: &str,
    on: &(dyn Fn(Progress) + Send + Sync),
    fut: impl Future<Output = Result<T, Finding>>,
) -> Result<T, Finding> {
    on(Progress::Started {
        step: index,
        description: description.to_string(),
    });
    let start = Instant::now();
    let r = fut.await;
    match &r {
        Ok(_) => on(Progress::Done {
            step: index,
            elapsed: start.elapsed(),
        }),
        Err(f) => on(Progress::Failed {
            step: index,
            finding: f.clone(),
        }),
    }
    r
}

/// Applies the plan. The client, the domain and the provider go first, concurrently (the
/// provider alone before them when its metadata URL could not be checked); the client update
/// and the branding wait for them. A failed step stops only what depends on it.
pub async fn apply(
    api: &Client,
    setup: &Setup,
    state: &State,
    plan: &Plan,
    on: &(dyn Fn(Progress) + Send + Sync),
) -> Outcome {
    let pool_id = setup.user_pool_id.as_str();
    let mut outcome = Outcome {
        client_id: state
            .client
            .as_ref()
            .and_then(|c| c.client_id())
            .map(String::from)
            .or(setup.app_client.client_id.clone()),
        ..Outcome::default()
    };
    let find = |pred: fn(&Action) -> bool| {
        plan.changes
            .iter()
            .enumerate()
            .find(|(_, c)| pred(&c.action))
    };

    let client_step = async {
        match find(|a| matches!(a, Action::CreateClient { .. })) {
            Some((i, c)) => step(
                i,
                &c.description,
                on,
                create_client(api, pool_id, &setup.app_client.name),
            )
            .await
            .map(Some),
            None => Ok(None),
        }
    };
    let domain_step = async {
        match find(|a| matches!(a, Action::CreateDomain { .. })) {
            Some((i, c)) => {
                let Action::CreateDomain {
                    domain,
                    certificate_arn,
                    managed_login_version,
                    ..
                } = &c.action
                else {
                    unreachable!("matched above")
                };
                let wait = move |message| on(Progress::Waiting { step: i, message });
                step(
                    i,
                    &c.description,
                    on,
                    create_domain(
                        api,
                        pool_id,
                        domain,
                        certificate_arn.as_deref(),
                        *managed_login_version,
                        &wait,
                    ),
                )
                .await
                .map(|_| true)
            }
            None => Ok(false),
        }
    };
    let provider_step = async {
        match find(|a| {
            matches!(
                a,
                Action::CreateProvider { .. } | Action::UpdateProvider { .. }
            )
        }) {
            Some((i, c)) => {
                let (Action::CreateProvider {
                    name,
                    details,
                    attribute_mapping,
                    identifiers,
                }
                | Action::UpdateProvider {
                    name,
                    details,
                    attribute_mapping,
                    identifiers,
                }) = &c.action
                else {
                    unreachable!("matched above")
                };
                step(
                    i,
                    &c.description,
                    on,
                    put_provider(api, pool_id, name, details, attribute_mapping, identifiers),
                )
                .await
                .map(|_| true)
            }
            None => Ok(false),
        }
    };
    let (client_r, domain_r, provider_r) = if plan.provider_first {
        // The metadata URL was not checked: Cognito checks it now, before anything else.
        let provider_r = provider_step.await;
        if let Err(f) = provider_r {
            for (i, c) in plan.changes.iter().enumerate() {
                if !matches!(
                    c.action,
                    Action::CreateProvider { .. } | Action::UpdateProvider { .. }
                ) {
                    on(Progress::Skipped {
                        step: i,
                        reason: "the provider was refused, so nothing else was written".into(),
                    });
                }
            }
            outcome.failures.push(f);
            return outcome;
        }
        let (client_r, domain_r) = tokio::join!(client_step, domain_step);
        (client_r, domain_r, provider_r)
    } else {
        tokio::join!(client_step, domain_step, provider_step)
    };
    let mut provider_ok = true;
    match client_r {
        Ok(Some(id)) => {
            outcome.client_id = Some(id);
            outcome.completed += 1;
        }
        Ok(None) => {}
        Err(f) => outcome.failures.push(f),
    }
    for r in [domain_r, provider_r.inspect_err(|_| provider_ok = false)] {
        match r {
            Ok(true) => outcome.completed += 1,
            Ok(false) => {}
            Err(f) => outcome.failures.push(f),
        }
    }

    let later: Vec<_> = plan
        .changes
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.action, Action::UpdateClient | Action::CreateBranding))
        .collect();
    for (i, c) in later {
        let Some(client_id) = outcome.client_id.clone() else {
            on(Progress::Skipped {
                step: i,
                reason: "the app client could not be created".into(),
            });
            continue;
        };
        let r = match c.action {
            Action::UpdateClient if !provider_ok => {
                // Listing a provider that does not exist is refused by Cognito.
                on(Progress::Skipped {
                    step: i,
                    reason: format!("provider {} is not in place", setup.provider.name),
                });
                continue;
            }
            Action::UpdateClient => {
                step(
                    i,
                    &c.description,
                    on,
                    update_client(api, setup, &state.pool, &client_id),
                )
                .await
            }
            _ => {
                step(
                    i,
                    &c.description,
                    on,
                    create_branding(api, pool_id, &client_id),
                )
                .await
            }
        };
        match r {
            Ok(()) => outcome.completed += 1,
            Err(f) => outcome.failures.push(f),
        }
    }
    outcome
}

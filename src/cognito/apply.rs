//! Executes a plan: independent steps in parallel, dependent ones after, as few round trips
//! deep as the dependencies allow. The plan read the state milliseconds earlier, so a step
//! does not read again before it writes; safety comes from the writes themselves: a create
//! that finds the thing already there (`DuplicateProviderException`, a domain that exists)
//! reads once and goes on as an update or an ownership check, and a create whose answer was
//! lost looks by name before trying again (`create_once`). A run interrupted anywhere is
//! finished by the next run, which plans from what is there.

use super::client_settings::{self, ClientSettings};
use super::create_once::{create_once, no_retry};
use super::errors::from_sdk;
use super::plan::{Action, Plan};
use super::state::{self, State};
use crate::finding::Finding;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::update_user_pool_client::UpdateUserPoolClientInput;
use aws_sdk_cognitoidentityprovider::types::{
    CustomDomainConfigType, ExplicitAuthFlowsType, IdentityProviderTypeType, UserPoolClientType,
};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// A client description older than this is read again before the update is built from it:
/// a review screen left open must not send back settings someone changed meanwhile.
pub const FRESH: Duration = Duration::from_secs(30);

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

/// Creates the public app client the plan found missing; its full description comes back
/// with the answer, so the update needs no Describe.
pub async fn create_client(
    api: &Client,
    pool_id: &str,
    name: &str,
) -> Result<UserPoolClientType, Finding> {
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
        Ok(out.user_pool_client().cloned())
    };
    let look = || async {
        match state::find_client_by_name(api, pool_id, name).await? {
            Some(id) => Ok(Some(Some(state::read_client(api, pool_id, &id).await?))),
            None => Ok(None),
        }
    };
    create_once("CreateUserPoolClient", &resource, send, look)
        .await?
        .filter(|c| c.client_id().is_some())
        .ok_or_else(|| {
            Finding::error(
                crate::finding::codes::AWS_ERROR,
                "CreateUserPoolClient answered without a client",
                "Run the apply again; it finds the client by name.",
            )
        })
}

/// Creates the domain; one that exists already is fine when this pool owns it.
pub async fn create_domain(
    api: &Client,
    pool_id: &str,
    domain: &str,
    certificate_arn: Option<&str>,
    managed_login_version: Option<i32>,
) -> Result<(), Finding> {
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
    let owned = || async {
        let now = state::read_domain(api, domain).await?;
        Ok((now.owner_pool.as_deref() == Some(pool_id)).then_some(()))
    };
    let send = || async {
        req.clone()
            .customize()
            .config_override(no_retry())
            .send()
            .await
            .map(|_| ())
    };
    match create_once(
        "CreateUserPoolDomain",
        &format!("domain {domain}"),
        send,
        owned,
    )
    .await
    {
        // Made meanwhile (an earlier run, another admin): ours if this pool owns it.
        Err(f)
            if f.code == crate::finding::codes::AWS_INVALID_PARAMETER
                && f.message.contains("exist") =>
        {
            match owned().await? {
                Some(()) => Ok(()),
                None => Err(f),
            }
        }
        other => other,
    }
}

/// Waits while the domain is `CREATING` (or `UPDATING`), at most `DOMAIN_WAIT`.
pub async fn wait_for_domain(
    api: &Client,
    domain: &str,
    on_wait: &(dyn Fn(String) + Send + Sync),
) -> Result<(), Finding> {
    let start = Instant::now();
    loop {
        let d = state::read_domain(api, domain).await?;
        match d.status.as_deref() {
            None | Some("ACTIVE") => return Ok(()),
            Some("FAILED") => {
                return Err(Finding::error(
                    crate::finding::codes::DOMAIN_FAILED,
                    format!("domain {domain} is in status FAILED"),
                    "For a custom domain, check the ACM certificate (us-east-1, issued, covering the host name); then delete the domain and run apply again.",
                ));
            }
            Some(status) => {
                if start.elapsed() >= DOMAIN_WAIT {
                    return Err(Finding::error(
                        crate::finding::codes::DOMAIN_NOT_ACTIVE,
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

/// Writes the provider as the plan says: an update when it exists, else a create that
/// turns into an update when the name was taken meanwhile (never a duplicate). The details
/// sent are always the desired ones, without the keys Cognito adds itself.
pub async fn put_provider(
    api: &Client,
    pool_id: &str,
    name: &str,
    details: &BTreeMap<String, String>,
    mapping: &BTreeMap<String, String>,
    identifiers: &[String],
    exists: bool,
) -> Result<(), Finding> {
    let resource = format!("provider {name} in user pool {pool_id}");
    let update = || async {
        super::pace::call(pool_id, "UpdateIdentityProvider", || {
            api.update_identity_provider()
                .user_pool_id(pool_id)
                .provider_name(name)
                .set_provider_details(Some(to_hash(details)))
                .set_attribute_mapping(Some(to_hash(mapping)))
                .set_idp_identifiers(Some(identifiers.to_vec()))
                .send()
        })
        .await
        .map_err(|e| from_sdk(&e, "UpdateIdentityProvider", &resource))
        .map(|_| ())
    };
    if exists {
        return update().await;
    }
    let send = || async {
        super::pace::shared()
            .wait(pool_id, "CreateIdentityProvider")
            .await;
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
        Err(f) if f.code == crate::finding::codes::AWS_DUPLICATE_PROVIDER => update().await,
        other => other,
    }
}

/// Deletes a provider the setup removed. One already gone is what was asked: a run that
/// deleted it and lost the answer, or an admin who deleted it by hand, is finished.
pub async fn delete_provider(api: &Client, pool_id: &str, name: &str) -> Result<(), Finding> {
    match super::pace::call(pool_id, "DeleteIdentityProvider", || {
        api.delete_identity_provider()
            .user_pool_id(pool_id)
            .provider_name(name)
            .send()
    })
    .await
    {
        Ok(_) => Ok(()),
        Err(e) if e.code() == Some("ResourceNotFoundException") => Ok(()),
        Err(e) => Err(from_sdk(
            &e,
            "DeleteIdentityProvider",
            &format!("provider {name} in user pool {pool_id}"),
        )),
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

/// Merge the federation's fields into the client as described, send everything back: the
/// read-modify-write Cognito requires.
pub async fn update_described(
    api: &Client,
    setup: &Setup,
    pool: &state::PoolState,
    described: &UserPoolClientType,
    new_client: bool,
) -> Result<(), Finding> {
    let want = client_settings::desired(setup, &ClientSettings::of(described), pool, new_client);
    send_update(
        api,
        client_settings::update_input(&setup.user_pool_id, described, &want),
    )
    .await
}

/// Describe, then `update_described`.
pub async fn update_client(
    api: &Client,
    setup: &Setup,
    pool: &state::PoolState,
    client_id: &str,
    new_client: bool,
) -> Result<(), Finding> {
    let described = state::read_client(api, &setup.user_pool_id, client_id).await?;
    update_described(api, setup, pool, &described, new_client).await
}

/// Creates the default managed login style the plan found missing; one that exists already
/// (an earlier run) is what was wanted.
pub async fn create_branding(api: &Client, pool_id: &str, client_id: &str) -> Result<(), Finding> {
    let r = api
        .create_managed_login_branding()
        .user_pool_id(pool_id)
        .client_id(client_id)
        .use_cognito_provided_values(true)
        .send()
        .await;
    match r {
        Ok(_) => Ok(()),
        Err(e) if e.code() == Some("ManagedLoginBrandingExistsException") => Ok(()),
        Err(e) => Err(from_sdk(
            &e,
            "CreateManagedLoginBranding",
            &format!("app client {client_id} in user pool {pool_id}"),
        )),
    }
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

fn is_provider(a: &Action) -> bool {
    matches!(
        a,
        Action::CreateProvider { .. } | Action::UpdateProvider { .. }
    )
}

/// Applies the plan in two rounds: the client create, the domain create and the provider
/// write together; then, once the client and the provider are there, the client update and
/// the branding. Waiting for a `CREATING` domain runs beside the second round, never in
/// front of it. When the metadata URL could not be checked, the provider goes alone first,
/// so a refusal by Cognito writes nothing else. A failed step stops only what depends on it.
pub async fn apply(
    api: &Client,
    setup: &Setup,
    state: &State,
    plan: &Plan,
    on: &(dyn Fn(Progress) + Send + Sync),
) -> Outcome {
    let pool_id = setup.user_pool_id.as_str();
    let find = |pred: fn(&Action) -> bool| {
        plan.changes
            .iter()
            .enumerate()
            .find(|(_, c)| pred(&c.action))
    };
    let skip = |pred: fn(&Action) -> bool, reason: &str| {
        for (i, c) in plan.changes.iter().enumerate() {
            if pred(&c.action) {
                on(Progress::Skipped {
                    step: i,
                    reason: reason.to_string(),
                });
            }
        }
    };
    let mut failures = vec![];
    let mut completed = 0;

    // Every federation's provider, one after another (Cognito allows a few provider writes
    // per second per pool): how many were written, or those and every refusal.
    let provider_step = async {
        let mut written = 0usize;
        let mut refused = vec![];
        for (i, c) in plan
            .changes
            .iter()
            .enumerate()
            .filter(|(_, c)| is_provider(&c.action))
        {
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
                unreachable!("filtered above")
            };
            let exists = matches!(c.action, Action::UpdateProvider { .. });
            match step(
                i,
                &c.description,
                on,
                put_provider(
                    api,
                    pool_id,
                    name,
                    details,
                    attribute_mapping,
                    identifiers,
                    exists,
                ),
            )
            .await
            {
                Ok(_) => written += 1,
                Err(f) => refused.push(f),
            }
        }
        if refused.is_empty() {
            Ok(written)
        } else {
            Err((written, refused))
        }
    };
    let mut provider_step = Some(provider_step);
    let provider_first = if plan.provider_first {
        let r = Box::pin(provider_step.take().expect("not run yet")).await;
        if let Err((written, refused)) = r {
            skip(
                |a| !is_provider(a),
                "the provider was refused, so nothing else was written",
            );
            return Outcome {
                client_id: state
                    .client
                    .as_ref()
                    .and_then(|c| c.client_id())
                    .map(String::from)
                    .or(setup.app_client.client_id.clone()),
                failures: refused,
                completed: written,
            };
        }
        Some(r)
    } else {
        None
    };
    let provider_step = async move {
        match (provider_first, provider_step) {
            (Some(done), _) => done,
            (None, Some(pending)) => pending.await,
            (None, None) => Ok(0),
        }
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
            .map(|c| Some((c, Instant::now()))),
            None => Ok(state
                .client
                .clone()
                .map(|c| (c, state.read_at.unwrap_or_else(Instant::now)))),
        }
    };
    // The domain, created and then waited for, beside everything else.
    let domain_step = async {
        let Some((i, c)) = find(|a| matches!(a, Action::CreateDomain { .. })) else {
            return Ok(false);
        };
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
        step(i, &c.description, on, async {
            create_domain(
                api,
                pool_id,
                domain,
                certificate_arn.as_deref(),
                *managed_login_version,
            )
            .await?;
            wait_for_domain(api, domain, &wait).await
        })
        .await
        .map(|_| true)
    };
    // The client create and the provider write, then what needs both.
    let client_side = async {
        // Boxed: the SDK's request futures are large, and nested joins of them would not
        // fit a test thread's stack in a debug build.
        let (client_r, provider_r) = tokio::join!(Box::pin(client_step), Box::pin(provider_step));
        let mut failures = vec![];
        let mut completed = 0;
        let created = find(|a| matches!(a, Action::CreateClient { .. })).is_some();
        let client = match client_r {
            Ok(c) => {
                completed += usize::from(created && c.is_some());
                c
            }
            Err(f) => {
                failures.push(f);
                None
            }
        };
        let provider_ok = match provider_r {
            Ok(written) => {
                completed += written;
                true
            }
            Err((written, refused)) => {
                completed += written;
                failures.extend(refused);
                false
            }
        };
        let client_id = client
            .as_ref()
            .and_then(|(c, _)| c.client_id())
            .map(String::from)
            .or(setup.app_client.client_id.clone());
        let Some((described, read_at)) = client else {
            skip(
                |a| {
                    matches!(
                        a,
                        Action::UpdateClient
                            | Action::CreateBranding
                            | Action::DeleteProvider { .. }
                    )
                },
                "the app client could not be created",
            );
            return (client_id, failures, completed);
        };
        let id = client_id.clone().unwrap_or_default();
        let update = async {
            let Some((i, c)) = find(|a| matches!(a, Action::UpdateClient)) else {
                return Ok(false);
            };
            if !provider_ok {
                // Listing a provider that does not exist is refused by Cognito.
                on(Progress::Skipped {
                    step: i,
                    reason: match setup.more_federations.len() {
                        0 => format!("provider {} is not in place", setup.provider.name),
                        _ => "not every federation's provider is in place".to_string(),
                    },
                });
                return Ok(false);
            }
            let fresh = read_at.elapsed() < FRESH;
            step(i, &c.description, on, async {
                if fresh {
                    update_described(api, setup, &state.pool, &described, created).await
                } else {
                    update_client(api, setup, &state.pool, &id, created).await
                }
            })
            .await
            .map(|_| true)
        };
        let branding = async {
            let Some((i, c)) = find(|a| matches!(a, Action::CreateBranding)) else {
                return Ok(false);
            };
            step(i, &c.description, on, create_branding(api, pool_id, &id))
                .await
                .map(|_| true)
        };
        let (u, b) = tokio::join!(Box::pin(update), Box::pin(branding));
        let client_updated =
            u.is_ok() && (provider_ok || find(|a| matches!(a, Action::UpdateClient)).is_none());
        for r in [u, b] {
            match r {
                Ok(done) => completed += usize::from(done),
                Err(f) => failures.push(f),
            }
        }
        // Deletions last: the client must have stopped offering a provider before it goes.
        for (i, c) in plan.changes.iter().enumerate() {
            let Action::DeleteProvider { name } = &c.action else {
                continue;
            };
            if !client_updated {
                on(Progress::Skipped {
                    step: i,
                    reason: "the app client still offers it: its update did not go through".into(),
                });
                continue;
            }
            match step(i, &c.description, on, delete_provider(api, pool_id, name)).await {
                Ok(()) => completed += 1,
                Err(f) => failures.push(f),
            }
        }
        (client_id, failures, completed)
    };
    let (domain_r, (client_id, client_failures, client_completed)) =
        tokio::join!(Box::pin(domain_step), Box::pin(client_side));
    match domain_r {
        Ok(done) => completed += usize::from(done),
        Err(f) => failures.push(f),
    }
    failures.extend(client_failures);
    completed += client_completed;
    Outcome {
        client_id,
        failures,
        completed,
    }
}

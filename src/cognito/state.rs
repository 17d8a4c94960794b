//! Everything the plan needs, read concurrently. Read-only: nothing here writes to AWS.

use super::errors::from_sdk;
use crate::finding::Finding;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaAttribute {
    pub name: String,
    pub mutable: bool,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoolState {
    pub id: String,
    pub name: String,
    /// `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`, when AWS reports it.
    pub arn: Option<String>,
    pub schema: Vec<SchemaAttribute>,
    /// The pool's prefix domain, if it has one.
    pub domain: Option<String>,
    pub custom_domain: Option<String>,
    /// Which host signs the pool's tokens (`IssuerConfiguration.Type`).
    pub issuer: crate::endpoints::IssuerKind,
    /// The feature plan (`UserPoolTier`): `LITE`, `ESSENTIALS` or `PLUS`; `None` when AWS
    /// did not say (older API answers).
    pub feature_plan: Option<String>,
}

impl PoolState {
    pub fn attribute(&self, name: &str) -> Option<&SchemaAttribute> {
        self.schema.iter().find(|a| a.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DomainState {
    pub domain: String,
    /// The pool that owns the domain; `None` when nobody does (free to create).
    pub owner_pool: Option<String>,
    pub status: Option<String>,
    pub managed_login_version: Option<i32>,
    pub certificate_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProviderState {
    pub name: String,
    pub provider_type: String,
    pub details: BTreeMap<String, String>,
    pub attribute_mapping: BTreeMap<String, String>,
    pub identifiers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub pool: PoolState,
    /// The full description of the app client, when it exists.
    pub client: Option<UserPoolClientType>,
    /// The domain the setup asks for, as Cognito describes it.
    pub wanted_domain: Option<DomainState>,
    /// The pool's current domain (prefix or custom), when it has one.
    pub pool_domain: Option<DomainState>,
    pub provider: Option<ProviderState>,
    /// Each further federation's provider (`setup.more_federations`, in order), when it exists.
    pub other_providers: Vec<Option<ProviderState>>,
    pub provider_names: Vec<String>,
    /// `Some(false)` when the client has no managed login branding style; `None` when unknown
    /// or irrelevant (classic hosted UI).
    pub has_branding: Option<bool>,
    /// When it was read: a client update built from an older description reads it again.
    pub read_at: Option<std::time::Instant>,
}

fn is_not_found<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> bool {
    matches!(e, SdkError::ServiceError(se) if se.err().code() == Some("ResourceNotFoundException"))
}

pub async fn read_pool(client: &Client, pool_id: &str) -> Result<PoolState, Finding> {
    let out = client
        .describe_user_pool()
        .user_pool_id(pool_id)
        .send()
        .await
        .map_err(|e| from_sdk(&e, "DescribeUserPool", &format!("user pool {pool_id}")))?;
    let pool = out.user_pool().ok_or_else(|| {
        Finding::error(
            crate::finding::codes::AWS_NOT_FOUND,
            format!("user pool {pool_id} was not found"),
            "Check the user pool id and the region.",
        )
    })?;
    Ok(PoolState {
        id: pool_id.to_string(),
        name: pool.name().unwrap_or_default().to_string(),
        arn: pool.arn().map(String::from),
        schema: pool
            .schema_attributes()
            .iter()
            .map(|a| SchemaAttribute {
                name: a.name().unwrap_or_default().to_string(),
                mutable: a.mutable().unwrap_or(true),
                required: a.required().unwrap_or(false),
            })
            .collect(),
        domain: pool.domain().filter(|d| !d.is_empty()).map(String::from),
        custom_domain: pool
            .custom_domain()
            .filter(|d| !d.is_empty())
            .map(String::from),
        issuer: crate::endpoints::IssuerKind::from_aws(
            pool.issuer_configuration()
                .and_then(|i| i.r#type())
                .map(|t| t.as_str()),
        ),
        feature_plan: pool.user_pool_tier().map(|t| t.as_str().to_string()),
    })
}

pub async fn read_client(
    client: &Client,
    pool_id: &str,
    client_id: &str,
) -> Result<UserPoolClientType, Finding> {
    let out = client
        .describe_user_pool_client()
        .user_pool_id(pool_id)
        .client_id(client_id)
        .send()
        .await
        .map_err(|e| {
            from_sdk(
                &e,
                "DescribeUserPoolClient",
                &format!("app client {client_id} in user pool {pool_id}"),
            )
        })?;
    out.user_pool_client().cloned().ok_or_else(|| {
        Finding::error(
            crate::finding::codes::AWS_NOT_FOUND,
            format!("app client {client_id} was not found in user pool {pool_id}"),
            "Check app_client.client_id, or remove it to create a new client.",
        )
    })
}

/// A setup without a client id asks for a new public client; one found by its name is
/// adopted only when it could be that client. A client with a secret never is: it belongs to
/// a server-side application, and adopting it would rewrite its providers and URLs although
/// nobody chose it (a name carried over from a client the admin turned away from).
pub fn refuse_secret_client_by_name(
    name: &str,
    id: &str,
    found: &UserPoolClientType,
) -> Result<(), Finding> {
    if found.client_secret().is_none_or(str::is_empty) {
        return Ok(());
    }
    Err(Finding::error(
        crate::finding::codes::CLIENT_NAME_TAKEN,
        format!(
            "app_client.name = {name:?} asks for a new public client, but the pool's client {id} already has that name and a client secret"
        ),
        "Give the new client another app_client.name, or set app_client.client_id to use that client on purpose.",
    ))
}

/// Finds a client by name, for setups that create their client: a re-run after an
/// interrupted apply finds the client the first run created.
pub async fn find_client_by_name(
    client: &Client,
    pool_id: &str,
    name: &str,
) -> Result<Option<String>, Finding> {
    let all = super::pools::list_app_clients(client, pool_id).await?;
    let matching: Vec<_> = all.iter().filter(|c| c.name == name).collect();
    match matching.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.id.clone())),
        many => Err(Finding::error(
            crate::finding::codes::AMBIGUOUS_CLIENT_NAME,
            format!(
                "{} app clients in user pool {pool_id} are named {name:?} ({})",
                many.len(),
                many.iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "Set app_client.client_id in the setup file to the one to use.",
        )),
    }
}

pub async fn read_domain(client: &Client, domain: &str) -> Result<DomainState, Finding> {
    let out = client
        .describe_user_pool_domain()
        .domain(domain)
        .send()
        .await
        .map_err(|e| from_sdk(&e, "DescribeUserPoolDomain", &format!("domain {domain}")))?;
    let d = out.domain_description();
    Ok(DomainState {
        domain: domain.to_string(),
        owner_pool: d
            .and_then(|d| d.user_pool_id())
            .filter(|p| !p.is_empty())
            .map(String::from),
        status: d.and_then(|d| d.status()).map(|s| s.as_str().to_string()),
        managed_login_version: d.and_then(|d| d.managed_login_version()),
        certificate_arn: d
            .and_then(|d| d.custom_domain_config())
            .map(|c| c.certificate_arn().to_string()),
    })
}

pub async fn read_provider(
    client: &Client,
    pool_id: &str,
    name: &str,
) -> Result<Option<ProviderState>, Finding> {
    match super::pace::call(pool_id, "DescribeIdentityProvider", || {
        client
            .describe_identity_provider()
            .user_pool_id(pool_id)
            .provider_name(name)
            .send()
    })
    .await
    {
        Ok(out) => Ok(out.identity_provider().map(|p| ProviderState {
            name: p.provider_name().unwrap_or(name).to_string(),
            provider_type: p
                .provider_type()
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
            details: p
                .provider_details()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
            attribute_mapping: p
                .attribute_mapping()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
            identifiers: p.idp_identifiers().to_vec(),
        })),
        Err(e) if is_not_found(&e) => Ok(None),
        Err(e) => Err(from_sdk(
            &e,
            "DescribeIdentityProvider",
            &format!("provider {name} in user pool {pool_id}"),
        )),
    }
}

pub async fn list_provider_names(client: &Client, pool_id: &str) -> Result<Vec<String>, Finding> {
    let mut names = vec![];
    let mut next: Option<String> = None;
    // Page by page by hand, so each page (60 providers at most) is paced as the request it is.
    loop {
        let token = next.take();
        let page = super::pace::call(pool_id, "ListIdentityProviders", || {
            client
                .list_identity_providers()
                .user_pool_id(pool_id)
                .max_results(60)
                .set_next_token(token.clone())
                .send()
        })
        .await
        .map_err(|e| from_sdk(&e, "ListIdentityProviders", &format!("user pool {pool_id}")))?;
        names.extend(
            page.providers()
                .iter()
                .filter_map(|p| p.provider_name().map(String::from)),
        );
        match page.next_token() {
            Some(t) if !t.is_empty() => next = Some(t.to_string()),
            _ => return Ok(names),
        }
    }
}

/// Whether the client has a managed login branding style; `None` if the API is not there
/// (e.g. an emulator) so the plan does not guess.
pub async fn read_branding(client: &Client, pool_id: &str, client_id: &str) -> Option<bool> {
    read_branding_style(client, pool_id, client_id)
        .await
        .ok()
        .map(|style| style.is_some())
}

/// The client's managed login branding style in full (settings and assets), `None` when it
/// has none. Unlike [`read_branding`] a failure is reported: an export must not silently
/// leave a resource out.
pub async fn read_branding_style(
    client: &Client,
    pool_id: &str,
    client_id: &str,
) -> Result<Option<aws_sdk_cognitoidentityprovider::types::ManagedLoginBrandingType>, Finding> {
    match client
        .describe_managed_login_branding_by_client()
        .user_pool_id(pool_id)
        .client_id(client_id)
        .send()
        .await
    {
        Ok(out) => Ok(out.managed_login_branding().cloned()),
        Err(e) if is_not_found(&e) => Ok(None),
        // A Lite pool has no managed login, so no style to describe.
        Err(SdkError::ServiceError(se))
            if se.err().code() == Some("FeatureUnavailableInTierException") =>
        {
            Ok(None)
        }
        Err(e) => Err(from_sdk(
            &e,
            "DescribeManagedLoginBrandingByClient",
            &format!("app client {client_id} in user pool {pool_id}"),
        )),
    }
}

/// The domain name the setup asks for.
pub fn wanted_domain_name(setup: &Setup) -> Option<&str> {
    setup
        .domain
        .prefix
        .as_deref()
        .or(setup.domain.custom.as_deref())
}

/// Reads the pool, client, domains and provider concurrently. With a client id in the setup
/// the critical path is one round trip; a client found by name, a pool whose domain is not
/// the wanted one, or managed-login branding add one each.
pub async fn read(client: &Client, setup: &Setup) -> Result<State, Vec<Finding>> {
    let pool_id = setup.user_pool_id.as_str();
    // The client is described in the first round when its id is known, else found by name.
    let client_fut = async {
        match &setup.app_client.client_id {
            Some(id) => read_client(client, pool_id, id)
                .await
                .map(|c| (Some(id.clone()), Some(c))),
            None => match find_client_by_name(client, pool_id, &setup.app_client.name).await? {
                Some(id) => {
                    let found = read_client(client, pool_id, &id).await?;
                    refuse_secret_client_by_name(&setup.app_client.name, &id, &found)?;
                    Ok((Some(id), Some(found)))
                }
                None => Ok((None, None)),
            },
        }
    };
    let wanted = wanted_domain_name(setup);
    let (pool, app_client, wanted_domain, provider, names) = tokio::join!(
        read_pool(client, pool_id),
        client_fut,
        async {
            match wanted {
                Some(d) => read_domain(client, d).await.map(Some),
                None => Ok(None),
            }
        },
        read_provider(client, pool_id, &setup.provider.name),
        list_provider_names(client, pool_id),
    );
    // Only the providers the pool lists are described: Cognito allows five describes a second
    // per pool, so forty new tenants would otherwise wait eight seconds to learn they are new.
    let listed = |name: &str| match &names {
        Ok(n) => n.iter().any(|p| p == name),
        Err(_) => false,
    };
    let others = futures_util::future::join_all(setup.more_federations.iter().map(|f| {
        let read = listed(&f.provider.name);
        async move {
            if read {
                read_provider(client, pool_id, &f.provider.name).await
            } else {
                Ok(None)
            }
        }
    }))
    .await;
    fn keep<T>(r: Result<T, Finding>, errors: &mut Vec<Finding>) -> Option<T> {
        r.map_err(|f| errors.push(f)).ok()
    }
    let mut errors = vec![];
    let pool = keep(pool, &mut errors);
    let app_client = keep(app_client, &mut errors);
    let wanted_domain = keep(wanted_domain, &mut errors);
    let provider = keep(provider, &mut errors);
    let names = keep(names, &mut errors);
    let other_providers: Vec<Option<ProviderState>> = others
        .into_iter()
        .filter_map(|r| keep(r, &mut errors))
        .collect();
    if other_providers.len() != setup.more_federations.len() {
        return Err(super::errors::dedup_global(errors));
    }
    let (
        Some(pool),
        Some((client_id, app_client)),
        Some(wanted_domain),
        Some(provider),
        Some(names),
    ) = (pool, app_client, wanted_domain, provider, names)
    else {
        return Err(super::errors::dedup_global(errors));
    };
    let current = pool.custom_domain.clone().or(pool.domain.clone());
    let pool_domain = match &current {
        Some(d) if Some(d.as_str()) == wanted => wanted_domain.clone(),
        Some(d) => read_domain(client, d)
            .await
            .map(Some)
            .map_err(|f| vec![f])?,
        None => None,
    };
    let v2 = pool_domain.as_ref().and_then(|d| d.managed_login_version) == Some(2);
    let has_branding = match (&client_id, v2) {
        (Some(id), true) => read_branding(client, pool_id, id).await,
        _ => None,
    };
    Ok(State {
        pool,
        client: app_client,
        wanted_domain,
        pool_domain,
        provider,
        other_providers,
        provider_names: names,
        has_branding,
        read_at: Some(std::time::Instant::now()),
    })
}

//! Listing what is in the account: user pools and a pool's app clients (the wizard's pickers).

use super::errors::from_sdk;
use crate::finding::Finding;
use aws_sdk_cognitoidentityprovider::Client;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSummary {
    pub id: String,
    pub name: String,
    /// RFC 3339, when AWS reports it.
    pub created: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSummary {
    pub id: String,
    pub name: String,
    /// Whether the client has a secret (the guide's sign-in needs a public client); `None`
    /// when it was not described (beyond `MAX_DESCRIBED_CLIENTS`, or the describe failed).
    pub has_secret: Option<bool>,
}

fn rfc3339(dt: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    dt.and_then(|d| d.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
}

pub async fn list_user_pools(client: &Client) -> Result<Vec<PoolSummary>, Finding> {
    let mut out = vec![];
    let mut pages = client
        .list_user_pools()
        .max_results(60)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| from_sdk(&e, "ListUserPools", "the account's user pools"))?;
        for p in page.user_pools() {
            out.push(PoolSummary {
                id: p.id().unwrap_or_default().to_string(),
                name: p.name().unwrap_or_default().to_string(),
                created: rfc3339(p.creation_date()),
            });
        }
    }
    Ok(out)
}

pub async fn list_app_clients(
    client: &Client,
    pool_id: &str,
) -> Result<Vec<ClientSummary>, Finding> {
    let mut out = vec![];
    let mut pages = client
        .list_user_pool_clients()
        .user_pool_id(pool_id)
        .max_results(60)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| from_sdk(&e, "ListUserPoolClients", &format!("user pool {pool_id}")))?;
        for c in page.user_pool_clients() {
            out.push(ClientSummary {
                id: c.client_id().unwrap_or_default().to_string(),
                name: c.client_name().unwrap_or_default().to_string(),
                has_secret: None,
            });
        }
    }
    Ok(out)
}

/// The pool's clients, each described (eight at a time, the first `MAX_DESCRIBED_CLIENTS`)
/// so a list can flag a client with a secret before anyone chooses it.
pub async fn list_app_clients_described(
    client: &Client,
    pool_id: &str,
) -> Result<Vec<ClientSummary>, Finding> {
    use futures_util::StreamExt;
    let listed = list_app_clients(client, pool_id).await?;
    let ids: Vec<(String, String)> = listed
        .iter()
        .take(MAX_DESCRIBED_CLIENTS)
        .map(|c| (pool_id.to_string(), c.id.clone()))
        .collect();
    let secrets: std::collections::HashMap<String, bool> = futures_util::stream::iter(ids)
        .map(|(pool_id, id)| async move {
            let out = client
                .describe_user_pool_client()
                .user_pool_id(pool_id)
                .client_id(&id)
                .send()
                .await
                .ok()?;
            let secret = out
                .user_pool_client()?
                .client_secret()
                .is_some_and(|s| !s.is_empty());
            Some((id, secret))
        })
        .buffer_unordered(8)
        .filter_map(|x| async move { x })
        .collect()
        .await;
    Ok(listed
        .into_iter()
        .map(|c| ClientSummary {
            has_secret: secrets.get(&c.id).copied(),
            ..c
        })
        .collect())
}

/// Clients beyond this are listed without the secret flag (each costs a describe).
pub const MAX_DESCRIBED_CLIENTS: usize = 60;

/// What the pool list shows beside a pool: whether it already has a domain and a SAML
/// provider, so a first-time admin sees which pool is already federated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoolBadge {
    /// The prefix or custom domain.
    pub domain: Option<String>,
    pub saml_providers: Vec<String>,
}

/// The badges of `ids` (at most `MAX_BADGES`, eight pools at a time); a pool that cannot be
/// read has none.
pub async fn badges(api: &Client, ids: &[String]) -> std::collections::HashMap<String, PoolBadge> {
    use futures_util::StreamExt;
    futures_util::stream::iter(ids.iter().take(MAX_BADGES).cloned())
        .map(|id| async move {
            let (pool, providers) = tokio::join!(
                api.describe_user_pool().user_pool_id(&id).send(),
                api.list_identity_providers()
                    .user_pool_id(&id)
                    .max_results(60)
                    .send()
            );
            let pool = pool.ok()?;
            let p = pool.user_pool()?;
            let domain = p.custom_domain().or(p.domain()).map(String::from);
            let saml_providers = providers
                .ok()
                .map(|out| {
                    out.providers()
                        .iter()
                        .filter(|d| d.provider_type().is_some_and(|t| t.as_str() == "SAML"))
                        .filter_map(|d| d.provider_name().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            Some((
                id,
                PoolBadge {
                    domain,
                    saml_providers,
                },
            ))
        })
        .buffer_unordered(8)
        .filter_map(|x| async move { x })
        .collect()
        .await
}

/// Pools beyond this are listed without badges (they cost two calls each).
pub const MAX_BADGES: usize = 50;

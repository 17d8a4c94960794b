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
            });
        }
    }
    Ok(out)
}

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

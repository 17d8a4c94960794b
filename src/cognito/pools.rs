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

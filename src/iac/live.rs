//! Everything an IaC export describes, read from AWS (read-only, concurrently).

use crate::cognito::export::read_federation;
use crate::cognito::state::{self, DomainState, PoolState, ProviderState};
use crate::finding::Finding;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{ManagedLoginBrandingType, UserPoolClientType};

#[derive(Debug, Clone)]
pub struct Live {
    pub region: String,
    pub pool: PoolState,
    pub client: UserPoolClientType,
    pub provider: ProviderState,
    /// The pool's domains: its prefix domain and its custom domain, whichever it has.
    pub domains: Vec<DomainState>,
    pub branding: Option<ManagedLoginBrandingType>,
}

impl Live {
    pub fn pool_id(&self) -> &str {
        &self.pool.id
    }

    pub fn client_id(&self) -> &str {
        self.client.client_id().unwrap_or_default()
    }
}

pub async fn read(
    api: &Client,
    region: &str,
    pool_id: &str,
    client_id: &str,
    provider: Option<&str>,
) -> Result<Live, Vec<Finding>> {
    let (federation, branding) = tokio::join!(
        read_federation(api, pool_id, client_id, provider),
        state::read_branding_style(api, pool_id, client_id)
    );
    let (pool, client, provider) = federation?;
    let branding = branding.map_err(|f| vec![f])?;
    let names: Vec<&String> = pool.domain.iter().chain(&pool.custom_domain).collect();
    let domains = futures_util::future::join_all(names.iter().map(|d| state::read_domain(api, d)))
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|f| vec![f])?;
    Ok(Live {
        region: region.to_string(),
        pool,
        client,
        provider,
        domains,
        branding,
    })
}

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
    /// The first SAML provider the client offers (the one an Okta app is matched with).
    pub provider: ProviderState,
    /// Each further one: a pool with many customers has one per customer.
    pub more_providers: Vec<ProviderState>,
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

    /// Every SAML provider, the first one first.
    pub fn providers(&self) -> impl Iterator<Item = &ProviderState> {
        std::iter::once(&self.provider).chain(&self.more_providers)
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
    let (pool, client, providers) = federation?;
    let mut providers = providers.into_iter();
    let provider = providers
        .next()
        .expect("read_federation answers one provider at least");
    if provider.provider_type != "SAML" {
        // Other provider types carry their own client secret in their details.
        return Err(vec![Finding::error(
            crate::finding::codes::EXPORT_PROVIDER_NOT_SAML,
            format!(
                "provider {} in user pool {pool_id} is of type {}, not SAML: this export describes an Okta SAML federation",
                provider.name, provider.provider_type
            ),
            "Pass --provider with the SAML provider's name (`okta-cognito doctor` lists the client's providers).",
        )]);
    }
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
        more_providers: providers.collect(),
        domains,
        branding,
    })
}

#[cfg(test)]
pub mod sample {
    //! A hand-built federation for the renderers' own tests.
    use super::*;
    use aws_sdk_cognitoidentityprovider::types::{TimeUnitsType, TokenValidityUnitsType};

    pub fn live() -> Live {
        Live {
            region: "eu-west-1".into(),
            pool: PoolState {
                id: "eu-west-1_AbC123".into(),
                ..PoolState::default()
            },
            client: UserPoolClientType::builder()
                .client_id("client123")
                .client_name("web")
                .client_secret("s3cr3t-value")
                .callback_urls("https://app.example.com/${path}")
                .supported_identity_providers("Okta")
                .token_validity_units(
                    TokenValidityUnitsType::builder()
                        .access_token(TimeUnitsType::Hours)
                        .id_token(TimeUnitsType::Hours)
                        .refresh_token(TimeUnitsType::Days)
                        .build(),
                )
                .build(),
            provider: ProviderState {
                name: "Okta".into(),
                provider_type: "SAML".into(),
                details: [
                    (
                        "MetadataURL",
                        "https://acme.okta.com/app/exk1/sso/saml/metadata",
                    ),
                    ("ActiveEncryptionCertificate", "MIIgenerated"),
                    ("SSORedirectBindingURI", "https://acme.okta.com/sso"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
                attribute_mapping: [("custom:dept".to_string(), "department".to_string())]
                    .into_iter()
                    .collect(),
                identifiers: vec![],
            },
            more_providers: vec![],
            domains: vec![DomainState {
                domain: "auth.example.com".into(),
                certificate_arn: Some("arn:aws:acm:us-east-1:111122223333:certificate/abc".into()),
                managed_login_version: Some(2),
                ..DomainState::default()
            }],
            branding: Some(
                ManagedLoginBrandingType::builder()
                    .managed_login_branding_id("6f1c2b3a-1111-4222-8333-444455556666")
                    .use_cognito_provided_values(true)
                    .build(),
            ),
        }
    }
}

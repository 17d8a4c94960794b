//! One rule set for before and after: what `doctor` would report right after `apply` carried
//! out a plan, found before anything is written. The plan builds the facts its changes lead
//! to (the client as it will be, the provider as it will be, the metadata just judged) and
//! runs the doctor's own checks of the client, the provider and the mapping on them. The
//! domain is left out: a domain the plan creates has no status to check yet.

use crate::cognito::client_settings::ClientSettings;
use crate::cognito::state::{ProviderState, State};
use crate::doctor::Facts;
use crate::finding::{Finding, Severity};
use crate::saml::Report;
use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, UserPoolClientType};

/// The client as the plan leaves it, as DescribeUserPoolClient would show it.
fn client_after(id: &str, s: &ClientSettings) -> UserPoolClientType {
    UserPoolClientType::builder()
        .client_id(id)
        .set_supported_identity_providers(Some(s.supported_identity_providers.clone()))
        .set_allowed_o_auth_flows(Some(
            s.allowed_o_auth_flows
                .iter()
                .map(|f| OAuthFlowType::from(f.as_str()))
                .collect(),
        ))
        .allowed_o_auth_flows_user_pool_client(s.allowed_o_auth_flows_user_pool_client)
        .set_allowed_o_auth_scopes(Some(s.allowed_o_auth_scopes.clone()))
        .set_callback_urls(Some(s.callback_urls.clone()))
        .set_logout_urls(Some(s.logout_urls.clone()))
        .set_read_attributes(s.read_attributes.clone())
        .set_write_attributes(s.write_attributes.clone())
        .build()
}

/// The doctor's findings on the federation as the plan leaves it, without those the plan
/// already has (same code) and without advice (info).
pub fn findings(
    state: &State,
    client_id: &str,
    client: &ClientSettings,
    provider: Option<ProviderState>,
    metadata: Option<&Report>,
    already: &[Finding],
) -> Vec<Finding> {
    let facts = Facts {
        pool: state.pool.clone(),
        domain: None,
        custom: false,
        client: Some(client_after(client_id, client)),
        provider_name: provider
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        provider,
        live_metadata: metadata.map(|r| Ok(r.clone())),
        stored_metadata: None,
        has_branding: None,
        okta: None,
        signing_certificate: None,
        okta_current_unread: None,
    };
    crate::doctor::config_checks(&facts)
        .into_iter()
        .filter(|f| f.severity != Severity::Info)
        .filter(|f| !already.iter().any(|a| a.code == f.code))
        .collect()
}

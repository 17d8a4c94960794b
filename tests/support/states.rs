//! Hand-built `State`s for the pure plan tests: what a pool looks like before and after.

use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, UserPoolClientType};
use okta_cognito::cognito::state::{DomainState, PoolState, ProviderState, SchemaAttribute, State};
use okta_cognito::setup::Setup;
use std::collections::BTreeMap;

pub const POOL: &str = "us-east-1_Test123";

pub fn setup() -> Setup {
    let mut s = Setup::new("us-east-1", POOL);
    s.app_client.client_id = Some("client1".into());
    s.app_client.callback_urls = vec!["https://app.example.com/".into()];
    s.app_client.logout_urls = vec!["https://app.example.com/".into()];
    s.domain.prefix = Some("acme-auth".into());
    s.provider.metadata_url = Some("https://acme.okta.com/app/exk1/sso/saml/metadata".into());
    s.provider
        .attribute_mapping
        .insert("email".into(), "Email Id".into());
    s
}

pub fn attr(name: &str, mutable: bool, required: bool) -> SchemaAttribute {
    SchemaAttribute {
        name: name.into(),
        mutable,
        required,
    }
}

pub fn pool() -> PoolState {
    PoolState {
        id: POOL.into(),
        name: "test".into(),
        arn: None,
        schema: vec![
            attr("sub", false, true),
            attr("email", true, false),
            attr("given_name", true, false),
            attr("custom:dept", true, false),
        ],
        domain: None,
        custom_domain: None,
        issuer: okta_cognito::endpoints::IssuerKind::Original,
        feature_plan: Some("ESSENTIALS".into()),
    }
}

pub fn bare_client() -> UserPoolClientType {
    UserPoolClientType::builder()
        .user_pool_id(POOL)
        .client_id("client1")
        .client_name("web")
        .build()
}

/// A pool with nothing of the federation yet; the client exists.
pub fn fresh() -> State {
    State {
        pool: pool(),
        client: Some(bare_client()),
        wanted_domain: Some(DomainState {
            domain: "acme-auth".into(),
            ..DomainState::default()
        }),
        ..State::default()
    }
}

/// The state `setup()` leaves behind once applied.
pub fn complete() -> State {
    let mut pool = pool();
    pool.domain = Some("acme-auth".into());
    let client = UserPoolClientType::builder()
        .user_pool_id(POOL)
        .client_id("client1")
        .client_name("web")
        .supported_identity_providers("Okta")
        .supported_identity_providers("COGNITO")
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .allowed_o_auth_scopes("profile")
        .callback_urls("https://app.example.com/")
        .callback_urls("http://localhost:8976/callback")
        .logout_urls("https://app.example.com/")
        .build();
    let details: BTreeMap<String, String> = [
        (
            "MetadataURL",
            "https://acme.okta.com/app/exk1/sso/saml/metadata",
        ),
        ("IDPSignout", "false"),
        // Keys Cognito adds itself: never part of the comparison or of an update.
        ("ActiveEncryptionCertificate", "MIIC..."),
        (
            "SSORedirectBindingURI",
            "https://acme.okta.com/app/exk1/sso/saml",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    State {
        pool,
        client: Some(client),
        wanted_domain: Some(DomainState {
            domain: "acme-auth".into(),
            owner_pool: Some(POOL.into()),
            status: Some("ACTIVE".into()),
            ..DomainState::default()
        }),
        pool_domain: None,
        provider: Some(ProviderState {
            name: "Okta".into(),
            provider_type: "SAML".into(),
            details,
            attribute_mapping: [("email".to_string(), "Email Id".to_string())]
                .into_iter()
                .collect(),
            identifiers: vec![],
        }),
        other_providers: vec![],
        provider_names: vec!["Okta".into()],
        has_branding: None,
        read_at: None,
    }
}

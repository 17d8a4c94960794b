//! Helpers for apply tests against the emulator: fresh pools, setups on disk, plan+apply.

use super::moto::moto;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, IssuerConfigurationType, IssuerType, SchemaAttributeType, UserPoolTierType,
};
use okta_cognito::cognito::apply::{Outcome, apply};
use okta_cognito::cognito::plan::Plan;
use okta_cognito::cognito::preflight::check_metadata;
use okta_cognito::cognito::state::{self, State};
use okta_cognito::flows::plan::plan;
use okta_cognito::setup::Setup;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

pub async fn api() -> Client {
    moto().client().await
}

/// A pool with a mutable, required e-mail attribute, like the guide's.
pub async fn new_pool(api: &Client) -> String {
    new_pool_on(api, None, None).await
}

/// The same pool on a given feature plan and issuer type (`None`: AWS's defaults), which
/// the emulator's model layer reports back as real Cognito does.
pub async fn new_pool_on(
    api: &Client,
    tier: Option<UserPoolTierType>,
    issuer: Option<IssuerType>,
) -> String {
    new_pool_with(api, "pool", true, tier, issuer).await
}

/// A pool named `<prefix>-…` whose required `email` is mutable or not, on a feature plan and
/// issuer type (`None`: AWS's defaults).
pub async fn new_pool_with(
    api: &Client,
    prefix: &str,
    email_mutable: bool,
    tier: Option<UserPoolTierType>,
    issuer: Option<IssuerType>,
) -> String {
    api.create_user_pool()
        .pool_name(unique(prefix))
        .schema(
            SchemaAttributeType::builder()
                .name("email")
                .attribute_data_type(AttributeDataType::String)
                .mutable(email_mutable)
                .required(true)
                .build(),
        )
        .set_user_pool_tier(tier)
        .set_issuer_configuration(
            issuer.map(|t| IssuerConfigurationType::builder().r#type(t).build()),
        )
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string()
}

/// A setup for `pool` whose metadata is a local copy of real Okta metadata (no network).
pub fn setup_in(dir: &std::path::Path, pool: &str) -> Setup {
    std::fs::copy(
        super::fixture("metadata/real/okta-10.xml"),
        dir.join("okta.xml"),
    )
    .unwrap();
    let mut s = Setup::new("us-east-1", pool);
    s.app_client.callback_urls = vec!["https://app.example.com/".into()];
    s.app_client.logout_urls = vec!["https://app.example.com/".into()];
    s.domain.prefix = Some(unique("acme").to_lowercase());
    s.provider.metadata_file = Some("okta.xml".into());
    s.provider
        .attribute_mapping
        .insert("email".into(), "Email Id".into());
    s.source_dir = Some(dir.to_path_buf());
    s
}

pub async fn plan_for(api: &Client, setup: &Setup) -> (State, Plan) {
    let st = state::read(api, setup)
        .await
        .unwrap_or_else(|f| panic!("{f:#?}"));
    let meta = check_metadata(setup).await;
    let p = plan(setup, &st, &meta);
    (st, p)
}

pub async fn plan_and_apply(api: &Client, setup: &Setup) -> Outcome {
    let (st, p) = plan_for(api, setup).await;
    assert!(!p.blocked(), "{:#?}", p.findings);
    let outcome = apply(api, setup, &st, &p, &|_| {}).await;
    assert!(outcome.succeeded(), "{:#?}", outcome.failures);
    outcome
}

/// One setting of the client changed, the rest sent back as read: Cognito (and the emulator's
/// layer) resets whatever an update leaves out.
pub async fn edit_client(
    api: &aws_sdk_cognitoidentityprovider::Client,
    pool: &str,
    client: &str,
    edit: impl FnOnce(&mut okta_cognito::cognito::client_settings::ClientSettings),
) {
    let described = okta_cognito::cognito::state::read_client(api, pool, client)
        .await
        .unwrap();
    let mut want = okta_cognito::cognito::client_settings::ClientSettings::of(&described);
    edit(&mut want);
    okta_cognito::cognito::apply::send_update(
        api,
        okta_cognito::cognito::client_settings::update_input(pool, &described, &want),
    )
    .await
    .unwrap();
}

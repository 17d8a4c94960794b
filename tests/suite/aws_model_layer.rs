//! The emulator's model layer itself: a request AWS's published model forbids is answered as
//! AWS answers it, and what moto lacks (feature plans, issuer type, Cognito fetching a
//! metadata URL) behaves as real Cognito does. Without this, a test could pass with a
//! request real Cognito refuses.

use crate::support;

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{IssuerType, UserPoolTierType};
use support::federation::{api, new_pool_on, unique};
use support::http::Server;

/// The layer's log marks these as sent on purpose, so the suite's count of violations stays 0.
fn on_purpose(req: &mut aws_smithy_runtime_api::http::Request) {
    req.headers_mut().insert("x-expect-violation", "1");
}

#[tokio::test]
async fn a_value_outside_the_model_is_refused_as_aws_refuses_it() {
    let api = api().await;
    let pool = support::federation::new_pool(&api).await;

    let err = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("okta web!")
        .customize()
        .mutate_request(on_purpose)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterException"));
    let message = err.message().unwrap_or_default();
    assert!(
        message.contains("1 validation error detected: Value 'okta web!' at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"),
        "{message}"
    );

    let err = api
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Okta")
        .provider_type(aws_sdk_cognitoidentityprovider::types::IdentityProviderTypeType::Saml)
        .provider_details("MetadataFile", "x".repeat(131_073))
        .customize()
        .mutate_request(on_purpose)
        .send()
        .await
        .unwrap_err();
    assert!(
        err.message()
            .unwrap_or_default()
            .contains("Member must have length less than or equal to 131072"),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_pool_reports_its_feature_plan_and_issuer_and_lite_refuses_managed_login() {
    let api = api().await;
    let pool = new_pool_on(
        &api,
        Some(UserPoolTierType::Lite),
        Some(IssuerType::Updated),
    )
    .await;

    let described = api
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let p = described.user_pool().unwrap();
    assert_eq!(p.user_pool_tier(), Some(&UserPoolTierType::Lite));
    assert_eq!(
        p.issuer_configuration().and_then(|i| i.r#type()),
        Some(&IssuerType::Updated)
    );

    let err = api
        .create_user_pool_domain()
        .user_pool_id(&pool)
        .domain(unique("lite").to_lowercase())
        .managed_login_version(2)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("FeatureUnavailableInTierException"));
}

#[tokio::test]
async fn a_metadata_url_that_answers_404_is_refused_when_the_provider_is_created() {
    let api = api().await;
    let pool = support::federation::new_pool(&api).await;
    let idp = Server::start(axum::Router::new());

    let err = api
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Okta")
        .provider_type(aws_sdk_cognitoidentityprovider::types::IdentityProviderTypeType::Saml)
        .provider_details("MetadataURL", idp.url("/app/exk1/sso/saml/metadata"))
        .send()
        .await
        .unwrap_err();

    assert_eq!(err.code(), Some("InvalidParameterException"));
    assert!(
        err.message()
            .unwrap_or_default()
            .starts_with("Non-ok status code 404 returned from remote metadata source"),
        "{err:?}"
    );
}

/// A client made without token settings has Cognito's defaults, as DescribeUserPoolClient
/// shows them (access and ID tokens 60 minutes, refresh tokens 30 days; an access token may
/// live one day at most), and an update that leaves them out resets them to the same: the
/// emulator used to answer 60 *hours*, which exports then repeated.
#[tokio::test]
async fn a_new_client_has_cognitos_token_defaults_and_an_update_keeps_them_valid() {
    use aws_sdk_cognitoidentityprovider::types::TimeUnitsType;
    let api = api().await;
    let pool = support::federation::new_pool(&api).await;
    let id = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("defaults")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    for round in ["created", "updated"] {
        let c = api
            .describe_user_pool_client()
            .user_pool_id(&pool)
            .client_id(&id)
            .send()
            .await
            .unwrap()
            .user_pool_client
            .unwrap();
        assert_eq!(c.access_token_validity(), Some(60), "{round}");
        assert_eq!(c.id_token_validity(), Some(60), "{round}");
        assert_eq!(c.refresh_token_validity(), 30, "{round}");
        let units = c.token_validity_units().unwrap();
        assert_eq!(
            units.access_token(),
            Some(&TimeUnitsType::Minutes),
            "{round}"
        );
        assert_eq!(units.id_token(), Some(&TimeUnitsType::Minutes), "{round}");
        assert_eq!(units.refresh_token(), Some(&TimeUnitsType::Days), "{round}");
        api.update_user_pool_client()
            .user_pool_id(&pool)
            .client_id(&id)
            .client_name("defaults")
            .send()
            .await
            .unwrap();
    }
}

/// Cognito reports each domain's branding version; moto does not. Without it, branding and
/// `rehearse --from` of a managed-login domain could not be rehearsed.
#[tokio::test]
async fn a_domain_reports_its_managed_login_version_as_cognito_does() {
    let api = api().await;
    let pool = new_pool_on(&api, Some(UserPoolTierType::Essentials), None).await;
    let other = new_pool_on(&api, Some(UserPoolTierType::Essentials), None).await;
    let (managed, classic) = (
        unique("managed").to_lowercase(),
        unique("classic").to_lowercase(),
    );
    api.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain(&managed)
        .managed_login_version(2)
        .send()
        .await
        .unwrap();
    api.create_user_pool_domain()
        .user_pool_id(&other)
        .domain(&classic)
        .send()
        .await
        .unwrap();
    let version = |d: String| {
        let api = api.clone();
        async move {
            api.describe_user_pool_domain()
                .domain(d)
                .send()
                .await
                .unwrap()
                .domain_description()
                .and_then(|d| d.managed_login_version())
        }
    };
    assert_eq!(version(managed.clone()).await, Some(2));
    assert_eq!(
        version(classic.clone()).await,
        Some(1),
        "a domain created without a version is the classic hosted UI"
    );

    let updated = api
        .update_user_pool_domain()
        .user_pool_id(&other)
        .domain(&classic)
        .managed_login_version(2)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.managed_login_version(), Some(2));
    assert_eq!(version(classic).await, Some(2));
}

//! The app client update keeps everything the customer had: field by field on the request
//! builder, and end to end against a stand-in that resets omitted fields as AWS does.

use crate::support;

use aws_sdk_cognitoidentityprovider::types::*;
use okta_cognito::cognito::apply::update_client;
use okta_cognito::cognito::client_settings::{ClientSettings, desired, update_input};
use serde_json::json;
use support::aws_like::AwsLike;
use support::states::{POOL, pool, setup};

fn customised() -> UserPoolClientType {
    UserPoolClientType::builder()
        .user_pool_id(POOL)
        .client_id("client1")
        .client_name("customer-web")
        .refresh_token_validity(45)
        .access_token_validity(15)
        .id_token_validity(20)
        .token_validity_units(
            TokenValidityUnitsType::builder()
                .access_token(TimeUnitsType::Minutes)
                .id_token(TimeUnitsType::Minutes)
                .refresh_token(TimeUnitsType::Days)
                .build(),
        )
        .read_attributes("given_name")
        .write_attributes("given_name")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowCustomAuth)
        .supported_identity_providers("Google")
        .callback_urls("https://customer.example.com/cb")
        .logout_urls("https://customer.example.com/bye")
        .default_redirect_uri("https://customer.example.com/cb")
        .allowed_o_auth_flows(OAuthFlowType::Implicit)
        .allowed_o_auth_scopes("phone")
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_flows_user_pool_client(true)
        .analytics_configuration(
            AnalyticsConfigurationType::builder()
                .application_id("pinpoint-app")
                .role_arn("arn:aws:iam::123456789012:role/analytics")
                .user_data_shared(true)
                .build(),
        )
        .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
        .enable_token_revocation(true)
        .enable_propagate_additional_user_context_data(true)
        .auth_session_validity(7)
        .refresh_token_rotation(
            RefreshTokenRotationType::builder()
                .feature(FeatureType::Enabled)
                .retry_grace_period_seconds(30)
                .build()
                .unwrap(),
        )
        .build()
}

#[test]
fn the_update_request_carries_every_writable_field_of_the_client() {
    let c = customised();
    let want = desired(&setup(), &ClientSettings::of(&c), &pool(), false);
    let i = update_input(POOL, &c, &want);
    assert_eq!(i.user_pool_id(), Some(POOL));
    assert_eq!(i.client_id(), Some("client1"));
    assert_eq!(i.client_name(), Some("customer-web"));
    assert_eq!(i.refresh_token_validity(), Some(45));
    assert_eq!(i.access_token_validity(), Some(15));
    assert_eq!(i.id_token_validity(), Some(20));
    assert_eq!(i.token_validity_units(), c.token_validity_units());
    assert_eq!(i.explicit_auth_flows(), c.explicit_auth_flows());
    assert_eq!(
        i.default_redirect_uri(),
        Some("https://customer.example.com/cb")
    );
    assert_eq!(i.analytics_configuration(), c.analytics_configuration());
    assert_eq!(
        i.prevent_user_existence_errors(),
        c.prevent_user_existence_errors()
    );
    assert_eq!(i.enable_token_revocation(), Some(true));
    assert_eq!(
        i.enable_propagate_additional_user_context_data(),
        Some(true)
    );
    assert_eq!(i.auth_session_validity(), Some(7));
    assert_eq!(i.refresh_token_rotation(), c.refresh_token_rotation());
    // The federation's fields: the customer's entries first, ours added. The customer's
    // client had no COGNITO and the setup does not ask for it: none is added.
    assert_eq!(i.supported_identity_providers(), ["Google", "Okta"]);
    assert_eq!(
        i.allowed_o_auth_flows(),
        [OAuthFlowType::Implicit, OAuthFlowType::Code]
    );
    assert_eq!(
        i.allowed_o_auth_scopes(),
        ["phone", "openid", "email", "profile"]
    );
    assert_eq!(i.allowed_o_auth_flows_user_pool_client(), Some(true));
    assert_eq!(
        i.callback_urls(),
        [
            "https://customer.example.com/cb",
            "https://app.example.com/",
            "http://localhost:8976/callback"
        ]
    );
    assert_eq!(
        i.logout_urls(),
        [
            "https://customer.example.com/bye",
            "https://app.example.com/"
        ]
    );
    assert_eq!(i.read_attributes(), ["given_name", "email"]);
    assert_eq!(i.write_attributes(), ["given_name", "email"]);
}

#[tokio::test]
async fn against_a_stand_in_that_resets_omitted_fields_nothing_is_lost() {
    let stand_in = AwsLike::start(json!({
        "UserPoolId": POOL,
        "ClientId": "client1",
        "ClientName": "customer-web",
        "RefreshTokenValidity": 45,
        "AccessTokenValidity": 15,
        "IdTokenValidity": 20,
        "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        "ReadAttributes": ["given_name"],
        "WriteAttributes": ["given_name"],
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"],
        "SupportedIdentityProviders": ["Google"],
        "CallbackURLs": ["https://customer.example.com/cb"],
        "LogoutURLs": ["https://customer.example.com/bye"],
        "DefaultRedirectURI": "https://customer.example.com/cb",
        "AllowedOAuthFlows": ["implicit"],
        "AllowedOAuthScopes": ["phone", "openid"],
        "AllowedOAuthFlowsUserPoolClient": true,
        "PreventUserExistenceErrors": "ENABLED",
        "EnableTokenRevocation": true,
        "EnablePropagateAdditionalUserContextData": true,
        "AuthSessionValidity": 7,
        "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 30}
    }));
    let api = stand_in.api().await;
    update_client(&api, &setup(), &pool(), "client1", false)
        .await
        .unwrap();

    let after = stand_in.client.lock().unwrap().clone();
    for (key, value) in [
        ("ClientName", json!("customer-web")),
        ("RefreshTokenValidity", json!(45)),
        ("AccessTokenValidity", json!(15)),
        ("IdTokenValidity", json!(20)),
        (
            "TokenValidityUnits",
            json!({"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}),
        ),
        (
            "ExplicitAuthFlows",
            json!(["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"]),
        ),
        (
            "DefaultRedirectURI",
            json!("https://customer.example.com/cb"),
        ),
        ("PreventUserExistenceErrors", json!("ENABLED")),
        ("EnableTokenRevocation", json!(true)),
        ("EnablePropagateAdditionalUserContextData", json!(true)),
        ("AuthSessionValidity", json!(7)),
        (
            "RefreshTokenRotation",
            json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 30}),
        ),
        ("SupportedIdentityProviders", json!(["Google", "Okta"])),
        ("AllowedOAuthFlows", json!(["implicit", "code"])),
        (
            "AllowedOAuthScopes",
            json!(["phone", "openid", "email", "profile"]),
        ),
        ("AllowedOAuthFlowsUserPoolClient", json!(true)),
        (
            "CallbackURLs",
            json!([
                "https://customer.example.com/cb",
                "https://app.example.com/",
                "http://localhost:8976/callback"
            ]),
        ),
        (
            "LogoutURLs",
            json!([
                "https://customer.example.com/bye",
                "https://app.example.com/"
            ]),
        ),
        ("ReadAttributes", json!(["given_name", "email"])),
        ("WriteAttributes", json!(["given_name", "email"])),
    ] {
        assert_eq!(
            after.get(key),
            Some(&value),
            "{key} after the update: {after:#}"
        );
    }
    assert_eq!(
        stand_in.updates.lock().unwrap().len(),
        1,
        "one update request"
    );
}

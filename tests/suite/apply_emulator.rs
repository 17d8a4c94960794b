//! plan → apply → plan against the Cognito emulator through the real SDK.

use crate::support;

use aws_sdk_cognitoidentityprovider::types::{ExplicitAuthFlowsType, OAuthFlowType};
use okta_cognito::cognito::apply::{Progress, apply};
use okta_cognito::cognito::export::export;
use okta_cognito::cognito::plan::Plan;
use okta_cognito::cognito::state;
use std::sync::Mutex;
use support::federation::*;

async fn client_of(
    api: &aws_sdk_cognitoidentityprovider::Client,
    pool: &str,
    id: &str,
) -> aws_sdk_cognitoidentityprovider::types::UserPoolClientType {
    state::read_client(api, pool, id).await.unwrap()
}

#[tokio::test]
async fn a_fresh_pool_is_federated_by_one_apply_and_a_second_plan_is_empty() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);

    let (_, first) = plan_for(&api, &setup).await;
    assert_eq!(first.changes.len(), 4, "{:#?}", first.changes);
    let events = Mutex::new(vec![]);
    let (st, p) = plan_for(&api, &setup).await;
    let outcome = apply(&api, &setup, &st, &p, &|e: Progress| {
        events.lock().unwrap().push(e)
    })
    .await;
    assert!(outcome.succeeded(), "{:#?}", outcome.failures);
    let done = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, Progress::Done { .. }))
        .count();
    assert_eq!(done, 4, "every step reports its completion");

    let client_id = outcome.client_id.clone().unwrap();
    setup.app_client.client_id = Some(client_id.clone());
    let (_, again) = plan_for(&api, &setup).await;
    assert!(again.changes.is_empty(), "{:#?}", again.changes);

    let c = client_of(&api, &pool, &client_id).await;
    assert!(c.client_secret().is_none(), "a public client");
    assert_eq!(c.supported_identity_providers(), ["Okta", "COGNITO"]);
    assert_eq!(c.allowed_o_auth_flows(), [OAuthFlowType::Code]);
    assert_eq!(c.allowed_o_auth_flows_user_pool_client(), Some(true));
    assert!(
        c.callback_urls()
            .contains(&"http://localhost:8976/callback".to_string())
    );
    let provider = state::read_provider(&api, &pool, "Okta")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(provider.attribute_mapping["email"], "Email Id");
    assert!(provider.details["MetadataFile"].contains("exkpvtn73rd6mMmF34x6"));

    // Without the client id in the file, the client is found again by name.
    setup.app_client.client_id = None;
    let (_, by_name) = plan_for(&api, &setup).await;
    assert!(by_name.changes.is_empty(), "{:#?}", by_name.changes);
}

#[tokio::test]
async fn a_customised_client_keeps_all_its_settings() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let created = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("customer-web")
        .callback_urls("https://customer.example.com/cb")
        .logout_urls("https://customer.example.com/bye")
        .allowed_o_auth_flows(OAuthFlowType::Implicit)
        .allowed_o_auth_scopes("phone")
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_flows_user_pool_client(true)
        .refresh_token_validity(45)
        .access_token_validity(15)
        .read_attributes("given_name")
        .write_attributes("given_name")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowCustomAuth)
        .send()
        .await
        .unwrap();
    let id = created
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.app_client.client_id = Some(id.clone());
    plan_and_apply(&api, &setup).await;

    let c = client_of(&api, &pool, &id).await;
    assert_eq!(c.client_name(), Some("customer-web"));
    assert_eq!(c.refresh_token_validity(), 45);
    assert_eq!(c.access_token_validity(), Some(15));
    assert_eq!(
        c.explicit_auth_flows(),
        [
            ExplicitAuthFlowsType::AllowUserSrpAuth,
            ExplicitAuthFlowsType::AllowCustomAuth
        ]
    );
    assert_eq!(
        c.callback_urls(),
        [
            "https://customer.example.com/cb",
            "https://app.example.com/",
            "http://localhost:8976/callback"
        ]
    );
    assert_eq!(
        c.logout_urls(),
        [
            "https://customer.example.com/bye",
            "https://app.example.com/"
        ]
    );
    assert_eq!(
        c.allowed_o_auth_flows(),
        [OAuthFlowType::Implicit, OAuthFlowType::Code]
    );
    assert_eq!(
        c.allowed_o_auth_scopes(),
        ["phone", "openid", "email", "profile"]
    );
    assert_eq!(c.read_attributes(), ["given_name", "email"]);
    assert_eq!(c.write_attributes(), ["given_name", "email"]);
}

#[tokio::test]
async fn export_applied_to_another_pool_reproduces_the_federation() {
    let api = api().await;
    let source_pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &source_pool);
    setup.provider.identifiers = vec!["example.com".into()];
    setup.provider.idp_signout = true;
    let outcome = plan_and_apply(&api, &setup).await;
    let source_client = outcome.client_id.unwrap();

    let exported = export(
        &api,
        "us-east-1",
        &source_pool,
        &source_client,
        None,
        "exported-metadata.xml",
    )
    .await
    .unwrap_or_else(|f| panic!("{f:#?}"));
    let lab_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        lab_dir.path().join("exported-metadata.xml"),
        exported.metadata_file_content.unwrap(),
    )
    .unwrap();
    let lab_pool = new_pool(&api).await;
    let mut lab = exported.setup.clone();
    lab.user_pool_id = lab_pool.clone();
    lab.app_client.client_id = None;
    lab.domain.prefix = Some(unique("lab"));
    lab.source_dir = Some(lab_dir.path().to_path_buf());
    let lab_client = plan_and_apply(&api, &lab).await.client_id.unwrap();

    let (a, b) = (
        state::read_provider(&api, &source_pool, "Okta")
            .await
            .unwrap()
            .unwrap(),
        state::read_provider(&api, &lab_pool, "Okta")
            .await
            .unwrap()
            .unwrap(),
    );
    assert_eq!(a.attribute_mapping, b.attribute_mapping);
    assert_eq!(a.identifiers, b.identifiers);
    assert_eq!(a.details, b.details);
    let (ca, cb) = (
        client_of(&api, &source_pool, &source_client).await,
        client_of(&api, &lab_pool, &lab_client).await,
    );
    assert_eq!(
        ca.supported_identity_providers(),
        cb.supported_identity_providers()
    );
    assert_eq!(ca.callback_urls(), cb.callback_urls());
    assert_eq!(ca.logout_urls(), cb.logout_urls());
    assert_eq!(ca.allowed_o_auth_scopes(), cb.allowed_o_auth_scopes());
    assert_eq!(ca.allowed_o_auth_flows(), cb.allowed_o_auth_flows());
    assert_eq!(ca.client_name(), cb.client_name());
}

#[tokio::test]
async fn an_apply_interrupted_after_any_step_converges_on_the_next_run() {
    let api = api().await;
    for stop_after in 0..4 {
        let pool = new_pool(&api).await;
        let dir = tempfile::tempdir().unwrap();
        let setup = setup_in(dir.path(), &pool);
        let (st, full) = plan_for(&api, &setup).await;
        let partial = Plan {
            changes: full.changes[..stop_after].to_vec(),
            findings: vec![],
            provider_first: false,
        };
        let _ = apply(&api, &setup, &st, &partial, &|_| {}).await;

        let outcome = plan_and_apply(&api, &setup).await;
        let (_, after) = plan_for(&api, &setup).await;
        assert!(
            after.changes.is_empty(),
            "stopped after {stop_after}: {:#?}",
            after.changes
        );
        let c = client_of(&api, &pool, &outcome.client_id.unwrap()).await;
        assert_eq!(
            c.supported_identity_providers(),
            ["Okta", "COGNITO"],
            "stopped after {stop_after}"
        );
        let clients = okta_cognito::cognito::pools::list_app_clients(&api, &pool)
            .await
            .unwrap();
        assert_eq!(
            clients.len(),
            1,
            "stopped after {stop_after}: no second client"
        );
    }
}

#[tokio::test]
async fn a_missing_pool_is_named_in_the_finding() {
    let api = api().await;
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), "us-east-1_doesnotexist");
    let errors = state::read(&api, &setup).await.unwrap_err();
    assert!(
        errors
            .iter()
            .any(|f| f.code == "aws-not-found" && f.message.contains("us-east-1_doesnotexist")),
        "{errors:#?}"
    );
}

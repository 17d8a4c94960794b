//! Cognito as it is today, against the emulator behind AWS's published model: feature plans,
//! the model's limits and a metadata URL that answers with an error all stop the plan before
//! any write; a URL that cannot be reached from here is written first and alone.

use crate::support;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::UserPoolTierType;
use okta_cognito::cognito::pools::list_app_clients;
use okta_cognito::setup::Setup;
use std::process::Command;
use support::federation::{api, new_pool, new_pool_on, setup_in};
use support::http::Server;
use support::moto::{free_port, moto};
use support::{Run, bin, run};

fn with_emulator(args: &[&str], file: &std::path::Path) -> Run {
    let mut c: Command = bin();
    for (k, v) in moto().env() {
        c.env(k, v);
    }
    run(c.args(args).arg(file))
}

/// Nothing of the federation exists in the pool: no client, no provider, no domain.
async fn nothing_written(api: &Client, pool: &str) {
    assert!(
        list_app_clients(api, pool).await.unwrap().is_empty(),
        "no client"
    );
    let providers = api
        .list_identity_providers()
        .user_pool_id(pool)
        .send()
        .await
        .unwrap();
    assert!(providers.providers().is_empty(), "no provider");
    let described = api
        .describe_user_pool()
        .user_pool_id(pool)
        .send()
        .await
        .unwrap();
    assert!(
        described.user_pool().unwrap().domain().is_none(),
        "no domain"
    );
}

fn saved(setup: &Setup, dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("setup.toml");
    setup.save(&file).unwrap();
    file
}

#[tokio::test]
async fn managed_login_on_a_lite_pool_stops_before_any_write() {
    let api = api().await;
    let pool = new_pool_on(&api, Some(UserPoolTierType::Lite), None).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.attribute_mapping.clear();
    setup.domain.managed_login_version = Some(2);
    let file = saved(&setup, dir.path());

    let r = with_emulator(&["plan", "--config"], &file);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("feature-plan-no-managed-login"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("on the Lite feature plan"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("managed_login_version = 1"),
        "{}",
        r.stdout
    );

    let r = with_emulator(&["apply", "--yes", "--config"], &file);
    assert_eq!(r.code, 1, "{}", r.stderr);
    nothing_written(&api, &pool).await;
}

#[tokio::test]
async fn a_metadata_file_over_the_model_limit_stops_before_any_write() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), &pool);
    // Real metadata, padded past ProviderDetails' 131,072 characters with a comment.
    let xml = std::fs::read_to_string(dir.path().join("okta.xml")).unwrap();
    let padded = xml.replacen(
        "<md:IDPSSODescriptor",
        &format!("<!-- {} --><md:IDPSSODescriptor", "x".repeat(140_000)),
        1,
    );
    std::fs::write(dir.path().join("okta.xml"), &padded).unwrap();
    let file = saved(&setup, dir.path());

    let r = with_emulator(&["plan", "--config"], &file);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("provider-detail-too-long"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!(
            "ProviderDetails.MetadataFile would be {} characters; Cognito accepts at most 131072",
            padded.encode_utf16().count()
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("metadata_url"),
        "the fix names the URL: {}",
        r.stdout
    );

    let r = with_emulator(&["apply", "--yes", "--config"], &file);
    assert_eq!(r.code, 1);
    nothing_written(&api, &pool).await;
}

#[tokio::test]
async fn a_metadata_url_answering_404_blocks_the_plan_and_apply_writes_nothing() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let idp = Server::start(axum::Router::new());
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.metadata_file = None;
    setup.provider.metadata_url = Some(idp.url("/app/exk1/sso/saml/metadata"));
    let file = saved(&setup, dir.path());

    let r = with_emulator(&["plan", "--config"], &file);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("metadata-http-error"), "{}", r.stdout);
    assert!(r.stdout.contains("HTTP 404"), "{}", r.stdout);

    let r = with_emulator(&["apply", "--yes", "--config"], &file);
    assert_eq!(r.code, 1);
    nothing_written(&api, &pool).await;
}

#[tokio::test]
async fn a_metadata_url_unreachable_from_here_is_written_first_and_alone() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.metadata_file = None;
    setup.provider.metadata_url = Some(format!("http://127.0.0.1:{}/metadata", free_port()));
    let file = saved(&setup, dir.path());

    let r = with_emulator(&["plan", "--config"], &file);
    assert_eq!(
        r.code, 0,
        "a warning, not a block: {}\n{}",
        r.stdout, r.stderr
    );
    assert!(r.stdout.contains("metadata-not-checked"), "{}", r.stdout);

    // Cognito cannot fetch it either: the provider is refused, and nothing else was written.
    let r = with_emulator(&["apply", "--yes", "--config"], &file);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("Error retrieving metadata"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("nothing else was written"),
        "{}",
        r.stderr
    );
    nothing_written(&api, &pool).await;
}

/// A setup that asks for a new public client under the name of an existing client with a
/// secret never adopts that client: the plan refuses, and the client is not touched.
#[tokio::test]
async fn a_secret_client_is_never_adopted_by_its_name() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let made = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("backend-with-secret")
        .generate_secret(true)
        .callback_urls("https://backend.example.com/cb")
        .send()
        .await
        .unwrap();
    let id = made
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.app_client.client_id = None;
    setup.app_client.name = "backend-with-secret".into();
    let file = saved(&setup, dir.path());

    for command in ["plan", "apply"] {
        let args: &[&str] = if command == "apply" {
            &["apply", "--yes", "--config"]
        } else {
            &["plan", "--config"]
        };
        let r = with_emulator(args, &file);
        assert_eq!(r.code, 1, "{command}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains("client-name-taken"),
            "{command}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(&id), "the client is named: {}", r.stderr);
    }
    let after = api
        .describe_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    let c = after.user_pool_client().unwrap();
    assert_eq!(c.callback_urls(), ["https://backend.example.com/cb"]);
    assert!(c.supported_identity_providers().is_empty(), "not touched");
}

/// The pool list's badges come from the pool itself: its domain and its SAML providers.
#[tokio::test]
async fn a_federated_pool_is_badged_with_its_domain_and_provider() {
    let api = api().await;
    let (federated, bare) = (new_pool(&api).await, new_pool(&api).await);
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), &federated);
    support::federation::plan_and_apply(&api, &setup).await;
    let badges =
        okta_cognito::cognito::pools::badges(&api, &[federated.clone(), bare.clone()]).await;
    assert_eq!(badges[&federated].domain, setup.domain.prefix);
    assert_eq!(badges[&federated].saml_providers, ["Okta"]);
    assert_eq!(
        badges[&bare],
        okta_cognito::cognito::pools::PoolBadge::default()
    );
}

//! A federation an admin made by hand, as the guide's AWS CLI steps make it, exported and
//! planned again on the same pool: the plan changes nothing. No `COGNITO` turned back on
//! for an SSO-only client, no loopback callback added to a production client.

use crate::support;
use aws_sdk_cognitoidentityprovider::types::{IdentityProviderTypeType, OAuthFlowType};
use std::collections::HashMap;
use support::federation::{api, new_pool, unique};
use support::moto::moto;

/// Pool, domain, provider (metadata uploaded as a file) and a client listing `providers`,
/// with only production URLs: what `aws cognito-idp` calls would leave.
async fn made_by_hand(providers: &[&str]) -> (String, String) {
    made_by_hand_from("metadata/real/okta-10.xml", "Okta", "Email Id", providers).await
}

/// The same, with another IdP's metadata file, provider name and e-mail attribute.
async fn made_by_hand_from(
    metadata: &str,
    provider: &str,
    email_attribute: &str,
    providers: &[&str],
) -> (String, String) {
    let api = api().await;
    let pool = new_pool(&api).await;
    api.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain(unique("byhand").to_lowercase())
        .send()
        .await
        .unwrap();
    let metadata = std::fs::read_to_string(support::fixture(metadata)).unwrap();
    api.create_identity_provider()
        .user_pool_id(&pool)
        .provider_name(provider)
        .provider_type(IdentityProviderTypeType::Saml)
        .set_provider_details(Some(HashMap::from([(
            "MetadataFile".to_string(),
            metadata,
        )])))
        .attribute_mapping("email", email_attribute)
        .send()
        .await
        .unwrap();
    let client = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("production-web")
        .set_supported_identity_providers(Some(providers.iter().map(|p| p.to_string()).collect()))
        .callback_urls("https://app.example.com/callback")
        .logout_urls("https://app.example.com/")
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    (pool, client)
}

/// `export` of the client, as support runs it at the customer; the file it wrote.
fn exported(pool: &str, client: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let export = dir.join("customer.toml");
    let r = support::run(
        support::bin()
            .envs(moto().env())
            .args([
                "export",
                "--user-pool-id",
                pool,
                "--client-id",
                client,
                "-o",
            ])
            .arg(&export),
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    export
}

fn plan(config: &std::path::Path) -> support::Run {
    support::run(
        support::bin()
            .envs(moto().env())
            .args(["plan", "--config"])
            .arg(config),
    )
}

#[tokio::test]
async fn a_hand_made_federation_exports_and_plans_to_no_change() {
    for providers in [vec!["Okta"], vec!["Okta", "COGNITO"]] {
        let (pool, client) = made_by_hand(&providers).await;
        let dir = tempfile::tempdir().unwrap();
        let export = exported(&pool, &client, dir.path());
        let text = std::fs::read_to_string(&export).unwrap();
        let sso_only = !providers.contains(&"COGNITO");
        assert!(
            text.contains(&format!("cognito_sign_in = {}", !sso_only)),
            "the export says whether the client keeps Cognito's sign-in:\n{text}"
        );
        assert!(text.contains("test_callback = false"), "{text}");
        assert!(
            text.contains("[observed]") && text.contains("issuer = \"ORIGINAL\""),
            "the export records the pool's token issuer, the original one too:\n{text}"
        );

        let r = plan(&export);
        assert_eq!(r.code, 0, "{providers:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains("No changes: the federation is complete."),
            "{providers:?}: the plan of an export changes nothing:\n{}",
            r.stdout
        );
    }
}

/// The same client, and a setup that asks for the guide's defaults: only then is COGNITO
/// added and the test callback registered, each shown in the plan.
#[tokio::test]
async fn only_a_setup_that_asks_turns_cognito_sign_in_on_or_adds_the_test_callback() {
    let (pool, client) = made_by_hand(&["Okta"]).await;
    let dir = tempfile::tempdir().unwrap();
    let export = exported(&pool, &client, dir.path());
    let mut setup = okta_cognito::setup::Setup::load(&export).unwrap();
    setup.app_client.cognito_sign_in = Some(true);
    setup.app_client.test_callback = None;
    setup.save(&export).unwrap();
    let r = plan(&export);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("SupportedIdentityProviders: Okta → Okta, COGNITO"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("http://localhost:8976/callback"),
        "{}",
        r.stdout
    );
}

/// `doctor --user-pool-id P` alone finds the one federated client, as `export` does, instead
/// of a usage error.
#[tokio::test]
async fn doctor_with_only_the_pool_finds_the_federated_client() {
    let (pool, client) = made_by_hand(&["Okta"]).await;
    let r = support::run(support::bin().envs(moto().env()).args([
        "doctor",
        "--json",
        "--user-pool-id",
        &pool,
    ]));
    assert_ne!(r.code, 2, "not a usage error: {}", r.stderr);
    let report: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(report["client_id"], client.as_str());
    assert_eq!(report["provider"], "Okta");
}

/// Before production, one reviewed step takes the tool's test URLs off the client: planned
/// and shown, applied, recorded in the setup file, and never added back by a later plan.
#[tokio::test]
async fn the_test_urls_are_removed_in_one_reviewed_step_and_stay_removed() {
    let (pool, client) = made_by_hand(&["Okta"]).await;
    let dir = tempfile::tempdir().unwrap();
    let export = exported(&pool, &client, dir.path());
    let mut setup = okta_cognito::setup::Setup::load(&export).unwrap();
    setup.app_client.test_callback = None;
    setup.app_client.test_sign_out = Some(true);
    setup.save(&export).unwrap();
    let apply = |extra: &[&str]| {
        support::run(
            support::bin()
                .envs(moto().env())
                .args(["apply", "--yes", "--config"])
                .arg(&export)
                .args(extra),
        )
    };
    let r = apply(&[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let live = |api: aws_sdk_cognitoidentityprovider::Client| {
        let (pool, client) = (pool.clone(), client.clone());
        async move {
            let c = api
                .describe_user_pool_client()
                .user_pool_id(pool)
                .client_id(client)
                .send()
                .await
                .unwrap();
            let c = c.user_pool_client().unwrap();
            (c.callback_urls().to_vec(), c.logout_urls().to_vec())
        }
    };
    let (callbacks, logouts) = live(api().await).await;
    assert!(callbacks.contains(&"http://localhost:8976/callback".to_string()));
    assert!(logouts.contains(&"http://localhost:8976/signed-out".to_string()));

    let r = support::run(
        support::bin()
            .envs(moto().env())
            .args(["plan", "--remove-test-urls", "--config"])
            .arg(&export),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("CallbackURLs: https://app.example.com/callback, http://localhost:8976/callback → https://app.example.com/callback"),
        "the removal is planned and shown:\n{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("http://localhost:8976/signed-out →"),
        "{}",
        r.stdout
    );

    let r = apply(&["--remove-test-urls"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let (callbacks, logouts) = live(api().await).await;
    assert_eq!(callbacks, ["https://app.example.com/callback"]);
    assert_eq!(logouts, ["https://app.example.com/"]);
    let saved = okta_cognito::setup::Setup::load(&export).unwrap();
    assert_eq!(saved.app_client.test_callback, Some(false));
    assert_eq!(saved.app_client.test_sign_out, Some(false));

    let r = plan(&export);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("No changes"),
        "a later plan leaves them off:\n{}",
        r.stdout
    );
}

/// A provider made by hand from another IdP's metadata (Google Workspace) exports as that IdP
/// (`idp = "google"`), and plans to no change like an Okta one.
#[tokio::test]
async fn another_idps_federation_exports_as_that_idp_and_plans_to_no_change() {
    let (pool, client) = made_by_hand_from(
        "metadata/real/google-2.xml",
        "Workspace",
        "email",
        &["Workspace"],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let export = exported(&pool, &client, dir.path());
    let text = std::fs::read_to_string(&export).unwrap();
    assert!(text.contains("idp = \"google\""), "{text}");
    let r = plan(&export);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("No changes"), "{}", r.stdout);
    let r = support::run(
        support::bin()
            .envs(moto().env())
            .args(["values", "--config"])
            .arg(&export),
    );
    assert!(
        r.stdout.contains("the Google Workspace app"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    // The doctor reads no Okta API for another IdP, even with Okta credentials around, and
    // says the IdP's side is to be checked by hand.
    let r = support::run(
        support::bin()
            .envs(moto().env())
            .env("OKTA_ORG_URL", "https://acme.okta.com")
            .env("OKTA_API_TOKEN", "not-used")
            .args(["doctor", "--json", "--config"])
            .arg(&export),
    );
    let v = support::answer(&r.stdout);
    assert_eq!(
        v["identity_provider_side"]["idp"], "Google Workspace",
        "{v:#}"
    );
    assert_eq!(v["identity_provider_side"]["checked"], false);
    assert!(
        !r.stderr.contains("acme.okta.com") && !r.stdout.contains("okta-"),
        "no Okta call for another IdP:\n{}{}",
        r.stdout,
        r.stderr
    );
}

/// Two customers' IdPs into one pool and client: plan shows both providers, apply makes
/// them and enables both on the client, and a second plan changes nothing.
#[tokio::test]
async fn two_federations_are_planned_applied_and_then_stable() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("metadata/real/okta-10.xml", "acme.xml"),
        ("metadata/real/google-2.xml", "globex.xml"),
    ] {
        std::fs::copy(support::fixture(from), dir.path().join(to)).unwrap();
    }
    let file = dir.path().join("tenants.toml");
    std::fs::write(
        &file,
        format!(
            "region = \"us-east-1\"\nuser_pool_id = \"{pool}\"\n\n[domain]\nprefix = \"{}\"\n\n\
             [provider]\nname = \"AcmeOkta\"\nmetadata_file = \"acme.xml\"\nidentifiers = [\"acme.example\"]\n\n\
             [provider.attribute_mapping]\nemail = \"Email Id\"\n\n\
             [[federation]]\nname = \"Globex\"\n[federation.provider]\nname = \"GlobexWorkspace\"\nidp = \"saml\"\n\
             metadata_file = \"globex.xml\"\nidentifiers = [\"globex.example\"]\n\n\
             [federation.provider.attribute_mapping]\nemail = \"email\"\n",
            unique("tenants").to_lowercase()
        ),
    )
    .unwrap();
    let r = plan(&file);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Create SAML provider AcmeOkta"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Create SAML provider GlobexWorkspace"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("several-federations-first-only"),
        "the one-federation tools say so: {}",
        r.stdout
    );
    let r = support::run(
        support::bin()
            .envs(moto().env())
            .args(["apply", "--yes", "--config"])
            .arg(&file),
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let setup = okta_cognito::setup::Setup::load(&file).unwrap();
    let client = api
        .describe_user_pool_client()
        .user_pool_id(&pool)
        .client_id(setup.app_client.client_id.clone().unwrap())
        .send()
        .await
        .unwrap();
    let enabled = client
        .user_pool_client()
        .unwrap()
        .supported_identity_providers();
    assert!(
        enabled.contains(&"AcmeOkta".to_string())
            && enabled.contains(&"GlobexWorkspace".to_string()),
        "{enabled:?}"
    );
    let globex = api
        .describe_identity_provider()
        .user_pool_id(&pool)
        .provider_name("GlobexWorkspace")
        .send()
        .await
        .unwrap();
    assert_eq!(
        globex.identity_provider().unwrap().idp_identifiers(),
        ["globex.example"]
    );
    let r = plan(&file);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("No changes"), "{}", r.stdout);
}

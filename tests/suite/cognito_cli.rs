//! plan, apply, export and iam-policy run as the user runs them, against the emulator.

use crate::support;

use std::process::Stdio;
use support::federation::{api, new_pool, setup_in};
use support::moto::with_emulator;
use support::{bin, run};

#[tokio::test]
async fn plan_apply_plan_through_the_binary() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), &pool);
    let file = dir.path().join("setup.toml");
    setup.save(&file).unwrap();

    let r = run(with_emulator(bin())
        .args(["plan", "--json", "--config"])
        .arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(v["changes"].as_array().unwrap().len(), 4);
    assert_eq!(v["blocked"], false);
    assert_eq!(v["changes"][0]["action"]["kind"], "create-client");

    // Not a terminal and no --yes: nothing is applied.
    let r = run(with_emulator(bin())
        .args(["apply", "--config"])
        .arg(&file)
        .stdin(Stdio::null()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);

    let r = run(with_emulator(bin())
        .args(["apply", "--yes", "--config"])
        .arg(&file));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("[4/4] done"), "{}", r.stderr);
    let saved = okta_cognito::setup::Setup::load(&file).unwrap();
    assert!(
        saved.app_client.client_id.is_some(),
        "the new client's id is kept in the file"
    );

    let r = run(with_emulator(bin())
        .args(["plan", "--json", "--config"])
        .arg(&file));
    let v: serde_json::Value = support::answer(&r.stdout);
    assert!(v["changes"].as_array().unwrap().is_empty(), "{}", r.stdout);
    let r = run(with_emulator(bin()).args(["plan", "--config"]).arg(&file));
    assert!(r.stdout.contains("No changes: the federation is complete."));

    // export of what apply built, as a setup file
    let out = dir.path().join("exported.toml");
    let r = run(with_emulator(bin())
        .args([
            "export",
            "--user-pool-id",
            &pool,
            "--client-id",
            saved.app_client.client_id.as_deref().unwrap(),
            "-o",
        ])
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let exported = okta_cognito::setup::Setup::load(&out).unwrap();
    assert_eq!(exported.provider.attribute_mapping["email"], "Email Id");
    assert!(dir.path().join("exported-metadata.xml").is_file());

    // Without --client-id: the one client that signs in through the provider, as JSON.
    api.create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("backend-unfederated")
        .send()
        .await
        .unwrap();
    let again = dir.path().join("again.toml");
    let r = run(with_emulator(bin())
        .args(["export", "--json", "--user-pool-id", &pool, "-o"])
        .arg(&again));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(
        v["client_id"],
        saved.app_client.client_id.as_deref().unwrap()
    );
    assert!(v["setup"].as_str().unwrap().contains("Email Id"));
    assert_eq!(v["written_to"], again.display().to_string());

    // A second federated client: both are named, nothing is written.
    let second = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("second-federated")
        .supported_identity_providers("Okta")
        .send()
        .await
        .unwrap();
    let r = run(with_emulator(bin()).args(["export", "--user-pool-id", &pool]));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("export-several-clients"), "{}", r.stderr);
    let second_id = second.user_pool_client().unwrap().client_id().unwrap();
    assert!(
        r.stderr.contains(second_id) && r.stderr.contains("second-federated"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn a_plan_blocked_by_findings_exits_1_and_names_them() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup
        .provider
        .attribute_mapping
        .insert("custom:team".into(), "team".into());
    let file = dir.path().join("setup.toml");
    setup.save(&file).unwrap();
    let r = run(with_emulator(bin()).args(["plan", "--config"]).arg(&file));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("mapped-attribute-not-in-schema"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Blocked by 1 error"), "{}", r.stdout);
    let r = run(with_emulator(bin())
        .args(["apply", "--yes", "--config"])
        .arg(&file));
    assert_eq!(r.code, 1, "a blocked plan is never applied");
}

#[test]
fn missing_credentials_say_how_to_log_in_once() {
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), "us-east-1_Abc");
    let file = dir.path().join("setup.toml");
    setup.save(&file).unwrap();
    let r = run(with_emulator(bin())
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["plan", "--config"])
        .arg(&file));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.matches("aws-no-credentials").count(),
        1,
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("aws sso login"));
}

#[test]
fn iam_policy_prints_read_and_apply_policies() {
    let r = run(bin().args(["iam-policy"]));
    assert_eq!(r.code, 0);
    let v: serde_json::Value = support::answer(&r.stdout);
    let actions = |p: &serde_json::Value| -> Vec<String> {
        p["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| {
                s["Action"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
            })
            .collect()
    };
    let read = actions(&v["read_only"]);
    let write = actions(&v["apply"]);
    assert!(read.contains(&"cognito-idp:DescribeUserPool".to_string()));
    assert!(
        !read
            .iter()
            .any(|a| a.contains("Create") || a.contains("Update")),
        "{read:?}"
    );
    for a in [
        "cognito-idp:UpdateUserPoolClient",
        "cognito-idp:CreateIdentityProvider",
        "cognito-idp:CreateUserPoolDomain",
    ] {
        assert!(write.contains(&a.to_string()), "{a}");
    }
    let r = run(bin().args([
        "iam-policy",
        "--only",
        "apply",
        "--account",
        "123456789012",
        "--user-pool-id",
        "eu-west-1_Abc",
    ]));
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(
        v["Statement"][0]["Resource"],
        "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc"
    );
}

/// Scenario 6 of issue 15, through the binary: what `doctor` would warn of right after apply,
/// `plan` warns of before (one rule set): IdP sign-out with metadata that has no
/// SingleLogoutService, and a client without a sign-out URL.
#[tokio::test]
async fn plan_warns_before_apply_of_what_doctor_would_find_after_it() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.idp_signout = true;
    setup.app_client.logout_urls.clear();
    let file = dir.path().join("setup.toml");
    setup.save(&file).unwrap();
    let r = run(with_emulator(bin())
        .args(["plan", "--json", "--config"])
        .arg(&file));
    let v: serde_json::Value = support::answer(&r.stdout);
    let codes = support::finding_codes(&v);
    for expected in ["idp-signout-without-slo", "no-signout-url-with-idp-signout"] {
        assert!(codes.contains(&expected), "{expected}: {codes:?}");
    }
}

/// A machine with no AWS set up at all: the fix names the three ways on, `aws configure`,
/// `aws sso login`, and `okta-cognito rehearse` (the whole path with no account).
#[test]
fn without_any_aws_credentials_the_fix_names_configure_sso_and_rehearse() {
    let home = tempfile::tempdir().unwrap();
    let r = support::run(
        std::process::Command::new(env!("CARGO_BIN_EXE_okta-cognito"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args([
                "doctor",
                "--user-pool-id",
                "us-east-1_Abc123",
                "--client-id",
                "abc",
            ]),
    );
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("aws-no-credentials") || r.stdout.contains("aws-no-credentials"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    let said = format!("{}{}", r.stdout, r.stderr);
    for way in ["aws configure", "aws sso login", "okta-cognito rehearse"] {
        assert!(said.contains(way), "{way}: {said}");
    }
}

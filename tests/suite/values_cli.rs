//! `okta-cognito values`, run as the user runs it.

use crate::support;

use support::{bin, fixture, run};

#[test]
fn prints_the_acs_url_and_audience_uri_as_json() {
    let r = run(bin().args([
        "values",
        "--region",
        "us-east-1",
        "--user-pool-id",
        "us-east-1_AbCdEf123",
        "--domain-prefix",
        "acme-auth",
        "--json",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(
        v["acs_url"],
        "https://acme-auth.auth.us-east-1.amazoncognito.com/saml2/idpresponse"
    );
    assert_eq!(
        v["audience_uri"],
        "urn:amazon:cognito:sp:us-east-1_AbCdEf123"
    );
    assert_eq!(
        v["hosted_ui_url"],
        "https://acme-auth.auth.us-east-1.amazoncognito.com"
    );
    assert!(v.get("login_url").is_none(), "no client id, no login URL");
}

#[test]
fn text_output_labels_each_value_and_adds_the_login_url_with_a_client() {
    let r = run(bin().args([
        "values",
        "--region",
        "eu-west-2",
        "--user-pool-id",
        "eu-west-2_Q1",
        "--custom-domain",
        "auth.example.com",
        "--client-id",
        "abc123",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Single sign-on URL (ACS URL)"));
    assert!(
        r.stdout
            .contains("https://auth.example.com/saml2/idpresponse")
    );
    assert!(r.stdout.contains("urn:amazon:cognito:sp:eu-west-2_Q1"));
    assert!(r.stdout.contains(
        "https://auth.example.com/login?response_type=code&client_id=abc123&redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback"
    ));
}

#[test]
fn reads_a_setup_file() {
    // --issuer: the pool's issuer type given, so no AWS call is needed.
    let r = run(bin()
        .args(["values", "--json", "--issuer", "original", "--config"])
        .arg(fixture("setup/full.toml")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(v["client_id"], "4h5k6j7l8m9n0p1q2r3s4t5u6v");
    assert!(
        v["login_url"]
            .as_str()
            .unwrap()
            .starts_with("https://acme-auth.auth.us-east-1.amazoncognito.com/login?")
    );
}

#[test]
fn invalid_input_exits_1_with_every_finding_and_nothing_else() {
    let r = run(bin().args([
        "values",
        "--region",
        "us-east-1",
        "--user-pool-id",
        "eu-west-1_X",
        "--domain-prefix",
        "My_cognito",
    ]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "stdout: {}", r.stdout);
    assert!(
        r.stderr.contains("user-pool-region-mismatch"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("invalid-domain-prefix"), "{}", r.stderr);
    assert!(r.stderr.contains("reserved-domain-prefix"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let r = run(bin().args(["values", "--region", "us-east-1"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--user-pool-id"), "{}", r.stderr);
    let r = run(bin().args(["values", "--domain-prefix", "a", "--custom-domain", "b.c"]));
    assert_eq!(r.code, 2);
}

#[test]
fn china_and_govcloud_use_their_partitions_hosts() {
    let r = run(bin().args([
        "values",
        "--region",
        "cn-north-1",
        "--user-pool-id",
        "cn-north-1_A1",
        "--domain-prefix",
        "acme",
        "--json",
    ]));
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(
        v["issuer_url"],
        "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_A1"
    );
    let r = run(bin().args([
        "values",
        "--region",
        "us-gov-west-1",
        "--user-pool-id",
        "us-gov-west-1_A1",
        "--domain-prefix",
        "acme",
        "--json",
    ]));
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(
        v["acs_url"],
        "https://acme.auth-fips.us-gov-west-1.amazoncognito.com/saml2/idpresponse"
    );
}

#[tokio::test]
async fn with_a_setup_file_the_pool_says_which_issuer_signs_its_tokens() {
    use aws_sdk_cognitoidentityprovider::types::IssuerType;
    let api = support::federation::api().await;
    let pool = support::federation::new_pool_on(&api, None, Some(IssuerType::Updated)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("setup.toml");
    let mut s = okta_cognito::setup::Setup::new("us-east-1", &pool);
    s.domain.prefix = Some("acme-auth".into());
    s.save(&file).unwrap();

    let mut cmd = bin();
    for (k, v) in support::moto::moto().env() {
        cmd.env(k, v);
    }
    let r = run(cmd.args(["values", "--json", "--config"]).arg(&file));

    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = support::answer(&r.stdout);
    let issuer = format!("https://issuer-cognito-idp.us-east-1.amazonaws.com/{pool}");
    assert_eq!(v["issuer_type"], "UPDATED");
    assert_eq!(v["issuer_url"], issuer.as_str());
    assert_eq!(v["jwks_url"], format!("{issuer}/.well-known/jwks.json"));

    // Without AWS access, the finding says how to print the values anyway.
    let r = run(bin()
        .args(["values", "--config"])
        .arg(&file)
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_ACCESS_KEY_ID", "x")
        .env("AWS_SECRET_ACCESS_KEY", "x")
        .env("AWS_MAX_ATTEMPTS", "1"));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--issuer original|updated"),
        "{}",
        r.stderr
    );

    // With flags only: pure, the type chosen by --issuer.
    let r = run(bin().args([
        "values",
        "--json",
        "--region",
        "us-east-1",
        "--user-pool-id",
        &pool,
        "--domain-prefix",
        "acme-auth",
        "--issuer",
        "updated",
    ]));
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(v["issuer_url"], issuer.as_str());
}

#[test]
fn a_prefix_with_a_leading_hyphen_reaches_the_prefix_rule() {
    let r = run(bin().args([
        "values",
        "--region",
        "us-east-1",
        "--user-pool-id",
        "us-east-1_AbC",
        "--domain-prefix",
        "-acme",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("invalid-domain-prefix") && r.stderr.contains("\"-acme\""),
        "{}",
        r.stderr
    );
}

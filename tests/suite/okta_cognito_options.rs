//! The provider's three options that need Cognito's own certificates in the Okta app, end to
//! end: `okta-app` and `apply` through the real binary, against the emulator (which answers
//! `GetSigningCertificate` and gives an encrypting provider its certificate, as Cognito
//! does) and the Okta stand-in (every body held to Okta's OpenAPI).

use crate::support;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use support::federation::{api, new_pool, setup_in};
use support::moto::{moto, with_emulator};
use support::okta::{OktaStandIn, TOKEN};
use support::{Run, bin, run};

fn okta_app(file: &Path) -> Run {
    run(with_emulator(bin())
        .args(["okta-app", "--config"])
        .arg(file)
        .env("OKTA_API_TOKEN", TOKEN))
}

fn apply(file: &Path) -> Run {
    run(with_emulator(bin())
        .args(["apply", "--yes", "--config"])
        .arg(file))
}

struct Lab {
    _dir: tempfile::TempDir,
    file: PathBuf,
    pool: String,
    okta: OktaStandIn,
}

async fn lab(options: impl FnOnce(&mut okta_cognito::setup::Setup)) -> Lab {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let okta = support::okta::start();
    okta.add_group("Engineering", "Builds things");
    let mut setup = setup_in(dir.path(), &pool);
    setup.okta = Some(okta_cognito::setup::OktaSetup {
        org_url: Some(okta.org_url()),
        assign_groups: vec!["Engineering".into()],
        ..Default::default()
    });
    options(&mut setup);
    let file = dir.path().join("setup.toml");
    setup.save(&file).unwrap();
    Lab {
        _dir: dir,
        file,
        pool,
        okta,
    }
}

impl Lab {
    fn app(&self) -> Value {
        let saved = okta_cognito::setup::Setup::load(&self.file).unwrap();
        let id = saved.okta.unwrap().app_id.unwrap();
        self.okta
            .apps()
            .into_iter()
            .find(|a| a["id"] == json!(id))
            .unwrap()
    }

    fn setup(&self) -> okta_cognito::setup::Setup {
        okta_cognito::setup::Setup::load(&self.file).unwrap()
    }

    async fn signing_certificate(&self) -> String {
        moto()
            .raw("GetSigningCertificate", json!({"UserPoolId": self.pool}))
            .await["Certificate"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn encryption_certificate(&self) -> String {
        moto()
            .raw(
                "DescribeIdentityProvider",
                json!({"UserPoolId": self.pool, "ProviderName": "Okta"}),
            )
            .await["IdentityProvider"]["ProviderDetails"]["ActiveEncryptionCertificate"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

#[tokio::test]
async fn sign_out_encryption_and_idp_init_end_in_the_okta_app_and_a_second_run_writes_nothing() {
    let lab = lab(|s| {
        s.provider.idp_signout = true;
        s.provider.encrypted_responses = true;
        s.provider.idp_init = true;
    })
    .await;

    // Before the provider and the client exist, the Okta app gets what is known already (the
    // pool's signing certificate), and says what waits for apply.
    let r = okta_app(&lab.file);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("okta-encryption-certificate-pending"), "{all}");
    assert!(all.contains("okta-relay-state-pending"), "{all}");
    let sign_on = lab.app()["settings"]["signOn"].clone();
    assert_eq!(
        sign_on["spCertificate"]["x5c"],
        json!([lab.signing_certificate().await])
    );

    let r = apply(&lab.file);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);

    let r = okta_app(&lab.file);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let setup = lab.setup();
    let values = setup
        .values(okta_cognito::endpoints::IssuerKind::Original)
        .unwrap();
    let sign_on = lab.app()["settings"]["signOn"].clone();
    assert_eq!(
        sign_on["slo"],
        json!({"enabled": true, "issuer": values.audience_uri, "logoutUrl": values.saml_logout_url})
    );
    assert!(values.saml_logout_url.ends_with("/saml2/logout"));
    assert_eq!(sign_on["spIssuer"], json!(values.audience_uri));
    assert_eq!(
        sign_on["spCertificate"]["x5c"],
        json!([lab.signing_certificate().await])
    );
    assert_eq!(
        sign_on["assertionEncryption"],
        json!({
            "enabled": true,
            "x5c": [lab.encryption_certificate().await],
            "encryptionAlgorithm": "AES256_GCM",
            "keyTransportAlgorithm": "RSA_OAEP",
        })
    );
    let relay = sign_on["defaultRelayState"].as_str().unwrap();
    let client = setup.app_client.client_id.clone().unwrap();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(relay.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(
        pairs,
        [
            ("identity_provider".to_string(), "Okta".to_string()),
            ("client_id".into(), client),
            ("redirect_uri".into(), "https://app.example.com/".into()),
            ("response_type".into(), "code".into()),
            ("scope".into(), setup.app_client.scopes.join(" ")),
        ]
    );
    assert!(
        lab.okta.violations().is_empty(),
        "{:?}",
        lab.okta.violations()
    );

    lab.okta.clear_requests();
    let r = okta_app(&lab.file);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let writes: Vec<_> = lab
        .okta
        .writes()
        .iter()
        .map(|w| format!("{} {}", w.method, w.path))
        .collect();
    assert!(writes.is_empty(), "a second run writes nothing: {writes:?}");
}

#[tokio::test]
async fn turning_encryption_off_in_the_setup_turns_it_off_in_okta() {
    let lab = lab(|s| s.provider.encrypted_responses = true).await;
    assert_eq!(okta_app(&lab.file).code, 0);
    assert_eq!(apply(&lab.file).code, 0);
    assert_eq!(okta_app(&lab.file).code, 0);
    assert_eq!(
        lab.app()["settings"]["signOn"]["assertionEncryption"]["enabled"],
        true
    );

    let mut setup = lab.setup();
    setup.provider.encrypted_responses = false;
    setup.save(&lab.file).unwrap();
    let r = okta_app(&lab.file);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // Cognito without EncryptedResponses cannot read an encrypted assertion.
    assert_eq!(
        lab.app()["settings"]["signOn"]["assertionEncryption"]["enabled"],
        false
    );
}

/// Cognito's yearly certificates (same key), made by the emulator's model layer.
async fn rotate_certificates(pool: &str) {
    let answer = reqwest::Client::new()
        .post(format!("{}/_aws_model/rotate", moto().endpoint))
        .body(json!({"UserPoolId": pool}).to_string())
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success());
}

fn doctor(file: &Path) -> Value {
    let r = run(with_emulator(bin())
        .args(["doctor", "--json", "--config"])
        .arg(file)
        .env("OKTA_API_TOKEN", TOKEN));
    support::answer(&r.stdout)
}

fn finding<'a>(report: &'a Value, code: &str) -> Option<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
}

#[tokio::test]
async fn doctor_flags_last_years_certificates_in_okta_and_okta_app_refreshes_them() {
    let lab = lab(|s| {
        s.provider.idp_signout = true;
        s.provider.encrypted_responses = true;
    })
    .await;
    assert_eq!(okta_app(&lab.file).code, 0);
    assert_eq!(apply(&lab.file).code, 0);
    assert_eq!(okta_app(&lab.file).code, 0);
    let report = doctor(&lab.file);
    for code in [
        "okta-signing-certificate-stale",
        "okta-encryption-certificate-stale",
    ] {
        assert!(finding(&report, code).is_none(), "{code}: {report:#}");
    }

    rotate_certificates(&lab.pool).await;
    let report = doctor(&lab.file);
    for code in [
        "okta-signing-certificate-stale",
        "okta-encryption-certificate-stale",
    ] {
        let f = finding(&report, code).unwrap_or_else(|| panic!("{code}: {report:#}"));
        assert_eq!(f["severity"], "warning", "same key: it still works");
        assert!(
            f["message"].as_str().unwrap().contains("valid until"),
            "{f}"
        );
    }

    let r = okta_app(&lab.file);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("settings.signOn.spCertificate"),
        "{}",
        r.stdout
    );
    let sign_on = lab.app()["settings"]["signOn"].clone();
    assert_eq!(
        sign_on["spCertificate"]["x5c"],
        json!([lab.signing_certificate().await])
    );
    assert_eq!(
        sign_on["assertionEncryption"]["x5c"],
        json!([lab.encryption_certificate().await])
    );
    let report = doctor(&lab.file);
    for code in [
        "okta-signing-certificate-stale",
        "okta-encryption-certificate-stale",
    ] {
        assert!(finding(&report, code).is_none(), "{code}: {report:#}");
    }
}

#[tokio::test]
async fn one_okta_app_and_one_apply_leave_okta_encrypting_with_the_new_providers_key() {
    let lab = lab(|s| {
        s.provider.idp_signout = true;
        s.provider.encrypted_responses = true;
        s.provider.idp_init = true;
    })
    .await;
    assert_eq!(okta_app(&lab.file).code, 0);

    // Before anything is written, the plan says sign-in stops until Okta encrypts.
    let r = run(with_emulator(bin())
        .args(["plan", "--config"])
        .arg(&lab.file));
    assert!(
        format!("{}{}", r.stdout, r.stderr).contains("encrypted-responses-window"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );

    // With Okta credentials, apply updates the Okta app right after the provider.
    let r = run(with_emulator(bin())
        .args(["apply", "--yes", "--config"])
        .arg(&lab.file)
        .env("OKTA_API_TOKEN", TOKEN));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("Okta: updated the app"), "{}", r.stderr);
    let sign_on = lab.app()["settings"]["signOn"].clone();
    assert_eq!(
        sign_on["assertionEncryption"]["x5c"],
        json!([lab.encryption_certificate().await])
    );
    assert_eq!(sign_on["slo"]["enabled"], true);
    assert!(
        sign_on["defaultRelayState"]
            .as_str()
            .unwrap()
            .contains("identity_provider=Okta&client_id=")
    );
    assert!(
        lab.okta.violations().is_empty(),
        "{:?}",
        lab.okta.violations()
    );

    lab.okta.clear_requests();
    assert_eq!(okta_app(&lab.file).code, 0);
    assert!(lab.okta.writes().is_empty(), "a second run writes nothing");
}

#[tokio::test]
async fn without_okta_credentials_values_shows_the_console_steps_and_cognitos_certificates() {
    let lab = lab(|s| {
        s.provider.idp_signout = true;
        s.provider.encrypted_responses = true;
        s.provider.idp_init = true;
    })
    .await;
    let values = |json: bool| {
        let mut c = with_emulator(bin());
        c.args(["values", "--config"]).arg(&lab.file);
        if json {
            c.arg("--json");
        }
        run(&mut c)
    };
    // Before apply: the signing certificate is known, the rest is pending.
    let r = values(false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Single Logout URL"), "{}", r.stdout);
    assert!(
        r.stdout.contains("-----BEGIN CERTIFICATE-----"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("pending: Cognito makes this certificate when the provider is created"),
        "{}",
        r.stdout
    );

    assert_eq!(apply(&lab.file).code, 0);
    let r = values(true);
    let v: Value = support::answer(&r.stdout);
    let steps = v["provider_options"].as_array().unwrap();
    assert_eq!(steps.len(), 3, "{v:#}");
    let signing = okta_cognito::cognito::certificates::pem(&lab.signing_certificate().await);
    assert_eq!(steps[0]["certificate"]["pem"], json!(signing));
    let encryption = okta_cognito::cognito::certificates::pem(&lab.encryption_certificate().await);
    assert_eq!(steps[1]["certificate"]["pem"], json!(encryption));
    assert!(steps[1]["pending"].is_null());
    let relay = steps[2]["fields"][0][1].as_str().unwrap();
    assert!(
        relay.starts_with("identity_provider=Okta&client_id="),
        "{relay}"
    );
    assert!(
        v["acs_url"]
            .as_str()
            .unwrap()
            .ends_with("/saml2/idpresponse"),
        "the values stay"
    );
}

#[tokio::test]
async fn without_aws_credentials_okta_app_still_makes_the_app_and_says_what_is_missing() {
    let lab = lab(|s| s.provider.idp_signout = true).await;
    // No AWS credentials and nothing listening where AWS would be.
    let r = run(bin()
        .args(["okta-app", "--config"])
        .arg(&lab.file)
        .env("OKTA_API_TOKEN", TOKEN)
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY"));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("okta-signing-certificate-unknown"),
        "{}",
        r.stderr
    );
    let slo = lab.app()["settings"]["signOn"]["slo"].clone();
    assert_ne!(
        slo["enabled"], true,
        "no Single Logout without the certificate: {slo}"
    );
}

//! The doctor against the emulator: a healthy federation is clean; each seeded
//! misconfiguration makes exactly its finding fire. Metadata comes from a local HTTP server.

use crate::support;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use okta_cognito::setup::Setup;
use std::collections::BTreeSet;
use std::sync::OnceLock;
use support::federation::{api, edit_client, new_pool, plan_and_apply, setup_in};
use support::http::Server;
use support::moto::moto;
use support::{bin, run};

fn metadata_server() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| {
        let file = |rel: &'static str| {
            move || async move {
                (
                    [(header::CONTENT_TYPE, "application/samlmetadata+xml")],
                    std::fs::read(support::fixture(rel)).unwrap(),
                )
            }
        };
        Server::start(
            Router::new()
                .route("/okta.xml", get(file("metadata/real/okta-10.xml")))
                .route(
                    "/soap-only.xml",
                    get(file("metadata/bad/sso-soap-only.xml")),
                ),
        )
    })
}

/// A complete federation whose provider reads its metadata from the local server.
async fn federated() -> (
    aws_sdk_cognitoidentityprovider::Client,
    Setup,
    tempfile::TempDir,
) {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.metadata_file = None;
    setup.provider.metadata_url = Some(metadata_server().url("/okta.xml"));
    let outcome = plan_and_apply(&api, &setup).await;
    setup.app_client.client_id = outcome.client_id;
    (api, setup, dir)
}

fn doctor(args: &[&str]) -> (i32, serde_json::Value) {
    let mut cmd = bin();
    for (k, v) in moto().env() {
        cmd.env(k, v);
    }
    let r = run(cmd.arg("doctor").args(args).args(["--format", "json"]));
    let v = support::answer(&r.stdout);
    (r.code, v)
}

fn problems(v: &serde_json::Value) -> BTreeSet<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts the doctor reports exactly `code` among errors and warnings.
fn assert_only(setup: &Setup, code: &str) {
    let (_, v) = doctor_setup(setup);
    assert_eq!(problems(&v), BTreeSet::from([code.to_string()]), "{v:#}");
}

/// A metadata URL that answers one request with real Okta metadata, then stops listening.
fn metadata_answering_once() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/metadata", listener.local_addr().unwrap());
    let xml = std::fs::read(support::fixture("metadata/real/okta-10.xml")).unwrap();
    std::thread::spawn(move || {
        if let Ok((mut conn, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                xml.len()
            );
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(&xml);
        }
        // The listener is dropped here: later connections are refused.
    });
    url
}

/// Points the federation's provider at another metadata URL, as a changed Okta app would.
async fn point_metadata_at(
    api: &aws_sdk_cognitoidentityprovider::Client,
    setup: &Setup,
    url: String,
) {
    api.update_identity_provider()
        .user_pool_id(&setup.user_pool_id)
        .provider_name("Okta")
        .provider_details("MetadataURL", url)
        .send()
        .await
        .unwrap();
}

fn doctor_setup(s: &Setup) -> (i32, serde_json::Value) {
    doctor(&[
        "--user-pool-id",
        &s.user_pool_id,
        "--client-id",
        s.app_client.client_id.as_deref().unwrap(),
    ])
}

#[tokio::test]
async fn a_healthy_federation_passes() {
    let (_api, setup, dir) = federated().await;
    let file = dir.path().join("setup.toml");
    setup.save(&file).unwrap();
    let (code, v) = doctor(&["--config", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert!(problems(&v).is_empty(), "{v:#}");
    assert_eq!(v["provider"], "Okta");
    assert_eq!(
        v["identity_provider_side"]["checked"], false,
        "without Okta credentials the report says the Okta app was not checked: {v:#}"
    );
    assert!(
        v["identity_provider_side"]["detail"]
            .as_str()
            .unwrap()
            .contains("no Okta credentials"),
        "{v:#}"
    );
    assert!(
        v["acs_url"]
            .as_str()
            .unwrap()
            .ends_with("/saml2/idpresponse")
    );
}

#[tokio::test]
async fn seeded_client_misconfigurations_fire_exactly_their_finding() {
    let (api, setup, _d) = federated().await;
    let (pool, client) = (
        setup.user_pool_id.clone(),
        setup.app_client.client_id.clone().unwrap(),
    );
    edit_client(&api, &pool, &client, |c| {
        c.supported_identity_providers = vec!["COGNITO".into()]
    })
    .await;
    let (code, v) = doctor_setup(&setup);
    assert_eq!(code, 1);
    assert_eq!(
        problems(&v),
        BTreeSet::from(["provider-not-enabled".to_string()])
    );

    let (api, setup, _d) = federated().await;
    edit_client(
        &api,
        &setup.user_pool_id,
        setup.app_client.client_id.as_deref().unwrap(),
        |c| c.allowed_o_auth_flows_user_pool_client = false,
    )
    .await;
    assert_only(&setup, "oauth-flows-off");

    let (api, setup, _d) = federated().await;
    edit_client(
        &api,
        &setup.user_pool_id,
        setup.app_client.client_id.as_deref().unwrap(),
        |c| c.write_attributes = Some(vec!["given_name".into()]),
    )
    .await;
    assert_only(&setup, "mapped-attribute-not-writable");
}

#[tokio::test]
async fn seeded_provider_problems_fire_exactly_their_finding() {
    let (api, setup, _d) = federated().await;
    point_metadata_at(&api, &setup, metadata_server().url("/soap-only.xml")).await;
    assert_only(&setup, "metadata-no-redirect-sso");

    // Cognito fetches the URL when the provider is updated, so the IdP answers once (then, as
    // an IdP that went away later, never again).
    let (api, setup, _d) = federated().await;
    let url = metadata_answering_once();
    point_metadata_at(&api, &setup, url).await;
    assert_only(&setup, "doctor-metadata-unreachable");
}

#[tokio::test]
async fn a_pool_without_domain_or_provider_says_so() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let c = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("web")
        .generate_secret(true)
        .callback_urls("https://app.example.com/")
        .allowed_o_auth_flows(aws_sdk_cognitoidentityprovider::types::OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_flows_user_pool_client(true)
        .send()
        .await
        .unwrap();
    let id = c
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    let (code, v) = doctor(&["--user-pool-id", &pool, "--client-id", &id]);
    assert_eq!(code, 1);
    assert_eq!(
        problems(&v),
        BTreeSet::from(
            [
                "domain-missing",
                "provider-missing",
                "provider-not-enabled",
                "client-has-secret"
            ]
            .map(String::from)
        )
    );
}

#[tokio::test]
async fn markdown_report_with_redaction() {
    let (_api, setup, _d) = federated().await;
    let mut cmd = bin();
    for (k, v) in moto().env() {
        cmd.env(k, v);
    }
    let r = run(cmd.args([
        "doctor",
        "--format",
        "markdown",
        "--redact",
        "--user-pool-id",
        &setup.user_pool_id,
        "--client-id",
        setup.app_client.client_id.as_deref().unwrap(),
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("**Healthy: no errors, no warnings.**"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("| Pool ARN | `arn:aws:cognito-idp:us-east-1:************:userpool/"),
        "{}",
        r.stdout
    );
}

#[test]
fn doctor_needs_a_target() {
    assert_eq!(run(bin().arg("doctor")).code, 2);
}

/// `okta-app` (with the API token) makes the Okta app, `apply` the Cognito side from the
/// setup it left: a federation through the Okta stand-in, its setup file saved.
async fn federated_through_okta(
    okta: &support::okta::OktaStandIn,
) -> (tempfile::TempDir, std::path::PathBuf, Setup) {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("setup.toml");
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.metadata_file = None;
    setup.save(&file).unwrap();
    let mut cmd = bin();
    cmd.env("OKTA_ORG_URL", okta.org_url())
        .env("OKTA_API_TOKEN", support::okta::TOKEN);
    let r = run(cmd
        .args(["okta-app", "--assign-group", "Everyone", "--config"])
        .arg(&file));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let mut setup = Setup::load(&file).unwrap();
    let outcome = plan_and_apply(&api, &setup).await;
    setup.app_client.client_id = outcome.client_id;
    setup.save(&file).unwrap();
    (dir, file, setup)
}

/// The whole Okta path; with the token set the doctor checks the Okta app too, clean until
/// an admin changes the app's Audience URI in the console.
#[tokio::test]
async fn with_an_okta_token_the_okta_app_is_checked_too() {
    use support::okta::TOKEN;
    let okta = support::okta::start();
    let (_dir, file, setup) = federated_through_okta(&okta).await;
    let with_okta = |cmd: &mut std::process::Command| {
        cmd.env("OKTA_ORG_URL", okta.org_url())
            .env("OKTA_API_TOKEN", TOKEN);
        for (k, v) in moto().env() {
            cmd.env(k, v);
        }
    };
    let doctor_json = || {
        let mut cmd = bin();
        with_okta(&mut cmd);
        let r = run(cmd
            .args(["doctor", "--format", "json", "--config"])
            .arg(&file));
        let v: serde_json::Value = support::answer(&r.stdout);
        (r.code, v)
    };
    let (code, v) = doctor_json();
    assert_eq!(code, 0, "{v:#}");
    assert!(problems(&v).is_empty(), "{v:#}");
    assert_eq!(
        okta.writes()
            .iter()
            .filter(|w| w.path.starts_with("/api/v1/apps/0"))
            .count(),
        1,
        "one assignment by okta-app; the doctor only reads"
    );

    let id = setup.okta.as_ref().unwrap().app_id.clone().unwrap();
    okta.edit_app(&id, |app| {
        app["settings"]["signOn"]["audience"] = "urn:amazon:cognito:sp:us-east-1_Old".into()
    });
    let (code, v) = doctor_json();
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        problems(&v),
        BTreeSet::from(["okta-audience-mismatch".to_string()]),
        "{v:#}"
    );
}

/// With only a service app's credentials (DPoP required) and no okta.app_id, the doctor
/// finds the Okta app from the console's Metadata URL the provider reads (the external key
/// and the app name in the metadata's sign-on URL), asking for okta.apps.read alone.
#[tokio::test]
async fn a_service_app_lets_the_doctor_find_the_app_from_the_console_url() {
    let okta = support::okta::start();
    let key = support::private_key("service-app-ec.pem");
    okta.add_service_app("0oaDoctor", &key, None, &["okta.apps.read"], true);
    // An app granted only what okta-app needs (manage, no read): the doctor reads with it.
    let manage = ["okta.apps.manage", "okta.groups.read", "okta.users.read"];
    okta.add_service_app("0oaManager", &key, None, &manage, true);
    let (_dir, file, mut setup) = federated_through_okta(&okta).await;
    setup.okta.as_mut().unwrap().app_id = None;
    setup.save(&file).unwrap();

    for client_id in ["0oaDoctor", "0oaManager"] {
        okta.clear_requests();
        let mut cmd = bin();
        cmd.env("OKTA_ORG_URL", okta.org_url())
            .env("OKTA_CLIENT_ID", client_id)
            .env("OKTA_PRIVATE_KEY_FILE", &key);
        for (k, v) in moto().env() {
            cmd.env(k, v);
        }
        let r = run(cmd.args(["doctor", "--json", "--config"]).arg(&file));
        let v: serde_json::Value = support::answer(&r.stdout);
        assert_eq!(r.code, 0, "{client_id}: {v:#}");
        assert!(problems(&v).is_empty(), "{client_id}: {v:#}");
        let codes = support::finding_codes(&v);
        assert!(!codes.contains(&"okta-app-unknown"), "{codes:?}");
        assert!(
            !codes.contains(&"okta-check-skipped"),
            "{client_id}: {codes:?}"
        );
        let app_read = okta.requests().iter().any(|q| {
            q.method == "GET" && q.path.starts_with("/api/v1/apps/0oa") && !q.path.contains("/sso/")
        });
        assert!(app_read, "the app was read: {:#?}", okta.requests());
        assert!(
            okta.writes().iter().all(|w| w.path == "/oauth2/v1/token"),
            "read-only"
        );
        assert!(!r.stdout.contains("standInAccessToken") && !r.stderr.contains("eyJ"));
    }
    assert!(Setup::load(&file).unwrap().okta.unwrap().app_id.is_none());
}

#[tokio::test]
async fn the_doctor_names_the_pools_issuer_and_feature_plan() {
    use aws_sdk_cognitoidentityprovider::types::{IssuerConfigurationType, IssuerType};
    let (api, setup, _d) = federated().await;
    api.update_user_pool()
        .user_pool_id(&setup.user_pool_id)
        .issuer_configuration(
            IssuerConfigurationType::builder()
                .r#type(IssuerType::Updated)
                .build(),
        )
        .send()
        .await
        .unwrap();

    let (code, v) = doctor_setup(&setup);

    assert_eq!(code, 0, "{v:#}");
    let issuer = format!(
        "https://issuer-cognito-idp.us-east-1.amazonaws.com/{}",
        setup.user_pool_id
    );
    assert_eq!(v["issuer_type"], "UPDATED");
    assert_eq!(v["issuer_url"], issuer.as_str());
    assert_eq!(v["jwks_url"], format!("{issuer}/.well-known/jwks.json"));
    assert_eq!(v["feature_plan"], "ESSENTIALS");
}

/// `doctor --json` answers in JSON even when the command line is wrong, so a script that
/// parses stdout never meets text.
#[test]
fn doctor_json_usage_errors_are_json() {
    for (args, code, finding) in [
        (&["doctor", "--json"][..], 2, "usage-error"),
        (&["doctor", "--json", "--bogus"][..], 2, "usage-error"),
        (
            &["doctor", "--json", "--user-pool-id", "not-a-pool"][..],
            1,
            "invalid-user-pool-id",
        ),
    ] {
        let r = support::run(support::bin().args(args));
        assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
        let v: serde_json::Value = support::answer(&r.stdout);
        assert_eq!(v["findings"][0]["code"], finding, "{args:?}: {v:#}");
        assert!(
            !v["findings"][0]["fix"].as_str().unwrap().is_empty(),
            "{v:#}"
        );
    }
}

/// Every command's `--json` answer has the same top-level keys: `command`, `ok`, `findings`
/// and `result` (the command's data), whether it answered or refused.
#[test]
fn every_json_answer_has_the_same_envelope() {
    let metadata = support::fixture("metadata/real/okta-10.xml");
    let answers = [
        ("explain", vec!["explain", "--json", "invalid_grant"]),
        (
            "metadata",
            vec!["metadata", "--json", metadata.to_str().unwrap()],
        ),
        (
            "values",
            vec![
                "values",
                "--json",
                "--region",
                "us-east-1",
                "--user-pool-id",
                "us-east-1_AbCdEf123",
                "--domain-prefix",
                "acme-auth",
                "--issuer",
                "original",
            ],
        ),
        ("doctor", vec!["doctor", "--json"]),
        (
            "plan",
            vec!["plan", "--json", "--config", "/nonexistent/setup.toml"],
        ),
    ];
    for (command, args) in answers {
        let r = support::run(support::bin().args(&args));
        let v: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}{}", r.stdout, r.stderr));
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            ["command", "findings", "ok", "result"],
            "{args:?}: {v:#}"
        );
        assert_eq!(v["command"], command, "{v:#}");
        assert_eq!(
            v["ok"],
            r.code == 0,
            "{args:?}: ok follows the exit status {v:#}"
        );
    }
}

/// A provider made from a metadata file freezes the certificate of that day. After the Okta
/// app's certificate is rotated (generate, activate), the doctor with Okta credentials reads
/// the app's current metadata and names the mismatch before the next sign-in fails; once the
/// provider holds the new file, it is clean again.
#[tokio::test]
async fn a_rotated_okta_certificate_is_named_for_a_provider_made_from_a_file() {
    use support::okta::TOKEN;
    let okta = support::okta::start();
    let (dir, file, mut setup) = federated_through_okta(&okta).await;
    let api = api().await;
    let url = setup.provider.metadata_url.take().unwrap();
    let download = |dir: &std::path::Path| {
        let url = url.clone();
        let to = dir.join("okta-app.xml");
        async move {
            let xml = reqwest::get(&url).await.unwrap().text().await.unwrap();
            std::fs::write(&to, xml).unwrap();
        }
    };
    download(dir.path()).await;
    setup.provider.metadata_file = Some("okta-app.xml".into());
    setup.source_dir = Some(dir.path().to_path_buf());
    setup.save(&file).unwrap();
    plan_and_apply(&api, &setup).await;
    let doctor_json = || {
        let mut cmd = bin();
        cmd.env("OKTA_ORG_URL", okta.org_url())
            .env("OKTA_API_TOKEN", TOKEN)
            .envs(moto().env());
        let r = run(cmd.args(["doctor", "--json", "--config"]).arg(&file));
        (r.code, support::answer(&r.stdout))
    };
    let (code, v) = doctor_json();
    assert_eq!(code, 0, "{v:#}");

    let id = setup.okta.as_ref().unwrap().app_id.clone().unwrap();
    okta.rotate_signing_key(&id).unwrap();
    let (code, v) = doctor_json();
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        problems(&v),
        BTreeSet::from(["signing-certificate-rotation-pending".to_string()]),
        "{v:#}"
    );

    download(dir.path()).await;
    plan_and_apply(&api, &Setup::load(&file).unwrap()).await;
    let (code, v) = doctor_json();
    assert_eq!(code, 0, "{v:#}");

    // Okta's public metadata unreachable: the check that was not made is said, not skipped.
    okta.public_metadata_down(true);
    let (code, v) = doctor_json();
    assert_eq!(code, 0, "{v:#}");
    let unread: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "okta-current-metadata-unread")
        .collect();
    assert_eq!(unread.len(), 1, "{v:#}");
    assert!(
        unread[0]["message"]
            .as_str()
            .unwrap()
            .contains("was not checked"),
        "{v:#}"
    );
}

/// `rotation` says the IdP's steps and what Cognito will see; `--refresh` writes the provider
/// back unchanged, and Cognito (the emulator's layer, as Cognito does on an update) fetches
/// the Metadata URL again at once. A provider made from a file is told to apply new metadata.
#[tokio::test]
async fn rotation_refresh_makes_cognito_read_the_metadata_url_again() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static FETCHES: AtomicUsize = AtomicUsize::new(0);
    let server = Server::start(Router::new().route(
        "/okta.xml",
        get(|| async {
            FETCHES.fetch_add(1, Ordering::SeqCst);
            (
                [(header::CONTENT_TYPE, "application/samlmetadata+xml")],
                std::fs::read(support::fixture("metadata/real/okta-10.xml")).unwrap(),
            )
        }),
    ));
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.metadata_file = None;
    setup.provider.metadata_url = Some(server.url("/okta.xml"));
    plan_and_apply(&api, &setup).await;
    let file = dir.path().join("setup.toml");
    setup.save(&file).unwrap();
    let rotation = |extra: &[&str]| {
        let r = run(bin()
            .envs(moto().env())
            .args(["rotation", "--json", "--config"])
            .arg(&file)
            .args(extra));
        (r.code, support::answer(&r.stdout))
    };
    let (code, v) = rotation(&[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["source"], "url");
    assert!(
        v["steps"][1]
            .as_str()
            .unwrap()
            .contains("Generate new certificate")
    );
    assert!(v["cognito"].as_str().unwrap().contains("six hours"));

    let before = FETCHES.load(Ordering::SeqCst);
    let (code, v) = rotation(&["--refresh"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["refreshed"], true);
    assert!(
        FETCHES.load(Ordering::SeqCst) > before,
        "Cognito read the Metadata URL again"
    );
    let provider = okta_cognito::cognito::state::read_provider(&api, &pool, "Okta")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        provider.attribute_mapping["email"], "Email Id",
        "nothing else changed"
    );

    // A provider made from a file has no URL to read again.
    setup.provider.metadata_url = None;
    setup.provider.metadata_file = Some("okta.xml".into());
    setup.save(&file).unwrap();
    plan_and_apply(&api, &Setup::load(&file).unwrap()).await;
    let (code, v) = rotation(&["--refresh"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        support::finding_codes(&v),
        ["signing-certificate-rotation-pending"]
    );
    let (code, v) = rotation(&[]);
    assert_eq!(code, 0);
    assert!(
        v["cognito"]
            .as_str()
            .unwrap()
            .contains("keeps the old certificate")
    );
}

//! `rehearse` through the real binary: the wizard's straight path to verified tokens against
//! a rehearsal, with every local service gone afterwards; and support's path: a customer's
//! broken federation exported, rebuilt with `rehearse --from`, the same two errors from
//! `doctor`, the wizard's `f` fixing the client, and Cognito's "Attribute cannot be updated"
//! on a second sign-in with a changed e-mail address.

use crate::support;

use aws_sdk_cognitoidentityprovider::types::IssuerType;
use portable_pty::CommandBuilder;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::Path;
use support::federation::{api, new_pool_with, setup_in, unique};
use support::moto::{free_port, moto};
use support::pty::{doctor_then_fix, spawn_in_pty, wait_exit};
use support::rehearsal::{
    browser, browser_with, form_of, label_ports, okta_app_and_apply, port_of, ports_are_free,
    python_env, rehearse_command, serve, serve_refused,
};
use support::{fixture, run};

fn error_codes(v: &serde_json::Value) -> BTreeSet<String> {
    v["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["severity"] == "error")
        .filter_map(|f| f["code"].as_str().map(String::from))
        .collect()
}

/// A customer's federation as made in the console (the plan would have refused some of
/// them), healthy but for what a case changes.
pub(crate) struct Customer {
    pub(crate) email_mutable: bool,
    pub(crate) mapping: Vec<(&'static str, &'static str)>,
    pub(crate) providers: Vec<&'static str>,
    pub(crate) oauth_on: bool,
    pub(crate) write_attributes: Option<Vec<&'static str>>,
    pub(crate) callback: bool,
    /// The IdP metadata the customer uploaded as a file (a fixture).
    pub(crate) metadata: &'static str,
    /// Or the document itself.
    pub(crate) metadata_xml: Option<String>,
}

impl Default for Customer {
    fn default() -> Self {
        Customer {
            email_mutable: true,
            mapping: vec![("email", "Email Id")],
            providers: vec!["Okta", "COGNITO"],
            oauth_on: true,
            write_attributes: None,
            callback: true,
            metadata: "metadata/real/okta-10.xml",
            metadata_xml: None,
        }
    }
}

/// The customer's pool, provider and client in the tests' emulator, and its setup file.
pub(crate) async fn customer(dir: &Path, c: Customer) -> std::path::PathBuf {
    use aws_sdk_cognitoidentityprovider::types::{IdentityProviderTypeType, OAuthFlowType};
    let api = api().await;
    let pool = new_pool_with(
        &api,
        "customer",
        c.email_mutable,
        None,
        Some(IssuerType::Updated),
    )
    .await;
    let mut setup = setup_in(dir, &pool);
    match &c.metadata_xml {
        Some(xml) => std::fs::write(dir.join("okta.xml"), xml).unwrap(),
        None => {
            std::fs::copy(fixture(c.metadata), dir.join("okta.xml")).unwrap();
        }
    }
    setup.login.port = free_port();
    setup.provider.attribute_mapping = c
        .mapping
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let prefix = setup.domain.prefix.clone().unwrap();
    api.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain(&prefix)
        .send()
        .await
        .unwrap();
    let metadata = std::fs::read_to_string(dir.join("okta.xml")).unwrap();
    api.create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Okta")
        .provider_type(IdentityProviderTypeType::Saml)
        .provider_details("MetadataFile", metadata)
        .set_attribute_mapping(Some(
            setup
                .provider
                .attribute_mapping
                .clone()
                .into_iter()
                .collect(),
        ))
        .send()
        .await
        .unwrap();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let client = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("okta-web")
        .set_supported_identity_providers(Some(strings(&c.providers)))
        .set_callback_urls(c.callback.then(|| vec![setup.login_redirect_uri()]))
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_flows_user_pool_client(c.oauth_on)
        .set_allowed_o_auth_scopes(Some(strings(&["openid", "email", "profile"])))
        .set_write_attributes(c.write_attributes.as_deref().map(strings))
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    setup.app_client.client_id = Some(client);
    let file = dir.join("setup.toml");
    setup.save(&file).unwrap();
    file
}

/// The customer of the support story: `email` immutable, and the provider taken off the
/// client.
async fn broken_customer(dir: &Path) -> std::path::PathBuf {
    customer(
        dir,
        Customer {
            email_mutable: false,
            providers: vec!["COGNITO"],
            ..Customer::default()
        },
    )
    .await
}

/// The doctor's error codes for `setup` at the customer (the tests' emulator).
fn doctor_at_customer(setup: &Path) -> BTreeSet<String> {
    let r = run(support::bin()
        .envs(moto().env())
        .args(["doctor", "--json", "--config"])
        .arg(setup));
    error_codes(&support::answer(&r.stdout))
}

/// `export` at the customer (the tests' emulator) of `setup` to `export`, which must succeed.
pub(crate) fn export_at_customer(setup: &Path, export: &Path) {
    let r = run(support::bin()
        .envs(moto().env())
        .args(["export", "--config"])
        .arg(setup)
        .arg("-o")
        .arg(export));
    assert_eq!(r.code, 0, "export: {}{}", r.stdout, r.stderr);
}

/// `export` at the customer, `rehearse --from` it at support, and the doctor there.
fn doctor_in_rehearsal_of(setup: &Path, dir: &Path) -> BTreeSet<String> {
    let export = dir.join("export.toml");
    export_at_customer(setup, &export);
    let desk = dir.join("desk");
    std::fs::create_dir_all(&desk).unwrap();
    let served = serve(&["--from", export.to_str().unwrap()], &desk);
    let r = run(served
        .bin()
        .args(["doctor", "--json", "--config"])
        .arg(&served.setup));
    assert!(served.stop().success());
    error_codes(&support::answer(&r.stdout))
}

/// Whatever the customer got wrong, the rehearsal built from their export is wrong the same
/// way: the doctor names the same errors in both.
#[tokio::test(flavor = "multi_thread")]
async fn every_mistake_the_doctor_finds_at_the_customer_is_found_in_the_rehearsal() {
    let cases: Vec<(&str, Customer)> = vec![
        ("healthy", Customer::default()),
        (
            "provider off the client",
            Customer {
                providers: vec!["COGNITO"],
                ..Customer::default()
            },
        ),
        (
            "OAuth flows off",
            Customer {
                oauth_on: false,
                ..Customer::default()
            },
        ),
        (
            "mapped attribute not writable",
            Customer {
                write_attributes: Some(vec!["given_name"]),
                ..Customer::default()
            },
        ),
        (
            "custom attribute the pool lacks",
            Customer {
                mapping: vec![("email", "Email Id"), ("custom:team", "team")],
                ..Customer::default()
            },
        ),
        (
            "immutable e-mail",
            Customer {
                email_mutable: false,
                ..Customer::default()
            },
        ),
        (
            "an expired signing certificate in the uploaded metadata",
            Customer {
                metadata: "metadata/real/okta-5.xml",
                ..Customer::default()
            },
        ),
        (
            "metadata without a redirect binding",
            Customer {
                metadata: "metadata/real/jumpcloud-2.xml",
                ..Customer::default()
            },
        ),
        (
            "no callback URL",
            Customer {
                callback: false,
                ..Customer::default()
            },
        ),
    ];
    let mut seen = BTreeSet::new();
    for (name, case) in cases {
        let dir = tempfile::tempdir().unwrap();
        let setup = customer(dir.path(), case).await;
        let there = doctor_at_customer(&setup);
        let here = doctor_in_rehearsal_of(&setup, dir.path());
        assert_eq!(
            here, there,
            "{name}: the rehearsal's doctor differs from the customer's"
        );
        assert_eq!(there.is_empty(), name == "healthy", "{name}: {there:?}");
        seen.extend(there);
    }
    assert!(
        seen.len() >= 5,
        "the cases reach different findings: {seen:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customers_export_is_rehearsed_with_its_errors_its_fix_and_its_sign_in_failure() {
    let customer = tempfile::tempdir().unwrap();
    let setup = broken_customer(customer.path()).await;
    let doctor_at_customer = run(support::bin()
        .envs(moto().env())
        .args(["doctor", "--json", "--config"])
        .arg(&setup));
    let at_customer: serde_json::Value = support::answer(&doctor_at_customer.stdout);
    let expected = BTreeSet::from([
        "mapped-attribute-immutable".to_string(),
        "provider-not-enabled".to_string(),
    ]);
    assert_eq!(error_codes(&at_customer), expected, "{at_customer:#}");
    let export = customer.path().join("export.toml");
    export_at_customer(&setup, &export);
    let written = std::fs::read_to_string(&export).unwrap();
    assert!(
        written.contains("[observed]") && written.contains("issuer = \"UPDATED\""),
        "{written}"
    );

    // At support: no access to the customer's AWS or Okta, only the file.
    let support_desk = tempfile::tempdir().unwrap();
    let served = serve(
        &[
            "--from",
            export.to_str().unwrap(),
            "--setup",
            "rehearsal.toml",
        ],
        support_desk.path(),
    );
    let ports = [
        port_of(&served.var("AWS_ENDPOINT_URL")),
        port_of(&served.var("OKTA_ORG_URL")),
        port_of(&served.var("OKTA_COGNITO_HOSTED_UI_URL")),
    ];
    let rehearsal_setup = served.setup.clone();
    let doctor = |served: &support::rehearsal::Served| {
        let r = run(served
            .bin()
            .args(["doctor", "--json", "--config"])
            .arg(&rehearsal_setup));
        assert!(
            r.stderr.contains("REHEARSAL"),
            "every command says so: {}",
            r.stderr
        );
        support::answer(&r.stdout)
    };
    assert_eq!(
        error_codes(&doctor(&served)),
        expected,
        "the rehearsal reports exactly the customer's errors"
    );

    // The wizard's doctor, then `f`: the client gets the provider back.
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_okta-cognito"));
    cmd.arg("--config");
    cmd.arg(&rehearsal_setup);
    cmd.cwd(support_desk.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", support_desk.path());
    cmd.env("NO_COLOR", "1");
    for (k, v) in &served.env {
        cmd.env(k, v);
    }
    let (mut s, mut child, _pty) = spawn_in_pty(cmd, 120, 40);
    s.wait_for("REHEARSAL");
    doctor_then_fix(&mut s);
    assert!(
        s.text().contains("SupportedIdentityProviders"),
        "{}",
        s.text()
    );
    s.key(b"a");
    s.wait_for("✓ Applied.");
    s.key(b"\x03");
    assert!(wait_exit(&mut child).success());
    assert_eq!(
        error_codes(&doctor(&served)),
        BTreeSet::from(["mapped-attribute-immutable".to_string()]),
        "the client is fixed; the immutable attribute needs a new pool"
    );

    // The first sign-in makes the user; the second, with another e-mail address from Okta,
    // meets Cognito's refusal and its explanation.
    let first = run(served
        .bin()
        .env("BROWSER", browser(support_desk.path(), "browser.sh", None))
        .args(["login", "--timeout", "60", "--config"])
        .arg(&rehearsal_setup));
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert!(
        first.stdout.contains("Signed in. Tokens verified"),
        "{}",
        first.stdout
    );
    let changed = browser(
        support_desk.path(),
        "changed.sh",
        Some("attr.Email Id=ada.byron@example.com"),
    );
    let second = run(served
        .bin()
        .env("BROWSER", changed)
        .args(["login", "--timeout", "60", "--config"])
        .arg(&rehearsal_setup));
    let said = format!("{}{}", second.stdout, second.stderr);
    assert_ne!(second.code, 0, "{said}");
    assert!(said.contains("Attribute cannot be updated"), "{said}");
    assert!(
        said.contains("immutable in the user pool"),
        "the explanation comes with it: {said}"
    );

    assert!(
        served.stop().success(),
        "rehearse --serve stops cleanly on SIGTERM"
    );
    ports_are_free(&ports);
}

/// The straight path of the wizard, started by `rehearse` itself: verified tokens through the
/// local sign-in page, then nothing left listening.
#[test]
fn rehearse_runs_the_wizard_to_verified_tokens_and_leaves_nothing_behind() {
    let _port = support::rehearsal::default_login_port();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = rehearse_command(dir.path());
    cmd.env("BROWSER", browser(dir.path(), "browser.sh", None));
    let (mut s, mut child, _pty) = spawn_in_pty(cmd, 120, 40);
    let enter = b"\r";
    s.wait_for("Continue the setup from rehearsal.toml");
    let ports = label_ports(&s.text());
    s.wait_for("✓ resolved");
    s.key(enter);
    s.wait_for("backend-with-secret");
    s.key(enter); // + Create a new public client
    s.wait_for("Choose a domain prefix");
    s.type_text(&unique("rehearsal"));
    s.key(enter);
    s.wait_for("press a to create");
    s.key(b"a");
    s.wait_for("group  Cognito users");
    s.key(b"\x1b[B");
    s.key(b" ");
    s.wait_for("[x] group  Cognito users");
    s.key(enter);
    s.wait_for("+ created the SAML app");
    s.key(enter);
    s.wait_for("Cognito will accept this metadata");
    s.key(enter);
    s.wait_for("Provider name");
    s.key(enter);
    s.wait_for("Continue to the review");
    s.key(b"\x1b[F");
    s.key(enter);
    s.wait_for("Nothing has been written to AWS yet");
    s.key(b"a");
    s.wait_for("✓ Applied.");
    s.key(enter);
    s.wait_for("Prove the federation works");
    s.key(enter);
    s.wait_for("tokens verified");
    assert!(
        s.text().contains("ada.lovelace@example.com"),
        "{}",
        s.text()
    );
    assert!(s.text().contains("REHEARSAL"), "{}", s.text());
    s.key(enter);
    s.wait_for("The federation is set up.");
    s.key(enter);
    assert!(wait_exit(&mut child).success());
    ports_are_free(&ports);

    // The wizard saved its progress into the rehearsal's setup, which still says what it is:
    // outside a rehearsal every command refuses it, and the next rehearsal replaces it only
    // when told to, or continues it.
    let saved = dir.path().join("rehearsal.toml");
    let outside = run(support::bin()
        .args(["plan", "--json", "--config"])
        .arg(&saved));
    assert_eq!(outside.code, 1, "{}{}", outside.stdout, outside.stderr);
    assert!(
        format!("{}{}", outside.stdout, outside.stderr).contains("setup-file-rehearsal-only"),
        "{}{}",
        outside.stdout,
        outside.stderr
    );
    let before = std::fs::read_to_string(&saved).unwrap();
    let r = serve_refused(&[], dir.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("holds a rehearsal in progress")
            && r.stderr.contains("app client okta-web")
            && r.stderr.contains("--continue")
            && r.stderr.contains("--fresh"),
        "names what would be lost and the two ways on:\n{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        before,
        "untouched"
    );

    // In a terminal, rehearse asks instead, naming what would be lost; any other answer
    // quits with nothing changed.
    let (mut s, mut child, _pty) = spawn_in_pty(rehearse_command(dir.path()), 100, 30);
    s.wait_for("holds a rehearsal in progress");
    s.wait_for("r  replace it with a new rehearsal (those are lost)");
    s.key(b"q\r");
    assert!(!wait_exit(&mut child).success());
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        before,
        "untouched"
    );

    // Continued: what it held is rebuilt locally (the same client name, prefix and mapping).
    let held = okta_cognito::setup::Setup::load_for_rehearsal(&saved).unwrap();
    let again = serve(&["--continue"], dir.path());
    let rebuilt = okta_cognito::setup::Setup::load_for_rehearsal(&saved).unwrap();
    assert_eq!(rebuilt.app_client.name, held.app_client.name);
    assert_eq!(rebuilt.domain.prefix, held.domain.prefix);
    assert_eq!(
        rebuilt.provider.attribute_mapping,
        held.provider.attribute_mapping
    );
    assert!(rebuilt.app_client.client_id.is_some());
    assert!(again.stop().success());

    // Replaced, because the person said so.
    let again = serve(&["--fresh"], dir.path());
    let replaced = okta_cognito::setup::Setup::load_for_rehearsal(&saved).unwrap();
    assert_eq!(replaced.app_client.client_id, None);
    assert!(again.stop().success());
}

#[test]
fn without_python_rehearse_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(support::bin()
        .args(["rehearse", "--serve"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env_remove("XDG_DATA_HOME")
        .env_remove("OKTA_COGNITO_REHEARSE_PYTHON")
        .env("PATH", dir.path()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("needs Python 3"), "{}", r.stderr);
    assert!(r.stderr.contains("apt install python3"), "{}", r.stderr);
    assert!(!dir.path().join("rehearsal.toml").exists());
}

#[test]
fn rehearse_never_replaces_a_setup_it_did_not_write_nor_follows_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("rehearsal.toml");
    std::fs::write(
        &real,
        "region = \"eu-west-1\"\nuser_pool_id = \"eu-west-1_Real\"\n",
    )
    .unwrap();
    let r = serve_refused(&[], dir.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("rehearse did not write it"),
        "{}",
        r.stderr
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("eu-west-1_Real")
    );

    let target = dir.path().join("elsewhere.toml");
    std::os::unix::fs::symlink(&target, dir.path().join("linked.toml")).unwrap();
    let r = serve_refused(&["--setup".as_ref(), "linked.toml".as_ref()], dir.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert!(!target.exists(), "nothing was written through the link");
}

#[test]
fn a_port_base_out_of_range_is_refused_by_name() {
    let r = run(support::bin().args(["rehearse", "--serve", "--port-base", "80"]));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--port-base 80"), "{}", r.stderr);
}

/// The local hosted UI holds a sign-in to Cognito's documented contract, whatever the client:
/// exact redirect_uri (else Cognito's redirect_mismatch page), the provider enabled on the
/// client, a single-use code bound to the PKCE verifier and the redirect_uri, and client
/// authentication for a client with a secret.
#[tokio::test(flavor = "multi_thread")]
async fn the_local_hosted_ui_holds_a_sign_in_to_cognitos_contract() {
    let dir = tempfile::tempdir().unwrap();
    // A setup without [observed]: the rehearsal builds it healthy.
    let mut from = okta_cognito::setup::Setup::new("us-east-1", "us-east-1_Customer");
    from.domain.prefix = Some(unique("contract").to_lowercase());
    from.login.port = free_port();
    from.provider
        .attribute_mapping
        .insert("email".into(), "Email Id".into());
    from.app_client.callback_urls = vec![from.login_redirect_uri()];
    from.save(&dir.path().join("from.toml")).unwrap();
    let served = serve(&["--from", "from.toml"], dir.path());
    let rehearsal = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup).unwrap();
    let client_id = rehearsal.app_client.client_id.clone().unwrap();
    let ui = served.var("OKTA_COGNITO_HOSTED_UI_URL");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let callback = rehearsal.login_redirect_uri();
    let pkce = okta_cognito::login::pkce::pkce();
    let authorize = |redirect: &str, idp: &str| {
        url::Url::parse_with_params(
            &format!("{ui}/oauth2/authorize"),
            &[
                ("response_type", "code"),
                ("client_id", client_id.as_str()),
                ("redirect_uri", redirect),
                ("scope", "openid email"),
                ("state", "st"),
                ("identity_provider", idp),
                ("code_challenge_method", "S256"),
                ("code_challenge", pkce.challenge.as_str()),
            ],
        )
        .unwrap()
        .to_string()
    };
    let location = |r: &reqwest::Response| {
        r.headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default()
    };

    let wrong = http
        .get(authorize("http://localhost:1/elsewhere", "Okta"))
        .send()
        .await
        .unwrap();
    assert!(
        location(&wrong).contains("error=redirect_mismatch"),
        "{}",
        location(&wrong)
    );

    let other_idp = http
        .get(authorize(&callback, "Google"))
        .send()
        .await
        .unwrap();
    let to = location(&other_idp);
    assert!(
        to.starts_with(&callback) && to.contains("not+enabled+for+this+client"),
        "{to}"
    );
    assert!(to.contains("state=st"), "{to}");

    // The real path: the IdP's SSO URL, the sign-in page's form, the ACS, a code.
    let to_okta = location(&http.get(authorize(&callback, "Okta")).send().await.unwrap());
    assert!(
        to_okta.starts_with(&served.var("OKTA_ORG_URL")),
        "{to_okta}"
    );
    let page = http
        .get(&to_okta)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let field = |page: &str, name: &str| {
        let at = page
            .find(&format!("name=\"{name}\" value=\""))
            .unwrap_or_else(|| panic!("no {name} in {page}"));
        let rest = &page[at + name.len() + 15..];
        rest[..rest.find('"').unwrap()]
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
    };
    let action = |page: &str| {
        let at = page.find("action=\"").unwrap();
        let rest = &page[at + 8..];
        rest[..rest.find('"').unwrap()].replace("&amp;", "&")
    };
    let sign_in = http
        .post(
            url::Url::parse(&to_okta)
                .unwrap()
                .join(&action(&page))
                .unwrap(),
        )
        .form(&[
            ("SAMLRequest", field(&page, "SAMLRequest")),
            ("RelayState", field(&page, "RelayState")),
            ("person", "grace.hopper@example.com".to_string()),
            ("attr.Email Id", "grace.hopper@example.com".to_string()),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        action(&sign_in).starts_with(&ui),
        "posted to the local hosted UI: {sign_in}"
    );
    let back = http
        .post(action(&sign_in))
        .form(&[
            ("SAMLResponse", field(&sign_in, "SAMLResponse")),
            ("RelayState", field(&sign_in, "RelayState")),
        ])
        .send()
        .await
        .unwrap();
    let code = url::Url::parse(&location(&back))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no code in {}", location(&back)));
    let exchange = |verifier: &str| {
        http.post(format!("{ui}/oauth2/token")).form(&[
            ("grant_type", "authorization_code".to_string()),
            ("code", code.clone()),
            ("redirect_uri", callback.clone()),
            ("client_id", client_id.clone()),
            ("code_verifier", verifier.to_string()),
        ])
    };
    let wrong_verifier = exchange("not-the-verifier").send().await.unwrap();
    assert_eq!(wrong_verifier.status(), 400);
    assert!(
        wrong_verifier
            .text()
            .await
            .unwrap()
            .contains("invalid_grant")
    );
    let reused = exchange(&pkce.verifier).send().await.unwrap();
    assert_eq!(
        reused.status(),
        400,
        "a code is single use: the failed exchange spent it"
    );

    // A client with a secret must authenticate at the token endpoint, before any code is
    // looked at.
    let api = {
        use aws_sdk_cognitoidentityprovider::config::{Credentials, Region};
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(served.var("AWS_ENDPOINT_URL"))
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("r", "r", None, None, "rehearsal"))
            .load()
            .await;
        aws_sdk_cognitoidentityprovider::Client::new(&config)
    };
    // A provider whose metadata is a real Okta org's: the browser would leave this machine,
    // so the rehearsal refuses to send it there.
    use aws_sdk_cognitoidentityprovider::types::{IdentityProviderTypeType, OAuthFlowType};
    api.create_identity_provider()
        .user_pool_id(&rehearsal.user_pool_id)
        .provider_name("RealOkta")
        .provider_type(IdentityProviderTypeType::Saml)
        .provider_details(
            "MetadataFile",
            std::fs::read_to_string(fixture("metadata/real/okta-10.xml")).unwrap(),
        )
        .send()
        .await
        .unwrap();
    let real = api
        .create_user_pool_client()
        .user_pool_id(&rehearsal.user_pool_id)
        .client_name("real-okta")
        .supported_identity_providers("RealOkta")
        .callback_urls(&callback)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_scopes("openid")
        .send()
        .await
        .unwrap();
    let real_id = real.user_pool_client().unwrap().client_id().unwrap();
    let leaving = url::Url::parse_with_params(
        &format!("{ui}/oauth2/authorize"),
        &[
            ("response_type", "code"),
            ("client_id", real_id),
            ("redirect_uri", callback.as_str()),
            ("scope", "openid"),
            ("identity_provider", "RealOkta"),
        ],
    )
    .unwrap();
    let refused = location(&http.get(leaving.as_str()).send().await.unwrap());
    assert!(
        refused.starts_with(&callback) && refused.contains("not+on+this+machine"),
        "{refused}"
    );

    let secret = api
        .create_user_pool_client()
        .user_pool_id(&rehearsal.user_pool_id)
        .client_name("backend")
        .generate_secret(true)
        .send()
        .await
        .unwrap();
    let secret = secret.user_pool_client().unwrap();
    let token = |auth: Option<&str>| {
        let req = http.post(format!("{ui}/oauth2/token")).form(&[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("client_id", secret.client_id().unwrap()),
        ]);
        match auth {
            Some(s) => req.basic_auth(secret.client_id().unwrap(), Some(s)),
            None => req,
        }
    };
    let unauthenticated = token(None).send().await.unwrap();
    assert!(
        unauthenticated
            .text()
            .await
            .unwrap()
            .contains("invalid_client")
    );
    let wrong_secret = token(Some("wrong")).send().await.unwrap();
    assert!(
        wrong_secret
            .text()
            .await
            .unwrap()
            .contains("invalid_client")
    );
    let authenticated = token(secret.client_secret()).send().await.unwrap();
    assert!(
        authenticated
            .text()
            .await
            .unwrap()
            .contains("invalid_grant"),
        "with its secret, the client gets as far as the (unknown) code"
    );
}

/// `--serve --json`: one line a script parses instead of the export lines; SIGINT stops it
/// as SIGTERM does.
#[test]
fn serve_json_is_one_line_with_the_environment_and_sigint_stops_it() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let (k, python) = python_env();
    let mut child = support::bin()
        .args(["rehearse", "--serve", "--json"])
        .current_dir(dir.path())
        .env(k, python)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim().lines().count(), 1, "one line: {line}");
    let v = support::answer(&line);
    assert_eq!(v["ready"], true);
    assert_eq!(v["setup"], "rehearsal.toml");
    let endpoint = v["env"]["AWS_ENDPOINT_URL"].as_str().unwrap().to_string();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    assert!(v["env"]["OKTA_API_TOKEN"].is_string());
    assert!(v["made"].as_array().is_some_and(|m| !m.is_empty()));
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    assert!(child.wait().unwrap().success());
    ports_are_free(&[port_of(&endpoint)]);
}

/// The README's headless path against a rehearsal: `okta-app`, `apply`, `login`, with the
/// variables `rehearse --serve` printed and the setup file it wrote.
#[test]
fn the_readmes_headless_path_signs_in_against_a_rehearsal() {
    let _port = support::rehearsal::default_login_port();
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&[], dir.path());
    let setup = served.setup.clone();
    okta_app_and_apply(&served, &setup, dir.path());
    let r = run(served
        .bin()
        .env("BROWSER", browser(dir.path(), "browser.sh", None))
        .args(["login", "--timeout", "60", "--config"])
        .arg(&setup));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Signed in. Tokens verified"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("ada.lovelace@example.com"),
        "{}",
        r.stdout
    );

    // An export made inside the rehearsal keeps the REHEARSAL mark: outside it, every
    // command refuses the file, whose pool exists only here.
    let export = dir.path().join("exported.toml");
    let r = run(served
        .bin()
        .args(["export", "--config"])
        .arg(&setup)
        .arg("-o")
        .arg(&export));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        std::fs::read_to_string(&export)
            .unwrap()
            .contains("rehearsal = true")
    );
    let r = run(support::bin().args(["plan", "--config"]).arg(&export));
    assert!(
        r.stderr.contains("setup-file-rehearsal-only"),
        "{}",
        r.stderr
    );
    // Terraform and CloudFormation say so on their first line, as a comment each reads.
    for (format, file) in [
        ("terraform", "rehearsal.tf"),
        ("cloudformation", "rehearsal.yaml"),
    ] {
        let out = dir.path().join(file);
        let r = run(served
            .bin()
            .args(["export", "--format", format, "--config"])
            .arg(&setup)
            .arg("-o")
            .arg(&out));
        assert_eq!(r.code, 0, "{format}: {}{}", r.stdout, r.stderr);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.starts_with("# REHEARSAL — on 127.0.0.1"),
            "{format}: {text}"
        );
        if format == "terraform" {
            hcl::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        }
    }
    assert!(served.stop().success());
}

/// An export whose client also lists a provider only the customer's pool has: the
/// rehearsal is built without it (Cognito would refuse the client) and says so.
#[test]
fn a_provider_only_the_customer_has_is_left_out_and_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("export.toml"),
        format!(
            "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_Customer1\"\n\
             [domain]\nprefix = \"{}\"\n\
             [provider.attribute_mapping]\nemail = \"Email Id\"\n\
             [observed.client]\nidentity_providers = [\"Okta\", \"Google\", \"COGNITO\"]\n\
             oauth_flows = [\"code\"]\noauth_flows_enabled = true\n",
            unique("others").to_lowercase()
        ),
    )
    .unwrap();
    let (k, python) = python_env();
    let mut child = support::bin()
        .args(["rehearse", "--serve", "--json", "--from", "export.toml"])
        .current_dir(dir.path())
        .env(k, python)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    use std::io::BufRead;
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v = support::answer(&line);
    let made = v["made"].to_string();
    assert!(
        made.contains("not rehearsed") && made.contains("Google"),
        "{made}"
    );
    assert!(made.contains("identity providers: Okta, COGNITO"), "{made}");
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    assert!(child.wait().unwrap().success());
}

/// An export from outside may carry a terminal escape sequence (here in the pool's name):
/// nothing of it reaches the terminal raw, whatever the local Cognito answers.
#[test]
fn an_escape_sequence_in_an_export_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("export.toml"),
        "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_Customer1\"\n\
         [observed]\npool_name = \"acme\\u001b]0;owned\\u0007\\u001b[2J\"\n",
    )
    .unwrap();
    let r = run(support::bin()
        .args(["rehearse", "--serve", "--from", "export.toml"])
        .current_dir(dir.path())
        .env(python_env().0, python_env().1));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
        "{:?}",
        r.stderr
    );
    assert!(r.stderr.contains("CreateUserPool"), "{}", r.stderr);
}

/// `okta-cognito --config X rehearse` writes the rehearsal's setup to X, as `--setup X` does.
#[test]
fn the_global_config_names_the_rehearsals_setup_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = support::bin();
    cmd.args(["--config", "customer-rehearsal.toml"]);
    let served = support::rehearsal::serve_cmd(cmd, &[], dir.path());
    assert_eq!(served.setup, dir.path().join("customer-rehearsal.toml"));
    assert!(served.setup.exists());
    assert!(!dir.path().join("rehearsal.toml").exists());
    assert!(served.stop().success());

    // Two different files named for the one setup: said, and nothing is started.
    let r = run(support::bin()
        .args([
            "--config", "a.toml", "rehearse", "--serve", "--setup", "b.toml",
        ])
        .current_dir(dir.path()));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--config a.toml and --setup b.toml name two setup files"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("a.toml").exists() && !dir.path().join("b.toml").exists());
}

/// A setup file that is not an export: rehearse says what it makes before making it, and the
/// people it assigns stay people (never turned into a group everyone is in).
#[test]
fn rehearse_from_a_setup_file_says_what_it_makes_and_keeps_its_assignment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("customer.toml"),
        "region = \"eu-west-1\"\nuser_pool_id = \"eu-west-1_Cust0mer\"\n\n[provider.attribute_mapping]\nemail = \"Email Id\"\n\n[okta]\nassign_users = [\"pat@customer.example\"]\n",
    )
    .unwrap();
    let served = serve(&["--from", "customer.toml"], dir.path());
    let said = served.said_once("made: ");
    let told = said
        .find("is a setup file, not an export: it makes a local pool")
        .unwrap_or_else(|| panic!("{said}"));
    let made = said.find("made: ").unwrap_or_else(|| panic!("{said}"));
    assert!(told < made, "said before made:\n{said}");
    let setup = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup).unwrap();
    let okta = setup.okta.clone().unwrap();
    assert_eq!(okta.assign_users, ["pat@customer.example"]);
    assert!(okta.assign_groups.is_empty(), "{okta:?}");
    assert!(served.stop().success());
}

/// `login --email` signs in as a real user would: the hosted UI routes by the address's
/// domain (`idp_identifier`), and the report says which provider it reached. `--tenant` with
/// a name the setup does not hold is refused, naming the tenants there are.
#[test]
fn login_by_email_is_routed_by_its_domain_and_says_which_provider_it_reached() {
    let _port = support::rehearsal::default_login_port();
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&[], dir.path());
    let setup_file = served.setup.clone();
    let mut setup = okta_cognito::setup::Setup::load_for_rehearsal(&setup_file).unwrap();
    setup.provider.identifiers = vec!["example.com".into()];
    setup.save(&setup_file).unwrap();
    okta_app_and_apply(&served, &setup_file, dir.path());
    let r = run(served
        .bin()
        .env("BROWSER", browser(dir.path(), "browser.sh", None))
        .args([
            "login",
            "--timeout",
            "60",
            "--email",
            "ada.lovelace@example.com",
            "--config",
        ])
        .arg(&setup_file));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("idp_identifier=example.com"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("identity_provider="), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Routed by the e-mail domain example.com to provider Okta."),
        "{}",
        r.stdout
    );

    let r = run(served
        .bin()
        .args(["login", "--tenant", "Nope", "--config"])
        .arg(&setup_file));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("[tenant-not-found]") && r.stderr.contains("Okta"),
        "{}",
        r.stderr
    );
    assert!(served.stop().success());
}

/// `rehearse --tenants 3`: three customers, each behind its own local IdP org; a sign-in by
/// e-mail reaches the right one with verified tokens, each gets its kit, and `doctor --all`
/// finds what was left to find (a certificate ending in 45 days, a domain two entries claim).
#[test]
fn a_rehearsal_of_three_tenants_routes_each_by_its_domain() {
    let _port = support::rehearsal::default_login_port();
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&["--tenants", "3"], dir.path());
    let setup_file = served.setup.clone();
    let said = served.said_once("Globex: its own IdP org at");
    assert!(said.contains("Globex: its own IdP org at"), "{said}");
    for (address, provider) in [
        ("ada.lovelace@globex.example", "Globex"),
        ("ada.lovelace@initech.example", "Initech"),
    ] {
        let r = run(served
            .bin()
            .env(
                "BROWSER",
                browser(
                    dir.path(),
                    &format!("{provider}.sh"),
                    Some(&format!("person={address}")),
                ),
            )
            .args(["login", "--timeout", "60", "--email", address, "--config"])
            .arg(&setup_file));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("Tokens verified") || r.stderr.contains("Tokens verified"));
        assert!(
            r.stdout.contains(&format!("identities        {provider}"))
                && r.stdout.contains(&format!("email             {address}")),
            "{}",
            r.stdout
        );
    }
    // Another customer's person cannot sign in through Globex's org: it has its own people.
    let r = run(served
        .bin()
        .env(
            "BROWSER",
            browser(
                dir.path(),
                "wrong.sh",
                Some("person=ada.lovelace@acme.example"),
            ),
        )
        .args(["login", "--timeout", "5", "--tenant", "Globex", "--config"])
        .arg(&setup_file));
    assert_ne!(r.code, 0, "{}{}", r.stdout, r.stderr);

    let r = run(served
        .bin()
        .args(["doctor", "--all", "--json", "--config"])
        .arg(&setup_file));
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = support::answer(&r.stdout);
    let rows = v["tenants"].as_array().unwrap();
    let row = |i: usize| {
        (
            rows[i]["name"].as_str().unwrap(),
            rows[i]["health"].as_str().unwrap(),
        )
    };
    assert_eq!(
        [row(0), row(1), row(2)],
        [("Acme", "ok"), ("Globex", "warning"), ("Initech", "error")],
        "{v:#}"
    );
    assert_eq!(
        rows[1]["finding_codes"],
        json!(["signing-certificate-expiring"])
    );
    assert!(
        rows[2]["finding_codes"]
            .as_array()
            .unwrap()
            .contains(&json!("federation-identifier-taken"))
    );

    let r = run(served
        .bin()
        .args(["tenant", "kit", "Globex", "-o"])
        .arg(dir.path())
        .arg("--config")
        .arg(&setup_file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let kit = std::fs::read_to_string(dir.path().join("globex-sso-kit.md")).unwrap();
    assert!(
        kit.contains("people with addresses at globex.example"),
        "{kit}"
    );
    assert!(served.stop().success());
}

/// The local Okta signs its SAML responses as Okta does, and the local hosted UI checks the
/// signatures as Cognito does: a response verifies (by signxml, with the certificate in the
/// provider's metadata), and one changed on its way is refused with Cognito's error.
#[test]
fn the_rehearsals_saml_is_signed_and_a_changed_response_is_refused() {
    let _port = support::rehearsal::default_login_port();
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&[], dir.path());
    let setup_file = served.setup.clone();
    okta_app_and_apply(&served, &setup_file, dir.path());
    let saved = dir.path().join("response.xml");
    let login = |browser: String| {
        run(served
            .bin()
            .env("BROWSER", browser)
            .args(["login", "--timeout", "30", "--config"])
            .arg(&setup_file))
    };
    let script = browser_with(
        dir.path(),
        "saving.sh",
        &format!("--save-saml '{}' ", saved.display()),
    );
    let r = login(script);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let setup = okta_cognito::setup::Setup::load_for_rehearsal(&setup_file).unwrap();
    let metadata = setup.provider.metadata_url.clone().unwrap();
    for element in ["Assertion", "Response"] {
        let out = std::process::Command::new(support::moto::venv_python())
            .arg(fixture("../support/signxml_verify.py"))
            .arg(&saved)
            .arg(&metadata)
            .arg(element)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "signxml on the {element}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let r = login(browser_with(
        dir.path(),
        "tamper.sh",
        "--tamper-saml ada.lovelace@example.com=eve@example.com ",
    ));
    assert_ne!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        (r.stdout.clone() + &r.stderr).contains("SAML Assertion signature is invalid"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    assert!(served.stop().success());
}

/// The Okta tile (IdP-initiated sign-in): Okta posts a response to no request, with the
/// app's Default RelayState naming the client; the local hosted UI completes it when the
/// provider has IDPInit on, and refuses it with Cognito's words when it is off.
#[tokio::test]
async fn the_okta_tile_signs_in_only_when_idp_init_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&[], dir.path());
    let setup_file = served.setup.clone();
    let mut setup = okta_cognito::setup::Setup::load_for_rehearsal(&setup_file).unwrap();
    setup.provider.idp_init = true;
    setup.save(&setup_file).unwrap();
    let prepare = |setup_file: &Path| okta_app_and_apply(&served, setup_file, dir.path());
    prepare(&setup_file);
    let setup = okta_cognito::setup::Setup::load_for_rehearsal(&setup_file).unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let metadata = http
        .get(setup.provider.metadata_url.clone().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let report = okta_cognito::saml::inspect(
        metadata.as_bytes(),
        None,
        None,
        time::OffsetDateTime::now_utc(),
    );
    let tile = report.redirect_sso().unwrap().location.clone();
    let through_the_tile = || async {
        let chooser = http.get(&tile).send().await.unwrap().text().await.unwrap();
        let (action, fields) = form_of(&chooser);
        let posted = http
            .post(url::Url::parse(&tile).unwrap().join(&action).unwrap())
            .form(&fields)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let (acs, fields) = form_of(&posted);
        assert!(
            fields
                .iter()
                .any(|(k, v)| k == "RelayState" && v.contains("identity_provider=")),
            "the Default RelayState names the client: {fields:?}"
        );
        assert!(
            !String::from_utf8(
                base64::Engine::decode(
                    &base64::engine::general_purpose::STANDARD,
                    &fields.iter().find(|(k, _)| k == "SAMLResponse").unwrap().1
                )
                .unwrap()
            )
            .unwrap()
            .contains("InResponseTo"),
            "a response from the tile answers no request"
        );
        http.post(acs).form(&fields).send().await.unwrap()
    };
    let answer = through_the_tile().await;
    let to = answer
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    assert!(
        to.as_deref()
            .is_some_and(|l| l.starts_with("http://localhost:8976/callback?code=")),
        "{:?} {:?}",
        answer.status(),
        to
    );

    let mut off = setup.clone();
    off.provider.idp_init = false;
    off.save(&setup_file).unwrap();
    prepare(&setup_file);
    let refused = through_the_tile().await;
    assert_eq!(refused.status(), 400);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Invalid samlResponse or relayState from identity provider")
    );
    assert!(served.stop().success());
}

/// A customer whose provider was made from a metadata file with an expired signing
/// certificate: the rehearsal of their export serves the local app's certificate with the
/// same (expired) validity, so the doctor names it and the sign-in fails there as it does at
/// the customer, with Cognito's error.
#[tokio::test(flavor = "multi_thread")]
async fn an_export_with_an_expired_certificate_fails_its_sign_in_in_the_rehearsal() {
    let customer_dir = tempfile::tempdir().unwrap();
    let setup = customer(
        customer_dir.path(),
        Customer {
            metadata: "metadata/real/okta-5.xml",
            ..Customer::default()
        },
    )
    .await;
    let export = customer_dir.path().join("export.toml");
    export_at_customer(&setup, &export);

    let desk = tempfile::tempdir().unwrap();
    let served = serve(
        &[
            "--from",
            export.to_str().unwrap(),
            "--setup",
            "rehearsal.toml",
        ],
        desk.path(),
    );
    let r = run(served
        .bin()
        .args(["doctor", "--json", "--config"])
        .arg(&served.setup));
    let found = error_codes(&support::answer(&r.stdout));
    assert!(found.contains("signing-certificate-expired"), "{found:?}");
    let r = run(served
        .bin()
        .env("BROWSER", browser(desk.path(), "browser.sh", None))
        .args(["login", "--timeout", "30", "--config"])
        .arg(&served.setup));
    assert!(
        support::rehearsal::refused_for_its_signature(&r),
        "{}{}",
        r.stdout,
        r.stderr
    );
    // Told from the certificates, the error names the expired one and the way out.
    let explained = run(served
        .bin()
        .args(["explain", "--config"])
        .arg(&served.setup)
        .arg(support::rehearsal::SIGNATURE_ERROR_CALLBACK)
        .current_dir(desk.path()));
    assert!(
        explained.stdout.contains("expired on") && explained.stdout.contains("rotation"),
        "{}{}",
        explained.stdout,
        explained.stderr
    );
    assert!(served.stop().success());
}

/// With encrypted responses on, Okta (given the provider's encryption certificate) encrypts
/// the signed assertion with AES-256-GCM and RSA-OAEP; nothing of the person is readable in
/// what the browser carries, and the local hosted UI opens it with the provider's key, checks
/// the signature inside, and signs the person in.
#[test]
fn an_encrypted_assertion_is_opened_and_its_signature_checked() {
    let _port = support::rehearsal::default_login_port();
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&[], dir.path());
    let setup_file = served.setup.clone();
    let mut setup = okta_cognito::setup::Setup::load_for_rehearsal(&setup_file).unwrap();
    setup.provider.encrypted_responses = true;
    setup.save(&setup_file).unwrap();
    // okta-app makes the app; apply creates the provider (and Cognito its encryption
    // certificate) and, with the org's token set, gives Okta that certificate.
    okta_app_and_apply(&served, &setup_file, dir.path());
    let saved = dir.path().join("response.xml");
    let script = browser_with(
        dir.path(),
        "saving.sh",
        &format!("--save-saml '{}' ", saved.display()),
    );
    let r = run(served
        .bin()
        .env("BROWSER", script)
        .args(["login", "--timeout", "30", "--config"])
        .arg(&setup_file));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("ada.lovelace@example.com"),
        "{}",
        r.stdout
    );
    let carried = std::fs::read_to_string(&saved).unwrap();
    assert!(carried.contains("EncryptedAssertion"), "{carried}");
    assert!(!carried.contains("ada.lovelace"), "{carried}");
    assert!(served.stop().success());
}

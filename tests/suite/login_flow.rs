//! `okta-cognito login` end to end on loopback: the real binary, the hosted-UI stand-in, and
//! a stand-in browser given through $BROWSER.

use crate::support;

use support::hosted_ui::{Mode, POOL};
use support::login_lab::{LoginLab, Pool};
use support::{Run, bin, fixture, run};

fn browser(extra: &str) -> String {
    format!(
        "python3 {} {extra} %s",
        fixture("../support/fake_browser.py").display()
    )
}

type Case = LoginLab;

fn case(mode: Mode) -> Case {
    LoginLab::new(mode)
}

/// `login --config FILE` against the emulator and this case's hosted-UI stand-in.
fn login_cmd(c: &Case) -> std::process::Command {
    c.cmd()
}

fn login(c: &Case, browser_cmd: &str, extra: &[&str]) -> Run {
    run(login_cmd(c)
        .args(["--timeout", "20"])
        .args(extra)
        .env("BROWSER", browser_cmd))
}

#[test]
fn a_successful_sign_in_shows_verified_claims_and_the_missing_mapping() {
    let c = case(Mode::Ok);
    c.fake.remove_claim("custom:dept");
    let r = login(&c, &browser(""), &[]);
    // Tokens verified, but a mapped attribute that did not arrive is a failure with its fix.
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("[mapped-attribute-not-sent]")
            && r.stderr.contains("Attribute Statements"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("Tokens verified"), "{}", r.stdout);
    assert!(r.stdout.contains("the refresh grant works"));
    assert!(r.stdout.contains("email             alice@example.com"));
    assert!(r.stdout.contains("identities        Okta"));
    assert!(r.stdout.contains("email ← \"Email Id\": alice@example.com"));
    assert!(
        r.stdout.contains("custom:dept ← \"department\": MISSING"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("eyJ"),
        "tokens are not printed without --show-tokens"
    );
    assert!(r.stderr.contains(&format!(
        "Listening on http://localhost:{}/callback",
        c.port
    )));
    assert_eq!(c.fake.token_requests(), 2, "one code exchange, one refresh");
}

#[test]
fn json_output_and_tokens_only_on_request() {
    let c = case(Mode::Ok);
    c.fake
        .set_claim("custom:dept", serde_json::json!("Finance"));
    let r = login(&c, &browser(""), &["--json", "--show-tokens"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(v["verified"], true);
    assert_eq!(v["identity_provider"], "Okta");
    assert_eq!(v["claims"]["email"], "alice@example.com");
    assert!(
        v["mapped"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| !m["value"].is_null())
    );
    assert!(
        v["tokens"]["access_token"]
            .as_str()
            .unwrap()
            .starts_with("eyJ")
    );
}

#[test]
fn a_forged_state_is_refused_and_the_listener_keeps_waiting() {
    let c = case(Mode::Ok);
    let r = login(&c, &browser("--tamper-state"), &[]);
    assert_eq!(
        r.code, 0,
        "the real callback after the forged one still signs in: {}",
        r.stderr
    );
}

#[test]
fn every_error_redirect_gets_its_explanation() {
    for (description, code) in [
        (
            "Invalid samlResponse or relayState from identity provider",
            "idp-initiated-sign-in",
        ),
        (
            "Invalid user attributes: email: The attribute is required",
            "required-attribute-not-sent",
        ),
        (
            "Required attribute cannot be deleted.",
            "required-attribute-empty",
        ),
        (
            "Invalid user attributes: email: Attribute cannot be updated.",
            "attribute-immutable",
        ),
        (
            "Error in SAML response processing: SAML Assertion signature is invalid",
            "saml-signature-invalid",
        ),
        (
            "username: Attribute does not exist in the schema.",
            "attribute-not-in-schema",
        ),
        (
            "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 128",
            "username-too-long",
        ),
        (
            "PreSignUp failed with error Not allowed.",
            "presignup-trigger-failed",
        ),
        (
            "Client is not enabled for OAuth2.0 flows.",
            "client-oauth-disabled",
        ),
        (
            "Audience does not match: urn:amazon:cognito:sp:wrong",
            "saml-audience-mismatch",
        ),
        ("Something went wrong", "sign-in-too-slow"),
    ] {
        let c = case(Mode::ErrorRedirect(
            "invalid_request".into(),
            description.into(),
        ));
        let r = login(&c, &browser(""), &[]);
        assert_eq!(r.code, 1, "{description}");
        assert!(r.stderr.contains(code), "{description}: {}", r.stderr);
        assert!(r.stderr.contains("fix:"), "{}", r.stderr);
    }
    let c = case(Mode::ErrorRedirect("redirect_mismatch".into(), "".into()));
    let r = login(&c, &browser(""), &[]);
    assert!(r.stderr.contains("redirect-mismatch"), "{}", r.stderr);
}

#[test]
fn a_wrong_pkce_verifier_is_invalid_grant() {
    let c = case(Mode::WrongChallenge);
    let r = login(&c, &browser(""), &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("token-invalid-grant"), "{}", r.stderr);
}

#[test]
fn token_verification_failures_are_named() {
    for (mode, text) in [
        (Mode::ExpiredToken, "has expired"),
        (Mode::BadSignature, "invalid signature"),
        (Mode::WrongAudience, "another app client"),
    ] {
        let c = case(mode.clone());
        let r = login(&c, &browser(""), &[]);
        assert_eq!(r.code, 1, "{mode:?}");
        assert!(
            r.stderr.contains("token-invalid") && r.stderr.contains(text),
            "{mode:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn no_sign_in_within_the_timeout_ends_with_a_fix() {
    let c = case(Mode::Ok);
    let r = run(login_cmd(&c).args(["--no-browser", "--timeout", "1"]));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("sign-in-timeout"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("ssh -L {0}:localhost:{0}", c.port)),
        "--no-browser prints the SSH hint"
    );
    assert!(
        r.stderr.contains("/oauth2/authorize?response_type=code"),
        "the URL is printed"
    );
}

#[test]
fn a_port_in_use_is_named_with_the_fix() {
    let c = case(Mode::Ok);
    let _busy = std::net::TcpListener::bind(("127.0.0.1", c.port)).unwrap();
    let r = login(&c, &browser(""), &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("login-port-in-use"), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("port {}", c.port)));
    assert!(r.stderr.contains("[login] port"));
}

#[test]
fn no_browser_available_prints_the_url_and_keeps_waiting() {
    let c = case(Mode::Ok);
    let r = run(login_cmd(&c)
        .args(["--timeout", "1"])
        .env("BROWSER", "/nonexistent/browser")
        .env("PATH", "/nonexistent"));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("could not open a browser"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("sign-in-timeout"), "{}", r.stderr);
}

#[test]
fn a_setup_without_client_id_says_to_apply_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = okta_cognito::setup::Setup::new("us-east-1", POOL);
    s.domain.prefix = Some("x".into());
    let file = dir.path().join("s.toml");
    s.save(&file).unwrap();
    let r = run(bin().args(["login", "--config"]).arg(&file));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("login-needs-client-id") && r.stderr.contains("apply"));
}

#[test]
fn a_pool_with_the_updated_issuer_signs_in_and_tokens_of_the_other_issuer_are_refused() {
    let updated = Pool {
        updated_issuer: true,
        ..Pool::default()
    };
    let c = LoginLab::with(Mode::Ok, updated);
    assert!(
        c.issuer
            .starts_with("https://issuer-cognito-idp.us-east-1.amazonaws.com/")
    );
    let r = login(&c, &browser(""), &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Tokens verified"), "{}", r.stdout);

    // The same pool, but the tokens claim the original issuer: not this pool's.
    let c = LoginLab::with(Mode::Ok, updated);
    let original = c.issuer.replace("issuer-cognito-idp", "cognito-idp");
    c.fake.sign_as(&original);
    let r = login(&c, &browser(""), &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains(&format!(
            "was issued by {original}, not by the pool's issuer {}",
            c.issuer
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn a_client_with_a_secret_signs_in_and_the_secret_is_shown_nowhere() {
    let c = LoginLab::with(
        Mode::Ok,
        Pool {
            client_secret: true,
            ..Pool::default()
        },
    );
    let secret = c.secret.clone().expect("the emulator made a secret");

    let r = login(&c, &browser(""), &["--show-tokens"]);

    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("the refresh grant works"), "{}", r.stdout);
    assert_eq!(
        c.fake.token_requests(),
        2,
        "code and refresh, both authenticated"
    );
    assert!(!r.stdout.contains(&secret) && !r.stderr.contains(&secret));
    let file = std::fs::read_to_string(&c.file).unwrap();
    assert!(!file.contains(&secret), "the setup file holds no secret");
}

#[test]
fn sign_out_registers_its_url_and_comes_back_through_okta_with_idp_sign_out() {
    let c = case(Mode::Ok);
    c.fake.check_sign_out_urls_of(&c.pool);
    c.fake.sign_out_through_okta();
    let r = run(login_cmd(&c)
        .args(["--timeout", "20", "--sign-out", "--prompt-login"])
        .env("BROWSER", browser(""))
        .env("OKTA_ORG_URL", c.fake.okta_origin()));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let signed_out = format!("http://localhost:{}/signed-out", c.port);
    assert!(
        r.stderr
            .contains(&format!("Registered {signed_out} as a sign-out URL")),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("Tokens verified"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Signed out: the browser came back through Okta"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    // Okta was asked to authenticate again, not to reuse a session.
    assert_eq!(c.fake.prompts(), [Some("login".to_string())]);
    let saved = okta_cognito::setup::Setup::load(&c.file).unwrap();
    assert_eq!(
        saved.app_client.test_sign_out,
        Some(true),
        "recorded as the test URL it is"
    );
    assert!(
        !saved.app_client.logout_urls.contains(&signed_out),
        "a test URL is never listed as the application's sign-out URL"
    );

    // Registered once: a second run does not register it again.
    let r = run(login_cmd(&c)
        .args(["--timeout", "20", "--sign-out", "--json"])
        .env("BROWSER", browser(""))
        .env("OKTA_ORG_URL", c.fake.okta_origin()));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("Registered"), "{}", r.stderr);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(v["sign_out"]["through_idp"], true, "{v:#}");
}

#[test]
fn without_idp_sign_out_the_browser_comes_back_directly() {
    let c = case(Mode::Ok);
    c.fake.check_sign_out_urls_of(&c.pool);
    let r = run(login_cmd(&c)
        .args(["--timeout", "20", "--sign-out"])
        .env("BROWSER", browser("")));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "came back directly, so Okta's session is still open (provider.idp_signout is off)"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(c.fake.prompts(), [None], "no prompt=login unless asked");
}

/// An attribute the IdP sends without a value is no ✓: it fails with its fix.
#[test]
fn a_mapped_attribute_sent_empty_is_a_failure_with_its_fix() {
    let c = case(Mode::Ok);
    c.fake.set_claim("custom:dept", serde_json::json!(""));
    let r = login(&c, &browser(""), &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("custom:dept ← \"department\": EMPTY"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("[mapped-attribute-empty]") && r.stderr.contains("Profile"),
        "{}",
        r.stderr
    );
    let r = login(&c, &browser(""), &["--json"]);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(v["findings"][0]["code"], "mapped-attribute-empty", "{v:#}");
}

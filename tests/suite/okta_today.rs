//! `okta-app` against today's Okta, as a strict stand-in plays it: the public Metadata URL
//! with the app's external key (fetched without credentials before it is saved), updates
//! that keep what the admin made in the console, `--dry-run`, and OAuth 2.0 service apps
//! with `private_key_jwt` and DPoP instead of an API token.

use crate::support;

use serde_json::{Value, json};
use support::okta_case::{ACS, Case, POOL};
use support::run;

const MANAGE: [&str; 3] = ["okta.apps.manage", "okta.groups.read", "okta.users.read"];

/// An app an admin made in the console: a GROUP statement, an extra EXPRESSION statement,
/// and an email NameID, with the Audience URI still wrong.
fn console_app() -> Value {
    json!({
        "label": format!("Amazon Cognito {POOL}"),
        "signOnMode": "SAML_2_0",
        "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
        "settings": {"signOn": {
            "ssoAcsUrl": ACS, "recipient": ACS, "destination": ACS,
            "audience": "urn:amazon:cognito:sp:us-east-1_Wrong",
            "subjectNameIdTemplate": "${user.email}",
            "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            "allowMultipleAcsEndpoints": false, "responseSigned": true, "assertionSigned": true,
            "honorForceAuthn": false, "requestCompressed": false,
            "signatureAlgorithm": "RSA_SHA256", "digestAlgorithm": "SHA256",
            "attributeStatements": [
                {"type": "GROUP", "name": "custom:groups",
                 "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified",
                 "filterType": "STARTS_WITH", "filterValue": "cognito-"},
                {"type": "EXPRESSION", "name": "department",
                 "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic",
                 "values": ["user.department"]},
            ]
        }}
    })
}

fn statement<'a>(app: &'a Value, name: &str) -> &'a Value {
    app["settings"]["signOn"]["attributeStatements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == json!(name))
        .unwrap_or_else(|| panic!("no statement {name}: {app:#}"))
}

fn app_by_id(c: &Case, id: &str) -> Value {
    c.okta
        .apps()
        .into_iter()
        .find(|a| a["id"] == json!(id))
        .unwrap()
}

#[test]
fn the_saved_metadata_url_is_the_public_one_and_was_fetched_without_credentials() {
    let c = Case::new("");
    let r = c.run(&["--assign-group", "Everyone"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let id = c.okta.apps()[0]["id"].as_str().unwrap().to_string();
    let public = c.okta.public_metadata_url(&id);
    let key = c.okta.external_key(&id);
    assert!(key.starts_with("exk") && public.ends_with(&format!("/app/{key}/sso/saml/metadata")));
    assert_eq!(
        c.setup()["provider"]["metadata_url"].as_str(),
        Some(public.as_str())
    );
    assert!(
        r.stdout.contains(&format!("Metadata URL: {public}")),
        "{}",
        r.stdout
    );

    // The key came from the API's preview of the metadata, asked for with the signing kid.
    let preview = c
        .okta
        .requests()
        .into_iter()
        .find(|q| q.path == format!("/api/v1/apps/{id}/sso/saml/metadata"))
        .expect("the metadata is read through the API");
    let kid = app_by_id(&c, &id)["credentials"]["signing"]["kid"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(preview.query, format!("kid={kid}"));
    // And the public URL was fetched as Cognito will: without any credentials.
    let fetches = c.okta.public_fetches();
    assert!(
        !fetches.is_empty(),
        "the public URL is fetched before it is saved"
    );
    assert!(
        fetches.iter().all(|f| f.authorization.is_none()),
        "{fetches:#?}"
    );
    assert!(c.okta.violations().is_empty(), "{:?}", c.okta.violations());
}

#[test]
fn an_update_keeps_the_admins_statements_and_name_id_exactly() {
    let c = Case::new("");
    let id = c.okta.add_app(console_app());
    let before = app_by_id(&c, &id);
    let r = c.run(&["--assign-group", "Everyone"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let after = app_by_id(&c, &id);

    for kept in ["custom:groups", "department"] {
        assert_eq!(
            serde_json::to_string(statement(&after, kept)).unwrap(),
            serde_json::to_string(statement(&before, kept)).unwrap(),
            "the admin's {kept} statement is byte-identical"
        );
    }
    assert_eq!(
        statement(&after, "Email Id")["values"],
        json!(["user.email"])
    );
    assert_eq!(
        after["settings"]["signOn"]["audience"],
        format!("urn:amazon:cognito:sp:{POOL}")
    );
    for k in ["subjectNameIdTemplate", "subjectNameIdFormat"] {
        assert_eq!(
            after["settings"]["signOn"][k], before["settings"]["signOn"][k],
            "{k} kept"
        );
    }
    // The plan said what changes, before → after, and why the NameID stays.
    assert!(
        r.stdout.contains(&format!(
            "settings.signOn.audience: \"urn:amazon:cognito:sp:us-east-1_Wrong\" → \"urn:amazon:cognito:sp:{POOL}\""
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "settings.signOn.attributeStatements[\"Email Id\"]: (none) → EXPRESSION user.email"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("okta-name-id-kept"), "{}", r.stderr);
    assert!(
        r.stderr.contains("${user.email}") && r.stderr.contains("emailAddress"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stdout.contains("department") && !r.stdout.contains("custom:groups"),
        "{}",
        r.stdout
    );

    c.okta.clear_requests();
    let again = c.run(&[]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(c.okta.writes().is_empty(), "{:#?}", c.okta.writes());
    assert!(c.okta.violations().is_empty(), "{:?}", c.okta.violations());
}

#[test]
fn dry_run_shows_every_change_and_writes_nothing() {
    let c = Case::new("");
    let id = c.okta.add_app(console_app());
    let file = c.file();
    let r = c.run(&["--dry-run", "--assign-group", "Everyone"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(c.okta.writes().is_empty(), "{:#?}", c.okta.writes());
    assert_eq!(c.file(), file, "the setup file is not touched");
    assert!(r.stdout.contains("would change"), "{}", r.stdout);
    assert!(
        r.stdout.contains("would assign the group \"Everyone\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!(
            "Metadata URL: {}",
            c.okta.public_metadata_url(&id)
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Dry run: nothing was written"),
        "{}",
        r.stdout
    );

    let j = c.run(&["--dry-run", "--json"]);
    let v: Value = support::answer(&j.stdout);
    assert_eq!(v["dry_run"], true);
    let audience = v["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "settings.signOn.audience")
        .unwrap();
    assert_eq!(audience["before"], "urn:amazon:cognito:sp:us-east-1_Wrong");
    assert_eq!(audience["after"], format!("urn:amazon:cognito:sp:{POOL}"));

    // For an app that does not exist yet, the dry run lists what it would be made with.
    let fresh = Case::new("");
    let r = fresh.run(&["--dry-run"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("would create it with:"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(&format!("settings.signOn.ssoAcsUrl: (none) → \"{ACS}\"")),
        "{}",
        r.stdout
    );
    assert!(fresh.okta.writes().is_empty() && fresh.okta.apps().is_empty());
}

fn key(name: &str) -> std::path::PathBuf {
    support::private_key(name)
}

/// Every API call (not the token request) carried `Authorization: <scheme> …`.
fn assert_every_api_call_sent(c: &Case, scheme: &str) {
    for q in c
        .okta
        .requests()
        .iter()
        .filter(|q| q.path.starts_with("/api/"))
    {
        let sent = q.authorization.as_deref().unwrap_or("");
        assert!(
            sent.starts_with(scheme),
            "{} {}: {sent:.12}…",
            q.method,
            q.path
        );
    }
}

/// Nothing secret in what a person sees or what is saved.
fn assert_no_secret(texts: &[&str]) {
    let pem = std::fs::read_to_string(key("service-app-ec.pem")).unwrap();
    let key_line = pem.lines().nth(1).unwrap();
    for t in texts {
        assert!(
            !t.contains("standInAccessToken"),
            "an access token leaked: {t}"
        );
        assert!(!t.contains("eyJ"), "a JWT (assertion or proof) leaked: {t}");
        assert!(!t.contains(key_line), "the private key leaked: {t}");
    }
}

#[test]
fn a_service_app_with_dpop_creates_assigns_and_then_writes_nothing() {
    let c = Case::new("");
    c.okta.add_service_app(
        "0oaService1",
        &key("service-app-ec.pem"),
        Some("kid-ec"),
        &MANAGE,
        true,
    );
    c.okta.require_api_nonce();
    c.okta.add_user("jane+cognito@acme.example", "Jane", "Doe");
    let r = c.run_as_service_app(
        "0oaService1",
        &key("service-app-ec.pem"),
        &[
            "--assign-group",
            "Everyone",
            "--assign-user",
            "jane+cognito@acme.example",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let apps = c.okta.apps();
    assert_eq!(apps.len(), 1);
    let id = apps[0]["id"].as_str().unwrap();
    assert_eq!(c.okta.app_groups(id).len(), 1);
    assert_eq!(
        c.okta.app_users(id).len(),
        1,
        "a path holding an email keeps its proof valid"
    );
    let answers = c.okta.token_answers();
    assert_eq!(answers.get("use_dpop_nonce"), Some(&1), "{answers:?}");
    assert_eq!(
        answers.get("issued"),
        Some(&1),
        "one token for the whole run: {answers:?}"
    );
    assert_every_api_call_sent(&c, "DPoP ");
    assert!(
        r.stderr.contains("OAuth 2.0 service app 0oaService1"),
        "{}",
        r.stderr
    );
    assert_eq!(
        c.setup()["provider"]["metadata_url"].as_str(),
        Some(&*c.okta.public_metadata_url(id))
    );
    assert_no_secret(&[&r.stdout, &r.stderr, &c.file()]);

    c.okta.clear_requests();
    let again = c.run_as_service_app("0oaService1", &key("service-app-ec.pem"), &[]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(
        c.okta.writes().iter().all(|w| w.path == "/oauth2/v1/token"),
        "{:#?}",
        c.okta.writes()
    );
    assert_no_secret(&[&again.stdout, &again.stderr]);
    assert!(c.okta.violations().is_empty(), "{:?}", c.okta.violations());
}

#[test]
fn a_service_app_without_dpop_uses_a_bearer_token_and_its_jwk_key() {
    let c = Case::new("");
    c.okta.add_service_app(
        "0oaService2",
        &key("service-app-rsa.jwk.json"),
        Some("test-rsa-key"),
        &MANAGE,
        false,
    );
    let r = c.run_as_service_app(
        "0oaService2",
        &key("service-app-rsa.jwk.json"),
        &["--assign-group", "Everyone"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(c.okta.token_answers().get("issued"), Some(&1));
    assert_every_api_call_sent(&c, "Bearer ");
}

#[test]
fn service_app_refusals_name_the_cause_and_nothing_is_written() {
    // The key registered is the EC one; the RSA one is offered.
    let c = Case::new("");
    c.okta.add_service_app(
        "0oaService3",
        &key("service-app-ec.pem"),
        None,
        &MANAGE,
        true,
    );
    let r = c.run_as_service_app("0oaService3", &key("service-app-rsa.pem"), &[]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("okta-client-assertion-rejected"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("OKTA_PRIVATE_KEY_FILE"), "{}", r.stderr);

    // A scope the app was not granted is named.
    let c = Case::new("");
    c.okta.add_service_app(
        "0oaService4",
        &key("service-app-ec.pem"),
        None,
        &["okta.apps.manage"],
        true,
    );
    let r = c.run_as_service_app(
        "0oaService4",
        &key("service-app-ec.pem"),
        &["--assign-group", "Everyone"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("okta-scope-not-granted"), "{}", r.stderr);
    assert!(
        r.stderr.contains("okta.groups.read") && r.stderr.contains("Okta API Scopes"),
        "{}",
        r.stderr
    );
    assert!(
        c.okta.apps().is_empty() && c.okta.writes().iter().all(|w| w.path == "/oauth2/v1/token")
    );

    // With nobody to look up, the run asks for okta.apps.manage alone, and that is granted.
    let r = c.run_as_service_app("0oaService4", &key("service-app-ec.pem"), &[]);
    assert_eq!(
        r.code, 0,
        "exactly the scopes the run needs: {}{}",
        r.stdout, r.stderr
    );

    // A kid that is not the registered key's.
    let c = Case::new("");
    c.okta.add_service_app(
        "0oaService5",
        &key("service-app-ec.pem"),
        Some("kid-right"),
        &MANAGE,
        true,
    );
    let mut cmd = c.command(&[]);
    cmd.env("OKTA_CLIENT_ID", "0oaService5")
        .env("OKTA_PRIVATE_KEY_FILE", key("service-app-ec.pem"))
        .env("OKTA_PRIVATE_KEY_ID", "kid-wrong");
    let r = run(&mut cmd);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("okta-client-assertion-rejected")
            && r.stderr.contains("OKTA_PRIVATE_KEY_ID"),
        "{}",
        r.stderr
    );
    assert_no_secret(&[&r.stdout, &r.stderr]);
}

#[test]
fn the_key_file_can_be_named_in_the_setup_beside_it() {
    let c =
        Case::new("\n[okta]\nclient_id = \"0oaService6\"\nprivate_key_file = \"okta-key.pem\"\n");
    std::fs::copy(key("service-app-ec.pem"), c.dir.path().join("okta-key.pem")).unwrap();
    c.okta.add_service_app(
        "0oaService6",
        &key("service-app-ec.pem"),
        None,
        &MANAGE,
        true,
    );
    let mut cmd = c.command(&["--assign-group", "Everyone"]);
    cmd.current_dir(std::env::temp_dir());
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let saved = c.file();
    assert!(
        saved.contains("private_key_file = \"okta-key.pem\""),
        "the path stays a path: {saved}"
    );
    assert_no_secret(&[&saved]);
}

//! `okta-app` end to end: the real binary against the Okta stand-in, asserting the exact JSON
//! Okta receives, what the setup file says afterwards, and what a second run does (nothing).

use crate::support;

use serde_json::{Value, json};
use support::okta::TOKEN;
use support::{bin, run};

use support::okta_case::{ACS, Case, POOL, setup_text};

fn expected_sign_on() -> Value {
    json!({
        "allowMultipleAcsEndpoints": false,
        "ssoAcsUrl": ACS,
        "recipient": ACS,
        "destination": ACS,
        "audience": format!("urn:amazon:cognito:sp:{POOL}"),
        "subjectNameIdTemplate": "${user.userName}",
        "subjectNameIdFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
        "responseSigned": true,
        "assertionSigned": true,
        "signatureAlgorithm": "RSA_SHA256",
        "digestAlgorithm": "SHA256",
        "honorForceAuthn": true,
        "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        "requestCompressed": false,
        "attributeStatements": [
            {"type": "EXPRESSION", "name": "Email Id",
             "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified",
             "values": ["user.email"]},
            {"type": "EXPRESSION", "name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
             "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
             "values": ["user.firstName"]},
        ],
    })
}

#[test]
fn creates_the_app_assigns_a_group_and_a_second_run_changes_nothing() {
    let c = Case::new("");
    let eng = c.okta.add_group("Engineering", "Builders");
    c.okta.add_group("Engineering Managers", "");

    let r = c.run(&["--assign-group", "Engineering"]);
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);

    let writes = c.okta.writes();
    assert_eq!(writes.len(), 2, "{writes:#?}");
    assert_eq!(writes[0].method, "POST");
    assert_eq!(writes[0].path, "/api/v1/apps");
    assert_eq!(
        writes[0].body.as_ref().unwrap(),
        &json!({
            "label": format!("Amazon Cognito {POOL}"),
            "signOnMode": "SAML_2_0",
            "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
            "settings": {"signOn": expected_sign_on()},
        })
    );
    let apps = c.okta.apps();
    assert_eq!(apps.len(), 1);
    let id = apps[0]["id"].as_str().unwrap().to_string();
    assert_eq!(writes[1].method, "PUT");
    assert_eq!(writes[1].path, format!("/api/v1/apps/{id}/groups/{eng}"));
    assert_eq!(c.okta.app_groups(&id), vec![eng]);
    for req in c.okta.requests() {
        assert_eq!(
            req.authorization.as_deref(),
            Some(&*format!("SSWS {TOKEN}"))
        );
    }

    // The public URL of the console's Sign On tab, with the app's external key.
    let metadata_url = c.okta.public_metadata_url(&id);
    assert!(metadata_url.contains("/app/exk"), "{metadata_url}");
    let s = c.setup();
    assert_eq!(s["okta"]["app_id"].as_str(), Some(id.as_str()));
    assert_eq!(s["okta"]["org_url"].as_str(), Some(&*c.okta.org_url()));
    assert_eq!(s["okta"]["assign_groups"][0].as_str(), Some("Engineering"));
    assert_eq!(s["provider"]["metadata_url"].as_str(), Some(&*metadata_url));
    assert!(!c.file().contains(TOKEN), "the token must never be saved");
    assert!(
        r.stdout.contains("accepted by Cognito's rules"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("created the SAML app"), "{}", r.stdout);
    assert!(!r.stdout.contains(TOKEN) && !r.stderr.contains(TOKEN));

    // The metadata step accepts what the setup now names.
    let m = run(bin().args(["metadata", &metadata_url]));
    assert_eq!(m.code, 0, "{}{}", m.stdout, m.stderr);

    let before = c.file();
    c.okta.clear_requests();
    let again = c.run(&[]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(c.okta.writes().is_empty(), "{:#?}", c.okta.writes());
    assert!(
        again.stdout.contains("nothing to change"),
        "{}",
        again.stdout
    );
    assert_eq!(c.file(), before, "a second run rewrites nothing");
    assert_eq!(c.okta.apps().len(), 1);
    let sent = c.okta.requests().len();
    assert!(
        again.stderr.contains(&format!("{sent} Okta API requests")),
        "{}",
        again.stderr
    );

    let j = c.run(&["--json"]);
    assert_eq!(j.code, 0, "{}{}", j.stdout, j.stderr);
    let out: Value = support::answer(&j.stdout);
    assert_eq!(out["okta"]["app_id"], json!(id));
    assert_eq!(out["okta"]["changes"], json!([]));
    assert_eq!(out["okta"]["metadata_url"], json!(metadata_url));
    assert_eq!(out["metadata_accepted"], json!(true));
    assert_eq!(out["setup_saved"], json!(false));
    assert_eq!(out["requests"], json!(sent));
}

#[test]
fn an_app_made_in_the_console_is_found_by_label_and_updated_whole() {
    let c = Case::new("\n[okta]\napp_label = \"Cognito sign-in\"\nname_id_format = \"email\"\n");
    let console_app = json!({
        "name": "acmeorg_cognitosignin_1",
        "label": "Cognito sign-in",
        "signOnMode": "SAML_2_0",
        "visibility": {"autoSubmitToolbar": true, "hide": {"iOS": true, "web": false}},
        "accessibility": {"selfService": false},
        "settings": {
            "app": {},
            "notes": {"admin": "owned by the identity team"},
            "signOn": {
                "ssoAcsUrl": ACS, "recipient": ACS, "destination": ACS,
                "audience": "urn:amazon:cognito:sp:us-east-1_Wrong",
                "subjectNameIdTemplate": "${user.userName}",
                "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                "responseSigned": true, "assertionSigned": true,
                "signatureAlgorithm": "RSA_SHA256", "digestAlgorithm": "SHA256",
                "honorForceAuthn": true,
                "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                "requestCompressed": false,
                "attributeStatements": [],
                "slo": {"enabled": false}
            }
        },
        "_links": {"self": {"href": "x"}}
    });
    // Other apps share the label's prefix, and pages hold one app: the match is on page 3.
    c.okta.add_app(json!({"name": "a", "label": "Cognito sign-in (old)", "signOnMode": "SAML_2_0", "settings": {"signOn": {}}}));
    c.okta.add_app(json!({"name": "b", "label": "Cognito sign-in test", "signOnMode": "OPENID_CONNECT", "settings": {}}));
    let id = c.okta.add_app(console_app);
    c.okta.add_group("Everyone else", "");
    c.okta.set_page_size(1);
    c.okta.add_user("jane+cognito@acme.example", "Jane", "Doe");

    let r = c.run(&["--assign-user", "jane+cognito@acme.example"]);
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);

    let writes = c.okta.writes();
    assert!(
        writes.iter().all(|w| w.path != "/api/v1/apps"),
        "no second app: {writes:#?}"
    );
    let put = writes
        .iter()
        .find(|w| w.path == format!("/api/v1/apps/{id}"))
        .expect("the app is updated in place");
    let body = put.body.as_ref().unwrap();
    // Everything read goes back (PUT replaces), with only our fields changed; what Okta
    // marks read-only (name, id, status, links) is not sent.
    assert!(body.get("name").is_none() && body.get("id").is_none());
    assert_eq!(stored_name(&c, &id), "acmeorg_cognitosignin_1");
    assert_eq!(body["visibility"]["autoSubmitToolbar"], true);
    assert_eq!(
        body["settings"]["notes"]["admin"],
        "owned by the identity team"
    );
    assert_eq!(body["settings"]["signOn"]["slo"]["enabled"], false);
    assert_eq!(
        body["settings"]["signOn"]["audience"],
        format!("urn:amazon:cognito:sp:{POOL}")
    );
    assert_eq!(
        body["settings"]["signOn"]["attributeStatements"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(body.get("_links").is_none());
    assert!(
        r.stdout.contains("settings.signOn.audience"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("settings.signOn.attributeStatements"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("subjectNameIdFormat"),
        "email format asked for and present: {}",
        r.stdout
    );

    let stored = c
        .okta
        .apps()
        .into_iter()
        .find(|a| a["id"] == json!(id))
        .unwrap();
    assert_eq!(
        stored["settings"]["notes"]["admin"],
        "owned by the identity team"
    );
    assert_eq!(c.okta.app_users(&id).len(), 1);
    let assign = writes
        .iter()
        .find(|w| w.path == format!("/api/v1/apps/{id}/users"))
        .unwrap();
    assert_eq!(assign.body.as_ref().unwrap()["scope"], "USER");
    assert_eq!(
        c.setup()["okta"]["assign_users"][0].as_str(),
        Some("jane+cognito@acme.example")
    );

    c.okta.clear_requests();
    let again = c.run(&[]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(c.okta.writes().is_empty(), "{:#?}", c.okta.writes());
}

fn stored_name(c: &Case, id: &str) -> String {
    let apps = c.okta.apps();
    let app = apps.iter().find(|a| a["id"] == json!(id)).unwrap();
    app["name"].as_str().unwrap().to_string()
}

#[test]
fn an_inactive_app_is_activated() {
    let c = Case::new("");
    let id = c.okta.add_app(json!({
        "name": "x", "label": format!("Amazon Cognito {POOL}"), "signOnMode": "SAML_2_0",
        "status": "INACTIVE", "settings": {"signOn": expected_sign_on()},
    }));
    c.okta.add_user("amy@acme.example", "Amy", "Lee");
    let r = c.run(&["--assign-user", "amy@acme.example"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let paths: Vec<String> = c.okta.writes().into_iter().map(|w| w.path).collect();
    assert_eq!(
        paths,
        vec![
            format!("/api/v1/apps/{id}/lifecycle/activate"),
            format!("/api/v1/apps/{id}/users")
        ]
    );
    assert!(r.stdout.contains("activated the app"), "{}", r.stdout);
}

#[test]
fn nobody_assigned_is_a_warning_with_the_sign_in_error_it_causes() {
    let c = Case::new("");
    let r = c.run(&[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("okta-nobody-assigned"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("User is not assigned to the client application")
    );
}

#[test]
fn unknown_names_are_all_reported_before_anything_is_written() {
    let c = Case::new("");
    c.okta.add_group("Engineers", "");
    let r = c.run(&[
        "--assign-group",
        "Engineering",
        "--assign-user",
        "ghost@acme.example",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("okta-group-not-found"), "{}", r.stderr);
    assert!(
        r.stderr.contains("no Okta group is named \"Engineering\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("copy the name from Directory → Groups"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("okta-user-not-found"), "{}", r.stderr);
    assert!(r.stderr.contains("\"ghost@acme.example\""), "{}", r.stderr);
    assert!(c.okta.writes().is_empty(), "{:#?}", c.okta.writes());
    assert!(c.okta.apps().is_empty());
    assert!(
        c.setup()
            .get("okta")
            .and_then(|o| o.get("assign_groups"))
            .is_none()
    );
}

#[test]
fn a_write_that_fails_midway_keeps_the_app_id_and_the_next_run_finishes() {
    let c = Case::new("");
    c.okta.add_group("Engineers", "");
    c.okta.refuse_writes_containing(Some("/groups/"));
    let r = c.run(&["--assign-group", "Engineers"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("okta-forbidden"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("refused to assign the group \"Engineers\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("+ created the SAML app"),
        "what was done is said: {}",
        r.stdout
    );
    let id = c.okta.apps()[0]["id"].as_str().unwrap().to_string();
    assert_eq!(c.setup()["okta"]["app_id"].as_str(), Some(id.as_str()));

    c.okta.refuse_writes_containing(None);
    let fixed = c.run(&["--assign-group", "Engineers"]);
    assert_eq!(fixed.code, 0, "{}{}", fixed.stdout, fixed.stderr);
    assert_eq!(c.okta.apps().len(), 1, "no second app");
    assert_eq!(c.okta.app_groups(&id).len(), 1);
    let s = c.setup();
    let groups = s["okta"]["assign_groups"].as_array().unwrap();
    assert_eq!(groups, &vec![toml::Value::from("Engineers")]);
}

#[test]
fn a_wrong_token_is_explained_and_never_echoed() {
    let c = Case::new("");
    c.okta.add_group("Engineers", "");
    let r = c.run_with(
        "00WrongToken",
        &["--assign-group", "Engineers", "--assign-user", "a@b.c"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.matches("okta-token-invalid").count(),
        1,
        "three lookups failed for one reason, said once: {}",
        r.stderr
    );
    assert!(r.stderr.contains("okta-token-invalid"), "{}", r.stderr);
    assert!(r.stderr.contains("E0000011"), "{}", r.stderr);
    assert!(r.stderr.contains("Security → API → Tokens"), "{}", r.stderr);
    assert!(!r.stderr.contains("00WrongToken") && !r.stdout.contains("00WrongToken"));
    assert!(c.okta.apps().is_empty());
}

#[test]
fn rate_limiting_names_the_limit_and_when_it_resets() {
    let c = Case::new("");
    let reset = 1_796_000_000; // 2026-11-30T00:53:20Z
    c.okta.rate_limit_next(1, reset);
    let r = c.run(&[]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("okta-rate-limited"), "{}", r.stderr);
    assert!(
        r.stderr.contains("600 requests per minute, 0 left"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("resets at 00:53:20 UTC"), "{}", r.stderr);
    let again = c.run(&[]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
}

#[test]
fn a_rate_limit_that_resets_within_seconds_is_waited_out_once() {
    let c = Case::new("");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    c.okta.rate_limit_next(1, now + 1);
    let r = c.run(&[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let reqs = c.okta.requests();
    assert_eq!(reqs[0].path, "/api/v1/apps");
    assert_eq!(
        (reqs[1].method.as_str(), reqs[1].path.as_str()),
        ("GET", "/api/v1/apps"),
        "the same request, once more"
    );
    assert_eq!(c.okta.apps().len(), 1);
}

#[test]
fn an_oauth_token_is_sent_as_bearer_and_a_missing_scope_is_named() {
    let c = Case::new("");
    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzY3AiOlsib2t0YS5hcHBzLm1hbmFnZSJdfQ.c2ln";
    c.okta.accept_bearer(jwt, &["okta.apps.manage"]);
    c.okta.add_group("Engineering", "");
    let r = c.run_with(jwt, &["--assign-group", "Engineering"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("okta-forbidden"), "{}", r.stderr);
    assert!(
        r.stderr.contains("lacks the scope okta.groups.read"),
        "{}",
        r.stderr
    );
    let first = &c.okta.requests()[0];
    assert_eq!(
        first.authorization.as_deref(),
        Some(&*format!("Bearer {jwt}"))
    );
    assert!(c.okta.writes().is_empty(), "lookups come before any write");
}

#[test]
fn an_app_id_that_is_not_in_the_org_is_refused_by_name() {
    let c = Case::new("\n[okta]\napp_id = \"0oaGone000000000000\"\n");
    let r = c.run(&[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("okta-app-not-found"), "{}", r.stderr);
    assert!(
        r.stderr.contains("okta.app_id = \"0oaGone000000000000\""),
        "{}",
        r.stderr
    );
    assert!(c.okta.writes().is_empty());
}

#[test]
fn two_apps_with_the_label_ask_for_the_app_id() {
    let c = Case::new("");
    let label = format!("Amazon Cognito {POOL}");
    for n in ["a", "b"] {
        c.okta.add_app(json!({"name": n, "label": label, "signOnMode": "SAML_2_0", "settings": {"signOn": {}}}));
    }
    let r = c.run(&[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("okta-app-ambiguous"), "{}", r.stderr);
    assert!(r.stderr.contains("Set okta.app_id"), "{}", r.stderr);
    assert!(c.okta.writes().is_empty());
}

#[test]
fn missing_org_and_token_are_both_reported_at_once() {
    let c = Case::new("");
    let mut cmd = bin();
    cmd.args(["okta-app", "--config"]).arg(&c.path);
    let r = run(&mut cmd);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("okta-org-missing"), "{}", r.stderr);
    assert!(
        r.stderr.contains("okta-credentials-missing"),
        "{}",
        r.stderr
    );
    assert!(c.okta.requests().is_empty());
}

#[test]
fn the_admin_console_address_is_refused_with_the_org_address() {
    let c = Case::new("\n[okta]\norg_url = \"https://acme-admin.okta.com\"\n");
    let mut cmd = bin();
    cmd.args(["okta-app", "--config"])
        .arg(&c.path)
        .env("OKTA_API_TOKEN", TOKEN);
    let r = run(&mut cmd);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("okta.org_url = \"https://acme-admin.okta.com\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("acme.okta.com"), "{}", r.stderr);
}

#[test]
fn setup_warnings_are_shown_and_empty_names_refused() {
    let c = Case::new("\n[okta.attribute_values]\n\"Email\" = \"user.login\"\n");
    let r = c.run(&[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("okta-attribute-value-unmapped"),
        "{}",
        r.stderr
    );

    let r = c.run(&["--assign-group", " "]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--assign-group was given an empty name"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_setup_without_a_domain_is_refused_before_any_call() {
    let c = Case::new("");
    std::fs::write(
        &c.path,
        format!("region = \"us-east-1\"\nuser_pool_id = \"{POOL}\"\n"),
    )
    .unwrap();
    let r = c.run(&[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("domain.prefix"), "{}", r.stderr);
    assert!(c.okta.requests().is_empty());
}

#[test]
fn apps_and_groups_that_cannot_be_told_apart_are_named() {
    let c = Case::new("");
    let label = format!("Amazon Cognito {POOL}");
    c.okta.add_app(
        json!({"name": "oidc", "label": label, "signOnMode": "OPENID_CONNECT", "settings": {}}),
    );
    let r = c.run(&[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("okta-app-label-taken"), "{}", r.stderr);
    assert!(r.stderr.contains("does not use SAML 2.0"), "{}", r.stderr);
    assert!(
        r.stderr.contains("Choose another okta.app_label"),
        "{}",
        r.stderr
    );

    let c2 = Case::new("");
    let oidc = c2.okta.add_app(
        json!({"name": "other", "label": "Other", "signOnMode": "OPENID_CONNECT", "settings": {}}),
    );
    std::fs::write(
        &c2.path,
        setup_text(&format!("\n[okta]\napp_id = \"{oidc}\"\n")),
    )
    .unwrap();
    let r = c2.run(&[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!(
            "okta.app_id = \"{oidc}\" is a OPENID_CONNECT app, not a SAML 2.0 one"
        )),
        "{}",
        r.stderr
    );

    let g = Case::new("");
    let a = g.okta.add_group("Engineering", "one");
    let b = g.okta.add_group("Engineering", "two");
    let r = g.run(&["--assign-group", "Engineering"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("okta-group-ambiguous"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "2 Okta groups are named \"Engineering\" (ids {a}, {b})"
        )),
        "{}",
        r.stderr
    );
    assert!(g.okta.writes().is_empty());
}

#[test]
fn an_org_that_does_not_answer_is_said_so() {
    let c = Case::new("");
    let closed = support::moto::free_port();
    let mut cmd = bin();
    cmd.args(["okta-app", "--config"])
        .arg(&c.path)
        .env("OKTA_ORG_URL", format!("http://127.0.0.1:{closed}"))
        .env("OKTA_API_TOKEN", TOKEN);
    let r = run(&mut cmd);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("okta-unreachable"), "{}", r.stderr);
    assert!(r.stderr.contains("could not connect"), "{}", r.stderr);
    assert!(r.stderr.contains("HTTPS_PROXY"), "{}", r.stderr);
}

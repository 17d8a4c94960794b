//! The pure parts of the Okta half: tokens, the org URL, the `[okta]` section's rules, what
//! counts as a difference, and how Okta's error answers read.

use okta_cognito::idp::okta::app::{create_body, sendable, update};
use okta_cognito::idp::okta::credentials::{Auth, Credentials, OktaEnv, Token, org_url};
use okta_cognito::idp::okta::errors::{Failure, RateLimit, finding};
use okta_cognito::idp::okta::metadata_url::{Address, classify, external_key, unusable_form};
use okta_cognito::setup::{OktaSetup, Setup};
use serde_json::json;
use time::macros::datetime;

#[test]
fn tokens_are_told_apart_and_never_shown() {
    assert_eq!(
        Token::parse("00abcDEF"),
        Some(Token::Ssws("00abcDEF".into()))
    );
    assert_eq!(
        Token::parse(" SSWS 00abc "),
        Some(Token::Ssws("00abc".into()))
    );
    assert_eq!(
        Token::parse("eyJa.eyJb.c"),
        Some(Token::Bearer("eyJa.eyJb.c".into()))
    );
    assert_eq!(
        Token::parse("Bearer opaque"),
        Some(Token::Bearer("opaque".into()))
    );
    assert_eq!(Token::parse("   "), None);
    assert_eq!(Token::parse("SSWS "), None);
    let shown = format!("{:?}", Token::parse("00secret").unwrap());
    assert!(!shown.contains("00secret"), "{shown}");
}

#[test]
fn the_org_url_is_the_address_alone_over_https() {
    assert_eq!(
        org_url("https://acme.okta.com/").unwrap(),
        "https://acme.okta.com"
    );
    assert_eq!(
        org_url("https://login.acme.com").unwrap(),
        "https://login.acme.com"
    );
    assert_eq!(
        org_url("http://127.0.0.1:9000").unwrap(),
        "http://127.0.0.1:9000"
    );
    assert!(
        org_url("http://acme.okta.com")
            .unwrap_err()
            .contains("https only")
    );
    assert!(
        org_url("https://acme.okta.com/admin/dashboard")
            .unwrap_err()
            .contains("/admin/dashboard")
    );
    let admin = org_url("https://acme-admin.oktapreview.com").unwrap_err();
    assert!(admin.contains("acme.oktapreview.com"), "{admin}");
    assert!(org_url("acme.okta.com").unwrap_err().contains("not a URL"));
}

fn env(org: Option<&str>, token: Option<&str>) -> OktaEnv {
    OktaEnv {
        org_url: org.map(String::from),
        api_token: token.map(String::from),
        ..OktaEnv::default()
    }
}

fn with_org(org: &str) -> OktaSetup {
    OktaSetup {
        org_url: Some(org.into()),
        ..OktaSetup::default()
    }
}

#[test]
fn the_setup_org_and_the_environment_must_agree() {
    let a = with_org("https://a.okta.com");
    let err = Credentials::resolve(Some(&a), None, &env(Some("https://b.okta.com"), Some("t")))
        .unwrap_err();
    assert_eq!(err[0].code, "okta-org-mismatch");
    let slash = with_org("https://a.okta.com/");
    let same = Credentials::resolve(
        Some(&slash),
        None,
        &env(Some("https://a.okta.com"), Some("t")),
    )
    .unwrap();
    assert_eq!(same.org_url, "https://a.okta.com");
    assert!(matches!(same.auth, Auth::Token(Token::Ssws(_))));
}

/// A fixture key, readable by its owner alone as the tool demands (a checkout has it 0644).
fn key_fixture(name: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = format!(
        "{}/tests/fixtures/okta-keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

#[test]
fn a_service_app_is_chosen_over_a_token_and_every_key_form_loads() {
    for (file, alg) in [
        ("service-app-rsa.pem", "RS256"),
        ("service-app-rsa-pkcs1.pem", "RS256"),
        ("service-app-ec.pem", "ES256"),
        ("service-app-ec-sec1.pem", "ES256"),
        ("service-app-rsa.jwk.json", "RS256"),
    ] {
        let e = OktaEnv {
            org_url: Some("https://acme.okta.com".into()),
            api_token: Some("00tok".into()),
            client_id: Some("0oaService".into()),
            private_key_file: Some(key_fixture(file)),
            private_key_id: None,
        };
        let c = Credentials::resolve(None, None, &e).unwrap_or_else(|f| panic!("{file}: {f:?}"));
        let Auth::ServiceApp(app) = &c.auth else {
            panic!("{file}: the service app is used when configured")
        };
        assert_eq!(app.key.alg(), alg, "{file}");
        assert_eq!(app.client_id, "0oaService");
        let shown = format!("{c:?}");
        assert!(
            shown.contains("redacted") && !shown.contains("MII"),
            "{shown}"
        );
    }
    // The JWK's own kid is used when none is given.
    let e = OktaEnv {
        org_url: Some("https://acme.okta.com".into()),
        client_id: Some("0oaService".into()),
        private_key_file: Some(key_fixture("service-app-rsa.jwk.json")),
        ..OktaEnv::default()
    };
    let Auth::ServiceApp(app) = Credentials::resolve(None, None, &e).unwrap().auth else {
        panic!()
    };
    assert_eq!(app.kid.as_deref(), Some("test-rsa-key"));
}

#[test]
fn half_a_service_app_and_bad_key_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public.pem");
    std::fs::write(&public, "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n").unwrap();
    let garbage = dir.path().join("garbage.pem");
    std::fs::write(&garbage, "not a key").unwrap();
    let org = Some("https://acme.okta.com".to_string());
    let cases = [
        (
            OktaEnv {
                org_url: org.clone(),
                client_id: Some("0oa1".into()),
                ..OktaEnv::default()
            },
            "okta-private-key-missing",
            "OKTA_CLIENT_ID",
        ),
        (
            OktaEnv {
                org_url: org.clone(),
                private_key_file: Some(key_fixture("service-app-ec.pem")),
                ..OktaEnv::default()
            },
            "okta-client-id-missing",
            "OKTA_PRIVATE_KEY_FILE",
        ),
        (
            OktaEnv {
                org_url: org.clone(),
                client_id: Some("0oa1".into()),
                private_key_file: Some(public.display().to_string()),
                ..OktaEnv::default()
            },
            "okta-private-key-unusable",
            "public key",
        ),
        (
            OktaEnv {
                org_url: org.clone(),
                client_id: Some("0oa1".into()),
                private_key_file: Some(garbage.display().to_string()),
                ..OktaEnv::default()
            },
            "okta-private-key-unusable",
            "garbage.pem",
        ),
        (
            OktaEnv {
                org_url: org.clone(),
                client_id: Some("0oa1".into()),
                private_key_file: Some(dir.path().join("absent.pem").display().to_string()),
                ..OktaEnv::default()
            },
            "okta-private-key-unreadable",
            "absent.pem",
        ),
        (
            OktaEnv {
                org_url: org.clone(),
                ..OktaEnv::default()
            },
            "okta-credentials-missing",
            "OKTA_CLIENT_ID",
        ),
    ];
    for (e, code, named) in cases {
        let f = Credentials::resolve(None, None, &e).unwrap_err();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, code);
        assert!(
            f[0].message.contains(named) || f[0].fix.contains(named),
            "{code}: {:?}",
            f[0]
        );
    }
    // A relative okta.private_key_file is found beside the setup file, not in the cwd.
    std::fs::copy(
        key_fixture("service-app-ec.pem"),
        dir.path().join("okta.pem"),
    )
    .unwrap();
    let o = OktaSetup {
        org_url: org.clone(),
        client_id: Some("0oa1".into()),
        private_key_file: Some("okta.pem".into()),
        ..OktaSetup::default()
    };
    assert!(Credentials::resolve(Some(&o), Some(dir.path()), &OktaEnv::default()).is_ok());
}

#[test]
fn okta_metadata_addresses_are_told_apart() {
    let org = "https://acme.okta.com";
    assert_eq!(
        classify("https://acme.okta.com/app/exk12bo3bwlp0r91S698/sso/saml/metadata"),
        Some(Address::Public {
            org_url: org.into(),
            external_key: "exk12bo3bwlp0r91S698".into()
        })
    );
    assert_eq!(
        classify("https://acme.okta.com/api/v1/apps/0oa1b2c3/sso/saml/metadata?kid=k9"),
        Some(Address::Preview {
            org_url: org.into(),
            app_id: "0oa1b2c3".into(),
            kid: Some("k9".into())
        })
    );
    assert_eq!(
        classify("https://acme.okta.com/app/0oa1b2c3/sso/saml/metadata"),
        Some(Address::AppIdInPublicForm {
            org_url: org.into(),
            app_id: "0oa1b2c3".into()
        })
    );
    assert_eq!(classify("https://idp.example.com/metadata.xml"), None);
    assert_eq!(
        external_key("http://www.okta.com/exkpvtn73rd6mMmF34x6").as_deref(),
        Some("exkpvtn73rd6mMmF34x6")
    );
    assert_eq!(external_key("https://sts.windows.net/x/"), None);
    assert_eq!(
        unusable_form(
            "provider.metadata_url",
            "https://acme.okta.com/api/v1/apps/0oa1/sso/saml/metadata?kid=k"
        )
        .unwrap()
        .code,
        "metadata-url-needs-token"
    );
    assert_eq!(
        unusable_form(
            "provider.metadata_url",
            "https://acme.okta.com/app/0oa1/sso/saml/metadata"
        )
        .unwrap()
        .code,
        "metadata-url-app-id"
    );
    assert!(
        unusable_form(
            "provider.metadata_url",
            "https://acme.okta.com/app/exk1/sso/saml/metadata"
        )
        .is_none()
    );
}

/// A setup every rule outside `[okta]` accepts, mapping `email` from "Email Id".
fn valid_setup() -> Setup {
    let mut s = Setup::new("us-east-1", "us-east-1_AbCdEf123");
    s.domain.prefix = Some("acme-auth".into());
    s.provider.metadata_url = Some("https://acme.okta.com/app/x/sso/saml/metadata".into());
    s.provider
        .attribute_mapping
        .insert("email".into(), "Email Id".into());
    s
}

#[test]
fn the_okta_section_is_checked_field_by_field() {
    let mut s = valid_setup();
    let mut o = OktaSetup {
        org_url: Some("ftp://acme.okta.com".into()),
        app_id: Some("0oa-1".into()),
        name_id_format: Some("transient".into()),
        assign_groups: vec![" ".into()],
        ..OktaSetup::default()
    };
    o.attribute_values
        .insert("Email".into(), "user.email".into());
    s.okta = Some(o);
    let codes: Vec<String> = s
        .validate()
        .into_iter()
        .map(|f| f.code.to_string())
        .collect();
    assert_eq!(
        codes,
        [
            "okta-org-url-invalid",
            "okta-app-id-invalid",
            "okta-name-id-format-invalid",
            "okta-assignee-empty",
            "okta-attribute-value-unmapped"
        ]
    );
}

#[test]
fn empty_okta_values_are_refused_with_the_field() {
    let mut s = valid_setup();
    let mut o = OktaSetup {
        app_label: Some("  ".into()),
        ..OktaSetup::default()
    };
    o.attribute_values.insert("Email Id".into(), "".into());
    s.okta = Some(o);
    let found = s.validate();
    let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "okta.app_label is empty",
            "okta.attribute_values.\"Email Id\" is empty"
        ]
    );
    assert!(found[0].fix.contains("Amazon Cognito <user pool id>"));
}

fn console_app() -> serde_json::Value {
    json!({
        "id": "0oaConsole", "name": "acme_cognito_1", "label": "Amazon Cognito us-east-1_AbCdEf123",
        "status": "ACTIVE", "signOnMode": "SAML_2_0", "created": "2026-01-01T00:00:00.000Z",
        "_links": {"metadata": {"href": "https://acme.okta.com/api/v1/apps/0oaConsole/sso/saml/metadata?kid=k1"}},
        "credentials": {"signing": {"kid": "k1", "lastRotated": "2026-01-01T00:00:00.000Z"}},
        "settings": {"emOptInStatus": "NONE", "signOn": {
            "audience": "urn:old", "defaultRelayState": null, "idpIssuer": "http://www.okta.com/${org.externalKey}",
            "subjectNameIdTemplate": "${user.email}",
            "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            "attributeStatements": [
                {"type": "GROUP", "name": "groups", "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic", "filterType": "REGEX", "filterValue": ".*"},
                {"type": "EXPRESSION", "name": "department", "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic", "values": ["user.department"], "filterType": null},
                {"type": "EXPRESSION", "name": "Email Id", "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified", "values": ["user.login"]},
            ]
        }}
    })
}

#[test]
fn an_update_changes_only_our_fields_and_keeps_the_admins_statements_and_name_id() {
    let mut s = valid_setup();
    s.provider
        .attribute_mapping
        .insert("custom:groups".into(), "groups".into());
    let values = s
        .values(okta_cognito::endpoints::IssuerKind::Original)
        .unwrap();
    let u = update(&console_app(), &s, &values, &Default::default());
    let so = &u.body["settings"]["signOn"];
    assert_eq!(so["audience"], "urn:amazon:cognito:sp:us-east-1_AbCdEf123");
    assert_eq!(so["responseSigned"], true);
    assert_eq!(so["allowMultipleAcsEndpoints"], false);
    // The admin's GROUP statement (under a mapped name) and the extra one are kept exactly;
    // ours is corrected in place.
    let statements = so["attributeStatements"].as_array().unwrap();
    assert_eq!(
        statements[0],
        console_app()["settings"]["signOn"]["attributeStatements"][0]
    );
    assert_eq!(statements[1]["values"], json!(["user.department"]));
    assert_eq!(statements[2]["values"], json!(["user.email"]));
    assert_eq!(statements.len(), 3);
    // The NameID of an app in use stays, with a warning naming both.
    assert_eq!(so["subjectNameIdTemplate"], "${user.email}");
    assert_eq!(u.warnings.len(), 1);
    assert_eq!(u.warnings[0].code, "okta-name-id-kept");
    assert!(
        u.warnings[0].message.contains("${user.email}")
            && u.warnings[0].message.contains("persistent")
    );
    // Nothing Okta marks read-only is sent, and no null.
    for gone in ["id", "name", "status", "created", "_links"] {
        assert!(u.body.get(gone).is_none(), "{gone} is read-only");
    }
    assert!(
        u.body["credentials"]["signing"]
            .get("lastRotated")
            .is_none()
    );
    assert!(u.body["settings"].get("emOptInStatus").is_none());
    assert!(so.get("defaultRelayState").is_none());
    assert_eq!(so["idpIssuer"], "http://www.okta.com/${org.externalKey}");
    let fields: Vec<&str> = u.changes.iter().map(|c| c.field.as_str()).collect();
    assert!(fields.contains(&"settings.signOn.audience"));
    assert!(fields.contains(&"settings.signOn.attributeStatements[\"Email Id\"]"));
    assert!(
        !fields.iter().any(|f| f.contains("groups")
            || f.contains("department")
            || f.contains("subjectNameId")),
        "{fields:?}"
    );
    let audience = u
        .changes
        .iter()
        .find(|c| c.field == "settings.signOn.audience")
        .unwrap();
    assert_eq!(audience.before, "urn:old");

    // An explicit okta.name_id_format is applied, and the identity change is warned about.
    s.okta = Some(OktaSetup {
        name_id_format: Some("persistent".into()),
        ..OktaSetup::default()
    });
    let u = update(&console_app(), &s, &values, &Default::default());
    assert_eq!(
        u.body["settings"]["signOn"]["subjectNameIdFormat"],
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    );
    assert_eq!(u.warnings[0].code, "okta-name-id-changed");

    // Sent back unchanged, the updated app needs no further update.
    let mut again = u.body.clone();
    again["id"] = json!("0oaConsole");
    assert!(
        update(&again, &s, &values, &Default::default())
            .changes
            .is_empty()
    );
    assert_eq!(sendable(&again), u.body);
}

#[test]
fn a_new_app_has_okta_s_required_members_and_the_recommended_name_id() {
    let s = valid_setup();
    let values = s
        .values(okta_cognito::endpoints::IssuerKind::Original)
        .unwrap();
    let body = create_body(&s, &values, &Default::default());
    let so = &body["settings"]["signOn"];
    for k in [
        "allowMultipleAcsEndpoints",
        "assertionSigned",
        "honorForceAuthn",
        "requestCompressed",
        "responseSigned",
    ] {
        assert!(so[k].is_boolean(), "{k}");
    }
    assert_eq!(so["subjectNameIdTemplate"], "${user.userName}");
}

fn failure(status: u16, body: &str) -> Failure {
    Failure {
        status,
        content_type: Some("application/json".into()),
        body: body.into(),
        rate: RateLimit::default(),
        authenticate: None,
        location: None,
        service_app: false,
    }
}

#[test]
fn okta_error_bodies_become_findings_with_their_causes() {
    let now = datetime!(2026-11-26 12:00 UTC);
    let f = finding(
        "create the SAML app",
        "acme.okta.com",
        &failure(
            400,
            r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: settings","errorId":"oae1","errorCauses":[{"errorSummary":"audience: The field cannot be left blank"}]}"#,
        ),
        now,
    );
    assert_eq!(f.code, "okta-invalid-request");
    assert!(
        f.message
            .contains("refused to create the SAML app: HTTP 400 E0000001"),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("audience: The field cannot be left blank"),
        "{}",
        f.message
    );
    assert!(f.message.contains("errorId oae1"), "{}", f.message);

    let mut html = failure(404, "<html>not here</html>");
    html.content_type = Some("text/html".into());
    let f = finding("look up the app", "acme.example.com", &html, now);
    assert_eq!(f.code, "okta-unexpected-response");
    assert!(f.message.contains("HTTP 404 (text/html)"), "{}", f.message);

    let mut moved = failure(301, "");
    moved.location = Some("https://acme.example.com/login".into());
    let f = finding("look up the app", "acme.example.com", &moved, now);
    assert_eq!(f.code, "okta-redirected");
    assert!(
        f.message.contains("https://acme.example.com/login"),
        "{}",
        f.message
    );

    let mut limited = failure(
        429,
        r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#,
    );
    limited.rate = RateLimit {
        limit: Some(100),
        remaining: Some(0),
        reset: Some(1_795_694_430),
    };
    let f = finding("list groups", "acme.okta.com", &limited, now);
    assert_eq!(f.code, "okta-rate-limited");
    assert!(
        f.fix.contains("resets at 12:00:30 UTC (in 30 s)"),
        "{}",
        f.fix
    );
}

/// A service app's key that other users can read (0644, as a copy or `cat >` leaves it) is
/// refused as ssh refuses such a key: the file, its mode and the `chmod 600` that fixes it.
#[test]
fn an_exposed_service_app_key_is_refused_with_chmod_600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("okta.pem");
    std::fs::copy(key_fixture("service-app-ec.pem"), &key).unwrap();
    let env = |file: &std::path::Path| OktaEnv {
        org_url: Some("https://acme.okta.com".into()),
        client_id: Some("0oa1".into()),
        private_key_file: Some(file.display().to_string()),
        ..OktaEnv::default()
    };
    for mode in [0o644, 0o640, 0o604, 0o660] {
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(mode)).unwrap();
        let f = Credentials::resolve(None, None, &env(&key))
            .err()
            .unwrap_or_else(|| panic!("mode {mode:o} was accepted"));
        assert_eq!(f[0].code, "okta-private-key-exposed", "{:?}", f[0]);
        assert!(
            f[0].message.contains(&format!("{mode:04o}")),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.contains("OKTA_PRIVATE_KEY_FILE"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].fix, format!("chmod 600 '{}'", key.display()));
    }
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(Credentials::resolve(None, None, &env(&key)).is_ok());
}

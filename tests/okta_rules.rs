//! The pure parts of the Okta half: tokens, the org URL, the `[okta]` section's rules, what
//! counts as a difference, and how Okta's error answers read.

use okta_cognito::okta::app::{differences, update_body};
use okta_cognito::okta::credentials::{Credentials, Token, org_url};
use okta_cognito::okta::errors::{Failure, RateLimit, finding};
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

#[test]
fn the_setup_org_and_the_environment_must_agree() {
    let err = Credentials::resolve(
        Some("https://a.okta.com"),
        Some("https://b.okta.com"),
        Some("t"),
    )
    .unwrap_err();
    assert_eq!(err[0].code, "okta-org-mismatch");
    let same = Credentials::resolve(
        Some("https://a.okta.com/"),
        Some("https://a.okta.com"),
        Some("t"),
    )
    .unwrap();
    assert_eq!(
        same.metadata_url("0oa1"),
        "https://a.okta.com/app/0oa1/sso/saml/metadata"
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
    let codes: Vec<String> = s.validate().into_iter().map(|f| f.code).collect();
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

#[test]
fn only_the_fields_we_set_count_as_differences() {
    let wanted = json!({"audience": "urn:a", "attributeStatements": [{"name": "Email Id", "values": ["user.email"]}]});
    let okta_says = json!({"label": "L", "settings": {"signOn": {
        "audience": "urn:a", "idpIssuer": "x",
        "attributeStatements": [{"name": "Email Id", "values": ["user.email"], "filterType": null}]
    }}});
    assert!(differences(&okta_says, "L", &wanted).is_empty());
    assert_eq!(differences(&okta_says, "M", &wanted), ["label"]);
    let extra_statement = json!({"label": "L", "settings": {"signOn": {
        "audience": "urn:a",
        "attributeStatements": [{"name": "Email Id", "values": ["user.email"]}, {"name": "x", "values": []}]
    }}});
    assert_eq!(
        differences(&extra_statement, "L", &wanted),
        ["settings.signOn.attributeStatements"]
    );
    let body = update_body(&okta_says, "L", &json!({"audience": "urn:b"}));
    assert_eq!(body["settings"]["signOn"]["idpIssuer"], "x");
    assert_eq!(body["settings"]["signOn"]["audience"], "urn:b");
}

fn failure(status: u16, body: &str) -> Failure {
    Failure {
        status,
        content_type: Some("application/json".into()),
        body: body.into(),
        rate: RateLimit::default(),
        authenticate: None,
        location: None,
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

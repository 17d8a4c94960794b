//! Every validation rule, with its good and its bad cases, as the user would see them.

use okta_cognito::finding::{Finding, Severity};
use okta_cognito::setup::validate::*;
use std::collections::BTreeMap;

fn codes(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn region_accepts_real_region_codes_and_refuses_others() {
    for ok in [
        "us-east-1",
        "eu-west-2",
        "ap-southeast-2",
        "us-gov-west-1",
        "cn-north-1",
        "il-central-1",
    ] {
        assert!(region("region", ok).is_empty(), "{ok}");
    }
    for bad in [
        "",
        "US-EAST-1",
        "us-east",
        "useast1",
        "us_east_1",
        "us-east-1a",
    ] {
        let f = region("region", bad);
        assert_eq!(codes(&f), ["invalid-region"], "{bad}");
        assert!(
            f[0].message.contains(&format!("{bad:?}")),
            "message names the value: {}",
            f[0].message
        );
    }
}

#[test]
fn user_pool_id_needs_its_region_prefix_matching_the_region() {
    assert!(user_pool_id("user_pool_id", "us-east-1_AbCdEf123", "us-east-1").is_empty());
    assert_eq!(
        codes(&user_pool_id("user_pool_id", "AbCdEf123", "us-east-1")),
        ["invalid-user-pool-id"]
    );
    assert_eq!(
        codes(&user_pool_id("user_pool_id", "us-east-1_", "us-east-1")),
        ["invalid-user-pool-id"]
    );
    assert_eq!(
        codes(&user_pool_id("user_pool_id", "us-east-1_ab-c", "us-east-1")),
        ["invalid-user-pool-id"]
    );
    let f = user_pool_id("user_pool_id", "eu-west-1_AbCdEf123", "us-east-1");
    assert_eq!(codes(&f), ["user-pool-region-mismatch"]);
    assert!(f[0].fix.contains("eu-west-1"), "{}", f[0].fix);
}

#[test]
fn domain_prefix_pattern_and_reserved_words() {
    for ok in ["acme-auth", "a", "a1", "0-9", &"a".repeat(63)] {
        assert!(domain_prefix("domain.prefix", ok).is_empty(), "{ok}");
    }
    for bad in [
        "",
        "-acme",
        "acme-",
        "Acme",
        "acme_auth",
        "acme.auth",
        &"a".repeat(64),
    ] {
        assert_eq!(
            codes(&domain_prefix("domain.prefix", bad)),
            ["invalid-domain-prefix"],
            "{bad}"
        );
    }
    for reserved in ["my-cognito-app", "aws", "amazon-login"] {
        assert_eq!(
            codes(&domain_prefix("domain.prefix", reserved)),
            ["reserved-domain-prefix"],
            "{reserved}"
        );
    }
    let both = domain_prefix("domain.prefix", "My-Cognito");
    assert_eq!(
        codes(&both),
        ["invalid-domain-prefix", "reserved-domain-prefix"]
    );
}

#[test]
fn custom_domain_is_a_bare_fully_qualified_host() {
    assert!(custom_domain("domain.custom", "auth.example.com").is_empty());
    for bad in [
        "https://auth.example.com",
        "localhost",
        "auth.example.com/login",
        "Auth.Example.com",
        "a..b",
        "x.auth.us-east-1.amazoncognito.com",
    ] {
        assert_eq!(
            codes(&custom_domain("domain.custom", bad)),
            ["invalid-custom-domain"],
            "{bad}"
        );
    }
}

#[test]
fn certificate_arn_must_be_acm_in_us_east_1() {
    assert!(
        certificate_arn(
            "a",
            "arn:aws:acm:us-east-1:123456789012:certificate/11-3336f1-44483d"
        )
        .is_empty()
    );
    assert_eq!(
        codes(&certificate_arn(
            "a",
            "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
        )),
        ["certificate-not-in-us-east-1"]
    );
    assert_eq!(
        codes(&certificate_arn("a", "not-an-arn")),
        ["invalid-certificate-arn"]
    );
}

#[test]
fn provider_name_rules() {
    for ok in [
        "Okta",
        "okta-prod",
        "Okta_Prod",
        "ÖktaCorp",
        &"x".repeat(32),
    ] {
        assert!(provider_name("provider.name", ok).is_empty(), "{ok}");
    }
    for bad in [
        "",
        "ab",
        "Okta Prod",
        "_Okta",
        "Okta_",
        &"x".repeat(33),
        "COGNITO",
    ] {
        assert_eq!(
            codes(&provider_name("provider.name", bad)),
            ["invalid-provider-name"],
            "{bad:?}"
        );
    }
}

#[test]
fn identifiers_rules() {
    assert!(identifiers("i", &["example.com".into(), "corp user@x".into()]).is_empty());
    assert_eq!(
        codes(&identifiers("i", &["".into()])),
        ["invalid-identifier"]
    );
    assert_eq!(
        codes(&identifiers("i", &["a/b".into()])),
        ["invalid-identifier"]
    );
    assert_eq!(
        codes(&identifiers("i", &["x".repeat(41)])),
        ["invalid-identifier"]
    );
    assert_eq!(
        codes(&identifiers(
            "i",
            &["Example.com".into(), "example.com".into()]
        )),
        ["duplicate-identifier"]
    );
    let many: Vec<String> = (0..51).map(|i| format!("id{i}")).collect();
    assert_eq!(codes(&identifiers("i", &many)), ["too-many-identifiers"]);
}

#[test]
fn redirect_url_rules() {
    for ok in [
        "https://app.example.com/",
        "http://localhost:8976/callback",
        "http://127.0.0.1/cb",
        "http://[::1]:3000/cb",
        "myapp://callback",
    ] {
        assert!(
            redirect_url("app_client.callback_urls", ok).is_empty(),
            "{ok}"
        );
    }
    assert_eq!(
        codes(&redirect_url("u", "http://app.example.com/")),
        ["url-not-https"]
    );
    assert_eq!(
        codes(&redirect_url("u", "https://app.example.com/#x")),
        ["url-has-fragment"]
    );
    assert_eq!(codes(&redirect_url("u", "/relative")), ["invalid-url"]);
    assert_eq!(codes(&redirect_url("u", "")), ["invalid-url"]);
    let long = format!("https://app.example.com/{}", "a".repeat(1024));
    assert_eq!(codes(&redirect_url("u", &long)), ["invalid-url"]);
    let many: Vec<String> = (0..101)
        .map(|i| format!("https://app.example.com/{i}"))
        .collect();
    assert_eq!(codes(&redirect_urls("u", &many)), ["too-many-urls"]);
    let f = redirect_urls(
        "u",
        &["https://a.example/".into(), "https://a.example/".into()],
    );
    assert_eq!(codes(&f), ["duplicate-url"]);
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn scope_rules() {
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(scopes("s", &s(&["openid", "email", "profile"])).is_empty());
    assert!(scopes("s", &s(&["https://api.example.com/read", "orders/write"])).is_empty());
    assert_eq!(codes(&scopes("s", &s(&["email"]))), ["scope-needs-openid"]);
    assert_eq!(
        codes(&scopes("s", &s(&["openid", "mail"]))),
        ["unknown-scope"]
    );
    assert_eq!(
        codes(&scopes("s", &s(&["profile", "phone"]))),
        ["scope-needs-openid", "scope-needs-openid"]
    );
}

#[test]
fn attribute_mapping_rules() {
    let m = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<BTreeMap<_, _>>()
    };
    assert!(
        attribute_mapping(
            "m",
            &m(&[("email", "Email Id"), ("custom:dept", "department")])
        )
        .is_empty()
    );
    assert_eq!(
        codes(&attribute_mapping("m", &m(&[("username", "NameID")]))),
        ["mapping-to-username"]
    );
    assert_eq!(
        codes(&attribute_mapping("m", &m(&[("emial", "Email Id")]))),
        ["unknown-pool-attribute"]
    );
    assert_eq!(
        codes(&attribute_mapping("m", &m(&[("custom:", "x")]))),
        ["unknown-pool-attribute"]
    );
    assert_eq!(
        codes(&attribute_mapping("m", &m(&[("email", "  ")]))),
        ["empty-saml-attribute"]
    );
    let ws = attribute_mapping("m", &m(&[("email", "Email Id ")]));
    assert_eq!(codes(&ws), ["saml-attribute-whitespace"]);
    assert_eq!(ws[0].severity, Severity::Warning);
}

#[test]
fn login_port_rules() {
    assert!(login_port("login.port", 8976).is_empty());
    assert_eq!(codes(&login_port("login.port", 0)), ["invalid-login-port"]);
    let low = login_port("login.port", 80);
    assert_eq!(codes(&low), ["privileged-login-port"]);
    assert_eq!(low[0].severity, Severity::Warning);
}

#[test]
fn metadata_url_must_be_https_except_loopback() {
    assert!(metadata_url("u", "https://acme.okta.com/app/exk1/sso/saml/metadata").is_empty());
    assert!(metadata_url("u", "http://127.0.0.1:7000/metadata").is_empty());
    assert_eq!(
        codes(&metadata_url("u", "http://acme.okta.com/app/x")),
        ["metadata-url-not-https"]
    );
    assert_eq!(
        codes(&metadata_url("u", "acme.okta.com")),
        ["invalid-metadata-url"]
    );
}

//! Every doctor check fires on its own misconfiguration, and a healthy federation is clean.

use crate::support;

use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, UserPoolClientType};
use okta_cognito::cognito::state::DomainState;
use okta_cognito::doctor::report::{markdown, redact_account};
use okta_cognito::doctor::{Facts, checks};
use okta_cognito::finding::{Finding, Severity};
use okta_cognito::saml::{Report, inspect};
use std::collections::BTreeSet;
use support::states;
use time::macros::datetime;

fn meta(rel: &str, now: time::OffsetDateTime) -> Report {
    inspect(
        &std::fs::read(support::fixture(&format!("metadata/{rel}"))).unwrap(),
        None,
        None,
        now,
    )
}

fn healthy() -> Facts {
    let st = states::complete();
    let mut provider = st.provider.clone().unwrap();
    provider
        .details
        .retain(|k, _| k == "MetadataURL" || k == "IDPSignout");
    Facts {
        pool: st.pool.clone(),
        domain: Some(DomainState {
            domain: "acme-auth".into(),
            owner_pool: Some(states::POOL.into()),
            status: Some("ACTIVE".into()),
            ..Default::default()
        }),
        custom: false,
        client: st.client.clone(),
        provider_name: "Okta".into(),
        provider: Some(provider),
        live_metadata: Some(Ok(meta(
            "real/okta-10.xml",
            datetime!(2026-11-26 00:00 UTC),
        ))),
        stored_metadata: None,
        has_branding: None,
        okta: None,
        signing_certificate: None,
        okta_current_unread: None,
    }
}

/// The error and warning codes (info is advice, not a problem).
fn problems(f: &Facts) -> BTreeSet<String> {
    checks(f)
        .into_iter()
        .filter(|x| x.severity != Severity::Info)
        .map(|x| x.code.to_string())
        .collect()
}

fn only(f: &Facts, code: &str) {
    let got = problems(f);
    assert_eq!(
        got,
        BTreeSet::from([code.to_string()]),
        "expected only {code}"
    );
}

fn client_with(
    edit: impl FnOnce(
        aws_sdk_cognitoidentityprovider::types::builders::UserPoolClientTypeBuilder,
    )
        -> aws_sdk_cognitoidentityprovider::types::builders::UserPoolClientTypeBuilder,
) -> UserPoolClientType {
    let c = states::complete().client.unwrap();
    let b = UserPoolClientType::builder()
        .client_id("client1")
        .set_supported_identity_providers(Some(c.supported_identity_providers().to_vec()))
        .set_allowed_o_auth_flows(Some(c.allowed_o_auth_flows().to_vec()))
        .allowed_o_auth_flows_user_pool_client(true)
        .set_allowed_o_auth_scopes(Some(c.allowed_o_auth_scopes().to_vec()))
        .set_callback_urls(Some(c.callback_urls().to_vec()))
        .set_logout_urls(Some(c.logout_urls().to_vec()));
    edit(b).build()
}

#[test]
fn a_healthy_federation_has_no_errors_or_warnings() {
    assert!(problems(&healthy()).is_empty(), "{:#?}", checks(&healthy()));
}

#[test]
fn domain_checks() {
    let mut f = healthy();
    f.domain = None;
    only(&f, "domain-missing");
    let mut f = healthy();
    f.domain.as_mut().unwrap().status = Some("CREATING".into());
    only(&f, "domain-not-active");
    assert_eq!(checks(&f)[0].severity, Severity::Warning);
    f.domain.as_mut().unwrap().status = Some("FAILED".into());
    assert_eq!(checks(&f)[0].severity, Severity::Error);
    let mut f = healthy();
    f.custom = true;
    only(&f, "custom-domain-no-certificate");
}

#[test]
fn provider_checks() {
    let mut f = healthy();
    f.provider = None;
    only(&f, "provider-missing");
    let mut f = healthy();
    f.provider.as_mut().unwrap().provider_type = "OIDC".into();
    only(&f, "provider-not-saml");
    let mut f = healthy();
    f.live_metadata = Some(Err(Finding::error(
        okta_cognito::finding::codes::METADATA_UNREACHABLE,
        "could not connect",
        "check",
    )));
    only(&f, "doctor-metadata-unreachable");
    let mut f = healthy();
    f.live_metadata = Some(Ok(meta(
        "bad/sso-soap-only.xml",
        datetime!(2026-11-26 00:00 UTC),
    )));
    only(&f, "metadata-no-redirect-sso");
    let mut f = healthy();
    f.live_metadata = Some(Ok(meta(
        "real/okta-10.xml",
        datetime!(2030-08-03 00:00 UTC),
    )));
    only(&f, "signing-certificate-expiring");
    let mut f = healthy();
    f.live_metadata = Some(Ok(meta(
        "real/okta-10.xml",
        datetime!(2031-01-01 00:00 UTC),
    )));
    only(&f, "signing-certificate-expired");
}

#[test]
fn a_rotated_certificate_cognito_does_not_hold_is_found() {
    let mut f = healthy();
    f.stored_metadata = Some(meta("real/okta-1.xml", datetime!(2026-11-26 00:00 UTC)));
    only(&f, "signing-certificate-rotation-pending");
    f.stored_metadata = Some(meta("real/okta-10.xml", datetime!(2026-11-26 00:00 UTC)));
    assert!(
        problems(&f).is_empty(),
        "the same certificate is no rotation"
    );
}

#[test]
fn idp_signout_and_idp_initiated_checks() {
    let mut f = healthy();
    f.provider
        .as_mut()
        .unwrap()
        .details
        .insert("IDPSignout".into(), "true".into());
    only(&f, "idp-signout-without-slo");
    let mut f = healthy();
    f.provider
        .as_mut()
        .unwrap()
        .details
        .insert("IDPInit".into(), "true".into());
    only(&f, "idp-init-with-cognito");
    // IdP sign-out with an SLO endpoint but no sign-out URL on the client.
    let xml = std::fs::read_to_string(support::fixture("metadata/real/okta-10.xml")).unwrap().replacen(
        "<md:SingleSignOnService",
        "<md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://dev-890556.okta.com/app/x/slo/saml\"/><md:SingleSignOnService",
        1,
    );
    let mut f = healthy();
    f.live_metadata = Some(Ok(inspect(
        xml.as_bytes(),
        None,
        None,
        datetime!(2026-11-26 00:00 UTC),
    )));
    f.provider
        .as_mut()
        .unwrap()
        .details
        .insert("IDPSignout".into(), "true".into());
    f.client = Some(client_with(|b| b.set_logout_urls(None)));
    only(&f, "no-signout-url-with-idp-signout");
}

#[test]
fn mapping_checks() {
    let mut f = healthy();
    f.pool.schema[1].mutable = false;
    only(&f, "mapped-attribute-immutable");
    let mut f = healthy();
    f.provider
        .as_mut()
        .unwrap()
        .attribute_mapping
        .insert("custom:team".into(), "team".into());
    let got = problems(&f);
    assert!(got.contains("mapped-attribute-not-in-schema"), "{got:?}");
    let mut f = healthy();
    f.pool.schema.push(states::attr("family_name", true, true));
    only(&f, "required-attribute-unmapped");
    let mut f = healthy();
    f.provider
        .as_mut()
        .unwrap()
        .attribute_mapping
        .insert("username".into(), "NameID".into());
    only(&f, "mapping-to-username");
    let mut f = healthy();
    f.client = Some(client_with(|b| b.write_attributes("given_name")));
    only(&f, "mapped-attribute-not-writable");
    let mut f = healthy();
    f.client = Some(client_with(|b| b.read_attributes("given_name")));
    only(&f, "mapped-attribute-not-readable");
}

#[test]
fn client_checks() {
    let cases: Vec<(&str, UserPoolClientType)> = vec![
        (
            "provider-not-enabled",
            client_with(|b| b.set_supported_identity_providers(Some(vec!["COGNITO".into()]))),
        ),
        (
            "client-has-secret",
            client_with(|b| b.client_secret("s3cret")),
        ),
        (
            "code-grant-off",
            client_with(|b| b.set_allowed_o_auth_flows(Some(vec![OAuthFlowType::Implicit]))),
        ),
        (
            "oauth-flows-off",
            client_with(|b| b.allowed_o_auth_flows_user_pool_client(false)),
        ),
        (
            "openid-missing",
            client_with(|b| b.set_allowed_o_auth_scopes(Some(vec!["email".into()]))),
        ),
        (
            "no-callback-url",
            client_with(|b| b.set_callback_urls(None)),
        ),
        (
            "callback-not-https",
            client_with(|b| b.callback_urls("http://app.example.com/cb")),
        ),
    ];
    for (code, client) in cases {
        let mut f = healthy();
        f.client = Some(client);
        only(&f, code);
    }
    let mut f = healthy();
    f.has_branding = Some(false);
    only(&f, "managed-login-branding-missing");
}

#[test]
fn the_markdown_report_is_ticket_ready_and_redactable() {
    let f = healthy();
    let mut client = f.clone();
    client.client = Some(client_with(|b| {
        b.allowed_o_auth_flows_user_pool_client(false)
    }));
    let t = okta_cognito::doctor::Target {
        region: "us-east-1".into(),
        pool_id: states::POOL.into(),
        client_id: "client1".into(),
        provider: None,
        metadata_url: None,
        domain: None,
    };
    let mut r = okta_cognito::doctor::report(&t, &client, checks(&client));
    r.pool_arn = Some(format!(
        "arn:aws:cognito-idp:us-east-1:123456789012:userpool/{}",
        states::POOL
    ));
    let md = markdown(&r);
    for text in [
        "## Cognito ↔ Okta federation check",
        "| User pool |",
        "| Tool | okta-cognito",
        "### Errors",
        "**`oauth-flows-off`**",
        "Fix:",
        "Audience URI (SP Entity ID): `urn:amazon:cognito:sp:us-east-1_Test123`",
        "https://acme-auth.auth.us-east-1.amazoncognito.com/saml2/idpresponse",
    ] {
        assert!(md.contains(text), "missing {text:?} in\n{md}");
    }
    assert!(md.contains("123456789012"));
    let red = markdown(&okta_cognito::doctor::report::redacted(&r));
    assert!(
        !red.contains("123456789012") && red.contains("************"),
        "{red}"
    );
    assert_eq!(
        redact_account("arn:aws:cognito-idp:eu-west-1:000011112222:userpool/x"),
        "arn:aws:cognito-idp:eu-west-1:************:userpool/x"
    );
}

/// The Okta app the doctor reads when a token is set, as it should be for `healthy()`.
fn okta_app() -> okta_cognito::idp::okta::doctor::OktaApp {
    let f = healthy();
    let domain = f
        .pool
        .domain
        .clone()
        .expect("the healthy pool has a prefix domain");
    let acs = format!("https://{domain}.auth.us-east-1.amazoncognito.com/saml2/idpresponse");
    okta_cognito::idp::okta::doctor::OktaApp {
        id: "0oa1".into(),
        label: "Amazon Cognito".into(),
        status: "ACTIVE".into(),
        sign_on_mode: "SAML_2_0".into(),
        sign_on: serde_json::json!({
            "ssoAcsUrl": acs, "recipient": acs, "destination": acs,
            "audience": format!("urn:amazon:cognito:sp:{}", states::POOL),
            "attributeStatements": [{"type": "EXPRESSION", "name": "Email Id", "values": ["user.email"]}],
        }),
        anyone_assigned: true,
        metadata_url: Some("https://acme.okta.com/app/exk1/sso/saml/metadata".into()),
    }
}

#[test]
fn okta_checks_with_a_token() {
    use okta_cognito::idp::okta::doctor::{AppRef, app_ref};
    let with = |edit: &dyn Fn(&mut okta_cognito::idp::okta::doctor::OktaApp)| {
        let mut app = okta_app();
        edit(&mut app);
        Facts {
            okta: Some(Ok(app)),
            ..healthy()
        }
    };
    assert!(
        problems(&with(&|_| {})).is_empty(),
        "{:#?}",
        checks(&with(&|_| {}))
    );
    only(
        &with(&|a| a.status = "INACTIVE".into()),
        "okta-app-inactive",
    );
    only(
        &with(&|a| a.sign_on["audience"] = "urn:amazon:cognito:sp:us-east-1_Other".into()),
        "okta-audience-mismatch",
    );
    let wrong_acs =
        with(&|a| a.sign_on["recipient"] = "https://old.example/saml2/idpresponse".into());
    only(&wrong_acs, "okta-acs-mismatch");
    let f = checks(&wrong_acs);
    assert!(
        f[0].message
            .contains("recipient = \"https://old.example/saml2/idpresponse\""),
        "{}",
        f[0].message
    );
    only(
        &with(&|a| a.sign_on["attributeStatements"][0]["name"] = "email".into()),
        "okta-attribute-statement-missing",
    );
    only(
        &with(&|a| a.anyone_assigned = false),
        "okta-nobody-assigned",
    );
    only(
        &with(&|a| a.sign_on_mode = "OPENID_CONNECT".into()),
        "okta-app-not-saml",
    );

    let unreadable = Facts {
        okta: Some(Err(Finding::error(
            okta_cognito::finding::codes::OKTA_TOKEN_INVALID,
            "401",
            "new token",
        ))),
        ..healthy()
    };
    only(&unreadable, "okta-check-skipped");
    let unknown = Facts {
        okta: Some(Err(Finding::info(
            okta_cognito::finding::codes::OKTA_APP_UNKNOWN,
            "key form",
            "set okta.app_id",
        ))),
        ..healthy()
    };
    assert!(problems(&unknown).is_empty());
    assert!(
        checks(&unknown)
            .iter()
            .any(|f| f.code == "okta-app-unknown")
    );

    let org = "https://acme.okta.com";
    let id = |s: &str| Some(AppRef::Id(s.into()));
    assert_eq!(app_ref(Some("0oaSetup"), None, None, org), id("0oaSetup"));
    let url = |key: &str| format!("{org}/app/{key}/sso/saml/metadata");
    assert_eq!(app_ref(None, Some(&url("0oa9x")), None, org), id("0oa9x"));
    let preview = format!("{org}/api/v1/apps/0oa7p/sso/saml/metadata?kid=k");
    assert_eq!(app_ref(None, Some(&preview), None, org), id("0oa7p"));
    // The console's form carries the external key; the metadata's sign-on URL names the app.
    let sso = format!("{org}/app/acme_cognito_1/exk9x/sso/saml");
    assert_eq!(
        app_ref(None, Some(&url("exk9x")), Some(&sso), org),
        Some(AppRef::Name("acme_cognito_1".into()))
    );
    assert_eq!(
        app_ref(None, Some(&url("exk9x")), None, org),
        None,
        "without the metadata the key alone cannot be looked up"
    );
    assert_eq!(
        app_ref(None, Some(&url("exkOther")), Some(&sso), org),
        None,
        "a sign-on URL of another app is not this one"
    );
    assert_eq!(
        app_ref(None, Some(&url("0oa9x")), None, "https://other.okta.com"),
        None
    );

    // A provider reading the API's preview (needs a token) is told the public URL.
    let mut facts = with(&|_| {});
    if let Some(p) = facts.provider.as_mut() {
        p.details.insert("MetadataURL".into(), preview.clone());
    }
    let codes: Vec<String> = checks(&facts)
        .into_iter()
        .map(|f| f.code.to_string())
        .collect();
    assert!(
        codes.contains(&"metadata-url-needs-token".to_string()),
        "{codes:?}"
    );
    let named = checks(&facts)
        .into_iter()
        .find(|f| f.code == "okta-metadata-url-not-public")
        .expect("the public URL is named");
    assert!(
        named
            .fix
            .contains("https://acme.okta.com/app/exk1/sso/saml/metadata")
    );
}

mod cognito_certificates_in_okta {
    use okta_cognito::cognito::state::ProviderState;
    use okta_cognito::doctor::certificates::checks;
    use serde_json::json;

    fn cert(name: &str) -> String {
        std::fs::read_to_string(super::support::fixture(&format!(
            "cognito-certs/{name}.b64"
        )))
        .unwrap()
        .trim()
        .to_string()
    }

    fn provider(details: &[(&str, &str)]) -> ProviderState {
        ProviderState {
            name: "Okta".into(),
            provider_type: "SAML".into(),
            details: details
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    fn codes(f: &[okta_cognito::finding::Finding]) -> Vec<(String, String)> {
        f.iter()
            .map(|x| (x.code.to_string(), format!("{:?}", x.severity)))
            .collect()
    }

    #[test]
    fn last_years_signing_certificate_is_stale_and_another_keys_is_an_error() {
        let p = provider(&[("IDPSignout", "true")]);
        let current = cert("current");
        let holding = |c: &str| json!({"spCertificate": {"x5c": [c]}});
        assert!(checks("app", &holding(&current), &p, Some(&current)).is_empty());

        let stale = checks("app", &holding(&cert("last-year")), &p, Some(&current));
        assert_eq!(
            codes(&stale),
            [("okta-signing-certificate-stale".into(), "Warning".into())]
        );
        assert!(
            stale[0].message.contains("valid until 2035-10-30"),
            "{}",
            stale[0].message
        );
        assert!(
            stale[0].message.contains("valid until 2036-10-29"),
            "{}",
            stale[0].message
        );
        assert!(
            stale[0].message.contains("SHA-256 "),
            "{}",
            stale[0].message
        );

        let wrong = checks("app", &holding(&cert("other-key")), &p, Some(&current));
        assert_eq!(
            codes(&wrong),
            [("okta-signing-certificate-stale".into(), "Error".into())]
        );

        let none = checks("app", &json!({}), &p, Some(&current));
        assert_eq!(codes(&none)[0].0, "okta-signing-certificate-missing");
    }

    #[test]
    fn encryption_must_match_on_both_sides() {
        let current = cert("current");
        let encrypting = provider(&[
            ("EncryptedResponses", "true"),
            ("ActiveEncryptionCertificate", current.as_str()),
        ]);
        let okta = |enabled: bool, c: &str| json!({"assertionEncryption": {"enabled": enabled, "x5c": [c]}});
        assert!(checks("app", &okta(true, &current), &encrypting, None).is_empty());
        assert_eq!(
            codes(&checks(
                "app",
                &okta(true, &cert("last-year")),
                &encrypting,
                None
            )),
            [("okta-encryption-certificate-stale".into(), "Warning".into())]
        );
        assert_eq!(
            codes(&checks("app", &okta(false, &current), &encrypting, None))[0].0,
            "okta-assertion-encryption-off"
        );
        let plain = provider(&[("EncryptedResponses", "false")]);
        assert_eq!(
            codes(&checks("app", &okta(true, &current), &plain, None))[0].0,
            "okta-assertion-encryption-unexpected"
        );
    }
}

/// `doctor --all` looks 90 days ahead: a tenant's last valid certificate ending within them is
/// a warning (said once, also when the metadata check already warns at 30 days), and a domain
/// two tenants claim or a consumer mail domain is an error on the later tenant.
#[test]
fn doctor_all_looks_ahead_and_names_shared_domains() {
    use okta_cognito::cognito::state::ProviderState;
    use okta_cognito::doctor::tenants::{Health, PoolFacts, TenantFacts, check};
    let xml = std::fs::read(support::fixture("metadata/real/okta-10.xml")).unwrap();
    // Its certificate ends on 2030-08-13.
    let seen_on = |now| inspect(&xml, None, None, now);
    let tenant = |name: &str, domains: &[&str], metadata: Report| TenantFacts {
        name: name.into(),
        provider_name: name.into(),
        domains: domains.iter().map(|d| d.to_string()).collect(),
        provider: Some(ProviderState {
            name: name.into(),
            provider_type: "SAML".into(),
            identifiers: domains.iter().map(|d| d.to_string()).collect(),
            ..ProviderState::default()
        }),
        metadata: Some(metadata),
        ..TenantFacts::default()
    };
    let pool = PoolFacts {
        pool_id: "us-east-1_X".into(),
        client_id: "c1".into(),
        client_providers: Some(vec!["Acme".into(), "Globex".into(), "Hooli".into()]),
        provider_names: vec!["Acme".into(), "Globex".into(), "Hooli".into()],
    };
    let report = check(
        &[
            tenant(
                "Acme",
                &["acme.example"],
                seen_on(datetime!(2030-01-01 0:00 UTC)),
            ),
            tenant(
                "Globex",
                &["globex.example"],
                seen_on(datetime!(2030-06-01 0:00 UTC)),
            ),
            tenant(
                "Hooli",
                &["ACME.example", "gmail.com"],
                seen_on(datetime!(2030-07-30 0:00 UTC)),
            ),
        ],
        &pool,
    );
    let [acme, globex, hooli] = &report.tenants[..] else {
        panic!("three rows")
    };
    assert_eq!(acme.health, Health::Ok, "{:#?}", acme.findings);
    assert_eq!(globex.health, Health::Warning);
    assert_eq!(globex.certificate_days_left, Some(73));
    assert!(globex.findings[0].message.contains("within the 90 days"));
    let codes: Vec<&str> = hooli.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "federation-identifier-taken",
            "consumer-mail-domain",
            "signing-certificate-expiring"
        ],
        "{:#?}",
        hooli.findings
    );
    assert_eq!(hooli.health, Health::Error);
    assert!(!report.healthy());

    // A client that does not offer a tenant's provider leaves its users unable to sign in.
    let mut unoffered = pool.clone();
    unoffered.client_providers = Some(vec!["Acme".into()]);
    let report = check(
        &[tenant(
            "Globex",
            &["globex.example"],
            seen_on(datetime!(2030-01-01 0:00 UTC)),
        )],
        &unoffered,
    );
    assert_eq!(report.tenants[0].findings[0].code, "provider-not-enabled");
}

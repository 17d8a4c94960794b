//! `explain` and the callback judge: pasted text in, cause and fix out.

use crate::support;

use okta_cognito::login::explain::explain_text;
use okta_cognito::login::listener::{Callback, judge};
use std::collections::HashMap;
use support::{bin, run};

fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_whole_callback_url_is_explained() {
    let f = explain_text(
        "http://localhost:8976/callback?error_description=username%3A+Attribute+does+not+exist+in+the+schema.%0A&state=abc&error=invalid_request",
    );
    assert_eq!(f.code, "attribute-not-in-schema");
    assert!(f.fix.contains("preferred_username"));
}

#[test]
fn token_error_json_and_bare_codes_are_explained() {
    assert_eq!(
        explain_text(r#"{"error":"invalid_grant"}"#).code,
        "token-invalid-grant"
    );
    assert_eq!(explain_text("invalid_client").code, "token-invalid-client");
    assert_eq!(
        explain_text(r#"{"error":"unauthorized_client"}"#).code,
        "token-unauthorized-client"
    );
}

#[test]
fn a_provider_missing_from_the_client_is_not_read_as_oauth_being_off() {
    let f = explain_text(
        "http://localhost:8976/callback?error_description=The+identity+provider+Okta+is+not+enabled+for+this+client.&state=s&error=invalid_request",
    );
    assert_eq!(f.code, "provider-not-enabled", "{f:?}");
    assert!(f.fix.contains("apply"), "{}", f.fix);
}

#[test]
fn unknown_text_still_gets_a_fix() {
    let f = explain_text("the moon is made of cheese");
    assert_eq!(f.code, "sign-in-error");
    assert!(!f.fix.is_empty());
}

#[test]
fn the_callback_judge_refuses_a_foreign_state_and_keeps_waiting() {
    let (status, _, result) = judge("expected", &q(&[("code", "c1"), ("state", "forged")]));
    assert_eq!(status.as_u16(), 400);
    assert_eq!(result, None, "a forged state ends nothing");
    let (_, _, result) = judge("expected", &q(&[("code", "c1")]));
    assert_eq!(result, None, "a missing state ends nothing");
    let (status, page, result) = judge("expected", &q(&[("code", "c1"), ("state", "expected")]));
    assert_eq!(status.as_u16(), 200);
    assert_eq!(result, Some(Callback::Code("c1".into())));
    assert!(page.0.contains("return to the terminal"));
    let (_, page, result) = judge(
        "expected",
        &q(&[
            ("error", "invalid_request"),
            ("error_description", "<script>x</script>"),
            ("state", "expected"),
        ]),
    );
    assert!(matches!(result, Some(Callback::Error { .. })));
    assert!(
        !page.0.contains("<script>x"),
        "error text is escaped in the result page"
    );
}

#[test]
fn the_explain_command_prints_cause_and_fix() {
    let r = run(bin().args(["explain", "SAML Assertion signature is invalid"]));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("saml-signature-invalid") && r.stdout.contains("fix:"));
    let r = run(bin().args([
        "explain",
        "--json",
        "Client is not enabled for OAuth2.0 flows.",
    ]));
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(v["code"], "client-oauth-disabled");
}

#[test]
fn messages_met_since_2023_get_their_cause_and_fix() {
    for (text, code, fix_says) in [
        (
            "Login pages unavailable. Please contact an administrator.",
            "managed-login-no-branding",
            "CreateManagedLoginBranding",
        ),
        (
            "Invalid user attributes: Type for attribute {custom:groups} could not be determined",
            "mapped-custom-attribute-missing",
            "Custom attributes",
        ),
        (
            "InvalidParameterException: Invalid ProviderName/Username combination.",
            "link-provider-user-mismatch",
            "lower case",
        ),
        (
            "FeatureUnavailableInTierException: This feature is not available in the current tier",
            "feature-plan-unavailable",
            "Essentials or Plus",
        ),
        (
            "Error in SAML response processing: SAML Assertion signature is invalid",
            "saml-signature-invalid",
            "save the app client again",
        ),
        (
            "InvalidParameterException: Custom domain is not a valid subdomain: Was not able to resolve the root domain, please ensure an A record exists for the root domain.",
            "custom-domain-parent-no-a-record",
            "A record",
        ),
    ] {
        let f = explain_text(text);
        assert_eq!(f.code, code, "{text}");
        assert!(f.fix.contains(fix_says), "{text}: {}", f.fix);
        let r = run(bin().args(["explain", text]));
        assert!(r.stdout.contains(code), "{}", r.stdout);
    }
}

#[test]
fn a_successful_callback_is_called_a_success_not_a_refusal() {
    let f = explain_text("https://app.example.com/cb?code=0a1b2c&state=xyz");
    assert_eq!(f.code, "callback-succeeded", "{f:?}");
    assert!(!f.message.contains("refused"), "{}", f.message);
    assert!(f.message.contains("successful callback"), "{}", f.message);
    let r = run(bin().args([
        "explain",
        "https://app.example.com/cb?code=0a1b2c&state=xyz",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("successful callback"), "{}", r.stdout);
}

#[test]
fn a_query_string_copied_from_the_address_bar_is_read() {
    for pasted in [
        "error_description=username%3A+Attribute+does+not+exist+in+the+schema.&error=invalid_request",
        "?error=invalid_request&error_description=username%3A+Attribute+does+not+exist+in+the+schema.",
    ] {
        let f = explain_text(pasted);
        assert_eq!(f.code, "attribute-not-in-schema", "{pasted}: {f:?}");
        assert!(
            f.message.contains("does not exist in the schema"),
            "{}",
            f.message
        );
    }
}

#[test]
fn free_text_is_quoted_without_an_empty_error_name() {
    let f = explain_text("SAML Assertion signature is invalid");
    assert!(!f.message.contains("()"), "{}", f.message);
    assert!(
        f.message.contains("SAML Assertion signature is invalid —"),
        "{}",
        f.message
    );
}

#[test]
fn a_pasted_error_page_without_state_ends_the_wait_with_its_explanation() {
    use okta_cognito::login::{Pasted, judge_pasted};
    // Cognito's own error page carries no state: it is this sign-in's failure.
    let cognito_error_page =
        "https://acme.auth.us-east-1.amazoncognito.com/error?error=redirect_mismatch";
    match judge_pasted("mine", cognito_error_page) {
        Pasted::Failed(f) => assert_eq!(f.code, "redirect-mismatch", "{f:?}"),
        _ => panic!("an error page without state must be explained"),
    }
    // Another sign-in's error is explained but does not end this one.
    match judge_pasted(
        "mine",
        "http://localhost:8976/callback?error=access_denied&state=old",
    ) {
        Pasted::Refused(f) => assert!(f.message.contains("older sign-in"), "{}", f.message),
        _ => panic!("another sign-in's error must not end this one"),
    }
    // A code needs this sign-in's state.
    assert!(matches!(
        judge_pasted("mine", "http://localhost:8976/callback?code=c&state=mine"),
        Pasted::Code(c) if c == "c"
    ));
    assert!(matches!(
        judge_pasted("mine", "http://localhost:8976/callback?code=c&state=forged"),
        Pasted::Refused(_)
    ));
}

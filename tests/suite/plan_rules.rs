//! The plan as a pure function: ordering, additivity, and every pre-flight finding.

use crate::support;

use okta_cognito::cognito::plan::{Action, MetadataInput, Plan};
use okta_cognito::finding::{Finding, Severity};
use okta_cognito::flows::plan::plan;
use okta_cognito::saml::Report;
use support::states::*;

fn run(setup: &okta_cognito::setup::Setup, state: &okta_cognito::cognito::state::State) -> Plan {
    plan(setup, state, &MetadataInput::default())
}

fn finding<'a>(p: &'a Plan, code: &str) -> &'a Finding {
    p.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", p.findings))
}

fn kinds(p: &Plan) -> Vec<&'static str> {
    p.changes
        .iter()
        .map(|c| match c.action {
            Action::CreateClient { .. } => "create-client",
            Action::CreateDomain { .. } => "create-domain",
            Action::CreateProvider { .. } => "create-provider",
            Action::UpdateProvider { .. } => "update-provider",
            Action::UpdateClient => "update-client",
            Action::CreateBranding => "create-branding",
            Action::DeleteProvider { .. } => "delete-provider",
        })
        .collect()
}

#[test]
fn a_fresh_pool_gets_domain_provider_and_client_update_in_order() {
    let p = run(&setup(), &fresh());
    assert!(!p.blocked(), "{:#?}", p.findings);
    assert_eq!(
        kinds(&p),
        ["create-domain", "create-provider", "update-client"]
    );
    let update = p.changes.last().unwrap();
    let field = |name: &str| update.diffs.iter().find(|d| d.field == name).unwrap();
    assert_eq!(field("SupportedIdentityProviders").after, "Okta, COGNITO");
    assert_eq!(field("AllowedOAuthFlows").after, "code");
    assert_eq!(field("AllowedOAuthFlowsUserPoolClient").after, "true");
    assert_eq!(
        field("CallbackURLs").after,
        "https://app.example.com/, http://localhost:8976/callback"
    );
}

#[test]
fn a_setup_without_client_id_creates_a_public_client_first() {
    let mut s = setup();
    s.app_client.client_id = None;
    let mut state = fresh();
    state.client = None;
    let p = run(&s, &state);
    assert_eq!(
        kinds(&p),
        [
            "create-client",
            "create-domain",
            "create-provider",
            "update-client"
        ]
    );
    assert!(p.changes[0].description.contains("no secret"));
}

#[test]
fn a_complete_federation_plans_zero_changes_ignoring_cognito_added_keys() {
    let p = run(&setup(), &complete());
    assert!(p.changes.is_empty(), "{:#?}", p.changes);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
}

#[test]
fn updates_are_additive_and_never_send_cognito_added_keys() {
    let mut state = complete();
    state
        .provider
        .as_mut()
        .unwrap()
        .details
        .insert("IDPSignout".into(), "true".into());
    let p = run(&setup(), &state);
    assert_eq!(kinds(&p), ["update-provider"]);
    let Action::UpdateProvider { details, .. } = &p.changes[0].action else {
        panic!()
    };
    for key in [
        "ActiveEncryptionCertificate",
        "SSORedirectBindingURI",
        "SLORedirectBindingURI",
    ] {
        assert!(!details.contains_key(key), "{key} must never be sent back");
    }
    assert_eq!(details["IDPSignout"], "false");

    let mut s = setup();
    s.app_client
        .callback_urls
        .push("https://new.example.com/cb".into());
    s.app_client.scopes.push("phone".into());
    let p = run(&s, &complete());
    let update = &p.changes[0];
    let cb = update
        .diffs
        .iter()
        .find(|d| d.field == "CallbackURLs")
        .unwrap();
    assert_eq!(
        cb.after,
        "https://app.example.com/, http://localhost:8976/callback, https://new.example.com/cb"
    );
    let scopes = update
        .diffs
        .iter()
        .find(|d| d.field == "AllowedOAuthScopes")
        .unwrap();
    assert_eq!(scopes.after, "openid, email, profile, phone");
}

#[test]
fn an_existing_mapping_is_kept_and_the_setups_entries_set() {
    let mut state = complete();
    state
        .provider
        .as_mut()
        .unwrap()
        .attribute_mapping
        .insert("given_name".into(), "firstName".into());
    let p = run(&setup(), &state);
    assert!(
        p.changes.is_empty(),
        "another mapping the customer has is kept, not removed: {:#?}",
        p.changes
    );
}

#[test]
fn write_attributes_cover_every_mapped_attribute() {
    let mut state = complete();
    let client = state.client.take().unwrap();
    state.client = Some(
        aws_sdk_cognitoidentityprovider::types::UserPoolClientType::builder()
            .set_supported_identity_providers(Some(client.supported_identity_providers().to_vec()))
            .set_allowed_o_auth_flows(Some(client.allowed_o_auth_flows().to_vec()))
            .allowed_o_auth_flows_user_pool_client(true)
            .set_allowed_o_auth_scopes(Some(client.allowed_o_auth_scopes().to_vec()))
            .set_callback_urls(Some(client.callback_urls().to_vec()))
            .set_logout_urls(Some(client.logout_urls().to_vec()))
            .client_id("client1")
            .write_attributes("given_name")
            .read_attributes("given_name")
            .build(),
    );
    let p = run(&setup(), &state);
    let d = &p.changes[0].diffs;
    assert_eq!(
        d.iter()
            .find(|d| d.field == "WriteAttributes")
            .unwrap()
            .after,
        "given_name, email"
    );
    assert_eq!(
        d.iter()
            .find(|d| d.field == "ReadAttributes")
            .unwrap()
            .after,
        "given_name, email"
    );
}

#[test]
fn a_mapped_custom_attribute_makes_write_attributes_explicit() {
    let mut s = setup();
    s.provider
        .attribute_mapping
        .insert("custom:dept".into(), "department".into());
    let p = run(&s, &complete());
    let w = p
        .changes
        .iter()
        .flat_map(|c| &c.diffs)
        .find(|d| d.field == "WriteAttributes")
        .unwrap();
    assert_eq!(w.before, "(all, unset)");
    assert!(
        w.after.contains("email") && w.after.contains("custom:dept"),
        "{}",
        w.after
    );
}

#[test]
fn mapped_attribute_missing_or_immutable_blocks() {
    let mut s = setup();
    s.provider
        .attribute_mapping
        .insert("custom:team".into(), "team".into());
    let p = run(&s, &fresh());
    assert!(p.blocked());
    assert!(
        finding(&p, "mapped-attribute-not-in-schema")
            .message
            .contains("custom:team")
    );

    let mut state = fresh();
    state.pool.schema[1].mutable = false;
    let p = run(&setup(), &state);
    assert!(p.blocked());
    let f = finding(&p, "mapped-attribute-immutable");
    assert!(
        f.message.contains("Attribute cannot be updated"),
        "{}",
        f.message
    );
}

/// A console-made federation with the immutable attribute already mapped: the plan cannot
/// make it worse and apply cannot fix it, so it warns and lets the other fixes through; a
/// mapping the plan would add still blocks.
#[test]
fn an_immutable_mapping_already_live_warns_and_lets_the_client_fix_through() {
    let mut state = complete();
    state.pool.schema[1].mutable = false;
    if let Some(c) = state.client.as_mut() {
        c.supported_identity_providers = Some(vec!["COGNITO".into()]);
    }
    let p = run(&setup(), &state);
    assert!(!p.blocked(), "{:#?}", p.findings);
    let f = finding(&p, "mapped-attribute-immutable");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("already so in the live provider"),
        "{}",
        f.message
    );
    assert_eq!(kinds(&p), ["update-client"]);

    let mut other = setup();
    other
        .provider
        .attribute_mapping
        .insert("email".into(), "mail".into());
    let p = run(&other, &state);
    assert!(
        p.blocked(),
        "a changed mapping to an immutable attribute still blocks"
    );
}

#[test]
fn a_required_attribute_left_unmapped_is_a_warning() {
    let mut state = fresh();
    state.pool.schema.push(attr("family_name", true, true));
    let p = run(&setup(), &state);
    assert!(!p.blocked());
    let f = finding(&p, "required-attribute-unmapped");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("family_name"));
}

#[test]
fn domain_conflicts_block() {
    let mut state = fresh();
    state.wanted_domain.as_mut().unwrap().owner_pool = Some("us-east-1_Other".into());
    let p = run(&setup(), &state);
    assert!(
        finding(&p, "domain-prefix-taken")
            .message
            .contains("us-east-1_Other")
    );
    assert!(p.blocked());

    let mut state = fresh();
    state.pool.domain = Some("old-prefix".into());
    let p = run(&setup(), &state);
    assert!(
        finding(&p, "pool-has-other-domain")
            .fix
            .contains("old-prefix")
    );

    let mut s = setup();
    s.domain.prefix = None;
    s.domain.custom = Some("auth.example.com".into());
    let p = run(&s, &fresh());
    finding(&p, "custom-domain-needs-certificate");
}

#[test]
fn invalid_setup_values_block_the_plan() {
    let mut s = setup();
    s.provider.name = "Okta Prod".into();
    let p = run(&s, &fresh());
    assert!(p.blocked());
    finding(&p, "invalid-provider-name");
}

#[test]
fn idp_initiated_sign_in_with_cognito_is_refused() {
    let mut s = setup();
    s.provider.idp_init = true;
    let p = run(&s, &complete());
    assert!(p.blocked());
    finding(&p, "idp-init-with-cognito");
}

#[test]
fn refused_metadata_blocks_and_unreachable_metadata_warns() {
    let refused = Report {
        findings: vec![Finding::error(
            okta_cognito::finding::codes::METADATA_NO_REDIRECT_SSO,
            "no HTTP-Redirect",
            "enable it",
        )],
        ..Report::default()
    };
    let p = plan(
        &setup(),
        &fresh(),
        &MetadataInput {
            report: Some(refused),
            ..MetadataInput::default()
        },
    );
    assert!(p.blocked());
    finding(&p, "metadata-no-redirect-sso");

    let p = plan(
        &setup(),
        &fresh(),
        &MetadataInput {
            fetch_problem: Some(Finding::error(
                okta_cognito::finding::codes::METADATA_UNREACHABLE,
                "could not connect",
                "check",
            )),
            ..MetadataInput::default()
        },
    );
    assert!(!p.blocked());
    assert_eq!(
        finding(&p, "metadata-not-checked").severity,
        Severity::Warning
    );
}

#[test]
fn a_provider_of_another_type_blocks() {
    let mut state = complete();
    state.provider.as_mut().unwrap().provider_type = "OIDC".into();
    let p = run(&setup(), &state);
    assert!(p.blocked());
    finding(&p, "provider-not-saml");
}

#[test]
fn a_client_with_a_secret_is_warned_and_missing_branding_is_created() {
    let mut state = complete();
    let c = state.client.take().unwrap();
    let mut b = aws_sdk_cognitoidentityprovider::types::UserPoolClientType::builder()
        .client_secret("s3cret");
    b = b
        .client_id("client1")
        .set_supported_identity_providers(Some(c.supported_identity_providers().to_vec()))
        .set_allowed_o_auth_flows(Some(c.allowed_o_auth_flows().to_vec()))
        .allowed_o_auth_flows_user_pool_client(true)
        .set_allowed_o_auth_scopes(Some(c.allowed_o_auth_scopes().to_vec()))
        .set_callback_urls(Some(c.callback_urls().to_vec()))
        .set_logout_urls(Some(c.logout_urls().to_vec()));
    state.client = Some(b.build());
    state.has_branding = Some(false);
    let p = run(&setup(), &state);
    assert_eq!(finding(&p, "client-has-secret").severity, Severity::Warning);
    assert_eq!(kinds(&p), ["create-branding"]);
}

/// What the doctor would warn of right after apply, the plan warns of before: IdP sign-out
/// on, metadata without SingleLogoutService, and a client without a sign-out URL.
#[test]
fn the_plan_warns_of_what_the_doctor_would_find_after_apply() {
    let mut s = setup();
    s.provider.idp_signout = true;
    s.app_client.logout_urls.clear();
    let text = std::fs::read(support::fixture("metadata/real/okta-10.xml")).unwrap();
    let report = okta_cognito::saml::inspect(&text, None, None, time::OffsetDateTime::now_utc());
    assert!(
        report.slo.is_empty(),
        "this Okta metadata has no SLO endpoint"
    );
    let mut state = fresh();
    if let Some(c) = state.client.as_mut() {
        c.logout_urls = None;
    }
    let p = plan(
        &s,
        &state,
        &MetadataInput {
            report: Some(report),
            ..MetadataInput::default()
        },
    );
    assert_eq!(
        finding(&p, "idp-signout-without-slo").severity,
        Severity::Warning
    );
    assert_eq!(
        finding(&p, "no-signout-url-with-idp-signout").severity,
        Severity::Warning
    );
    // Predicted findings never repeat one the plan has, nor the provider and client it creates.
    let codes: Vec<&str> = p.findings.iter().map(|f| f.code.as_str()).collect();
    for code in ["provider-missing", "provider-not-enabled", "code-grant-off"] {
        assert!(
            !codes.contains(&code),
            "{code} would be fixed by the plan: {codes:?}"
        );
    }
    let unique: std::collections::BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len(), "no finding twice: {codes:?}");

    // With a sign-out URL and IdP sign-out off, neither warning.
    let p = run(&setup(), &fresh());
    assert!(
        p.findings
            .iter()
            .all(|f| !f.code.as_str().contains("signout")),
        "{:#?}",
        p.findings
    );
}

/// `tenant remove` leaves the provider's name in `removed_providers`: the plan first stops
/// the client offering it, then deletes it, and says both.
#[test]
fn a_removed_provider_is_unlisted_from_the_client_then_deleted() {
    let mut s = setup();
    s.removed_providers = vec!["Globex".into()];
    let mut state = complete();
    state.provider_names.push("Globex".into());
    let client = state.client.clone().expect("complete has a client");
    if let Some(c) = state.client.as_mut() {
        c.supported_identity_providers
            .get_or_insert_default()
            .push("Globex".into());
    }
    let p = run(&s, &state);
    assert!(!p.blocked(), "{:#?}", p.findings);
    assert_eq!(kinds(&p), ["update-client", "delete-provider"]);
    let unlisted = &p.changes[0].diffs[0];
    assert_eq!(unlisted.field, "SupportedIdentityProviders");
    assert!(unlisted.before.contains("Globex") && !unlisted.after.contains("Globex"));
    assert!(
        p.changes[1]
            .description
            .starts_with("Delete provider Globex")
    );

    // Once it is gone, there is nothing left to do.
    state.provider_names.retain(|n| n != "Globex");
    state.client = Some(client);
    assert!(run(&s, &state).changes.is_empty());
}

#[test]
fn a_provider_both_kept_and_removed_is_refused() {
    let mut s = setup();
    s.removed_providers = vec!["okta".into()];
    let p = run(&s, &complete());
    assert!(p.blocked());
    assert!(
        finding(&p, "removed-provider-in-use")
            .message
            .contains("removed_providers[0]")
    );
}

//! Every wizard screen drawn on ratatui's TestBackend at 80x24 and 120x40, in its normal,
//! loading, error and filled states. `cargo insta review` shows what changed.

mod support;

use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use okta_cognito::cognito::apply::Outcome as ApplyOutcome;
use okta_cognito::cognito::plan::{MetadataInput, plan};
use okta_cognito::cognito::pools::{ClientSummary, PoolSummary};
use okta_cognito::cognito::state::DomainState;
use okta_cognito::finding::Finding;
use okta_cognito::login::{LoginOutcome, MappedAttribute, token::Tokens};
use okta_cognito::okta::assign::Assignee;
use okta_cognito::okta::credentials::{Credentials, OktaEnv};
use okta_cognito::okta::{Change as OktaChange, Outcome};
use okta_cognito::saml::inspect;
use okta_cognito::tui::app::{App, Load, OktaChoice, Step, StepState};
use okta_cognito::tui::input::Input;
use okta_cognito::tui::theme::Theme;
use okta_cognito::tui::view::view;
use ratatui::{Terminal, backend::TestBackend};
use std::time::Duration;
use support::states;

fn render(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view(app, f, &Theme { color: false }))
        .unwrap();
    term.backend().to_string()
}

/// Snapshots the screen at both sizes the wizard promises to work at.
fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), render(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), render(app, 120, 40));
}

fn base(step: Step) -> App {
    let mut app = App::new(Some("prod-admin".into()), "us-east-1".into(), None);
    app.aws.credentials = Load::Ready("credential chain".into());
    app.setup.user_pool_id = states::POOL.into();
    app.setup.domain.prefix = Some("acme-auth".into());
    app.step = step;
    app.focus = 0;
    app.log_path = "~/.local/state/okta-cognito/wizard.log".into();
    app
}

fn fail(code: okta_cognito::finding::Code) -> Vec<Finding> {
    vec![Finding::error(
        code,
        "AWS refused cognito-idp:ListUserPools on the account's user pools: not authorized",
        "Allow the IAM action; `okta-cognito iam-policy` prints the policy.",
    )]
}

#[test]
fn welcome() {
    let mut app = App::new(None, "eu-west-1".into(), None);
    app.log_path = "~/.local/state/okta-cognito/wizard.log".into();
    snap("welcome_loading", &app);
    app.aws.credentials = Load::Ready("credential chain".into());
    snap("welcome_ready", &app);
    app.aws.credentials = Load::Failed(vec![Finding::error(
        okta_cognito::finding::codes::AWS_NO_CREDENTIALS,
        "no usable AWS credentials: no credentials found in chain",
        "Sign in again: `aws sso login --profile NAME`.",
    )]);
    snap("welcome_no_credentials", &app);
}

#[test]
fn pool() {
    let mut app = base(Step::Pool);
    app.pools = Load::Loading;
    snap("pool_loading", &app);
    app.pools = Load::Failed(fail(okta_cognito::finding::codes::AWS_ACCESS_DENIED));
    snap("pool_error", &app);
    app.pools = Load::Ready(vec![
        PoolSummary {
            id: "us-east-1_AbCdEf123".into(),
            name: "production".into(),
            created: Some("2024-03-01T10:00:00Z".into()),
        },
        PoolSummary {
            id: "us-east-1_Zz9Yy8Xx7".into(),
            name: "staging".into(),
            created: Some("2025-07-14T08:30:00Z".into()),
        },
        PoolSummary {
            id: "us-east-1_Lab000001".into(),
            name: "support-lab".into(),
            created: None,
        },
    ]);
    app.focus = 1;
    snap("pool_filled", &app);
    app.pool_filter = Input::with("lab");
    app.editing = true;
    app.focus = 0;
    snap("pool_filtered", &app);
}

#[test]
fn client() {
    let mut app = base(Step::Client);
    app.clients = Load::Loading;
    snap("client_loading", &app);
    app.clients = Load::Ready(vec![
        ClientSummary {
            id: "4h5k6j7l8m9n0p1q2r3s4t5u6v".into(),
            name: "web".into(),
        },
        ClientSummary {
            id: "7a7a7a7a7a7a7a7a7a7a7a7a7a".into(),
            name: "backend".into(),
        },
    ]);
    snap("client_filled", &app);
    app.focus = 2;
    app.client = Load::Ready(
        UserPoolClientType::builder()
            .client_id("7a7a7a7a7a7a7a7a7a7a7a7a7a")
            .client_name("backend")
            .client_secret("s3cr3t")
            .build(),
    );
    snap("client_with_secret", &app);
    app.clients = Load::Failed(fail(okta_cognito::finding::codes::AWS_NOT_FOUND));
    snap("client_error", &app);
}

#[test]
fn domain() {
    let mut app = base(Step::Domain);
    app.domain_input = Input::default();
    app.editing = true;
    snap("domain_empty", &app);
    app.domain_input = Input::with("My_Cognito");
    snap("domain_invalid", &app);
    app.domain_input = Input::with("acme-auth");
    app.domain_check = Load::Loading;
    snap("domain_checking", &app);
    app.domain_check = Load::Ready(DomainState {
        domain: "acme-auth".into(),
        owner_pool: Some("us-east-1_Other".into()),
        ..Default::default()
    });
    snap("domain_taken", &app);
    let mut pool = states::pool();
    pool.domain = Some("existing-prefix".into());
    app.pool = Load::Ready(pool);
    app.editing = false;
    snap("domain_existing", &app);
}

#[test]
fn okta_checklist() {
    let mut app = base(Step::Okta);
    app.okta_ticks[0] = true;
    app.okta_ticks[1] = true;
    app.focus = 2;
    snap("okta_filled", &app);
}

fn okta_assignee(id: &str, name: &str, detail: &str) -> Assignee {
    Assignee {
        id: id.into(),
        name: name.into(),
        detail: detail.into(),
    }
}

#[test]
fn okta_api_path() {
    let mut app = base(Step::Okta);
    app.okta_api.credentials = Some(Credentials::resolve(
        None,
        None,
        &OktaEnv {
            api_token: Some("00tok".into()),
            ..OktaEnv::default()
        },
    ));
    snap("okta_api_missing_org", &app);

    let creds = support::okta::token_credentials("https://acme.okta.com");
    app.okta_api.credentials = Some(Ok(creds));
    snap("okta_api_ready", &app);

    app.editing = true;
    app.okta_api.choices = Load::Loading;
    snap("okta_api_picker_loading", &app);
    let mut choices = vec![
        OktaChoice {
            group: true,
            who: okta_assignee("00g1", "Everyone", "All users in your organization"),
            chosen: false,
        },
        OktaChoice {
            group: true,
            who: okta_assignee("00g2", "Engineering", ""),
            chosen: true,
        },
    ];
    for n in 0..30 {
        choices.push(OktaChoice {
            group: false,
            who: okta_assignee(
                &format!("00u{n}"),
                &format!("user{n}@acme.example"),
                "Pat Example",
            ),
            chosen: false,
        });
    }
    app.okta_api.choices = Load::Ready(choices);
    app.focus = 25;
    snap("okta_api_picker", &app);

    app.editing = false;
    app.okta_api.outcome = Some(Outcome {
        org_url: "https://acme.okta.com".into(),
        app_id: Some("0oa1b2c3d4e5f6g7h8i9".into()),
        app_label: "Amazon Cognito us-east-1_Test123".into(),
        metadata_url: Some(
            "https://acme.okta.com/app/0oa1b2c3d4e5f6g7h8i9/sso/saml/metadata".into(),
        ),
        changes: vec![
            OktaChange::CreatedApp {
                id: "0oa1b2c3d4e5f6g7h8i9".into(),
                label: "Amazon Cognito us-east-1_Test123".into(),
            },
            OktaChange::AssignedGroup {
                name: "Engineering".into(),
            },
        ],
        findings: vec![],
    });
    app.okta_ticks = vec![true; app.okta_ticks.len()];
    snap("okta_api_done", &app);

    app.okta_api.outcome = Some(Outcome {
        org_url: "https://acme.okta.com".into(),
        app_label: "Amazon Cognito us-east-1_Test123".into(),
        findings: vec![Finding::error(
            okta_cognito::finding::codes::OKTA_TOKEN_INVALID,
            "Okta (acme.okta.com) refused to look up the app by its label: HTTP 401 E0000011: Invalid token provided",
            "The token is wrong, revoked or expired: create a new one in Security → API → Tokens and export OKTA_API_TOKEN again.",
        )],
        ..Outcome::default()
    });
    snap("okta_api_failed", &app);
}

#[test]
fn metadata() {
    let now = time::macros::datetime!(2026-11-26 00:00 UTC);
    let mut app = base(Step::Metadata);
    app.editing = true;
    app.metadata_input = Input::default();
    snap("metadata_empty", &app);
    app.metadata_input =
        Input::with("https://dev-890556.okta.com/app/exkpvtn73rd6mMmF34x6/sso/saml/metadata");
    app.metadata = Load::Loading;
    snap("metadata_loading", &app);
    let ok = std::fs::read(support::fixture("metadata/real/okta-10.xml")).unwrap();
    app.metadata = Load::Ready(inspect(&ok, None, None, now));
    snap("metadata_accepted", &app);
    let bad = std::fs::read(support::fixture("metadata/bad/sso-soap-only.xml")).unwrap();
    app.metadata = Load::Ready(inspect(&bad, None, None, now));
    snap("metadata_refused", &app);
}

#[test]
fn provider() {
    let mut app = base(Step::Provider);
    let mut pool = states::pool();
    pool.schema.push(states::attr("family_name", true, true));
    pool.schema[2].mutable = false;
    app.pool = Load::Ready(pool);
    app.mapping
        .push((Input::with("given_name"), Input::with("firstName")));
    app.provider_name = Input::with("Okta");
    okta_cognito::tui::steps::provider::sync(&mut app);
    app.focus = 3;
    snap("provider_with_problems", &app);
    app.mapping.pop();
    app.mapping
        .push((Input::with("family_name"), Input::with("lastName")));
    okta_cognito::tui::steps::provider::sync(&mut app);
    app.focus = 5;
    snap("provider_filled", &app);
}

#[test]
fn settings() {
    let mut app = base(Step::Settings);
    app.setup.app_client.callback_urls = vec!["https://app.example.com/".into()];
    app.setup.app_client.logout_urls = vec!["https://app.example.com/bye".into()];
    app.client = Load::Ready(
        UserPoolClientType::builder()
            .callback_urls("https://customer.example.com/cb")
            .build(),
    );
    app.focus = okta_cognito::tui::steps::settings::continue_row(&app);
    snap("settings_filled", &app);
    app.focus = 0;
    app.editing = true;
    app.url_input = Input::with("https://new.example.com/callback");
    snap("settings_adding_url", &app);
}

#[test]
fn review() {
    let mut app = base(Step::Review);
    app.plan = Load::Loading;
    snap("review_loading", &app);
    let setup = states::setup();
    let state = states::fresh();
    let p = plan(&setup, &state, &MetadataInput::default());
    app.plan = Load::Ready(Box::new((state.clone(), p)));
    snap("review_changes", &app);
    let mut blocked_setup = setup.clone();
    blocked_setup
        .provider
        .attribute_mapping
        .insert("custom:team".into(), "team".into());
    let p = plan(&blocked_setup, &state, &MetadataInput::default());
    app.plan = Load::Ready(Box::new((state, p)));
    snap("review_blocked", &app);
    app.plan = Load::Failed(fail(okta_cognito::finding::codes::AWS_NOT_FOUND));
    snap("review_error", &app);
}

#[test]
fn apply() {
    let mut app = base(Step::Apply);
    app.apply.steps = vec![
        (
            "Create the prefix domain acme-auth".into(),
            StepState::Done(Duration::from_millis(420)),
        ),
        (
            "Create SAML provider Okta".into(),
            StepState::Failed(Finding::error(
                okta_cognito::finding::codes::AWS_INVALID_PARAMETER,
                "Cognito refused CreateIdentityProvider for provider Okta: No SingleSignOn Http redirect binding location found in metadata.",
                "Enable the HTTP-Redirect binding in Okta.",
            )),
        ),
        (
            "Update app client web".into(),
            StepState::Skipped("provider Okta is not in place".into()),
        ),
    ];
    app.apply.outcome = Some(ApplyOutcome {
        client_id: Some("client1".into()),
        failures: vec![Finding::error(
            okta_cognito::finding::codes::AWS_ERROR,
            "y",
            "z",
        )],
        completed: 1,
    });
    snap("apply_failed", &app);
    app.apply.steps = vec![
        (
            "Create the prefix domain acme-auth".into(),
            StepState::Done(Duration::from_millis(420)),
        ),
        (
            "Create SAML provider Okta".into(),
            StepState::Done(Duration::from_millis(180)),
        ),
        ("Update app client web".into(), StepState::Waiting),
    ];
    app.apply.outcome = None;
    snap("apply_in_progress", &app);
    app.apply.steps[2].1 = StepState::Done(Duration::from_millis(90));
    app.apply.outcome = Some(ApplyOutcome {
        client_id: Some("client1".into()),
        failures: vec![],
        completed: 3,
    });
    snap("apply_done", &app);
}

fn outcome() -> LoginOutcome {
    let mut claims = serde_json::Map::new();
    claims.insert("email".into(), serde_json::json!("alice@example.com"));
    claims.insert(
        "cognito:username".into(),
        serde_json::json!("Okta_alice@example.com"),
    );
    claims.insert(
        "identities".into(),
        serde_json::json!(r#"[{"providerName":"Okta"}]"#),
    );
    LoginOutcome {
        id_claims: claims,
        access_claims: Default::default(),
        refresh_works: true,
        mapped: vec![
            MappedAttribute {
                attribute: "email".into(),
                saml_attribute: "Email Id".into(),
                value: Some("alice@example.com".into()),
            },
            MappedAttribute {
                attribute: "custom:dept".into(),
                saml_attribute: "department".into(),
                value: None,
            },
        ],
        tokens: Tokens {
            id_token: None,
            access_token: String::new(),
            refresh_token: None,
            expires_in: None,
            token_type: None,
        },
    }
}

#[test]
fn signin() {
    let mut app = base(Step::SignIn);
    snap("signin_start", &app);
    app.signin.running = true;
    app.signin.url = Some("https://acme-auth.auth.us-east-1.amazoncognito.com/oauth2/authorize?response_type=code&client_id=client1&redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback&state=S&code_challenge_method=S256&code_challenge=C&identity_provider=Okta".into());
    app.signin.browser = Some(Ok("the system browser".into()));
    app.signin.remaining = Some(Duration::from_secs(287));
    snap("signin_waiting", &app);
    app.signin.running = false;
    app.signin.result = Some(Ok(outcome()));
    snap("signin_verified", &app);
    app.signin.result = Some(Err(okta_cognito::login::explain::redirect_error(
        "invalid_request",
        "Invalid samlResponse or relayState from identity provider",
    )));
    snap("signin_error", &app);
}

#[test]
fn done() {
    let mut app = base(Step::Done);
    app.setup.app_client.client_id = Some("client1".into());
    app.setup.provider.metadata_url =
        Some("https://acme.okta.com/app/exk1/sso/saml/metadata".into());
    app.signin.result = Some(Ok(outcome()));
    snap("done", &app);
}

#[test]
fn help_overlay_and_small_terminal() {
    let mut app = base(Step::Metadata);
    app.help = true;
    snap("help_overlay", &app);
    insta::assert_snapshot!("too_small_60x20", render(&app, 60, 20));
}

#[test]
fn doctor_screen() {
    use okta_cognito::doctor::{Facts, Target, checks, report};
    let mut app = base(Step::Doctor);
    app.setup.app_client.client_id = Some("client1".into());
    app.doctor = Load::Loading;
    snap("doctor_loading", &app);
    let st = states::complete();
    let facts = Facts {
        pool: st.pool.clone(),
        domain: Some(DomainState {
            domain: "acme-auth".into(),
            status: Some("ACTIVE".into()),
            ..Default::default()
        }),
        client: Some(
            UserPoolClientType::builder()
                .client_id("client1")
                .callback_urls("https://app.example.com/")
                .allowed_o_auth_scopes("openid")
                .build(),
        ),
        provider_name: "Okta".into(),
        provider: st.provider.clone(),
        ..Default::default()
    };
    let t = Target {
        region: "us-east-1".into(),
        pool_id: states::POOL.into(),
        client_id: "client1".into(),
        provider: None,
        metadata_url: None,
        domain: None,
    };
    let r = report(&t, &facts, checks(&facts));
    app.doctor = Load::Ready(Box::new((facts, r)));
    snap("doctor_findings", &app);
}

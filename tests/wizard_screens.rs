//! The wizard's screens as a person reaches them, drawn on ratatui's TestBackend at 80x24
//! and 120x40. Every state comes from messages sent to `update` (keys, and the answers to the
//! jobs it asked for), never from setting the model's fields: a snapshot shows what the
//! wizard would show after that sequence. Kept to what guards layout; `cargo insta review`
//! shows what changed.

mod support;

use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use okta_cognito::cognito::apply::{Outcome as ApplyOutcome, Progress};
use okta_cognito::cognito::plan::MetadataInput;
use okta_cognito::cognito::pools::{ClientSummary, PoolBadge, PoolSummary};
use okta_cognito::cognito::state::DomainState;
use okta_cognito::finding::{Finding, codes};
use okta_cognito::flows::apply::Applied;
use okta_cognito::flows::plan::plan;
use okta_cognito::idp::okta::assign::Assignee;
use okta_cognito::login::{LoginOutcome, MappedAttribute, token::Tokens};
use okta_cognito::saml::inspect;
use okta_cognito::tui::app::{App, Job, JobKind, JobResult, Msg, OktaChoice, Step, update};
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

/// A person at the wizard: keys go through `update`, and each job it asks for is answered
/// as the event loop would deliver the answer.
struct Person {
    app: App,
    jobs: Vec<Job>,
}

impl Person {
    fn new() -> Person {
        let mut app = App::new(Some("prod-admin".into()), "us-east-1".into(), None);
        app.session.log_path = "~/.local/state/okta-cognito/okta-cognito.log".into();
        let jobs = app.init();
        Person { app, jobs }
    }

    /// Past Welcome with resolved credentials, on the pool list.
    fn on_the_pool_list() -> Person {
        let mut p = Person::new();
        p.answer(
            JobKind::Credentials,
            JobResult::Credentials(Ok("credential chain".into())),
        );
        p.key(KeyCode::Enter);
        p.answer(JobKind::Pools, JobResult::Pools(Ok(pools())));
        p
    }

    fn send(&mut self, msg: Msg) {
        let jobs = update(&mut self.app, msg);
        self.jobs.extend(jobs);
    }

    fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn ctrl(&mut self, c: char) {
        self.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Answers the latest `kind` job the wizard asked for; panics if it asked for none.
    fn answer(&mut self, kind: JobKind, result: JobResult) {
        let id = self
            .jobs
            .iter()
            .rev()
            .find(|j| j.kind == Some(kind))
            .unwrap_or_else(|| {
                panic!(
                    "the wizard asked for no {kind:?} job; it is on {:?}",
                    self.app.step
                )
            })
            .id;
        self.send(Msg::Job(kind, id, result));
    }

    fn asked(&self, kind: JobKind) -> bool {
        self.jobs.iter().any(|j| j.kind == Some(kind))
    }

    /// Snapshots the screen at both sizes the wizard promises to work at.
    fn snap(&self, name: &str) {
        insta::assert_snapshot!(format!("{name}_80x24"), render(&self.app, 80, 24));
        insta::assert_snapshot!(format!("{name}_120x40"), render(&self.app, 120, 40));
    }
}

fn pools() -> Vec<PoolSummary> {
    vec![
        PoolSummary {
            id: states::POOL.into(),
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
    ]
}

fn clients() -> Vec<ClientSummary> {
    vec![
        ClientSummary {
            id: "4h5k6j7l8m9n0p1q2r3s4t5u6v".into(),
            name: "web".into(),
            has_secret: Some(false),
        },
        ClientSummary {
            id: "7a7a7a7a7a7a7a7a7a7a7a7a7a".into(),
            name: "backend".into(),
            has_secret: Some(true),
        },
    ]
}

fn denied() -> Finding {
    Finding::error(
        codes::AWS_ACCESS_DENIED,
        "AWS refused cognito-idp:ListUserPools on the account's user pools: not authorized",
        "Allow the IAM action; `okta-cognito iam-policy` prints the policy.",
    )
}

fn metadata(fixture: &str) -> JobResult {
    let now = time::macros::datetime!(2026-11-26 00:00 UTC);
    let bytes = std::fs::read(support::fixture(fixture)).unwrap();
    JobResult::Metadata(Box::new(inspect(&bytes, None, None, now)))
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

/// From the pool list, a new client and a free prefix, up to the Okta screen.
fn to_the_okta_screen(p: &mut Person) {
    p.key(KeyCode::Enter);
    p.answer(JobKind::Pool, JobResult::Pool(Ok(states::pool())));
    p.answer(JobKind::Clients, JobResult::Clients(Ok(clients())));
    p.key(KeyCode::Enter); // + Create a new public client
    p.typed("acme-auth");
    p.key(KeyCode::Enter);
    // A free prefix moves on by itself.
    p.answer(
        JobKind::Domain,
        JobResult::Domain(Ok(DomainState {
            domain: "acme-auth".into(),
            ..Default::default()
        })),
    );
    assert_eq!(p.app.step, Step::Okta);
}

/// The straight path, each screen as the person meets it.
#[test]
fn the_straight_path_screen_by_screen() {
    let mut p = Person::new();
    p.snap("welcome_loading");
    p.answer(
        JobKind::Credentials,
        JobResult::Credentials(Ok("credential chain".into())),
    );
    p.snap("welcome_ready");

    p.key(KeyCode::Enter);
    p.snap("pool_loading");
    p.answer(JobKind::Pools, JobResult::Pools(Ok(pools())));
    if p.asked(JobKind::PoolBadges) {
        let badges = [(
            states::POOL.to_string(),
            PoolBadge {
                domain: Some("acme-auth".into()),
                saml_providers: vec!["Okta".into()],
            },
        )]
        .into();
        p.answer(JobKind::PoolBadges, JobResult::PoolBadges(badges));
    }
    p.snap("pool_list");

    p.key(KeyCode::Enter);
    p.answer(JobKind::Pool, JobResult::Pool(Ok(states::pool())));
    p.answer(JobKind::Clients, JobResult::Clients(Ok(clients())));
    p.snap("client_list");

    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::Domain);
    p.typed("My_Cognito");
    p.snap("domain_invalid");
    p.ctrl('u');
    p.typed("acme-auth");
    p.key(KeyCode::Enter);
    p.snap("domain_checking");
    p.answer(
        JobKind::Domain,
        JobResult::Domain(Ok(DomainState {
            domain: "acme-auth".into(),
            owner_pool: Some("us-east-1_Other".into()),
            ..Default::default()
        })),
    );
    p.snap("domain_taken");
    p.typed("-2");
    p.key(KeyCode::Enter);
    p.answer(
        JobKind::Domain,
        JobResult::Domain(Ok(DomainState {
            domain: "acme-auth-2".into(),
            ..Default::default()
        })),
    );
    assert_eq!(p.app.step, Step::Okta);
    p.key(KeyCode::Char(' '));
    p.key(KeyCode::Down);
    p.snap("okta_checklist");

    // `i`: the next identity provider — Entra ID, Google Workspace, any SAML 2.0 IdP — each
    // configured by hand under its own console's labels; the setup records it, and `i` past
    // the last comes back to Okta (today's path is unchanged).
    use okta_cognito::setup::IdpKind;
    p.key(KeyCode::Char('i'));
    assert_eq!(p.app.setup.provider.idp, IdpKind::Entra);
    p.snap("idp_entra_checklist");
    p.key(KeyCode::Char('i'));
    assert_eq!(p.app.setup.provider.idp, IdpKind::Google);
    p.snap("idp_google_checklist");
    p.key(KeyCode::Char('i'));
    assert_eq!(p.app.setup.provider.idp, IdpKind::Saml);
    p.snap("idp_generic_saml_checklist");
    p.key(KeyCode::Char('i'));
    assert_eq!(p.app.setup.provider.idp, IdpKind::Okta);
    p.key(KeyCode::Char(' '));
    p.key(KeyCode::Down);

    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::Metadata);
    p.typed("https://dev-890556.okta.com/app/exkpvtn73rd6mMmF34x6/sso/saml/metadata");
    p.key(KeyCode::Enter);
    p.snap("metadata_loading");
    p.answer(JobKind::Metadata, metadata("metadata/real/okta-10.xml"));
    p.snap("metadata_accepted");

    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::Provider);
    p.snap("provider");

    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::Settings);
    p.snap("settings");

    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::Review);
    p.snap("review_loading");
    // As the pool reads for a new client: no client yet.
    let mut state = states::fresh();
    state.client = None;
    let planned = plan(&p.app.setup, &state, &MetadataInput::default());
    p.answer(
        JobKind::Plan,
        JobResult::Plan(Ok(Box::new((state, planned)))),
    );
    p.snap("review_changes");

    // A stray Enter writes nothing: the review says which key applies.
    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::Review);
    p.key(KeyCode::Char('a'));
    assert_eq!(p.app.step, Step::Apply);
    p.answer(
        JobKind::Apply,
        JobResult::ApplyProgress(Progress::Done {
            step: 0,
            elapsed: Duration::from_millis(420),
        }),
    );
    p.answer(
        JobKind::Apply,
        JobResult::ApplyProgress(Progress::Started {
            step: 1,
            description: "Create SAML provider Okta".into(),
        }),
    );
    p.snap("apply_in_progress");
    let n = p.app.screens.apply.steps.len();
    for step in 1..n {
        p.answer(
            JobKind::Apply,
            JobResult::ApplyProgress(Progress::Done {
                step,
                elapsed: Duration::from_millis(90),
            }),
        );
    }
    p.answer(
        JobKind::Apply,
        JobResult::ApplyDone(Box::new(Applied {
            outcome: ApplyOutcome {
                client_id: Some("client1".into()),
                failures: vec![],
                completed: n,
            },
            client_id_to_record: Some("client1".into()),
            okta: None,
            removed_providers_left: None,
        })),
    );
    p.snap("apply_done");

    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::SignIn);
    p.key(KeyCode::Enter);
    p.answer(JobKind::Login, JobResult::LoginUrl("https://acme-auth.auth.us-east-1.amazoncognito.com/oauth2/authorize?response_type=code&client_id=client1&redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback&state=S&code_challenge_method=S256&code_challenge=C&identity_provider=Okta".into()));
    p.answer(
        JobKind::Login,
        JobResult::LoginBrowser(Ok("the system browser".into())),
    );
    p.answer(
        JobKind::Login,
        JobResult::LoginTick(Duration::from_secs(287)),
    );
    p.snap("signin_waiting");
    p.answer(
        JobKind::Login,
        JobResult::LoginDone(Box::new(Ok(outcome()))),
    );
    p.snap("signin_verified");

    // custom:dept did not arrive; had the mapping changed after the Okta screen, `a` would
    // offer to update the app right here.
    assert!(render(&p.app, 80, 24).contains("✗ custom:dept ← \"department\": not sent"));
    let shown = p.app.screens.okta.mapping_shown.clone();
    p.app.screens.okta.mapping_shown = Some(Default::default());
    assert!(
        render(&p.app, 120, 40).contains("a goes back to update"),
        "{}",
        render(&p.app, 120, 40)
    );
    p.app.screens.okta.mapping_shown = shown;

    // The sign-out test would write to the client: it shows the change and asks first.
    let asked = p.jobs.len();
    p.key(KeyCode::Char('o'));
    p.snap("signout_asks_first");
    p.key(KeyCode::Char('n'));
    assert_eq!(p.jobs.len(), asked, "cancelled: nothing written");
    assert_eq!(p.app.setup.app_client.test_sign_out, None);
    p.key(KeyCode::Char('o'));
    p.key(KeyCode::Char('y'));
    assert!(
        p.jobs[asked..]
            .iter()
            .any(|j| j.kind == Some(JobKind::SignOut)),
        "y runs the sign-out test"
    );

    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::Done);
    p.snap("done");

    // Before production: t takes the test URLs off, and the Review plans their removal —
    // once the application has a callback URL of its own (the code grant needs one).
    p.key(KeyCode::Char('t'));
    assert_eq!(p.app.step, Step::Done);
    assert_eq!(
        p.app.setup.app_client.test_callback, None,
        "nothing changed"
    );
    assert!(
        render(&p.app, 120, 40).contains("only callback URL"),
        "{}",
        render(&p.app, 120, 40)
    );
    p.app
        .setup
        .app_client
        .callback_urls
        .push("https://app.example.com/callback".into());
    p.key(KeyCode::Char('t'));
    assert_eq!(p.app.step, Step::Review);
    assert_eq!(p.app.setup.app_client.test_callback, Some(false));
    assert!(
        p.jobs.iter().rev().any(|j| j.kind == Some(JobKind::Plan)),
        "the removal is planned like every other change"
    );
}

/// What stops a person, each as the answer that causes it arrives.
#[test]
fn refusals_where_they_happen() {
    let mut p = Person::new();
    p.answer(
        JobKind::Credentials,
        JobResult::Credentials(Err(Finding::error(
            codes::AWS_NO_CREDENTIALS,
            "no usable AWS credentials: no credentials found in chain",
            "Sign in again: `aws sso login --profile NAME`.",
        ))),
    );
    p.snap("welcome_no_credentials");

    let mut p = Person::new();
    p.answer(
        JobKind::Credentials,
        JobResult::Credentials(Ok("credential chain".into())),
    );
    p.key(KeyCode::Enter);
    p.answer(JobKind::Pools, JobResult::Pools(Err(denied())));
    p.snap("pool_error");

    let mut p = Person::on_the_pool_list();
    to_the_okta_screen(&mut p);
    p.key(KeyCode::Enter);
    p.typed("okta.xml");
    p.key(KeyCode::Enter);
    p.answer(
        JobKind::Metadata,
        metadata("metadata/bad/sso-soap-only.xml"),
    );
    p.snap("metadata_refused");
    // ↓ scrolls what the metadata said (a long report's verdict must be reachable at 80x24)
    // and types nothing into the field.
    let (prompt, verdict) = (
        "Okta app → Sign On tab",
        "Cognito would refuse this metadata",
    );
    assert!(render(&p.app, 80, 24).contains(prompt));
    for _ in 0..6 {
        p.key(KeyCode::Down);
    }
    let scrolled = render(&p.app, 80, 24);
    assert!(
        !scrolled.contains(prompt) && scrolled.contains(verdict),
        "{scrolled}"
    );
    assert_eq!(
        p.app.screens.metadata.input.value, "okta.xml",
        "↓ typed nothing"
    );
    for _ in 0..6 {
        p.key(KeyCode::Up);
    }

    // A mapping the pool cannot hold blocks the review.
    let mut p = Person::on_the_pool_list();
    to_the_okta_screen(&mut p);
    p.key(KeyCode::Enter);
    p.typed("okta.xml");
    p.key(KeyCode::Enter);
    p.answer(JobKind::Metadata, metadata("metadata/real/okta-10.xml"));
    p.key(KeyCode::Enter);
    p.key(KeyCode::Enter);
    p.key(KeyCode::Enter);
    let mut state = states::fresh();
    state.client = None;
    let mut blocked = p.app.setup.clone();
    blocked
        .provider
        .attribute_mapping
        .insert("custom:team".into(), "team".into());
    let planned = plan(&blocked, &state, &MetadataInput::default());
    p.answer(
        JobKind::Plan,
        JobResult::Plan(Ok(Box::new((state, planned)))),
    );
    p.snap("review_blocked");

    p.key(KeyCode::Char('?'));
    p.snap("help_overlay");
    insta::assert_snapshot!("too_small_60x20", render(&p.app, 60, 20));
}

/// Choosing a client with a secret: its description arrives and the person is held on the
/// list with the warning beside it.
#[test]
fn a_client_with_a_secret_is_flagged_where_it_is_chosen() {
    let mut p = Person::on_the_pool_list();
    p.key(KeyCode::Enter);
    p.answer(JobKind::Pool, JobResult::Pool(Ok(states::pool())));
    p.answer(JobKind::Clients, JobResult::Clients(Ok(clients())));
    p.key(KeyCode::Down);
    p.key(KeyCode::Down);
    p.key(KeyCode::Enter);
    {
        p.answer(
            JobKind::Client,
            JobResult::Client(Ok(Box::new(
                UserPoolClientType::builder()
                    .client_id("7a7a7a7a7a7a7a7a7a7a7a7a7a")
                    .client_name("backend")
                    .client_secret("s3cr3t")
                    .build(),
            ))),
        );
    }
    assert_eq!(p.app.step, Step::Client);
    p.snap("client_with_secret");
}

/// The Okta screen with Okta credentials: the picker of groups and people, long enough to
/// scroll, then what the API did.
#[test]
fn the_okta_api_path() {
    let mut p = Person::on_the_pool_list();
    p.app.screens.okta.api.credentials = Some(Ok(support::okta::token_credentials(
        "https://acme.okta.com",
    )));
    to_the_okta_screen(&mut p);
    p.snap("okta_api_ready");
    p.key(KeyCode::Char('a'));
    let who = |group: bool, id: &str, name: &str, detail: &str| OktaChoice {
        group,
        who: Assignee {
            id: id.into(),
            name: name.into(),
            detail: detail.into(),
        },
        chosen: false,
    };
    let mut choices = vec![
        who(true, "00g1", "Everyone", "All users in your organization"),
        who(true, "00g2", "Engineering", ""),
    ];
    for n in 0..30 {
        choices.push(who(
            false,
            &format!("00u{n}"),
            &format!("user{n}@acme.example"),
            "Pat Example",
        ));
    }
    p.answer(JobKind::OktaChoices, JobResult::OktaChoices(Ok(choices)));
    p.key(KeyCode::Down);
    p.key(KeyCode::Char(' '));
    for _ in 0..24 {
        p.key(KeyCode::Down);
    }
    p.snap("okta_api_picker");
}

#[test]
fn the_doctor_screen() {
    use okta_cognito::doctor::{Facts, Target, checks, report};
    // Resuming a setup that names its pool and client: the doctor row checks it at once.
    let mut setup = states::setup();
    setup.app_client.client_id = Some("client1".into());
    let mut app = App::new(
        Some("prod-admin".into()),
        "us-east-1".into(),
        Some(("okta-cognito.toml".into(), setup)),
    );
    app.session.log_path = "~/.local/state/okta-cognito/okta-cognito.log".into();
    let jobs = app.init();
    let mut p = Person { app, jobs };
    p.answer(
        JobKind::Credentials,
        JobResult::Credentials(Ok("credential chain".into())),
    );
    p.key(KeyCode::End);
    p.key(KeyCode::Enter);
    assert_eq!(p.app.step, Step::Doctor);
    p.snap("doctor_loading");
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
    p.answer(JobKind::Doctor, JobResult::Doctor(Ok(Box::new((facts, r)))));
    p.snap("doctor_findings");
}

/// Sixty pools, forty clients, thirty Okta people: wherever the focus goes, the focused row
/// is on the screen, with how many more lie above and below.
#[test]
fn a_long_list_keeps_the_focused_row_in_view() {
    let mut p = Person::new();
    p.answer(
        JobKind::Credentials,
        JobResult::Credentials(Ok("credential chain".into())),
    );
    p.key(KeyCode::Enter);
    let many: Vec<PoolSummary> = (0..60)
        .map(|n| PoolSummary {
            id: format!("us-east-1_Pool{n:04}"),
            name: format!("pool-{n}"),
            created: None,
        })
        .collect();
    p.answer(JobKind::Pools, JobResult::Pools(Ok(many)));
    for n in 1..60 {
        p.key(KeyCode::Down);
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = render(&p.app, w, h);
            assert!(
                screen.contains(&format!("us-east-1_Pool{n:04}")),
                "pool {n} is focused but not shown at {w}x{h}:\n{screen}"
            );
        }
    }
    p.snap("pool_list_scrolled");

    let mut c = Person::on_the_pool_list();
    c.key(KeyCode::Enter);
    c.answer(JobKind::Pool, JobResult::Pool(Ok(states::pool())));
    let many: Vec<ClientSummary> = (0..40)
        .map(|n| ClientSummary {
            id: format!("client{n:04}"),
            name: format!("c{n}"),
            has_secret: None,
        })
        .collect();
    c.answer(JobKind::Clients, JobResult::Clients(Ok(many)));
    for n in 0..40 {
        c.key(KeyCode::Down);
        let screen = render(&c.app, 80, 24);
        assert!(
            screen.contains(&format!("client{n:04}")),
            "client {n}:\n{screen}"
        );
    }
    let screen = render(&c.app, 80, 24);
    assert!(
        screen.contains("↑ ") && screen.contains(" more"),
        "{screen}"
    );
}

/// At 80 columns a pool's whole name shows even beside a long pool id (the rehearsal's are
/// 42 characters): the creation date gives way first.
#[test]
fn pool_names_are_not_cut_at_80_columns() {
    let mut p = Person::new();
    p.answer(
        JobKind::Credentials,
        JobResult::Credentials(Ok("credential chain".into())),
    );
    p.key(KeyCode::Enter);
    p.answer(
        JobKind::Pools,
        JobResult::Pools(Ok(vec![PoolSummary {
            id: "us-east-1_cf3783f968a645c1890e3501aaf88d86".into(),
            name: "acme-customers".into(),
            created: Some("2026-12-05T07:00:00Z".into()),
        }])),
    );
    let screen = render(&p.app, 80, 24);
    assert!(
        screen.contains("acme-customers us-east-1_cf3783f968a645c1890e3501aaf88d86"),
        "{screen}"
    );
    assert!(!screen.contains("Created"), "the date gave way: {screen}");
    assert!(render(&p.app, 120, 40).contains("Created"));
}

/// With what the Okta API did shown above the checklist, its last step falls below 80x24:
/// moving to it brings it into view.
#[test]
fn the_okta_checklists_last_step_is_reachable_below_the_apis_lines() {
    use okta_cognito::idp::okta::{Change, Outcome};
    let mut p = Person::on_the_pool_list();
    p.app.screens.okta.api.credentials = Some(Ok(support::okta::token_credentials(
        "https://acme.okta.com",
    )));
    to_the_okta_screen(&mut p);
    p.app.screens.okta.api.outcome = Some(Outcome {
        org_url: "https://acme.okta.com".into(),
        app_id: Some("0oa1".into()),
        app_label: "Amazon Cognito us-east-1_Test123".into(),
        metadata_url: Some("https://acme.okta.com/app/exk1/sso/saml/metadata".into()),
        changes: vec![
            Change::CreatedApp {
                id: "0oa1".into(),
                label: "Amazon Cognito us-east-1_Test123".into(),
            },
            Change::AssignedGroup {
                name: "Engineering".into(),
            },
            Change::AssignedPerson {
                login: "pat@acme.example".into(),
            },
        ],
        findings: vec![],
    });
    let last = "7. Sign On tab";
    for _ in 0..6 {
        p.key(KeyCode::Down);
    }
    let screen = render(&p.app, 80, 24);
    // The whole step, its wrapped end included.
    assert!(screen.contains(last), "{screen}");
    assert!(screen.contains("        screen)"), "{screen}");
}

//! The wizard's `update` driven headless by message sequences: navigation and history,
//! validation that blocks Next, stale answers dropped, resume from a setup file.

use crate::support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use okta_cognito::cognito::pools::PoolSummary;
use okta_cognito::cognito::state::DomainState;
use okta_cognito::tui::app::{App, Cmd, Job, JobKind, JobResult, Load, Msg, Step, update};

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, key(KeyCode::Char(c)));
    }
}

fn ready_app() -> App {
    let mut app = App::new(None, "us-east-1".into(), None);
    app.aws.credentials = Load::Ready("test".into());
    app
}

fn has(jobs: &[Job], f: impl Fn(&Cmd) -> bool) -> bool {
    jobs.iter().any(|j| f(&j.cmd))
}

#[test]
fn next_and_back_follow_the_history() {
    let mut app = ready_app();
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Pool);
    assert!(
        has(&jobs, |c| matches!(c, Cmd::ListPools(_))),
        "the pool list is fetched in the background"
    );
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.step, Step::Welcome);
}

#[test]
fn welcome_refuses_to_start_without_credentials() {
    let mut app = App::new(None, "us-east-1".into(), None);
    app.aws.credentials = Load::Failed(vec![okta_cognito::finding::Finding::error(
        okta_cognito::finding::codes::AWS_NO_CREDENTIALS,
        "none",
        "aws sso login",
    )]);
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Welcome);
    assert!(
        app.chrome
            .status
            .as_ref()
            .unwrap()
            .0
            .contains("aws sso login")
    );
}

#[test]
fn choosing_a_pool_loads_it_and_moves_on() {
    let mut app = ready_app();
    update(&mut app, key(KeyCode::Enter));
    let id = app.account.pools.is_loading();
    assert!(id);
    let jobs = update(&mut app, key(KeyCode::Char('r')));
    let job = jobs
        .iter()
        .find(|j| matches!(j.cmd, Cmd::ListPools(_)))
        .unwrap()
        .clone();
    let pools = vec![PoolSummary {
        id: "us-east-1_Abc".into(),
        name: "prod".into(),
        created: None,
    }];
    update(
        &mut app,
        Msg::Job(JobKind::Pools, job.id, JobResult::Pools(Ok(pools))),
    );
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Client);
    assert_eq!(app.setup.user_pool_id, "us-east-1_Abc");
    assert!(has(
        &jobs,
        |c| matches!(c, Cmd::LoadPool(p) if p == "us-east-1_Abc")
    ));
    assert!(has(&jobs, |c| matches!(c, Cmd::ListClients(_))));
}

#[test]
fn stale_answers_are_dropped() {
    let mut app = ready_app();
    update(&mut app, key(KeyCode::Enter));
    let first = update(&mut app, key(KeyCode::Char('r')));
    let second = update(&mut app, key(KeyCode::Char('r')));
    let (a, b) = (first[0].id, second[0].id);
    assert_ne!(a, b);
    let old = vec![PoolSummary {
        id: "us-east-1_Old".into(),
        name: "old".into(),
        created: None,
    }];
    update(
        &mut app,
        Msg::Job(JobKind::Pools, a, JobResult::Pools(Ok(old))),
    );
    assert!(
        app.account.pools.is_loading(),
        "the older answer is ignored"
    );
    let new = vec![PoolSummary {
        id: "us-east-1_New".into(),
        name: "new".into(),
        created: None,
    }];
    update(
        &mut app,
        Msg::Job(JobKind::Pools, b, JobResult::Pools(Ok(new))),
    );
    assert_eq!(app.account.pools.ready().unwrap()[0].id, "us-east-1_New");
}

#[test]
fn an_invalid_domain_prefix_blocks_next() {
    let mut app = ready_app();
    app.setup.user_pool_id = "us-east-1_Abc".into();
    app.go(Step::Domain);
    typed(&mut app, "Bad_Prefix");
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert!(
        jobs.is_empty(),
        "no availability check for an invalid prefix"
    );
    assert_eq!(app.step, Step::Domain);
    for _ in 0..10 {
        update(&mut app, key(KeyCode::Backspace));
    }
    typed(&mut app, "good-prefix");
    let jobs = update(&mut app, key(KeyCode::Enter));
    let job = jobs
        .iter()
        .find(|j| matches!(&j.cmd, Cmd::CheckDomain(p) if p == "good-prefix"))
        .expect("checked")
        .clone();
    // Taken by another pool: the user stays to choose another prefix.
    let taken = DomainState {
        domain: "good-prefix".into(),
        owner_pool: Some("us-east-1_Other".into()),
        ..Default::default()
    };
    update(
        &mut app,
        Msg::Job(JobKind::Domain, job.id, JobResult::Domain(Ok(taken))),
    );
    assert_eq!(app.step, Step::Domain);
    let jobs = update(&mut app, key(KeyCode::Enter));
    let free = DomainState {
        domain: "good-prefix".into(),
        ..Default::default()
    };
    update(
        &mut app,
        Msg::Job(JobKind::Domain, jobs[0].id, JobResult::Domain(Ok(free))),
    );
    assert_eq!(app.step, Step::Okta);
    assert_eq!(app.setup.domain.prefix.as_deref(), Some("good-prefix"));
}

/// The Metadata screen after "okta.xml" was typed and the fetch answered with `fixture`.
fn metadata_screen_after_fetching(fixture: &str) -> App {
    let mut app = ready_app();
    app.setup.user_pool_id = "us-east-1_Abc".into();
    app.go(Step::Metadata);
    typed(&mut app, "okta.xml");
    let jobs = update(&mut app, key(KeyCode::Enter));
    let bytes = std::fs::read(support::fixture(fixture)).unwrap();
    let report = okta_cognito::saml::inspect(&bytes, None, None, time::OffsetDateTime::now_utc());
    update(
        &mut app,
        Msg::Job(
            JobKind::Metadata,
            jobs[0].id,
            JobResult::Metadata(Box::new(report)),
        ),
    );
    app
}

#[test]
fn refused_metadata_cannot_continue() {
    let mut app = metadata_screen_after_fetching("metadata/bad/sso-soap-only.xml");
    let again = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Metadata, "still here");
    assert!(
        has(&again, |c| matches!(c, Cmd::FetchMetadata(_))),
        "Enter fetches again instead"
    );
}

#[test]
fn the_provider_screen_blocks_on_mapping_errors() {
    let mut app = ready_app();
    app.setup.user_pool_id = "us-east-1_Abc".into();
    app.account.pool = Load::Ready(support::states::pool());
    app.screens.provider.mapping.push((
        okta_cognito::tui::input::Input::with("username"),
        okta_cognito::tui::input::Input::with("NameID"),
    ));
    app.go(Step::Provider);
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Provider);
    assert!(app.chrome.status.is_some());
}

#[test]
fn resuming_a_setup_file_continues_at_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = support::states::setup();
    s.provider.metadata_url = Some("https://acme.okta.com/app/exk1/sso/saml/metadata".into());
    let path = dir.path().join("s.toml");
    s.save(&path).unwrap();
    let loaded = okta_cognito::setup::Setup::load(&path).unwrap();
    let mut app = App::new(None, "eu-west-1".into(), Some((path, loaded)));
    app.aws.credentials = Load::Ready("test".into());
    assert_eq!(app.aws.region, "us-east-1", "the file's region wins");
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Review);
    assert!(has(&jobs, |c| matches!(c, Cmd::Plan(_))));
    assert!(has(&jobs, |c| matches!(c, Cmd::LoadPool(_))));
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(
        app.step,
        Step::Settings,
        "Back walks the screens before the resume point"
    );
}

#[test]
fn quitting_asks_when_unsaved_and_ctrl_c_always_quits() {
    let mut app = ready_app();
    app.setup.user_pool_id = "us-east-1_Abc".into();
    update(&mut app, key(KeyCode::Char('q')));
    assert!(app.chrome.confirm_quit && !app.chrome.quit);
    update(&mut app, key(KeyCode::Char('n')));
    assert!(!app.chrome.confirm_quit && !app.chrome.quit);
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(app.chrome.quit);
}

#[test]
fn progress_is_saved_as_the_user_goes() {
    let mut app = ready_app();
    app.setup.user_pool_id = "us-east-1_Abc".into();
    let jobs = app.go(Step::Domain);
    assert!(has(
        &jobs,
        |c| matches!(c, Cmd::Save(p, _) if p.ends_with("okta-cognito.toml"))
    ));
}

#[test]
fn the_doctor_plans_the_fixes_it_can_make() {
    use okta_cognito::doctor::{Facts, Target, checks, report};
    let mut app = ready_app();
    app.setup.user_pool_id = support::states::POOL.into();
    app.setup.app_client.client_id = Some("client1".into());
    update(&mut app, key(KeyCode::Down));
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        app.step,
        Step::Doctor,
        "a known pool and client go straight to the doctor"
    );
    let job = jobs
        .iter()
        .find(|j| matches!(j.cmd, Cmd::Doctor(_)))
        .expect("the checks run")
        .clone();
    let st = support::states::complete();
    let client = aws_sdk_cognitoidentityprovider::types::UserPoolClientType::builder()
        .client_id("client1")
        .client_name("web")
        .callback_urls("https://app.example.com/")
        .allowed_o_auth_scopes("email")
        .build();
    let facts = Facts {
        pool: st.pool.clone(),
        client: Some(client),
        provider_name: "Okta".into(),
        provider: st.provider.clone(),
        ..Default::default()
    };
    let t = Target {
        region: "us-east-1".into(),
        pool_id: support::states::POOL.into(),
        client_id: "client1".into(),
        provider: None,
        metadata_url: None,
        domain: None,
    };
    let r = report(&t, &facts, checks(&facts));
    assert!(r.findings.iter().any(|f| f.code == "provider-not-enabled"));
    update(
        &mut app,
        Msg::Job(
            JobKind::Doctor,
            job.id,
            JobResult::Doctor(Ok(Box::new((facts, r)))),
        ),
    );
    let jobs = update(&mut app, key(KeyCode::Char('f')));
    assert_eq!(app.step, Step::Review);
    assert!(has(
        &jobs,
        |c| matches!(c, Cmd::Plan(s) if s.app_client.client_id.as_deref() == Some("client1") && s.app_client.scopes.contains(&"openid".to_string()))
    ));
}

#[test]
fn the_okta_api_path_creates_assigns_and_hands_the_metadata_url_on() {
    use okta_cognito::idp::okta::assign::Assignee;
    use okta_cognito::idp::okta::{Change, Outcome};
    use okta_cognito::setup::OktaSetup;
    use okta_cognito::tui::app::OktaChoice;

    let mut app = ready_app();
    app.setup.user_pool_id = "us-east-1_AbCdEf123".into();
    app.setup.domain.prefix = Some("acme-auth".into());
    app.setup.okta = Some(OktaSetup {
        // The second is beyond the list's first page: kept although never shown.
        assign_groups: vec!["Engineering".into(), "Zebra Team".into()],
        ..OktaSetup::default()
    });
    app.step = Step::Okta;

    // Without a token, `a` only explains how to get the API path.
    assert!(update(&mut app, key(KeyCode::Char('a'))).is_empty());
    assert!(
        app.chrome
            .status
            .as_ref()
            .unwrap()
            .0
            .contains("OKTA_API_TOKEN")
    );

    let creds = support::okta::token_credentials("https://acme.okta.com");
    app.screens.okta.api.credentials = Some(Ok(creds));
    let jobs = update(&mut app, key(KeyCode::Char('a')));
    assert!(has(&jobs, |c| matches!(c, Cmd::OktaChoices(_))));
    assert!(app.editing, "the picker is open");

    let who = |id: &str, name: &str| Assignee {
        id: id.into(),
        name: name.into(),
        detail: String::new(),
    };
    let list = vec![
        OktaChoice {
            group: true,
            who: who("00g1", "Everyone"),
            chosen: false,
        },
        OktaChoice {
            group: true,
            who: who("00g2", "Engineering"),
            chosen: false,
        },
        OktaChoice {
            group: false,
            who: who("00u1", "jane@acme.example"),
            chosen: false,
        },
    ];
    let id = jobs[0].id;
    update(
        &mut app,
        Msg::Job(JobKind::OktaChoices, id, JobResult::OktaChoices(Ok(list))),
    );
    let chosen: Vec<bool> = app
        .screens
        .okta
        .api
        .choices
        .ready()
        .unwrap()
        .iter()
        .map(|c| c.chosen)
        .collect();
    assert_eq!(
        chosen,
        [false, true, false],
        "the setup's groups come pre-chosen"
    );

    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Char(' ')));
    let jobs = update(&mut app, key(KeyCode::Enter));
    let Some(Cmd::OktaEnsure(b)) = jobs
        .iter()
        .map(|j| &j.cmd)
        .find(|c| matches!(c, Cmd::OktaEnsure(_)))
    else {
        panic!("Enter runs the Okta job: {jobs:?}");
    };
    assert_eq!(b.2.groups, ["Engineering", "Zebra Team"]);
    assert_eq!(b.2.people, ["jane@acme.example"]);
    assert!(!app.editing && app.screens.okta.api.running);

    let url = "https://acme.okta.com/app/0oa1/sso/saml/metadata";
    let outcome = Outcome {
        org_url: "https://acme.okta.com".into(),
        app_id: Some("0oa1".into()),
        app_label: "Amazon Cognito us-east-1_AbCdEf123".into(),
        metadata_url: Some(url.into()),
        changes: vec![Change::CreatedApp {
            id: "0oa1".into(),
            label: "x".into(),
        }],
        findings: vec![],
    };
    let id = jobs
        .iter()
        .find(|j| j.kind == Some(JobKind::OktaEnsure))
        .unwrap()
        .id;
    // The URL comes checked (fetched as Cognito will fetch it), in the order the headless
    // `okta-app` follows: made in Okta, checked, then recorded.
    let bytes = std::fs::read(support::fixture("metadata/real/okta-10.xml")).unwrap();
    let verdict = okta_cognito::saml::inspect(
        &bytes,
        None,
        None,
        time::macros::datetime!(2026-11-26 00:00 UTC),
    );
    assert!(verdict.accepted);
    let set_up = okta_cognito::flows::okta_app::SetUp {
        outcome,
        metadata: verdict,
        unusable_url: None,
        checked_url: Some(url.into()),
    };
    let jobs = update(
        &mut app,
        Msg::Job(
            JobKind::OktaEnsure,
            id,
            JobResult::OktaEnsured(Box::new(set_up)),
        ),
    );
    assert!(
        !has(&jobs, |c| matches!(c, Cmd::FetchMetadata(_))),
        "checked already: not fetched twice {jobs:?}"
    );
    assert!(
        app.screens
            .metadata
            .report
            .ready()
            .is_some_and(|r| r.accepted)
    );
    assert!(
        has(&jobs, |c| matches!(c, Cmd::Save(..))),
        "progress is saved"
    );
    assert_eq!(app.setup.provider.metadata_url.as_deref(), Some(url));
    assert_eq!(app.screens.metadata.input.value, url);
    let okta = app.setup.okta.as_ref().unwrap();
    assert_eq!(okta.app_id.as_deref(), Some("0oa1"));
    assert_eq!(okta.assign_users, ["jane@acme.example"]);
    assert_eq!(okta.assign_groups, ["Engineering", "Zebra Team"]);
    assert!(app.screens.okta.ticks.iter().all(|t| *t));

    // A mapping changed later on the Provider screen updates the app's statements.
    app.step = Step::Provider;
    app.focus = app.screens.provider.mapping.len() + 3;
    assert!(
        !has(&update(&mut app, key(KeyCode::Enter)), |c| matches!(
            c,
            Cmd::OktaEnsure(_)
        )),
        "the same mapping needs no update"
    );
    app.step = Step::Provider;
    app.screens.provider.mapping[0].1 = okta_cognito::tui::input::Input::with("email");
    app.focus = app.screens.provider.mapping.len() + 3;
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Settings);
    let Some(Cmd::OktaEnsure(b)) = jobs
        .iter()
        .map(|j| &j.cmd)
        .find(|c| matches!(c, Cmd::OktaEnsure(_)))
    else {
        panic!("the changed mapping goes to Okta: {jobs:?}");
    };
    assert_eq!(b.0.provider.attribute_mapping["email"], "email");
    assert_eq!(b.2.people, ["jane@acme.example"], "assignments are kept");
}

#[test]
fn an_escape_sequence_in_metadata_is_shown_escaped_on_the_metadata_screen() {
    use ratatui::{Terminal, backend::TestBackend};
    let app = metadata_screen_after_fetching("metadata/bad/esc-in-cert-subject.xml");

    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| {
        okta_cognito::tui::view::view(&app, f, &okta_cognito::tui::theme::Theme { color: false })
    })
    .unwrap();
    let screen = term.backend().to_string();
    assert!(
        screen.contains("CN=okta\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}\\u{1b}[2J"),
        "{screen}"
    );
}

#[test]
fn resolved_credentials_prefetch_the_pool_list_and_a_resumed_pool() {
    let mut app = App::new(None, "us-east-1".into(), None);
    app.setup.user_pool_id = "us-east-1_Abc".into();
    let credentials = app.init().remove(0);

    let jobs = update(
        &mut app,
        Msg::Job(
            JobKind::Credentials,
            credentials.id,
            JobResult::Credentials(Ok("test".into())),
        ),
    );

    assert!(has(&jobs, |c| matches!(c, Cmd::ListPools(_))), "{jobs:?}");
    assert!(has(
        &jobs,
        |c| matches!(c, Cmd::LoadPool(p) if p == "us-east-1_Abc")
    ));
    assert!(has(
        &jobs,
        |c| matches!(c, Cmd::ListClients(p) if p == "us-east-1_Abc")
    ));
    // Continue from Welcome then waits for nothing new.
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Pool);
    assert!(
        !has(&jobs, |c| matches!(c, Cmd::ListPools(_))),
        "already under way"
    );
}

/// Back returns to the row the person chose, not to the top of the list: Enter there
/// chooses the same pool again.
#[test]
fn back_returns_to_the_row_that_was_chosen() {
    let mut app = ready_app();
    let jobs = update(&mut app, key(KeyCode::Enter));
    let list = jobs
        .iter()
        .find(|j| matches!(j.cmd, Cmd::ListPools(_)))
        .expect("the pool list is asked for")
        .id;
    let pools = ["us-east-1_One", "us-east-1_Two", "us-east-1_Three"]
        .map(|id| PoolSummary {
            id: id.into(),
            name: id.to_lowercase(),
            created: None,
        })
        .to_vec();
    update(
        &mut app,
        Msg::Job(JobKind::Pools, list, JobResult::Pools(Ok(pools))),
    );
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Client);
    assert_eq!(app.focus, 0, "a new screen starts at its first row");
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.step, Step::Pool);
    assert_eq!(app.focus, 2, "Back shows the pool that was chosen");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.setup.user_pool_id, "us-east-1_Three");
}

#[test]
fn the_aws_config_names_each_profiles_region() {
    let config = "[default]\nregion = us-east-1\n\n[profile prod]\nsso_session = corp\nregion=eu-west-1 # Dublin\n\n[sso-session corp]\nregion = us-east-2\n\n[profile syd]\noutput = json\nregion = ap-southeast-2\n";
    assert_eq!(
        okta_cognito::aws::profile_regions(config),
        [
            ("default".to_string(), "us-east-1".to_string()),
            ("prod".into(), "eu-west-1".into()),
            ("syd".into(), "ap-southeast-2".into()),
        ]
    );
}

/// Welcome says what chose the region and offers the other regions the AWS config names;
/// `g` switches, and the pool list is read for the region shown.
#[test]
fn welcome_says_where_the_region_came_from_and_g_offers_the_profiles_regions() {
    let mut app = ready_app();
    app.aws.region_source = "nothing chose it: the default (--region or AWS_REGION sets it)".into();
    app.aws.offered_regions = vec![("prod".into(), "eu-west-1".into())];
    let screen = render_app(&app);
    assert!(screen.contains("us-east-1 (nothing chose it"), "{screen}");
    assert!(screen.contains("eu-west-1 (prod)"), "{screen}");
    update(&mut app, key(KeyCode::Char('g')));
    assert_eq!(app.aws.region, "eu-west-1");
    assert_eq!(
        app.setup.region, "eu-west-1",
        "no pool chosen yet: the setup follows"
    );
    let screen = render_app(&app);
    assert!(
        screen.contains("eu-west-1 (switched here: the region of profile prod)"),
        "{screen}"
    );
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert!(
        has(
            &jobs,
            |c| matches!(c, Cmd::ListPools(r) if r == "eu-west-1")
        ),
        "{jobs:?}"
    );
}

fn render_app(app: &App) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| {
        okta_cognito::tui::view::view(app, f, &okta_cognito::tui::theme::Theme { color: false })
    })
    .unwrap();
    term.backend().to_string()
}

/// The keys that have nothing to do say why, on the status line, instead of doing nothing.
#[test]
fn g_without_other_regions_and_t_without_test_urls_say_why() {
    let mut app = ready_app();
    update(&mut app, key(KeyCode::Char('g')));
    assert_eq!(app.aws.region, "us-east-1");
    assert!(
        render_app(&app).contains("Your AWS config names no other region"),
        "{}",
        render_app(&app)
    );

    let mut app = ready_app();
    app.setup.user_pool_id = "us-east-1_Test123".into();
    app.setup.app_client.test_callback = Some(false);
    app.step = Step::Done;
    update(&mut app, key(KeyCode::Char('t')));
    assert_eq!(app.step, Step::Done);
    assert!(
        render_app(&app).contains("No test URLs to remove"),
        "{}",
        render_app(&app)
    );
}

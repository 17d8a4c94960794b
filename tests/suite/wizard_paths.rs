//! The wizard on a person's path, not the straight one: choices made and then turned away
//! from, driven key by key through `update` with the answers jobs would give.

use crate::support;

use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use okta_cognito::cognito::pools::{ClientSummary, PoolSummary};
use okta_cognito::tui::app::{App, Cmd, Job, JobKind, JobResult, Load, Msg, Step, update};

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn job_for(jobs: &[Job], f: impl Fn(&Cmd) -> bool) -> Job {
    jobs.iter()
        .find(|j| f(&j.cmd))
        .cloned()
        .unwrap_or_else(|| panic!("no such job in {jobs:#?}"))
}

/// Welcome → the pool screen, with one pool listed, chosen: on the client screen with the
/// pool's two clients listed, one of them with a secret.
fn at_the_client_screen() -> App {
    let mut app = App::new(None, "us-east-1".into(), None);
    app.aws.credentials = Load::Ready("test".into());
    update(&mut app, key(KeyCode::Enter));
    let jobs = update(&mut app, key(KeyCode::Char('r')));
    let list = job_for(&jobs, |c| matches!(c, Cmd::ListPools(_)));
    let pools = vec![PoolSummary {
        id: "us-east-1_Prod".into(),
        name: "prod".into(),
        created: None,
    }];
    update(
        &mut app,
        Msg::Job(JobKind::Pools, list.id, JobResult::Pools(Ok(pools))),
    );
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Client);
    let clients = job_for(&jobs, |c| matches!(c, Cmd::ListClients(_)));
    let listed = vec![
        ClientSummary {
            id: "secretclient111".into(),
            name: "backend-with-secret".into(),
            has_secret: Some(true),
        },
        ClientSummary {
            id: "publicclient222".into(),
            name: "spa".into(),
            has_secret: Some(false),
        },
    ];
    update(
        &mut app,
        Msg::Job(JobKind::Clients, clients.id, JobResult::Clients(Ok(listed))),
    );
    app
}

/// Down to backend-with-secret, Enter: it is described, and the answer says it has a secret.
fn choose_the_client_with_a_secret(app: &mut App) {
    update(app, key(KeyCode::Down));
    let jobs = update(app, key(KeyCode::Enter));
    let described = job_for(
        &jobs,
        |c| matches!(c, Cmd::LoadClient(_, id) if id == "secretclient111"),
    );
    let secret = UserPoolClientType::builder()
        .client_id("secretclient111")
        .client_name("backend-with-secret")
        .client_secret("s3cr3t")
        .build();
    update(
        app,
        Msg::Job(
            JobKind::Client,
            described.id,
            JobResult::Client(Ok(Box::new(secret))),
        ),
    );
}

#[test]
fn a_client_with_a_secret_is_flagged_in_the_list_and_its_warning_follows_the_cursor() {
    let mut app = at_the_client_screen();
    let screen = render(&app);
    let secret_row = screen
        .lines()
        .find(|l| l.contains("backend-with-secret"))
        .unwrap();
    assert!(
        secret_row.contains("has a secret"),
        "flagged before anyone chooses it:\n{screen}"
    );
    let public_row = screen.lines().find(|l| l.contains(" spa ")).unwrap();
    assert!(!public_row.contains("secret"), "{screen}");

    choose_the_client_with_a_secret(&mut app);
    assert!(render(&app).contains("⚠ backend-with-secret has a client secret."));
    // The cursor moves to the public client: the warning about another row goes.
    update(&mut app, key(KeyCode::Down));
    assert!(
        !render(&app).contains("has a client secret."),
        "{}",
        render(&app)
    );
}

#[test]
fn turning_back_from_a_secret_client_to_a_new_one_leaves_no_trace_of_it() {
    let mut app = at_the_client_screen();
    // Choose backend-with-secret: it is described, the secret warning shows.
    choose_the_client_with_a_secret(&mut app);
    assert_eq!(app.step, Step::Client, "a secret stops for a second Enter");
    assert!(
        render(&app).contains(&format!(
            "Create a new public client \"{}\"",
            okta_cognito::setup::DEFAULT_CLIENT_NAME
        )),
        "the new-client row keeps its own name while another client is chosen:\n{}",
        render(&app)
    );
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Domain);
    assert_eq!(app.setup.app_client.name, "backend-with-secret");

    // Back (the first Esc leaves the prefix field), and the admin chooses a new public
    // client after all.
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.step, Step::Client);
    update(&mut app, key(KeyCode::Home));
    for _ in 0..3 {
        update(&mut app, key(KeyCode::Up));
    }
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Domain);
    assert_eq!(app.setup.app_client.client_id, None);
    assert_eq!(
        app.setup.app_client.name,
        okta_cognito::setup::DEFAULT_CLIENT_NAME,
        "the abandoned client's name would make the plan find and rewrite it"
    );
}

#[test]
fn q_asks_whenever_something_would_be_lost_and_a_failed_save_stays() {
    let mut app = at_the_client_screen();
    // On the domain screen, a prefix typed and not yet checked.
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert!(
        jobs.iter().any(|j| matches!(j.cmd, Cmd::Save(..))),
        "progress is saved"
    );
    app.saved_as(app.setup.clone());
    assert_eq!(app.step, Step::Domain);
    for c in "acme-auth".chars() {
        update(&mut app, key(KeyCode::Char(c)));
    }
    update(&mut app, key(KeyCode::Esc));
    assert!(!app.editing);
    update(&mut app, key(KeyCode::Char('q')));
    assert!(
        app.chrome.confirm_quit && !app.chrome.quit,
        "a typed prefix is not thrown away silently"
    );
    assert!(app.unsaved().unwrap().contains("acme-auth"));
    update(&mut app, key(KeyCode::Char('n')));
    assert!(!app.chrome.quit);

    // A save that fails stays until a key dismisses it, and that key does nothing else.
    app.save_failed("Permission denied (os error 13)".into());
    let shown = render(&app);
    assert!(
        shown.contains("not saved") && shown.contains("Permission denied"),
        "{shown}"
    );
    let step = app.step;
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.step, step, "the dismissing key is not also Back");
    assert!(app.file.save_error.is_none());

    // Nothing typed and everything saved: q quits at once.
    let mut clean = at_the_client_screen();
    clean.saved_as(clean.setup.clone());
    update(&mut clean, key(KeyCode::Char('q')));
    assert!(clean.chrome.quit);
}

fn render(app: &App) -> String {
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let theme = okta_cognito::tui::theme::Theme { color: false };
    terminal
        .draw(|f| okta_cognito::tui::view::view(app, f, &theme))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_typed_pool_id_is_checked_where_it_is_typed() {
    let mut app = App::new(None, "us-east-1".into(), None);
    app.aws.credentials = Load::Ready("test".into());
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Pool);
    update(&mut app, key(KeyCode::Char('/')));
    for c in "us-east-1_Missing1".chars() {
        update(&mut app, key(KeyCode::Char(c)));
    }
    let jobs = update(&mut app, key(KeyCode::Enter));
    let check = job_for(
        &jobs,
        |c| matches!(c, Cmd::LoadPool(id) if id == "us-east-1_Missing1"),
    );
    assert_eq!(
        app.step,
        Step::Pool,
        "not on before the pool is known to exist"
    );
    let missing = okta_cognito::finding::Finding::error(
        okta_cognito::finding::codes::AWS_NOT_FOUND,
        "user pool us-east-1_Missing1 does not exist",
        "Check the pool id and the region.",
    );
    update(
        &mut app,
        Msg::Job(JobKind::Pool, check.id, JobResult::Pool(Err(missing))),
    );
    assert_eq!(app.step, Step::Pool);
    assert_eq!(
        app.setup.user_pool_id, "",
        "the setup never held the missing pool"
    );
    let shown = render(&app);
    let field = shown
        .lines()
        .position(|l| l.contains("Filter / pool id"))
        .unwrap();
    let error = shown
        .lines()
        .position(|l| l.contains("does not exist"))
        .unwrap();
    assert_eq!(error, field + 1, "the error is next to the field:\n{shown}");

    // Corrected, the pool is read and the wizard goes on.
    update(&mut app, key(KeyCode::Backspace));
    update(&mut app, key(KeyCode::Char('2')));
    assert!(
        !render(&app).contains("does not exist"),
        "typing clears the old answer"
    );
    let jobs = update(&mut app, key(KeyCode::Enter));
    let check = job_for(
        &jobs,
        |c| matches!(c, Cmd::LoadPool(id) if id == "us-east-1_Missing2"),
    );
    let pool = okta_cognito::cognito::state::PoolState {
        id: "us-east-1_Missing2".into(),
        ..Default::default()
    };
    let jobs = update(
        &mut app,
        Msg::Job(JobKind::Pool, check.id, JobResult::Pool(Ok(pool))),
    );
    assert_eq!(app.step, Step::Client);
    assert_eq!(app.setup.user_pool_id, "us-east-1_Missing2");
    assert!(jobs.iter().any(|j| matches!(j.cmd, Cmd::ListClients(_))));
}

#[test]
fn the_sign_in_port_can_be_changed_and_a_pasted_address_reaches_the_wait() {
    let mut app = at_the_client_screen();
    app.setup.app_client.client_id = Some("publicclient222".into());
    app.go(Step::SignIn);
    update(&mut app, key(KeyCode::Char('p')));
    assert!(app.screens.signin.port.is_some());
    for _ in 0..6 {
        update(&mut app, key(KeyCode::Backspace));
    }
    for c in "9123".chars() {
        update(&mut app, key(KeyCode::Char(c)));
    }
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.setup.login.port, 9123);
    assert_eq!(
        app.step,
        Step::Review,
        "the client's callback URL is planned again"
    );
    assert!(
        jobs.iter().any(|j| matches!(j.cmd, Cmd::Plan(_))),
        "{jobs:#?}"
    );

    // While a sign-in waits, a pasted address goes to it; Esc cancels it.
    app.go(Step::SignIn);
    app.screens.signin.running = true;
    let jobs = update(
        &mut app,
        Msg::Paste("http://localhost:9123/callback?code=abc&state=xyz".into()),
    );
    assert!(
        jobs.iter()
            .any(|j| matches!(&j.cmd, Cmd::LoginPaste(t) if t.contains("code=abc"))),
        "{jobs:#?}"
    );
    let jobs = update(&mut app, key(KeyCode::Esc));
    assert_eq!(
        app.step,
        Step::SignIn,
        "Esc cancels the wait, it does not leave"
    );
    assert!(jobs.iter().any(|j| matches!(j.cmd, Cmd::CancelLogin(9123))));
    assert!(!app.screens.signin.running);
}

/// The wizard on a customer's setup file in `dir` (the tests' complete federation, its
/// client named), credentials resolved.
fn app_for_a_customer(dir: &std::path::Path) -> App {
    let setup_file = dir.join("customer.toml");
    let st = support::states::complete();
    let mut setup = support::states::setup();
    setup.app_client.client_id = st
        .client
        .as_ref()
        .and_then(|c| c.client_id().map(String::from));
    setup.save(&setup_file).unwrap();
    let loaded = okta_cognito::setup::Setup::load(&setup_file).unwrap();
    let mut app = App::new(None, "us-east-1".into(), Some((setup_file, loaded)));
    app.aws.credentials = Load::Ready("test".into());
    app
}

/// The doctor screen, showing what these facts and findings make of the setup's federation.
fn show_the_doctor(
    app: &mut App,
    facts: okta_cognito::doctor::Facts,
    findings: Vec<okta_cognito::finding::Finding>,
) {
    let target = okta_cognito::doctor::Target::from_setup(&app.setup).unwrap();
    let report = okta_cognito::doctor::report(&target, &facts, findings);
    let jobs = app.go(Step::Doctor);
    let doctor = job_for(&jobs, |c| matches!(c, Cmd::Doctor(_)));
    update(
        app,
        Msg::Job(
            JobKind::Doctor,
            doctor.id,
            JobResult::Doctor(Ok(Box::new((facts, report)))),
        ),
    );
}

/// Doctor → `f` with the setup file in another folder: the provider's stored metadata is
/// written beside the setup file and read from there, not from where the wizard started.
#[test]
fn the_doctors_fixes_read_the_metadata_beside_the_setup_file() {
    use okta_cognito::doctor::Facts;
    let dir = tempfile::tempdir().unwrap();
    let st = support::states::complete();
    let mut app = app_for_a_customer(dir.path());

    let mut provider = st.provider.clone().unwrap();
    let xml = std::fs::read_to_string(support::fixture("metadata/real/okta-10.xml")).unwrap();
    provider.details.remove("MetadataURL");
    provider.details.insert("MetadataFile".into(), xml);
    let mut client = st.client.clone().unwrap();
    client.supported_identity_providers = Some(vec!["COGNITO".into()]);
    let facts = Facts {
        pool: st.pool.clone(),
        domain: None,
        custom: false,
        client: Some(client),
        provider_name: "Okta".into(),
        provider: Some(provider),
        live_metadata: None,
        stored_metadata: None,
        has_branding: None,
        okta: None,
        signing_certificate: None,
        okta_current_unread: None,
    };
    let findings = okta_cognito::doctor::checks(&facts);
    assert!(
        findings.iter().any(|f| f.code == "provider-not-enabled"),
        "{findings:#?}"
    );
    show_the_doctor(&mut app, facts, findings);
    let jobs = update(&mut app, key(KeyCode::Char('f')));
    assert_eq!(app.step, Step::Review);
    let written = jobs
        .iter()
        .find_map(|j| match &j.cmd {
            Cmd::WriteFile(p, _) => Some(p.clone()),
            _ => None,
        })
        .expect("the stored metadata is written out");
    assert_eq!(written, dir.path().join("customer-metadata.xml"));
    assert_eq!(
        app.setup.metadata_file_path(),
        Some(written),
        "read from where it was written"
    );
}

/// Doctor → `f` on a provider whose metadata file missed Okta's rotation: the fixed setup
/// reads the Okta app's Metadata URL instead (Cognito then follows rotations), and the stale
/// file is not written back.
#[test]
fn the_doctors_fix_for_a_missed_rotation_reads_the_apps_metadata_url() {
    use okta_cognito::doctor::Facts;
    use okta_cognito::idp::okta::doctor::OktaApp;
    let dir = tempfile::tempdir().unwrap();
    let st = support::states::complete();
    let mut app = app_for_a_customer(dir.path());
    // What only the file knows (the Okta section) outlives the fix.
    let okta = okta_cognito::setup::OktaSetup {
        org_url: Some("https://acme.okta.com".into()),
        app_id: Some("0oa1a2b3c4d5e6f7g8h9".into()),
        assign_groups: vec!["Cognito users".into()],
        ..Default::default()
    };
    app.setup.okta = Some(okta.clone());

    let now = time::OffsetDateTime::now_utc();
    let read = |name: &str| std::fs::read_to_string(support::fixture(name)).unwrap();
    let (held, published) = (
        read("metadata/real/okta-10.xml"),
        read("metadata/real/okta-1.xml"),
    );
    let mut provider = st.provider.clone().unwrap();
    provider.details.remove("MetadataURL");
    provider.details.insert("MetadataFile".into(), held.clone());
    let url = "https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata";
    let facts = Facts {
        pool: st.pool.clone(),
        domain: None,
        custom: false,
        client: st.client.clone(),
        provider_name: "Okta".into(),
        provider: Some(provider),
        live_metadata: Some(Ok(okta_cognito::saml::inspect(
            published.as_bytes(),
            None,
            None,
            now,
        ))),
        stored_metadata: Some(okta_cognito::saml::inspect(
            held.as_bytes(),
            None,
            None,
            now,
        )),
        has_branding: None,
        okta: Some(Ok(OktaApp {
            id: "0oa1a2b3c4d5e6f7g8h9".into(),
            label: "Amazon Cognito".into(),
            status: "ACTIVE".into(),
            sign_on_mode: "SAML_2_0".into(),
            sign_on: serde_json::json!({}),
            anyone_assigned: true,
            metadata_url: Some(url.into()),
        })),
        signing_certificate: None,
        okta_current_unread: None,
    };
    let findings = okta_cognito::doctor::checks(&facts);
    assert!(
        findings
            .iter()
            .any(|f| f.code == "signing-certificate-rotation-pending"),
        "{findings:#?}"
    );
    show_the_doctor(&mut app, facts, findings);
    assert!(render(&app).contains("press f"), "{}", render(&app));
    let jobs = update(&mut app, key(KeyCode::Char('f')));
    assert_eq!(app.step, Step::Review);
    assert_eq!(app.setup.provider.metadata_url.as_deref(), Some(url));
    assert_eq!(app.setup.provider.metadata_file, None);
    assert_eq!(app.setup.okta, Some(okta), "the Okta section is kept");
    // The screens show the replaced setup: quitting now asks about nothing typed.
    let unsaved = app.unsaved();
    assert!(
        unsaved
            .as_deref()
            .is_none_or(|u| !u.contains("being typed")),
        "{unsaved:?}"
    );
    assert!(
        !jobs.iter().any(|j| matches!(j.cmd, Cmd::WriteFile(..))),
        "the stale file is not written back"
    );
}

#[test]
fn done_names_the_applications_endpoints_and_a_mapping_changed_after_okta() {
    let mut app = at_the_client_screen();
    app.setup.app_client.client_id = Some("publicclient222".into());
    app.setup.domain.prefix = Some("acme-auth".into());
    app.setup.app_client.logout_urls = vec!["https://app.example.com/".into()];
    app.go(Step::Okta);
    app.setup
        .provider
        .attribute_mapping
        .insert("given_name".into(), "firstName".into());
    app.go(Step::Done);
    let report = okta_cognito::tui::steps::done::report(&app);
    for wanted in [
        "Authorize:   https://acme-auth.auth.us-east-1.amazoncognito.com/oauth2/authorize",
        "Token:       https://acme-auth.auth.us-east-1.amazoncognito.com/oauth2/token",
        "JWKS:        https://cognito-idp.us-east-1.amazonaws.com/",
        "Sign-out:    https://acme-auth.auth.us-east-1.amazoncognito.com/logout?client_id=publicclient222",
    ] {
        assert!(report.contains(wanted), "{wanted}\n{report}");
    }
    let shown = render(&app);
    assert!(
        shown.contains("mapping changed after the Okta screen"),
        "{shown}"
    );
}

#[test]
fn the_pool_list_shows_which_pools_have_a_domain_and_a_saml_provider() {
    use okta_cognito::cognito::pools::PoolBadge;
    let mut app = App::new(None, "us-east-1".into(), None);
    app.aws.credentials = Load::Ready("test".into());
    update(&mut app, key(KeyCode::Enter));
    let jobs = update(&mut app, key(KeyCode::Char('r')));
    let list = job_for(&jobs, |c| matches!(c, Cmd::ListPools(_)));
    let pools = vec![
        PoolSummary {
            id: "us-east-1_Fed".into(),
            name: "federated".into(),
            created: None,
        },
        PoolSummary {
            id: "us-east-1_Bare".into(),
            name: "bare".into(),
            created: None,
        },
    ];
    let jobs = update(
        &mut app,
        Msg::Job(JobKind::Pools, list.id, JobResult::Pools(Ok(pools))),
    );
    let badges = job_for(
        &jobs,
        |c| matches!(c, Cmd::PoolBadges(_, ids) if ids.len() == 2),
    );
    let mut found = std::collections::HashMap::new();
    found.insert(
        "us-east-1_Fed".to_string(),
        PoolBadge {
            domain: Some("acme-auth".into()),
            saml_providers: vec!["Okta".into()],
        },
    );
    found.insert("us-east-1_Bare".to_string(), PoolBadge::default());
    update(
        &mut app,
        Msg::Job(JobKind::PoolBadges, badges.id, JobResult::PoolBadges(found)),
    );
    let shown = render(&app);
    let fed = shown.lines().find(|l| l.contains("us-east-1_Fed")).unwrap();
    assert!(fed.contains("acme-auth") && fed.contains("Okta"), "{shown}");
    let bare = shown
        .lines()
        .find(|l| l.contains("us-east-1_Bare"))
        .unwrap();
    assert_eq!(bare.matches('—').count(), 2, "{shown}");
}

/// After a verified sign-in, `o` tests the sign-out: the job registers the sign-out URL and
/// the screen says whether the browser came back through Okta; the URL is kept in the setup.
#[test]
fn after_the_sign_in_o_asks_then_tests_the_sign_out_and_the_url_is_kept_as_a_test_url() {
    use okta_cognito::login::LoginOutcome;
    use okta_cognito::login::sign_out::SignOut;
    let mut app = at_the_client_screen();
    app.setup.app_client.client_id = Some("publicclient222".into());
    app.setup.provider.idp_signout = true;
    app.go(Step::SignIn);
    assert!(
        update(&mut app, key(KeyCode::Char('o'))).is_empty(),
        "no sign-out before a sign-in"
    );
    app.screens.signin.result = Some(Ok(LoginOutcome {
        id_claims: Default::default(),
        access_claims: Default::default(),
        refresh_works: true,
        mapped: vec![],
        tokens: okta_cognito::login::token::Tokens {
            id_token: None,
            access_token: String::new(),
            refresh_token: None,
            expires_in: None,
            token_type: None,
        },
    }));
    assert!(
        update(&mut app, key(KeyCode::Char('o'))).is_empty(),
        "the client change is shown before anything is written"
    );
    assert!(render(&app).contains("LogoutURLs +"), "{}", render(&app));
    let jobs = update(&mut app, key(KeyCode::Char('y')));
    let job = job_for(&jobs, |c| matches!(c, Cmd::SignOut(_)));
    assert!(
        render(&app).contains("Signing out: waiting for the browser"),
        "{}",
        render(&app)
    );
    let uri = format!("http://localhost:{}/signed-out", app.setup.login.port);
    update(
        &mut app,
        Msg::Job(
            JobKind::SignOut,
            job.id,
            JobResult::SignedOut(Box::new((
                Ok(SignOut {
                    through_idp: true,
                    referer: Some("https://acme.okta.com/".into()),
                }),
                Some(uri.clone()),
            ))),
        ),
    );
    let screen = render(&app);
    assert!(
        screen.contains("Signed out: the browser came back through Okta"),
        "{screen}"
    );
    assert_eq!(app.setup.app_client.test_sign_out, Some(true));
    assert!(
        !app.setup.app_client.logout_urls.contains(&uri),
        "a test URL is never listed as the application's sign-out URL"
    );
}

/// Answers the certificates job with the fixture's "current" signing certificate.
fn answer_with_the_signing_certificate(app: &mut App, job: &Job) -> String {
    let cert = std::fs::read_to_string(support::fixture("cognito-certs/current.b64")).unwrap();
    let side = okta_cognito::idp::okta::cognito_side::CognitoSide {
        signing_certificate: Some(cert.trim().to_string()),
        ..Default::default()
    };
    update(
        app,
        Msg::Job(
            JobKind::Certificates,
            job.id,
            JobResult::Certificates(Box::new(side)),
        ),
    );
    cert
}

/// With IdP sign-out on, the Provider screen reads Cognito's signing certificate and shows
/// its fingerprint and expiry.
#[test]
fn the_provider_screen_shows_cognitos_certificate_when_sign_out_is_on() {
    let mut app = at_the_client_screen();
    app.go(Step::Provider);
    assert!(!render(&app).contains("Cognito's certificates"));
    // Focus the IdP sign-out box and tick it: the certificate is read.
    app.focus = 1;
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert!(app.setup.provider.idp_signout);
    let job = job_for(&jobs, |c| matches!(c, Cmd::Certificates(_)));
    assert!(
        render(&app).contains("reading them from Cognito"),
        "{}",
        render(&app)
    );
    answer_with_the_signing_certificate(&mut app, &job);
    let screen = render(&app);
    assert!(screen.contains("signing: SHA-256"), "{screen}");
    assert!(screen.contains("valid until 2036-10-29"), "{screen}");
}

/// Without Okta API credentials, the Okta checklist gains the Single Logout step, and `c` on
/// it copies Cognito's signing certificate as PEM.
#[test]
fn the_okta_checklist_copies_cognitos_signing_certificate_for_single_logout() {
    let mut app = at_the_client_screen();
    app.setup.domain.prefix = Some("acme-auth".into());
    app.setup.provider.idp_signout = true;
    let jobs = app.go(Step::Okta);
    let job = job_for(&jobs, |c| matches!(c, Cmd::Certificates(_)));
    let cert = answer_with_the_signing_certificate(&mut app, &job);
    for _ in 0..7 {
        update(&mut app, key(KeyCode::Down));
    }
    let jobs = update(&mut app, key(KeyCode::Char('c')));
    let copied = jobs
        .iter()
        .find_map(|j| match &j.cmd {
            Cmd::Copy(text) => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("nothing copied: {jobs:#?}"));
    assert!(
        copied.starts_with("-----BEGIN CERTIFICATE-----\n"),
        "{copied}"
    );
    assert_eq!(
        okta_cognito::cognito::certificates::compact(&copied),
        cert.trim()
    );
}

/// The wizard's apply runs the same flow as `apply`: where the setup names an Okta app, the
/// app's side follows the Cognito changes, and the Apply screen says what Okta got, or why
/// it did not and how to finish.
#[test]
fn the_apply_screen_says_what_the_okta_follow_up_did() {
    use okta_cognito::cognito::apply::Outcome;
    use okta_cognito::flows::apply::{Applied, OktaFollowUp};
    for (okta, wanted) in [
        (
            OktaFollowUp {
                updated: vec!["updated the app's encryption certificate".into()],
                after_ms: 412,
                problems: vec![],
            },
            "Okta: updated the app's encryption certificate 412 ms after",
        ),
        (
            OktaFollowUp {
                updated: vec![],
                after_ms: 5,
                problems: vec![okta_cognito::finding::Finding::error(
                    okta_cognito::finding::codes::OKTA_FORBIDDEN,
                    "Okta refused: forbidden",
                    "Grant okta.apps.manage.",
                )],
            },
            "run `okta-cognito okta-app --config FILE` to finish",
        ),
    ] {
        let mut app = at_the_client_screen();
        app.go(Step::Apply);
        // The jobs it asks for (the autosave) do not matter here.
        let _ = okta_cognito::tui::steps::apply::done(
            &mut app,
            Applied {
                outcome: Outcome {
                    client_id: Some("client1".into()),
                    failures: vec![],
                    completed: 1,
                },
                client_id_to_record: Some("client1".into()),
                okta: Some(okta),
                removed_providers_left: None,
            },
        );
        assert_eq!(app.setup.app_client.client_id.as_deref(), Some("client1"));
        let shown = render(&app).replace('\n', " ");
        let shown: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(shown.contains(wanted), "{wanted}\n{}", render(&app));
    }
}

/// A terminal too small for the wizard shows only that; no key reaches a field or a screen
/// hidden behind it, and `q` quits, asking first (on that same screen) when something would
/// be lost.
#[test]
fn a_too_small_terminal_takes_no_key_but_q() {
    let mut app = at_the_client_screen();
    let step = app.step;
    update(&mut app, Msg::Resize(60, 20));
    let before = format!("{:?}", app.setup);
    for code in [
        KeyCode::Char('a'),
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Char('?'),
    ] {
        update(&mut app, key(code));
    }
    assert_eq!(
        format!("{:?}", app.setup),
        before,
        "nothing typed into a hidden field"
    );
    assert_eq!(app.step, step, "no step was left");
    assert!(!app.chrome.help);

    app.saved_as(app.setup.clone());
    let mut clean = app;
    update(&mut clean, key(KeyCode::Char('q')));
    assert!(clean.chrome.quit, "nothing to lose: q quits at once");

    let mut dirty = at_the_client_screen();
    update(&mut dirty, Msg::Resize(60, 20));
    update(&mut dirty, key(KeyCode::Char('q')));
    assert!(!dirty.chrome.quit, "something would be lost: q asks first");
    {
        let backend = ratatui::backend::TestBackend::new(60, 20);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        let theme = okta_cognito::tui::theme::Theme { color: false };
        terminal
            .draw(|f| okta_cognito::tui::view::view(&dirty, f, &theme))
            .unwrap();
        let shown: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(
            shown.contains("Quit and lose"),
            "the question is shown: {shown}"
        );
        update(&mut dirty, key(KeyCode::Char('y')));
        assert!(dirty.chrome.quit);
    }
}

/// Up from the first row stays there: it does not wrap onto the screen's last row, "Continue
/// to the review", where one stray Enter would go on.
#[test]
fn up_from_the_first_row_does_not_wrap_onto_continue() {
    let mut app = at_the_client_screen();
    app.go(Step::Settings);
    update(&mut app, key(KeyCode::Home));
    assert_eq!(app.focus, 0);
    update(&mut app, key(KeyCode::Up));
    assert_eq!(app.focus, 0, "no wrap to the last row");
    update(&mut app, key(KeyCode::End));
    let last = app.focus;
    assert!(last > 0);
    update(&mut app, key(KeyCode::Down));
    assert_eq!(app.focus, last, "no wrap to the first row");
    assert_eq!(app.step, Step::Settings);
}

/// The Done report of a rehearsal says so first: it may travel to a colleague and must not
/// pass for a real federation. A real run's report has no such line.
#[test]
fn a_rehearsals_report_carries_the_rehearsal_mark() {
    let mut app = at_the_client_screen();
    app.go(Step::Done);
    let real = okta_cognito::tui::steps::done::report(&app);
    assert!(!real.contains("REHEARSAL"), "{real}");
    app.session.rehearsal = Some("on 127.0.0.1: Cognito :1 · Okta :2 · hosted UI :3".into());
    let rehearsed = okta_cognito::tui::steps::done::report(&app);
    assert_eq!(
        rehearsed.lines().nth(1),
        Some(
            "REHEARSAL — on 127.0.0.1: Cognito :1 · Okta :2 · hosted UI :3: nothing here exists in AWS or Okta."
        ),
        "{rehearsed}"
    );
}

/// After another Metadata URL is pasted, the old URL's preview goes at once, and an answer
/// still on its way for the old URL is not taken for the new one (it would record a source
/// that was never checked).
#[test]
fn a_new_metadata_url_clears_the_old_preview_and_a_late_answer_is_dropped() {
    let mut app = at_the_client_screen();
    app.go(Step::Metadata);
    let first = "https://acme.okta.com/app/exkFIRST/sso/saml/metadata";
    update(&mut app, Msg::Paste(first.into()));
    let jobs = update(&mut app, key(KeyCode::Enter));
    let fetch = job_for(&jobs, |c| matches!(c, Cmd::FetchMetadata(_)));
    let report = okta_cognito::saml::Report {
        accepted: true,
        entity_id: Some("http://www.okta.com/exkFIRST".into()),
        ..Default::default()
    };
    update(
        &mut app,
        Msg::Job(
            JobKind::Metadata,
            fetch.id,
            JobResult::Metadata(Box::new(report.clone())),
        ),
    );
    assert!(render(&app).contains("exkFIRST"));

    // Another URL: the first one's preview is gone before Enter.
    for _ in 0..first.len() {
        update(&mut app, key(KeyCode::Backspace));
    }
    let second = "https://acme.okta.com/app/exkSECOND/sso/saml/metadata";
    update(&mut app, Msg::Paste(second.into()));
    assert!(
        !render(&app).contains("http://www.okta.com/exkFIRST"),
        "{}",
        render(&app)
    );

    // A fetch of the second, then a third typed before its answer: the answer is dropped.
    let jobs = update(&mut app, key(KeyCode::Enter));
    let fetch = job_for(&jobs, |c| matches!(c, Cmd::FetchMetadata(_)));
    update(&mut app, key(KeyCode::Char('x')));
    update(
        &mut app,
        Msg::Job(
            JobKind::Metadata,
            fetch.id,
            JobResult::Metadata(Box::new(okta_cognito::saml::Report {
                entity_id: Some("http://www.okta.com/exkSECOND".into()),
                ..report
            })),
        ),
    );
    assert_eq!(
        app.setup.provider.metadata_url.as_deref(),
        Some(first),
        "the second URL, changed before its answer came, was not recorded as checked"
    );
    assert!(!render(&app).contains("exkSECOND\""), "{}", render(&app));
}

/// A setup with several customers offers their screen from Welcome: a customer is added with
/// its IdP chosen (a consumer domain refused first, by name), its kit asked for, a removal
/// asked and turned down, then done; every change is saved to the file.
#[test]
fn customers_are_added_checked_and_removed_on_their_screen() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("saas.toml");
    let text = std::fs::read_to_string(support::fixture("setup/two-federations.toml")).unwrap();
    std::fs::write(&file, text).unwrap();
    let loaded = okta_cognito::setup::Setup::load(&file).unwrap();
    let mut app = App::new(None, "us-east-1".into(), Some((file.clone(), loaded)));
    app.aws.credentials = Load::Ready("test".into());
    assert!(
        render(&app).contains("Customers in this pool (2)"),
        "{}",
        render(&app)
    );
    for _ in 0..3 {
        update(&mut app, key(KeyCode::Down));
    }
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.step, Step::Tenants);
    let screen = render(&app);
    assert!(
        screen.contains("GlobexSAML") || screen.contains("Globex"),
        "{screen}"
    );
    assert!(
        screen.contains("Audience URI (SP Entity ID)"),
        "the focused Okta customer's steps: {screen}"
    );

    update(&mut app, key(KeyCode::Char('a')));
    let type_in = |app: &mut App, text: &str| {
        for c in text.chars() {
            update(app, key(KeyCode::Char(c)));
        }
    };
    type_in(&mut app, "Initech");
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Right));
    update(&mut app, key(KeyCode::Tab));
    type_in(&mut app, "initech.example, gmail.com");
    update(&mut app, key(KeyCode::Tab));
    type_in(
        &mut app,
        "https://login.microsoftonline.com/t/federationmetadata/2007-06/federationmetadata.xml",
    );
    update(&mut app, key(KeyCode::Enter));
    let screen = render(&app);
    assert!(screen.contains("[consumer-mail-domain]"), "{screen}");
    assert_eq!(app.setup.federations().len(), 2, "nothing refused is added");

    update(&mut app, key(KeyCode::Up));
    for _ in 0.."initech.example, gmail.com".len() {
        update(&mut app, key(KeyCode::Backspace));
    }
    type_in(&mut app, "initech.example");
    update(&mut app, key(KeyCode::Enter));
    let jobs = update(&mut app, key(KeyCode::Enter));
    assert!(
        jobs.iter().any(|j| matches!(j.cmd, Cmd::Save(..))),
        "{jobs:#?}"
    );
    let added = &app.setup.more_federations[1];
    assert_eq!(added.provider.idp, okta_cognito::setup::IdpKind::Entra);
    assert_eq!(added.provider.identifiers, ["initech.example"]);
    let screen = render(&app);
    assert!(
        screen.contains("Reply URL (Assertion Consumer Service URL)"),
        "Entra's own labels: {screen}"
    );

    let jobs = update(&mut app, key(KeyCode::Char('k')));
    let kit = job_for(&jobs, |c| matches!(c, Cmd::Kit(_)));
    let Cmd::Kit(b) = &kit.cmd else {
        unreachable!()
    };
    assert_eq!(b.1, "Initech");

    update(&mut app, key(KeyCode::Char('x')));
    assert!(render(&app).contains("Remove Initech?"));
    update(&mut app, key(KeyCode::Char('n')));
    assert_eq!(app.setup.federations().len(), 3, "kept");
    update(&mut app, key(KeyCode::Char('x')));
    let jobs = update(&mut app, key(KeyCode::Char('y')));
    assert!(jobs.iter().any(|j| matches!(j.cmd, Cmd::Save(..))));
    assert_eq!(app.setup.federations().len(), 2);
    assert_eq!(app.setup.removed_providers, ["Initech"]);

    let jobs = update(&mut app, key(KeyCode::Char('d')));
    let check = job_for(&jobs, |c| matches!(c, Cmd::DoctorAll(_)));
    assert_eq!(check.kind, Some(JobKind::TenantsDoctor));

    // A customer half typed, the form left with Esc: q asks before it is lost.
    update(&mut app, key(KeyCode::Char('a')));
    type_in(&mut app, "Hooli");
    update(&mut app, key(KeyCode::Esc));
    let jobs = update(&mut app, key(KeyCode::Char('q')));
    assert!(
        !jobs.iter().any(|j| matches!(j.cmd, Cmd::Quit)),
        "asks first"
    );
    assert!(render(&app).contains("Hooli"), "{}", render(&app));
}

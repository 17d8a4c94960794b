//! The real binary in a pseudo-terminal, from Welcome to verified tokens, against the Cognito
//! emulator and the hosted-UI stand-in. Waits for text on the screen (never fixed sleeps) and
//! reports how many keystrokes it took beyond typing names and URLs.

use crate::support;

use portable_pty::{CommandBuilder, PtySize};
use std::time::{Duration, Instant};
use support::federation::{new_pool, unique};
use support::hosted_ui::HostedUi;
use support::moto::{free_port, moto_apart as moto};

/// The wizard's own emulator: its pool list shows only the pools these walks made.
async fn api() -> aws_sdk_cognitoidentityprovider::Client {
    moto().client().await
}
use support::pty::{Screen, Spawned, doctor_then_fix, spawn_in_pty, wait_exit};

/// The wizard in a fresh pseudo-terminal of `cols`x`rows`, with no AWS access.
fn spawn_plain(cols: u16, rows: u16, env: &[(&str, &str)]) -> Spawned {
    let dir = std::env::temp_dir();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_okta-cognito"));
    cmd.cwd(&dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env("AWS_ACCESS_KEY_ID", "x");
    cmd.env("AWS_SECRET_ACCESS_KEY", "x");
    cmd.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    cmd.env("RUST_BACKTRACE", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    spawn_in_pty(cmd, cols, rows)
}

/// The wizard resuming `dir/wizard.toml` in a `cols`x`rows` pseudo-terminal, against the
/// emulator, with `env` added.
fn spawn_resuming(dir: &std::path::Path, cols: u16, rows: u16, env: &[(&str, String)]) -> Spawned {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_okta-cognito"));
    cmd.args(["--config", "wizard.toml"]);
    cmd.cwd(dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    for (k, v) in moto().env() {
        cmd.env(k, v);
    }
    spawn_in_pty(cmd, cols, rows)
}

/// Welcome → our pool (picked by its id: other tests add pools to the same emulator) → a
/// new client → a fresh domain prefix, up to the Okta screen.
fn to_the_okta_screen(s: &mut Screen, pool: &str, prefix: &str) {
    let enter = b"\r";
    s.wait_for("✓ resolved");
    s.key(enter);
    s.wait_for(pool);
    s.type_text(&format!("/{pool}"));
    s.wait_for(&format!("{pool}▏"));
    s.key(enter);
    s.wait_for("Create a new public client");
    s.key(enter);
    s.wait_for("Choose a domain prefix");
    s.type_text(&unique(prefix));
    s.key(enter);
}

/// A screen fed by the pseudo-terminal's output on a reader thread.
/// The wizard at 120x40 resuming `dir`'s wizard.toml, its sign-in sent to `fake` through
/// the stand-in browser.
fn spawn_signing_in(dir: &std::path::Path, fake: &HostedUi) -> Spawned {
    let browser = format!(
        "python3 {} %s",
        support::fixture("../support/fake_browser.py").display()
    );
    spawn_resuming(
        dir,
        120,
        40,
        &[
            ("OKTA_COGNITO_HOSTED_UI_URL", fake.base()),
            ("OKTA_COGNITO_ISSUER_URL", fake.issuer()),
            ("BROWSER", browser),
        ],
    )
}

/// A fresh pool, a folder with okta.xml and a wizard.toml naming a free sign-in port, and
/// the hosted-UI stand-in on that port signing in as the pool's issuer.
async fn signin_lab() -> (String, tempfile::TempDir, u16, HostedUi) {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        support::fixture("metadata/real/okta-10.xml"),
        dir.path().join("okta.xml"),
    )
    .unwrap();
    let port = free_port();
    std::fs::write(
        dir.path().join("wizard.toml"),
        format!("region = \"us-east-1\"\nuser_pool_id = \"\"\n[login]\nport = {port}\n"),
    )
    .unwrap();
    let fake = HostedUi::start_for_any_client(port);
    fake.sign_as(&format!(
        "https://cognito-idp.us-east-1.amazonaws.com/{pool}"
    ));
    (pool, dir, port, fake)
}

/// From the Okta screen (okta.xml beside the setup) on to the review, nothing written yet.
fn from_the_okta_screen_to_the_review(s: &mut Screen) {
    let enter = b"\r";
    s.wait_for("In the Okta Admin Console");
    s.key(enter);
    s.wait_for("Metadata URL (or a saved file)");
    s.type_text("okta.xml");
    s.key(enter);
    s.wait_for("Cognito will accept this metadata");
    s.key(enter);
    s.wait_for("Provider name");
    s.key(enter);
    s.wait_for("Continue to the review");
    s.key(enter);
    s.wait_for("Nothing has been written to AWS yet");
}

/// From Welcome (resuming wizard.toml, okta.xml beside it) through apply to the sign-in.
fn to_the_signin_screen(s: &mut Screen, pool: &str, prefix: &str) {
    let enter = b"\r";
    s.wait_for("Continue the setup from wizard.toml");
    to_the_okta_screen(s, pool, prefix);
    from_the_okta_screen_to_the_review(s);
    // One Enter too many writes nothing: the review names the key that applies.
    s.key(enter);
    s.wait_for("Enter does not apply: press a");
    s.key(b"a");
    s.wait_for("✓ Applied.");
    s.key(enter);
    s.wait_for("Prove the federation works");
}

#[test]
fn a_small_terminal_says_so_and_a_resize_brings_the_wizard_back() {
    let (mut s, mut child, master) = spawn_plain(60, 20, &[]);
    s.wait_for("Terminal too small: 60x20");
    master
        .resize(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.parser.lock().unwrap().screen_mut().set_size(30, 100);
    s.wait_for("Step 1/12");
    s.key(b"q");
    assert!(wait_exit(&mut child).success());
    s.settle_after_exit();
    assert!(
        !s.parser.lock().unwrap().screen().alternate_screen(),
        "the normal screen is back"
    );
}

#[test]
fn a_panic_restores_the_terminal() {
    let (s, mut child, _master) =
        spawn_plain(100, 30, &[("OKTA_COGNITO_PANIC_AFTER_FIRST_FRAME", "1")]);
    let status = wait_exit(&mut child);
    assert!(!status.success());
    s.wait_for("crash drill");
    let parser = s.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "left the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
}

/// Whether the terminal echoes typed keys: `stty` on the pseudo-terminal the wizard left.
fn echo_is_on(master: &dyn portable_pty::MasterPty) -> bool {
    let tty = master.tty_name().expect("the pseudo-terminal's name");
    let out = std::process::Command::new("stty")
        .arg("-a")
        .arg("-F")
        .arg(&tty)
        .output()
        .expect("run stty");
    let settings = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "stty: {settings}");
    settings.split_whitespace().any(|w| w == "echo")
}

#[test]
fn a_signal_restores_the_terminal_and_exits_with_the_conventional_status() {
    for (signal, name) in [
        (libc::SIGTERM, "TERM"),
        (libc::SIGHUP, "HUP"),
        (libc::SIGQUIT, "QUIT"),
        (libc::SIGINT, "INT"),
    ] {
        let (s, mut child, master) = spawn_plain(100, 30, &[]);
        s.wait_for("Step 1/12");
        assert!(!echo_is_on(&*master), "raw mode while the wizard runs");
        let pid = child.process_id().expect("the wizard's pid") as libc::pid_t;
        // SAFETY: kill(2) on a child we own; no memory is shared.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let status = wait_exit(&mut child);
        assert_eq!(
            status.exit_code(),
            128 + signal as u32,
            "SIG{name}: exit status"
        );
        s.settle_after_exit();
        let parser = s.parser.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "SIG{name}: normal screen back"
        );
        assert!(!parser.screen().hide_cursor(), "SIG{name}: cursor visible");
        assert!(echo_is_on(&*master), "SIG{name}: echo back on");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn welcome_to_verified_tokens_in_the_wizard() {
    let (pool, dir, _port, fake) = signin_lab().await;

    let (mut s, mut child, _pty) = spawn_signing_in(dir.path(), &fake);
    let enter = b"\r";

    to_the_signin_screen(&mut s, &pool, "wiz");
    s.key(enter);
    s.wait_for("tokens verified");
    assert!(
        s.text()
            .contains("✓ email ← \"Email Id\": alice@example.com"),
        "{}",
        s.text()
    );
    s.key(enter);
    s.wait_for("The federation is set up.");
    if let Some(pid) = child.process_id()
        && let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
    {
        // The peak resident memory of the whole run (the README's Performance table).
        println!(
            "wizard end to end: peak RSS {}",
            line.trim_start_matches("VmHWM:").trim()
        );
    }
    s.key(enter);

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(Instant::now() < deadline, "the wizard did not exit");
        std::thread::sleep(Duration::from_millis(25));
    };
    assert!(status.success(), "exit status {status:?}");
    println!(
        "wizard end to end: {} keystrokes beyond typing the pool id, the prefix and the metadata path",
        s.keystrokes
    );
    assert!(s.keystrokes < 30, "{} keystrokes", s.keystrokes);
    let saved = okta_cognito::setup::Setup::load(&dir.path().join("wizard.toml")).unwrap();
    assert!(
        saved.app_client.client_id.is_some(),
        "the created client is in the setup file"
    );
    assert_eq!(saved.user_pool_id, pool);
    assert_eq!(
        fake.token_requests(),
        2,
        "one code exchange and one refresh"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_okta_screen_creates_the_app_through_the_okta_api() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let okta = support::okta::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wizard.toml"),
        "region = \"us-east-1\"\nuser_pool_id = \"\"\n",
    )
    .unwrap();
    let (mut s, mut child, _pty) = spawn_resuming(
        dir.path(),
        80,
        24,
        &[
            ("OKTA_ORG_URL", okta.org_url()),
            ("OKTA_API_TOKEN", support::okta::TOKEN.to_string()),
        ],
    );
    let enter = b"\r";

    to_the_okta_screen(&mut s, &pool, "wizokta");
    s.wait_for("press a to create");
    s.key(b"a");
    s.wait_for("group  Everyone");
    s.key(b" ");
    s.wait_for("[x] group  Everyone");
    s.key(enter);
    s.wait_for("+ created the SAML app");
    assert!(
        s.text().contains("+ assigned the group \"Everyone\""),
        "{}",
        s.text()
    );
    s.key(enter);
    s.wait_for("Cognito will accept this metadata");
    s.key(b"\x03");
    assert!(wait_exit(&mut child).success());

    let apps = okta.apps();
    assert_eq!(apps.len(), 1);
    let id = apps[0]["id"].as_str().unwrap();
    assert_eq!(okta.app_groups(id).len(), 1);
    let saved = okta_cognito::setup::Setup::load(&dir.path().join("wizard.toml")).unwrap();
    assert_eq!(saved.okta.as_ref().unwrap().app_id.as_deref(), Some(id));
    assert_eq!(saved.okta.as_ref().unwrap().assign_groups, ["Everyone"]);
    assert_eq!(
        saved.provider.metadata_url.as_deref(),
        Some(&*okta.public_metadata_url(id)),
        "the console's public Metadata URL, with the external key"
    );
    assert!(
        !std::fs::read_to_string(dir.path().join("wizard.toml"))
            .unwrap()
            .contains(support::okta::TOKEN)
    );
}

/// A waiting sign-in is cancelled with Esc: the listener closes at once (the port is free
/// for the next try), and the next try signs in.
#[tokio::test(flavor = "multi_thread")]
async fn a_waiting_sign_in_cancels_at_once_and_the_next_try_works() {
    let (pool, dir, port, fake) = signin_lab().await;
    let (mut s, mut child, _pty) = spawn_signing_in(dir.path(), &fake);
    to_the_signin_screen(&mut s, &pool, "wizcancel");
    s.key(b"b");
    // The URL is printed once the listener holds the port, with the SSH hint beside it.
    s.wait_for("ssh -L");
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_err(),
        "the listener holds the port while waiting"
    );
    s.key(b"\x1b");
    s.wait_for("the sign-in was cancelled");
    std::net::TcpListener::bind(("127.0.0.1", port))
        .expect("the port is free as soon as the sign-in is cancelled");
    s.key(b"\r");
    s.wait_for("tokens verified");
    // The sign-out test would write to the client: it shows the change and waits; n cancels.
    s.key(b"o");
    s.wait_for("The sign-out test changes the app client:");
    s.wait_for("LogoutURLs +");
    s.key(b"n");
    s.wait_for("Sign-out test not run: nothing was written.");
    s.key(b"\x03");
    assert!(wait_exit(&mut child).success());
}

/// Scenario 1 of issue 15, in the real binary: choose the client with a secret, go on, come
/// back and choose a new public client instead. Apply makes a new client and leaves the
/// secret client exactly as it was.
#[tokio::test(flavor = "multi_thread")]
async fn a_client_turned_away_from_is_never_written() {
    let (pool, dir, _port, _fake) = signin_lab().await;
    let api = api().await;
    let secret = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("backend-with-secret")
        .generate_secret(true)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();

    let (mut s, mut child, _pty) = spawn_resuming(dir.path(), 120, 40, &[]);
    let (enter, down, home, esc) = (b"\r", b"\x1b[B", b"\x1b[H", b"\x1b");
    s.wait_for("Continue the setup from wizard.toml");
    s.wait_for("✓ resolved");
    s.key(enter);
    s.wait_for(&pool);
    s.type_text(&format!("/{pool}"));
    s.wait_for(&format!("{pool}▏"));
    s.key(enter);
    s.wait_for("backend-with-secret");
    // Flagged in the list itself, before anyone chooses it.
    s.wait_for(&format!("{secret}  ⚠ has a secret"));
    s.key(down);
    s.key(enter);
    s.wait_for("or press Enter again");
    s.key(enter);
    s.wait_for("Choose a domain prefix");
    // Back (the first Esc leaves the prefix field), and the other choice.
    s.key(esc);
    s.wait_gone("Esc stop editing");
    s.key(esc);
    s.wait_for("Create a new public client");
    s.key(home);
    s.key(enter);
    s.wait_for("Choose a domain prefix");
    s.type_text(&unique("turned"));
    s.key(enter);
    from_the_okta_screen_to_the_review(&mut s);
    assert!(
        !s.text().contains(&secret),
        "the review names the new client, not the one turned away from:\n{}",
        s.text()
    );
    s.key(b"a");
    s.wait_for("✓ Applied.");
    // Everything is saved: q quits at once.
    s.key(b"q");
    assert!(wait_exit(&mut child).success());

    let untouched = api
        .describe_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&secret)
        .send()
        .await
        .unwrap();
    let c = untouched.user_pool_client().unwrap();
    assert!(c.callback_urls().is_empty(), "{c:?}");
    assert!(c.supported_identity_providers().is_empty(), "{c:?}");
    let saved = okta_cognito::setup::Setup::load(&dir.path().join("wizard.toml")).unwrap();
    let made = saved
        .app_client
        .client_id
        .expect("the new client's id is saved");
    assert_ne!(made, secret);
}

/// Scenarios 2 and 3 of issue 15, in the real binary: a pool id that does not exist is
/// refused next to the field, and `q` with a typed, unsaved prefix asks before it quits.
#[tokio::test(flavor = "multi_thread")]
async fn a_missing_pool_is_refused_where_it_is_typed_and_q_asks_before_losing_input() {
    let (pool, dir, _port, _fake) = signin_lab().await;
    let (mut s, mut child, _pty) = spawn_resuming(dir.path(), 80, 24, &[]);
    let (enter, esc) = (b"\r", b"\x1b");
    s.wait_for("✓ resolved");
    s.key(enter);
    s.wait_for("Filter / pool id");
    s.type_text("/us-east-1_DoesNotExist1");
    s.key(enter);
    s.wait_for("was not found");
    assert!(s.text().contains("User pool"), "{}", s.text());
    // Corrected to the real pool, the wizard goes on.
    for _ in 0.."us-east-1_DoesNotExist1".len() {
        s.type_text("\x7f");
    }
    s.type_text(&pool);
    s.wait_for(&format!("{pool}▏"));
    s.key(enter);
    s.wait_for("Create a new public client");
    s.key(enter);
    s.wait_for("Choose a domain prefix");
    s.type_text("half-typed");
    s.wait_for("half-typed");
    s.key(esc);
    // A key right behind Esc would read as Alt+key, as in any terminal.
    s.wait_gone("Esc stop editing");
    s.key(b"q");
    s.wait_for("Quit and lose");
    assert!(s.text().contains("half-typed"), "{}", s.text());
    s.key(b"n");
    assert!(
        child.try_wait().unwrap().is_none(),
        "n keeps the wizard open"
    );
    s.key(b"q");
    s.wait_for("(y/N)");
    s.key(b"y");
    assert!(wait_exit(&mut child).success());
}

/// Scenario 5 of issue 15, in the real binary: the wizard started in another folder than the
/// setup file's, doctor, `f`: the provider's metadata file is read beside the setup file, and
/// the review plans the fix instead of refusing the file (or showing its XML).
#[tokio::test(flavor = "multi_thread")]
async fn the_doctors_fix_reads_the_metadata_beside_the_setup_file_from_another_folder() {
    use support::federation::{plan_and_apply, setup_in};
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    let outcome = plan_and_apply(&api, &setup).await;
    let client = outcome.client_id.clone().unwrap();
    setup.app_client.client_id = Some(client.clone());
    setup.save(&dir.path().join("setup.toml")).unwrap();
    // Someone removed the provider from the client.
    let described = okta_cognito::cognito::state::read_client(&api, &pool, &client)
        .await
        .unwrap();
    let mut want = okta_cognito::cognito::client_settings::ClientSettings::of(&described);
    want.supported_identity_providers = vec!["COGNITO".into()];
    let full = okta_cognito::cognito::client_settings::update_input(&pool, &described, &want);
    okta_cognito::cognito::apply::send_update(&api, full)
        .await
        .unwrap();

    let elsewhere = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_okta-cognito"));
    cmd.arg("--config");
    cmd.arg(dir.path().join("setup.toml"));
    cmd.cwd(elsewhere.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", elsewhere.path());
    for (k, v) in moto().env() {
        cmd.env(k, v);
    }
    let (mut s, mut child, _pty) = spawn_in_pty(cmd, 120, 40);
    s.wait_for("Check an existing federation");
    doctor_then_fix(&mut s);
    let review = s.text();
    assert!(review.contains("SupportedIdentityProviders"), "{review}");
    assert!(
        !review.contains("EntityDescriptor") && !review.contains("metadata-file"),
        "the metadata file was read beside the setup file:\n{review}"
    );
    // The fixed setup is saved and shown as it is: nothing reads as typed, so q just quits.
    s.key(b"q");
    assert!(wait_exit(&mut child).success());
}

/// Welcome, as a person sees it at 80x24 with an AWS config naming two regions: the region
/// and what chose it, the other region offered, and `g` switching to it.
#[test]
fn welcome_names_what_chose_the_region_and_g_switches_to_the_configs_other_region() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        "[default]\nregion = us-west-2\n\n[profile prod]\nregion = eu-west-1\n",
    )
    .unwrap();
    let home_dir = home.path().to_str().unwrap();
    let (mut s, mut child, _pty) = spawn_plain(
        80,
        24,
        &[
            ("HOME", home_dir),
            ("AWS_REGION", ""),
            ("AWS_DEFAULT_REGION", ""),
            ("AWS_PROFILE", ""),
        ],
    );
    s.wait_for("us-west-2 (profile default in the AWS config)");
    s.wait_for("Other regions in your AWS config: eu-west-1 (prod)");
    s.key(b"g");
    s.wait_for("eu-west-1 (switched here: the region of profile");
    s.wait_for("Other regions in your AWS config: us-west-2 (default)");
    s.key(b"\x03");
    assert!(wait_exit(&mut child).success());
}

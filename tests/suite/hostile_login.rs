//! The test sign-in under attack: control characters in claims, a token endpoint that
//! redirects, a HEAD that would consume the code, idle connections on the listener.

use crate::support;

use std::io::Read;
use support::hosted_ui::Mode;
use support::http::Server;
use support::login_lab::LoginLab;
use support::moto::free_port;
use support::{Run, fixture, run};

fn browser(extra: &str) -> String {
    format!(
        "python3 {} {extra} %s",
        fixture("../support/fake_browser.py").display()
    )
}

fn login(lab: &LoginLab, browser_cmd: &str, extra: &[&str]) -> Run {
    run(lab
        .cmd()
        .args(["--timeout", "20"])
        .args(extra)
        .env("BROWSER", browser_cmd))
}

#[test]
fn an_escape_sequence_in_a_claim_reaches_the_terminal_escaped() {
    let lab = LoginLab::new(Mode::Ok);
    // OSC 52: "write this to the clipboard", then a colour change.
    lab.fake.set_claim(
        "email",
        serde_json::json!("alice@example.com\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[31m"),
    );

    let r = login(&lab, &browser(""), &[]);

    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains('\u{1b}'), "no raw ESC: {:?}", r.stdout);
    assert!(!r.stdout.contains('\u{7}'), "no raw BEL");
    assert!(
        r.stdout
            .contains("alice@example.com\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}\\u{1b}[31m"),
        "{}",
        r.stdout
    );
    // --json is the machine form: JSON escapes the control characters itself.
    let r = login(&lab, &browser(""), &["--json"]);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert!(v["claims"]["email"].as_str().unwrap().contains('\u{1b}'));
}

#[test]
fn a_redirecting_token_endpoint_gets_neither_the_code_nor_the_verifier() {
    let elsewhere_hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let hits = elsewhere_hits.clone();
    let elsewhere = Server::start(axum::Router::new().fallback(move || {
        hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async { "stolen" }
    }));
    let lab = LoginLab::new(Mode::TokenRedirect(elsewhere.url("/steal")));

    let r = login(&lab, &browser(""), &[]);

    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("token-endpoint-redirected"),
        "{}",
        r.stderr
    );
    assert_eq!(
        elsewhere_hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "nothing was re-posted to the other origin"
    );
}

#[test]
fn a_head_request_with_a_code_does_not_count_as_the_callback() {
    let lab = LoginLab::new(Mode::Ok);

    let r = login(&lab, &browser("--head-first"), &[]);

    assert_eq!(r.code, 0, "the GET after the HEAD signs in: {}", r.stderr);
    assert!(r.stdout.contains("Tokens verified"), "{}", r.stdout);
}

#[tokio::test]
async fn an_idle_connection_to_the_listener_is_closed_after_the_header_timeout() {
    let port = free_port();
    let _listener = okta_cognito::login::listener::bind(port, "state-1")
        .await
        .unwrap();
    let mut idle = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let limit = okta_cognito::login::listener::HEADER_READ_TIMEOUT * 2;
    idle.set_read_timeout(Some(limit)).unwrap();

    let read = tokio::task::spawn_blocking(move || {
        let mut buf = [0u8; 512];
        idle.read(&mut buf)
    })
    .await
    .unwrap();

    // hyper answers a header-read timeout with 408 or by closing: either way, not held open.
    if let Err(e) = read {
        panic!("the idle connection was still open after {limit:?}: {e}");
    }
}

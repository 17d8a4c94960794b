//! Servers that answer without end: the Okta API and the pool's JWKS are read as a stream and
//! cut at 10 MiB, so a 64 MiB answer costs at most the cap in memory.

use crate::support;

use axum::body::Body;
use axum::response::IntoResponse;
use support::hosted_ui::{Mode, POOL};
use support::http::Server;
use support::login_lab::LoginLab;
use support::{bin, fixture, run};

/// Answers every request with 64 MiB of JSON-ish bytes, without a Content-Length, then stops.
fn endless_server() -> Server {
    Server::start(axum::Router::new().fallback(|| async {
        let chunk = bytes_of_a(1024 * 1024);
        let stream = futures_util::stream::iter(
            (0..64).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
        );
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            Body::from_stream(stream),
        )
            .into_response()
    }))
}

fn bytes_of_a(n: usize) -> axum::body::Bytes {
    axum::body::Bytes::from(vec![b'['; n])
}

#[test]
fn an_endless_okta_answer_is_cut_at_the_cap() {
    let server = endless_server();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("setup.toml");
    std::fs::write(
        &file,
        format!(
            "region = \"us-east-1\"\nuser_pool_id = \"{POOL}\"\n[domain]\nprefix = \"acme-auth\"\n\
             [provider.attribute_mapping]\nemail = \"Email Id\"\n"
        ),
    )
    .unwrap();

    let r = run(bin()
        .args(["okta-app", "--config"])
        .arg(&file)
        .env("OKTA_ORG_URL", server.url(""))
        .env("OKTA_API_TOKEN", support::okta::TOKEN));

    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("okta-answer-too-large"), "{}", r.stderr);
    assert!(
        r.stderr.contains("over the 10240 KiB limit"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_endless_jwks_is_cut_at_the_cap() {
    let server = endless_server();
    let lab = LoginLab::new(Mode::Ok);
    let browser = format!(
        "python3 {} %s",
        fixture("../support/fake_browser.py").display()
    );

    let r = run(lab
        .cmd_with_keys_at(&server.url("/issuer"))
        .args(["--timeout", "20"])
        .env("BROWSER", browser));

    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("jwks-unavailable"), "{}", r.stderr);
    assert!(
        r.stderr.contains("over the 10240 KiB limit"),
        "{}",
        r.stderr
    );
}

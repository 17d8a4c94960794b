//! Hostile inputs on the command line: escape sequences in metadata and setup files, a
//! closed pipe, out-of-range flags, a mapping no pool can hold, metadata URLs and redirects
//! that lead to link-local or private addresses.

use crate::support;

use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use support::http::Server;
use support::{bin, fixture, run};

#[test]
fn an_escape_sequence_in_a_certificate_subject_is_shown_escaped() {
    let r = run(bin()
        .arg("metadata")
        .arg(fixture("metadata/bad/esc-in-cert-subject.xml")));
    assert!(!r.stdout.contains('\u{1b}'), "no raw ESC: {:?}", r.stdout);
    assert!(!r.stdout.contains('\u{7}'), "no raw BEL");
    assert!(
        r.stdout
            .contains("CN=okta\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}\\u{1b}[2J"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_character_reference_to_a_forbidden_character_is_refused() {
    let r = run(bin()
        .arg("metadata")
        .arg(fixture("metadata/bad/charref-esc-in-entityid.xml")));
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("attribute entityID of <md:EntityDescriptor> holds the character U+001B"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\u{1b}'));
}

#[test]
fn a_control_character_in_a_setup_value_is_refused_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("setup.toml");
    std::fs::write(
        &file,
        "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_Abc\"\n\
         [app_client]\nname = \"okta\\u001b]0;pwned\\u0007\"\n\
         callback_urls = [\"https://app.example.com/\\u0000cb\"]\n\
         [domain]\nprefix = \"acme\"\n\
         [provider]\nmetadata_url = \"https://acme.okta.com/app/exk1/sso/saml/metadata\"\n\
         [provider.attribute_mapping]\nemail = \"Email\\u001bId\"\n",
    )
    .unwrap();

    let r = run(bin().args(["plan", "--config"]).arg(&file));

    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    for field in [
        "app_client.name = \"okta\\u{1b}]0;pwned\\u{7}\" holds the control character U+001B",
        "app_client.callback_urls[0] = \"https://app.example.com/\\0cb\" holds the control character U+0000",
        "provider.attribute_mapping.email = \"Email\\u{1b}Id\" holds the control character U+001B",
    ] {
        assert!(all.contains(field), "{field} missing in:\n{all}");
    }
    assert!(!all.contains('\u{1b}'), "nothing raw reaches the terminal");
}

#[test]
fn more_mappings_than_a_pool_can_hold_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("setup.toml");
    let mut text = String::from(
        "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_Abc\"\n[domain]\nprefix = \"acme\"\n\
         [provider]\nmetadata_url = \"https://acme.okta.com/app/exk1/sso/saml/metadata\"\n\
         [provider.attribute_mapping]\n",
    );
    for i in 0..40_000 {
        text.push_str(&format!("\"custom:a{i}\" = \"a{i}\"\n"));
    }
    std::fs::write(&file, text).unwrap();

    let r = run(bin().args(["plan", "--config"]).arg(&file));

    assert_eq!(r.code, 1);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert_eq!(
        all.matches("too-many-attribute-mappings").count(),
        1,
        "{all}"
    );
    assert!(
        all.contains("has 40000 entries; a user pool has at most 70"),
        "{all}"
    );
}

#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    for args in [
        &["iam-policy"][..],
        &["explain", "Invalid samlResponse"][..],
    ] {
        let mut child = bin()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn flags_are_checked_like_setup_values() {
    let r = run(bin().args([
        "iam-policy",
        "--account",
        "12;rm -rf",
        "--user-pool-id",
        "*",
    ]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--account = \"12;rm -rf\" is not an AWS account id"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("--user-pool-id = \"*\" is not a user pool id")
    );
    assert!(r.stdout.is_empty(), "no policy with a broken ARN");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("setup.toml");
    let mut s = okta_cognito::setup::Setup::new("us-east-1", "us-east-1_Abc");
    s.app_client.client_id = Some("abc123".into());
    s.domain.prefix = Some("acme".into());
    s.save(&file).unwrap();
    let r = run(bin().args(["login", "--port", "0", "--config"]).arg(&file));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("--port = 0 is not a port the browser can be sent back to"),
        "{}",
        r.stderr
    );
}

/// An HTTP proxy on loopback that records every request and answers 502: with it as
/// HTTPS_PROXY, any connection attempt to a non-loopback address lands here instead of the
/// network, so a regression is seen (and sends nothing off this machine).
fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = [0u8; 2048];
            let n = conn.read(&mut buf).unwrap_or(0);
            let first = String::from_utf8_lossy(&buf[..n])
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            log.lock().unwrap().push(first);
            let _ = conn.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        }
    });
    (url, seen)
}

#[test]
fn metadata_urls_and_redirects_to_internal_addresses_are_refused() {
    let (proxy, seen) = recording_proxy();
    let redirector = Server::start(axum::Router::new().fallback(
        |uri: axum::http::Uri| async move {
            let to = match uri.path() {
                "/to-private" => "https://10.0.0.1/metadata",
                "/to-link-local" => "https://169.254.169.254/latest/meta-data/",
                _ => "https://[fe80::1]/metadata",
            };
            (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
        },
    ));
    let cases = [
        (
            "https://169.254.169.254/latest/meta-data/".to_string(),
            "169.254.169.254 is a link-local address",
        ),
        (
            "https://[ff02::1]/m".to_string(),
            "is a multicast or broadcast address",
        ),
        ("https://0.0.0.0/m".to_string(), "is an unspecified address"),
        (
            redirector.url("/to-private"),
            "10.0.0.1 is a private-network address reached by a redirect",
        ),
        (
            redirector.url("/to-link-local"),
            "169.254.169.254 is a link-local address",
        ),
        (redirector.url("/to-v6"), "fe80::1 is a link-local address"),
    ];
    for (url, why) in cases {
        let r = run(bin()
            .args(["metadata", &url])
            .env("HTTPS_PROXY", &proxy)
            .env("https_proxy", &proxy)
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("no_proxy", "127.0.0.1,localhost"));
        assert_eq!(r.code, 1, "{url}: {}", r.stdout);
        assert!(
            r.stdout.contains("metadata-address-refused"),
            "{url}: {}",
            r.stdout
        );
        assert!(r.stdout.contains(why), "{url}: {}", r.stdout);
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "no connection was attempted: {:?}",
        seen.lock().unwrap()
    );
}

/// A start tag with `n` distinct attributes and then `extra`.
fn wide_metadata(n: usize, extra: &str) -> Vec<u8> {
    let attrs: String = (0..n).map(|i| format!(" a{i}=\"v\"")).collect();
    format!(
        "<?xml version=\"1.0\"?>\n<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"http://www.okta.com/exk1\"{attrs}{extra}></md:EntityDescriptor>"
    )
    .into_bytes()
}

#[test]
fn wide_tags_are_still_checked_for_duplicates_and_namespace_floods() {
    let now = time::OffsetDateTime::now_utc();
    let r =
        okta_cognito::saml::inspect(&wide_metadata(20_000, " a19999=\"again\""), None, None, now);
    assert!(
        r.findings.iter().any(|f| f
            .message
            .contains("duplicate attribute a19999 in <md:EntityDescriptor>")),
        "{:#?}",
        r.findings
    );
    let declarations: String = (0..65)
        .map(|i| format!(" xmlns:p{i}=\"urn:x:{i}\""))
        .collect();
    let r = okta_cognito::saml::inspect(&wide_metadata(0, &declarations), None, None, now);
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == "metadata-too-many-namespaces"),
        "{:#?}",
        r.findings
    );
}

//! `okta-cognito metadata`, run as the user runs it.

use crate::support;

use std::io::Write;
use std::process::Stdio;
use support::{bin, fixture, run};

#[test]
fn previews_okta_metadata_and_exits_0() {
    let r = run(bin()
        .arg("metadata")
        .arg(fixture("metadata/real/okta-10.xml")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for text in [
        "Entity ID:       http://www.okta.com/exkpvtn73rd6mMmF34x6",
        "HTTP-Redirect",
        "(Cognito uses this)",
        "CN=dev-890556",
        "SHA-256 CC:DF:D9",
        "Verdict: Cognito will accept this metadata.",
    ] {
        assert!(r.stdout.contains(text), "missing {text:?} in\n{}", r.stdout);
    }
}

#[test]
fn json_has_the_documented_fields() {
    let r = run(bin()
        .args(["metadata", "--json"])
        .arg(fixture("metadata/real/okta-10.xml")));
    assert_eq!(r.code, 0);
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(v["entity_id"], "http://www.okta.com/exkpvtn73rd6mMmF34x6");
    assert_eq!(
        v["sso"][1]["binding"],
        "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    );
    assert!(
        v["sso"][1]["location"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert!(v["slo"].as_array().unwrap().is_empty());
    let cert = &v["certificates"][0];
    for key in ["use", "subject", "not_after", "sha256"] {
        assert!(cert.get(key).is_some(), "certificate lacks {key}");
    }
    assert!(v["name_id_formats"].as_array().unwrap().len() == 2);
    assert!(v["findings"].as_array().unwrap().is_empty());
}

#[test]
fn refused_metadata_exits_1_with_finding_fields() {
    let r = run(bin()
        .args(["metadata", "--json"])
        .arg(fixture("metadata/bad/sso-soap-only.xml")));
    assert_eq!(r.code, 1);
    let v: serde_json::Value = support::answer(&r.stdout);
    let f = &v["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["code"], "metadata-no-redirect-sso");
    assert!(f["fix"].as_str().unwrap().len() > 10);
}

#[test]
fn xxe_never_reads_the_local_file() {
    let r = run(bin()
        .arg("metadata")
        .arg(fixture("metadata/bad/xxe-file-passwd.xml")));
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("root:x:0:0") && !r.stderr.contains("root:x:0:0"));
    assert!(
        r.stdout
            .contains("DOCTYPE/entity declarations are not allowed")
    );
}

#[test]
fn reads_standard_input() {
    let mut child = bin()
        .args(["metadata", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(fixture("metadata/bad/utf8-bom-valid.xml")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = crate::support::answer(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(v["source"], "standard input");
}

#[test]
fn picks_an_entity_from_a_multi_idp_document() {
    let r = run(bin()
        .arg("metadata")
        .arg(fixture("metadata/real/other-7.xml")));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("--entity-id"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("https://bar.example.com/access/saml/idp.xml")
    );
    let r = run(bin()
        .args([
            "metadata",
            "--json",
            "--entity-id",
            "https://bar.example.com/access/saml/idp.xml",
        ])
        .arg(fixture("metadata/real/other-7.xml")));
    let v: serde_json::Value = support::answer(&r.stdout);
    assert_eq!(
        v["entity_id"],
        "https://bar.example.com/access/saml/idp.xml"
    );
}

#[test]
fn a_missing_source_argument_is_a_usage_error() {
    assert_eq!(run(bin().arg("metadata")).code, 2);
}

/// A file that is not there, or an address nothing answers at, is not Cognito's verdict: the
/// metadata was never read. A document Cognito would refuse still says REFUSED.
#[test]
fn a_source_that_cannot_be_read_is_not_called_refused_by_cognito() {
    let r = support::run(support::bin().args(["metadata", "/no/such/metadata.xml"]));
    assert_ne!(r.code, 0);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(said.contains("metadata-file-unreadable"), "{said}");
    assert!(said.contains("Verdict: NOT CHECKED"), "{said}");
    assert!(!said.contains("REFUSED"), "{said}");

    // A loopback port where nothing listens: the address cannot be reached.
    let port = support::moto::free_port();
    let r = support::run(support::bin().args([
        "metadata",
        &format!("http://127.0.0.1:{port}/app/exk1/sso/saml/metadata"),
    ]));
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(said.contains("Verdict: NOT CHECKED"), "{said}");
    assert!(!said.contains("REFUSED"), "{said}");
}

/// A fix names the console of the IdP the metadata comes from: Google Workspace's expired
/// certificate is not sent to Okta's Sign On tab.
#[test]
fn a_certificate_fix_names_the_idp_the_metadata_comes_from() {
    for (file, console, not) in [
        ("google-1.xml", "Google Admin console", "In Okta"),
        ("azure-1.xml", "In Entra ID", "In Okta"),
    ] {
        let path = support::fixture(&format!("metadata/real/{file}"));
        let r = support::run(support::bin().arg("metadata").arg(&path));
        let said = format!("{}{}", r.stdout, r.stderr);
        assert!(said.contains(console), "{file}: {said}");
        assert!(!said.contains(not), "{file}: {said}");
        assert!(
            said.contains("Verdict: REFUSED"),
            "{file}: a document is judged: {said}"
        );
    }
}

//! Every row of tests/fixtures/metadata/EXPECTED.tsv, plus the real metadata of many IdPs.
//! "Now" is fixed so certificate expiry does not change the verdicts over time.

use crate::support;

use okta_cognito::finding::Severity;
use okta_cognito::saml::{Report, inspect};
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-26 00:00 UTC);
const BEFORE_EXPIRY: OffsetDateTime = datetime!(2017-01-01 00:00 UTC);

fn load(rel: &str) -> Vec<u8> {
    std::fs::read(support::fixture(&format!("metadata/{rel}"))).unwrap()
}

fn report_at(rel: &str, now: OffsetDateTime) -> Report {
    inspect(&load(rel), None, None, now)
}

fn report(rel: &str) -> Report {
    report_at(rel, NOW)
}

/// Refused, with a finding of `code` whose message contains `text`.
fn assert_refused(rel: &str, code: &str, text: &str) -> Report {
    let r = report(rel);
    assert!(!r.accepted, "{rel} must be refused: {:#?}", r.findings);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("{rel}: no finding {code} in {:#?}", r.findings));
    assert_eq!(f.severity, Severity::Error, "{rel}: {code}");
    assert!(
        f.message.contains(text),
        "{rel}: {:?} lacks {text:?}",
        f.message
    );
    assert!(!f.fix.is_empty(), "{rel}: every refusal has a fix");
    r
}

fn assert_warned(rel: &str, code: &str, text: &str) -> Report {
    let r = report(rel);
    assert!(r.accepted, "{rel} must be accepted: {:#?}", r.findings);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("{rel}: no finding {code} in {:#?}", r.findings));
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains(text),
        "{rel}: {:?} lacks {text:?}",
        f.message
    );
    r
}

#[test]
fn doctype_and_entities_are_refused_before_expansion() {
    for rel in [
        "bad/billion-laughs.xml",
        "bad/doctype-internal-entities.xml",
        "bad/xxe-file-passwd.xml",
    ] {
        let r = assert_refused(
            rel,
            "metadata-doctype-refused",
            "DOCTYPE/entity declarations are not allowed",
        );
        assert!(
            r.entity_id.is_none(),
            "{rel}: nothing read past the DOCTYPE"
        );
    }
}

#[test]
fn broken_xml_is_refused_with_position() {
    let r = assert_refused(
        "bad/truncated.xml",
        "metadata-truncated",
        "unexpected end of document (truncated?)",
    );
    assert!(
        r.findings[0].message.contains("line 18"),
        "{}",
        r.findings[0].message
    );
    assert!(r.sso.is_empty(), "no partial preview");
    assert_refused(
        "bad/non-utf8-latin1-declared-utf8.xml",
        "metadata-invalid-utf8",
        "invalid UTF-8 at byte offset 190",
    );
    assert_refused(
        "bad/deep-nesting-100k.xml",
        "metadata-too-deep",
        "nesting too deep",
    );
    assert_refused(
        "bad/undeclared-prefix.xml",
        "metadata-undeclared-prefix",
        "namespace prefix md is not declared",
    );
    assert_refused(
        "bad/duplicate-attribute.xml",
        "metadata-not-well-formed",
        "duplicate attribute entityID",
    );
}

#[test]
fn bom_and_leading_whitespace_are_accepted() {
    let r = report("bad/utf8-bom-valid.xml");
    assert!(r.accepted, "{:#?}", r.findings);
    assert_eq!(
        r.entity_id.as_deref(),
        Some("http://www.okta.com/exkpvtn73rd6mMmF34x6")
    );
    let r = report("bad/leading-whitespace-before-decl.xml");
    assert!(r.accepted, "{:#?}", r.findings);
}

#[test]
fn things_that_are_not_metadata_say_what_they_are() {
    assert_refused(
        "bad/okta-login-page.html",
        "metadata-is-signin-page",
        "HTML page (Okta sign-in)",
    );
    let r = assert_refused("bad/okta-error-E0000007.json", "okta-api-error", "E0000007");
    assert!(
        r.findings[0]
            .message
            .contains("Not found: Resource not found")
    );
    assert!(r.findings[0].fix.contains("app id"));
    assert_refused("bad/empty.xml", "metadata-empty", "empty");
    assert_refused(
        "bad/not-xml-plaintext.xml",
        "metadata-not-xml",
        "Upstream connect error",
    );
    assert_refused(
        "bad/wrong-root-saml-response.xml",
        "metadata-wrong-root",
        "root element is saml2p:Response",
    );
    assert_refused(
        "bad/wrong-namespace-root.xml",
        "metadata-wrong-namespace",
        "found urn:oasis:names:tc:SAML:1.0:metadata",
    );
    assert_refused(
        "real/other-12.xml",
        "metadata-wrong-namespace",
        "found no namespace",
    );
    assert_refused("real/html-1.xml", "metadata-is-html", "HTML page");
    assert_refused("real/html-2.xml", "metadata-is-html", "HTML page");
}

#[test]
fn certificate_problems_are_named_by_position() {
    assert_refused(
        "bad/garbage-cert-not-base64.xml",
        "certificate-not-base64",
        "signing certificate #1 is not valid base64",
    );
    assert_refused(
        "bad/garbage-cert-base64-not-der.xml",
        "certificate-not-der",
        "signing certificate #1 is base64 but not a DER X.509 certificate",
    );
    assert_refused(
        "bad/empty-cert.xml",
        "certificate-empty",
        "empty X509Certificate",
    );
    let r = assert_refused(
        "real/okta-4.xml",
        "metadata-no-signing-certificate",
        "no signing certificate found",
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.message.contains("https://www.w3.org/2000/09/xmldsig#"))
    );
    assert!(r.entity_id.unwrap().starts_with("https://www.okta.com/"));
}

#[test]
fn pem_armour_is_tolerated_with_a_warning() {
    let r = assert_warned(
        "bad/cert-with-pem-armor.xml",
        "certificate-pem-armor",
        "PEM armour",
    );
    let c = &r.certificates[0];
    assert!(c.subject.contains("CN=dev-890556"), "{}", c.subject);
    assert!(c.not_after.starts_with("2030-08-13"), "{}", c.not_after);
}

#[test]
fn role_and_entity_problems() {
    assert_refused(
        "bad/no-idpssodescriptor.xml",
        "metadata-no-idp",
        "no IDPSSODescriptor",
    );
    assert_refused(
        "bad/idpsso-without-sso.xml",
        "metadata-no-sso",
        "IDPSSODescriptor has no SingleSignOnService",
    );
    assert_refused(
        "bad/missing-entityid.xml",
        "metadata-missing-entity-id",
        "EntityDescriptor has no entityID",
    );
    assert_refused(
        "bad/entities-descriptor-empty.xml",
        "metadata-no-idp",
        "EntitiesDescriptor contains no EntityDescriptor with an IDPSSODescriptor",
    );
    for sp in ["real/sp-1.xml", "real/sp-2.xml", "real/sp-3.xml"] {
        assert_refused(
            sp,
            "metadata-sp-only",
            "this is SP metadata (SPSSODescriptor), not an IdP",
        );
    }
}

#[test]
fn sso_bindings_and_locations() {
    assert_refused(
        "bad/sso-soap-only.xml",
        "metadata-no-redirect-sso",
        "found only SOAP",
    );
    let r = assert_refused(
        "bad/sso-unknown-binding-typo.xml",
        "metadata-no-recognised-sso-binding",
        "no recognised SSO binding",
    );
    assert!(
        r.findings[0].message.contains("HTTP-Post"),
        "lists what was found"
    );
    assert_refused(
        "bad/javascript-location.xml",
        "sso-location-not-https",
        "(javascript:)",
    );
    assert_refused(
        "bad/http-location.xml",
        "sso-location-not-https",
        "plain http",
    );
    // Google and JumpCloud publish HTTP-POST only, which Cognito refuses.
    assert_refused(
        "real/jumpcloud-2.xml",
        "metadata-no-redirect-sso",
        "found only HTTP-POST",
    );
}

#[test]
fn soft_problems_warn_but_accept() {
    let r = assert_warned(
        "bad/validuntil-past.xml",
        "metadata-expired",
        "validUntil 2001-01-01T00:00:00Z is in the past",
    );
    assert_eq!(r.cache_duration.as_deref(), Some("PT1H"));
    assert_warned(
        "bad/want-authn-signed-garbage.xml",
        "invalid-want-authn-requests-signed",
        "got \"yes\"",
    );
}

#[test]
fn several_idps_in_one_document_ask_which_one() {
    let r = assert_refused(
        "real/other-7.xml",
        "metadata-multiple-idps",
        "2 identity providers",
    );
    assert_eq!(r.entities.len(), 3, "the SP and both IdPs are listed");
    let chosen = inspect(
        &load("real/other-7.xml"),
        None,
        Some("https://bar.example.com/access/saml/idp.xml"),
        BEFORE_EXPIRY,
    );
    assert_eq!(
        chosen.entity_id.as_deref(),
        Some("https://bar.example.com/access/saml/idp.xml")
    );
    // other-5's certificates are base64 of PEM text, not DER.
    let r = inspect(
        &load("real/other-5.xml"),
        None,
        Some("https://foo.example.com/access/saml/idp.xml"),
        NOW,
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == "certificate-double-encoded" && f.is_error()),
        "{:#?}",
        r.findings
    );
    let missing = inspect(
        &load("real/other-5.xml"),
        None,
        Some("https://nope.example/"),
        NOW,
    );
    assert_eq!(missing.findings[0].code, "metadata-entity-not-found");
}

#[test]
fn one_bad_rollover_certificate_beside_good_ones_is_a_warning() {
    let r = report_at("real/other-8.xml", BEFORE_EXPIRY);
    assert!(r.accepted, "{:#?}", r.findings);
    assert_eq!(
        r.certificates.len(),
        2,
        "the two good certificates are kept"
    );
    let bad = r
        .findings
        .iter()
        .find(|f| f.message.contains("#3"))
        .expect("cert #3 reported");
    assert_eq!(bad.severity, Severity::Warning);
    // Today all of its good certificates have expired, which Cognito refuses.
    assert_refused(
        "real/other-8.xml",
        "signing-certificate-expired",
        "every signing certificate has expired",
    );
}

#[test]
fn adfs_entity_with_sp_and_idp_roles_is_an_idp() {
    let r = report_at("real/adfs-1.xml", BEFORE_EXPIRY);
    assert!(r.accepted, "{:#?}", r.findings);
    assert!(r.redirect_sso().is_some());
    assert_eq!(
        r.certificates
            .iter()
            .filter(|c| c.key_use == "signing")
            .count(),
        1
    );
}

#[test]
fn okta_metadata_is_described_like_the_okta_console() {
    let r = report("real/okta-10.xml");
    assert!(r.accepted, "{:#?}", r.findings);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(
        r.entity_id.as_deref(),
        Some("http://www.okta.com/exkpvtn73rd6mMmF34x6")
    );
    assert_eq!(r.sso.len(), 2);
    assert!(
        r.redirect_sso()
            .unwrap()
            .location
            .starts_with("https://dev-890556.okta.com/app/")
    );
    let c = &r.certificates[0];
    assert_eq!(c.key_use, "signing");
    assert_eq!((c.key_type.as_str(), c.key_bits), ("RSA", 2048));
    assert_eq!(c.signature_algorithm, "sha256WithRSAEncryption");
    assert_eq!(c.days_left, 1356);
    assert_eq!(c.sha1.len(), 59, "20 bytes as XX:XX:…");
    assert_eq!(c.sha256.len(), 95, "32 bytes as XX:XX:…");
    assert!(
        r.name_id_formats
            .iter()
            .any(|n| n.ends_with(":emailAddress"))
    );
}

#[test]
fn certificates_expiring_soon_are_warned() {
    // okta-10's certificate ends 2030-08-13: ten days before, the admin is told to rotate.
    let r = report_at("real/okta-10.xml", datetime!(2030-08-03 00:00 UTC));
    assert!(r.accepted);
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == "signing-certificate-expiring"
                && f.message.contains("expires in 10 days"))
    );
    let r = report_at("real/okta-10.xml", datetime!(2030-09-01 00:00 UTC));
    assert!(!r.accepted);
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == "signing-certificate-expired")
    );
}

#[test]
fn every_fixture_is_handled_without_panic_and_every_finding_is_complete() {
    for dir in ["real", "bad"] {
        let path = support::fixture(&format!("metadata/{dir}"));
        for entry in std::fs::read_dir(path).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "tsv" || e == "md") {
                continue;
            }
            let r = inspect(&std::fs::read(&p).unwrap(), None, None, NOW);
            assert_eq!(
                r.accepted,
                !r.findings.iter().any(|f| f.is_error()),
                "{}",
                p.display()
            );
            for f in &r.findings {
                assert!(
                    !f.code.as_str().is_empty() && !f.message.is_empty() && !f.fix.is_empty(),
                    "{}: {f:?}",
                    p.display()
                );
            }
        }
    }
}

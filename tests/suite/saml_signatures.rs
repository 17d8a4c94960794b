//! The signatures the tool makes on SAML messages, held to an implementation no one here
//! wrote: Python's signxml verifies them, and refuses them once a byte of the signed content
//! changes.

use crate::support;

use base64::Engine;
use okta_cognito::saml::xmldsig::sign::{SigningKey, placeholder, sign};
use std::path::Path;
use std::process::Command;

fn new_key() -> (SigningKey, String) {
    let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
    let mut params = rcgen::CertificateParams::default();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "local IdP");
    let cert = params.self_signed(&pair).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(cert.der());
    (
        SigningKey::from_pkcs8(&pair.serialize_der(), b64).unwrap(),
        cert.pem(),
    )
}

/// signxml's verdict on element `id` of `xml`: `Ok` when it verifies, else its reason.
fn signxml(dir: &Path, xml: &str, pem: &str, id: &str) -> Result<(), String> {
    let (m, c) = (dir.join("message.xml"), dir.join("cert.pem"));
    std::fs::write(&m, xml).unwrap();
    std::fs::write(&c, pem).unwrap();
    let out = Command::new(support::moto::venv_python())
        .arg(support::fixture("../support/signxml_verify.py"))
        .args([&m, &c])
        .arg(id)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        Ok(())
    } else {
        Err(said)
    }
}

/// A response shaped as Okta's: namespaces declared on the Response, the Assertion using a
/// prefix the Response declares too, attribute values that need escaping.
fn okta_shaped() -> String {
    format!(
        "<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"https://acme.auth.us-east-1.amazoncognito.com/saml2/idpresponse\" ID=\"id-response\" InResponseTo=\"_req\" IssueInstant=\"2026-12-05T10:00:00Z\" Version=\"2.0\"><saml2:Issuer xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">http://www.okta.com/exk1</saml2:Issuer>{}<saml2p:Status><saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></saml2p:Status><saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"id-assertion\" IssueInstant=\"2026-12-05T10:00:00Z\" Version=\"2.0\"><saml2:Issuer>http://www.okta.com/exk1</saml2:Issuer>{}<saml2:Subject><saml2:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">ada.lovelace@acme.example</saml2:NameID></saml2:Subject><saml2:AttributeStatement><saml2:Attribute Name=\"Email Id\"><saml2:AttributeValue>ada &amp; co &lt;ada@acme.example&gt;</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement></saml2:Assertion></saml2p:Response>",
        placeholder("id-response"),
        placeholder("id-assertion")
    )
}

#[test]
fn signxml_verifies_what_the_tool_signs_and_refuses_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let (key, pem) = new_key();
    // Okta signs the assertion, then the response around it.
    let xml = sign(&okta_shaped(), "id-assertion", &key).unwrap();
    let xml = sign(&xml, "id-response", &key).unwrap();
    assert_eq!(signxml(dir.path(), &xml, &pem, "id-assertion"), Ok(()));
    assert_eq!(signxml(dir.path(), &xml, &pem, "id-response"), Ok(()));

    let tampered = xml.replace("ada.lovelace@acme.example", "eve@acme.example");
    let refused = signxml(dir.path(), &tampered, &pem, "id-assertion").unwrap_err();
    assert!(refused.contains("refused"), "{refused}");

    let (_, other_pem) = new_key();
    assert!(signxml(dir.path(), &xml, &other_pem, "id-assertion").is_err());
}

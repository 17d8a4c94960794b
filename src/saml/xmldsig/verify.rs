//! Checking an element's enveloped signature as Cognito does before it trusts a SAML
//! message: the signature must cover that very element (its `ID`), with the algorithms SAML
//! uses, the digest must match what the element holds, and the value must verify with one of
//! the signing certificates the provider's metadata publishes, which must not have expired.

use super::c14n::{Scope, canonical, inside};
use super::dom::Element;
use super::{DSIG_NS, ENVELOPED, EXC_C14N, RSA_SHA256, SHA256};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::Digest;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The element carries no signature.
    Unsigned,
    /// The signature does not hold: what is wrong with it.
    Invalid(String),
    /// It verifies only with a certificate that has expired (its end date).
    Expired(String),
}

/// A signing certificate from the metadata: its DER, and whether it has expired.
#[derive(Debug, Clone)]
pub struct Trusted {
    pub der: Vec<u8>,
    pub expired_on: Option<String>,
}

fn ds<'a>(e: &'a Element, local: &str, scope: &Scope) -> Option<&'a Element> {
    e.elements().find(|c| {
        c.local() == local && inside(c, scope).get(c.prefix()).map(String::as_str) == Some(DSIG_NS)
    })
}

fn algorithm(e: Option<&Element>) -> &str {
    e.and_then(|e| e.attribute("Algorithm")).unwrap_or("")
}

fn decode(s: &str) -> Result<Vec<u8>, Failure> {
    let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD
        .decode(clean)
        .map_err(|e| Failure::Invalid(format!("not base64: {e}")))
}

/// The RSA public key (PKCS#1) of a certificate.
fn public_key(der: &[u8]) -> Option<Vec<u8>> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    Some(cert.public_key().subject_public_key.data.to_vec())
}

/// Whether `signature` is `message` signed with RSA-SHA256 by the key of certificate `der`
/// (the HTTP-Redirect binding signs the query, not XML).
pub fn rsa_sha256_holds(der: &[u8], message: &[u8], signature: &[u8]) -> bool {
    public_key(der).is_some_and(|key| {
        aws_lc_rs::signature::UnparsedPublicKey::new(
            &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
            &key,
        )
        .verify(message, signature)
        .is_ok()
    })
}

/// The signing certificates an IdP's metadata publishes (`KeyDescriptor` without
/// `use="encryption"`), each marked with its end date when it has expired at `now`.
pub fn trusted_from_metadata(xml: &str, now: time::OffsetDateTime) -> Vec<Trusted> {
    let Ok(root) = super::dom::parse(xml) else {
        return vec![];
    };
    let mut keys = vec![];
    root.descendants("KeyDescriptor", &mut keys);
    let mut out = vec![];
    for k in keys
        .into_iter()
        .filter(|k| k.attribute("use") != Some("encryption"))
    {
        let mut certs = vec![];
        k.descendants("X509Certificate", &mut certs);
        for c in certs {
            let Ok(der) = decode(&c.text()) else {
                continue;
            };
            let Ok((_, parsed)) = x509_parser::parse_x509_certificate(&der) else {
                continue;
            };
            let end = parsed.validity().not_after;
            let expired_on = (end.timestamp() < now.unix_timestamp()).then(|| end.to_string());
            out.push(Trusted { der, expired_on });
        }
    }
    out
}

/// Checks the signature that is a direct child of `signed`, whose ancestors declare `outer`.
pub fn verify(signed: &Element, outer: &Scope, trusted: &[Trusted]) -> Result<(), Failure> {
    let scope = inside(signed, outer);
    let signature = ds(signed, "Signature", &scope).ok_or(Failure::Unsigned)?;
    let sig_scope = inside(signature, &scope);
    let info = ds(signature, "SignedInfo", &sig_scope)
        .ok_or_else(|| Failure::Invalid("no SignedInfo".into()))?;
    let info_scope = inside(info, &sig_scope);
    let bad = |what: &str| Failure::Invalid(what.to_string());
    if algorithm(ds(info, "CanonicalizationMethod", &info_scope)) != EXC_C14N {
        return Err(bad("the canonicalization is not exclusive C14N"));
    }
    if algorithm(ds(info, "SignatureMethod", &info_scope)) != RSA_SHA256 {
        return Err(bad("the signature method is not RSA-SHA256"));
    }
    let references: Vec<&Element> = info
        .elements()
        .filter(|e| e.local() == "Reference")
        .collect();
    let [reference] = references.as_slice() else {
        return Err(bad("the signature has more or fewer than one reference"));
    };
    let id = signed.attribute("ID").unwrap_or("");
    if id.is_empty() || reference.attribute("URI") != Some(&format!("#{id}")) {
        return Err(bad(
            "the signature references another element than the one it is in",
        ));
    }
    let ref_scope = inside(reference, &info_scope);
    let transforms: Vec<&str> = ds(reference, "Transforms", &ref_scope)
        .map(|t| {
            t.elements()
                .map(|e| e.attribute("Algorithm").unwrap_or(""))
                .collect()
        })
        .unwrap_or_default();
    if !transforms.contains(&ENVELOPED)
        || transforms.iter().any(|t| *t != ENVELOPED && *t != EXC_C14N)
    {
        return Err(bad(
            "the transforms are not the enveloped signature and exclusive C14N",
        ));
    }
    if algorithm(ds(reference, "DigestMethod", &ref_scope)) != SHA256 {
        return Err(bad("the digest method is not SHA-256"));
    }
    let expected = decode(
        &ds(reference, "DigestValue", &ref_scope)
            .map(Element::text)
            .unwrap_or_default(),
    )?;
    let actual = sha2::Sha256::digest(canonical(signed, outer, Some(signature)));
    if expected != actual.as_slice() {
        return Err(bad(
            "the digest does not match: the message was changed after it was signed",
        ));
    }
    let value = decode(
        &ds(signature, "SignatureValue", &sig_scope)
            .map(Element::text)
            .unwrap_or_default(),
    )?;
    let message = canonical(info, &sig_scope, None);
    let mut expired = None;
    for t in trusted {
        let ok = rsa_sha256_holds(&t.der, message.as_bytes(), &value);
        match (ok, &t.expired_on) {
            (true, None) => return Ok(()),
            (true, Some(on)) => expired = Some(on.clone()),
            (false, _) => {}
        }
    }
    Err(match expired {
        Some(on) => Failure::Expired(on),
        None => bad("no signing certificate in the provider's metadata verifies it"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saml::xmldsig::dom::parse;
    use crate::saml::xmldsig::sign::{SigningKey, placeholder, sign};

    fn key() -> (SigningKey, Vec<u8>) {
        crate::saml::xmldsig::sign::new_test_key()
    }

    fn message() -> String {
        format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"r1\"><saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"a1\"><saml:Issuer>http://idp</saml:Issuer>{}<saml:Subject><saml:NameID>ada@acme.example</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>",
            placeholder("a1")
        )
    }

    fn check(xml: &str, trusted: &[Trusted]) -> Result<(), Failure> {
        let root = parse(xml).unwrap();
        let assertion = root.child("Assertion").unwrap();
        verify(assertion, &inside(&root, &Scope::new()), trusted)
    }

    #[test]
    fn a_signed_assertion_verifies_and_any_change_breaks_it() {
        let (k, der) = key();
        let signed = sign(&message(), "a1", &k).unwrap();
        let trusted = [Trusted {
            der: der.clone(),
            expired_on: None,
        }];
        assert_eq!(check(&signed, &trusted), Ok(()));

        let forged = signed.replace("ada@acme.example", "eve@acme.example");
        assert!(
            matches!(check(&forged, &trusted), Err(Failure::Invalid(m)) if m.contains("digest"))
        );

        let (_, other) = key();
        let elsewhere = [Trusted {
            der: other,
            expired_on: None,
        }];
        assert!(
            matches!(check(&signed, &elsewhere), Err(Failure::Invalid(m)) if m.contains("verifies"))
        );

        let expired = [Trusted {
            der,
            expired_on: Some("2026-01-01".into()),
        }];
        assert_eq!(
            check(&signed, &expired),
            Err(Failure::Expired("2026-01-01".into()))
        );

        assert_eq!(check(&message(), &trusted), Err(Failure::Unsigned));
    }

    /// XML signature wrapping: a signature lifted onto another element with the same content
    /// does not cover it.
    #[test]
    fn a_signature_covers_only_the_element_it_names() {
        let (k, der) = key();
        let signed = sign(&message(), "a1", &k).unwrap();
        let moved = signed.replace("ID=\"a1\"", "ID=\"a2\"");
        let trusted = [Trusted {
            der,
            expired_on: None,
        }];
        assert!(
            matches!(check(&moved, &trusted), Err(Failure::Invalid(m)) if m.contains("references another"))
        );
    }
}

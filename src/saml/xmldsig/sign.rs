//! Signing one element of a SAML message as an IdP does: an enveloped signature placed where
//! the message says (`<!--signature:ID-->`, right after the element's Issuer, where SAML
//! wants it), exclusive canonicalization, SHA-256 digest, RSA-SHA256, and the certificate in
//! `KeyInfo`.

use super::c14n::{Scope, canonical, inside};
use super::dom::{Element, parse};
use super::{DSIG_NS, ENVELOPED, EXC_C14N, RSA_SHA256, SHA256};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::Digest;

/// An IdP's signing key and the certificate its metadata publishes for it.
pub struct SigningKey {
    key: aws_lc_rs::signature::RsaKeyPair,
    /// The certificate's DER in base64, as `X509Certificate` carries it.
    pub certificate: String,
}

impl SigningKey {
    pub fn from_pkcs8(der: &[u8], certificate: String) -> Result<SigningKey, String> {
        let key = aws_lc_rs::signature::RsaKeyPair::from_pkcs8(der)
            .map_err(|e| format!("not an RSA private key: {e}"))?;
        Ok(SigningKey { key, certificate })
    }

    /// `message` signed with RSA-SHA256 (PKCS #1 v1.5).
    pub fn sign_bytes(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        let mut out = vec![0; self.key.public_modulus_len()];
        self.key
            .sign(
                &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                message,
                &mut out,
            )
            .map_err(|e| format!("signing failed: {e}"))?;
        Ok(out)
    }
}

/// A new RSA key and its self-signed certificate's DER, for the signing tests.
#[cfg(test)]
pub fn new_test_key() -> (SigningKey, Vec<u8>) {
    let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
    let cert = rcgen::CertificateParams::default()
        .self_signed(&pair)
        .unwrap();
    let der = cert.der().to_vec();
    (
        SigningKey::from_pkcs8(&pair.serialize_der(), STANDARD.encode(&der)).unwrap(),
        der,
    )
}

/// The element whose `ID` is `id`, and the namespace bindings its ancestors declare.
pub fn by_id<'a>(e: &'a Element, outer: &Scope, id: &str) -> Option<(&'a Element, Scope)> {
    if e.attribute("ID") == Some(id) {
        return Some((e, outer.clone()));
    }
    let scope = inside(e, outer);
    e.elements().find_map(|c| by_id(c, &scope, id))
}

/// The placeholder the message holds where the signature of element `id` goes.
pub fn placeholder(id: &str) -> String {
    format!("<!--signature:{id}-->")
}

/// `xml` with element `id` signed: its placeholder replaced by the signature.
pub fn sign(xml: &str, id: &str, key: &SigningKey) -> Result<String, String> {
    let root = parse(xml)?;
    let (signed, outer) =
        by_id(&root, &Scope::new(), id).ok_or_else(|| format!("no element has ID {id}"))?;
    // The placeholder is a comment, which canonical XML leaves out: the digest is the
    // element's as it will be once the enveloped signature is taken away again.
    let digest = STANDARD.encode(sha2::Sha256::digest(canonical(signed, &outer, None)));
    let signed_info = format!(
        "<ds:SignedInfo xmlns:ds=\"{DSIG_NS}\"><ds:CanonicalizationMethod Algorithm=\"{EXC_C14N}\"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm=\"{RSA_SHA256}\"></ds:SignatureMethod><ds:Reference URI=\"#{id}\"><ds:Transforms><ds:Transform Algorithm=\"{ENVELOPED}\"></ds:Transform><ds:Transform Algorithm=\"{EXC_C14N}\"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm=\"{SHA256}\"></ds:DigestMethod><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>"
    );
    // Already canonical as written; canonicalizing it again keeps that a fact, not a hope.
    let canonical_info = canonical(&parse(&signed_info)?, &Scope::new(), None);
    let value = STANDARD.encode(key.sign_bytes(canonical_info.as_bytes())?);
    let signature = format!(
        "<ds:Signature xmlns:ds=\"{DSIG_NS}\">{}<ds:SignatureValue>{value}</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>",
        signed_info.replacen(&format!(" xmlns:ds=\"{DSIG_NS}\""), "", 1),
        key.certificate
    );
    let mark = placeholder(id);
    if !xml.contains(&mark) {
        return Err(format!(
            "the message has no place for element {id}'s signature"
        ));
    }
    Ok(xml.replacen(&mark, &signature, 1))
}

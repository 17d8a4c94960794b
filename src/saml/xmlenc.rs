//! An encrypted assertion, as an IdP makes one for Cognito when the provider asks for
//! encrypted responses (XML Encryption 1.1): the assertion sealed with a fresh AES-256-GCM
//! key, that key wrapped with RSA-OAEP (MGF1, SHA-1) for the provider's encryption
//! certificate, and the reverse with the certificate's private key.

use super::xmldsig::dom::Element;
use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::rsa::{
    OAEP_SHA1_MGF1SHA1, OaepPrivateDecryptingKey, OaepPublicEncryptingKey, PrivateDecryptingKey,
    PublicEncryptingKey,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

pub const AES256_GCM: &str = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
pub const RSA_OAEP: &str = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
const IV_BYTES: usize = 12;

/// `assertion` (a whole `saml2:Assertion` element, its namespaces declared on it) as the
/// `saml2:EncryptedAssertion` that replaces it, for the certificate `certificate_der`.
pub fn encrypt(assertion: &str, certificate_der: &[u8]) -> Result<String, String> {
    let (_, cert) = x509_parser::parse_x509_certificate(certificate_der)
        .map_err(|e| format!("the encryption certificate is not X.509: {e}"))?;
    let public = PublicEncryptingKey::from_der(cert.public_key().raw)
        .map_err(|e| format!("the encryption certificate's key is not RSA: {e}"))?;
    let wrapper = OaepPublicEncryptingKey::new(public).map_err(|_| "RSA-OAEP is unavailable")?;
    let rng = SystemRandom::new();
    let mut key = [0u8; 32];
    let mut iv = [0u8; IV_BYTES];
    rng.fill(&mut key).map_err(|_| "no randomness")?;
    rng.fill(&mut iv).map_err(|_| "no randomness")?;
    let mut wrapped = vec![0u8; wrapper.ciphertext_size()];
    let wrapped = wrapper
        .encrypt(&OAEP_SHA1_MGF1SHA1, &key, &mut wrapped, None)
        .map_err(|_| "wrapping the key failed")?
        .to_vec();
    let sealer = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &key).map_err(|_| "bad key")?);
    let mut sealed = assertion.as_bytes().to_vec();
    sealer
        .seal_in_place_append_tag(Nonce::assume_unique_for_key(iv), Aad::empty(), &mut sealed)
        .map_err(|_| "sealing the assertion failed")?;
    let mut cipher = iv.to_vec();
    cipher.extend(sealed);
    Ok(format!(
        "<saml2:EncryptedAssertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" Type=\"http://www.w3.org/2001/04/xmlenc#Element\"><xenc:EncryptionMethod Algorithm=\"{AES256_GCM}\"/><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm=\"{RSA_OAEP}\"/><xenc:CipherData><xenc:CipherValue>{}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue>{}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml2:EncryptedAssertion>",
        STANDARD.encode(wrapped),
        STANDARD.encode(cipher)
    ))
}

fn cipher_value(e: &Element) -> Option<Vec<u8>> {
    let text: String = e
        .child("CipherData")?
        .child("CipherValue")?
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD.decode(text).ok()
}

/// The assertion inside `encrypted` (an `EncryptedAssertion`), with the private key (PKCS#8)
/// of the certificate it was encrypted for.
pub fn decrypt(encrypted: &Element, private_pkcs8: &[u8]) -> Result<String, String> {
    let data = encrypted.child("EncryptedData").ok_or("no EncryptedData")?;
    let method = |e: &Element| {
        e.child("EncryptionMethod")
            .and_then(|m| m.attribute("Algorithm"))
            .unwrap_or("")
            .to_string()
    };
    if method(data) != AES256_GCM {
        return Err(format!(
            "the data is encrypted with {}, not AES-256-GCM",
            method(data)
        ));
    }
    let wrapped_key = data
        .child("KeyInfo")
        .and_then(|k| k.child("EncryptedKey"))
        .ok_or("no EncryptedKey")?;
    if method(wrapped_key) != RSA_OAEP {
        return Err(format!(
            "the key is wrapped with {}, not RSA-OAEP",
            method(wrapped_key)
        ));
    }
    let private = PrivateDecryptingKey::from_pkcs8(private_pkcs8).map_err(|e| e.to_string())?;
    let unwrapper =
        OaepPrivateDecryptingKey::new(private).map_err(|_| "RSA-OAEP is unavailable")?;
    let wrapped = cipher_value(wrapped_key).ok_or("the wrapped key is not base64")?;
    let mut key = vec![0u8; unwrapper.key_size_bytes()];
    let key = unwrapper
        .decrypt(&OAEP_SHA1_MGF1SHA1, &wrapped, &mut key, None)
        .map_err(|_| "the key was not wrapped for this certificate")?
        .to_vec();
    let cipher = cipher_value(data).ok_or("the encrypted data is not base64")?;
    if cipher.len() < IV_BYTES + 16 {
        return Err("the encrypted data is too short".into());
    }
    let (iv, sealed) = cipher.split_at(IV_BYTES);
    let opener = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &key).map_err(|_| "bad key")?);
    let mut sealed = sealed.to_vec();
    let plain = opener
        .open_in_place(
            Nonce::try_assume_unique_for_key(iv).map_err(|_| "bad IV")?,
            Aad::empty(),
            &mut sealed,
        )
        .map_err(|_| "the encrypted assertion does not open: changed, or for another key")?;
    String::from_utf8(plain.to_vec()).map_err(|_| "the assertion is not UTF-8".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_assertion_encrypted_for_a_certificate_opens_with_its_key_only() {
        let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
        let cert = rcgen::CertificateParams::default()
            .self_signed(&pair)
            .unwrap();
        let assertion = "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"a\">ada</saml2:Assertion>";
        let sealed = super::encrypt(assertion, cert.der()).unwrap();
        assert!(!sealed.contains("ada"));
        let root = crate::saml::xmldsig::dom::parse(&sealed).unwrap();
        assert_eq!(
            super::decrypt(&root, &pair.serialize_der()).unwrap(),
            assertion
        );
        let other = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
        assert!(super::decrypt(&root, &other.serialize_der()).is_err());
    }
}

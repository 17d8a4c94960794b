//! Cognito's own certificates, which the IdP needs for three provider options: the pool's
//! signing certificate (`GetSigningCertificate`: signed requests and IdP sign-out) and each
//! SAML provider's encryption certificate (`ActiveEncryptionCertificate`: encrypted
//! assertions). Cognito makes new ones once a year, each valid ten years, with the same key.

use super::errors::from_sdk;
use crate::finding::Finding;
use crate::saml::cert::{CertInfo, decode};
use crate::saml::parse::KeyUse;
use aws_sdk_cognitoidentityprovider::Client;
use base64::Engine;

pub async fn read_signing(api: &Client, pool_id: &str) -> Result<String, Finding> {
    let out = api
        .get_signing_certificate()
        .user_pool_id(pool_id)
        .send()
        .await
        .map_err(|e| from_sdk(&e, "GetSigningCertificate", &format!("user pool {pool_id}")))?;
    Ok(compact(out.certificate().unwrap_or_default()))
}

/// The base64 of the DER, without PEM armour or white space (how Okta's `x5c` holds it).
pub fn compact(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("-----"))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The certificate as PEM, for pasting into the Okta console.
pub fn pem(base64_der: &str) -> String {
    let body = compact(base64_der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// Subject, validity and fingerprints, as the doctor and the Okta screen show them.
pub fn describe(base64_der: &str, encryption: bool) -> Option<CertInfo> {
    let key_use = if encryption {
        KeyUse::Encryption
    } else {
        KeyUse::Signing
    };
    decode(
        1,
        key_use,
        &compact(base64_der),
        time::OffsetDateTime::now_utc(),
    )
    .info
}

/// The certificate's public key (SubjectPublicKeyInfo): a yearly certificate keeps it.
pub fn public_key(base64_der: &str) -> Option<Vec<u8>> {
    let der = base64::engine::general_purpose::STANDARD
        .decode(compact(base64_der))
        .ok()?;
    let (_, cert) = x509_parser::parse_x509_certificate(&der).ok()?;
    Some(cert.public_key().raw.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_wraps_at_64_and_compact_undoes_it() {
        let b64 = "A".repeat(130);
        let p = pem(&b64);
        assert!(p.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert_eq!(p.lines().nth(1).unwrap().len(), 64);
        assert_eq!(compact(&p), b64);
    }
}

//! Signing keys for the rehearsal's local IdP apps: each app its own RSA 2048 key, as Okta's
//! are, and a certificate valid for as long as the rehearsal wants (one about to expire shows
//! what `doctor --all` says before a customer's sign-in breaks; a customer's expired one is
//! rehearsed as expired). Made with rcgen at start, so no fixture certificate ages out from
//! under the rehearsal.

use base64::Engine;
use time::OffsetDateTime;

/// A new RSA key and its self-signed certificate, valid from `not_before` to `not_after`
/// (both may be past: a customer's expired certificate is rehearsed as expired).
pub fn signing_key(
    common_name: &str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Result<crate::saml::xmldsig::sign::SigningKey, String> {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256)
        .map_err(|e| format!("cannot make a signing key: {e}"))?;
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, common_name);
    params.not_before = not_before;
    params.not_after = not_after;
    let cert = params
        .self_signed(&key)
        .map_err(|e| format!("cannot make a signing certificate: {e}"))?;
    crate::saml::xmldsig::sign::SigningKey::from_pkcs8(
        &key.serialize_der(),
        base64::engine::general_purpose::STANDARD.encode(cert.der()),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_certificate_is_rsa_and_ends_when_asked() {
        use base64::Engine;
        let now = time::OffsetDateTime::now_utc();
        let key = super::signing_key(
            "acme.example",
            now - time::Duration::days(1),
            now + time::Duration::days(45),
        )
        .unwrap();
        let der = base64::engine::general_purpose::STANDARD
            .decode(&key.certificate)
            .unwrap();
        let (_, cert) = x509_parser::parse_x509_certificate(&der).unwrap();
        let left = cert.validity().not_after.timestamp()
            - time::OffsetDateTime::now_utc().unix_timestamp();
        assert!((44 * 86400..=45 * 86400).contains(&left), "{left}");
        assert_eq!(
            cert.public_key().algorithm.algorithm,
            x509_parser::oid_registry::OID_PKCS1_RSAENCRYPTION
        );
    }
}

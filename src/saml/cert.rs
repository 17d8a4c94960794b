//! Decoding a KeyDescriptor's X509Certificate and describing it the way the Okta console does.

use super::parse::KeyUse;
use crate::finding::Finding;
use base64::Engine;
use serde::Serialize;
use sha1::Digest as _;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use x509_parser::public_key::PublicKey;

/// Cognito refuses certificates longer than this (in base64 characters).
pub const MAX_CERT_CHARS: usize = 4096;
pub const EXPIRY_WARNING_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertInfo {
    /// 1-based position among the IdP's KeyDescriptor certificates.
    pub index: usize,
    #[serde(rename = "use")]
    pub key_use: &'static str,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    pub days_left: i64,
    pub key_type: String,
    pub key_bits: usize,
    pub signature_algorithm: String,
    pub sha1: String,
    pub sha256: String,
    /// Base64 DER without white space, as Cognito stores it; compared by the doctor.
    #[serde(skip)]
    pub der_base64: String,
}

impl CertInfo {
    pub fn expired(&self) -> bool {
        self.days_left < 0
    }
    pub fn can_sign(&self) -> bool {
        self.key_use != "encryption"
    }
}

pub fn use_label(u: KeyUse) -> &'static str {
    match u {
        KeyUse::Signing => "signing",
        KeyUse::Encryption => "encryption",
        KeyUse::Unspecified => "unspecified",
    }
}

fn fingerprint(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn signature_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "Ed25519",
        other => other,
    }
    .to_string()
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// A certificate that could not be used, with the message the user sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertProblem {
    pub code: crate::finding::Code,
    pub message: String,
    pub fix: &'static str,
}

pub struct Decoded {
    pub info: Option<CertInfo>,
    pub problem: Option<CertProblem>,
    /// Warnings about a certificate that was still usable (PEM armour).
    pub notes: Vec<Finding>,
}

const REDOWNLOAD: &str = "Download the metadata again from the IdP (Okta: Sign On tab → Metadata URL) instead of editing it; the certificate must be the base64 of the DER certificate, nothing else.";

pub fn decode(index: usize, key_use: KeyUse, raw: &str, now: OffsetDateTime) -> Decoded {
    let label = format!("{} certificate #{index}", use_label(key_use));
    let problem = |code, message: String, fix| Decoded {
        info: None,
        problem: Some(CertProblem { code, message, fix }),
        notes: vec![],
    };
    let mut notes = vec![];
    let mut body: String = raw.to_string();
    if body.contains("-----BEGIN") {
        notes.push(Finding::warning(
            crate::finding::codes::CERTIFICATE_PEM_ARMOR,
            format!("{label} contains PEM armour lines (-----BEGIN CERTIFICATE-----) inside X509Certificate"),
            "Remove the -----BEGIN/END CERTIFICATE----- lines (or download the metadata again): Cognito expects the bare base64.",
        ));
        body = body
            .lines()
            .filter(|l| !l.trim_start().starts_with("-----"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return problem(
            crate::finding::codes::CERTIFICATE_EMPTY,
            format!(
                "{} KeyDescriptor has an empty X509Certificate (#{index})",
                use_label(key_use)
            ),
            REDOWNLOAD,
        );
    }
    if compact.len() > MAX_CERT_CHARS {
        return problem(
            crate::finding::codes::CERTIFICATE_TOO_LONG,
            format!(
                "{label} is {} characters long; Cognito accepts at most {MAX_CERT_CHARS}",
                compact.len()
            ),
            "Use a signing certificate with a smaller key or chain (Okta's default 2048-bit certificate fits).",
        );
    }
    let der = match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
        Ok(d) => d,
        Err(e) => {
            return problem(
                crate::finding::codes::CERTIFICATE_NOT_BASE64,
                format!("{label} is not valid base64 ({e})"),
                REDOWNLOAD,
            );
        }
    };
    if der.starts_with(b"-----BEGIN") {
        return problem(
            crate::finding::codes::CERTIFICATE_DOUBLE_ENCODED,
            format!("{label} is base64 of a PEM text (double-encoded), not of a DER certificate"),
            REDOWNLOAD,
        );
    }
    let cert = match x509_parser::parse_x509_certificate(&der) {
        Ok((_, c)) => c,
        Err(e) => {
            return problem(
                crate::finding::codes::CERTIFICATE_NOT_DER,
                format!("{label} is base64 but not a DER X.509 certificate ({e})"),
                REDOWNLOAD,
            );
        }
    };
    let validity = cert.validity();
    let not_before = OffsetDateTime::from_unix_timestamp(validity.not_before.timestamp())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let not_after = OffsetDateTime::from_unix_timestamp(validity.not_after.timestamp())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let days_left = (not_after - now).whole_days() - i64::from(not_after < now);
    let (key_type, key_bits) = match cert.public_key().parsed() {
        Ok(PublicKey::RSA(k)) => ("RSA", k.key_size()),
        Ok(PublicKey::EC(k)) => ("EC", k.key_size()),
        Ok(PublicKey::DSA(_)) => ("DSA", 0),
        Ok(_) | Err(_) => ("unknown", 0),
    };
    let info = CertInfo {
        index,
        key_use: use_label(key_use),
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        serial: cert.raw_serial_as_string().to_uppercase(),
        not_before: rfc3339(not_before),
        not_after: rfc3339(not_after),
        days_left,
        key_type: key_type.to_string(),
        key_bits,
        signature_algorithm: signature_name(&cert.signature_algorithm.algorithm.to_id_string()),
        sha1: fingerprint(&sha1::Sha1::digest(&der)),
        sha256: fingerprint(&sha2::Sha256::digest(&der)),
        der_base64: compact,
    };
    Decoded {
        info: Some(info),
        problem: None,
        notes,
    }
}

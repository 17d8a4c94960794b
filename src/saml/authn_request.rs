//! The SAML AuthnRequest a service provider sends the IdP over the HTTP-Redirect binding, as
//! Cognito sends it: the XML deflated and base64-encoded into `SAMLRequest`, with
//! `RelayState`; signed, when the provider's `RequestSigningAlgorithm` asks for it, by
//! `SigAlg` and `Signature` over the query itself (SAML Bindings 2.0 §3.4.4.1: the octets
//! `SAMLRequest=…&RelayState=…&SigAlg=…`, each value URL-encoded as sent). The IdP checks
//! that signature against the certificate it was given for the SP (Okta: the app's
//! Signature Certificate, `settings.signOn.spCertificate`).

use super::xmldsig::RSA_SHA256;
use super::xmldsig::sign::SigningKey;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::{Read, Write};

/// A deflated request inflates to at most this much; more is refused, not read.
const MAX_XML: u64 = 64 * 1024;

/// What an IdP reads from an AuthnRequest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: String,
    pub issuer: String,
    pub acs: Option<String>,
    pub destination: Option<String>,
}

fn attribute_text(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The request's XML.
pub fn xml(request: &Request, issue_instant: &str) -> String {
    let optional = |name: &str, v: &Option<String>| {
        v.as_deref()
            .map(|v| format!(" {name}=\"{}\"", attribute_text(v)))
            .unwrap_or_default()
    };
    format!(
        "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{id}\" Version=\"2.0\" IssueInstant=\"{issue_instant}\"{destination}{acs} ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"><saml:Issuer>{issuer}</saml:Issuer><samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\" AllowCreate=\"true\"/></samlp:AuthnRequest>",
        id = attribute_text(&request.id),
        destination = optional("Destination", &request.destination),
        acs = optional("AssertionConsumerServiceURL", &request.acs),
        issuer = attribute_text(&request.issuer),
    )
}

/// `xml` as the Redirect binding carries it: raw DEFLATE, then base64.
pub fn encode(xml: &str) -> String {
    let mut deflater =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = deflater.write_all(xml.as_bytes());
    STANDARD.encode(deflater.finish().unwrap_or_default())
}

/// The XML of a `SAMLRequest` value.
pub fn decode(value: &str) -> Result<String, String> {
    let clean: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let deflated = STANDARD
        .decode(clean)
        .map_err(|e| format!("SAMLRequest is not base64: {e}"))?;
    let mut xml = String::new();
    flate2::read::DeflateDecoder::new(deflated.as_slice())
        .take(MAX_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|e| format!("SAMLRequest is not a deflated XML document: {e}"))?;
    if xml.len() as u64 > MAX_XML {
        return Err(format!("SAMLRequest inflates to more than {MAX_XML} bytes"));
    }
    Ok(xml)
}

/// The request in `xml`.
pub fn read(xml: &str) -> Result<Request, String> {
    let root = super::xmldsig::dom::parse(xml)?;
    if root.local() != "AuthnRequest" {
        return Err(format!(
            "the SAMLRequest is a {}, not an AuthnRequest",
            root.local()
        ));
    }
    let id = root
        .attribute("ID")
        .filter(|id| !id.is_empty())
        .ok_or("the AuthnRequest has no ID")?
        .to_string();
    let issuer = root
        .elements()
        .find(|e| e.local() == "Issuer")
        .map(|e| e.text().trim().to_string())
        .ok_or("the AuthnRequest names no Issuer")?;
    Ok(Request {
        id,
        issuer,
        acs: root
            .attribute("AssertionConsumerServiceURL")
            .map(String::from),
        destination: root.attribute("Destination").map(String::from),
    })
}

fn url_encoded(v: &str) -> String {
    url::form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// The query that carries `saml_request` (already encoded) and `relay_state`, signed with
/// `key` when given.
pub fn query(
    saml_request: &str,
    relay_state: Option<&str>,
    key: Option<&SigningKey>,
) -> Result<String, String> {
    let mut q = format!("SAMLRequest={}", url_encoded(saml_request));
    if let Some(relay) = relay_state {
        q.push_str(&format!("&RelayState={}", url_encoded(relay)));
    }
    if let Some(key) = key {
        q.push_str(&format!("&SigAlg={}", url_encoded(RSA_SHA256)));
        let signature = STANDARD.encode(key.sign_bytes(q.as_bytes())?);
        q.push_str(&format!("&Signature={}", url_encoded(&signature)));
    }
    Ok(q)
}

/// Why the signature on a Redirect-binding query does not hold, if it does not: `raw` is the
/// query as received (its values still URL-encoded, as the signature covers them), checked
/// against the SP's certificate `der`.
pub fn signature_problem(raw: &str, der: &[u8]) -> Option<String> {
    let part = |name: &str| {
        raw.split('&')
            .find(|p| p.split('=').next() == Some(name))
            .map(String::from)
    };
    let decoded = |p: &str| {
        let v = p.split_once('=').map_or("", |(_, v)| v);
        url::form_urlencoded::parse(format!("v={v}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let (Some(request), Some(alg), Some(signature)) =
        (part("SAMLRequest"), part("SigAlg"), part("Signature"))
    else {
        return Some("the request is not signed (no SigAlg and Signature)".into());
    };
    if decoded(&alg) != RSA_SHA256 {
        return Some(format!("SigAlg {} is not RSA-SHA256", decoded(&alg)));
    }
    let mut signed = request;
    if let Some(relay) = part("RelayState") {
        signed = format!("{signed}&{relay}");
    }
    signed = format!("{signed}&{alg}");
    let Ok(value) = STANDARD.decode(decoded(&signature)) else {
        return Some("the Signature is not base64".into());
    };
    (!super::xmldsig::verify::rsa_sha256_holds(der, signed.as_bytes(), &value))
        .then(|| "the signature does not verify with the SP's certificate".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> (SigningKey, Vec<u8>) {
        crate::saml::xmldsig::sign::new_test_key()
    }

    fn request() -> Request {
        Request {
            id: "_r1".into(),
            issuer: "urn:amazon:cognito:sp:us-east-1_x".into(),
            acs: Some("https://a.auth.us-east-1.amazoncognito.com/saml2/idpresponse".into()),
            destination: Some("https://acme.okta.com/app/x/exk1/sso/saml".into()),
        }
    }

    #[test]
    fn a_request_survives_the_redirect_binding() {
        let encoded = encode(&xml(&request(), "2026-12-05T10:00:00Z"));
        assert_eq!(read(&decode(&encoded).unwrap()).unwrap(), request());
    }

    #[test]
    fn a_signed_query_verifies_and_a_changed_one_does_not() {
        let (k, der) = key();
        let encoded = encode(&xml(&request(), "2026-12-05T10:00:00Z"));
        let q = query(&encoded, Some("relay+/=&"), Some(&k)).unwrap();
        assert_eq!(signature_problem(&q, &der), None);
        let changed = q.replace("RelayState=relay", "RelayState=other");
        assert!(signature_problem(&changed, &der).is_some());
        let (_, other) = key();
        assert!(
            signature_problem(&q, &other).is_some(),
            "another SP's certificate"
        );
        let unsigned = query(&encoded, Some("r"), None).unwrap();
        assert!(
            signature_problem(&unsigned, &der)
                .unwrap()
                .contains("not signed")
        );
    }

    #[test]
    fn a_deflate_bomb_is_refused_unread() {
        let huge = encode(&"a".repeat(10 * 1024 * 1024));
        assert!(decode(&huge).unwrap_err().contains("more than"));
        assert!(decode("%%%").is_err());
    }
}

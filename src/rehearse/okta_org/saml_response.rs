//! The SAML Response the local Okta org posts, shaped and signed as Okta's: a `saml2p:Response`
//! around one `saml2:Assertion` (Issuer, Subject with its bearer confirmation, Conditions with
//! the Audience, the authentication statement, the attribute statements), the Assertion and
//! the Response each signed when the app's settings say so (`assertionSigned`,
//! `responseSigned`), with the app's own key.

use crate::html_text::escape;
use crate::saml::xmldsig::sign::{SigningKey, placeholder, sign};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How long Okta's assertions are valid for, each side of the moment they are made.
const VALIDITY: time::Duration = time::Duration::minutes(5);

pub struct Facts<'a> {
    pub issuer: &'a str,
    pub destination: &'a str,
    pub audience: &'a str,
    /// The AuthnRequest's ID; none for IdP-initiated sign-in (the Okta tile).
    pub in_response_to: Option<&'a str>,
    pub name_id: &'a str,
    pub name_id_format: &'a str,
    pub attributes: &'a BTreeMap<String, String>,
    pub sign_assertion: bool,
    pub sign_response: bool,
    /// The certificate (DER) to encrypt the assertion for, when the app's Assertion
    /// Encryption is on: Cognito's encryption certificate for the provider.
    pub encrypt_for: Option<Vec<u8>>,
}

fn instant(t: OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn id() -> String {
    format!("id{}", crate::login::pkce::random_token(20))
}

/// The response, signed as the facts say, as the text Okta base64-encodes into `SAMLResponse`.
pub fn response(f: &Facts, key: &SigningKey) -> Result<String, String> {
    let now = OffsetDateTime::now_utc();
    let (response_id, assertion_id) = (id(), id());
    let in_response_to = f
        .in_response_to
        .map(|r| format!(" InResponseTo=\"{}\"", escape(r)))
        .unwrap_or_default();
    let attributes: String = f
        .attributes
        .iter()
        .map(|(name, value)| {
            format!(
                "<saml2:Attribute Name=\"{}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified\"><saml2:AttributeValue>{}</saml2:AttributeValue></saml2:Attribute>",
                escape(name),
                escape(value)
            )
        })
        .collect();
    let assertion = format!(
        "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{assertion_id}\" IssueInstant=\"{now}\" Version=\"2.0\"><saml2:Issuer Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">{issuer}</saml2:Issuer>{sig}<saml2:Subject><saml2:NameID Format=\"{format}\">{name_id}</saml2:NameID><saml2:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml2:SubjectConfirmationData{in_response_to} NotOnOrAfter=\"{until}\" Recipient=\"{destination}\"/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore=\"{since}\" NotOnOrAfter=\"{until}\"><saml2:AudienceRestriction><saml2:Audience>{audience}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions><saml2:AuthnStatement AuthnInstant=\"{now}\" SessionIndex=\"{assertion_id}\"><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement><saml2:AttributeStatement>{attributes}</saml2:AttributeStatement></saml2:Assertion>",
        now = instant(now),
        since = instant(now - VALIDITY),
        until = instant(now + VALIDITY),
        issuer = escape(f.issuer),
        sig = if f.sign_assertion {
            placeholder(&assertion_id)
        } else {
            String::new()
        },
        format = escape(f.name_id_format),
        name_id = escape(f.name_id),
        destination = escape(f.destination),
        audience = escape(f.audience),
    );
    // The assertion is signed on its own (exclusive canonicalization makes that the same as
    // in place), then encrypted, then the response around it signed: Okta's order.
    let assertion = if f.sign_assertion {
        sign(&assertion, &assertion_id, key)?
    } else {
        assertion
    };
    let assertion = match &f.encrypt_for {
        Some(cert) => crate::saml::xmlenc::encrypt(&assertion, cert)?,
        None => assertion,
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"{destination}\" ID=\"{response_id}\"{in_response_to} IssueInstant=\"{now}\" Version=\"2.0\"><saml2:Issuer xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">{issuer}</saml2:Issuer>{sig}<saml2p:Status><saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></saml2p:Status>{assertion}</saml2p:Response>",
        destination = escape(f.destination),
        now = instant(now),
        issuer = escape(f.issuer),
        sig = if f.sign_response {
            placeholder(&response_id)
        } else {
            String::new()
        },
    );
    if f.sign_response {
        sign(&xml, &response_id, key)
    } else {
        Ok(xml)
    }
}

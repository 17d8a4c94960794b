//! Why Cognito refused a SAML response's signature, told from the certificates: the ones the
//! provider holds (its metadata file, or what its Metadata URL gives) against the ones the
//! IdP publishes now. `explain --config` adds this to Cognito's "SAML Assertion signature is
//! invalid", so the admin reads which certificate and what to do, not a list of causes.

use crate::saml::Report;
use crate::saml::cert::CertInfo;

/// The IdP's metadata as it is now, and where it was read.
pub struct Live<'a> {
    pub url: &'a str,
    pub report: &'a Report,
}

fn signing(r: &Report) -> Vec<&CertInfo> {
    r.certificates.iter().filter(|c| c.can_sign()).collect()
}

fn named(c: &CertInfo) -> String {
    let end = c.not_after.get(..10).unwrap_or(&c.not_after);
    let state = if c.expired() {
        format!("expired on {end}")
    } else {
        format!("valid until {end}")
    };
    let short = c.sha256.get(..23).unwrap_or(&c.sha256);
    format!("\"{}\" (SHA-256 {short}…, {state})", c.subject)
}

fn listed(certs: &[&CertInfo]) -> String {
    certs
        .iter()
        .map(|c| named(c))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// What the certificates say, as (cause, fix); None when they say nothing more than
/// Cognito's message (the IdP publishes what Cognito holds, and it is valid).
pub fn judge(
    provider: &str,
    from_file: bool,
    held: &Report,
    live: Option<Live<'_>>,
) -> Option<(String, String)> {
    let held_certs = signing(held);
    let apply_fix = |url: &str| {
        if from_file {
            format!(
                "Save the IdP's current metadata ({url}) as the setup's metadata_file, or set provider.metadata_url = \"{url}\" (Cognito then follows rotations itself), and run `okta-cognito apply`."
            )
        } else {
            "Run `okta-cognito rotation --config FILE --refresh`: Cognito reads the Metadata URL again at once instead of within six hours.".to_string()
        }
    };
    if let Some(live) = live {
        let live_certs = signing(live.report);
        let shared = live_certs
            .iter()
            .any(|l| held_certs.iter().any(|h| h.sha256 == l.sha256));
        if !live_certs.is_empty() && !shared {
            return Some((
                format!(
                    "provider {provider} holds the signing certificate {}, but the IdP now publishes {} ({}): it was rotated after the provider was {}",
                    listed(&held_certs),
                    listed(&live_certs),
                    live.url,
                    if from_file {
                        "made from a file"
                    } else {
                        "last read"
                    }
                ),
                apply_fix(live.url),
            ));
        }
        if live_certs.iter().all(|c| c.expired()) && !live_certs.is_empty() {
            return Some((
                format!(
                    "the IdP still publishes only {}: Cognito does not accept an expired signing certificate",
                    listed(&live_certs)
                ),
                "Make a new signing certificate at the IdP and activate it (`okta-cognito rotation --config FILE --rotate` does it for Okta), then have Cognito read the new metadata (`rotation --refresh`, or `apply` with the new file).".to_string(),
            ));
        }
        return None;
    }
    if !held_certs.is_empty() && held_certs.iter().all(|c| c.expired()) {
        return Some((
            format!(
                "provider {provider} holds only {}: Cognito does not accept an expired signing certificate",
                listed(&held_certs)
            ),
            "Make a new signing certificate at the IdP and activate it (`okta-cognito rotation --config FILE --rotate` does it for Okta), then give Cognito the new metadata (`apply` with the new file, or a Metadata URL).".to_string(),
        ));
    }
    None
}

/// Where the IdP publishes its metadata now, for a provider made from `held` (a file): the
/// setup's own Metadata URL, or Okta's public one on the org of the file's sign-on URL
/// (`https://<org>/app/<name>/<exk…>/sso/saml`), with the external key that URL carries (or
/// else the one in the entityID, `http://www.okta.com/exk…`).
pub fn current_metadata_url(setup_url: Option<&str>, held: &Report) -> Option<String> {
    if let Some(u) = setup_url {
        return Some(u.to_string());
    }
    let sso = held.redirect_sso().or(held.sso.first())?;
    let location = url::Url::parse(&sso.location).ok()?;
    let segments: Vec<&str> = location.path_segments()?.collect();
    let key = match segments.as_slice() {
        ["app", _, key, "sso", "saml"] if crate::setup::okta_rules::okta_id(key) => key.to_string(),
        _ => crate::setup::okta_rules::external_key(held.entity_id.as_deref()?)?,
    };
    let origin = location.origin().ascii_serialization();
    Some(crate::setup::okta_rules::public_url(&origin, &key))
}

#[cfg(test)]
mod tests {
    fn report(entity: &str, sso: &str) -> crate::saml::Report {
        let xml = format!(
            "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{entity}\"><md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"><md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"{sso}\"/></md:IDPSSODescriptor></md:EntityDescriptor>"
        );
        crate::saml::inspect(xml.as_bytes(), None, None, time::OffsetDateTime::now_utc())
    }

    #[test]
    fn okta_s_public_metadata_url_is_made_from_the_sign_on_url() {
        let r = report(
            "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
            "https://acme.okta.com/app/acme_cognito_1/exk9z8y7x6w5v4u3t2s1/sso/saml",
        );
        assert_eq!(
            super::current_metadata_url(None, &r).as_deref(),
            Some("https://acme.okta.com/app/exk9z8y7x6w5v4u3t2s1/sso/saml/metadata")
        );
        let other = report(
            "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
            "https://acme.okta.com/sso/saml2/whatever",
        );
        assert_eq!(
            super::current_metadata_url(None, &other).as_deref(),
            Some("https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata")
        );
        let entra = report(
            "https://sts.windows.net/72f988bf/",
            "https://login.microsoftonline.com/72f988bf/saml2",
        );
        assert_eq!(super::current_metadata_url(None, &entra), None);
        assert_eq!(
            super::current_metadata_url(Some("https://x/m"), &entra).as_deref(),
            Some("https://x/m")
        );
    }
}

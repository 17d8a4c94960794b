//! Which identity provider a metadata document comes from, told by its entity id and its
//! sign-on addresses, so a fix names that IdP's console and not Okta's for every document.

/// The IdPs whose consoles a fix can name; anything else is a generic SAML 2.0 IdP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecognisedIdp {
    Okta,
    GoogleWorkspace,
    EntraId,
    Other,
}

fn host(url: &str) -> String {
    url::Url::parse(url.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

impl RecognisedIdp {
    pub fn recognise<'a>(
        entity_id: &str,
        sign_on: impl IntoIterator<Item = &'a str>,
    ) -> RecognisedIdp {
        let id = entity_id.trim();
        let hosts: Vec<String> = sign_on.into_iter().map(host).collect();
        let any_host = |f: &dyn Fn(&str) -> bool| hosts.iter().any(|h| f(h));
        if id.starts_with("http://www.okta.com/")
            || any_host(&|h| {
                [
                    ".okta.com",
                    ".oktapreview.com",
                    ".okta-emea.com",
                    ".okta-gov.com",
                ]
                .iter()
                .any(|s| h.ends_with(s))
            })
        {
            RecognisedIdp::Okta
        } else if id.starts_with("https://accounts.google.com/")
            || any_host(&|h| h == "accounts.google.com")
        {
            RecognisedIdp::GoogleWorkspace
        } else if id.starts_with("https://sts.windows.net/")
            || any_host(&|h| h == "login.microsoftonline.com")
        {
            RecognisedIdp::EntraId
        } else {
            RecognisedIdp::Other
        }
    }

    /// "Okta", "Google Workspace", "Entra ID", or "the IdP".
    pub fn name(self) -> &'static str {
        match self {
            RecognisedIdp::Okta => "Okta",
            RecognisedIdp::GoogleWorkspace => "Google Workspace",
            RecognisedIdp::EntraId => "Entra ID",
            RecognisedIdp::Other => "the IdP",
        }
    }

    /// How to give the IdP a new signing certificate, in its own console's words.
    pub fn rotate_fix(self) -> &'static str {
        match self {
            RecognisedIdp::Okta => {
                "In Okta: app → Sign On tab → SAML Signing Certificates → Generate new certificate, then Actions → Activate; then fetch the metadata again (a metadata URL lets Cognito pick the new certificate up by itself)."
            }
            RecognisedIdp::GoogleWorkspace => {
                "In the Google Admin console: the custom SAML app → add a new certificate, then download the IdP metadata again; Google offers the metadata as a download only, so update the provider's metadata file in Cognito with it."
            }
            RecognisedIdp::EntraId => {
                "In Entra ID: the enterprise app → Single sign-on → SAML Certificates → create a new certificate and make it active; the App Federation Metadata Url then carries it to Cognito by itself."
            }
            RecognisedIdp::Other => {
                "In the IdP: create a new SAML signing certificate and make it active, then fetch the metadata again (a metadata URL lets Cognito pick the new certificate up by itself; a file must be replaced)."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_idp_is_told_by_its_entity_id_or_sign_on_host() {
        assert_eq!(
            RecognisedIdp::recognise("http://www.okta.com/exk1", []),
            RecognisedIdp::Okta
        );
        assert_eq!(
            RecognisedIdp::recognise(
                "https://accounts.google.com/o/saml2?idpid=C01",
                ["https://accounts.google.com/o/saml2/idp?idpid=C01"]
            ),
            RecognisedIdp::GoogleWorkspace
        );
        assert_eq!(
            RecognisedIdp::recognise("https://sts.windows.net/tenant/", []),
            RecognisedIdp::EntraId
        );
        assert_eq!(
            RecognisedIdp::recognise("urn:acme", ["https://acme.okta.com/app/x/sso/saml"]),
            RecognisedIdp::Okta
        );
        assert_eq!(
            RecognisedIdp::recognise(
                "https://idp.acme.example/",
                ["https://idp.acme.example/sso"]
            ),
            RecognisedIdp::Other
        );
    }
}

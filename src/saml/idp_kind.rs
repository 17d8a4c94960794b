//! Which identity provider a metadata document comes from, told by its entity id and its
//! sign-on addresses, so a fix names that IdP's console and not Okta's for every document.

/// The IdPs whose consoles a fix can name; anything else is a generic SAML 2.0 IdP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdpKind {
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

impl IdpKind {
    pub fn recognise<'a>(entity_id: &str, sign_on: impl IntoIterator<Item = &'a str>) -> IdpKind {
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
            IdpKind::Okta
        } else if id.starts_with("https://accounts.google.com/")
            || any_host(&|h| h == "accounts.google.com")
        {
            IdpKind::GoogleWorkspace
        } else if id.starts_with("https://sts.windows.net/")
            || any_host(&|h| h == "login.microsoftonline.com")
        {
            IdpKind::EntraId
        } else {
            IdpKind::Other
        }
    }

    /// "Okta", "Google Workspace", "Entra ID", or "the IdP".
    pub fn name(self) -> &'static str {
        match self {
            IdpKind::Okta => "Okta",
            IdpKind::GoogleWorkspace => "Google Workspace",
            IdpKind::EntraId => "Entra ID",
            IdpKind::Other => "the IdP",
        }
    }

    /// How to give the IdP a new signing certificate, in its own console's words.
    pub fn rotate_fix(self) -> &'static str {
        match self {
            IdpKind::Okta => {
                "In Okta: app → Sign On tab → SAML Signing Certificates → Generate new certificate, then Actions → Activate; then fetch the metadata again (a metadata URL lets Cognito pick the new certificate up by itself)."
            }
            IdpKind::GoogleWorkspace => {
                "In the Google Admin console: the custom SAML app → add a new certificate, then download the IdP metadata again; Google offers the metadata as a download only, so update the provider's metadata file in Cognito with it."
            }
            IdpKind::EntraId => {
                "In Entra ID: the enterprise app → Single sign-on → SAML Certificates → create a new certificate and make it active; the App Federation Metadata Url then carries it to Cognito by itself."
            }
            IdpKind::Other => {
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
            IdpKind::recognise("http://www.okta.com/exk1", []),
            IdpKind::Okta
        );
        assert_eq!(
            IdpKind::recognise(
                "https://accounts.google.com/o/saml2?idpid=C01",
                ["https://accounts.google.com/o/saml2/idp?idpid=C01"]
            ),
            IdpKind::GoogleWorkspace
        );
        assert_eq!(
            IdpKind::recognise("https://sts.windows.net/tenant/", []),
            IdpKind::EntraId
        );
        assert_eq!(
            IdpKind::recognise("urn:acme", ["https://acme.okta.com/app/x/sso/saml"]),
            IdpKind::Okta
        );
        assert_eq!(
            IdpKind::recognise(
                "https://idp.acme.example/",
                ["https://idp.acme.example/sso"]
            ),
            IdpKind::Other
        );
    }
}

//! The rules for what a setup says about Okta: the `[okta]` section, one rule per field,
//! each naming the field; the org URL's form; and the forms of an Okta metadata address
//! (public, the API's preview, an app id where the key belongs). Pure rules over the model's
//! values, so the model can validate a whole setup; `okta/` re-exports them where it uses them.

use crate::finding::Finding;
use crate::setup::validate::is_loopback_host;

use crate::setup::Setup;

pub fn section(s: &Setup) -> Vec<Finding> {
    let Some(o) = &s.okta else { return vec![] };
    let mut out = Vec::new();
    if let Some(u) = &o.org_url
        && let Err(why) = org_url(u)
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_ORG_URL_INVALID,
            format!("okta.org_url = \"{u}\" {why}"),
            "Use the org's address as the browser shows it on the sign-in page, e.g. https://acme.okta.com.",
        ));
    }
    if let Some(l) = &o.app_label
        && l.trim().is_empty()
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_APP_LABEL_EMPTY,
            "okta.app_label is empty",
            "Give the app a name admins will recognise, or remove the key to use \"Amazon Cognito <user pool id>\".",
        ));
    }
    if let Some(id) = &o.app_id
        && (id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_APP_ID_INVALID,
            format!("okta.app_id = \"{id}\" is not an Okta app id"),
            "Okta app ids are letters and digits (e.g. 0oa1b2c3d4e5f6g7h8i9); copy it from the app's address in the admin console, or remove the key to find the app by its label.",
        ));
    }
    if let Some(f) = &o.name_id_format
        && !NAME_ID_FORMATS.iter().any(|(k, _)| k == f)
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_NAME_ID_FORMAT_INVALID,
            format!("okta.name_id_format = \"{f}\" is not a format this tool sets"),
            "Use \"persistent\" (AWS's advice), \"email\" or \"unspecified\".",
        ));
    }
    for (field, names) in [
        ("okta.assign_groups", &o.assign_groups),
        ("okta.assign_users", &o.assign_users),
    ] {
        if names.iter().any(|n| n.trim().is_empty()) {
            out.push(Finding::error(
                crate::finding::codes::OKTA_ASSIGNEE_EMPTY,
                format!("{field} has an empty name"),
                "Remove the empty entry; groups are named as in Directory → Groups, people by their Okta username.",
            ));
        }
    }
    for (saml, value) in &o.attribute_values {
        if !s.provider.attribute_mapping.values().any(|m| m == saml) {
            out.push(Finding::warning(
                crate::finding::codes::OKTA_ATTRIBUTE_VALUE_UNMAPPED,
                format!(
                    "okta.attribute_values has \"{saml}\", but provider.attribute_mapping maps no SAML attribute of that name"
                ),
                "Use the SAML attribute name exactly as in provider.attribute_mapping, or map it there too.",
            ));
        }
        if value.trim().is_empty() {
            out.push(Finding::error(
                crate::finding::codes::OKTA_ATTRIBUTE_VALUE_EMPTY,
                format!("okta.attribute_values.\"{saml}\" is empty"),
                "Give the Okta expression for it, e.g. user.email, or remove the key to use the default.",
            ));
        }
    }
    out
}

/// (setup value, Okta's `subjectNameIdFormat`).
pub const NAME_ID_FORMATS: [(&str, &str); 3] = [
    (
        "persistent",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    ),
    (
        "email",
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    ),
    (
        "unspecified",
        "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    ),
];

/// The org URL normalised to `scheme://host[:port]`, or why it cannot be one. https only,
/// except plain http on loopback (a local stand-in).
pub fn org_url(value: &str) -> Result<String, String> {
    let u = url::Url::parse(value.trim()).map_err(|e| format!("is not a URL ({e})"))?;
    let host = u.host().ok_or_else(|| "has no host".to_string())?;
    let loopback = is_loopback_host(&host);
    match u.scheme() {
        "https" => {}
        "http" if loopback => {}
        other => return Err(format!("uses {other}://; Okta is reached over https only")),
    }
    if u.path() != "/" || u.query().is_some() || u.fragment().is_some() {
        return Err(format!(
            "has a path or query ({}); the org URL is the address alone",
            &u[url::Position::BeforePath..]
        ));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err("carries a user name or password".into());
    }
    let host = host.to_string();
    if let Some(first) = host.split('.').next()
        && let Some(org) = first.strip_suffix("-admin")
    {
        return Err(format!(
            "is the admin console's address; the API lives at the org's own address ({org}{})",
            &host[first.len()..]
        ));
    }
    Ok(u[..url::Position::BeforePath].to_string())
}

pub const ENTITY_PREFIX: &str = "http://www.okta.com/";

/// The forms an Okta metadata address comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// `https://<org>/app/<exk…>/sso/saml/metadata`: the console's, public.
    Public {
        org_url: String,
        external_key: String,
    },
    /// `https://<org>/api/v1/apps/<0oa…>/sso/saml/metadata?kid=…`: the API's preview, which
    /// needs a token (terraform-provider-okta's `metadata_url`).
    Preview {
        org_url: String,
        app_id: String,
        kid: Option<String>,
    },
    /// `https://<org>/app/<0oa…>/sso/saml/metadata`: an app id where the key belongs; Okta
    /// serves nothing there.
    AppIdInPublicForm { org_url: String, app_id: String },
}

impl Address {
    pub fn org_url(&self) -> &str {
        match self {
            Address::Public { org_url, .. }
            | Address::Preview { org_url, .. }
            | Address::AppIdInPublicForm { org_url, .. } => org_url,
        }
    }

    /// The app id, where the address carries one.
    pub fn app_id(&self) -> Option<&str> {
        match self {
            Address::Public { .. } => None,
            Address::Preview { app_id, .. } | Address::AppIdInPublicForm { app_id, .. } => {
                Some(app_id)
            }
        }
    }
}

pub fn okta_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// What kind of Okta metadata address `url` is, if it is one.
pub fn classify(url: &str) -> Option<Address> {
    let u = url::Url::parse(url.trim()).ok()?;
    let org_url = u[..url::Position::BeforePath].to_string();
    let segments: Vec<&str> = u.path_segments()?.collect();
    let kid = u
        .query_pairs()
        .find(|(k, _)| k == "kid")
        .map(|(_, v)| v.into_owned());
    match segments.as_slice() {
        ["api", "v1", "apps", id, "sso", "saml", "metadata"] if okta_id(id) => {
            Some(Address::Preview {
                org_url,
                app_id: id.to_string(),
                kid,
            })
        }
        ["app", key, "sso", "saml", "metadata"] if okta_id(key) && key.starts_with("0oa") => {
            Some(Address::AppIdInPublicForm {
                org_url,
                app_id: key.to_string(),
            })
        }
        ["app", key, "sso", "saml", "metadata"] if okta_id(key) => Some(Address::Public {
            org_url,
            external_key: key.to_string(),
        }),
        _ => None,
    }
}

pub fn public_url(org_url: &str, external_key: &str) -> String {
    format!("{org_url}/app/{external_key}/sso/saml/metadata")
}

/// `exk…` from an entityID of Okta's form.
pub fn external_key(entity_id: &str) -> Option<String> {
    let key = entity_id.trim().strip_prefix(ENTITY_PREFIX)?;
    okta_id(key).then(|| key.to_string())
}

/// A Metadata URL of an Okta form Cognito cannot fetch, as a finding naming `field`:
/// the API's preview needs a token, and an app id where the key belongs finds nothing.
pub fn unusable_form(field: &str, url: &str) -> Option<Finding> {
    let fix = "Use the app's public Metadata URL: in the Okta Admin Console, Applications → the app → Sign On → Metadata URL (https://<org>/app/<exk…>/sso/saml/metadata); `okta-cognito okta-app` writes it into the setup file.";
    match classify(url)? {
        Address::Preview { .. } => Some(Finding::error(
            crate::finding::codes::METADATA_URL_NEEDS_TOKEN,
            format!(
                "{field} = \"{url}\" is the Okta API's metadata preview, which answers only with an Okta token; Cognito fetches the URL without one"
            ),
            fix,
        )),
        Address::AppIdInPublicForm { app_id, .. } => Some(Finding::error(
            crate::finding::codes::METADATA_URL_APP_ID,
            format!(
                "{field} = \"{url}\" puts the app id {app_id} where Okta's Metadata URL has the app's external key (exk…); Okta serves no metadata there"
            ),
            fix,
        )),
        Address::Public { .. } => None,
    }
}

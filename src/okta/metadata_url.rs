//! The app's Metadata URL, the one Okta publishes on the app's Sign On tab:
//! `https://<org>/app/<external key exk…>/sso/saml/metadata`, public, what Cognito fetches.
//! The API does not hand it out; it serves the same document, authenticated, at
//! `/api/v1/apps/{id}/sso/saml/metadata?kid=<signing kid>` (the app's `_links.metadata`).
//! The external key is the suffix of that document's entityID (`http://www.okta.com/exk…`).

use super::api::Api;
use crate::finding::Finding;
use serde_json::Value;

const ENTITY_PREFIX: &str = "http://www.okta.com/";
const XML: &str = "application/xml";

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

fn okta_id(s: &str) -> bool {
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

/// The preview route for `app` on this org, with its signing `kid`.
fn preview(api: &Api, app: &Value) -> Option<(String, Vec<(String, String)>)> {
    let org = &api.credentials().org_url;
    let id = app
        .get("id")
        .and_then(Value::as_str)
        .filter(|i| okta_id(i))?;
    let kid = app
        .pointer("/credentials/signing/kid")
        .and_then(Value::as_str)
        .map(String::from);
    let from_link = app
        .pointer("/_links/metadata/href")
        .and_then(Value::as_str)
        .and_then(|h| url::Url::parse(h).ok())
        .filter(|u| u[..url::Position::BeforePath] == *org.as_str());
    let (path, mut query) = match from_link {
        Some(u) => (
            u.path().to_string(),
            u.query_pairs().into_owned().collect::<Vec<_>>(),
        ),
        None => (format!("/api/v1/apps/{id}/sso/saml/metadata"), Vec::new()),
    };
    if let Some(kid) = kid
        && !query.iter().any(|(k, _)| k == "kid")
    {
        query.push(("kid".into(), kid));
    }
    Some((path, query))
}

/// Reads the app's metadata through the API and gives back its public Metadata URL.
pub async fn resolve(api: &Api, app: &Value) -> Result<String, Finding> {
    let org = api.credentials().org_host().to_string();
    let (path, query) = preview(api, app).ok_or_else(|| {
        super::errors::malformed("read the app's SAML metadata", &org, "the app has no id")
    })?;
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let doing = "read the app's SAML metadata";
    let xml = api
        .get_text(&path, &query, XML, doing)
        .await?
        .ok_or_else(|| {
            Finding::error(
                crate::finding::codes::OKTA_METADATA_NOT_FOUND,
                format!("Okta ({org}) has no SAML metadata for the app at {path}"),
                "The app's signing key may have been rotated just now: run again; if it persists, check the app's Sign On tab in the console.",
            )
        })?;
    let doc = crate::saml::parse::parse(&xml)?;
    let entity = doc
        .entities
        .first()
        .map(|e| e.entity_id.clone())
        .unwrap_or_default();
    let key = external_key(&entity).ok_or_else(|| {
        Finding::error(
            crate::finding::codes::OKTA_METADATA_ENTITY_UNEXPECTED,
            format!(
                "the app's metadata names the entity \"{entity}\", not Okta's http://www.okta.com/<key>, so its public Metadata URL cannot be told"
            ),
            "Copy the Metadata URL from the app's Sign On tab in the console into provider.metadata_url.",
        )
    })?;
    Ok(public_url(&api.credentials().org_url, &key))
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

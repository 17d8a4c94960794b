//! The app's Metadata URL, the one Okta publishes on the app's Sign On tab:
//! `https://<org>/app/<external key exk…>/sso/saml/metadata`, public, what Cognito fetches.
//! The API does not hand it out; it serves the same document, authenticated, at
//! `/api/v1/apps/{id}/sso/saml/metadata?kid=<signing kid>` (the app's `_links.metadata`).
//! The external key is the suffix of that document's entityID (`http://www.okta.com/exk…`).

use super::api::Api;
use crate::finding::Finding;
pub use crate::setup::okta_rules::{
    Address, ENTITY_PREFIX, classify, external_key, okta_id, public_url, unusable_form,
};
use serde_json::Value;

const XML: &str = "application/xml";

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

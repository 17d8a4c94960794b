//! The Okta app behind the provider, read for an export (GET requests only, read scopes).

use crate::finding::Finding;
use crate::idp::okta::api::{Api, PAGE_SIZE};
use crate::idp::okta::doctor::{AppRef, app_ref};
use crate::idp::okta::metadata_url::{self, Address};
use crate::saml::fetch::Source;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct OktaLive {
    pub org_url: String,
    /// The app as the API returns it.
    pub app: Value,
    /// `GET /api/v1/apps/{id}/groups`: each assignment's `id`, `priority` and `profile`.
    pub groups: Vec<Value>,
    /// The app's public Metadata URL (`https://<org>/app/<exk…>/sso/saml/metadata`).
    pub public_metadata_url: String,
    /// The `exk…` in that URL, which terraform-provider-okta calls `entity_key`.
    pub entity_key: String,
}

impl OktaLive {
    pub fn id(&self) -> &str {
        self.app
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// Which app: the setup's `okta.app_id`, else the one the provider's Metadata URL names (for
/// the console's form, through the sign-on URL in the metadata it serves).
async fn which(
    api: &Api,
    app_id: Option<&str>,
    metadata_url: Option<&str>,
) -> Result<AppRef, Finding> {
    let org = api.credentials().org_url.clone();
    let mut found = app_ref(app_id, metadata_url, None, &org);
    if found.is_none()
        && let Some(url) = metadata_url
        && matches!(metadata_url::classify(url), Some(Address::Public { .. }))
        && let Ok(report) = crate::saml::judge_source(&Source::Url(url.to_string()), None).await
    {
        let sso = report
            .redirect_sso()
            .or(report.sso.first())
            .map(|e| e.location.as_str());
        found = app_ref(app_id, Some(url), sso, &org);
    }
    found.ok_or_else(|| {
        Finding::error(
            crate::finding::codes::EXPORT_OKTA_APP_UNKNOWN,
            format!(
                "Okta credentials are set, but which app in {} the provider uses cannot be told from its metadata URL ({})",
                api.credentials().org_host(),
                metadata_url.unwrap_or("none: the provider has a metadata file")
            ),
            "Pass --config with a setup file whose okta.app_id names the app (0oa…).",
        )
    })
}

pub async fn read(
    api: &Api,
    app_id: Option<&str>,
    metadata_url: Option<&str>,
) -> Result<OktaLive, Finding> {
    let r = which(api, app_id, metadata_url).await?;
    let (id, app) = crate::idp::okta::doctor::read_app(api, &r).await?;
    if app.get("signOnMode").and_then(Value::as_str) != Some(crate::idp::okta::app::SAML_2_0) {
        return Err(Finding::error(
            crate::finding::codes::OKTA_APP_NOT_SAML,
            format!("the Okta app {id} does not use SAML 2.0"),
            "Set okta.app_id to the SAML 2.0 app the provider reads its metadata from.",
        ));
    }
    let groups_path = format!("/api/v1/apps/{id}/groups");
    let (public, groups) = tokio::join!(
        metadata_url::resolve(api, &app),
        api.list(
            &groups_path,
            &[("limit", PAGE_SIZE)],
            "list the app's group assignments",
        )
    );
    let public = public?;
    let entity_key = match metadata_url::classify(&public) {
        Some(Address::Public { external_key, .. }) => external_key,
        _ => String::new(),
    };
    Ok(OktaLive {
        org_url: api.credentials().org_url.clone(),
        app,
        groups: groups?,
        public_metadata_url: public,
        entity_key,
    })
}

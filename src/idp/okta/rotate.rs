//! Okta's documented signing-key rotation for a SAML app, through its API
//! (ApplicationSSOCredentialKey in Okta's published spec): generate a new key credential,
//! then replace the app with `credentials.signing.kid` naming it. From then on Okta signs
//! with the new key and the app's metadata carries its certificate. The generate is a
//! create: it is sent once (a second one would leave a second new key behind).

use super::api::Api;
use super::app::{SAML_2_0, sendable};
use super::doctor::{AppRef, read_app};
use super::metadata_url;
use crate::finding::Finding;
use serde::Serialize;
use serde_json::{Value, json};

/// Generating a key and replacing the app both need the apps' manage grant, nothing else.
pub const SCOPES: &[&str] = &["okta.apps.manage"];

/// Okta's bounds for a new key's `validityYears`.
pub const VALIDITY_YEARS: std::ops::RangeInclusive<u8> = 2..=10;

#[derive(Debug, Clone, Serialize)]
pub struct Rotated {
    pub app_id: String,
    pub app_label: String,
    /// The key Okta signs with now.
    pub kid: String,
    /// The key it signed with before (still listed on the app, inactive).
    pub previous_kid: Option<String>,
    /// When the new key's certificate ends, as Okta reports it.
    pub expires_at: Option<String>,
    /// The app's public Metadata URL, now publishing the new certificate.
    pub metadata_url: Option<String>,
}

fn text(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer).and_then(Value::as_str).map(String::from)
}

/// Generates a key for the app `app` names (valid `validity_years`, Okta's default when None)
/// and makes it the app's signing key.
pub async fn rotate(
    api: &Api,
    app: &AppRef,
    validity_years: Option<u8>,
) -> Result<Rotated, Finding> {
    let org = api.credentials().org_host().to_string();
    let (id, current) = read_app(api, app).await?;
    let mode = text(&current, "/signOnMode").unwrap_or_default();
    if mode != SAML_2_0 {
        return Err(Finding::error(
            crate::finding::codes::OKTA_APP_NOT_SAML,
            format!("the Okta app {id} is a {mode} app, not a SAML 2.0 one"),
            "Set okta.app_id to the SAML 2.0 app the provider reads.",
        ));
    }
    let mut path = format!("/api/v1/apps/{id}/credentials/keys/generate");
    if let Some(years) = validity_years {
        path.push_str(&format!("?validityYears={years}"));
    }
    let key = api
        .post(&path, None, "generate a new signing key for the app")
        .await?;
    let Some(kid) = text(&key, "/kid") else {
        return Err(super::errors::malformed(
            "generate a new signing key for the app",
            &org,
            "the new key has no kid",
        ));
    };
    let mut body = sendable(&current);
    body["credentials"]["signing"]["kid"] = json!(kid);
    let updated = api
        .put(
            &format!("/api/v1/apps/{id}"),
            &body,
            "make the new key the app's signing key",
        )
        .await
        .map_err(|f| {
            Finding::error(
                f.code,
                format!(
                    "Okta generated the key {kid} for app {id}, but did not make it the signing key: {}",
                    f.message
                ),
                format!(
                    "Activate it in the Okta Admin Console: the app → Sign On tab → SAML Signing Certificates → the certificate made just now → Actions → Activate. (Running rotation --rotate again would generate one more key.) {}",
                    f.fix
                ),
            )
        })?;
    Ok(Rotated {
        app_label: text(&updated, "/label").unwrap_or_default(),
        previous_kid: text(&current, "/credentials/signing/kid"),
        expires_at: text(&key, "/expiresAt"),
        // The rotation is done; a metadata link that cannot be read now is only not shown.
        metadata_url: metadata_url::resolve(api, &updated).await.ok(),
        app_id: id,
        kid,
    })
}

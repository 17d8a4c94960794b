//! The IdP metadata a provider signs users in with, as Cognito holds it. A provider made from
//! a file holds that file. One that reads a Metadata URL holds what Cognito read there at the
//! provider's last create or update, re-read about every six hours
//! (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managing-saml-idp.html).
//! So after an IdP rotates its certificate, sign-ins fail until Cognito reads the URL again:
//! at the next re-read, or at once when the provider is written back (`rotation --refresh`).
//! The local Cognito's layer keeps the document it read; this asks for it.

use super::Shared;
use crate::saml::xmldsig::verify::{Trusted, trusted_from_metadata};
use serde_json::json;
use std::collections::BTreeMap;

/// How old a held document may be before Cognito reads the URL again.
const REREAD_SECS: f64 = 6.0 * 3600.0;

fn on_this_machine(url: &str) -> bool {
    url::Url::parse(url).ok().is_some_and(|u| {
        u.host()
            .as_ref()
            .is_some_and(crate::setup::validate::is_loopback_host)
    })
}

/// The document the local Cognito read from the provider's URL, when younger than the re-read.
async fn held(ui: &Shared, pool: &str, provider: &str) -> Option<String> {
    let answer = super::ask_layer(
        ui,
        "provider_metadata",
        json!({"UserPoolId": pool, "ProviderName": provider}),
    )
    .await?;
    let read_at = answer["fetchedAt"].as_f64()?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as f64;
    (now - read_at < REREAD_SECS)
        .then(|| answer["metadata"].as_str().map(String::from))
        .flatten()
}

async fn fetch(url: &str) -> Result<String, String> {
    if !on_this_machine(url) {
        return Err(format!(
            "the provider's MetadataURL {url} is not on this machine; a rehearsal reaches only loopback"
        ));
    }
    let answer = reqwest::Client::new()
        .get(url)
        .send()
        .await
        .map_err(|e| format!("cannot fetch the provider's metadata {url}: {e}"))?;
    let bytes = crate::http_body::read_capped(answer, 1 << 20)
        .await
        .map_err(|e| format!("cannot read the provider's metadata {url}: {e:?}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The provider's IdP: its entity id, the redirect-binding SSO URL, and the signing
/// certificates Cognito trusts for it.
pub(super) async fn idp_of(
    ui: &Shared,
    pool: &str,
    provider: &str,
    details: &BTreeMap<String, String>,
) -> Result<(Option<String>, String, Vec<Trusted>), String> {
    let text = if let Some(url) = details.get("MetadataURL") {
        match held(ui, pool, provider).await {
            Some(text) => text,
            None => fetch(url).await?,
        }
    } else if let Some(file) = details.get("MetadataFile") {
        file.clone()
    } else {
        return Err("the provider has neither MetadataURL nor MetadataFile".into());
    };
    let now = time::OffsetDateTime::now_utc();
    let report = crate::saml::metadata::inspect(text.as_bytes(), None, None, now);
    let sso = report
        .redirect_sso()
        .map(|e| e.location.clone())
        .ok_or("No SingleSignOn Http redirect binding location found in metadata.")?;
    // A metadata file from a real IdP would send the browser to the real Okta org.
    if !on_this_machine(&sso) {
        return Err(format!(
            "the provider's metadata signs in at {sso}, which is not on this machine: a rehearsal signs in only through its local Okta org (use the Metadata URL the local org's app has)"
        ));
    }
    Ok((report.entity_id, sso, trusted_from_metadata(&text, now)))
}

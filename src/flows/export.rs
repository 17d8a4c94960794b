//! Export: what AWS holds for a federation, as a setup file (with the provider's uploaded
//! metadata beside it) or as the live resources the IaC renderers write. The `export`
//! command's one door; writing the files is the face's business, so a refusal can be said in
//! its own form.

use crate::cognito::export::Exported;
use crate::finding::Finding;
use crate::iac::live::Live;
use crate::iac::okta::OktaLive;
use crate::setup::OktaSetup;
use aws_sdk_cognitoidentityprovider::Client;
use std::path::Path;

/// Which federation to export.
pub struct Target<'a> {
    pub region: &'a str,
    pub pool_id: &'a str,
    /// `None`: the one client that signs in through the provider (or any IdP).
    pub client_id: Option<&'a str>,
    pub provider: Option<&'a str>,
    /// The setup's `[okta]` section and folder: the Okta app is read when Okta credentials
    /// are configured, as `okta-app` takes them.
    pub okta: Option<&'a OktaSetup>,
    pub setup_dir: Option<&'a Path>,
}

/// The client an export without `--client-id` reads.
pub async fn client_id(api: &Client, t: &Target<'_>) -> Result<String, Vec<Finding>> {
    match t.client_id {
        Some(id) => Ok(id.to_string()),
        None => crate::cognito::export::the_federated_client(api, t.pool_id, t.provider).await,
    }
}

/// As a setup file: the file's setup, and the metadata document when it was uploaded as a
/// file (to be written beside it as `metadata_file_name`). `rehearsal` marks a setup made
/// inside a rehearsal, which every command outside one refuses.
pub async fn setup(
    api: &Client,
    t: &Target<'_>,
    client_id: &str,
    metadata_file_name: &str,
    rehearsal: bool,
) -> Result<Exported, Vec<Finding>> {
    let mut exported = crate::cognito::export::export(
        api,
        t.region,
        t.pool_id,
        client_id,
        t.provider,
        metadata_file_name,
    )
    .await?;
    exported.setup.rehearsal = rehearsal;
    record_idp_certificates(&mut exported).await;
    Ok(exported)
}

/// For a provider made from a metadata file: the signing certificates the IdP publishes now,
/// read from its public metadata (Okta's, made from the file's entityID and sign-on URL; no
/// credentials), recorded under `[observed]`. A file that missed a rotation is then evidence
/// a rehearsal can reproduce. Nothing is recorded when the IdP cannot be read.
async fn record_idp_certificates(exported: &mut Exported) {
    let Some(xml) = &exported.metadata_file_content else {
        return;
    };
    let held = crate::saml::inspect(xml.as_bytes(), None, None, time::OffsetDateTime::now_utc());
    let Some(url) = crate::doctor::signature_failure::current_metadata_url(None, &held) else {
        return;
    };
    let Ok(live) = crate::saml::judge_source(&crate::saml::fetch::Source::Url(url), None).await
    else {
        return;
    };
    let signing: Vec<String> = live
        .certificates
        .iter()
        .filter(|c| c.can_sign())
        .map(|c| c.sha256.clone())
        .collect();
    if let Some(o) = exported.setup.observed.as_mut() {
        o.idp_signing_certificates = signing;
    }
}

/// As infrastructure: the live resources, and the Okta app behind the provider when Okta
/// credentials are configured and `with_okta` (Terraform has a provider for it).
pub async fn live(
    api: &Client,
    t: &Target<'_>,
    client_id: &str,
    with_okta: bool,
) -> Result<(Live, Option<OktaLive>), Vec<Finding>> {
    let live = crate::iac::live::read(api, t.region, t.pool_id, client_id, t.provider).await?;
    if !with_okta {
        return Ok((live, None));
    }
    let Some(okta) = super::doctor::okta_api(t.okta, t.setup_dir) else {
        return Ok((live, None));
    };
    let okta = okta?;
    let app_id = t.okta.and_then(|o| o.app_id.as_deref());
    let url = live.provider.details.get("MetadataURL").map(String::as_str);
    let okta_live = crate::iac::okta::read(&okta, app_id, url)
        .await
        .map_err(|f| vec![f])?;
    Ok((live, Some(okta_live)))
}

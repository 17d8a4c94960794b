//! A signing-certificate rotation at the IdP, and what Cognito sees of it. With `rotate` and
//! Okta credentials, Okta's documented rotation is done through its API (a new key, made the
//! app's signing key: `idp::okta::rotate`); otherwise this says the console steps in the
//! IdP's labels. Then what the provider needs: one that reads a Metadata URL picks the new
//! certificate up when Cognito re-reads it (about every six hours, or at once on `refresh`,
//! which writes the provider back unchanged: Cognito fetches the URL on every update); one
//! made from a file keeps the old certificate until the new metadata is applied.

use crate::cognito::state::ProviderState;
use crate::finding::Finding;
use crate::idp::okta::rotate::Rotated;
use crate::setup::{IdpKind, Setup};
use aws_sdk_cognitoidentityprovider::Client;
use serde::Serialize;

/// What the admin asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked {
    /// Rotate through Okta's API (needs Okta credentials).
    pub rotate: bool,
    /// The new key's validity in years (Okta's default when None).
    pub validity_years: Option<u8>,
    /// Write the provider back so Cognito reads its Metadata URL now.
    pub refresh: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rotation {
    pub provider: String,
    /// `url` or `file`: where the provider's certificates come from.
    pub source: &'static str,
    /// The IdP console steps, in its labels (none when the rotation was done through the API).
    pub steps: Vec<String>,
    /// The rotation done through Okta's API.
    pub rotated: Option<Rotated>,
    /// Not rotated, but it could be: the IdP is Okta and its credentials are set.
    pub api_available: bool,
    /// What Cognito sees, and what to do about it.
    pub cognito: String,
    /// The provider was written back just now, so Cognito re-read its Metadata URL.
    pub refreshed: bool,
}

fn steps(idp: IdpKind) -> Vec<String> {
    match idp {
        IdpKind::Okta => vec![
            "Okta Admin Console → Applications → Applications → the app → Sign On tab".into(),
            "SAML Signing Certificates → Generate new certificate".into(),
            "The new certificate's Actions → Activate (Okta signs with it from now on)".into(),
        ],
        IdpKind::Entra => vec![
            "Entra admin center → Enterprise applications → the app → Single sign-on".into(),
            "SAML Certificates → Edit → New Certificate → Save".into(),
            "The new certificate's … → Make certificate active".into(),
        ],
        IdpKind::Google => vec![
            "Admin console → Apps → Web and mobile apps → the app → Service provider details"
                .into(),
            "Manage certificates → Add certificate, then download the IdP metadata again".into(),
        ],
        IdpKind::Saml => vec![
            "In your IdP: add a new signing certificate to the app and make it the active one"
                .into(),
        ],
    }
}

/// The Okta app behind the provider: the setup's `okta.app_id`, or the app its metadata names.
async fn okta_app_of(
    setup: &Setup,
    provider: &ProviderState,
    org_url: &str,
) -> Option<crate::idp::okta::doctor::AppRef> {
    let url = provider.details.get("MetadataURL");
    let report = match (url, provider.details.get("MetadataFile")) {
        (Some(u), _) => {
            crate::saml::judge_source(&crate::saml::fetch::Source::Url(u.clone()), None)
                .await
                .ok()
        }
        (None, Some(xml)) => Some(crate::saml::inspect(
            xml.as_bytes(),
            None,
            None,
            time::OffsetDateTime::now_utc(),
        )),
        (None, None) => None,
    };
    crate::idp::okta::doctor::app_ref_from_metadata(
        setup.okta.as_ref().and_then(|o| o.app_id.as_deref()),
        url.map(String::as_str),
        report.as_ref(),
        org_url,
    )
}

/// Rotates the Okta app's signing key through the API.
async fn rotate_in_okta(
    setup: &Setup,
    provider: &ProviderState,
    validity_years: Option<u8>,
) -> Result<Rotated, Vec<Finding>> {
    use crate::finding::codes;
    if !setup.provider.idp.is_okta() {
        return Err(vec![Finding::error(
            codes::ROTATION_NEEDS_OKTA,
            format!(
                "--rotate drives Okta's API; provider {} is at {}",
                setup.provider.name,
                crate::idp::preset(setup.provider.idp).name()
            ),
            "Rotate in that IdP's console (run rotation without --rotate for the steps), then come back for what Cognito needs.",
        )]);
    }
    let okta = setup.okta.as_ref();
    if !crate::idp::okta::credentials::Credentials::configured(okta) {
        return Err(vec![Finding::error(
            codes::ROTATION_NEEDS_OKTA,
            "--rotate needs Okta credentials, and none are set",
            "Set OKTA_ORG_URL with OKTA_CLIENT_ID and OKTA_PRIVATE_KEY_FILE (a service app granted okta.apps.manage), or OKTA_API_TOKEN; or rotate in the console (run rotation without --rotate for the steps).",
        )]);
    }
    let creds =
        crate::idp::okta::credentials::Credentials::from_env(okta, setup.source_dir.as_deref())?;
    let org_url = creds.org_url.clone();
    let api = crate::idp::okta::api::Api::new(creds, crate::idp::okta::rotate::SCOPES)
        .map_err(|f| vec![f])?;
    let app = okta_app_of(setup, provider, &org_url)
        .await
        .ok_or_else(|| {
            vec![Finding::error(
                codes::OKTA_APP_UNKNOWN,
                format!(
                    "which Okta app provider {} reads cannot be told from its metadata",
                    setup.provider.name
                ),
                "Set okta.app_id in the setup file (the app's id, 0oa…).",
            )]
        })?;
    crate::idp::okta::rotate::rotate(&api, &app, validity_years)
        .await
        .map_err(|f| vec![f])
}

/// The rotation for the setup's provider: done through Okta's API with `rotate`, else its
/// console steps; with `refresh`, the provider written back afterwards so Cognito re-reads
/// its Metadata URL now (refused for a provider made from a file, which has nothing to
/// re-read).
pub async fn run(api: &Client, setup: &Setup, asked: Asked) -> Result<Rotation, Vec<Finding>> {
    let pool = setup.user_pool_id.as_str();
    let name = setup.provider.name.as_str();
    let provider = crate::cognito::state::read_provider(api, pool, name)
        .await
        .map_err(|f| vec![f])?
        .ok_or_else(|| {
            vec![Finding::error(
                crate::finding::codes::PROVIDER_MISSING,
                format!("provider {name} is not in user pool {pool}"),
                "Run `okta-cognito apply --config FILE` first.",
            )]
        })?;
    let by_url = provider.details.contains_key("MetadataURL");
    if asked.refresh && !by_url {
        return Err(vec![Finding::error(
            crate::finding::codes::SIGNING_CERTIFICATE_ROTATION_PENDING,
            format!(
                "provider {name} was made from a metadata file: Cognito has no URL to read again"
            ),
            "Save the IdP's new metadata as the setup's metadata_file (or set provider.metadata_url) and run `okta-cognito apply`.",
        )]);
    }
    let rotated = if asked.rotate {
        Some(rotate_in_okta(setup, &provider, asked.validity_years).await?)
    } else {
        None
    };
    if asked.refresh {
        let details = crate::cognito::provider_details::normalized(&provider.details);
        crate::cognito::apply::put_provider(
            api,
            pool,
            name,
            &details,
            &provider.attribute_mapping,
            &provider.identifiers,
            true,
        )
        .await
        .map_err(|f| vec![f])?;
    }
    let cognito = what_cognito_sees(name, by_url, rotated.as_ref(), asked.refresh);
    Ok(Rotation {
        provider: name.to_string(),
        source: if by_url { "url" } else { "file" },
        steps: if rotated.is_some() {
            Vec::new()
        } else {
            steps(setup.provider.idp)
        },
        api_available: rotated.is_none()
            && setup.provider.idp.is_okta()
            && crate::idp::okta::credentials::Credentials::configured(setup.okta.as_ref()),
        rotated,
        cognito,
        refreshed: asked.refresh,
    })
}

fn what_cognito_sees(
    name: &str,
    by_url: bool,
    rotated: Option<&Rotated>,
    refreshed: bool,
) -> String {
    match (by_url, rotated, refreshed) {
        (true, Some(_), true) => "Cognito read the Metadata URL again just now and holds the new certificate: sign-ins verify with it.".to_string(),
        (true, Some(_), false) => "Okta signs with the new key now, but Cognito holds the old certificate until it re-reads the Metadata URL (about every six hours): sign-ins fail until then. Run rotation again with --refresh (without --rotate) to make Cognito read it now.".to_string(),
        (true, None, true) => "Cognito read the Metadata URL again just now: once the new certificate is active in the IdP, sign-ins verify with it.".to_string(),
        (true, None, false) => "The provider reads a Metadata URL: Cognito picks the new certificate up when it re-reads it, about every six hours. Add --refresh after activating it to make Cognito read it now.".to_string(),
        (false, Some(r), _) => format!(
            "Okta signs with the new key now, and provider {name} was made from a metadata file that holds the old certificate: sign-ins fail until the new metadata is applied. Save the app's metadata ({}) as the setup's metadata_file, or set provider.metadata_url to it, and run `okta-cognito apply`.",
            r.metadata_url.as_deref().unwrap_or("the app's Sign On tab → Metadata URL")
        ),
        (false, None, _) => format!(
            "Provider {name} was made from a metadata file and keeps the old certificate: once the new one is active, sign-ins fail until the new metadata is applied. Save it as the setup's metadata_file and run `okta-cognito apply` (or switch to provider.metadata_url, which follows rotations by itself). `okta-cognito doctor` names the mismatch when Okta credentials are set."
        ),
    }
}

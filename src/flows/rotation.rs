//! A signing-certificate rotation at the IdP, and what Cognito sees of it. Okta's documented
//! rotation is done in its console (the Okta key API is not in the OpenAPI document the tool
//! is held to, so it is not called); this says the steps in the IdP's labels, and what the
//! provider needs: one that reads a Metadata URL picks the new certificate up when Cognito
//! re-reads it (about every six hours, or at once on `refresh`, which writes the provider
//! back unchanged: Cognito fetches the URL on every update); one made from a file keeps the
//! old certificate until the new metadata is applied.

use crate::finding::Finding;
use crate::setup::{IdpKind, Setup};
use aws_sdk_cognitoidentityprovider::Client;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Rotation {
    pub provider: String,
    /// `url` or `file`: where the provider's certificates come from.
    pub source: &'static str,
    /// The IdP console steps, in its labels.
    pub steps: Vec<String>,
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

/// The rotation's steps for the setup's provider, and with `refresh` the provider written
/// back so Cognito re-reads its Metadata URL now (refused for a provider made from a file,
/// which has nothing to re-read).
pub async fn run(api: &Client, setup: &Setup, refresh: bool) -> Result<Rotation, Vec<Finding>> {
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
    if refresh && !by_url {
        return Err(vec![Finding::error(
            crate::finding::codes::SIGNING_CERTIFICATE_ROTATION_PENDING,
            format!(
                "provider {name} was made from a metadata file: Cognito has no URL to read again"
            ),
            "Save the IdP's new metadata as the setup's metadata_file (or set provider.metadata_url) and run `okta-cognito apply`.",
        )]);
    }
    if refresh {
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
    let cognito = if by_url {
        if refresh {
            "Cognito read the Metadata URL again just now: once the new certificate is active in the IdP, sign-ins verify with it.".to_string()
        } else {
            "The provider reads a Metadata URL: Cognito picks the new certificate up when it re-reads it, about every six hours. Add --refresh after activating it to make Cognito read it now.".to_string()
        }
    } else {
        format!(
            "Provider {name} was made from a metadata file and keeps the old certificate: once the new one is active, sign-ins fail until the new metadata is applied. Save it as the setup's metadata_file and run `okta-cognito apply` (or switch to provider.metadata_url, which follows rotations by itself). `okta-cognito doctor` names the mismatch when Okta credentials are set."
        )
    };
    Ok(Rotation {
        provider: name.to_string(),
        source: if by_url { "url" } else { "file" },
        steps: steps(setup.provider.idp),
        cognito,
        refreshed: refresh,
    })
}

//! Whether the AWS credential chain yields credentials, before any Cognito call: the wizard's
//! Welcome screen asks at once, so a missing SSO session is named on the first screen.

use crate::finding::Finding;
use aws_config::SdkConfig;

/// `Ok(where they came from)`, or the finding that says how to sign in.
pub async fn probe(sdk: &SdkConfig) -> Result<String, Finding> {
    use aws_credential_types::provider::ProvideCredentials;
    match sdk.credentials_provider() {
        Some(p) => p
            .provide_credentials()
            .await
            .map(|_| "credential chain".to_string())
            .map_err(|e| crate::cognito::errors::no_credentials(&chain_text(&e))),
        None => Err(Finding::error(
            crate::finding::codes::AWS_NO_CREDENTIALS,
            "no AWS credential provider is configured",
            crate::cognito::errors::NO_ACCOUNT_FIX,
        )),
    }
}

/// An error with every cause after it: the chain's last cause is the one that says why.
fn chain_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        text.push_str(": ");
        text.push_str(&s.to_string());
        cur = s.source();
    }
    text
}

/// Every profile in the AWS config file that names a region, `(profile, region)`: what the
/// wizard offers without a call.
pub fn configured_regions() -> Vec<(String, String)> {
    crate::aws::configured_regions()
}

/// The Cognito API for `profile` and `region` (either `None`: the standard chain's), the one
/// way every face reaches AWS.
pub async fn cognito_api(
    profile: Option<&str>,
    region: Option<&str>,
) -> aws_sdk_cognitoidentityprovider::Client {
    let conf = crate::aws::load_config(profile, region).await;
    crate::aws::cognito_client(&conf)
}

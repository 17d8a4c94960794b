//! The Okta half for both faces (`okta-app`, the wizard's Okta step, `apply`'s follow-up):
//! an API client asking for exactly the scopes this run needs, Cognito's side for the
//! provider options read only when one is on, then the plan (and, for `ensure`, its apply).

use crate::finding::Finding;
use crate::idp::okta::api::{Api, scopes_for};
use crate::idp::okta::cognito_side::CognitoSide;
use crate::idp::okta::credentials::Credentials;
use crate::idp::okta::{self, AppPlan, Assign, Outcome};
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;

/// `okta.apps.manage`, plus group and people reads only when someone is to be assigned.
pub fn api_for(creds: Credentials, who: &Assign) -> Result<Api, Finding> {
    Api::new(
        creds,
        &scopes_for(!who.groups.is_empty(), !who.people.is_empty()),
    )
}

async fn cognito_side(cognito: Option<&Client>, setup: &Setup) -> CognitoSide {
    match cognito {
        Some(c) if super::okta_side::needed(setup) => super::okta_side::read(c, setup).await,
        _ => CognitoSide::default(),
    }
}

/// Reads everything and works out what would change; writes nothing.
pub async fn plan(
    cognito: Option<&Client>,
    api: &Api,
    setup: &Setup,
    who: &Assign,
) -> Result<AppPlan, Vec<Finding>> {
    let side = cognito_side(cognito, setup).await;
    okta::plan(api, setup, who, &side).await
}

/// Plan, then apply.
pub async fn ensure(cognito: Option<&Client>, api: &Api, setup: &Setup, who: &Assign) -> Outcome {
    let side = cognito_side(cognito, setup).await;
    okta::ensure(api, setup, who, &side).await
}

/// `ensure` with credentials not yet made into an API client: a refusal there (a scope the
/// credentials cannot have) becomes the outcome's finding, as a failed step would.
pub async fn ensure_with(
    cognito: Option<&Client>,
    creds: Credentials,
    setup: &Setup,
    who: &Assign,
) -> Outcome {
    let org_url = creds.org_url.clone();
    match api_for(creds, who) {
        Ok(api) => ensure(cognito, &api, setup, who).await,
        Err(f) => Outcome {
            org_url,
            app_label: okta::app::label(setup),
            findings: vec![f],
            ..Default::default()
        },
    }
}

/// What setting up the Okta app came to, in the one order both faces follow: the app is made
/// or updated in Okta, then its Metadata URL is fetched without credentials as Cognito will
/// fetch it, and only a URL whose metadata Cognito accepts stays in the outcome (so only such
/// a URL is ever recorded in the setup).
#[derive(Debug, Clone)]
pub struct SetUp {
    pub outcome: Outcome,
    /// The verdict on the Metadata URL Okta gave (default: none was given, or Okta failed).
    pub metadata: crate::saml::Report,
    /// A URL Okta gave whose metadata Cognito would refuse; not recorded.
    pub unusable_url: Option<String>,
    /// The URL the verdict is about.
    pub checked_url: Option<String>,
}

/// Checks the Metadata URL of `outcome` (see `SetUp`).
pub async fn checked(mut outcome: Outcome) -> SetUp {
    let checked_url = outcome.metadata_url.clone().filter(|_| !outcome.failed());
    let metadata = match &checked_url {
        Some(url) => {
            let source = crate::saml::fetch::Source::Url(url.clone());
            super::metadata::check(&source, None).await
        }
        None => crate::saml::Report::default(),
    };
    let unusable_url = outcome.metadata_url.clone().filter(|_| !metadata.accepted);
    if unusable_url.is_some() {
        outcome.metadata_url = None;
    }
    SetUp {
        outcome,
        metadata,
        unusable_url,
        checked_url,
    }
}

/// `ensure_with`, then `checked`: the wizard's whole step.
pub async fn set_up_with(
    cognito: Option<&Client>,
    creds: Credentials,
    setup: &Setup,
    who: &Assign,
) -> SetUp {
    checked(ensure_with(cognito, creds, setup, who).await).await
}

/// The org's groups and people, for choosing whom to assign.
pub async fn assignable(
    creds: Credentials,
) -> Result<(Vec<okta::assign::Assignee>, Vec<okta::assign::Assignee>), Finding> {
    let api = Api::new(creds, crate::idp::okta::api::MANAGE_SCOPES)?;
    okta::assign::choices(&api).await
}

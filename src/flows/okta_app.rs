//! The Okta half for both faces (`okta-app`, the wizard's Okta step, `apply`'s follow-up):
//! an API client asking for exactly the scopes this run needs, Cognito's side for the
//! provider options read only when one is on, then the plan (and, for `ensure`, its apply).

use crate::finding::Finding;
use crate::okta::api::{Api, scopes_for};
use crate::okta::cognito_side::CognitoSide;
use crate::okta::credentials::Credentials;
use crate::okta::{self, AppPlan, Assign, Outcome};
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

/// The org's groups and people, for choosing whom to assign.
pub async fn assignable(
    creds: Credentials,
) -> Result<(Vec<okta::assign::Assignee>, Vec<okta::assign::Assignee>), Finding> {
    let api = Api::new(creds, crate::okta::api::MANAGE_SCOPES)?;
    okta::assign::choices(&api).await
}

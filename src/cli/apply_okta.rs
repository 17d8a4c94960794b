//! After `apply`: the Okta app's side of the provider options, back to back with the
//! provider change. Turning on encrypted responses stops sign-in until Okta encrypts with the
//! provider's new certificate; doing the Okta update in the same run keeps that window to
//! the time of one API call. Only an app the setup names (`okta.app_id`) is updated: `apply`
//! never creates an Okta app.

use super::output::{errln, print_findings_text};
use aws_sdk_cognitoidentityprovider::Client;
use okta_cognito::finding::Finding;
use okta_cognito::okta::credentials::Credentials;
use okta_cognito::okta::{self, Assign};
use okta_cognito::setup::Setup;

/// Whether this run should follow up in Okta.
pub fn wanted(setup: &Setup) -> bool {
    okta_cognito::flows::okta_side::needed(setup)
        && setup.okta.as_ref().is_some_and(|o| o.app_id.is_some())
        && Credentials::configured(setup.okta.as_ref())
}

/// Updates the Okta app with Cognito's current certificates and relay state; `false` when
/// that failed (the Cognito changes stay; the message says how to finish).
pub async fn follow_up(cognito: &Client, setup: &Setup, started: std::time::Instant) -> bool {
    // Assignments stay with `okta-app`: this only brings the app's settings up to date.
    let nobody = Assign::default();
    let api = match Credentials::from_env(setup.okta.as_ref(), setup.source_dir.as_deref())
        .and_then(|c| okta_cognito::flows::okta_app::api_for(c, &nobody).map_err(|f| vec![f]))
    {
        Ok(api) => api,
        Err(findings) => return report(&findings),
    };
    let outcome = okta_cognito::flows::okta_app::ensure(Some(cognito), &api, setup, &nobody).await;
    let settings: Vec<_> = outcome
        .changes
        .iter()
        .filter(|c| matches!(c, okta::Change::UpdatedApp { .. }))
        .collect();
    for c in &settings {
        errln!(
            "Okta: {c} ({} ms after the Cognito changes began)",
            started.elapsed().as_millis()
        );
    }
    if settings.is_empty() && !outcome.failed() {
        errln!("Okta: the app already holds Cognito's certificates and relay state.");
    }
    let problems: Vec<Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.is_error())
        .cloned()
        .collect();
    if problems.is_empty() {
        true
    } else {
        report(&problems)
    }
}

fn report(findings: &[Finding]) -> bool {
    print_findings_text(findings);
    errln!(
        "The Cognito changes are in place; run `okta-cognito okta-app --config FILE` to finish the Okta side."
    );
    false
}

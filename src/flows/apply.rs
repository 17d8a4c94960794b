//! Apply a plan, the one place both faces do it: Cognito's changes in dependency order, then
//! the Okta app's side of the provider options in the same run (where the setup names the
//! app and credentials exist), and the id the setup file should record for the client.
//!
//! The Okta follow-up is back to back with the Cognito changes because turning on encrypted
//! responses stops sign-in until Okta encrypts with the provider's new certificate: one run
//! keeps that window to the time of one API call. Only an app the setup names
//! (`okta.app_id`) is updated; apply never creates an Okta app, and assignments stay with
//! `okta-app`.

use crate::cognito::apply::{Outcome, Progress};
use crate::cognito::plan::Plan;
use crate::cognito::state::State;
use crate::finding::Finding;
use crate::idp::okta::credentials::Credentials;
use crate::idp::okta::{self, Assign};
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;
use std::time::Instant;

/// What an apply did.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    pub outcome: Outcome,
    /// The client id the setup file should now hold: the setup named the client by name only
    /// (this run created it, or found it). None: the file already says it.
    pub client_id_to_record: Option<String>,
    /// The Okta app's side, when this run brought it up to date (None: not wanted here).
    pub okta: Option<OktaFollowUp>,
    /// What `removed_providers` should now hold: the names the pool still has once the
    /// deletions ran. None: the file already says it.
    pub removed_providers_left: Option<Vec<String>>,
}

impl Applied {
    /// The setup file as this apply leaves it to be recorded, when anything changed.
    pub fn setup_to_record(&self, setup: &Setup) -> Option<Setup> {
        if self.client_id_to_record.is_none() && self.removed_providers_left.is_none() {
            return None;
        }
        let mut next = setup.clone();
        if let Some(id) = &self.client_id_to_record {
            next.app_client.client_id = Some(id.clone());
        }
        if let Some(left) = &self.removed_providers_left {
            next.removed_providers = left.clone();
        }
        Some(next)
    }
}

impl Applied {
    pub fn succeeded(&self) -> bool {
        self.outcome.succeeded() && self.okta.as_ref().is_none_or(OktaFollowUp::succeeded)
    }
}

/// The Okta app updated after the Cognito changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OktaFollowUp {
    /// Each setting changed on the app, as said to the person.
    pub updated: Vec<String>,
    /// How long after the Cognito changes began the app was up to date.
    pub after_ms: u128,
    /// What stopped it; the Cognito changes stay in place either way.
    pub problems: Vec<Finding>,
}

impl OktaFollowUp {
    pub fn succeeded(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The fix a face shows when the follow-up failed.
pub const OKTA_FOLLOW_UP_FIX: &str = "The Cognito changes are in place; run `okta-cognito okta-app --config FILE` to finish the Okta side.";

/// Whether this run should follow up in Okta.
pub fn okta_follow_up_wanted(setup: &Setup) -> bool {
    super::okta_side::needed(setup)
        && setup.okta.as_ref().is_some_and(|o| o.app_id.is_some())
        && Credentials::configured(setup.okta.as_ref())
}

/// Applies `plan`; `progress` hears each Cognito step as it starts, waits, ends.
pub async fn run(
    api: &Client,
    setup: &Setup,
    state: &State,
    plan: &Plan,
    reporter: &dyn super::progress::Reporter,
) -> Applied {
    let started = Instant::now();
    let progress = |step: Progress| reporter.apply_step(step);
    let outcome = crate::cognito::apply::apply(api, setup, state, plan, &progress).await;
    let client_id_to_record = setup
        .app_client
        .client_id
        .is_none()
        .then(|| outcome.client_id.clone())
        .flatten();
    let okta = if outcome.succeeded() && okta_follow_up_wanted(setup) {
        let mut with_id = setup.clone();
        if with_id.app_client.client_id.is_none() {
            with_id.app_client.client_id = outcome.client_id.clone();
        }
        Some(okta_follow_up(api, &with_id, started).await)
    } else {
        None
    };
    let removed_providers_left = removed_providers_left(api, setup).await;
    Applied {
        outcome,
        client_id_to_record,
        okta,
        removed_providers_left,
    }
}

/// The removed providers the pool still holds, read once after the deletions: the setup
/// keeps a name until its provider is really gone. None when there is nothing to forget, or
/// the pool could not be read (the next plan sees the deletion done and plans nothing).
async fn removed_providers_left(api: &Client, setup: &Setup) -> Option<Vec<String>> {
    if setup.removed_providers.is_empty() {
        return None;
    }
    let names = crate::cognito::state::list_provider_names(api, &setup.user_pool_id)
        .await
        .ok()?;
    let left: Vec<String> = setup
        .removed_providers
        .iter()
        .filter(|p| names.contains(p))
        .cloned()
        .collect();
    (left != setup.removed_providers).then_some(left)
}

async fn okta_follow_up(cognito: &Client, setup: &Setup, started: Instant) -> OktaFollowUp {
    let nobody = Assign::default();
    let api = match Credentials::from_env(setup.okta.as_ref(), setup.source_dir.as_deref())
        .and_then(|c| super::okta_app::api_for(c, &nobody).map_err(|f| vec![f]))
    {
        Ok(api) => api,
        Err(problems) => {
            return OktaFollowUp {
                problems,
                ..OktaFollowUp::default()
            };
        }
    };
    let outcome = super::okta_app::ensure(Some(cognito), &api, setup, &nobody).await;
    let updated = outcome
        .changes
        .iter()
        .filter(|c| matches!(c, okta::Change::UpdatedApp { .. }))
        .map(|c| c.to_string())
        .collect();
    let problems: Vec<Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.is_error())
        .cloned()
        .collect();
    crate::finding::log("apply: Okta follow-up", &problems);
    OktaFollowUp {
        updated,
        after_ms: started.elapsed().as_millis(),
        problems,
    }
}

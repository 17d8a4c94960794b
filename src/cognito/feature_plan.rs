//! Cognito's feature plans (`UserPoolTier`): Lite, Essentials, Plus. Federation itself works
//! on every plan, but managed login (a version-2 domain and its branding style) needs
//! Essentials or Plus; on Lite, `CreateUserPoolDomain` with `ManagedLoginVersion = 2` fails
//! with `FeatureUnavailableInTierException` after the client and provider were already
//! written. So the plan refuses it first, naming the plan and both ways out.

use super::plan::{Action, Change};
use super::state::PoolState;
use crate::finding::Finding;

pub const LITE: &str = "LITE";

fn fix(pool: &PoolState) -> String {
    format!(
        "Upgrade user pool {} to Essentials or Plus (Cognito console → the pool → Settings → Feature plan), or set domain.managed_login_version = 1 (the classic hosted UI, available on every plan).",
        pool.id
    )
}

/// What the pool's plan does not allow among the planned changes.
pub fn findings(pool: &PoolState, changes: &[Change]) -> Vec<Finding> {
    if pool.feature_plan.as_deref() != Some(LITE) {
        return vec![];
    }
    let mut out = vec![];
    for c in changes {
        match &c.action {
            Action::CreateDomain {
                domain,
                managed_login_version: Some(2),
                ..
            } => out.push(Finding::error(
                crate::finding::codes::FEATURE_PLAN_NO_MANAGED_LOGIN,
                format!(
                    "domain.managed_login_version = 2 (managed login) for {domain}, but user pool {} is on the Lite feature plan, which does not include managed login",
                    pool.id
                ),
                fix(pool),
            )),
            Action::CreateBranding => out.push(Finding::error(
                crate::finding::codes::FEATURE_PLAN_NO_MANAGED_LOGIN,
                format!(
                    "the client needs a managed login branding style, but user pool {} is on the Lite feature plan, which does not include managed login",
                    pool.id
                ),
                fix(pool),
            )),
            _ => {}
        }
    }
    out
}

/// `FeatureUnavailableInTierException` from any call, as a finding that says the same.
pub fn unavailable(action: &str, resource: &str, message: &str) -> Finding {
    Finding::error(
        crate::finding::codes::FEATURE_PLAN_UNAVAILABLE,
        format!(
            "{action} on {resource} needs a feature the user pool's plan does not include: {message}"
        ),
        "Upgrade the user pool to Essentials or Plus (Cognito console → the pool → Settings → Feature plan), or turn the feature off in the setup file (domain.managed_login_version = 1 for the classic hosted UI). `okta-cognito doctor` names the pool's plan.",
    )
}

//! Plan a setup against the live pool: read the pool and judge the metadata concurrently,
//! then the pure plan. The `plan` and `apply` commands and the wizard's Review share it.

use crate::cognito::plan::{MetadataInput, Plan};
use crate::cognito::preflight::check_metadata;
use crate::cognito::state::{self, State};
use crate::finding::Finding;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;

pub async fn run(api: &Client, setup: &Setup) -> Result<(State, Plan), Vec<Finding>> {
    let views: Vec<Setup> = (1..=setup.more_federations.len())
        .filter_map(|i| setup.for_federation(i))
        .collect();
    let (state, mut metadata, others) = tokio::join!(
        state::read(api, setup),
        check_metadata(setup),
        futures_util::future::join_all(views.iter().map(check_metadata)),
    );
    metadata.others = others;
    let state = state.inspect_err(|f| crate::finding::log("plan", f))?;
    let p = plan(setup, &state, &metadata);
    crate::finding::log("plan", &p.findings);
    Ok((state, p))
}

/// The plan for `setup` against `state` (pure): Cognito's changes and findings, and what the
/// doctor predicts of the federation they lead to, so a plan that would end in a broken
/// federation says so before anything is written.
pub fn plan(setup: &Setup, state: &State, meta: &MetadataInput) -> Plan {
    let mut p = crate::cognito::plan::plan(setup, state, meta);
    let after = crate::cognito::plan::after(setup, state, &p);
    let predicted = crate::doctor::predicted::findings(
        state,
        &after.client_id,
        &after.client,
        after.provider,
        meta.report.as_ref(),
        &p.findings,
    );
    p.findings.extend(predicted);
    crate::finding::sort_by_severity(&mut p.findings);
    p
}

/// The id of the client the setup names by name only, once the pool has it: the file is the
/// record of the federation, so it is written down even when nothing else changes (an apply
/// that created the client and then could not save its id, a disk full, is mended by the
/// next plan or apply).
pub fn client_id_to_record(setup: &Setup, state: &State) -> Option<String> {
    if setup.app_client.client_id.is_some() {
        return None;
    }
    state
        .client
        .as_ref()
        .and_then(|c| c.client_id())
        .map(String::from)
}

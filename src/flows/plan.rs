//! Plan a setup against the live pool: read the pool and judge the metadata concurrently,
//! then the pure plan. The `plan` and `apply` commands and the wizard's Review share it.

use crate::cognito::plan::{Plan, plan};
use crate::cognito::preflight::check_metadata;
use crate::cognito::state::{self, State};
use crate::finding::Finding;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;

pub async fn run(api: &Client, setup: &Setup) -> Result<(State, Plan), Vec<Finding>> {
    let (state, metadata) = tokio::join!(state::read(api, setup), check_metadata(setup));
    let state = state?;
    let p = plan(setup, &state, &metadata);
    Ok((state, p))
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

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

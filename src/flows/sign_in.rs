//! The test sign-in: the pool and client read (`prepare`), then the browser through the
//! hosted UI and the IdP, the code exchanged and the tokens verified (`run`), progress told
//! to the face's reporter.

use super::progress::{AsLoginUi, Reporter};
use crate::finding::Finding;
use crate::login::{LoginConfig, LoginOutcome, Overrides};
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;
use tokio::sync::mpsc::UnboundedReceiver;

/// Everything the sign-in needs from AWS, read before a browser opens.
pub async fn prepare(api: &Client, setup: &Setup, o: &Overrides) -> Result<LoginConfig, Finding> {
    crate::login::prepare(api, setup, o).await
}

/// The sign-in itself. `pasted` carries addresses the person pastes (the browser's final
/// address, or Cognito's error page), if the face can take them.
pub async fn run(
    cfg: &LoginConfig,
    reporter: &dyn Reporter,
    pasted: Option<UnboundedReceiver<String>>,
) -> Result<LoginOutcome, Finding> {
    crate::login::login(cfg, &AsLoginUi(reporter), pasted).await
}

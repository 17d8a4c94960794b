//! Before a sign-out test: the loopback sign-out URL must be one of the client's sign-out
//! URLs, or Cognito refuses `/logout`. The setup file records it as a test URL
//! (`app_client.test_sign_out = true`, so `apply` keeps it until the test URLs are removed)
//! and it is added to the client with the full update `apply` sends, changing that one list and keeping
//! every other setting as described.

use crate::cognito::client_settings::{self, ClientSettings};
use crate::cognito::{apply, state};
use crate::finding::Finding;
use crate::login::sign_out::signed_out_uri;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;
use std::path::Path;

/// `Ok(true)` when the URL was added (to `setup`, saved to `file` when given; the wizard saves
/// its own), and the client updated.
pub async fn ensure_registered(
    api: &Client,
    setup: &mut Setup,
    file: Option<&Path>,
    port: u16,
) -> Result<bool, Finding> {
    let uri = signed_out_uri(port);
    let client_id = setup.app_client.client_id.clone().ok_or_else(|| {
        Finding::error(
            crate::finding::codes::LOGIN_NEEDS_CLIENT_ID,
            "the setup file has no app_client.client_id to sign out of",
            "Run `okta-cognito apply --config FILE` first.",
        )
    })?;
    let described = state::read_client(api, &setup.user_pool_id, &client_id).await?;
    if described.logout_urls().contains(&uri) {
        return Ok(false);
    }
    // Recorded as the test URL it is, never as one of the application's sign-out URLs.
    if setup.app_client.test_sign_out != Some(true) {
        setup.app_client.test_sign_out = Some(true);
        if let Some(file) = file {
            setup.save(file).map_err(|e| e.to_finding())?;
        }
    }
    let mut want = ClientSettings::of(&described);
    want.logout_urls.push(uri);
    apply::send_update(
        api,
        client_settings::update_input(&setup.user_pool_id, &described, &want),
    )
    .await?;
    Ok(true)
}

/// The whole test for a face: register, then sign out through the browser `open` opens.
pub async fn run(
    api: &Client,
    setup: &mut Setup,
    file: Option<&Path>,
    o: &crate::login::Overrides,
    open: impl FnOnce(&str),
) -> Result<(crate::login::sign_out::SignOut, bool), Finding> {
    let port = o.port.unwrap_or(setup.login.port);
    let added = ensure_registered(api, setup, file, port).await?;
    let cfg = crate::login::prepare(api, setup, o).await?;
    let hosts = idp_hosts(setup);
    let s = crate::login::sign_out::sign_out(
        &cfg.hosted_ui_base,
        &cfg.client_id,
        cfg.port,
        &hosts,
        cfg.timeout,
        open,
    )
    .await?;
    Ok((s, added))
}

/// The sign-out test after a sign-in made with `cfg` (its client, port and timeout): Cognito's
/// `/logout`, opened by `open`, and the browser awaited at the sign-out URL.
pub async fn after_sign_in(
    cfg: &crate::login::LoginConfig,
    setup: &Setup,
    open: impl FnOnce(&str),
) -> Result<crate::login::sign_out::SignOut, Finding> {
    crate::login::sign_out::sign_out(
        &cfg.hosted_ui_base,
        &cfg.client_id,
        cfg.port,
        &idp_hosts(setup),
        cfg.timeout,
        open,
    )
    .await
}

/// Opens `url` in this machine's browser: by what, or why not.
pub fn open_browser(url: &str) -> Result<String, Finding> {
    crate::login::browser::open(url)
}

/// How to sign in from a machine the browser cannot reach (over SSH).
pub fn ssh_hint(port: u16) -> String {
    crate::login::browser::ssh_hint(port)
}

/// The IdP's hosts, as far as the setup names them: where Okta's logout response comes from.
pub fn idp_hosts(setup: &Setup) -> Vec<String> {
    let env = std::env::var("OKTA_ORG_URL").ok();
    [
        setup.okta.as_ref().and_then(|o| o.org_url.clone()),
        setup.provider.metadata_url.clone(),
        env,
    ]
    .into_iter()
    .flatten()
    .filter_map(|u| {
        url::Url::parse(&u)
            .ok()?
            .host_str()
            .map(str::to_ascii_lowercase)
    })
    .collect()
}

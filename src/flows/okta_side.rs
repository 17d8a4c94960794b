//! Reads what the Okta app needs from Cognito (the provider options' certificates and the
//! client an IdP-initiated sign-in lands on), for `okta-app` and the wizard's Okta step
//! alike. Only what the setup's options need is read, concurrently; what cannot be read
//! becomes a note, not a stop: the rest of the Okta app can still be made.

use crate::cognito::{certificates, state};
use crate::idp::okta::cognito_side::CognitoSide;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;

pub fn needed(setup: &Setup) -> bool {
    let p = &setup.provider;
    p.idp_signout || p.encrypted_responses || p.idp_init || p.request_signing_algorithm.is_some()
}

pub async fn read(api: &Client, setup: &Setup) -> CognitoSide {
    let p = &setup.provider;
    let pool = setup.user_pool_id.as_str();
    if !needed(setup) {
        return CognitoSide::default();
    }
    let (signing, provider, client) = tokio::join!(
        async {
            match p.idp_signout || p.request_signing_algorithm.is_some() {
                true => Some(certificates::read_signing(api, pool).await),
                false => None,
            }
        },
        async {
            match p.encrypted_responses {
                true => Some(state::read_provider(api, pool, &p.name).await),
                false => None,
            }
        },
        async {
            if !p.idp_init {
                return None;
            }
            Some(match &setup.app_client.client_id {
                Some(id) => Ok(Some(id.clone())),
                None => state::find_client_by_name(api, pool, &setup.app_client.name).await,
            })
        }
    );
    let mut side = CognitoSide::default();
    // What could not be read from Cognito is said, but does not fail the Okta side: the rest
    // of the Okta app is still made, and the missing part is named with its fix.
    let note = |side: &mut CognitoSide, mut f: crate::finding::Finding| {
        f.severity = crate::finding::Severity::Warning;
        side.notes.push(f);
    };
    match signing {
        Some(Ok(cert)) if !cert.is_empty() => side.signing_certificate = Some(cert),
        Some(Err(f)) => note(&mut side, f),
        _ => {}
    }
    match provider {
        Some(Ok(Some(found))) => {
            side.encryption_certificate = found
                .details
                .get("ActiveEncryptionCertificate")
                .map(|c| certificates::compact(c))
                .filter(|c| !c.is_empty());
        }
        Some(Err(f)) => note(&mut side, f),
        _ => {}
    }
    match client {
        Some(Ok(id)) => side.client_id = id,
        Some(Err(f)) => note(&mut side, f),
        None => {}
    }
    // The IdP-initiated response lands on the app's own callback, not the tool's test one.
    let test_callback = setup.login_redirect_uri();
    side.redirect_uri = setup
        .app_client
        .callback_urls
        .iter()
        .find(|u| **u != test_callback)
        .or(setup.app_client.callback_urls.first())
        .cloned()
        .or(Some(test_callback));
    side
}

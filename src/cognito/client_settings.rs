//! The app client fields the federation needs, merged additively into what the client has,
//! and the full `UpdateUserPoolClient` request built from the described client.
//!
//! Real Cognito resets every field an update leaves out, so the request always carries every
//! writable field of the described client; only the federation's fields are changed.

use super::state::PoolState;
use crate::finding::Finding;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::operation::update_user_pool_client::UpdateUserPoolClientInput;
use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, UserPoolClientType};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientSettings {
    pub supported_identity_providers: Vec<String>,
    pub allowed_o_auth_flows: Vec<String>,
    pub allowed_o_auth_flows_user_pool_client: bool,
    pub allowed_o_auth_scopes: Vec<String>,
    pub callback_urls: Vec<String>,
    pub logout_urls: Vec<String>,
    /// `None`: the client leaves it unset, which means "all attributes".
    pub read_attributes: Option<Vec<String>>,
    pub write_attributes: Option<Vec<String>>,
}

impl ClientSettings {
    pub fn of(c: &UserPoolClientType) -> ClientSettings {
        ClientSettings {
            supported_identity_providers: c.supported_identity_providers().to_vec(),
            allowed_o_auth_flows: c
                .allowed_o_auth_flows()
                .iter()
                .map(|f| f.as_str().to_string())
                .collect(),
            allowed_o_auth_flows_user_pool_client: c
                .allowed_o_auth_flows_user_pool_client()
                .unwrap_or(false),
            allowed_o_auth_scopes: c.allowed_o_auth_scopes().to_vec(),
            callback_urls: c.callback_urls().to_vec(),
            logout_urls: c.logout_urls().to_vec(),
            read_attributes: c.read_attributes.clone().filter(|v| !v.is_empty()),
            write_attributes: c.write_attributes.clone().filter(|v| !v.is_empty()),
        }
    }
}

/// A client with a secret: fine for the test sign-in (it authenticates with the secret), a
/// trap for a browser or mobile app. One wording for the plan and the doctor.
pub fn secret_warning(c: &UserPoolClientType) -> Option<Finding> {
    c.client_secret().filter(|s| !s.is_empty())?;
    Some(Finding::warning(
        crate::finding::codes::CLIENT_HAS_SECRET,
        format!(
            "app client {} has a client secret: only a server-side application can use it (a browser or mobile app cannot keep it)",
            c.client_id().unwrap_or_default()
        ),
        "Nothing to do for the test sign-in: `okta-cognito login` reads the secret from DescribeUserPoolClient and authenticates with it (never printed or stored). For a single-page or mobile app, remove app_client.client_id to let the tool create a public client.",
    ))
}

/// Appends what is missing, keeping the customer's order and entries.
fn ensure(list: &mut Vec<String>, wanted: impl IntoIterator<Item = String>) {
    // A set of what is there, so a long list stays linear.
    let mut present: std::collections::HashSet<String> = list.iter().cloned().collect();
    for w in wanted {
        if present.insert(w.clone()) {
            list.push(w);
        }
    }
}

/// Attributes a client may write when WriteAttributes is unset: every mutable standard one.
/// Custom attributes are not included by that default, which is why an explicit list is
/// written when a custom attribute is mapped.
fn default_writable(pool: &PoolState) -> Vec<String> {
    pool.schema
        .iter()
        .filter(|a| a.mutable && a.name != "sub" && !a.name.starts_with("custom:"))
        .map(|a| a.name.clone())
        .collect()
}

/// `new_client`: the client is the one this run creates (the guide's defaults apply to it);
/// otherwise it is an existing client, which keeps what the setup does not ask to change.
pub fn desired(
    setup: &Setup,
    current: &ClientSettings,
    pool: &PoolState,
    new_client: bool,
) -> ClientSettings {
    let mut d = current.clone();
    // A client with no sign-in at all (one this tool created in a run that stopped before its
    // update, or a bare one) gets the guide's defaults, as a new one does: it has no choice of
    // its own to keep.
    let unchosen = new_client || current.supported_identity_providers.is_empty();
    // A provider on its way out is no longer offered (Cognito refuses a client naming a
    // provider that does not exist, so this update goes before the deletion).
    d.supported_identity_providers
        .retain(|p| !setup.removed_providers.contains(p));
    ensure(
        &mut d.supported_identity_providers,
        setup.federations().iter().map(|f| f.provider.name.clone()),
    );
    let cognito = match setup.app_client.cognito_sign_in {
        Some(on) => Some(on),
        // The guide enables both on a new client; IDPInit forbids COGNITO beside it.
        None if unchosen => Some(!setup.provider.idp_init),
        None => None,
    };
    match cognito {
        Some(true) => ensure(&mut d.supported_identity_providers, ["COGNITO".to_string()]),
        Some(false) => d.supported_identity_providers.retain(|p| p != "COGNITO"),
        None => {}
    }
    ensure(&mut d.allowed_o_auth_flows, ["code".to_string()]);
    d.allowed_o_auth_flows_user_pool_client = true;
    ensure(
        &mut d.allowed_o_auth_scopes,
        setup.app_client.scopes.iter().cloned(),
    );
    ensure(
        &mut d.callback_urls,
        setup.app_client.callback_urls.iter().cloned(),
    );
    if setup.app_client.test_callback == Some(false) {
        let test = setup.login_redirect_uri();
        if !setup.app_client.callback_urls.contains(&test) {
            d.callback_urls.retain(|u| *u != test);
        }
    } else {
        ensure(&mut d.callback_urls, [setup.login_redirect_uri()]);
    }
    ensure(
        &mut d.logout_urls,
        setup.app_client.logout_urls.iter().cloned(),
    );
    let signed_out = setup.sign_out_test_uri();
    match setup.app_client.test_sign_out {
        Some(true) => ensure(&mut d.logout_urls, [signed_out]),
        Some(false) if !setup.app_client.logout_urls.contains(&signed_out) => {
            d.logout_urls.retain(|u| *u != signed_out)
        }
        _ => {}
    }
    let mapped: Vec<String> = setup.provider.attribute_mapping.keys().cloned().collect();
    if let Some(read) = &mut d.read_attributes {
        ensure(read, mapped.iter().cloned());
    }
    match &mut d.write_attributes {
        Some(write) => ensure(write, mapped.iter().cloned()),
        None if mapped.iter().any(|m| m.starts_with("custom:")) => {
            let mut write = default_writable(pool);
            ensure(&mut write, mapped.iter().cloned());
            d.write_attributes = Some(write);
        }
        None => {}
    }
    d
}

/// The full update request: every writable field of the described client, with the
/// federation's fields replaced by `want`.
pub fn update_input(
    pool_id: &str,
    c: &UserPoolClientType,
    want: &ClientSettings,
) -> UpdateUserPoolClientInput {
    UpdateUserPoolClientInput::builder()
        .user_pool_id(pool_id)
        .set_client_id(c.client_id.clone())
        .set_client_name(c.client_name.clone())
        .refresh_token_validity(c.refresh_token_validity)
        .set_access_token_validity(c.access_token_validity)
        .set_id_token_validity(c.id_token_validity)
        .set_token_validity_units(c.token_validity_units.clone())
        .set_read_attributes(want.read_attributes.clone().or(c.read_attributes.clone()))
        .set_write_attributes(want.write_attributes.clone().or(c.write_attributes.clone()))
        .set_explicit_auth_flows(c.explicit_auth_flows.clone())
        .set_supported_identity_providers(Some(want.supported_identity_providers.clone()))
        .set_callback_urls(Some(want.callback_urls.clone()))
        .set_logout_urls(Some(want.logout_urls.clone()))
        // The model's RedirectUrlType has min 1: an empty one read back is not sent back.
        .set_default_redirect_uri(c.default_redirect_uri.clone().filter(|u| !u.is_empty()))
        .set_allowed_o_auth_flows(Some(
            want.allowed_o_auth_flows
                .iter()
                .map(|f| OAuthFlowType::from(f.as_str()))
                .collect(),
        ))
        .set_allowed_o_auth_scopes(Some(want.allowed_o_auth_scopes.clone()))
        .allowed_o_auth_flows_user_pool_client(want.allowed_o_auth_flows_user_pool_client)
        .set_analytics_configuration(c.analytics_configuration.clone())
        .set_prevent_user_existence_errors(c.prevent_user_existence_errors.clone())
        .set_enable_token_revocation(c.enable_token_revocation)
        .set_enable_propagate_additional_user_context_data(
            c.enable_propagate_additional_user_context_data,
        )
        .set_auth_session_validity(c.auth_session_validity)
        .set_refresh_token_rotation(c.refresh_token_rotation.clone())
        .build()
        .expect("UpdateUserPoolClientInput has no required fields at build time")
}

//! State → setup file, with read-only calls: support staff take a customer's configuration
//! and reproduce it in a lab pool.

use super::client_settings::ClientSettings;
use super::state;
use crate::finding::Finding;
use crate::setup::observed::{Observed, ObservedAttribute, ObservedClient, worth_recording};
use crate::setup::{AppClientSetup, DomainSetup, LoginSetup, ProviderSetup, Setup};
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use std::path::PathBuf;

pub struct Exported {
    pub setup: Setup,
    /// The provider's metadata document when it was uploaded as a file (no URL to refer to).
    pub metadata_file_content: Option<String>,
    /// The same for each further federation (`setup.more_federations`, in order): the file
    /// name its `metadata_file` gives, and the document.
    pub more_metadata_files: Vec<(PathBuf, String)>,
}

/// The metadata file name for a further federation, beside the first one's: made of the
/// provider's name with anything but letters, digits, `-` and `_` replaced, so no provider
/// name can reach outside the folder.
pub fn metadata_file_for(first: &str, provider: &str) -> PathBuf {
    let stem = first.strip_suffix(".xml").unwrap_or(first);
    let safe: String = provider
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    PathBuf::from(format!("{stem}-{safe}.xml"))
}

fn loopback_port(urls: &[String]) -> Option<u16> {
    urls.iter().find_map(|u| {
        let parsed = url::Url::parse(u).ok()?;
        let loopback = parsed
            .host()
            .as_ref()
            .is_some_and(crate::setup::validate::is_loopback_host);
        (parsed.scheme() == "http" && loopback && parsed.path() == "/callback")
            .then(|| parsed.port())
            .flatten()
    })
}

/// Which IdP the provider's metadata comes from, as far as it can be told: Okta (also when
/// it is served from this machine, as a rehearsal's local Okta is), Entra ID, Google
/// Workspace, else a generic SAML 2.0 IdP, whose console steps use the labels every SAML IdP
/// has.
fn idp_of(metadata_url: Option<&String>, metadata_file: Option<&str>) -> crate::setup::IdpKind {
    use crate::saml::idp_kind::RecognisedIdp;
    use crate::setup::IdpKind;
    let recognised = match (metadata_url, metadata_file) {
        (Some(url), _) => {
            let loopback = url::Url::parse(url).ok().is_some_and(|u| {
                u.host()
                    .as_ref()
                    .is_some_and(crate::setup::validate::is_loopback_host)
            });
            if loopback {
                RecognisedIdp::Okta
            } else {
                RecognisedIdp::recognise("", [url.as_str()])
            }
        }
        (None, Some(xml)) => {
            let report =
                crate::saml::inspect(xml.as_bytes(), None, None, time::OffsetDateTime::now_utc());
            match report.entity_id {
                None => RecognisedIdp::Okta,
                Some(_) => report.idp_kind(),
            }
        }
        (None, None) => RecognisedIdp::Okta,
    };
    match recognised {
        RecognisedIdp::Okta => IdpKind::Okta,
        RecognisedIdp::EntraId => IdpKind::Entra,
        RecognisedIdp::GoogleWorkspace => IdpKind::Google,
        RecognisedIdp::Other => IdpKind::Saml,
    }
}

pub async fn export(
    api: &Client,
    region: &str,
    pool_id: &str,
    client_id: &str,
    provider: Option<&str>,
    metadata_file_name: &str,
) -> Result<Exported, Vec<Finding>> {
    let (pool, client, providers) = read_federation(api, pool_id, client_id, provider).await?;
    let (first, rest) = providers
        .split_first()
        .expect("read_federation answers one provider at least");
    let mut exported = setup_from(region, &pool, &client, first, metadata_file_name);
    // Each further SAML provider the client offers is a tenant of its own.
    for p in rest {
        let file = metadata_file_for(metadata_file_name, &p.name);
        let one = setup_from(region, &pool, &client, p, &file.to_string_lossy());
        if let Some(content) = one.metadata_file_content {
            exported.more_metadata_files.push((file, content));
        }
        exported
            .setup
            .more_federations
            .push(crate::setup::Federation {
                name: None,
                provider: one.setup.provider,
                okta: None,
            });
    }
    // The branding version, so a rehearsal of the export gets the same sign-in pages; a domain
    // that cannot be described is left to the doctor, which reports it.
    if let Some(domain) = pool.custom_domain.as_ref().or(pool.domain.as_ref()) {
        exported.setup.domain.managed_login_version = state::read_domain(api, domain)
            .await
            .ok()
            .and_then(|d| d.managed_login_version);
    }
    Ok(exported)
}

/// The pool, the client and its SAML providers (the named one, else every one the client
/// enables: a pool with many customers has one each), as AWS holds them now.
pub async fn read_federation(
    api: &Client,
    pool_id: &str,
    client_id: &str,
    provider: Option<&str>,
) -> Result<
    (
        state::PoolState,
        UserPoolClientType,
        Vec<state::ProviderState>,
    ),
    Vec<Finding>,
> {
    // The provider is described in the first round when its name is given.
    let (pool, client, named) = tokio::join!(
        state::read_pool(api, pool_id),
        state::read_client(api, pool_id, client_id),
        async {
            match provider {
                Some(n) => Some(state::read_provider(api, pool_id, n).await),
                None => None,
            }
        }
    );
    let (pool, client) = match (pool, client) {
        (Ok(p), Ok(c)) => (p, c),
        (p, c) => return Err(p.err().into_iter().chain(c.err()).collect()),
    };
    let found = match (provider, named) {
        (Some(name), Some(read)) => vec![read.map_err(|f| vec![f])?.ok_or_else(|| {
            vec![Finding::error(
                crate::finding::codes::AWS_NOT_FOUND,
                format!("provider {name} was not found in user pool {pool_id}"),
                "Check the provider name (it is case-sensitive).",
            )]
        })?],
        _ => saml_providers(api, pool_id, client_id, &client).await?,
    };
    Ok((pool, client, found))
}

/// The one app client that signs in through `provider` (any provider but COGNITO when none
/// is named): what `export` reads when no client id is given. All clients are described at
/// once; none or several are reported with their ids and names.
pub async fn the_federated_client(
    api: &Client,
    pool_id: &str,
    provider: Option<&str>,
) -> Result<String, Vec<Finding>> {
    let listed = super::pools::list_app_clients(api, pool_id)
        .await
        .map_err(|f| vec![f])?;
    let described = futures_util::future::join_all(
        listed
            .iter()
            .map(|c| state::read_client(api, pool_id, &c.id)),
    )
    .await;
    let mut federated = Vec::new();
    for (summary, read) in listed.iter().zip(described) {
        let c = read.map_err(|f| vec![f])?;
        let enables = c
            .supported_identity_providers()
            .iter()
            .any(|p| match provider {
                Some(name) => p == name,
                None => p != "COGNITO",
            });
        if enables {
            federated.push(summary);
        }
    }
    let names = |list: &[&super::pools::ClientSummary]| {
        list.iter()
            .map(|c| format!("{} ({})", c.id, c.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let through = provider.map_or("an identity provider".to_string(), |p| {
        format!("provider {p}")
    });
    match federated.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(vec![Finding::error(
            crate::finding::codes::EXPORT_NO_FEDERATED_CLIENT,
            format!(
                "no app client in user pool {pool_id} signs in through {through} (clients: {})",
                if listed.is_empty() {
                    "none".to_string()
                } else {
                    names(&listed.iter().collect::<Vec<_>>())
                }
            ),
            "Pass --client-id ID to name the client (one that does not list the provider yet, too).",
        )]),
        many => Err(vec![Finding::error(
            crate::finding::codes::EXPORT_SEVERAL_CLIENTS,
            format!(
                "{} app clients in user pool {pool_id} sign in through {through}: {}",
                many.len(),
                names(many)
            ),
            "Pass --client-id ID to choose one.",
        )]),
    }
}

/// The client's SAML providers, in the client's order, described concurrently (paced).
async fn saml_providers(
    api: &Client,
    pool_id: &str,
    client_id: &str,
    client: &UserPoolClientType,
) -> Result<Vec<state::ProviderState>, Vec<Finding>> {
    let candidates = client
        .supported_identity_providers()
        .iter()
        .filter(|p| *p != "COGNITO")
        .map(|n| state::read_provider(api, pool_id, n));
    let mut saml = vec![];
    for read in futures_util::future::join_all(candidates).await {
        if let Some(p) = read.map_err(|f| vec![f])?
            && p.provider_type == "SAML"
        {
            saml.push(p);
        }
    }
    if saml.is_empty() {
        return Err(vec![Finding::error(
            crate::finding::codes::NO_SAML_PROVIDER,
            format!("app client {client_id} has no SAML provider enabled"),
            "Pass --provider NAME to export a provider the client does not list yet.",
        )]);
    }
    Ok(saml)
}

/// The pool and client as they are, for `rehearse --from`.
fn observed(pool: &state::PoolState, client: &UserPoolClientType) -> Observed {
    let settings = ClientSettings::of(client);
    Observed {
        pool_name: Some(pool.name.clone()).filter(|n| !n.is_empty()),
        feature_plan: pool.feature_plan.clone(),
        issuer: Some(pool.issuer.label().to_string()),
        schema: pool
            .schema
            .iter()
            .filter(|a| worth_recording(&a.name, a.mutable, a.required))
            .map(|a| ObservedAttribute {
                name: a.name.clone(),
                mutable: a.mutable,
                required: a.required,
            })
            .collect(),
        client: Some(ObservedClient {
            identity_providers: settings.supported_identity_providers,
            oauth_flows: settings.allowed_o_auth_flows,
            oauth_flows_enabled: settings.allowed_o_auth_flows_user_pool_client,
            read_attributes: settings.read_attributes,
            write_attributes: settings.write_attributes,
            has_secret: client.client_secret().is_some_and(|s| !s.is_empty()),
        }),
        // Read from the IdP by the export flow, not from AWS.
        idp_signing_certificates: Vec::new(),
    }
}

/// The setup file that reproduces what was read (pure; the doctor's "plan the fixes" uses it
/// too).
pub fn setup_from(
    region: &str,
    pool: &state::PoolState,
    client: &UserPoolClientType,
    p: &state::ProviderState,
    metadata_file_name: &str,
) -> Exported {
    let pool_id = pool.id.as_str();
    let client_id = client.client_id().unwrap_or_default();
    let flag = |k: &str| {
        p.details
            .get(k)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    };
    let metadata_file_content = p
        .details
        .get("MetadataFile")
        .cloned()
        .filter(|_| !p.details.contains_key("MetadataURL"));
    let port = loopback_port(client.callback_urls());
    // The tool's own test URLs are recorded as the switches they are, not as the
    // application's URLs (a plan of the export then keeps them exactly as they are).
    let login = port.map(|port| LoginSetup { port }).unwrap_or_default();
    let (test_callback, test_signed_out) = (
        crate::endpoints::loopback_redirect_uri(login.port),
        crate::endpoints::loopback_signed_out_uri(login.port),
    );
    let callback_urls: Vec<String> = client
        .callback_urls()
        .iter()
        .filter(|u| **u != test_callback)
        .cloned()
        .collect();
    let logout_urls: Vec<String> = client
        .logout_urls()
        .iter()
        .filter(|u| **u != test_signed_out)
        .cloned()
        .collect();
    let has_test_sign_out = logout_urls.len() < client.logout_urls().len();
    let has_test_callback = callback_urls.len() < client.callback_urls().len();
    let cognito_sign_in = client
        .supported_identity_providers()
        .iter()
        .any(|p| p == "COGNITO");
    let setup = Setup {
        region: region.to_string(),
        user_pool_id: pool_id.to_string(),
        rehearsal: false,
        app_client: AppClientSetup {
            client_id: Some(client_id.to_string()),
            name: client.client_name().unwrap_or_default().to_string(),
            callback_urls,
            logout_urls,
            scopes: client.allowed_o_auth_scopes().to_vec(),
            // As the live client has them, so a plan of this export changes none.
            cognito_sign_in: Some(cognito_sign_in),
            test_callback: Some(has_test_callback),
            test_sign_out: has_test_sign_out.then_some(true),
        },
        domain: DomainSetup {
            prefix: pool.domain.clone().filter(|_| pool.custom_domain.is_none()),
            custom: pool.custom_domain.clone(),
            certificate_arn: None,
            managed_login_version: None,
        },
        provider: ProviderSetup {
            name: p.name.clone(),
            idp: idp_of(
                p.details.get("MetadataURL"),
                metadata_file_content.as_deref(),
            ),
            metadata_url: p.details.get("MetadataURL").cloned(),
            metadata_file: metadata_file_content
                .as_ref()
                .map(|_| PathBuf::from(metadata_file_name)),
            idp_signout: flag("IDPSignout"),
            idp_init: flag("IDPInit"),
            encrypted_responses: flag("EncryptedResponses"),
            request_signing_algorithm: p.details.get("RequestSigningAlgorithm").cloned(),
            identifiers: p.identifiers.clone(),
            attribute_mapping: p.attribute_mapping.clone(),
        },
        login,
        okta: None,
        more_federations: vec![],
        removed_providers: vec![],
        observed: Some(observed(pool, client)),
        source_dir: None,
    };
    Exported {
        setup,
        metadata_file_content,
        more_metadata_files: vec![],
    }
}

//! What a rehearsal starts with. Without `--from`: a realistic pool that is not federated yet
//! (schema with `email` required and mutable, `name`, a custom attribute; a client with a
//! secret and a public one), and an Okta org with two people, for the wizard's path. With
//! `--from` a setup file or an `export`: that federation rebuilt as it was, mistakes included
//! (the export's `[observed]` section: the schema's mutability, the client's providers, flows
//! and permissions), its Okta app made in the local org through `okta-app`'s own flow.

use super::okta_org::OktaOrg;
use crate::endpoints;
use crate::setup::observed::{Observed, ObservedClient};
use crate::setup::{OktaSetup, Setup};
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, IdentityProviderTypeType, OAuthFlowType, SchemaAttributeType,
    UserPoolTierType,
};
use std::collections::HashMap;

/// What was made, and the setup file that names it.
pub struct Seeded {
    pub setup: Setup,
    /// One line per thing made, for the admin.
    pub made: Vec<String>,
    /// The metadata document the provider was made from, when it was made from a file: to
    /// be written beside the rehearsal's setup file and named by its `metadata_file`.
    pub metadata_file: Option<String>,
}

pub const PEOPLE: [(&str, &str, &str); 2] = [
    ("ada.lovelace@example.com", "Ada", "Lovelace"),
    ("grace.hopper@example.com", "Grace", "Hopper"),
];

/// The people every rehearsal org has, in the group `Cognito users` as well as `Everyone`.
/// The rehearsal's own group of people, assigned when a setup assigns nobody.
pub const LAB_GROUP: &str = "Cognito users";
/// The prefix the headless lab writes (not a choice the person made).
pub const HEADLESS_PREFIX: &str = "acme-rehearsal";

pub fn people(okta: &OktaOrg) -> Vec<String> {
    let group = okta.add_group(LAB_GROUP, "People who sign in to the app");
    PEOPLE
        .iter()
        .map(|(login, first, last)| {
            let id = okta.add_user(login, first, last);
            okta.add_member(&group, &id);
            login.to_string()
        })
        .collect()
}

pub(super) fn refused<E: std::error::Error>(what: &str, e: E) -> String {
    use aws_sdk_cognitoidentityprovider::error::DisplayErrorContext;
    format!(
        "the local Cognito refused {what}: {}",
        DisplayErrorContext(e)
    )
}

pub(super) fn attribute(name: &str, mutable: bool, required: bool) -> SchemaAttributeType {
    SchemaAttributeType::builder()
        .name(name.strip_prefix("custom:").unwrap_or(name))
        .attribute_data_type(AttributeDataType::String)
        .mutable(mutable)
        .required(required)
        .build()
}

pub(super) async fn create_pool(
    api: &Client,
    name: &str,
    schema: Vec<SchemaAttributeType>,
    observed: &Observed,
) -> Result<String, String> {
    let issuer = observed.issuer.as_deref().map(|t| {
        aws_sdk_cognitoidentityprovider::types::IssuerConfigurationType::builder()
            .r#type(aws_sdk_cognitoidentityprovider::types::IssuerType::from(t))
            .build()
    });
    let out = api
        .create_user_pool()
        .pool_name(name)
        .set_issuer_configuration(issuer)
        // The model's minimum is one attribute: none means the defaults.
        .set_schema(Some(schema).filter(|s| !s.is_empty()))
        .set_user_pool_tier(observed.feature_plan.as_deref().map(UserPoolTierType::from))
        .send()
        .await
        .map_err(|e| refused("CreateUserPool", e))?;
    out.user_pool()
        .and_then(|p| p.id())
        .map(String::from)
        .ok_or_else(|| "the local Cognito made a pool without an id".to_string())
}

/// The rehearsal without `--from`: a pool not yet federated. The wizard's setup names only
/// the pool, so the person makes every choice; a headless one (`--serve`) also has a
/// prefix, the guide's mapping and the group to assign, so `okta-app`, `apply` and `login`
/// work from it at once.
pub async fn lab(
    api: &Client,
    okta: &OktaOrg,
    region: &str,
    headless: bool,
) -> Result<Seeded, String> {
    let pool = create_pool(
        api,
        "acme-customers",
        vec![
            attribute("email", true, true),
            attribute("name", true, false),
            attribute("custom:department", true, false),
        ],
        &Observed {
            feature_plan: Some("ESSENTIALS".into()),
            ..Observed::default()
        },
    )
    .await?;
    api.create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("backend-with-secret")
        .generate_secret(true)
        .send()
        .await
        .map_err(|e| refused("CreateUserPoolClient", e))?;
    api.create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("mobile-app")
        .send()
        .await
        .map_err(|e| refused("CreateUserPoolClient", e))?;
    let people = people(okta);
    Ok(Seeded {
        metadata_file: None,
        setup: if headless {
            headless_setup(region, &pool)
        } else {
            Setup::new(region, &pool)
        },
        made: vec![
            format!(
                "Cognito: user pool acme-customers ({pool}): email (required), name, custom:department; clients backend-with-secret (with a secret) and mobile-app"
            ),
            format!(
                "Okta: people {} in the group Cognito users",
                people.join(", ")
            ),
        ],
    })
}

/// The lab's setup for scripts: the pool, a prefix, the guide's mapping and the group to
/// assign.
fn headless_setup(region: &str, pool: &str) -> Setup {
    let mut s = Setup::new(region, pool);
    s.domain.prefix = Some(HEADLESS_PREFIX.into());
    s.provider
        .attribute_mapping
        .insert("email".into(), "Email Id".into());
    s.okta = Some(OktaSetup {
        assign_groups: vec!["Cognito users".into()],
        ..OktaSetup::default()
    });
    s
}

/// The pool's schema as the export saw it; without one, the attributes the mapping needs,
/// mutable (a healthy pool).
fn schema_of(from: &Setup) -> Vec<SchemaAttributeType> {
    match from.observed.as_ref().filter(|o| !o.schema.is_empty()) {
        Some(o) => o
            .schema
            .iter()
            .map(|a| attribute(&a.name, a.mutable, a.required))
            .collect(),
        None => from
            .provider
            .attribute_mapping
            .keys()
            .filter(|a| a.starts_with("custom:"))
            .map(|a| attribute(a, true, false))
            .collect(),
    }
}

/// A prefix that is the customer's when it is one, else made up for the rehearsal.
fn prefix_of(from: &Setup) -> String {
    from.domain.prefix.clone().unwrap_or_else(|| {
        format!(
            "rehearsal-{}",
            crate::login::pkce::random_token(4)
                .to_lowercase()
                .replace(['_', '-'], "x")
        )
    })
}

/// The largest IdP metadata document read from an export's folder (real ones are under 20 KiB).
const MAX_CUSTOMER_METADATA: u64 = 1 << 20;

/// The metadata file an export names, read only inside the export's own folder: it comes
/// from a customer, and what is read here is served by the local Okta and shown by `doctor`.
fn customer_metadata(from: &Setup) -> Result<Option<String>, String> {
    let Some(name) = &from.provider.metadata_file else {
        return Ok(None);
    };
    let folder = match from.source_dir.as_deref() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let refused = |why: String| {
        format!(
            "provider.metadata_file = \"{}\" refused: {why}. Put the customer's metadata file in the export's folder ({}) and name it there (metadata_file = \"okta-metadata.xml\").",
            crate::terminal_text::escape_controls(&name.display().to_string()),
            folder.display()
        )
    };
    let bytes = crate::safe_file::read_confined(
        &folder,
        name,
        MAX_CUSTOMER_METADATA,
        std::time::Duration::from_secs(5),
    )
    .map_err(refused)?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| refused("it is not UTF-8 text".into()))
}

/// Rebuilds the federation `from` describes, in the local Cognito and the local Okta org.
pub async fn from_setup(api: &Client, okta: &OktaOrg, from: &Setup) -> Result<Seeded, String> {
    // A metadata file beside the export is the customer's IdP document: the local app
    // serves it (signing in here), so its certificates and entity id are rehearsed too.
    // Read first, before anything is made, so a refusal leaves nothing half-built.
    let customer_metadata = customer_metadata(from)?;
    let observed = from.observed.clone().unwrap_or_default();
    let pool_name = observed
        .pool_name
        .clone()
        .unwrap_or_else(|| format!("rehearsal-of-{}", from.user_pool_id));
    let pool = create_pool(api, &pool_name, schema_of(from), &observed).await?;
    let prefix = prefix_of(from);
    api.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain(&prefix)
        .set_managed_login_version(from.domain.managed_login_version)
        .send()
        .await
        .map_err(|e| refused("CreateUserPoolDomain", e))?;
    let people = people(okta);
    let assigned = local_assignment(okta, from.okta.as_ref());

    let mut setup = from.clone();
    // One federation is rebuilt: the others point at the customer's own IdPs, which a
    // rehearsal never reaches.
    let others: Vec<String> = setup
        .more_federations
        .drain(..)
        .map(|f| f.provider.name)
        .collect();
    setup.removed_providers.clear();
    setup.user_pool_id = pool.clone();
    setup.domain.prefix = Some(prefix.clone());
    setup.domain.custom = None;
    setup.domain.certificate_arn = None;
    setup.provider.metadata_file = None;
    setup.source_dir = None;
    // The local org's credentials come from the environment rehearse sets, never the file's.
    let okta_setup = from.okta.clone().unwrap_or_default();
    setup.okta = Some(OktaSetup {
        org_url: None,
        app_id: None,
        client_id: None,
        private_key_file: None,
        private_key_id: None,
        assign_groups: assigned.groups.clone(),
        assign_users: assigned.users.clone(),
        ..okta_setup
    });
    let app = okta_app(okta, &setup).await?;
    if let (Some(xml), Some(id)) = (&customer_metadata, &app.app_id) {
        okta.serve_metadata(id, xml);
    }
    setup.provider.metadata_url = app.metadata_url.clone();
    if let Some(o) = setup.okta.as_mut() {
        o.app_id = app.app_id.clone();
    }
    // The customer's IdP signs with a certificate their file does not hold: the provider is
    // made from the file as served now, and then the local app's key is rotated.
    let frozen = match (&customer_metadata, &app.app_id, &app.metadata_url) {
        (Some(xml), Some(id), Some(url)) if missed_rotation(xml, &observed) => {
            let held = read_served(url).await?;
            okta.rotate_signing_key(id);
            Some(held)
        }
        _ => None,
    };

    let mut details = HashMap::new();
    match (&frozen, &setup.provider.metadata_url) {
        (Some(file), _) => {
            details.insert("MetadataFile".to_string(), file.clone());
        }
        (None, Some(url)) => {
            details.insert("MetadataURL".to_string(), url.clone());
        }
        (None, None) => {}
    }
    let flag = |on: bool| if on { "true" } else { "false" }.to_string();
    details.insert("IDPSignout".into(), flag(setup.provider.idp_signout));
    details.insert("IDPInit".into(), flag(setup.provider.idp_init));
    details.insert(
        "EncryptedResponses".into(),
        flag(setup.provider.encrypted_responses),
    );
    if let Some(alg) = &setup.provider.request_signing_algorithm {
        details.insert("RequestSigningAlgorithm".into(), alg.clone());
    }
    api.create_identity_provider()
        .user_pool_id(&pool)
        .provider_name(&setup.provider.name)
        .provider_type(IdentityProviderTypeType::Saml)
        .set_provider_details(Some(details))
        .set_attribute_mapping(Some(
            setup
                .provider
                .attribute_mapping
                .clone()
                .into_iter()
                .collect(),
        ))
        .set_idp_identifiers(Some(setup.provider.identifiers.clone()).filter(|i| !i.is_empty()))
        .send()
        .await
        .map_err(|e| refused("CreateIdentityProvider", e))?;

    let mut client = observed.client.clone().unwrap_or_else(|| ObservedClient {
        identity_providers: vec![setup.provider.name.clone()],
        oauth_flows: vec!["code".into()],
        oauth_flows_enabled: true,
        has_secret: false,
        ..ObservedClient::default()
    });
    // Only the federation's provider (and COGNITO) exist here; Cognito refuses a client
    // that lists one that does not, so the customer's others are left out, and said so.
    let (kept, left_out): (Vec<String>, Vec<String>) = client
        .identity_providers
        .drain(..)
        .partition(|p| p == "COGNITO" || *p == setup.provider.name);
    client.identity_providers = kept;
    let client_id = create_client(api, &pool, &setup, &client).await?;
    setup.app_client.client_id = Some(client_id.clone());
    let base = endpoints::hosted_ui_base(&setup.region, &endpoints::Domain::Prefix(prefix.clone()));
    let mut made = made_lines(
        &pool, &pool_name, &observed, &setup, &client_id, &base, &people, from,
    );
    made.push(assigned.said);
    if !others.is_empty() {
        made.push(format!(
            "not rehearsed: the setup's further federations ({}); a rehearsal rebuilds the first (`rehearse --tenants N` rehearses many customers)",
            others.join(", ")
        ));
    }
    if !left_out.is_empty() {
        made.push(format!(
            "not rehearsed: the client's other identity providers ({}), which only the customer's pool has",
            left_out.join(", ")
        ));
    }
    if frozen.is_some() {
        made.push(format!(
            "rehearsed as the customer stands: their IdP signs with a certificate their metadata file does not hold (the export saw {}); the local app signs with a new key, and provider {} holds the file",
            // From the export, so only what a fingerprint is made of is repeated.
            observed
                .idp_signing_certificates
                .iter()
                .filter(|f| f.chars().all(|c| c.is_ascii_hexdigit() || c == ':'))
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            setup.provider.name
        ));
        setup.provider.metadata_url = None;
    }
    Ok(Seeded {
        made,
        setup,
        metadata_file: frozen,
    })
}

/// Whether the export saw the IdP publish signing certificates, none of which the customer's
/// metadata file holds.
fn missed_rotation(xml: &str, observed: &crate::setup::observed::Observed) -> bool {
    if observed.idp_signing_certificates.is_empty() {
        return false;
    }
    let file = crate::saml::inspect(xml.as_bytes(), None, None, time::OffsetDateTime::now_utc());
    !file
        .certificates
        .iter()
        .filter(|c| c.can_sign())
        .any(|c| observed.idp_signing_certificates.contains(&c.sha256))
}

/// The local app's metadata as it serves it now (what the customer's file stands for).
async fn read_served(url: &str) -> Result<String, String> {
    let answer = reqwest::Client::new()
        .get(url)
        .send()
        .await
        .map_err(|e| format!("cannot read the local app's metadata {url}: {e}"))?;
    let bytes = crate::http_body::read_capped(answer, MAX_CUSTOMER_METADATA as usize)
        .await
        .map_err(|e| format!("cannot read the local app's metadata {url}: {e:?}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

async fn create_client(
    api: &Client,
    pool: &str,
    setup: &Setup,
    c: &ObservedClient,
) -> Result<String, String> {
    let non_empty = |v: &Vec<String>| Some(v.clone()).filter(|v| !v.is_empty());
    let (callback_urls, logout_urls) = setup.exported_client_urls();
    let out = api
        .create_user_pool_client()
        .user_pool_id(pool)
        .client_name(&setup.app_client.name)
        .generate_secret(c.has_secret)
        .set_supported_identity_providers(non_empty(&c.identity_providers))
        .set_callback_urls(non_empty(&callback_urls))
        .set_logout_urls(non_empty(&logout_urls))
        .set_allowed_o_auth_scopes(non_empty(&setup.app_client.scopes))
        .set_allowed_o_auth_flows(
            non_empty(&c.oauth_flows)
                .map(|f| f.iter().map(|x| OAuthFlowType::from(x.as_str())).collect()),
        )
        .allowed_o_auth_flows_user_pool_client(c.oauth_flows_enabled)
        .set_read_attributes(c.read_attributes.clone())
        .set_write_attributes(c.write_attributes.clone())
        .send()
        .await
        .map_err(|e| refused("CreateUserPoolClient", e))?;
    out.user_pool_client()
        .and_then(|c| c.client_id())
        .map(String::from)
        .ok_or_else(|| "the local Cognito made a client without an id".to_string())
}

/// The Okta app, made by `okta-app`'s own flow against the local org.
pub(super) async fn okta_app(
    okta: &OktaOrg,
    setup: &Setup,
) -> Result<crate::idp::okta::Outcome, String> {
    use crate::idp::okta::credentials::{Credentials, OktaEnv};
    let env = OktaEnv {
        org_url: Some(okta.org_url()),
        api_token: Some(okta.api_token()),
        ..OktaEnv::default()
    };
    let creds = Credentials::resolve(None, None, &env)
        .map_err(|f| f.first().map(|f| f.message.clone()).unwrap_or_default())?;
    // The assignment the setup holds (made in the local org by `local_assignment`).
    let who = crate::idp::okta::Assign {
        groups: setup
            .okta
            .as_ref()
            .map(|o| o.assign_groups.clone())
            .unwrap_or_default(),
        people: setup
            .okta
            .as_ref()
            .map(|o| o.assign_users.clone())
            .unwrap_or_default(),
    };
    let api = crate::flows::okta_app::api_for(creds, &who).map_err(|f| f.message)?;
    let outcome = crate::flows::okta_app::ensure(None, &api, setup, &who).await;
    if outcome.failed() {
        let why: Vec<String> = outcome.findings.iter().map(|f| f.message.clone()).collect();
        return Err(format!(
            "the local Okta org refused the app: {}",
            why.join("; ")
        ));
    }
    Ok(outcome)
}

#[allow(clippy::too_many_arguments)]
fn made_lines(
    pool: &str,
    pool_name: &str,
    observed: &Observed,
    setup: &Setup,
    client_id: &str,
    base: &str,
    people: &[String],
    from: &Setup,
) -> Vec<String> {
    let fixed: Vec<String> = observed
        .schema
        .iter()
        .filter(|a| !a.mutable)
        .map(|a| format!("{} (immutable)", a.name))
        .collect();
    let enabled = observed
        .client
        .as_ref()
        .map(|c| {
            c.identity_providers
                .iter()
                .filter(|p| *p == "COGNITO" || **p == setup.provider.name)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| setup.provider.name.clone());
    vec![
        format!(
            "Cognito: user pool {pool_name} ({pool}), as the customer's {}{}",
            from.user_pool_id,
            if fixed.is_empty() {
                String::new()
            } else {
                format!("; {}", fixed.join(", "))
            }
        ),
        format!(
            "Cognito: domain {base}, provider {} (metadata from the local Okta app)",
            setup.provider.name
        ),
        format!(
            "Cognito: app client {} ({client_id}), identity providers: {}",
            setup.app_client.name,
            if enabled.is_empty() {
                "none".to_string()
            } else {
                enabled
            }
        ),
        format!(
            "Okta: the SAML app; people {} in the group Cognito users",
            people.join(", ")
        ),
    ]
}

/// Who the local app is assigned to: what the setup assigns, kept as it is (the people and
/// groups it names are made in the local org, the rehearsal's people in each group), or —
/// for an export, which holds no Okta section — the rehearsal's own group.
struct Assignment {
    groups: Vec<String>,
    users: Vec<String>,
    said: String,
}

fn local_assignment(okta: &OktaOrg, from: Option<&OktaSetup>) -> Assignment {
    let (groups, users) = from
        .map(|o| (o.assign_groups.clone(), o.assign_users.clone()))
        .unwrap_or_default();
    if groups.is_empty() && users.is_empty() {
        return Assignment {
            groups: vec![LAB_GROUP.into()],
            users: vec![],
            said: format!(
                "Okta: the app is assigned to the group {LAB_GROUP} (the setup assigns nobody)"
            ),
        };
    }
    for g in groups.iter().filter(|g| okta.group_id(g).is_none()) {
        let id = okta.add_group(g, "Made by the rehearsal: the setup assigns it");
        for (login, ..) in PEOPLE {
            if let Some(user) = okta.user_id(login) {
                okta.add_member(&id, &user);
            }
        }
    }
    for login in users.iter().filter(|l| okta.user_id(l).is_none()) {
        let name = login.split('@').next().unwrap_or(login);
        okta.add_user(login, name, "(rehearsal)");
    }
    let mut parts = vec![];
    if !groups.is_empty() {
        parts.push(format!("groups {}", groups.join(", ")));
    }
    if !users.is_empty() {
        parts.push(format!(
            "people {} (made here with those logins)",
            users.join(", ")
        ));
    }
    Assignment {
        said: format!(
            "Okta: the app is assigned as the setup says: {}",
            parts.join("; ")
        ),
        groups,
        users,
    }
}

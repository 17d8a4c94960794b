//! The plan: a pure function of the setup, the pool as read, and the metadata check. It is
//! where correctness lives, so everything here is testable without a server.

use super::client_settings::{self, ClientSettings};
use super::provider_details;
use super::state::{PoolState, ProviderState, State};
use crate::endpoints::{Domain, hosted_ui_base};
use crate::finding::{Finding, has_errors};
use crate::saml::Report;
use crate::setup::Setup;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDiff {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Action {
    CreateClient {
        name: String,
    },
    CreateDomain {
        domain: String,
        custom: bool,
        certificate_arn: Option<String>,
        managed_login_version: Option<i32>,
    },
    CreateProvider {
        name: String,
        details: BTreeMap<String, String>,
        attribute_mapping: BTreeMap<String, String>,
        identifiers: Vec<String>,
    },
    UpdateProvider {
        name: String,
        details: BTreeMap<String, String>,
        attribute_mapping: BTreeMap<String, String>,
        identifiers: Vec<String>,
    },
    UpdateClient,
    CreateBranding,
    /// A provider the setup lists in `removed_providers`: deleted after the client update
    /// that stops listing it.
    DeleteProvider {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub action: Action,
    pub description: String,
    pub diffs: Vec<FieldDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub findings: Vec<Finding>,
    /// The metadata URL could not be checked from here: the provider is written first and
    /// alone, so a refusal by Cognito (which fetches the URL itself) writes nothing else.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub provider_first: bool,
}

impl Plan {
    /// An error-level finding blocks the whole plan: nothing is applied.
    pub fn blocked(&self) -> bool {
        has_errors(&self.findings)
    }
}

/// What the plan knows beyond Setup and State: the metadata check, when the source was
/// reachable, and the metadata file's content for setups that use one.
#[derive(Debug, Clone, Default)]
pub struct MetadataInput {
    pub report: Option<Report>,
    pub fetch_problem: Option<Finding>,
    pub file_content: Option<String>,
    /// The same for each further federation (`setup.more_federations`, in order).
    pub others: Vec<MetadataInput>,
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "(none)".to_string()
    } else {
        v.join(", ")
    }
}

fn opt_list(v: &Option<Vec<String>>) -> String {
    match v {
        None => "(all, unset)".to_string(),
        Some(v) => list(v),
    }
}

fn diff(out: &mut Vec<FieldDiff>, field: &str, before: String, after: String) {
    if before != after {
        out.push(FieldDiff {
            field: field.to_string(),
            before,
            after,
        });
    }
}

fn client_diffs(before: &ClientSettings, after: &ClientSettings) -> Vec<FieldDiff> {
    let mut d = vec![];
    diff(
        &mut d,
        "SupportedIdentityProviders",
        list(&before.supported_identity_providers),
        list(&after.supported_identity_providers),
    );
    diff(
        &mut d,
        "AllowedOAuthFlows",
        list(&before.allowed_o_auth_flows),
        list(&after.allowed_o_auth_flows),
    );
    diff(
        &mut d,
        "AllowedOAuthFlowsUserPoolClient",
        before.allowed_o_auth_flows_user_pool_client.to_string(),
        after.allowed_o_auth_flows_user_pool_client.to_string(),
    );
    diff(
        &mut d,
        "AllowedOAuthScopes",
        list(&before.allowed_o_auth_scopes),
        list(&after.allowed_o_auth_scopes),
    );
    diff(
        &mut d,
        "CallbackURLs",
        list(&before.callback_urls),
        list(&after.callback_urls),
    );
    diff(
        &mut d,
        "LogoutURLs",
        list(&before.logout_urls),
        list(&after.logout_urls),
    );
    diff(
        &mut d,
        "ReadAttributes",
        opt_list(&before.read_attributes),
        opt_list(&after.read_attributes),
    );
    diff(
        &mut d,
        "WriteAttributes",
        opt_list(&before.write_attributes),
        opt_list(&after.write_attributes),
    );
    d
}

fn map_diffs(
    out: &mut Vec<FieldDiff>,
    prefix: &str,
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) {
    for (k, v) in after {
        // The values are compared, not how they are shown: two documents of one size differ
        // when a rotated certificate replaced another.
        if before.get(k) == Some(v) {
            continue;
        }
        out.push(FieldDiff {
            field: format!("{prefix}{k}"),
            before: before
                .get(k)
                .map(|b| shown_detail(k, b))
                .unwrap_or_else(|| "(none)".into()),
            after: shown_detail(k, v),
        });
    }
}

/// A provider detail as a plan line shows it: a whole metadata document is its size and the
/// start of its SHA-256, not two thousand characters of XML.
fn shown_detail(key: &str, value: &str) -> String {
    if key == "MetadataFile" {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(value.as_bytes());
        let short: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        format!("({} characters of XML, SHA-256 {short}…)", value.len())
    } else {
        value.to_string()
    }
}

/// The mapping against the pool's schema: missing or immutable attributes block, required
/// ones left unmapped warn. The wizard runs this as the mapping is typed.
pub fn schema_findings(setup: &Setup, pool: &PoolState) -> Vec<Finding> {
    schema_findings_beside(setup, pool, &|_| false)
}

/// The same, where `already_live(attr)` says the live provider maps `attr` as the setup does:
/// an immutable one then warns (nothing new is broken) instead of blocking.
fn schema_findings_beside(
    setup: &Setup,
    pool: &PoolState,
    already_live: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    let mut out = vec![];
    for pool_attr in setup.provider.attribute_mapping.keys() {
        match pool.attribute(pool_attr) {
            None if pool_attr != "username" && pool_attr != "sub" => out.push(Finding::error(
                crate::finding::codes::MAPPED_ATTRIBUTE_NOT_IN_SCHEMA,
                format!(
                    "provider.attribute_mapping.{pool_attr}: user pool {} has no attribute {pool_attr}",
                    pool.id
                ),
                if pool_attr.starts_with("custom:") {
                    "Add the custom attribute to the pool (Cognito console → Sign-up → Custom attributes, mutable), or remove the mapping."
                } else {
                    "Map to an attribute the pool has, or remove the mapping."
                },
            )),
            Some(a) if !a.mutable => {
                let message = format!(
                    "provider.attribute_mapping.{pool_attr}: {pool_attr} is immutable in user pool {}, so the second sign-in fails with \"Attribute cannot be updated\"",
                    pool.id
                );
                let fix = "Remove this mapping, or use a pool where the attribute is mutable (mutability cannot be changed after a pool is created).";
                let code = crate::finding::codes::MAPPED_ATTRIBUTE_IMMUTABLE;
                out.push(if already_live(pool_attr) {
                    Finding::warning(code, format!("{message} (already so in the live provider: this plan leaves it)"), fix)
                } else {
                    Finding::error(code, message, fix)
                });
            }
            _ => {}
        }
    }
    for a in &pool.schema {
        if a.required && a.name != "sub" && !setup.provider.attribute_mapping.contains_key(&a.name)
        {
            out.push(Finding::warning(
                crate::finding::codes::REQUIRED_ATTRIBUTE_UNMAPPED,
                format!("{} is required in user pool {} but not mapped from Okta", a.name, pool.id),
                format!(
                    "Add {0} = \"<SAML attribute>\" under [provider.attribute_mapping] and an Okta attribute statement with that Name, or federated sign-in fails with \"{0}: The attribute is required\".",
                    a.name
                ),
            ));
        }
    }
    out
}

fn domain_change(setup: &Setup, state: &State, out: &mut Vec<Finding>) -> Option<Change> {
    let pool_id = &state.pool.id;
    let (wanted, custom) = match (&setup.domain.prefix, &setup.domain.custom) {
        (Some(p), _) => (p.clone(), false),
        (None, Some(c)) => (c.clone(), true),
        (None, None) => return None,
    };
    let current = if custom {
        &state.pool.custom_domain
    } else {
        &state.pool.domain
    };
    if current.as_deref() == Some(wanted.as_str()) {
        return None;
    }
    if let Some(other) = current {
        out.push(Finding::error(
            crate::finding::codes::POOL_HAS_OTHER_DOMAIN,
            format!(
                "user pool {pool_id} already has the {} domain {other}, not {wanted}",
                if custom { "custom" } else { "prefix" }
            ),
            format!(
                "Set domain.{} = \"{other}\" in the setup file: a pool has one {} domain.",
                if custom { "custom" } else { "prefix" },
                if custom { "custom" } else { "prefix" }
            ),
        ));
        return None;
    }
    match state
        .wanted_domain
        .as_ref()
        .and_then(|d| d.owner_pool.as_deref())
    {
        Some(owner) if owner == pool_id => return None,
        Some(owner) => {
            out.push(Finding::error(
                crate::finding::codes::DOMAIN_PREFIX_TAKEN,
                format!("domain {wanted} already belongs to another user pool ({owner})"),
                "Prefixes are unique per region: choose another domain.prefix.",
            ));
            return None;
        }
        None => {}
    }
    if custom && setup.domain.certificate_arn.is_none() {
        out.push(Finding::error(
            crate::finding::codes::CUSTOM_DOMAIN_NEEDS_CERTIFICATE,
            format!("domain.custom = {wanted:?} does not exist yet and no domain.certificate_arn is given"),
            "Add certificate_arn = the ACM certificate (us-east-1) for the host name, or use a prefix domain.",
        ));
        return None;
    }
    let url = hosted_ui_base(
        &setup.region,
        &if custom {
            Domain::Custom(wanted.clone())
        } else {
            Domain::Prefix(wanted.clone())
        },
    );
    Some(Change {
        description: format!(
            "Create the {} domain {wanted} ({url})",
            if custom { "custom" } else { "prefix" }
        ),
        diffs: vec![FieldDiff {
            field: "Domain".into(),
            before: "(none)".into(),
            after: wanted.clone(),
        }],
        action: Action::CreateDomain {
            domain: wanted,
            custom,
            certificate_arn: setup.domain.certificate_arn.clone().filter(|_| custom),
            managed_login_version: setup.domain.managed_login_version,
        },
    })
}

fn provider_change(
    setup: &Setup,
    state: &State,
    meta: &MetadataInput,
    out: &mut Vec<Finding>,
) -> Option<Change> {
    let name = &setup.provider.name;
    let want_details = provider_details::desired(setup, meta.file_content.as_deref());
    match &state.provider {
        Some(p) if p.provider_type != "SAML" => {
            out.push(Finding::error(
                crate::finding::codes::PROVIDER_NOT_SAML,
                format!(
                    "provider {name} in user pool {} is of type {}, not SAML",
                    state.pool.id, p.provider_type
                ),
                "Choose another provider.name for the Okta SAML provider.",
            ));
            None
        }
        Some(p) => {
            let have = provider_details::normalized(&p.details);
            let mapping = provider_details::merged_mapping(&p.attribute_mapping, setup);
            let ids = provider_details::merged_identifiers(&p.identifiers, setup);
            let mut diffs = vec![];
            map_diffs(&mut diffs, "ProviderDetails.", &have, &want_details);
            for k in have.keys().filter(|k| !want_details.contains_key(*k)) {
                diff(
                    &mut diffs,
                    &format!("ProviderDetails.{k}"),
                    shown_detail(k, &have[k]),
                    "(removed)".into(),
                );
            }
            map_diffs(
                &mut diffs,
                "AttributeMapping.",
                &p.attribute_mapping,
                &mapping,
            );
            diff(
                &mut diffs,
                "IdpIdentifiers",
                list(&p.identifiers),
                list(&ids),
            );
            (!diffs.is_empty()).then(|| Change {
                description: format!("Update SAML provider {name}"),
                diffs,
                action: Action::UpdateProvider {
                    name: name.clone(),
                    details: want_details,
                    attribute_mapping: mapping,
                    identifiers: ids,
                },
            })
        }
        None => {
            let mut diffs = vec![];
            map_diffs(
                &mut diffs,
                "ProviderDetails.",
                &BTreeMap::new(),
                &want_details,
            );
            map_diffs(
                &mut diffs,
                "AttributeMapping.",
                &BTreeMap::new(),
                &setup.provider.attribute_mapping,
            );
            if !setup.provider.identifiers.is_empty() {
                diff(
                    &mut diffs,
                    "IdpIdentifiers",
                    "(none)".into(),
                    list(&setup.provider.identifiers),
                );
            }
            Some(Change {
                description: format!("Create SAML provider {name}"),
                diffs,
                action: Action::CreateProvider {
                    name: name.clone(),
                    details: want_details,
                    attribute_mapping: setup.provider.attribute_mapping.clone(),
                    identifiers: setup.provider.identifiers.clone(),
                },
            })
        }
    }
}

/// Turning on encrypted responses stops every sign-in until Okta encrypts with the key
/// Cognito makes for the provider (AWS: the connection "doesn't work until your IdP starts
/// encrypting all SAML assertions with the provided key"), so the plan says so first.
fn encryption_window(setup: &Setup, state: &State) -> Option<Finding> {
    let on = |p: &crate::cognito::state::ProviderState| {
        p.details
            .get("EncryptedResponses")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    };
    if !setup.provider.encrypted_responses || state.provider.as_ref().is_some_and(on) {
        return None;
    }
    Some(Finding::warning(
        crate::finding::codes::ENCRYPTED_RESPONSES_WINDOW,
        format!(
            "provider.encrypted_responses turns on encryption for {}: from then on Cognito refuses every assertion Okta does not encrypt with the provider's certificate, so sign-in stops until the Okta app has it",
            setup.provider.name
        ),
        "Keep the window short: with Okta credentials set, `apply` updates the Okta app right after the provider (back to back); otherwise run `okta-cognito okta-app --config FILE` straight after apply, or upload the certificate `values --config FILE` shows in the Okta console.",
    ))
}

fn metadata_findings(meta: &MetadataInput) -> Vec<Finding> {
    let mut out = vec![];
    if let Some(problem) = &meta.fetch_problem {
        out.push(Finding::warning(
            crate::finding::codes::METADATA_NOT_CHECKED,
            format!("the metadata URL could not be reached from here: {}", problem.message),
            "Cognito fetches the metadata URL itself (a private IdP may be reachable from AWS only), so apply writes the provider first and alone: if Cognito cannot fetch it either, nothing else is written. Run `okta-cognito metadata URL` to see the details.",
        ));
    }
    if let Some(report) = &meta.report {
        out.extend(report.findings.iter().filter(|f| f.is_error()).cloned());
    }
    out
}

/// ", stop offering X" for the providers this client update drops (removed tenants').
fn stop_offering(current: &ClientSettings, want: &ClientSettings) -> String {
    let dropped: Vec<&str> = current
        .supported_identity_providers
        .iter()
        .filter(|p| !want.supported_identity_providers.contains(p))
        .map(String::as_str)
        .collect();
    if dropped.is_empty() {
        String::new()
    } else {
        format!("; stop offering {}", dropped.join(", "))
    }
}

/// A deletion for each provider in `removed_providers` that the pool still holds. A name the
/// pool no longer has needs nothing (deleted by an earlier run, or by hand).
fn removal_changes(setup: &Setup, state: &State) -> Vec<Change> {
    setup
        .removed_providers
        .iter()
        .filter(|name| state.provider_names.iter().any(|p| p == *name))
        .map(|name| Change {
            description: format!(
                "Delete provider {name} (its users keep their profiles in the pool, but can no longer sign in through it)"
            ),
            diffs: vec![FieldDiff {
                field: "ProviderName".into(),
                before: name.clone(),
                after: "(deleted)".into(),
            }],
            action: Action::DeleteProvider { name: name.clone() },
        })
        .collect()
}

/// The app client and the provider as they will be once a plan is applied: what the doctor's
/// predicted checks judge (composed with the plan by `flows::plan`, so this domain does not
/// reach up into the doctor).
pub struct After {
    pub client_id: String,
    pub client: ClientSettings,
    pub provider: Option<ProviderState>,
}

pub fn after(setup: &Setup, state: &State, plan: &Plan) -> After {
    let current = state
        .client
        .as_ref()
        .map(ClientSettings::of)
        .unwrap_or_default();
    After {
        client_id: state
            .client
            .as_ref()
            .and_then(|c| c.client_id())
            .unwrap_or("(the new client)")
            .to_string(),
        client: client_settings::desired(setup, &current, &state.pool, state.client.is_none()),
        provider: provider_after(setup, state, &plan.changes),
    }
}

/// The provider as it will be once `changes` are applied.
fn provider_after(setup: &Setup, state: &State, changes: &[Change]) -> Option<ProviderState> {
    for c in changes {
        if let Action::CreateProvider {
            details,
            attribute_mapping,
            identifiers,
            ..
        }
        | Action::UpdateProvider {
            details,
            attribute_mapping,
            identifiers,
            ..
        } = &c.action
        {
            return Some(ProviderState {
                name: setup.provider.name.clone(),
                provider_type: "SAML".into(),
                details: details.clone(),
                attribute_mapping: attribute_mapping.clone(),
                identifiers: identifiers.clone(),
            });
        }
    }
    state.provider.clone()
}

pub fn plan(setup: &Setup, state: &State, meta: &MetadataInput) -> Plan {
    let mut findings = setup.validate();
    findings.extend(metadata_findings(meta));
    // An immutable attribute the live provider already maps the same way: this plan does not
    // make it worse and apply cannot fix it, so it warns instead of blocking the fixes apply
    // can make (the doctor still reports it as the error it is).
    let live = state.provider.as_ref().map(|p| &p.attribute_mapping);
    let already_live = |attr: &str| {
        live.and_then(|l| l.get(attr))
            .is_some_and(|v| setup.provider.attribute_mapping.get(attr) == Some(v))
    };
    findings.extend(schema_findings_beside(setup, &state.pool, &already_live));
    let mut changes = vec![];

    let current = match &state.client {
        Some(c) => {
            findings.extend(client_settings::secret_warning(c));
            ClientSettings::of(c)
        }
        None => {
            changes.push(Change {
                description: format!(
                    "Create public app client {:?} (no secret; ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH)",
                    setup.app_client.name
                ),
                diffs: vec![FieldDiff {
                    field: "ClientName".into(),
                    before: "(none)".into(),
                    after: setup.app_client.name.clone(),
                }],
                action: Action::CreateClient {
                    name: setup.app_client.name.clone(),
                },
            });
            ClientSettings::default()
        }
    };
    if setup.provider.idp_init
        && current
            .supported_identity_providers
            .iter()
            .any(|p| p == "COGNITO")
    {
        findings.push(Finding::error(
            crate::finding::codes::IDP_INIT_WITH_COGNITO,
            "provider.idp_init = true, but the app client also lists COGNITO, which Cognito forbids together",
            "Set provider.idp_init = false (recommended), or remove COGNITO (the user pool directory) from the client's identity providers.",
        ));
    }
    if let Some(c) = domain_change(setup, state, &mut findings) {
        changes.push(c);
    }
    if let Some(c) = provider_change(setup, state, meta, &mut findings) {
        changes.push(c);
    }
    // Every further federation's provider, planned as the first one's is, each against its
    // own live provider and metadata.
    for (i, other) in state.other_providers.iter().enumerate() {
        let (Some(view), Some(other_meta)) = (setup.for_federation(i + 1), meta.others.get(i))
        else {
            continue;
        };
        findings.extend(metadata_findings(other_meta));
        let live = other.as_ref().map(|p| &p.attribute_mapping);
        let already_live = |attr: &str| {
            live.and_then(|l| l.get(attr))
                .is_some_and(|v| view.provider.attribute_mapping.get(attr) == Some(v))
        };
        findings.extend(schema_findings_beside(&view, &state.pool, &already_live));
        let their_state = State {
            provider: other.clone(),
            ..state.clone()
        };
        if let Some(c) = provider_change(&view, &their_state, other_meta, &mut findings) {
            changes.push(c);
        }
    }
    let removals = removal_changes(setup, state);
    findings.extend(encryption_window(setup, state));
    let want = client_settings::desired(setup, &current, &state.pool, state.client.is_none());
    let diffs = client_diffs(&current, &want);
    if !diffs.is_empty() {
        changes.push(Change {
            description: format!(
                "Update app client {} (enable {}{}, code grant, scopes, URLs, attributes{}; everything else kept)",
                state
                    .client
                    .as_ref()
                    .and_then(|c| c.client_id())
                    .unwrap_or(setup.app_client.name.as_str()),
                setup
                    .federations()
                    .iter()
                    .map(|f| f.provider.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                // Named only when this update turns Cognito's own sign-in on.
                if want.supported_identity_providers.iter().any(|p| p == "COGNITO")
                    && !current.supported_identity_providers.iter().any(|p| p == "COGNITO")
                {
                    " and COGNITO"
                } else {
                    ""
                },
                stop_offering(&current, &want)
            ),
            diffs,
            action: Action::UpdateClient,
        });
    }
    changes.extend(removals);
    if state.has_branding == Some(false) {
        changes.push(Change {
            description: "Create the default managed login branding for the client, so its sign-in pages exist".into(),
            diffs: vec![],
            action: Action::CreateBranding,
        });
    }
    findings.extend(super::model_limits::client(&want));
    if state.client.is_none() {
        findings.extend(super::model_limits::client_name(&setup.app_client.name));
    }
    for c in &changes {
        if let Action::CreateProvider {
            details,
            attribute_mapping,
            ..
        }
        | Action::UpdateProvider {
            details,
            attribute_mapping,
            ..
        } = &c.action
        {
            findings.extend(super::model_limits::provider_details(details));
            findings.extend(super::model_limits::attribute_mapping(attribute_mapping));
        }
    }
    findings.extend(super::feature_plan::findings(&state.pool, &changes));
    crate::finding::sort_by_severity(&mut findings);
    Plan {
        changes,
        findings,
        provider_first: meta.fetch_problem.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn a_metadata_file_of_the_same_size_with_another_certificate_is_a_change() {
        let doc = |cert: &str| {
            BTreeMap::from([(
                "MetadataFile".to_string(),
                format!(
                    "<EntityDescriptor><X509Certificate>{cert}</X509Certificate></EntityDescriptor>"
                ),
            )])
        };
        let mut out = Vec::new();
        super::map_diffs(&mut out, "ProviderDetails.", &doc("AAAA"), &doc("BBBB"));
        assert_eq!(out.len(), 1, "{out:?}");
        assert_ne!(
            out[0].before, out[0].after,
            "the two are told apart: {out:?}"
        );
        let mut same = Vec::new();
        super::map_diffs(&mut same, "ProviderDetails.", &doc("AAAA"), &doc("AAAA"));
        assert!(same.is_empty());
    }
}

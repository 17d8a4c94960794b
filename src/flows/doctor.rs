//! The doctor: read the federation, check it, and (with Okta credentials) read and check
//! the Okta app too. The `doctor` command and the wizard's doctor screen share it, Okta side
//! included.

use crate::doctor::{DoctorReport, Facts, OktaSide, Target};
use crate::finding::Finding;
use crate::idp::okta::api::{Api, READ_SCOPES};
use crate::idp::okta::credentials::Credentials;
use crate::setup::OktaSetup;
use aws_sdk_cognitoidentityprovider::Client;
use std::path::Path;

/// The Okta API for the doctor (read-only scopes), when credentials are configured; the
/// findings when they are configured but unusable.
pub fn okta_api(
    okta: Option<&OktaSetup>,
    setup_dir: Option<&Path>,
) -> Option<Result<Api, Vec<Finding>>> {
    Credentials::configured(okta).then(|| {
        Credentials::from_env(okta, setup_dir)
            .and_then(|c| Api::new(c, READ_SCOPES).map_err(|f| vec![f]))
    })
}

/// What the setup says about the IdP's side: which IdP, and (for Okta) its `[okta]` section
/// and the folder its key file is relative to. `Default`: Okta, nothing from a setup file.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdpSide<'a> {
    pub idp: crate::setup::IdpKind,
    pub okta: Option<&'a OktaSetup>,
    pub setup_dir: Option<&'a Path>,
}

impl<'a> IdpSide<'a> {
    pub fn of(setup: &'a crate::setup::Setup) -> IdpSide<'a> {
        IdpSide {
            idp: setup.provider.idp,
            okta: setup.okta.as_ref(),
            setup_dir: setup.source_dir.as_deref(),
        }
    }
}

/// Reads and checks everything; the facts too, for a face that plans fixes from them.
pub async fn run(
    api: &Client,
    target: &Target,
    side: IdpSide<'_>,
) -> Result<(Facts, DoctorReport), Vec<Finding>> {
    let okta = side.okta;
    // Only an Okta IdP has an API to read; another IdP's app is checked by hand.
    let okta_api = match side.idp {
        crate::setup::IdpKind::Okta => okta_api(okta, side.setup_dir),
        _ => None,
    };
    let mut facts = crate::doctor::gather(api, target)
        .await
        .inspect_err(|f| crate::finding::log("doctor", f))?;
    if let Some(Ok(o)) = &okta_api {
        let side = OktaSide {
            api: o,
            app_id: okta.and_then(|o| o.app_id.clone()),
        };
        facts.okta = crate::doctor::gather_okta(&side, &facts).await;
        crate::doctor::read_okta_metadata_for_file_provider(&mut facts).await;
        let signs = facts.provider.as_ref().is_some_and(|p| {
            p.details
                .get("IDPSignout")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
                || p.details.contains_key("RequestSigningAlgorithm")
        });
        if signs && matches!(facts.okta, Some(Ok(_))) {
            // A certificate that cannot be read is only a check the doctor does not make.
            facts.signing_certificate =
                crate::cognito::certificates::read_signing(api, &target.pool_id)
                    .await
                    .ok();
        }
    }
    let mut findings = crate::doctor::checks(&facts);
    if let Some(Err(problems)) = &okta_api {
        findings.extend(problems.iter().map(crate::idp::okta::doctor::skipped));
    }
    crate::finding::log("doctor", &findings);
    let mut report = crate::doctor::report(target, &facts, findings);
    if let Some(Err(problems)) = &okta_api {
        report.identity_provider_side = crate::doctor::IdpSideChecked::not_usable(problems);
    }
    if !side.idp.is_okta() {
        report.identity_provider_side =
            crate::doctor::IdpSideChecked::by_hand(crate::idp::preset(side.idp).name());
    }
    Ok((facts, report))
}

/// The report alone, for a face that prints it: when the federation cannot be read at all,
/// the report carries why (the target and those findings).
pub async fn report(api: &Client, target: &Target, side: IdpSide<'_>) -> DoctorReport {
    match run(api, target, side).await {
        Ok((_, report)) => report,
        Err(findings) => crate::doctor::report(target, &Facts::default(), findings),
    }
}

/// The client a doctor without `--client-id` checks: the one that signs in through `provider`
/// (any IdP when none is named), found as `export` finds it.
pub async fn federated_client(
    api: &Client,
    pool_id: &str,
    provider: Option<&str>,
) -> Result<String, Vec<Finding>> {
    crate::cognito::export::the_federated_client(api, pool_id, provider).await
}

/// `doctor --all`: every tenant's provider read and checked in one run. The pool is read
/// once (paced to Cognito's quotas), each tenant's metadata fetched concurrently.
pub async fn all(
    api: &Client,
    setup: &crate::setup::Setup,
) -> Result<crate::doctor::tenants::AllReport, Vec<Finding>> {
    use crate::doctor::tenants::{PoolFacts, TenantFacts, check};
    let state = crate::cognito::state::read(api, setup)
        .await
        .inspect_err(|f| crate::finding::log("doctor --all", f))?;
    let views: Vec<crate::setup::Setup> = (0..setup.federations().len())
        .filter_map(|i| setup.for_federation(i))
        .collect();
    let metadata =
        futures_util::future::join_all(views.iter().map(crate::cognito::preflight::check_metadata))
            .await;
    let live = std::iter::once(&state.provider).chain(state.other_providers.iter());
    let now = time::OffsetDateTime::now_utc();
    let tenants: Vec<TenantFacts> = setup
        .federations()
        .iter()
        .zip(live)
        .zip(metadata)
        .map(|((f, provider), meta)| {
            let from_file = f.provider.metadata_url.is_none();
            // A file provider signs users in with the file Cognito holds, not the one here.
            let held = provider
                .as_ref()
                .and_then(|p| p.details.get("MetadataFile"))
                .map(|xml| crate::saml::metadata::inspect(xml.as_bytes(), None, None, now));
            let (metadata, local_file) = if from_file {
                let file = f
                    .provider
                    .metadata_file
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                (held, meta.report.map(|r| (file, r)))
            } else {
                (meta.report, None)
            };
            // A rehearsal's IdPs sign in on this machine over http, as they must: said once
            // per tenant, that is noise in the one table of every tenant.
            let metadata = metadata.map(|mut r| {
                if setup.rehearsal {
                    r.findings
                        .retain(|f| f.code != crate::finding::codes::SSO_LOCATION_LOOPBACK_HTTP);
                }
                r
            });
            TenantFacts {
                name: f.name.to_string(),
                idp: f.provider.idp,
                provider_name: f.provider.name.clone(),
                domains: f.provider.identifiers.clone(),
                provider: provider.clone(),
                metadata,
                metadata_unreachable: meta.fetch_problem,
                local_file,
            }
        })
        .collect();
    let pool = PoolFacts {
        pool_id: setup.user_pool_id.clone(),
        client_id: state
            .client
            .as_ref()
            .and_then(|c| c.client_id())
            .unwrap_or("(none)")
            .to_string(),
        client_providers: state
            .client
            .as_ref()
            .map(|c| c.supported_identity_providers().to_vec()),
        provider_names: state.provider_names.clone(),
    };
    let mut report = check(&tenants, &pool);
    if state.client.is_none() {
        report.findings.push(Finding::error(
            crate::finding::codes::DOCTOR_NEEDS_CLIENT_ID,
            format!(
                "user pool {} has no app client named {:?}, so no tenant can sign in",
                setup.user_pool_id, setup.app_client.name
            ),
            "Run `okta-cognito apply --config FILE` to create it, or set app_client.client_id to the client the tenants use.",
        ));
    }
    for t in &report.tenants {
        crate::finding::log(&format!("doctor --all: {}", t.name), &t.findings);
    }
    Ok(report)
}

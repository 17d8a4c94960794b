//! Tenants: each enterprise customer's own IdP, federated into the same pool and client as a
//! `[[federation]]` of the setup. Adding one writes nothing to AWS; `plan` and `apply` do.

use crate::finding::Finding;
use crate::setup::{Federation, IdpKind, ProviderSetup, Setup};
use std::path::PathBuf;

/// A customer to add.
#[derive(Debug, Clone)]
pub struct NewTenant {
    pub name: String,
    pub idp: IdpKind,
    /// Its e-mail domains: the provider's identifiers, so the hosted UI routes by address.
    pub domains: Vec<String>,
    pub metadata_url: Option<String>,
    pub metadata_file: Option<PathBuf>,
}

/// The provider name a tenant's name makes: Cognito's rules (no spaces, no `_` at either end,
/// at most 32 characters) applied, so "Acme Corp" becomes "Acme-Corp".
pub fn provider_name_for(name: &str) -> String {
    let joined: String = name
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    joined
        .trim_matches('_')
        .chars()
        .take(32)
        .collect::<String>()
}

/// The attribute the IdP sends the e-mail address in, as its console names it by default.
fn email_attribute(idp: IdpKind) -> &'static str {
    match idp {
        IdpKind::Okta => "Email Id",
        IdpKind::Entra => "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        IdpKind::Google | IdpKind::Saml => "email",
    }
}

/// The setup with `t` added, or every reason it cannot be: each names the field, the value
/// and the fix (a domain another tenant has, a consumer mail domain, more than 50 domains, a
/// provider name Cognito refuses or another tenant has, the pool's provider quota).
pub fn add(setup: &Setup, t: NewTenant) -> Result<Setup, Vec<Finding>> {
    if setup
        .federations()
        .iter()
        .any(|f| f.name.eq_ignore_ascii_case(t.name.trim()))
    {
        return Err(vec![Finding::error(
            crate::finding::codes::FEDERATION_PROVIDER_TAKEN,
            format!("a tenant named {:?} is already in the setup", t.name.trim()),
            "Choose another name, or `okta-cognito tenant list` to see the tenants.",
        )]);
    }
    let provider = ProviderSetup {
        name: provider_name_for(&t.name),
        idp: t.idp,
        metadata_url: t.metadata_url,
        metadata_file: t.metadata_file,
        identifiers: t.domains.iter().map(|d| d.trim().to_lowercase()).collect(),
        attribute_mapping: [("email".to_string(), email_attribute(t.idp).to_string())].into(),
        ..ProviderSetup::default()
    };
    // A metadata file is the customer's document beside the setup file: it must be there.
    if let Some(file) = &provider.metadata_file {
        let at = setup.source_dir.clone().unwrap_or_default().join(file);
        if !at.is_file() {
            return Err(vec![Finding::error(
                crate::finding::codes::METADATA_FILE_UNREADABLE,
                format!(
                    "--metadata-file {}: there is no such file beside the setup file ({})",
                    file.display(),
                    at.display()
                ),
                "Save the metadata XML the customer sent next to the setup file and name it by its file name.",
            )]);
        }
    }
    let mut next = setup.clone();
    next.more_federations.push(Federation {
        name: Some(t.name.trim().to_string()),
        provider,
        okta: None,
    });
    // Only what this tenant brings blocks it; the rest of the file is the plan's business.
    let before: Vec<Finding> = setup.validate();
    let errors: Vec<Finding> = next
        .validate()
        .into_iter()
        .filter(|f| !before.contains(f))
        .filter(|f| f.is_error() || f.code == crate::finding::codes::PROVIDER_QUOTA)
        .collect();
    if errors.iter().any(Finding::is_error) {
        return Err(errors);
    }
    Ok(next)
}

/// The index of tenant `name` (its tenant or provider name) among the setup's federations,
/// or the refusal that names the tenants there are.
fn index_of(setup: &Setup, name: &str) -> Result<usize, Finding> {
    let feds = setup.federations();
    feds.iter()
        .position(|f| {
            f.name.eq_ignore_ascii_case(name.trim())
                || f.provider.name.eq_ignore_ascii_case(name.trim())
        })
        .ok_or_else(|| {
            Finding::error(
                crate::finding::codes::TENANT_NOT_FOUND,
                format!("tenant {name:?} is not in the setup file"),
                format!(
                    "Use one of: {}",
                    feds.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                ),
            )
        })
}

/// Tenant `index`'s kit without Cognito's certificate (nothing is read): what a screen shows
/// of the tenant, in its IdP's console labels. None before the setup names a domain.
pub fn kit_preview(setup: &Setup, index: usize) -> Option<crate::idp::kit::Kit> {
    let tenant = setup.federations().get(index)?.name.to_string();
    let view = setup.for_federation(index)?;
    crate::idp::kit::build(&tenant, &view, None)
}

/// The hand-off kit for tenant `name`, built from that tenant's view of the setup alone.
/// Cognito's signing certificate is read (from `api`) only when the provider signs its
/// requests or logouts; when it cannot be read, the kit says it follows separately and the
/// finding says why.
pub async fn kit(
    api: &aws_sdk_cognitoidentityprovider::Client,
    setup: &Setup,
    name: &str,
) -> Result<(crate::idp::kit::Kit, Vec<Finding>), Finding> {
    let index = index_of(setup, name)?;
    let tenant = setup.federations()[index].name.to_string();
    let view = setup
        .for_federation(index)
        .expect("an index of federations()");
    let mut findings = vec![];
    let certificate = if crate::idp::kit::needs_signing_certificate(&view) {
        match crate::cognito::certificates::read_signing(api, &view.user_pool_id).await {
            Ok(c) => Some(Ok(c)),
            Err(f) => {
                let why = format!("it could not be read: {}", f.message);
                findings.push(Finding::warning(
                    crate::finding::codes::KIT_CERTIFICATE_MISSING,
                    format!("the kit for {tenant} has no signing certificate: {}", f.message),
                    format!(
                        "Send it separately: aws cognito-idp get-signing-certificate --user-pool-id {}",
                        view.user_pool_id
                    ),
                ));
                Some(Err(why))
            }
        }
    } else {
        None
    };
    let kit = crate::idp::kit::build(&tenant, &view, certificate).ok_or_else(|| {
        Finding::error(
            crate::finding::codes::KIT_NEEDS_DOMAIN,
            format!(
                "the setup names no domain for user pool {}, so there is no Reply URL to hand over",
                view.user_pool_id
            ),
            "Set domain.prefix (or domain.custom) in the setup file, and apply it first.",
        )
    })?;
    Ok((kit, findings))
}

/// The setup as one tenant's sign-in sees it: the tenant named, else the one whose domains
/// hold `email`'s domain, else the first federation. A tenant that is not in the setup is
/// refused, naming the tenants there are.
pub fn view_for(
    setup: &Setup,
    tenant: Option<&str>,
    email: Option<&str>,
) -> Result<Setup, Finding> {
    let feds = setup.federations();
    let index = match (tenant, email) {
        (Some(name), _) => feds
            .iter()
            .position(|f| {
                f.name.eq_ignore_ascii_case(name) || f.provider.name.eq_ignore_ascii_case(name)
            })
            .ok_or_else(|| {
                Finding::error(
                    crate::finding::codes::TENANT_NOT_FOUND,
                    format!("--tenant {name:?} is not in the setup file"),
                    format!(
                        "Use one of: {}",
                        feds.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    ),
                )
            })?,
        (None, Some(address)) => {
            let domain = address
                .rsplit_once('@')
                .map(|(_, d)| d.trim())
                .unwrap_or("");
            feds.iter()
                .position(|f| {
                    f.provider
                        .identifiers
                        .iter()
                        .any(|i| i.eq_ignore_ascii_case(domain))
                })
                .unwrap_or(0)
        }
        (None, None) => 0,
    };
    Ok(setup
        .for_federation(index)
        .expect("an index of federations()"))
}

/// The setup without tenant `name` (its tenant or provider name), its provider recorded in
/// `removed_providers` so the next `plan` shows the deletion and `apply` does it. The last
/// federation is refused: a setup with none would have nothing to apply. When the first
/// federation goes, the next one takes its place as `[provider]`.
pub fn remove(setup: &Setup, name: &str) -> Result<Setup, Finding> {
    let index = index_of(setup, name)?;
    if setup.federations().len() == 1 {
        return Err(Finding::error(
            crate::finding::codes::LAST_TENANT,
            format!(
                "tenant {name:?} is the setup's only federation: without it the file has nothing to apply"
            ),
            format!(
                "Add the next customer first (`okta-cognito tenant add`), or delete the provider by hand: aws cognito-idp delete-identity-provider --user-pool-id {} --provider-name {}",
                setup.user_pool_id, setup.provider.name
            ),
        ));
    }
    let mut next = setup.clone();
    let gone = if index == 0 {
        let promoted = next.more_federations.remove(0);
        let gone = std::mem::replace(&mut next.provider, promoted.provider);
        next.okta = promoted.okta;
        gone
    } else {
        next.more_federations.remove(index - 1).provider
    };
    if !next
        .removed_providers
        .iter()
        .any(|p| p.eq_ignore_ascii_case(&gone.name))
    {
        next.removed_providers.push(gone.name);
    }
    Ok(next)
}

/// What the pool holds of one tenant, for `tenant list --live`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LiveTenant {
    pub in_pool: bool,
    /// The domains the pool routes to the provider.
    pub identifiers: Vec<String>,
    /// Whether the app client offers the provider at sign-in.
    pub offered: bool,
}

/// The pool's side of every tenant, in the setup's order, and the pool's providers no tenant
/// names (made by hand, or a tenant removed from the file without `tenant remove`).
pub async fn live(
    api: &aws_sdk_cognitoidentityprovider::Client,
    setup: &Setup,
) -> Result<(Vec<LiveTenant>, Vec<String>), Vec<Finding>> {
    let state = crate::cognito::state::read(api, setup).await?;
    let offered: Vec<String> = state
        .client
        .as_ref()
        .map(|c| c.supported_identity_providers().to_vec())
        .unwrap_or_default();
    let tenants = std::iter::once(&state.provider)
        .chain(state.other_providers.iter())
        .zip(setup.federations())
        .map(|(p, f)| LiveTenant {
            in_pool: p.is_some(),
            identifiers: p
                .as_ref()
                .map(|p| p.identifiers.clone())
                .unwrap_or_default(),
            offered: offered.contains(&f.provider.name),
        })
        .collect();
    let named: Vec<&str> = setup
        .federations()
        .iter()
        .map(|f| f.provider.name.as_str())
        .collect();
    let unnamed = state
        .provider_names
        .iter()
        .filter(|p| !named.contains(&p.as_str()))
        .cloned()
        .collect();
    Ok((tenants, unnamed))
}

//! `doctor --all`: every tenant's provider checked in one run, as a pure function of what was
//! read, so each rule is testable without a server. One row per tenant, then the pool's own
//! findings (the provider quota).

use crate::cognito::state::ProviderState;
use crate::finding::{Finding, Severity, codes};
use crate::saml::Report;
use crate::setup::IdpKind;
use serde::Serialize;

/// A certificate that ends within this many days is worth a warning in the many-tenant view:
/// the customer's IT admin needs weeks, not days, to rotate and send new metadata.
pub const LOOK_AHEAD_DAYS: i64 = 90;

/// What was read for one tenant.
#[derive(Debug, Clone, Default)]
pub struct TenantFacts {
    pub name: String,
    pub idp: IdpKind,
    pub provider_name: String,
    /// The e-mail domains the setup gives the tenant.
    pub domains: Vec<String>,
    /// The provider as the pool holds it (None: not there).
    pub provider: Option<ProviderState>,
    /// The metadata Cognito signs users in with: the URL's document fetched now, or the file
    /// the provider holds, judged.
    pub metadata: Option<Report>,
    /// The URL could not be reached from here (it may still be from AWS).
    pub metadata_unreachable: Option<Finding>,
    /// The setup's metadata file beside it, judged, for a provider created from a file:
    /// what the customer sent last, compared with what Cognito holds.
    pub local_file: Option<(String, Report)>,
}

/// The pool's side, read once for all tenants.
#[derive(Debug, Clone, Default)]
pub struct PoolFacts {
    pub pool_id: String,
    pub client_id: String,
    /// The identity providers the app client offers (None: the client could not be read).
    pub client_providers: Option<Vec<String>>,
    pub provider_names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Ok,
    Warning,
    Error,
}

#[derive(Debug, Clone, Serialize)]
pub struct TenantRow {
    pub name: String,
    pub idp: IdpKind,
    pub provider: String,
    pub domains: Vec<String>,
    pub health: Health,
    /// When the longest-lived valid signing certificate ends (the one rotation depends on).
    pub certificate_expires: Option<String>,
    pub certificate_days_left: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AllReport {
    pub user_pool_id: String,
    pub client_id: String,
    pub providers_in_pool: usize,
    pub provider_quota: usize,
    pub tenants: Vec<TenantRow>,
    /// The pool's own findings (not one tenant's).
    pub findings: Vec<Finding>,
}

impl AllReport {
    pub fn healthy(&self) -> bool {
        !self.findings.iter().any(Finding::is_error)
            && self.tenants.iter().all(|t| t.health != Health::Error)
    }
}

/// The signing certificates' SHA-256 fingerprints, in a stable order.
fn signing_prints(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .certificates
        .iter()
        .filter(|c| c.key_use != "encryption")
        .map(|c| c.sha256.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn tenant(t: &TenantFacts, pool: &PoolFacts, earlier: &[TenantFacts]) -> TenantRow {
    let mut out: Vec<Finding> = vec![];
    let who = format!("tenant {} (provider {})", t.name, t.provider_name);
    match &t.provider {
        None => out.push(Finding::error(
            codes::PROVIDER_MISSING,
            format!("{who} is not in user pool {}", pool.pool_id),
            "Run `okta-cognito apply --config FILE`: it creates every tenant's provider.",
        )),
        Some(p) if p.provider_type != "SAML" => out.push(Finding::error(
            codes::PROVIDER_NOT_SAML,
            format!("{who} is of type {}, not SAML", p.provider_type),
            "Give the tenant another provider name in the setup file.",
        )),
        Some(p) => {
            let mut live = p.identifiers.clone();
            let mut wanted = t.domains.clone();
            live.sort();
            wanted.sort();
            if live != wanted {
                out.push(Finding::warning(
                    codes::FEDERATION_IDENTIFIERS_DIFFER,
                    format!(
                        "{who} routes {} in the pool, the setup says {}",
                        list(&live),
                        list(&wanted)
                    ),
                    "Run `okta-cognito apply --config FILE` to give the provider the setup's domains.",
                ));
            }
        }
    }
    if let Some(offered) = &pool.client_providers
        && t.provider.is_some()
        && !offered.contains(&t.provider_name)
    {
        out.push(Finding::error(
            codes::PROVIDER_NOT_ENABLED,
            format!(
                "app client {} does not offer {who}: its users cannot sign in",
                pool.client_id
            ),
            "Run `okta-cognito apply --config FILE`: the client enables every tenant's provider.",
        ));
    }
    for d in &t.domains {
        if let Some(owner) = earlier
            .iter()
            .find(|e| e.domains.iter().any(|o| o.eq_ignore_ascii_case(d)))
        {
            out.push(Finding::error(
                codes::FEDERATION_IDENTIFIER_TAKEN,
                format!("{who} has domain {d}, which tenant {} has too", owner.name),
                "A domain routes to one provider only: keep it on the tenant whose users have those addresses.",
            ));
        }
    }
    out.extend(crate::setup::tenants::consumer_domains(
        &format!("tenant {}", t.name),
        &t.domains,
    ));
    if let Some(f) = &t.metadata_unreachable {
        out.push(Finding::warning(
            f.code,
            format!("{who}: {}", f.message),
            f.fix.clone(),
        ));
    }
    let mut expires = None;
    if let Some(r) = &t.metadata {
        out.extend(r.findings.iter().map(|f| Finding {
            message: format!("{who}: {}", f.message),
            ..f.clone()
        }));
        let longest = r
            .certificates
            .iter()
            .filter(|c| c.key_use != "encryption" && c.days_left >= 0)
            .max_by_key(|c| c.days_left);
        if let Some(c) = longest {
            expires = Some((c.not_after.clone(), c.days_left));
            let said = r.findings.iter().any(|f| {
                f.code == codes::SIGNING_CERTIFICATE_EXPIRING
                    || f.code == codes::SIGNING_CERTIFICATE_EXPIRED
            });
            if c.days_left <= LOOK_AHEAD_DAYS && !said {
                out.push(Finding::warning(
                    codes::SIGNING_CERTIFICATE_EXPIRING,
                    format!(
                        "{who}: its signing certificate ({}) ends in {} days ({}), within the {LOOK_AHEAD_DAYS} days doctor --all looks ahead",
                        c.subject, c.days_left, c.not_after
                    ),
                    format!(
                        "Ask the customer's IT admin to add a new signing certificate in {} and send the new metadata (its kit: `okta-cognito tenant kit {}`).",
                        crate::idp::preset(t.idp).name(),
                        t.name
                    ),
                ));
            }
        }
    }
    if let (Some((file, local)), Some(held)) = (&t.local_file, &t.metadata)
        && t.provider.is_some()
    {
        let (mine, theirs) = (signing_prints(local), signing_prints(held));
        if !mine.is_empty() && mine != theirs {
            let none_shared = !mine.iter().any(|p| theirs.contains(p));
            let message = format!(
                "{who}: the metadata file Cognito holds has other signing certificates than {file}, the file the customer sent{}",
                if none_shared {
                    " (none in common: once the IdP signs with the new one, sign-in fails with \"Invalid SAML response\")"
                } else {
                    ""
                }
            );
            let fix = "Run `okta-cognito apply --config FILE`: it sends the file to Cognito.";
            out.push(if none_shared {
                Finding::error(codes::PROVIDER_METADATA_STALE, message, fix)
            } else {
                Finding::warning(codes::PROVIDER_METADATA_STALE, message, fix)
            });
        }
    }
    crate::finding::sort_by_severity(&mut out);
    let health = if out.iter().any(Finding::is_error) {
        Health::Error
    } else if out.iter().any(|f| f.severity == Severity::Warning) {
        Health::Warning
    } else {
        Health::Ok
    };
    TenantRow {
        name: t.name.clone(),
        idp: t.idp,
        provider: t.provider_name.clone(),
        domains: t.domains.clone(),
        health,
        certificate_expires: expires.as_ref().map(|(d, _)| d.clone()),
        certificate_days_left: expires.map(|(_, n)| n),
        findings: out,
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "no domain".into()
    } else {
        v.join(", ")
    }
}

/// Every tenant's row, and the pool's findings.
pub fn check(tenants: &[TenantFacts], pool: &PoolFacts) -> AllReport {
    let rows = tenants
        .iter()
        .enumerate()
        .map(|(i, t)| tenant(t, pool, &tenants[..i]))
        .collect();
    AllReport {
        user_pool_id: pool.pool_id.clone(),
        client_id: pool.client_id.clone(),
        providers_in_pool: pool.provider_names.len(),
        provider_quota: crate::setup::tenants::PROVIDERS_PER_POOL,
        tenants: rows,
        findings: crate::setup::tenants::quota(pool.provider_names.len()),
    }
}

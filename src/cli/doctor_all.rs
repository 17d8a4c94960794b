//! `okta-cognito doctor --all --config FILE`: every tenant in one table, then the findings;
//! exit 1 when any tenant has an error.

use super::output::{out, print_json, report_refusal};
use super::{AwsArgs, Exit};
use okta_cognito::finding::Finding;
use okta_cognito::flows::shown::{Health, TenantRow, TenantsReport as AllReport};
use okta_cognito::setup::Setup;
use std::path::Path;

/// The JSON answer: the rows without their findings, and every finding once (the pool's and
/// each tenant's, which name their tenant), so the envelope's `ok` covers all of them.
#[derive(serde::Serialize)]
struct AllJson<'a> {
    user_pool_id: &'a str,
    client_id: &'a str,
    providers_in_pool: usize,
    provider_quota: usize,
    tenants: Vec<RowJson<'a>>,
    findings: Vec<&'a Finding>,
}

#[derive(serde::Serialize)]
struct RowJson<'a> {
    #[serde(flatten)]
    row: &'a TenantRow,
    finding_codes: Vec<&'a str>,
}

/// `TenantRow` serializes its findings; the JSON lists them once, at the top.
fn without_findings(r: &TenantRow) -> TenantRow {
    TenantRow {
        findings: vec![],
        ..r.clone()
    }
}

pub async fn run(aws: &AwsArgs, path: &Path, json: bool) -> Exit {
    let setup = match Setup::load(path) {
        Ok(s) => s,
        Err(e) => {
            report_refusal(&[e.to_finding()], json);
            return Exit::Refused;
        }
    };
    let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await;
    let report = match okta_cognito::flows::doctor::all(&api, &setup).await {
        Ok(r) => r,
        Err(findings) => {
            report_refusal(&findings, json);
            return Exit::Refused;
        }
    };
    if json {
        let rows: Vec<TenantRow> = report.tenants.iter().map(without_findings).collect();
        print_json(&AllJson {
            user_pool_id: &report.user_pool_id,
            client_id: &report.client_id,
            providers_in_pool: report.providers_in_pool,
            provider_quota: report.provider_quota,
            tenants: rows
                .iter()
                .zip(&report.tenants)
                .map(|(row, full)| RowJson {
                    row,
                    finding_codes: full.findings.iter().map(|f| f.code.as_str()).collect(),
                })
                .collect(),
            findings: report
                .findings
                .iter()
                .chain(report.tenants.iter().flat_map(|t| &t.findings))
                .collect(),
        });
    } else {
        out!("{}", text(&report));
    }
    if report.healthy() {
        Exit::Ok
    } else {
        Exit::Refused
    }
}

fn health(h: Health) -> &'static str {
    match h {
        Health::Ok => "ok",
        Health::Warning => "warning",
        Health::Error => "ERROR",
    }
}

/// The table and the findings, as the terminal shows them.
pub fn text(r: &AllReport) -> String {
    let mut s = format!(
        "Tenants of user pool {} (app client {}): {} of {} identity providers in the pool\n\n",
        r.user_pool_id, r.client_id, r.providers_in_pool, r.provider_quota
    );
    let idp = |t: &TenantRow| okta_cognito::flows::shown::idp_preset(t.idp).name();
    let ends = |t: &TenantRow| match (&t.certificate_expires, t.certificate_days_left) {
        (Some(d), Some(n)) => format!("{} ({n} d)", d.get(..10).unwrap_or(d)),
        _ => "-".into(),
    };
    let width = |header: &str, cell: &dyn Fn(&TenantRow) -> String| {
        r.tenants
            .iter()
            .map(|t| cell(t).chars().count())
            .chain([header.len()])
            .max()
            .unwrap_or(0)
    };
    let name_w = width("tenant", &|t| t.name.clone());
    let idp_w = width("IdP", &|t| idp(t).to_string());
    let provider_w = width("provider", &|t| t.provider.clone());
    let ends_w = width("certificate ends", &ends);
    s.push_str(&format!(
        "{:<name_w$}  {:<idp_w$}  {:<provider_w$}  {:<7}  {:<ends_w$}  domains\n",
        "tenant", "IdP", "provider", "health", "certificate ends"
    ));
    for t in &r.tenants {
        s.push_str(&format!(
            "{:<name_w$}  {:<idp_w$}  {:<provider_w$}  {:<7}  {:<ends_w$}  {}\n",
            t.name,
            idp(t),
            t.provider,
            health(t.health),
            ends(t),
            t.domains.join(", ")
        ));
    }
    let all: Vec<Finding> = r
        .findings
        .iter()
        .chain(r.tenants.iter().flat_map(|t| &t.findings))
        .cloned()
        .collect();
    if all.is_empty() {
        s.push_str("\nEvery tenant is healthy.\n");
    } else {
        s.push('\n');
        s.push_str(&okta_cognito::finding::render_text(&all));
    }
    s
}

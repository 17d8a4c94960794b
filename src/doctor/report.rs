//! The doctor's report as text, ticket-ready markdown, or JSON. Never contains tokens or
//! secrets; `redact` masks the AWS account id.

use crate::doctor::DoctorReport;
use crate::finding::{Finding, Severity};
use std::fmt::Write as _;

/// `arn:aws:cognito-idp:us-east-1:123456789012:userpool/…` → account digits masked.
pub fn redact_account(arn: &str) -> String {
    let parts: Vec<&str> = arn.split(':').collect();
    if parts.len() >= 6 {
        let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        p[4] = "*".repeat(p[4].len().max(4));
        p.join(":")
    } else {
        arn.to_string()
    }
}

pub fn redacted(r: &DoctorReport) -> DoctorReport {
    let mut r = r.clone();
    r.pool_arn = r.pool_arn.as_deref().map(redact_account);
    r
}

fn group(findings: &[Finding], s: Severity) -> Vec<&Finding> {
    findings.iter().filter(|f| f.severity == s).collect()
}

fn verdict(r: &DoctorReport) -> String {
    let e = group(&r.findings, Severity::Error).len();
    let w = group(&r.findings, Severity::Warning).len();
    if e == 0 && w == 0 {
        "Healthy: no errors, no warnings.".to_string()
    } else {
        format!("{e} error(s), {w} warning(s).")
    }
}

/// Whether the IdP's app was checked, in the words every rendering of the report uses:
/// "Okta side: checked (…)", "SAML 2.0 IdP side: NOT checked — …".
pub fn idp_side(r: &DoctorReport) -> String {
    let side = &r.identity_provider_side;
    if side.checked {
        format!("{} side: checked ({})", side.idp, side.detail)
    } else {
        format!("{} side: NOT checked — {}", side.idp, side.detail)
    }
}

pub fn text(r: &DoctorReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "okta-cognito doctor — user pool {} ({}), client {}, provider {}",
        r.user_pool_id,
        r.region,
        r.client_id,
        r.provider.as_deref().unwrap_or("(none found)")
    );
    let _ = writeln!(out, "{}", idp_side(r));
    if let (Some(kind), Some(issuer)) = (r.issuer_type, &r.issuer_url) {
        let _ = writeln!(
            out,
            "Issuer ({}): {issuer}   feature plan: {}",
            kind.label(),
            r.feature_plan.as_deref().unwrap_or("not reported")
        );
    }
    for f in &r.findings {
        let _ = writeln!(out, "{f}");
    }
    let _ = writeln!(out, "Check in Okta (General → SAML Settings):");
    let _ = writeln!(
        out,
        "  Single sign-on URL           {}",
        r.acs_url.as_deref().unwrap_or("(no domain yet)")
    );
    let _ = writeln!(out, "  Audience URI (SP Entity ID)  {}", r.audience_uri);
    let _ = writeln!(out, "{}", verdict(r));
    out
}

pub fn markdown(r: &DoctorReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Cognito ↔ Okta federation check\n");
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Region | `{}` |", r.region);
    let _ = writeln!(out, "| User pool | `{}` |", r.user_pool_id);
    if let Some(arn) = &r.pool_arn {
        let _ = writeln!(out, "| Pool ARN | `{arn}` |");
    }
    let _ = writeln!(out, "| App client | `{}` |", r.client_id);
    let _ = writeln!(
        out,
        "| Provider | {} |",
        r.provider
            .as_deref()
            .map_or("(none found)".to_string(), |p| format!("`{p}`"))
    );
    let _ = writeln!(out, "| Identity provider | {} |", idp_side(r));
    if let (Some(kind), Some(issuer)) = (r.issuer_type, &r.issuer_url) {
        let _ = writeln!(out, "| Issuer ({}) | `{issuer}` |", kind.label());
    }
    if let Some(plan) = &r.feature_plan {
        let _ = writeln!(out, "| Feature plan | {plan} |");
    }
    let _ = writeln!(out, "| Tool | okta-cognito {} |", r.tool_version);
    let _ = writeln!(out, "| Checked at | {} |\n", r.generated_at);
    let _ = writeln!(out, "**{}**\n", verdict(r));
    for (title, s) in [
        ("Errors", Severity::Error),
        ("Warnings", Severity::Warning),
        ("Notes", Severity::Info),
    ] {
        let fs = group(&r.findings, s);
        if fs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for f in fs {
            let _ = writeln!(out, "- **`{}`** {}\n  - Fix: {}", f.code, f.message, f.fix);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "### Values to double-check in Okta\n");
    let _ = writeln!(
        out,
        "- Single sign-on URL: `{}`",
        r.acs_url.as_deref().unwrap_or("(no domain yet)")
    );
    let _ = writeln!(out, "- Audience URI (SP Entity ID): `{}`", r.audience_uri);
    out
}

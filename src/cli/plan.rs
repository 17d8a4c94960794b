//! `okta-cognito plan --config FILE`: read the pool, check the metadata, print the changes.

use super::output::{errln, out, print_findings_text, print_json};
use super::{AwsArgs, Exit};
use clap::Args;
use okta_cognito::endpoints::{IssuerKind, issuer_url};
use okta_cognito::finding::{Finding, has_errors};
use okta_cognito::flows::shown::Plan;
use okta_cognito::flows::shown::State;
use okta_cognito::setup::Setup;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Setup file (TOML) describing the federation
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: PathBuf,
    /// Print JSON: the envelope, with result {"changes": [...], "blocked": bool, …}
    #[arg(long)]
    pub json: bool,
    /// Plan the removal of the tool's test URLs from the client (the test sign-in's
    /// http://localhost:<port>/callback and the sign-out test's /signed-out), before
    /// production; `apply --remove-test-urls` does it and records it in the setup file
    #[arg(long)]
    pub remove_test_urls: bool,
}

/// Everything a plan needs, read from the setup file and AWS.
pub struct Planned {
    pub setup: Setup,
    pub api: aws_sdk_cognitoidentityprovider::Client,
    pub state: State,
    pub plan: Plan,
}

pub async fn prepare(
    aws: &AwsArgs,
    config: &std::path::Path,
    remove_test_urls: bool,
) -> Result<Planned, Vec<Finding>> {
    let mut setup = Setup::load(config).map_err(|e| vec![e.to_finding()])?;
    if remove_test_urls {
        setup.without_test_urls();
    }
    let validation = setup.validate();
    if has_errors(&validation) {
        return Err(validation);
    }
    let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await;
    let (state, plan) = okta_cognito::flows::plan::run(&api, &setup).await?;
    if let Some(id) = okta_cognito::flows::plan::client_id_to_record(&setup, &state) {
        let mut recorded = setup.clone();
        recorded.app_client.client_id = Some(id.clone());
        match recorded.save(config) {
            Ok(()) => {
                errln!(
                    "Saved app_client.client_id = \"{id}\" (the client named \"{}\") in {}",
                    setup.app_client.name,
                    config.display()
                );
                setup = recorded;
            }
            // Nothing else depends on it: the plan stands, and the next run tries again.
            Err(e) => errln!("{}", e.to_finding()),
        }
    }
    Ok(Planned {
        setup,
        api,
        state,
        plan,
    })
}

#[derive(Serialize)]
pub struct PlanJson<'a> {
    pub changes: &'a [okta_cognito::flows::shown::Change],
    pub findings: &'a [Finding],
    pub blocked: bool,
    /// The pool's issuer type and URL (what applications trust), once the pool was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_type: Option<IssuerKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_url: Option<String>,
}

pub fn plan_json<'a>(planned: &'a Planned) -> PlanJson<'a> {
    PlanJson {
        changes: &planned.plan.changes,
        findings: &planned.plan.findings,
        blocked: planned.plan.blocked(),
        issuer_type: Some(planned.state.pool.issuer),
        issuer_url: Some(planned.issuer_url()),
    }
}

impl Planned {
    pub fn issuer_url(&self) -> String {
        issuer_url(
            &self.setup.region,
            &self.setup.user_pool_id,
            self.state.pool.issuer,
        )
    }
}

pub fn render(planned: &Planned) -> String {
    let (setup, p) = (&planned.setup, &planned.plan);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Plan for user pool {} ({}), provider {}; tokens are issued by {} ({}):",
        setup.user_pool_id,
        setup.region,
        setup.provider.name,
        planned.issuer_url(),
        planned.state.pool.issuer.label()
    );
    for (i, c) in p.changes.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, c.description);
        for d in &c.diffs {
            let _ = writeln!(out, "       {}: {} → {}", d.field, d.before, d.after);
        }
    }
    if !p.findings.is_empty() {
        let _ = writeln!(out, "Findings:");
        for f in &p.findings {
            let _ = writeln!(out, "{}", f.indented(2));
        }
    }
    let errors = p.findings.iter().filter(|f| f.is_error()).count();
    if p.blocked() {
        let _ = writeln!(
            out,
            "Blocked by {errors} error{}: nothing will be applied until fixed.",
            if errors == 1 { "" } else { "s" }
        );
    } else if p.changes.is_empty() {
        let _ = writeln!(out, "No changes: the federation is complete.");
    } else {
        let _ = writeln!(
            out,
            "{} change{} to make. Nothing has been written to AWS.",
            p.changes.len(),
            if p.changes.len() == 1 { "" } else { "s" }
        );
    }
    out
}

pub async fn run(aws: &AwsArgs, args: PlanArgs) -> Exit {
    let planned = match prepare(aws, &args.config, args.remove_test_urls).await {
        Ok(p) => p,
        Err(findings) => {
            if args.json {
                print_json(&PlanJson {
                    changes: &[],
                    findings: &findings,
                    blocked: true,
                    issuer_type: None,
                    issuer_url: None,
                });
            } else {
                print_findings_text(&findings);
            }
            return Exit::Refused;
        }
    };
    if args.json {
        print_json(&plan_json(&planned));
    } else {
        out!("{}", render(&planned));
    }
    if planned.plan.blocked() {
        Exit::Refused
    } else {
        Exit::Ok
    }
}

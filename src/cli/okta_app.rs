//! `okta-cognito okta-app --config FILE [--dry-run]`: create or update the Okta SAML app
//! through the Okta API, assign groups and people, and write the app's public Metadata URL
//! into the setup file once it has been fetched without credentials, as Cognito will. What
//! changes is shown first (field, before → after); `--dry-run` stops there.

use super::Exit;
use super::output::{errln, out, print_findings_text, print_json};
use clap::Args;
use okta_cognito::finding::{Finding, has_errors};
use okta_cognito::flows::shown::Credentials;
use okta_cognito::flows::shown::MetadataReport as Report;
use okta_cognito::idp::okta::api::Api;
use okta_cognito::idp::okta::{AppPlan, Assign, Outcome, apply, assignees, plan_text};
use okta_cognito::setup::Setup;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct OktaAppArgs {
    /// Setup file (TOML); the app id and metadata URL are written back to it
    #[arg(long, short = 'c', value_name = "FILE")]
    config: PathBuf,
    /// Assign this Okta group (by name) to the app; repeatable
    #[arg(long, value_name = "NAME")]
    assign_group: Vec<String>,
    /// Assign this person (by Okta username) to the app; repeatable
    #[arg(long, value_name = "LOGIN")]
    assign_user: Vec<String>,
    /// Show what would change in the app, and write nothing (neither Okta nor the setup file)
    #[arg(long)]
    dry_run: bool,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    dry_run: bool,
    /// What was (or, with --dry-run, would be) changed, read before any write.
    plan: &'a AppPlan,
    okta: Option<&'a Outcome>,
    /// Warnings about the setup file itself (errors stop before any request).
    setup_findings: &'a [Finding],
    /// Requests sent to the Okta API (they count against its rate limits).
    requests: usize,
    setup_saved: bool,
    metadata_accepted: bool,
    metadata_findings: &'a [Finding],
}

/// Validation that matters before the Okta app exists: the metadata source is what this
/// command provides, so its absence is not a problem here.
fn blocking(setup: &Setup) -> Vec<Finding> {
    let none_yet = setup.provider.metadata_url.is_none() && setup.provider.metadata_file.is_none();
    setup
        .validate()
        .into_iter()
        .filter(|f| !(none_yet && f.code == okta_cognito::finding::codes::METADATA_SOURCE_CHOICE))
        .collect()
}

/// Cognito, for the provider options that need its certificates (only when one is on).
async fn cognito_for(
    aws: &super::AwsArgs,
    setup: &Setup,
) -> Option<aws_sdk_cognitoidentityprovider::Client> {
    if !okta_cognito::flows::okta_side::needed(setup) {
        return None;
    }
    let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
    Some(okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await)
}

pub async fn run(aws: &super::AwsArgs, args: OktaAppArgs) -> Exit {
    let mut setup = match Setup::load(&args.config) {
        Ok(s) => s,
        Err(e) => return refuse(&[e.to_finding()], args.json),
    };
    let mut validation = blocking(&setup);
    for (flag, names) in [
        ("--assign-group", &args.assign_group),
        ("--assign-user", &args.assign_user),
    ] {
        if names.iter().any(|n| n.trim().is_empty()) {
            validation.push(Finding::error(
                okta_cognito::finding::codes::OKTA_ASSIGNEE_EMPTY,
                format!("{flag} was given an empty name"),
                "Give the group's name as in Directory → Groups, or the person's Okta username.",
            ));
        }
    }
    if has_errors(&validation) {
        return refuse(&validation, args.json);
    }
    let creds = match Credentials::from_env(setup.okta.as_ref(), setup.source_dir.as_deref()) {
        Ok(c) => c,
        Err(f) => return refuse(&f, args.json),
    };
    let extra = Assign {
        groups: args.assign_group.clone(),
        people: args.assign_user.clone(),
    };
    let who = assignees(&setup, &extra);
    let api = match okta_cognito::flows::okta_app::api_for(creds, &who) {
        Ok(a) => a,
        Err(f) => return refuse(&[f], args.json),
    };
    if !args.json {
        errln!(
            "Okta org {} ({}): reading the SAML app \"{}\" …",
            api.credentials().org_host(),
            api.credentials().auth.kind(),
            okta_cognito::idp::okta::app::label(&setup)
        );
    }
    let started = std::time::Instant::now();
    let cognito = cognito_for(aws, &setup).await;
    let the_plan =
        match okta_cognito::flows::okta_app::plan(cognito.as_ref(), &api, &setup, &who).await {
            Ok(p) => p,
            Err(findings) => {
                let mut all = validation.clone();
                all.extend(findings);
                return refuse(&all, args.json);
            }
        };
    if !args.json {
        out!("{}", plan_text::render(&the_plan, args.dry_run));
    }
    if args.dry_run {
        return dry_run_end(&the_plan, &validation, &api, args.json);
    }
    let outcome = apply(&api, the_plan.clone()).await;
    let took = started.elapsed();
    // The URL is saved only once it has served metadata Cognito accepts (the one order both
    // faces follow).
    let okta_cognito::flows::okta_app::SetUp {
        outcome,
        metadata,
        unusable_url,
        ..
    } = okta_cognito::flows::okta_app::checked(outcome).await;
    let before = setup.to_toml();
    outcome.record(&mut setup, &extra);
    let setup_saved = before != setup.to_toml();
    let mut save_problem = None;
    if setup_saved && let Err(e) = setup.save(&args.config) {
        save_problem = Some(e.to_finding());
    }
    // The setup's warnings (nothing blocked) come first, then what Okta said.
    let mut problems: Vec<Finding> = validation.clone();
    problems.extend(outcome.findings.iter().cloned());
    problems.extend(save_problem);

    if args.json {
        print_json(&JsonOut {
            dry_run: false,
            plan: &the_plan,
            okta: Some(&outcome),
            setup_findings: &validation,
            requests: api.calls(),
            setup_saved,
            metadata_accepted: metadata.accepted,
            metadata_findings: &metadata.findings,
        });
    } else {
        out!(
            "{}",
            render(
                &outcome,
                &args.config,
                setup_saved,
                &metadata,
                unusable_url.as_deref()
            )
        );
        errln!(
            "{} Okta API requests in {} ms",
            api.calls(),
            took.as_millis()
        );
        print_findings_text(&problems);
        if !outcome.failed() && !metadata.accepted {
            print_findings_text(&metadata.findings);
        }
    }
    let ok = !has_errors(&problems) && metadata.accepted;
    if ok { Exit::Ok } else { Exit::Refused }
}

fn dry_run_end(p: &AppPlan, validation: &[Finding], api: &Api, json: bool) -> Exit {
    let mut problems = validation.to_vec();
    problems.extend(p.findings.iter().cloned());
    if json {
        print_json(&JsonOut {
            dry_run: true,
            plan: p,
            okta: None,
            setup_findings: validation,
            requests: api.calls(),
            setup_saved: false,
            metadata_accepted: false,
            metadata_findings: &[],
        });
    } else {
        if let Some(url) = &p.metadata_url {
            out!("Metadata URL: {url}\n");
        }
        out!("Dry run: nothing was written to Okta or to the setup file.\n");
        errln!("{} Okta API requests (all reads)", api.calls());
        print_findings_text(&problems);
    }
    if has_errors(&problems) {
        Exit::Refused
    } else {
        Exit::Ok
    }
}

fn refuse(findings: &[Finding], json: bool) -> Exit {
    super::output::report_refusal(findings, json);
    Exit::Refused
}

fn render(
    o: &Outcome,
    config: &std::path::Path,
    saved: bool,
    metadata: &Report,
    unusable_url: Option<&str>,
) -> String {
    use std::fmt::Write as _;
    // The plan above said what would change; this says what did.
    let mut out = String::new();
    if !o.changes.is_empty() {
        let _ = writeln!(out, "Done:");
    }
    for c in &o.changes {
        let _ = writeln!(out, "  + {c}");
    }
    if let Some(url) = o.metadata_url.as_deref().or(unusable_url) {
        let _ = writeln!(out, "Metadata URL: {url}");
    }
    if !o.failed() {
        if metadata.accepted {
            let certs = metadata.signing_certificates().count();
            let _ = writeln!(
                out,
                "  accepted by Cognito's rules ({certs} signing certificate{})",
                if certs == 1 { "" } else { "s" }
            );
        } else {
            let _ = writeln!(out, "  NOT accepted, so not saved: see below");
        }
    }
    let _ = writeln!(
        out,
        "{} {}",
        if saved { "Saved to" } else { "Unchanged:" },
        config.display()
    );
    if !o.failed() && metadata.accepted {
        let _ = writeln!(out, "Next: okta-cognito plan --config {}", config.display());
    }
    out
}

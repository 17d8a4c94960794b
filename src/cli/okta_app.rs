//! `okta-cognito okta-app --config FILE`: create or update the Okta SAML app through the Okta
//! API, assign groups and people, and write the app's metadata URL into the setup file.

use super::Exit;
use super::output::{errln, out, print_findings_text, print_json};
use clap::Args;
use okta_cognito::cognito::preflight::check_metadata;
use okta_cognito::finding::{Finding, has_errors};
use okta_cognito::okta::api::Api;
use okta_cognito::okta::credentials::Credentials;
use okta_cognito::okta::{Assign, Outcome, assignees, ensure};
use okta_cognito::saml::Report;
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
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    okta: &'a Outcome,
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
        .filter(|f| !(none_yet && f.code == "metadata-source-choice"))
        .collect()
}

pub async fn run(args: OktaAppArgs) -> Exit {
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
                "okta-assignee-empty",
                format!("{flag} was given an empty name"),
                "Give the group's name as in Directory → Groups, or the person's Okta username.",
            ));
        }
    }
    if has_errors(&validation) {
        return refuse(&validation, args.json);
    }
    let creds = match Credentials::from_env(setup.okta.as_ref().and_then(|o| o.org_url.as_deref()))
    {
        Ok(c) => c,
        Err(f) => return refuse(&f, args.json),
    };
    let extra = Assign {
        groups: args.assign_group.clone(),
        people: args.assign_user.clone(),
    };
    let who = assignees(&setup, &extra);
    let api = match Api::new(creds) {
        Ok(a) => a,
        Err(f) => return refuse(&[f], args.json),
    };
    if !args.json {
        errln!(
            "Okta org {}: making sure the SAML app \"{}\" matches the setup …",
            api.credentials().org_host(),
            okta_cognito::okta::app::label(&setup)
        );
    }
    let started = std::time::Instant::now();
    let outcome = ensure(&api, &setup, &who).await;
    let took = started.elapsed();

    let before = setup.to_toml();
    outcome.record(&mut setup, &extra);
    let setup_saved = before != setup.to_toml();
    let mut save_problem = None;
    if setup_saved && let Err(e) = setup.save(&args.config) {
        save_problem = Some(e.to_finding());
    }

    let metadata = if outcome.failed() {
        Report::default()
    } else {
        let input = check_metadata(&setup).await;
        match (input.report, input.fetch_problem) {
            (Some(r), _) => r,
            (None, Some(f)) => Report {
                findings: vec![f],
                ..Report::default()
            },
            (None, None) => Report::default(),
        }
    };
    // The setup's warnings (nothing blocked) come first, then what Okta said.
    let mut problems: Vec<Finding> = validation.clone();
    problems.extend(outcome.findings.iter().cloned());
    problems.extend(save_problem);

    if args.json {
        print_json(&JsonOut {
            okta: &outcome,
            setup_findings: &validation,
            requests: api.calls(),
            setup_saved,
            metadata_accepted: metadata.accepted,
            metadata_findings: &metadata.findings,
        });
    } else {
        out!("{}", render(&outcome, &args.config, setup_saved, &metadata));
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

fn refuse(findings: &[Finding], json: bool) -> Exit {
    super::output::report_refusal(findings, json);
    Exit::Refused
}

fn render(o: &Outcome, config: &std::path::Path, saved: bool, metadata: &Report) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let id = o
        .app_id
        .as_ref()
        .map(|id| format!(" ({id})"))
        .unwrap_or_default();
    let _ = writeln!(out, "Okta app \"{}\"{id} in {}", o.app_label, o.org_url);
    if o.changes.is_empty() && !o.failed() {
        let _ = writeln!(
            out,
            "  nothing to change: the app already matches the setup"
        );
    }
    for c in &o.changes {
        let _ = writeln!(out, "  + {c}");
    }
    if let Some(url) = &o.metadata_url {
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
            let _ = writeln!(out, "  NOT accepted: see below");
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

//! `okta-cognito apply --config FILE`: show the plan, ask, apply with per-step progress.

use super::output::{err, errln, out, outln, print_findings_text, print_json};
use super::plan::{PlanJson, plan_json, prepare, render};
use super::{AwsArgs, Exit};
use clap::Args;
use okta_cognito::finding::Finding;
use okta_cognito::flows::shown::ApplyOutcome as Outcome;
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Setup file (TOML) describing the federation
    #[arg(long, short = 'c', value_name = "FILE")]
    config: PathBuf,
    /// Apply without asking
    #[arg(long, short = 'y')]
    yes: bool,
    /// Print JSON (implies no progress lines on stdout)
    #[arg(long)]
    json: bool,
    /// Remove the tool's test URLs from the client (the test sign-in's callback and the
    /// sign-out test's URL), before production; recorded in the setup file
    /// (test_callback = false, test_sign_out = false) so later runs do not add them again
    #[arg(long)]
    remove_test_urls: bool,
}

/// With `--remove-test-urls`, once the client no longer has them, the setup file says so.
fn record_test_urls_removed(args: &ApplyArgs, setup: &okta_cognito::setup::Setup) -> Exit {
    if !args.remove_test_urls {
        return Exit::Ok;
    }
    match setup.save(&args.config) {
        Ok(()) => {
            errln!(
                "Saved test_callback = false and test_sign_out = false in {}: later runs leave the test URLs off.",
                args.config.display()
            );
            Exit::Ok
        }
        Err(e) => {
            errln!("{}", e.to_finding());
            Exit::Refused
        }
    }
}

#[derive(Serialize)]
struct ApplyJson<'a> {
    plan: PlanJson<'a>,
    applied: bool,
    client_id: Option<String>,
    completed: usize,
    failures: &'a [Finding],
}

fn confirm(changes: usize, pool: &str) -> bool {
    err!(
        "Apply {changes} change{} to user pool {pool}? [y/N] ",
        if changes == 1 { "" } else { "s" }
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok() && matches!(line.trim(), "y" | "Y" | "yes")
}

pub async fn run(aws: &AwsArgs, args: ApplyArgs) -> Exit {
    let planned = match prepare(aws, &args.config, args.remove_test_urls).await {
        Ok(p) => p,
        Err(findings) => {
            print_findings_text(&findings);
            return Exit::Refused;
        }
    };
    let plan = &planned.plan;
    if !args.json {
        out!("{}", render(&planned));
    }
    let finish_json = |applied: bool, o: &Outcome| {
        if args.json {
            print_json(&ApplyJson {
                plan: plan_json(&planned),
                applied,
                client_id: o.client_id.clone(),
                completed: o.completed,
                failures: &o.failures,
            });
        }
    };
    if plan.blocked() {
        finish_json(false, &Outcome::default());
        return Exit::Refused;
    }
    if plan.changes.is_empty() {
        finish_json(false, &Outcome::default());
        return record_test_urls_removed(&args, &planned.setup);
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            errln!(
                "error: not a terminal, so nothing was applied: pass --yes to apply without asking."
            );
            return Exit::Usage;
        }
        if !confirm(plan.changes.len(), &planned.setup.user_pool_id) {
            errln!("Nothing was applied.");
            return Exit::Ok;
        }
    }
    let total = plan.changes.len();
    let on = super::reporter::Terminal::for_apply(total);
    let applied =
        okta_cognito::flows::apply::run(&planned.api, &planned.setup, &planned.state, plan, &on)
            .await;
    let outcome = &applied.outcome;
    let mut exit = if applied.succeeded() {
        Exit::Ok
    } else {
        Exit::Refused
    };
    if let Some(okta) = &applied.okta {
        report_okta(okta);
    }
    // The file is the record of the federation: keep the new client's id in it, and forget
    // the providers this run deleted.
    if let Some(setup) = applied.setup_to_record(&planned.setup) {
        match setup.save(&args.config) {
            Ok(()) => {
                if let Some(id) = &applied.client_id_to_record {
                    errln!(
                        "Saved app_client.client_id = \"{id}\" in {}",
                        args.config.display()
                    );
                }
                for gone in planned
                    .setup
                    .removed_providers
                    .iter()
                    .filter(|p| !setup.removed_providers.contains(p))
                {
                    errln!(
                        "Provider {gone} is deleted; removed it from removed_providers in {}",
                        args.config.display()
                    );
                }
            }
            Err(e) => {
                errln!("{}", e.to_finding());
                exit = Exit::Refused;
            }
        }
    }
    if applied.succeeded()
        && applied.setup_to_record(&planned.setup).is_none()
        && matches!(
            record_test_urls_removed(&args, &planned.setup),
            Exit::Refused
        )
    {
        exit = Exit::Refused;
    }
    if !args.json {
        if outcome.succeeded() {
            outln!(
                "Applied {} change{}. `okta-cognito plan` now shows no changes.",
                outcome.completed,
                if outcome.completed == 1 { "" } else { "s" }
            );
        } else {
            outln!(
                "{} step{} failed; what succeeded stays in place. Fix the cause and run apply again: it continues where it stopped.",
                outcome.failures.len(),
                if outcome.failures.len() == 1 { "" } else { "s" }
            );
        }
    }
    finish_json(true, outcome);
    exit
}

/// The Okta app's side after the Cognito changes, as lines on stderr.
fn report_okta(okta: &okta_cognito::flows::apply::OktaFollowUp) {
    for change in &okta.updated {
        errln!(
            "Okta: {change} ({} ms after the Cognito changes began)",
            okta.after_ms
        );
    }
    if okta.succeeded() {
        if okta.updated.is_empty() {
            errln!("Okta: the app already holds Cognito's certificates and relay state.");
        }
    } else {
        print_findings_text(&okta.problems);
        errln!("{}", okta_cognito::flows::apply::OKTA_FOLLOW_UP_FIX);
    }
}

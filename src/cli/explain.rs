//! `okta-cognito explain [--config FILE] TEXT`: cause and fix for a pasted sign-in error or
//! callback URL; with the setup, a signature error names the certificates and the one fix.

use super::output::{outln, print_json, report_refusal};
use super::{AwsArgs, Exit};
use clap::Args;
use okta_cognito::flows::explain::{explain, explain_for};
use okta_cognito::setup::Setup;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The error description, the whole callback URL, or the token endpoint's JSON
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    text: Vec<String>,
    /// The setup file of the federation that failed: a signature error is then told from the
    /// provider's certificates and the IdP's (reads only)
    #[arg(long, short = 'c', value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

pub async fn run(aws: &AwsArgs, args: ExplainArgs) -> Exit {
    let text = args.text.join(" ");
    let f = match &args.config {
        None => explain(&text),
        Some(file) => {
            let setup = match Setup::load(file) {
                Ok(s) => s,
                Err(e) => {
                    report_refusal(&[e.to_finding()], args.json);
                    return Exit::Refused;
                }
            };
            let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
            let api = okta_cognito::flows::credentials::cognito_api(
                aws.profile.as_deref(),
                Some(&region),
            )
            .await;
            explain_for(&api, &setup, &text).await
        }
    };
    if args.json {
        print_json(&f);
    } else {
        outln!("{f}");
    }
    Exit::Ok
}

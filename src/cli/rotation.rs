//! `okta-cognito rotation --config FILE [--refresh] [--json]`: the IdP's certificate
//! rotation, in its console's labels, and what Cognito will see of it; `--refresh` makes
//! Cognito read the provider's Metadata URL again now.

use super::output::{errln, outln, print_json, report_refusal};
use super::{AwsArgs, Exit};
use clap::Args;
use okta_cognito::setup::Setup;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RotationArgs {
    /// The setup file naming the pool and provider
    #[arg(
        long,
        short = 'c',
        value_name = "FILE",
        default_value = "okta-cognito.toml"
    )]
    config: PathBuf,
    /// After activating the new certificate: write the provider back unchanged, so Cognito
    /// reads its Metadata URL now instead of within six hours
    #[arg(long)]
    refresh: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

pub async fn run(aws: &AwsArgs, args: RotationArgs) -> Exit {
    let setup = match Setup::load(&args.config) {
        Ok(s) => s,
        Err(e) => {
            report_refusal(&[e.to_finding()], args.json);
            return Exit::Refused;
        }
    };
    let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await;
    let rotation = match okta_cognito::flows::rotation::run(&api, &setup, args.refresh).await {
        Ok(r) => r,
        Err(findings) => {
            report_refusal(&findings, args.json);
            return Exit::Refused;
        }
    };
    if args.json {
        print_json(&rotation);
        return Exit::Ok;
    }
    outln!(
        "Rotating the signing certificate of provider {} (its certificates come from a metadata {}):",
        rotation.provider,
        rotation.source
    );
    for (n, step) in rotation.steps.iter().enumerate() {
        outln!("  {}. {step}", n + 1);
    }
    outln!();
    outln!("{}", rotation.cognito);
    if rotation.refreshed {
        errln!("Wrote provider {} back unchanged.", rotation.provider);
    }
    Exit::Ok
}

//! `okta-cognito rotation --config FILE [--rotate [--validity-years N]] [--refresh] [--json]`:
//! the IdP's certificate rotation (done through Okta's API with `--rotate`, else its
//! console's steps), and what Cognito will see of it; `--refresh` makes Cognito read the
//! provider's Metadata URL again now.

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
    /// Rotate through Okta's API: generate a new signing key for the app and make it the one
    /// Okta signs with (needs Okta credentials with okta.apps.manage)
    #[arg(long)]
    rotate: bool,
    /// With --rotate: how many years the new certificate is valid (Okta allows 2 to 10)
    #[arg(long, value_name = "N", requires = "rotate", value_parser = clap::value_parser!(u8).range(2..=10))]
    validity_years: Option<u8>,
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
    let asked = okta_cognito::flows::rotation::Asked {
        rotate: args.rotate,
        validity_years: args.validity_years,
        refresh: args.refresh,
    };
    let rotation = match okta_cognito::flows::rotation::run(&api, &setup, asked).await {
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
    if let Some(r) = &rotation.rotated {
        outln!(
            "Rotated the signing key of Okta app {} ({}): it signs with key {} now{}.",
            r.app_label,
            r.app_id,
            r.kid,
            r.expires_at
                .as_deref()
                .map(|e| format!(", whose certificate ends {e}"))
                .unwrap_or_default()
        );
        if let Some(previous) = &r.previous_kid {
            outln!("The previous key {previous} stays on the app, inactive.");
        }
        if let Some(url) = &r.metadata_url {
            outln!("Its metadata, with the new certificate: {url}");
        }
    } else {
        outln!(
            "Rotating the signing certificate of provider {} (its certificates come from a metadata {}):",
            rotation.provider,
            rotation.source
        );
        for (n, step) in rotation.steps.iter().enumerate() {
            outln!("  {}. {step}", n + 1);
        }
        if rotation.api_available {
            outln!("Okta credentials are set: `--rotate` does these steps through Okta's API.");
        }
    }
    outln!();
    outln!("{}", rotation.cognito);
    if rotation.refreshed {
        errln!("Wrote provider {} back unchanged.", rotation.provider);
    }
    Exit::Ok
}

//! `okta-cognito doctor`: check an existing federation (read-only) and report.

use super::output::{out, print_json, report_refusal};
use super::{AwsArgs, Exit};
use clap::{Args, ValueEnum};
use okta_cognito::flows::shown::DoctorTarget as Target;
use okta_cognito::flows::shown::{doctor_text as text, markdown, redacted};
use okta_cognito::setup::Setup;
use okta_cognito::setup::pool_id::PoolId;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Setup file naming the pool, client and provider
    #[arg(long, short = 'c', value_name = "FILE", conflicts_with_all = ["user_pool_id", "client_id"])]
    config: Option<PathBuf>,
    /// User pool id (without --config); with no --client-id, the one client that signs in
    /// through an IdP is checked
    #[arg(long, value_name = "ID")]
    user_pool_id: Option<String>,
    /// App client id (without --config)
    #[arg(long, value_name = "ID", requires = "user_pool_id")]
    client_id: Option<String>,
    /// SAML provider name (default: the SAML provider the client enables)
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
    /// Report format
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The same as --format json
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Mask the AWS account id in the report
    #[arg(long)]
    redact: bool,
    /// Check every tenant's provider in the setup file: one line per tenant, then the findings
    #[arg(long, requires = "config", conflicts_with_all = ["provider", "redact"])]
    all: bool,
}

pub async fn run(aws: &AwsArgs, args: DoctorArgs) -> Exit {
    let json = args.json || matches!(args.format, Format::Json);
    if args.all {
        let Some(path) = &args.config else {
            unreachable!("clap requires --config with --all")
        };
        return super::doctor_all::run(aws, path, json).await;
    }
    let mut from_file = None;
    let target = match (&args.config, &args.user_pool_id, &args.client_id) {
        (Some(path), _, _) => match Setup::load(path).map_err(|e| e.to_finding()).and_then(|s| {
            let t = Target::from_setup(&s);
            from_file = Some(s);
            t
        }) {
            Ok(mut t) => {
                if args.provider.is_some() {
                    t.provider = args.provider.clone();
                }
                t
            }
            Err(f) => {
                report_refusal(&[f], json);
                return Exit::Refused;
            }
        },
        (None, Some(pool), client) => Target {
            region: match PoolId::parse("--user-pool-id", pool) {
                Ok(id) => aws
                    .region
                    .clone()
                    .unwrap_or_else(|| id.region().to_string()),
                Err(f) => {
                    report_refusal(&[f], json);
                    return Exit::Refused;
                }
            },
            pool_id: pool.clone(),
            client_id: client.clone().unwrap_or_default(),
            provider: args.provider.clone(),
            metadata_url: None,
            domain: None,
        },
        _ => {
            return super::usage_refusal(
                "doctor needs --config FILE, or --user-pool-id P [--client-id C]",
                "Usage: okta-cognito doctor --config FILE, or okta-cognito doctor --user-pool-id P [--client-id C]",
                json,
            );
        }
    };
    let region = aws.region.clone().unwrap_or_else(|| target.region.clone());
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await;
    let mut target = target;
    if target.client_id.is_empty() {
        // As `export` does: the one client that signs in through the provider (or any IdP).
        match okta_cognito::flows::doctor::federated_client(
            &api,
            &target.pool_id,
            target.provider.as_deref(),
        )
        .await
        {
            Ok(id) => target.client_id = id,
            Err(findings) => {
                report_refusal(&findings, json);
                return Exit::Refused;
            }
        }
    }
    // With Okta credentials the Okta app is checked too, read-only: a service app's token
    // asks for okta.apps.read alone.
    let side = from_file
        .as_ref()
        .map(okta_cognito::flows::doctor::IdpSide::of)
        .unwrap_or_default();
    let mut report = okta_cognito::flows::doctor::report(&api, &target, side).await;
    if args.redact {
        report = redacted(&report);
    }
    let format = if args.json { Format::Json } else { args.format };
    match format {
        Format::Text => out!("{}", text(&report)),
        Format::Markdown => out!("{}", markdown(&report)),
        Format::Json => print_json(&report),
    }
    if report.healthy() {
        Exit::Ok
    } else {
        Exit::Refused
    }
}

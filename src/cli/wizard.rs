//! No subcommand: the interactive wizard, optionally resuming from a setup file.

use super::output::print_findings_text;
use super::{AwsArgs, Exit};
use okta_cognito::setup::Setup;
use std::path::PathBuf;

/// The region shown and used before a pool is chosen: --region, the setup file's,
/// AWS_REGION, AWS_DEFAULT_REGION, then us-east-1. Resolved without any network call so the
/// first frame never waits.
fn initial_region(aws: &AwsArgs, setup: Option<&Setup>) -> String {
    aws.region
        .clone()
        .or(setup.map(|s| s.region.clone()).filter(|r| !r.is_empty()))
        .or(std::env::var("AWS_REGION").ok().filter(|r| !r.is_empty()))
        .or(std::env::var("AWS_DEFAULT_REGION")
            .ok()
            .filter(|r| !r.is_empty()))
        .unwrap_or_else(|| "us-east-1".to_string())
}

pub async fn run(aws: &AwsArgs, config: Option<PathBuf>) -> Exit {
    let resume = match config.clone() {
        Some(path) if path.exists() => match Setup::load(&path) {
            Ok(s) => Some((path, s)),
            Err(e) => {
                print_findings_text(&[e.to_finding()]);
                return Exit::Refused;
            }
        },
        _ => None,
    };
    let region = initial_region(aws, resume.as_ref().map(|r| &r.1));
    let overrides = okta_cognito::login::Overrides {
        hosted_ui_url: std::env::var("OKTA_COGNITO_HOSTED_UI_URL").ok(),
        issuer_url: std::env::var("OKTA_COGNITO_ISSUER_URL").ok(),
        ..Default::default()
    };
    let code = okta_cognito::tui::run(okta_cognito::tui::Options {
        profile: aws.profile.clone(),
        region,
        resume,
        setup_path: config,
        overrides,
        rehearsal: super::rehearsal_label(),
    })
    .await;
    match code {
        0 => Exit::Ok,
        2 => Exit::Usage,
        129..=159 => Exit::Signalled((code - 128) as u8),
        _ => Exit::Refused,
    }
}

//! No subcommand: the interactive wizard, optionally resuming from a setup file.

use super::output::print_findings_text;
use super::{AwsArgs, Exit};
use okta_cognito::setup::Setup;
use std::path::PathBuf;

/// The region shown and used before a pool is chosen, and what chose it: --region, the
/// setup file's, AWS_REGION, AWS_DEFAULT_REGION, the profile's in the AWS config file, then
/// us-east-1 (said as nobody's choice). Resolved without any network call so the first
/// frame never waits.
fn initial_region(
    aws: &AwsArgs,
    setup: Option<&Setup>,
    configured: &[(String, String)],
) -> (String, String) {
    let env = |k: &str| std::env::var(k).ok().filter(|r| !r.is_empty());
    let profile = aws
        .profile
        .clone()
        .or_else(|| env("AWS_PROFILE"))
        .unwrap_or_else(|| "default".into());
    let from_profile = configured
        .iter()
        .find(|(p, _)| *p == profile)
        .map(|(_, r)| r.clone());
    let chosen = [
        (aws.region.clone(), "--region".to_string()),
        (
            setup.map(|s| s.region.clone()).filter(|r| !r.is_empty()),
            "the setup file".into(),
        ),
        (env("AWS_REGION"), "AWS_REGION".into()),
        (env("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION".into()),
        (from_profile, format!("profile {profile} in the AWS config")),
    ]
    .into_iter()
    .find_map(|(r, why)| r.map(|r| (r, why)));
    chosen.unwrap_or_else(|| {
        (
            "us-east-1".to_string(),
            "nothing chose it: the default (--region or AWS_REGION sets it)".to_string(),
        )
    })
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
    let configured = okta_cognito::flows::credentials::configured_regions();
    let (region, region_source) = initial_region(aws, resume.as_ref().map(|r| &r.1), &configured);
    // Every other region the AWS config names, once each, for Welcome's `g`.
    let mut offered_regions: Vec<(String, String)> = vec![];
    for (profile, r) in configured {
        if r != region && !offered_regions.iter().any(|(_, o)| *o == r) {
            offered_regions.push((profile, r));
        }
    }
    let overrides = okta_cognito::flows::shown::Overrides {
        hosted_ui_url: std::env::var("OKTA_COGNITO_HOSTED_UI_URL").ok(),
        issuer_url: std::env::var("OKTA_COGNITO_ISSUER_URL").ok(),
        ..Default::default()
    };
    let code = okta_cognito::tui::run(okta_cognito::tui::Options {
        profile: aws.profile.clone(),
        region,
        region_source,
        offered_regions,
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

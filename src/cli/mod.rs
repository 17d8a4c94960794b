//! Argument parsing and dispatch for the headless commands.

mod apply;
mod doctor;
mod doctor_all;
mod explain;
mod export;
mod export_iac;
mod generated;
mod iam_policy;
mod login;
mod metadata;
mod okta_app;
mod output;
mod plan;
mod rehearse;
mod reporter;
mod rotation;
mod tenant;
mod tenant_kit;
mod values;
mod wizard;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Exit codes shared by every command: 0 success, 1 findings that block, 2 usage errors,
/// 128 + N after signal N stopped the wizard (as a shell reports a process the signal killed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok,
    Refused,
    Usage,
    Signalled(u8),
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Refused => 1,
            Exit::Usage => 2,
            Exit::Signalled(signo) => 128 + signo,
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "okta-cognito",
    version,
    about = "Federate an Okta SAML 2.0 app into an Amazon Cognito user pool, and prove it with a real sign-in.",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Wizard only: resume from this setup file (progress is saved to it)
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where AWS calls go: the standard aws-config chain, with these as overrides.
#[derive(Debug, Clone, Args, Default)]
pub struct AwsArgs {
    /// AWS profile (else AWS_PROFILE, else the default chain)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (else the setup file's region, AWS_REGION or the profile's)
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the values to paste into Okta (ACS URL, Audience URI) and the hosted-UI URLs
    Values(values::ValuesArgs),
    /// Fetch IdP metadata (URL, file or -), preview it and say whether Cognito accepts it
    Metadata(metadata::MetadataArgs),
    /// Read the pool and print the changes the setup file needs (writes nothing)
    Plan(plan::PlanArgs),
    /// Make the planned changes: client, domain, SAML provider, client settings
    Apply(apply::ApplyArgs),
    /// Write an existing federation as a setup file (read-only)
    Export(export::ExportArgs),
    /// Print the least-privilege IAM policies (read-only and apply)
    IamPolicy(iam_policy::IamPolicyArgs),
    /// Sign in through the hosted UI on this machine and verify the tokens
    Login(login::LoginArgs),
    /// Explain a sign-in error (error description, callback URL or token error JSON)
    Explain(explain::ExplainArgs),
    /// Check an existing federation (read-only) and write a report for a support ticket
    Doctor(doctor::DoctorArgs),
    /// Create or update the Okta SAML app through the Okta API (OKTA_ORG_URL; OKTA_CLIENT_ID + OKTA_PRIVATE_KEY_FILE, or OKTA_API_TOKEN)
    OktaApp(okta_app::OktaAppArgs),
    /// Rotate the IdP's signing certificate: the console steps, what Cognito will see, and --refresh to make it re-read the Metadata URL now
    Rotation(rotation::RotationArgs),
    /// Rehearse the whole federation on this machine: local Cognito, Okta and hosted UI, then the wizard (or --serve for other commands)
    Rehearse(rehearse::RehearseArgs),
    /// Enterprise customers federated into one pool, each with its own IdP: add, list (in the setup file)
    Tenant(tenant::TenantArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions(generated::CompletionsArgs),
    /// Print the man page (roff): okta-cognito man > okta-cognito.1
    Man(generated::ManArgs),
}

/// Under `rehearse`: where the local services are, for the REHEARSAL label.
pub fn rehearsal_label() -> Option<String> {
    std::env::var(okta_cognito::rehearse::LABEL_ENV)
        .ok()
        .filter(|v| !v.is_empty())
        .map(|v| okta_cognito::terminal_text::escape_controls(&v).into_owned())
}

/// The face's name in the log: the wizard, or the command.
fn face(command: &Option<Command>) -> &'static str {
    match command {
        None => "wizard",
        Some(Command::Rehearse(_)) => "rehearse",
        Some(Command::Values(_)) => "values",
        Some(Command::Metadata(_)) => "metadata",
        Some(Command::Plan(_)) => "plan",
        Some(Command::Apply(_)) => "apply",
        Some(Command::Export(_)) => "export",
        Some(Command::IamPolicy(_)) => "iam-policy",
        Some(Command::Login(_)) => "login",
        Some(Command::Explain(_)) => "explain",
        Some(Command::Doctor(_)) => "doctor",
        Some(Command::OktaApp(_)) => "okta-app",
        Some(Command::Rotation(_)) => "rotation",
        Some(Command::Completions(_)) => "completions",
        Some(Command::Man(_)) => "man",
        Some(Command::Tenant(_)) => "tenant",
    }
}

/// clap's refusal of the command line. Help and version print as clap prints them; with
/// `--json` anywhere on the line, a usage error is the same JSON a refusal prints, so a
/// script parsing stdout never meets clap's text.
pub fn usage_error(e: clap::Error) -> Exit {
    use clap::error::ErrorKind;
    let wants_json = std::env::args_os().any(|a| a == "--json");
    // The subcommand, as far as the line names one (clap knows them all), for the envelope.
    let named = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let known = <Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .any(|s| Some(s.get_name()) == named.as_deref());
    output::set_command(
        named
            .filter(|_| known)
            .unwrap_or_else(|| "okta-cognito".to_string()),
    );
    if !wants_json
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit();
    }
    let rendered = e.render().to_string();
    let message = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    // clap's usage line echoes the words given; the command's own help lists the rest.
    let command: Vec<&str> = rendered
        .lines()
        .find_map(|l| l.trim().strip_prefix("Usage: "))
        .unwrap_or("okta-cognito")
        .split_whitespace()
        .take_while(|w| !w.starts_with(['-', '[', '<']))
        .take(2)
        .collect();
    usage_refusal(
        &message,
        &format!("See `{} --help` for what it takes.", command.join(" ")),
        true,
    )
}

/// A command line that cannot run: said as a finding (JSON with `--json`), exit 2.
pub fn usage_refusal(message: &str, fix: &str, json: bool) -> Exit {
    let f = okta_cognito::finding::Finding::error(
        okta_cognito::finding::codes::USAGE_ERROR,
        message,
        fix,
    );
    output::report_refusal(&[f], json);
    Exit::Usage
}

pub async fn run(cli: Cli) -> Exit {
    // Held until the command ends: the log's queued lines are written then.
    let _log = okta_cognito::logging::init(face(&cli.command));
    output::set_command(face(&cli.command).to_string());
    let is_wizard = cli.command.is_none();
    if let Some(place) = rehearsal_label().filter(|_| !is_wizard) {
        // Every command's output says so, on stderr so --json stays parseable.
        output::errln!("REHEARSAL — {place}: nothing here touches AWS or Okta.");
    }
    match cli.command {
        Some(Command::Rehearse(args)) => rehearse::run(&cli.aws, cli.config, args).await,
        Some(Command::Values(args)) => values::run(&cli.aws, args).await,
        Some(Command::Metadata(args)) => metadata::run(args).await,
        Some(Command::Plan(args)) => plan::run(&cli.aws, args).await,
        Some(Command::Apply(args)) => apply::run(&cli.aws, args).await,
        Some(Command::Export(args)) => export::run(&cli.aws, args).await,
        Some(Command::IamPolicy(args)) => iam_policy::run(&cli.aws, args),
        Some(Command::Login(args)) => login::run(&cli.aws, args).await,
        Some(Command::Explain(args)) => explain::run(&cli.aws, args).await,
        Some(Command::Doctor(args)) => doctor::run(&cli.aws, args).await,
        Some(Command::Rotation(args)) => rotation::run(&cli.aws, args).await,
        Some(Command::OktaApp(args)) => okta_app::run(&cli.aws, args).await,
        Some(Command::Completions(args)) => generated::completions(args),
        Some(Command::Man(args)) => generated::man(args),
        Some(Command::Tenant(args)) => tenant::run(&cli.aws, args).await,
        None => wizard::run(&cli.aws, cli.config).await,
    }
}

/// `--config FILE`, shared by the commands that read a setup file.
#[derive(Debug, Clone, Args, Default)]
pub struct ConfigArg {
    /// Setup file (TOML) describing the federation
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
}

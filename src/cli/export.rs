//! `okta-cognito export`: a live federation as a setup file, or as Terraform or
//! CloudFormation that adopts it (read-only).

use super::output::{errln, out, print_json};
use super::{AwsArgs, Exit};
use clap::{Args, ValueEnum};
use okta_cognito::finding::Finding;
use okta_cognito::flows::export;
use okta_cognito::setup::Setup;
use okta_cognito::setup::pool_id::PoolId;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The setup file (support staff reproduce the federation in another pool)
    Toml,
    /// Terraform (HCL) with import blocks that adopt the live resources
    Terraform,
    /// A CloudFormation template (YAML) and its resources-to-import document
    Cloudformation,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Setup file naming the pool, client and provider (instead of the ids)
    #[arg(
        long,
        short = 'c',
        value_name = "FILE",
        conflicts_with = "user_pool_id"
    )]
    config: Option<PathBuf>,
    /// User pool id
    #[arg(long, value_name = "ID", required_unless_present = "config")]
    user_pool_id: Option<String>,
    /// App client id (default: the one client that signs in through the provider)
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// SAML provider name (default: the one SAML provider the client enables)
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
    /// What to write
    #[arg(long, value_enum, default_value = "toml")]
    format: Format,
    /// Write it here instead of standard output (CloudFormation: the import document goes
    /// beside it as <stem>-import.json)
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Print JSON (the setup file's text, where it and the metadata were written, findings)
    #[arg(long)]
    json: bool,
}

#[derive(Serialize, Default)]
struct JsonOut {
    client_id: String,
    setup: String,
    written_to: Option<PathBuf>,
    metadata_written_to: Option<PathBuf>,
    /// Each further tenant's metadata file, beside the first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    more_metadata_written_to: Vec<PathBuf>,
    findings: Vec<Finding>,
}

fn refuse(findings: &[Finding], json: bool) -> Exit {
    super::output::report_refusal(findings, json);
    Exit::Refused
}

/// What to export: from the setup file, with the flags taking precedence.
struct Target {
    region: String,
    pool_id: String,
    client_id: Option<String>,
    provider: Option<String>,
    /// The setup's `[okta]` section and folder: Terraform includes the Okta app when Okta
    /// credentials are given, as `okta-app` takes them.
    okta: Option<okta_cognito::setup::OktaSetup>,
    setup_dir: Option<PathBuf>,
}

fn target(aws: &AwsArgs, args: &ExportArgs) -> Result<Target, Finding> {
    let from_file = match &args.config {
        Some(path) => Some(Setup::load(path).map_err(|e| e.to_finding())?),
        None => None,
    };
    let pool_id = args
        .user_pool_id
        .clone()
        .or_else(|| from_file.as_ref().map(|s| s.user_pool_id.clone()))
        .unwrap_or_default();
    let region = aws
        .region
        .clone()
        .or_else(|| from_file.as_ref().map(|s| s.region.clone()))
        .filter(|r| !r.is_empty())
        .or_else(|| PoolId::region_of(&pool_id).map(str::to_string))
        .unwrap_or_default();
    Ok(Target {
        region,
        pool_id,
        client_id: args.client_id.clone().or_else(|| {
            from_file
                .as_ref()
                .and_then(|s| s.app_client.client_id.clone())
        }),
        // A file with several tenants exports every provider its client offers.
        provider: args.provider.clone().or_else(|| {
            from_file
                .as_ref()
                .filter(|s| s.more_federations.is_empty())
                .map(|s| s.provider.name.clone())
        }),
        okta: from_file.as_ref().and_then(|s| s.okta.clone()),
        setup_dir: from_file.and_then(|s| s.source_dir),
    })
}

pub async fn run(aws: &AwsArgs, args: ExportArgs) -> Exit {
    let target = match target(aws, &args) {
        Ok(t) => t,
        Err(f) => return refuse(&[f], args.json),
    };
    let region = target.region.clone();
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await;
    let flow_target = export::Target {
        region: &region,
        pool_id: &target.pool_id,
        client_id: target.client_id.as_deref(),
        provider: target.provider.as_deref(),
        okta: target.okta.as_ref(),
        setup_dir: target.setup_dir.as_deref(),
    };
    let client_id = match export::client_id(&api, &flow_target).await {
        Ok(id) => id,
        Err(f) => return refuse(&f, args.json),
    };
    if args.format != Format::Toml {
        let with_okta = args.format == Format::Terraform;
        let (live, okta) = match export::live(&api, &flow_target, &client_id, with_okta).await {
            Ok(l) => l,
            Err(f) => return refuse(&f, args.json),
        };
        return super::export_iac::write(
            &live,
            okta.as_ref(),
            args.format,
            args.output.as_deref(),
            args.json,
        );
    }
    let metadata_name = match &args.output {
        Some(o) => format!(
            "{}-metadata.xml",
            o.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "setup".into())
        ),
        None => "metadata.xml".to_string(),
    };
    // Made inside a rehearsal, the export names a pool that exists only there: marked so,
    // every command outside a rehearsal refuses it (rehearse --from still reads it).
    let in_rehearsal = super::rehearsal_label().is_some();
    let exported =
        match export::setup(&api, &flow_target, &client_id, &metadata_name, in_rehearsal).await {
            Ok(e) => e,
            Err(findings) => return refuse(&findings, args.json),
        };
    let mut result = JsonOut {
        client_id,
        setup: exported.setup.to_toml(),
        ..JsonOut::default()
    };
    let Some(out) = &args.output else {
        if exported.metadata_file_content.is_some() || !exported.more_metadata_files.is_empty() {
            return refuse(
                &[Finding::error(
                    okta_cognito::finding::codes::EXPORT_NEEDS_OUTPUT,
                    "the provider's metadata was uploaded as a file, which must be written beside the setup file",
                    "Pass -o FILE: the metadata is written next to it.",
                )],
                args.json,
            );
        }
        if args.json {
            print_json(&result);
        } else {
            out!("{}", result.setup);
        }
        return Exit::Ok;
    };
    let beside = out.parent().unwrap_or(std::path::Path::new("."));
    let files = exported
        .metadata_file_content
        .iter()
        .map(|c| (std::path::PathBuf::from(&metadata_name), c))
        .chain(
            exported
                .more_metadata_files
                .iter()
                .map(|(f, c)| (f.clone(), c)),
        );
    for (name, content) in files {
        let path = beside.join(name);
        if let Err(e) = okta_cognito::safe_file::write_atomic(
            &path,
            content.as_bytes(),
            okta_cognito::safe_file::AtSymlink::Refuse,
        ) {
            return refuse(
                &[Finding::error(
                    okta_cognito::finding::codes::EXPORT_WRITE_FAILED,
                    format!("cannot write {}: {e}", path.display()),
                    "Choose another -o FILE (the metadata is written beside it); a link there is refused.",
                )],
                args.json,
            );
        }
        if !args.json {
            errln!("Wrote the provider's metadata to {}", path.display());
        }
        if result.metadata_written_to.is_none() {
            result.metadata_written_to = Some(path);
        } else {
            result.more_metadata_written_to.push(path);
        }
    }
    match exported.setup.save(out) {
        Ok(()) => {
            result.written_to = Some(out.clone());
            if args.json {
                print_json(&result);
            } else {
                errln!(
                    "Wrote {}. To reproduce it in another pool: change user_pool_id (and region), remove app_client.client_id, set domain.prefix, then run `okta-cognito apply --config {}`.",
                    out.display(),
                    out.display()
                );
            }
            Exit::Ok
        }
        Err(e) => refuse(&[e.to_finding()], args.json),
    }
}

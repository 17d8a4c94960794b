//! `okta-cognito export`: a customer's federation as a setup file (read-only).

use super::output::{errln, out, print_json};
use super::{AwsArgs, Exit};
use clap::Args;
use okta_cognito::cognito::export::{export, the_federated_client};
use okta_cognito::finding::Finding;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// User pool id
    #[arg(long, value_name = "ID")]
    user_pool_id: String,
    /// App client id (default: the one client that signs in through the provider)
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// SAML provider name (default: the one SAML provider the client enables)
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
    /// Write the setup file here instead of standard output
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
    findings: Vec<Finding>,
}

fn refuse(findings: &[Finding], json: bool) -> Exit {
    super::output::report_refusal(findings, json);
    Exit::Refused
}

pub async fn run(aws: &AwsArgs, args: ExportArgs) -> Exit {
    let region = aws
        .region
        .clone()
        .or_else(|| {
            args.user_pool_id
                .split_once('_')
                .map(|(r, _)| r.to_string())
        })
        .unwrap_or_default();
    let conf = okta_cognito::aws::load_config(aws.profile.as_deref(), Some(&region)).await;
    let api = okta_cognito::aws::cognito_client(&conf);
    let client_id = match &args.client_id {
        Some(id) => id.clone(),
        None => {
            match the_federated_client(&api, &args.user_pool_id, args.provider.as_deref()).await {
                Ok(id) => id,
                Err(f) => return refuse(&f, args.json),
            }
        }
    };
    let metadata_name = match &args.output {
        Some(o) => format!(
            "{}-metadata.xml",
            o.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "setup".into())
        ),
        None => "metadata.xml".to_string(),
    };
    let exported = match export(
        &api,
        &region,
        &args.user_pool_id,
        &client_id,
        args.provider.as_deref(),
        &metadata_name,
    )
    .await
    {
        Ok(e) => e,
        Err(findings) => return refuse(&findings, args.json),
    };
    let mut result = JsonOut {
        client_id,
        setup: exported.setup.to_toml(),
        ..JsonOut::default()
    };
    let Some(out) = &args.output else {
        if exported.metadata_file_content.is_some() {
            return refuse(
                &[Finding::error(
                    "export-needs-output",
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
    if let Some(content) = &exported.metadata_file_content {
        let path = out
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join(&metadata_name);
        if let Err(e) = okta_cognito::safe_file::write_atomic(
            &path,
            content.as_bytes(),
            okta_cognito::safe_file::AtSymlink::Refuse,
        ) {
            return refuse(
                &[Finding::error(
                    "export-write-failed",
                    format!("cannot write {}: {e}", path.display()),
                    "Choose another -o FILE (the metadata is written beside it); a link there is refused.",
                )],
                args.json,
            );
        }
        if !args.json {
            errln!("Wrote the provider's metadata to {}", path.display());
        }
        result.metadata_written_to = Some(path);
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

//! `okta-cognito export`: a customer's federation as a setup file (read-only).

use super::output::{errln, out, print_findings_text};
use super::{AwsArgs, Exit};
use clap::Args;
use okta_cognito::cognito::export::export;
use okta_cognito::finding::Finding;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// User pool id
    #[arg(long, value_name = "ID")]
    user_pool_id: String,
    /// App client id
    #[arg(long, value_name = "ID")]
    client_id: String,
    /// SAML provider name (default: the one SAML provider the client enables)
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
    /// Write the setup file here instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
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
        &args.client_id,
        args.provider.as_deref(),
        &metadata_name,
    )
    .await
    {
        Ok(e) => e,
        Err(findings) => {
            print_findings_text(&findings);
            return Exit::Refused;
        }
    };
    let Some(out) = &args.output else {
        if exported.metadata_file_content.is_some() {
            print_findings_text(&[Finding::error(
                "export-needs-output",
                "the provider's metadata was uploaded as a file, which must be written beside the setup file",
                "Pass -o FILE: the metadata is written next to it.",
            )]);
            return Exit::Refused;
        }
        out!("{}", exported.setup.to_toml());
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
            errln!("error: cannot write {}: {e}", path.display());
            return Exit::Refused;
        }
        errln!("Wrote the provider's metadata to {}", path.display());
    }
    match exported.setup.save(out) {
        Ok(()) => {
            errln!(
                "Wrote {}. To reproduce it in another pool: change user_pool_id (and region), remove app_client.client_id, set domain.prefix, then run `okta-cognito apply --config {}`.",
                out.display(),
                out.display()
            );
            Exit::Ok
        }
        Err(e) => {
            print_findings_text(&[e.to_finding()]);
            Exit::Refused
        }
    }
}

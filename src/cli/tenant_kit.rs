//! `okta-cognito tenant kit NAME [-o DIR]`: the page a SaaS team sends one customer's IT
//! admin, written as `<tenant>-sso-kit.html` (self-contained, works offline, prints well) and
//! `<tenant>-sso-kit.md`.

use super::Exit;
use super::output::{errln, print_findings_text, print_json, report_refusal};
use super::tenant::FileArgs;
use clap::Args;
use okta_cognito::finding::Finding;
use okta_cognito::flows::shown::{
    kit_file_stem as file_stem, kit_html as html, kit_markdown as markdown,
};
use okta_cognito::safe_file::{AtSymlink, write_atomic};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct KitArgs {
    /// The tenant's name (or its provider's name), as `tenant list` shows it
    name: String,
    /// The folder to write the kit into (made if missing)
    #[arg(long, short = 'o', value_name = "DIR", default_value = ".")]
    out: PathBuf,
    #[command(flatten)]
    file: FileArgs,
}

/// Writes one file of the kit; a planted link where it goes is refused, never followed.
fn write(dir: &Path, name: &str, text: &str) -> Result<PathBuf, Finding> {
    let at = dir.join(name);
    write_atomic(&at, text.as_bytes(), AtSymlink::Refuse)
        .map(|()| at.clone())
        .map_err(|e| {
            Finding::error(
                okta_cognito::finding::codes::EXPORT_WRITE_FAILED,
                format!("cannot write {}: {e}", at.display()),
                "Choose another folder with -o DIR, or remove what is in the way.",
            )
        })
}

pub async fn run(aws: &super::AwsArgs, k: KitArgs) -> Exit {
    let setup = match k.file.load() {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await;
    let (kit, findings) = match okta_cognito::flows::tenant::kit(&api, &setup, &k.name).await {
        Ok(done) => done,
        Err(f) => {
            report_refusal(&[f], k.file.json);
            return Exit::Refused;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&k.out) {
        report_refusal(
            &[Finding::error(
                okta_cognito::finding::codes::EXPORT_WRITE_FAILED,
                format!("cannot make the folder {}: {e}", k.out.display()),
                "Choose another folder with -o DIR.",
            )],
            k.file.json,
        );
        return Exit::Refused;
    }
    let stem = file_stem(&kit.tenant);
    let written = write(&k.out, &format!("{stem}.html"), &html::render(&kit)).and_then(|h| {
        write(&k.out, &format!("{stem}.md"), &markdown::render(&kit)).map(|m| (h, m))
    });
    let (html_at, md_at) = match written {
        Ok(paths) => paths,
        Err(f) => {
            report_refusal(&[f], k.file.json);
            return Exit::Refused;
        }
    };
    if k.file.json {
        print_json(&serde_json::json!({
            "tenant": kit.tenant,
            "idp": kit.idp_name,
            "html": html_at,
            "markdown": md_at,
            "findings": findings,
        }));
    } else {
        if !findings.is_empty() {
            print_findings_text(&findings);
        }
        errln!(
            "Wrote the {} kit for {}: {} and {}. Send either to their IT admin; it holds no secret.",
            kit.idp_name,
            kit.tenant,
            html_at.display(),
            md_at.display()
        );
    }
    Exit::Ok
}

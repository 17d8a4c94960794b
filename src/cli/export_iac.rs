//! `export --format terraform|cloudformation`: writes what `iac` rendered and says how to
//! adopt it.

use super::Exit;
use super::export::Format;
use super::output::{errln, out, print_json};
use okta_cognito::finding::Finding;
use okta_cognito::iac::{cloudformation, live::Live, okta::OktaLive, terraform};
use okta_cognito::safe_file::{AtSymlink, write_atomic};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize, Default)]
struct JsonOut {
    client_id: String,
    format: &'static str,
    /// The Terraform file or the CloudFormation template.
    text: String,
    /// CloudFormation: the `--resources-to-import` document.
    import_document: Option<serde_json::Value>,
    written_to: Option<PathBuf>,
    import_written_to: Option<PathBuf>,
    /// The commands that adopt the resources.
    next: Vec<String>,
    findings: Vec<Finding>,
}

fn write_file(path: &Path, text: &str) -> Result<(), Finding> {
    write_atomic(path, text.as_bytes(), AtSymlink::Refuse).map_err(|e| {
        Finding::error(
            okta_cognito::finding::codes::EXPORT_WRITE_FAILED,
            format!("cannot write {}: {e}", path.display()),
            "Choose another -o FILE; a symbolic link there is refused.",
        )
    })
}

fn refuse_link(path: &Path) -> Result<(), Finding> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Finding::error(
            okta_cognito::finding::codes::EXPORT_WRITE_FAILED,
            format!("cannot write {}: it is a symbolic link", path.display()),
            "Choose another -o FILE (the import document goes beside it); a link there is refused.",
        )),
        _ => Ok(()),
    }
}

/// `<dir>/<stem>-import.json` beside the template.
fn import_path(template: &Path) -> PathBuf {
    let stem = template
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "federation".into());
    template
        .parent()
        .unwrap_or(Path::new(""))
        .join(format!("{stem}-import.json"))
}

fn done(result: JsonOut, json: bool) -> Exit {
    if json {
        print_json(&result);
    } else {
        if result.written_to.is_none() {
            out!("{}", result.text);
        }
        super::output::print_findings_text(&result.findings);
        for path in result.written_to.iter().chain(&result.import_written_to) {
            errln!("Wrote {}", path.display());
        }
        if result.written_to.is_none() {
            match result.format {
                "cloudformation" => errln!(
                    "Save the template above as {} (`> {}`).",
                    cloudformation::UNSAVED_TEMPLATE,
                    cloudformation::UNSAVED_TEMPLATE
                ),
                _ => errln!("Save it as a .tf file in its own folder (`> federation.tf`)."),
            }
        }
        errln!("To adopt the live resources (nothing is recreated):");
        for command in &result.next {
            errln!("  {command}");
        }
    }
    Exit::Ok
}

fn refuse(f: Finding, json: bool) -> Exit {
    super::output::report_refusal(&[f], json);
    Exit::Refused
}

/// Infrastructure code made inside a rehearsal says so on its first line (a `#` comment, which
/// both HCL and YAML read as a comment): its ids exist only in the rehearsal, and the file
/// must not pass for a customer's real federation.
fn rehearsal_marked(text: String) -> String {
    match super::rehearsal_label() {
        Some(place) => {
            format!("# REHEARSAL — {place}: these resources exist only in a rehearsal.\n{text}")
        }
        None => text,
    }
}

pub fn write(
    live: &Live,
    okta: Option<&OktaLive>,
    format: Format,
    output: Option<&Path>,
    json: bool,
) -> Exit {
    let mut result = JsonOut {
        client_id: live.client_id().to_string(),
        ..JsonOut::default()
    };
    match format {
        Format::Terraform => {
            result.format = "terraform";
            result.text = rehearsal_marked(terraform::render(live, okta));
            result.findings = terraform::findings(live);
            if let Some(path) = output {
                if let Err(f) = write_file(path, &result.text) {
                    return refuse(f, json);
                }
                result.written_to = Some(path.to_path_buf());
            }
            result.next = vec![
                "terraform init".into(),
                "terraform plan    # shows the imports and no change".into(),
                "terraform apply   # records them in the state".into(),
            ];
        }
        Format::Cloudformation => {
            result.format = "cloudformation";
            let template = cloudformation::render(live);
            result.text = rehearsal_marked(template.yaml.clone());
            let document = template.import_document();
            result.import_document = serde_json::from_str(&document).ok();
            let inline = serde_json::to_string(&template.to_import).unwrap_or_default();
            let import = output.map(import_path);
            if let (Some(path), Some(import)) = (output, &import) {
                // Both refused before either is written: a half-written export is not kept.
                let written = refuse_link(path)
                    .and_then(|()| refuse_link(import))
                    .and_then(|()| write_file(path, &result.text))
                    .and_then(|()| write_file(import, &document));
                if let Err(f) = written {
                    return refuse(f, json);
                }
                result.written_to = Some(path.to_path_buf());
                result.import_written_to = Some(import.clone());
            }
            result.next =
                cloudformation::adopt_commands(&live.region, output, import.as_deref(), &inline);
        }
        Format::Toml => unreachable!("the setup file is written by export itself"),
    }
    done(result, json)
}

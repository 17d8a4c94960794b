//! `okta-cognito metadata SOURCE`: fetch, preview and judge an IdP's metadata.

use super::Exit;
use super::output::{out, print_json};
use clap::Args;
use okta_cognito::finding::Finding;
use okta_cognito::flows::shown::MetadataReport as Report;
use okta_cognito::flows::shown::MetadataSource as Source;
use okta_cognito::flows::shown::binding_name;
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Args)]
pub struct MetadataArgs {
    /// Metadata URL (https://…), a file path, or - for standard input
    #[arg(value_name = "SOURCE")]
    source: String,
    /// Which identity provider to use when the document holds several
    #[arg(long, value_name = "ID")]
    entity_id: Option<String>,
    /// Print JSON instead of the preview
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    source: String,
    #[serde(flatten)]
    report: &'a Report,
}

pub async fn run(args: MetadataArgs) -> Exit {
    let source = Source::parse(&args.source);
    let report = okta_cognito::flows::metadata::check(&source, args.entity_id.as_deref()).await;
    if args.json {
        print_json(&JsonOut {
            source: source.describe(),
            report: &report,
        });
    } else {
        out!("{}", preview(&source.describe(), &report));
    }
    if report.accepted {
        Exit::Ok
    } else {
        Exit::Refused
    }
}

fn finding_lines(out: &mut String, findings: &[Finding]) {
    for f in findings {
        let _ = writeln!(out, "{}", f.indented(2));
    }
}

/// The readable preview: entity, endpoints, certificates with expiry, findings, verdict.
pub fn preview(source: &str, r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Metadata from {source}");
    if !r.entities.is_empty() {
        let _ = writeln!(out, "Entities in the document:");
        for e in &r.entities {
            let role = match (e.is_idp, e.is_sp) {
                (true, true) => "IdP + SP",
                (true, false) => "IdP",
                (false, true) => "SP",
                (false, false) => "other",
            };
            let _ = writeln!(out, "  {role:<8} {}", e.entity_id);
        }
    }
    if let Some(id) = &r.entity_id {
        let _ = writeln!(out, "Entity ID:       {id}");
        let _ = writeln!(out, "Single sign-on:");
        for e in &r.sso {
            let name = binding_name(&e.binding).unwrap_or(&e.binding);
            let mark = if name == "HTTP-Redirect" {
                "  (Cognito uses this)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {name:<14} {}{mark}", e.location);
        }
        if r.slo.is_empty() {
            let _ = writeln!(out, "Single logout:   none advertised");
        } else {
            let _ = writeln!(out, "Single logout:");
            for e in &r.slo {
                let name = binding_name(&e.binding).unwrap_or(&e.binding);
                let _ = writeln!(out, "  {name:<14} {}", e.location);
            }
        }
        if !r.name_id_formats.is_empty() {
            let _ = writeln!(out, "NameID formats:  {}", r.name_id_formats.join(", "));
        }
        if let Some(w) = &r.want_authn_requests_signed {
            let _ = writeln!(out, "WantAuthnRequestsSigned: {w}");
        }
        if let Some(v) = &r.valid_until {
            let _ = writeln!(out, "Valid until:     {v}");
        }
        if let Some(c) = &r.cache_duration {
            let _ = writeln!(out, "Cache duration:  {c}");
        }
        if !r.attributes.is_empty() {
            let names: Vec<&str> = r.attributes.iter().map(|a| a.name.as_str()).collect();
            let _ = writeln!(out, "Attributes:      {}", names.join(", "));
        }
        let _ = writeln!(out, "Certificates:");
        if r.certificates.is_empty() {
            let _ = writeln!(out, "  none usable");
        }
        for c in &r.certificates {
            let state = if c.expired() {
                format!("EXPIRED {} days ago", -c.days_left)
            } else {
                format!("{} days left", c.days_left)
            };
            let _ = writeln!(out, "  #{} {:<11} {}", c.index, c.key_use, c.subject);
            let _ = writeln!(
                out,
                "     valid {} → {} ({state})",
                &c.not_before[..10.min(c.not_before.len())],
                &c.not_after[..10.min(c.not_after.len())]
            );
            let _ = writeln!(
                out,
                "     {} {} bits, {}, serial {}",
                c.key_type, c.key_bits, c.signature_algorithm, c.serial
            );
            let _ = writeln!(out, "     issuer  {}", c.issuer);
            let _ = writeln!(out, "     SHA-1   {}", c.sha1);
            let _ = writeln!(out, "     SHA-256 {}", c.sha256);
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out, "Findings:");
        finding_lines(&mut out, &r.findings);
    }
    let errors = r.findings.iter().filter(|f| f.is_error()).count();
    if r.accepted {
        let _ = writeln!(out, "Verdict: Cognito will accept this metadata.");
    } else if r.unread() {
        let _ = writeln!(
            out,
            "Verdict: NOT CHECKED — the metadata could not be read, so there is nothing for Cognito to judge yet: fix the source above and run again."
        );
    } else {
        let _ = writeln!(
            out,
            "Verdict: REFUSED — Cognito would not accept this metadata ({errors} error{}).",
            if errors == 1 { "" } else { "s" }
        );
    }
    out
}

//! How headless commands print findings: text on stderr, or JSON on stdout with `--json`.

use okta_cognito::finding::{Finding, render_text, sort_by_severity};
use serde::Serialize;

pub fn print_findings_text(findings: &[Finding]) {
    let mut sorted = findings.to_vec();
    sort_by_severity(&mut sorted);
    eprint!("{}", render_text(&sorted));
}

pub fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: cannot render JSON: {e}"),
    }
}

#[derive(Serialize)]
pub struct FindingsOnly<'a> {
    pub findings: &'a [Finding],
}

/// Reports blocking findings in the requested form.
pub fn report_refusal(findings: &[Finding], json: bool) {
    if json {
        print_json(&FindingsOnly { findings });
    } else {
        print_findings_text(findings);
    }
}

//! How headless commands print: text with every control character from outside escaped (see
//! `terminal_text`), JSON on stdout with `--json`. A reader that went away (`| head`, `| true`)
//! ends the command quietly with status 0 instead of a panic.

use okta_cognito::finding::{Finding, render_text, sort_by_severity};
use okta_cognito::terminal_text::escape_controls;
use serde::Serialize;
use std::io::Write;

#[derive(Clone, Copy)]
pub enum Stream {
    Out,
    Err,
}

/// Writes `text` escaped; a closed pipe on stdout is the reader's choice to stop, not an error.
pub fn write(stream: Stream, text: &str) {
    let text = escape_controls(text);
    let result = match stream {
        Stream::Out => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
        Stream::Err => std::io::stderr().lock().write_all(text.as_bytes()),
    };
    if let Err(e) = result
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// `print!`, escaped and safe on a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::write($crate::cli::output::Stream::Out, &format!($($arg)*)) };
}
/// `println!`, escaped and safe on a closed pipe.
macro_rules! outln {
    () => { $crate::cli::output::write($crate::cli::output::Stream::Out, "\n") };
    ($($arg:tt)*) => { $crate::cli::output::write($crate::cli::output::Stream::Out, &format!("{}\n", format_args!($($arg)*))) };
}
/// `eprint!`, escaped.
macro_rules! err {
    ($($arg:tt)*) => { $crate::cli::output::write($crate::cli::output::Stream::Err, &format!($($arg)*)) };
}
/// `eprintln!`, escaped.
macro_rules! errln {
    () => { $crate::cli::output::write($crate::cli::output::Stream::Err, "\n") };
    ($($arg:tt)*) => { $crate::cli::output::write($crate::cli::output::Stream::Err, &format!("{}\n", format_args!($($arg)*))) };
}
pub(crate) use {err, errln, out, outln};

pub fn print_findings_text(findings: &[Finding]) {
    okta_cognito::finding::log("shown", findings);
    let mut sorted = findings.to_vec();
    sort_by_severity(&mut sorted);
    err!("{}", render_text(&sorted));
}

/// The command whose answer `print_json` wraps (set once, when the command line is read).
static COMMAND: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub fn set_command(name: String) {
    let _ = COMMAND.set(name);
}

/// Every `--json` answer has the same envelope, whatever the command:
///
/// ```json
/// {"command": "plan", "ok": true, "findings": [...], "result": {...}}
/// ```
///
/// `findings` is every finding of the run (the command's own `findings` are moved up here),
/// `ok` is false when one of them is an error, and `result` is the command's data (`null`
/// when it was refused before it had any).
#[derive(Serialize)]
struct Envelope<'a> {
    command: &'a str,
    ok: bool,
    findings: Vec<serde_json::Value>,
    result: serde_json::Value,
}

fn envelope(result: serde_json::Value, mut findings: Vec<serde_json::Value>) -> Envelope<'static> {
    let mut result = result;
    if let Some(own) = result
        .as_object_mut()
        .and_then(|o| o.remove("findings"))
        .and_then(|f| match f {
            serde_json::Value::Array(list) => Some(list),
            _ => None,
        })
    {
        findings.extend(own);
    }
    let ok = !findings.iter().any(|f| f["severity"] == "error");
    Envelope {
        command: COMMAND.get().map_or("okta-cognito", String::as_str),
        ok,
        findings,
        result,
    }
}

fn print_value<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        // serde_json has escaped every control character already.
        Ok(s) => outln!("{s}"),
        Err(e) => errln!("error: cannot render JSON: {e}"),
    }
}

/// A command's answer, in the one envelope.
pub fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_value(value) {
        Ok(v) => print_value(&envelope(v, vec![])),
        Err(e) => errln!("error: cannot render JSON: {e}"),
    }
}

/// A command's answer in the envelope, on one line (for a script reading line by line).
pub fn print_json_line<T: Serialize>(value: &T) {
    match serde_json::to_value(value).and_then(|v| serde_json::to_string(&envelope(v, vec![]))) {
        Ok(s) => outln!("{s}"),
        Err(e) => errln!("error: cannot render JSON: {e}"),
    }
}

/// Reports blocking findings in the requested form (JSON: the envelope, `result` null).
pub fn report_refusal(findings: &[Finding], json: bool) {
    if json {
        let findings = findings
            .iter()
            .filter_map(|f| serde_json::to_value(f).ok())
            .collect();
        print_value(&envelope(serde_json::Value::Null, findings));
    } else {
        print_findings_text(findings);
    }
}

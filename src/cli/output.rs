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

pub fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        // serde_json has escaped every control character already.
        Ok(s) => outln!("{s}"),
        Err(e) => errln!("error: cannot render JSON: {e}"),
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

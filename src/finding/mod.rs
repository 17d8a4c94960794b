//! The one shape every check in the tool speaks: the CLI, `--json`, the wizard and the doctor
//! report all render the same `Finding`s.

pub mod codes;

pub use codes::Code;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A result of one check: a stable kebab-case `code` scripts can match on, a one-line
/// `message` naming the field and the value, and a `fix` the user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub fix: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        code: Code,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            code,
            message: message.into(),
            fix: fix.into(),
        }
    }

    pub fn error(code: Code, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message, fix)
    }

    pub fn warning(code: Code, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message, fix)
    }

    pub fn info(code: Code, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message, fix)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.severity, self.code, self.message)?;
        if !self.fix.is_empty() {
            write!(f, "\n  fix: {}", self.fix)?;
        }
        Ok(())
    }
}

pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}

/// Most severe first, so a long list starts with what blocks the user.
pub fn sort_by_severity(findings: &mut [Finding]) {
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
}

impl Finding {
    /// The text block (`Display`) with every line indented by `by` spaces, for findings
    /// listed under a heading.
    pub fn indented(&self, by: usize) -> String {
        let pad = " ".repeat(by);
        self.to_string()
            .lines()
            .map(|l| format!("{pad}{l}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Text form used by every headless command: one block per finding.
pub fn render_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&f.to_string());
        out.push('\n');
    }
    out
}

/// Each finding a flow hands a face, to the log (a `tracing` event each: code, severity,
/// message; never the fix's values, which carry nothing the message does not). `context`
/// says which check found them.
pub fn log(context: &str, findings: &[Finding]) {
    for f in findings {
        tracing::info!(context, code = %f.code, severity = ?f.severity, message = %f.message, "finding");
    }
}

//! The terminal's one reporter: what a flow reports, as lines on stderr (stdout stays the
//! command's answer, so `--json` stays parseable).

use super::output::errln;
use okta_cognito::finding::Finding;
use okta_cognito::flows::progress::Reporter;
use okta_cognito::flows::shown::Progress;
use std::io::Write;
use std::time::Duration;

pub struct Terminal {
    /// stderr is a terminal: the countdown redraws one line.
    pub interactive: bool,
    /// stdin is a terminal: a pasted address can finish the sign-in.
    pub can_paste: bool,
    /// The sign-in's loopback port, for the SSH hint.
    pub port: u16,
    pub no_browser: bool,
    /// How many apply steps there are, for `[n/total]`.
    pub steps: usize,
}

impl Terminal {
    /// For `apply`: its steps only.
    pub fn for_apply(steps: usize) -> Terminal {
        Terminal {
            interactive: false,
            can_paste: false,
            port: 0,
            no_browser: false,
            steps,
        }
    }
}

impl Reporter for Terminal {
    fn apply_step(&self, p: Progress) {
        let total = self.steps;
        match p {
            Progress::Started { step, description } => {
                errln!("[{}/{total}] {description} …", step + 1)
            }
            Progress::Waiting { step, message } => errln!("[{}/{total}]   {message}", step + 1),
            Progress::Done { step, elapsed } => {
                errln!(
                    "[{}/{total}] done in {:.1} s",
                    step + 1,
                    elapsed.as_secs_f64()
                )
            }
            Progress::Failed { step, finding } => {
                errln!(
                    "[{}/{total}] FAILED: {}\n      fix: {}",
                    step + 1,
                    finding.message,
                    finding.fix
                )
            }
            Progress::Skipped { step, reason } => {
                errln!("[{}/{total}] skipped: {reason}", step + 1)
            }
        }
    }

    fn sign_in_url(&self, url: &str, redirect_uri: &str) {
        errln!("Sign-in URL:\n  {url}\nListening on {redirect_uri}");
        if self.no_browser {
            errln!("{}", okta_cognito::flows::sign_out::ssh_hint(self.port));
        }
        if self.can_paste {
            errln!(
                "If the browser cannot reach this machine, paste the address it ends on here and press Enter."
            );
        }
    }

    fn browser(&self, opened: &Result<String, Finding>) {
        match opened {
            Ok(by) => errln!("Opened the sign-in page with {by}."),
            Err(f) => errln!(
                "{}: {}\n  {}\n{}",
                f.severity,
                f.message,
                f.fix,
                okta_cognito::flows::sign_out::ssh_hint(self.port)
            ),
        }
    }

    fn waiting(&self, remaining: Duration) {
        if self.interactive {
            let s = remaining.as_secs();
            // Our own text, with the carriage return that redraws the line: written as it is.
            let _ = write!(
                std::io::stderr(),
                "\rWaiting for the sign-in: {}:{:02} left (Ctrl-C to stop) ",
                s / 60,
                s % 60
            );
            let _ = std::io::stderr().flush();
        }
    }

    fn exchanging(&self) {
        if self.interactive {
            errln!();
        }
        errln!("Code received; exchanging it for tokens and verifying them…");
    }
}

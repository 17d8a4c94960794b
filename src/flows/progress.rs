//! Progress for every long use case, through one trait (uv's reporters are the model): a flow
//! reports what happens as it happens, and each face implements the trait once — the
//! terminal's lines (`cli/reporter.rs`), the wizard's messages to its screens
//! (`tui/jobs.rs`). Every method has a silent default, so a face reports only what it shows.

use crate::cognito::apply::Progress;
use crate::finding::Finding;
use crate::login::LoginUi;
use std::time::Duration;

pub trait Reporter: Send + Sync {
    /// An apply step started, waited, finished, failed or was skipped.
    fn apply_step(&self, _step: Progress) {}
    /// The sign-in's URL is ready and its listener bound at `redirect_uri`.
    fn sign_in_url(&self, _url: &str, _redirect_uri: &str) {}
    /// The browser was opened (by what), or could not be.
    fn browser(&self, _opened: &Result<String, Finding>) {}
    /// The sign-in is still awaited; this much time is left.
    fn waiting(&self, _remaining: Duration) {}
    /// The code arrived; tokens are being fetched and verified.
    fn exchanging(&self) {}
}

/// Reports nothing: for `--json` runs and tests.
pub struct Silent;

impl Reporter for Silent {}

/// The sign-in's callbacks (the login domain's own trait), answered by a reporter.
pub(crate) struct AsLoginUi<'a>(pub &'a dyn Reporter);

impl LoginUi for AsLoginUi<'_> {
    fn url_ready(&self, url: &str, redirect_uri: &str) {
        self.0.sign_in_url(url, redirect_uri);
    }
    fn browser(&self, opened: &Result<String, Finding>) {
        self.0.browser(opened);
    }
    fn tick(&self, remaining: Duration) {
        self.0.waiting(remaining);
    }
    fn exchanging(&self) {
        self.0.exchanging();
    }
}

//! One `tracing` subscriber for both faces: a private file under the XDG state folder
//! (`$XDG_STATE_HOME/okta-cognito/okta-cognito.log`, else `~/.local/state/…`), mode 0600,
//! never the screen. It holds what support needs to follow a session: each AWS and Okta call
//! with its status and request id, each finding shown, each sign-in error. Never a secret:
//! what is logged is operation names, statuses, ids and findings, which carry none.
//!
//! `OKTA_COGNITO_LOG` sets the level (`error`, `warn`, `info` (the default), `debug`,
//! `trace`, or `off`).

use std::path::PathBuf;
use tracing_subscriber::filter::LevelFilter;

pub const LEVEL_ENV: &str = "OKTA_COGNITO_LOG";

/// Where the log is, when there is a home for it.
pub fn path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(base.join("okta-cognito").join("okta-cognito.log"))
}

fn level() -> LevelFilter {
    std::env::var(LEVEL_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO)
}

/// Keeps the log's writer thread alive; dropping it flushes what is queued.
pub struct Guard {
    _worker: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// Installs the subscriber for `face` ("wizard" or the command's name). A log that cannot be
/// opened (no home, a read-only disk, a link planted at its name) means no log, never an
/// error: logging must not stop the work it records.
pub fn init(face: &str) -> Guard {
    let level = level();
    if level == LevelFilter::OFF {
        return Guard { _worker: None };
    }
    let Some(file) = path().and_then(|p| open(&p).ok()) else {
        return Guard { _worker: None };
    };
    let (writer, guard) = tracing_appender::non_blocking(file);
    let installed = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(false)
        .with_max_level(level)
        .try_init()
        .is_ok();
    if installed {
        tracing::info!(
            face,
            version = env!("CARGO_PKG_VERSION"),
            pid = std::process::id(),
            "started"
        );
    }
    Guard {
        _worker: Some(guard),
    }
}

/// Opened for appending, created 0600, never through a link planted at its name (the log
/// would append to the link's target).
fn open(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .custom_flags(libc::O_NOFOLLOW)
        .mode(0o600)
        .open(path)
}

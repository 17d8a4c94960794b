//! The rehearsal's Cognito: moto in server mode behind AWS's published model (the layer the
//! tests use, `assets/rehearse/aws_model_layer.py`, built into this binary), on loopback.
//!
//! Which Python runs it is `python.rs`'s choice.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::time::{Duration, Instant};

pub(crate) const LAYER: &str = include_str!("../../assets/rehearse/aws_model_layer.py");

pub struct Emulator {
    pub endpoint: String,
    child: Child,
    // Closing this pipe makes the layer (and moto in it) stop, even if this process is
    // killed without running any destructor.
    lifeline: Option<ChildStdin>,
    /// moto's request log (its standard error), one line per request.
    pub log: PathBuf,
    /// Removed with the emulator, unless a failed start keeps it for its log.
    dir: Option<tempfile::TempDir>,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        drop(self.lifeline.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const FOLDER_PREFIX: &str = "okta-cognito-rehearsal-";
const OWNER_FILE: &str = "owner.pid";

/// Removes the folders of emulators whose process is gone. A folder without an owner file
/// (a failed start keeps its log that way) is left alone.
fn remove_stale_folders() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    // SAFETY: geteuid(2) has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    for entry in entries.flatten() {
        let name = entry.file_name();
        // Only this user's own folders (never through a link): /tmp is shared.
        use std::os::unix::fs::MetadataExt;
        let mine =
            std::fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_dir() && m.uid() == me);
        if !name.to_string_lossy().starts_with(FOLDER_PREFIX) || !mine {
            continue;
        }
        let owner = std::fs::read_to_string(entry.path().join(OWNER_FILE))
            .ok()
            .and_then(|s| s.trim().parse::<i32>().ok());
        if let Some(pid) = owner.filter(|pid| *pid > 0 && !process_alive(*pid)) {
            let _ = std::fs::remove_dir_all(entry.path());
            tracing::debug!(pid, "removed a dead rehearsal's folder");
        }
    }
}

fn process_alive(pid: i32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    let exists = r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    exists && !zombie(pid)
}

/// A killed process whose parent has not reaped it yet (or whose parent died, in a
/// container whose first process reaps nobody) still answers signal 0, but is dead.
fn zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        // pid (comm) state …; comm may hold spaces and parentheses, so read after the last ')'.
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            == Some("Z")
    })
}

fn answers_http(port: u16) -> bool {
    use std::io::Write;
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut buf = [0u8; 12];
    s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/")
}

pub fn free_port() -> std::io::Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
}

/// Starts the layer on `port` (0: a free one) and waits until it answers.
pub fn start(python: &Path, port: u16) -> Result<Emulator, String> {
    start_with(python, port, None)
}

/// The same, writing each request AWS's model refuses to `violations_log` (one JSON line
/// each), as the tests do for the suite's count.
pub fn start_with(
    python: &Path,
    port: u16,
    violations_log: Option<&Path>,
) -> Result<Emulator, String> {
    let port = if port == 0 {
        free_port().map_err(|e| format!("no free loopback port: {e}"))?
    } else if std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
        return Err(format!(
            "port {port} (for the local Cognito) is in use: choose another --port-base"
        ));
    } else {
        port
    };
    remove_stale_folders();
    let dir = tempfile::Builder::new()
        .prefix(FOLDER_PREFIX)
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder for the local Cognito: {e}"))?;
    // Says whose folder this is, so the next start can remove it if its owner was killed
    // (SIGKILL runs no destructor).
    let _ = std::fs::write(dir.path().join(OWNER_FILE), std::process::id().to_string());
    let layer = dir.path().join("aws_model_layer.py");
    std::fs::write(&layer, LAYER).map_err(|e| format!("cannot write {}: {e}", layer.display()))?;
    let log = dir.path().join("emulator.log");
    let stderr =
        std::fs::File::create(&log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let mut child = super::python::command(python)
        .arg(&layer)
        .arg(port.to_string())
        .args(violations_log)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", python.display()))?;
    let lifeline = child.stdin.take();
    let mut emulator = Emulator {
        endpoint: format!("http://127.0.0.1:{port}"),
        child,
        lifeline,
        log: log.clone(),
        dir: Some(dir),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while !answers_http(port) {
        if let Ok(Some(status)) = emulator.child.try_wait() {
            return Err(stopped_at_start(emulator, status));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the local Cognito did not answer on port {port} within 60 s"
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(emulator)
}

/// One line for the terminal: Python's last word (a traceback's final line), and where the
/// whole of it is. The log's folder is kept for that, not removed with the emulator.
fn stopped_at_start(emulator: Emulator, status: std::process::ExitStatus) -> String {
    let said = std::fs::read_to_string(&emulator.log).unwrap_or_default();
    let last = said
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut emulator = emulator;
    let kept = emulator.dir.take().map(tempfile::TempDir::keep);
    if let Some(d) = &kept {
        let _ = std::fs::remove_file(d.join(OWNER_FILE));
    }
    let log = kept.map_or(emulator.log.clone(), |d| d.join("emulator.log"));
    format!(
        "the local Cognito stopped at start ({status}): {}; its log: {}",
        crate::terminal_text::escape_controls(last.trim()),
        log.display()
    )
}

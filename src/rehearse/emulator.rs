//! The rehearsal's Cognito: moto in server mode behind AWS's published model (the layer the
//! tests use, `assets/rehearse/aws_model_layer.py`, built into this binary), on loopback.
//!
//! Which Python runs it, first that works: `$OKTA_COGNITO_REHEARSE_PYTHON`; the venv this tool
//! installed (`$XDG_DATA_HOME/okta-cognito/moto-venv`); `python3` on PATH if it already has
//! moto and botocore; else that venv is made now (one progress line, then pip's own).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

const LAYER: &str = include_str!("../../assets/rehearse/aws_model_layer.py");

/// What the venv holds (the same bounds as the tests' venv).
pub const REQUIREMENTS: [&str; 3] = ["moto[server]>=5.1,<6", "botocore>=1.44.8", "regex>=2024.1"];

/// What the layer imports: a Python that has these runs it.
const IMPORT_CHECK: &str = "import moto.moto_server.werkzeug_app, botocore, regex, werkzeug";

pub const PYTHON_ENV: &str = "OKTA_COGNITO_REHEARSE_PYTHON";

pub struct Emulator {
    pub endpoint: String,
    child: Child,
    // Closing this pipe makes the layer (and moto in it) stop, even if this process is
    // killed without running any destructor.
    lifeline: Option<ChildStdin>,
    /// moto's request log (its standard error), one line per request.
    pub log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        drop(self.lifeline.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn venv_dir() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("okta-cognito").join("moto-venv"))
}

fn can_run_layer(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", IMPORT_CHECK])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A Python that can run the layer, installing the venv if none can.
pub fn python(progress: &mut dyn FnMut(&str)) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os(PYTHON_ENV).filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        return if can_run_layer(&p) {
            Ok(p)
        } else {
            Err(format!(
                "{PYTHON_ENV}={} cannot import moto, botocore and regex. Unset it to let rehearse install its own, or run: {} -m pip install {}",
                p.display(),
                p.display(),
                REQUIREMENTS.map(|r| format!("'{r}'")).join(" ")
            ))
        };
    }
    let venv = venv_dir().ok_or("neither XDG_DATA_HOME nor HOME is set, so there is nowhere to install moto: set one of them")?;
    let venv_python = venv.join("bin/python");
    if venv_python.is_file() && can_run_layer(&venv_python) {
        return Ok(venv_python);
    }
    let system = PathBuf::from("python3");
    if can_run_layer(&system) {
        return Ok(system);
    }
    let has_python = Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_python {
        return Err("rehearse needs Python 3 (3.9 or later) to run the local Cognito (moto), and `python3` is not on PATH. Install it (Debian/Ubuntu: apt install python3 python3-venv; macOS: brew install python) and run rehearse again.".into());
    }
    progress(&format!(
        "installing the local Cognito (moto, botocore) into {} — first run only, about 90 seconds",
        venv.display()
    ));
    if !venv_python.is_file() {
        run_quietly(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
            "Install the venv module (Debian/Ubuntu: apt install python3-venv) and run rehearse again.",
        )?;
    }
    run_quietly(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(REQUIREMENTS),
        "pip install moto botocore regex",
        "pip needs to reach PyPI (or your index, PIP_INDEX_URL) once; check the network and run rehearse again.",
    )?;
    if can_run_layer(&venv_python) {
        Ok(venv_python)
    } else {
        Err(format!(
            "{} was installed but cannot import moto and botocore; remove {} and run rehearse again",
            venv_python.display(),
            venv.display()
        ))
    }
}

fn run_quietly(cmd: &mut Command, what: &str, fix: &str) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: cannot run it ({e}). {fix}"))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(format!(
        "{what} failed ({}): {} {fix}",
        out.status,
        crate::terminal_text::escape_controls(&tail.join(" / "))
    ))
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
    let dir = tempfile::Builder::new()
        .prefix("okta-cognito-rehearsal-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder for the local Cognito: {e}"))?;
    let layer = dir.path().join("aws_model_layer.py");
    std::fs::write(&layer, LAYER).map_err(|e| format!("cannot write {}: {e}", layer.display()))?;
    let log = dir.path().join("emulator.log");
    let stderr =
        std::fs::File::create(&log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let mut child = Command::new(python)
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
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while !answers_http(port) {
        if let Ok(Some(status)) = emulator.child.try_wait() {
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            let last: Vec<&str> = said.lines().rev().take(3).collect();
            return Err(format!(
                "the local Cognito stopped at start ({status}): {}",
                crate::terminal_text::escape_controls(
                    &last.into_iter().rev().collect::<Vec<_>>().join(" / ")
                )
            ));
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

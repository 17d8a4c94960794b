//! Which Python runs the rehearsal's Cognito (`assets/rehearse/aws_model_layer.py`).
//!
//! First that can really serve: `$OKTA_COGNITO_REHEARSE_PYTHON`; the venv this tool installed
//! (`$XDG_DATA_HOME/okta-cognito/moto-venv`); `python3` on PATH; else that venv is made now.
//! "Can serve" is decided by running the layer's own top level (every import it makes, the
//! model file it loads) and reading `moto.__version__` and `botocore.__version__` against the
//! floors below: a system Python whose moto imports but is older (Debian's, a distro's) is
//! passed over with one line saying why, never started to die with a traceback.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

// The floors, stated once: REQUIREMENTS and the version check are both made from them.
macro_rules! moto_floor {
    () => {
        // The first moto with `moto_server.werkzeug_app.MotoRequestHandler`, which the layer
        // serves with (5.2.1, as some machines carry, lacks it).
        "5.2.5"
    };
}
macro_rules! botocore_floor {
    () => {
        // The first botocore whose `cognito-idp` model has every member the layer checks.
        "1.44.8"
    };
}
pub const MOTO_FLOOR: &str = moto_floor!();
pub const BOTOCORE_FLOOR: &str = botocore_floor!();

/// What the rehearsal's venv holds (the tests' venv adds cfn-lint to the same).
pub const REQUIREMENTS: [&str; 3] = [
    concat!("moto[server]>=", moto_floor!(), ",<6"),
    concat!("botocore>=", botocore_floor!()),
    "regex>=2024.1",
];

pub const PYTHON_ENV: &str = "OKTA_COGNITO_REHEARSE_PYTHON";

/// Runs the layer's top level as a module (so `main` does not start) and says, as one JSON
/// line, the versions it found and the first error, if any. Never a traceback.
const PROBE: &str = r#"
import json, sys
out = {"python": sys.version.split()[0], "moto": None, "botocore": None, "error": None}
try:
    import moto
    out["moto"] = getattr(moto, "__version__", "unknown")
except BaseException as e:
    out["error"] = "%s: %s" % (type(e).__name__, e)
try:
    import botocore
    out["botocore"] = getattr(botocore, "__version__", "unknown")
except BaseException as e:
    out["error"] = out["error"] or "%s: %s" % (type(e).__name__, e)
if out["error"] is None:
    try:
        source = sys.stdin.read()
        exec(compile(source, "aws_model_layer.py", "exec"), {"__name__": "aws_model_layer_probe"})
    except BaseException as e:
        out["error"] = "%s: %s" % (type(e).__name__, e)
print(json.dumps(out))
"#;

/// What a Python said of itself when asked to serve the layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub python_version: Option<String>,
    pub moto: Option<String>,
    pub botocore: Option<String>,
    /// The first import or load that failed, as Python named it.
    pub error: Option<String>,
}

impl Probe {
    /// Why this Python cannot serve the layer, in a few words; None when it can.
    pub fn shortfall(&self) -> Option<String> {
        let mut why = vec![];
        match self.moto.as_deref() {
            None => why.push("no moto".to_string()),
            Some(v) if older(v, MOTO_FLOOR) => {
                why.push(format!("moto {v} (needs {MOTO_FLOOR} or later)"))
            }
            Some(_) => {}
        }
        match self.botocore.as_deref() {
            None => why.push("no botocore".to_string()),
            Some(v) if older(v, BOTOCORE_FLOOR) => {
                why.push(format!("botocore {v} (needs {BOTOCORE_FLOOR} or later)"))
            }
            Some(_) => {}
        }
        if why.is_empty() {
            if let Some(e) = &self.error {
                why.push(format!(
                    "it cannot load the local Cognito ({})",
                    cut(e, 160)
                ));
            }
        }
        (!why.is_empty()).then(|| why.join(", "))
    }
}

fn cut(s: &str, most: usize) -> String {
    let s = crate::terminal_text::escape_controls(s.trim());
    match s.char_indices().nth(most) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.into_owned(),
    }
}

/// The leading numbers of a version ("5.2.6.dev0" → [5, 2, 6]).
fn numbers(v: &str) -> Vec<u64> {
    v.split('.')
        .map_while(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// `v` is older than `floor`; a version with no numbers is older than any.
pub fn older(v: &str, floor: &str) -> bool {
    let (v, floor) = (numbers(v), numbers(floor));
    v.is_empty() || v < floor
}

pub fn venv_dir() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("okta-cognito").join("moto-venv"))
}

/// A command for `python`. The rehearsal's own venv runs isolated from the caller's
/// `PYTHONPATH` (a package there would shadow what the venv installed); any other Python is
/// the user's choice and keeps their environment.
pub fn command(python: &Path) -> Command {
    let mut cmd = Command::new(python);
    let own = venv_dir().is_some_and(|v| python.starts_with(v));
    if own {
        for k in [
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHONSTARTUP",
            "PYTHONUSERBASE",
        ] {
            cmd.env_remove(k);
        }
    }
    cmd
}

/// Asks `python` whether it can serve the layer. Err: it could not be run at all.
pub fn probe(python: &Path) -> Result<Probe, String> {
    use std::io::Write;
    let mut child = command(python)
        .args(["-c", PROBE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot be run ({e})"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A Python that exits before reading (not a Python at all) closes the pipe: its
        // answer below says so.
        let _ = stdin.write_all(super::emulator::LAYER.as_bytes());
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot be run ({e})"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().rev().find(|l| l.trim_start().starts_with('{'));
    let Some(v) = line.and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok()) else {
        return Err(format!(
            "did not answer as Python 3 does ({})",
            describe_exit(out.status)
        ));
    };
    let field = |k: &str| v[k].as_str().map(String::from);
    Ok(Probe {
        python_version: field("python"),
        moto: field("moto"),
        botocore: field("botocore"),
        error: field("error"),
    })
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    match status.code() {
        Some(c) => format!("exit status {c}"),
        None => "ended by a signal".into(),
    }
}

fn pip_command(python: &Path) -> String {
    format!(
        "{} -m pip install {}",
        python.display(),
        REQUIREMENTS.map(|r| format!("'{r}'")).join(" ")
    )
}

/// A Python that can run the layer, installing the venv if none can. `progress` hears one
/// line when the system Python is passed over and one when the venv is installed.
pub fn find(progress: &mut dyn FnMut(&str)) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os(PYTHON_ENV).filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        let why = match probe(&p) {
            Ok(found) => match found.shortfall() {
                None => return Ok(p),
                Some(why) => why,
            },
            Err(why) => why,
        };
        return Err(format!(
            "{PYTHON_ENV}={} cannot run the local Cognito: {why}. Fix: {}, or unset {PYTHON_ENV} to let rehearse use its own venv.",
            cut(&p.display().to_string(), 200),
            pip_command(&p)
        ));
    }
    let venv = venv_dir().ok_or(
        "neither XDG_DATA_HOME nor HOME is set, so there is nowhere to install moto: set one of them",
    )?;
    let venv_python = venv.join("bin/python");
    if venv_python.is_file() && probe(&venv_python).is_ok_and(|p| p.shortfall().is_none()) {
        return Ok(venv_python);
    }
    let system = PathBuf::from("python3");
    match probe(&system) {
        Ok(found) => match found.shortfall() {
            None => return Ok(system),
            Some(why) => progress(&format!(
                "python3 on PATH{} passed over: {why}; using the rehearsal's own venv instead",
                found
                    .python_version
                    .map(|v| format!(" (Python {v})"))
                    .unwrap_or_default()
            )),
        },
        Err(_) => {
            return Err("rehearse needs Python 3 (3.9 or later) to run the local Cognito (moto), and `python3` is not on PATH. Install it (Debian/Ubuntu: apt install python3 python3-venv; macOS: brew install python) and run rehearse again.".into());
        }
    }
    install(&venv, progress)?;
    let after = probe(&venv_python)?;
    match after.shortfall() {
        None => Ok(venv_python),
        Some(why) => Err(format!(
            "{} was installed but cannot run the local Cognito: {why}. Remove {} and run rehearse again.",
            venv_python.display(),
            venv.display()
        )),
    }
}

fn install(venv: &Path, progress: &mut dyn FnMut(&str)) -> Result<(), String> {
    progress(&format!(
        "installing the local Cognito (moto, botocore) into {} — first run only, about 90 seconds",
        venv.display()
    ));
    if !venv.join("bin/python").is_file() {
        run_quietly(
            Command::new("python3").args(["-m", "venv"]).arg(venv),
            "python3 -m venv",
            "Install the venv module (Debian/Ubuntu: apt install python3-venv) and run rehearse again.",
        )?;
    }
    run_quietly(
        command(&venv.join("bin/python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(REQUIREMENTS),
        "pip install moto botocore regex",
        "pip needs to reach PyPI (or your index, PIP_INDEX_URL) once; check the network and run rehearse again.",
    )
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
        cut(&tail.join(" / "), 600)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(moto: Option<&str>, botocore: Option<&str>, error: Option<&str>) -> Probe {
        Probe {
            python_version: Some("3.11.7".into()),
            moto: moto.map(String::from),
            botocore: botocore.map(String::from),
            error: error.map(String::from),
        }
    }

    #[test]
    fn versions_compare_by_their_numbers() {
        assert!(older("5.2.1", "5.2.5"));
        assert!(older("1.43.11", "1.44.8"));
        assert!(!older("1.44.10", "1.44.8"), "10 is after 8, not before");
        assert!(!older("5.2.6.dev0", "5.2.5"));
        assert!(!older("6.0", "5.2.5"));
        assert!(older("unknown", "5.2.5"));
    }

    #[test]
    fn an_old_system_moto_is_named_with_the_floor() {
        let p = found(
            Some("5.2.1"),
            Some("1.43.11"),
            Some("ImportError: cannot import name 'MotoRequestHandler'"),
        );
        assert_eq!(
            p.shortfall().unwrap(),
            "moto 5.2.1 (needs 5.2.5 or later), botocore 1.43.11 (needs 1.44.8 or later)"
        );
    }

    #[test]
    fn new_enough_but_broken_says_what_failed() {
        let p = found(
            Some("5.2.6"),
            Some("1.44.9"),
            Some("ModuleNotFoundError: No module named 'regex'"),
        );
        assert_eq!(
            p.shortfall().unwrap(),
            "it cannot load the local Cognito (ModuleNotFoundError: No module named 'regex')"
        );
        assert_eq!(found(Some("5.2.6"), Some("1.44.9"), None).shortfall(), None);
        assert_eq!(
            found(None, Some("1.44.9"), Some("ModuleNotFoundError")).shortfall(),
            Some("no moto".into())
        );
    }

    #[test]
    fn the_requirements_carry_the_floors() {
        assert!(REQUIREMENTS[0].contains(MOTO_FLOOR));
        assert!(REQUIREMENTS[1].contains(BOTOCORE_FLOOR));
    }
}

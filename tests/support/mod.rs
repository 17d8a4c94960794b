//! Shared test support: the Cognito emulator, fixtures and a way to run the real binary.
#![allow(dead_code)]

pub mod aws_like;
pub mod fault_proxy;
pub mod federation;
pub mod hosted_ui;
pub mod http;
pub mod login_lab;
pub mod moto;
pub mod okta;
pub mod okta_case;
pub mod pty;
pub mod rehearsal;
pub mod states;

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A service app's private key from `tests/fixtures/okta-keys/`, readable by its owner alone
/// as the tool demands (git keeps no such mode, so a checkout has it 0644).
#[allow(dead_code)]
pub fn private_key(name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = fixture(&format!("okta-keys/{name}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
        .unwrap_or_else(|e| panic!("chmod 600 {}: {e}", path.display()));
    path
}

/// The real binary, with AWS pointed nowhere unless the test adds the emulator's env.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_okta-cognito"));
    c.env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("OKTA_ORG_URL")
        .env_remove("OKTA_API_TOKEN")
        .env_remove("OKTA_CLIENT_ID")
        .env_remove("OKTA_PRIVATE_KEY_FILE")
        .env_remove("OKTA_PRIVATE_KEY_ID")
        .env("NO_COLOR", "1");
    c
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run okta-cognito");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// The finding codes of a `--json` answer, in order.
pub fn finding_codes(v: &serde_json::Value) -> Vec<&str> {
    v["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["code"].as_str()).collect())
        .unwrap_or_default()
}

/// A `--json` answer: the envelope every command prints (`command`, `ok`, `findings`,
/// `result`) is checked, and what the command answered is returned as one object — its
/// `result`, with the envelope's `findings` beside the rest.
pub fn answer(stdout: &str) -> serde_json::Value {
    let v: serde_json::Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    for key in ["command", "ok", "findings", "result"] {
        assert!(v.get(key).is_some(), "the envelope lacks {key}: {v:#}");
    }
    let errors = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "error");
    assert_eq!(
        v["ok"], !errors,
        "ok says whether an error was found: {v:#}"
    );
    let mut result = match v["result"].clone() {
        serde_json::Value::Object(o) => o,
        serde_json::Value::Null => serde_json::Map::new(),
        other => return other,
    };
    result.insert("findings".into(), v["findings"].clone());
    serde_json::Value::Object(result)
}

//! The Cognito emulator for tests: moto in server mode behind AWS's published model
//! (`aws_model_layer.py`: every request checked against botocore's `cognito-idp` model, and
//! what moto lacks supplied), on a free loopback port, one per test binary. moto, botocore and
//! `regex` live in `target/moto-venv`, installed there on first use, so `cargo test` works on
//! a machine that has only Rust and Python. cfn-lint (the official CloudFormation linter, with
//! its resource schemas) lives there too, for the exported templates.

use okta_cognito::rehearse::emulator;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// What the venv holds: the rehearsal's own requirements, cfn-lint, and signxml (an XML
/// signature implementation no one here wrote, which checks the local IdP's signatures). A
/// venv installed with other requirements is brought up to these.
fn requirements() -> Vec<&'static str> {
    let mut r = okta_cognito::rehearse::python::REQUIREMENTS.to_vec();
    r.push("cfn-lint>=1.20");
    r.push("signxml>=4");
    r
}

/// The product's own emulator (`okta_cognito::rehearse::emulator`), on a free port.
pub struct Moto {
    pub endpoint: String,
    // Its standard input closes when the test binary exits, and the layer (and moto) stop.
    _emulator: Mutex<emulator::Emulator>,
}

static MOTO: OnceLock<Moto> = OnceLock::new();

/// The emulator shared by every test in this binary; tests isolate themselves by creating
/// their own pools.
pub fn moto() -> &'static Moto {
    MOTO.get_or_init(start)
}

static APART: OnceLock<Moto> = OnceLock::new();

/// A second emulator, for the wizard's walks that pick their pool from the region's list:
/// in the shared one, every other test's pools crowd it off the screen.
pub fn moto_apart() -> &'static Moto {
    APART.get_or_init(start)
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn venv_dir() -> PathBuf {
    target_dir().join("moto-venv")
}

fn run(cmd: &mut Command, what: &str) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(status.success(), "{what} failed with {status}");
}

/// Installs the requirements into a venv under target/, guarded by a lock directory because
/// several test binaries may start at once. A marker file says what was installed.
fn install_venv() -> PathBuf {
    let venv = venv_dir();
    let python = venv.join("bin/python");
    let marker = venv.join(".okta-cognito-requirements");
    let wanted = requirements().join(" ");
    let lock = target_dir().join("moto-venv.lock");
    std::fs::create_dir_all(target_dir()).expect("create target dir");
    let deadline = Instant::now() + Duration::from_secs(600);
    while std::fs::create_dir(&lock).is_err() {
        assert!(
            Instant::now() < deadline,
            "waited 10 minutes for {} to go",
            lock.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let installed = std::fs::read_to_string(&marker).unwrap_or_default();
    if installed.trim() != wanted || !python.is_file() {
        eprintln!(
            "installing {wanted} into {} (first run only)",
            venv.display()
        );
        if !python.is_file() {
            run(
                Command::new("python3").args(["-m", "venv"]).arg(&venv),
                "python3 -m venv",
            );
        }
        run(
            Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .args(requirements()),
            "pip install (moto, botocore, regex, cfn-lint, signxml)",
        );
        std::fs::write(&marker, &wanted).expect("write the venv marker");
    }
    let _ = std::fs::remove_dir(&lock);
    python
}

/// The venv's Python, with the requirements installed.
pub fn venv_python() -> PathBuf {
    install_venv()
}

/// Where the model layer writes each request AWS would refuse (one JSON line each).
pub fn violations_log() -> PathBuf {
    target_dir().join("aws-model-violations.log")
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn start() -> Moto {
    let emulator = emulator::start_with(&venv_python(), 0, Some(&violations_log()))
        .unwrap_or_else(|e| panic!("the emulator did not start: {e}"));
    Moto {
        endpoint: emulator.endpoint.clone(),
        _emulator: Mutex::new(emulator),
    }
}

impl Moto {
    /// An SDK config that reaches the emulator exactly as `AWS_ENDPOINT_URL` would.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        use aws_sdk_cognitoidentityprovider::config::{Credentials, Region};
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&self.endpoint)
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
            .load()
            .await
    }

    /// One Cognito call as raw JSON, without the SDK: what the service itself answers, to
    /// compare an export with (member names as the API spells them).
    pub async fn raw(&self, action: &str, body: serde_json::Value) -> serde_json::Value {
        let answer = reqwest::Client::new()
            .post(&self.endpoint)
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", format!("AWSCognitoIdentityProviderService.{action}"))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0",
            )
            .body(body.to_string())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{action}: {e}"));
        let status = answer.status();
        let text = answer.text().await.unwrap();
        assert!(status.is_success(), "{action}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// Holds `pool` to Cognito's request-rate quotas from now on (the model layer answers
    /// `TooManyRequestsException` beyond them); returns how many of its requests were refused
    /// for going beyond so far.
    pub async fn quotas(&self, pool: &str) -> u64 {
        let answer: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/_aws_model/quotas", self.endpoint))
            .body(serde_json::json!({ "UserPoolId": pool }).to_string())
            .send()
            .await
            .expect("the model layer answers")
            .json()
            .await
            .expect("the model layer answers JSON");
        answer["throttled"].as_u64().expect("a count")
    }

    pub async fn client(&self) -> aws_sdk_cognitoidentityprovider::Client {
        aws_sdk_cognitoidentityprovider::Client::new(&self.sdk_config().await)
    }

    /// Environment for running the real binary against the emulator, with no access to the
    /// developer's own AWS files.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_CONFIG_FILE", "/dev/null".into()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ]
    }
}

/// The real binary's command, pointed at the shared emulator.
pub fn with_emulator(mut c: std::process::Command) -> std::process::Command {
    for (k, v) in moto().env() {
        c.env(k, v);
    }
    c
}

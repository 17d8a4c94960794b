//! The Cognito emulator for tests: moto in server mode on a free loopback port, one per test
//! binary. moto is found on PATH, in `target/moto-venv`, or installed there on first use, so
//! `cargo test` works on a machine that has only Rust and Python.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub struct Moto {
    pub endpoint: String,
    // Closing this pipe (when the test binary exits) makes the wrapper shell stop moto.
    _lifeline: Mutex<ChildStdin>,
    _child: Mutex<Child>,
}

static MOTO: OnceLock<Moto> = OnceLock::new();

/// The emulator shared by every test in this binary; tests isolate themselves by creating
/// their own pools.
pub fn moto() -> &'static Moto {
    MOTO.get_or_init(start)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
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

/// Installs moto into a venv under target/, guarded by a lock directory because several test
/// binaries may start at once.
fn install_moto() -> PathBuf {
    let venv = venv_dir();
    let server = venv.join("bin/moto_server");
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
    if !server.is_file() {
        eprintln!(
            "moto_server not found: installing moto[server] into {} (first run only)",
            venv.display()
        );
        let python = on_path("python3").unwrap_or_else(|| PathBuf::from("python3"));
        run(
            Command::new(&python).args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        );
        run(
            Command::new(venv.join("bin/pip")).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "moto[server]>=5.1,<6",
            ]),
            "pip install moto[server]",
        );
    }
    let _ = std::fs::remove_dir(&lock);
    server
}

pub fn moto_server_path() -> PathBuf {
    if let Some(p) = std::env::var_os("MOTO_SERVER") {
        return PathBuf::from(p);
    }
    let venv_server = venv_dir().join("bin/moto_server");
    if venv_server.is_file() {
        return venv_server;
    }
    if let Some(p) = on_path("moto_server") {
        // A pyenv shim exists even when the active Python lacks moto: ask it.
        if Command::new(&p)
            .arg("--help")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            return p;
        }
    }
    install_moto()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn answers_http(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    use std::io::Write;
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut buf = [0u8; 12];
    s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/")
}

fn start() -> Moto {
    let server = moto_server_path();
    let port = free_port();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#""$0" -H 127.0.0.1 -p "$1" >/dev/null 2>&1 & pid=$!; read _ignored; kill "$pid""#)
        .arg(&server)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
    let lifeline = child.stdin.take().expect("piped stdin");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !answers_http(port) {
        assert!(
            Instant::now() < deadline,
            "moto_server ({}) did not answer on port {port} within 60 s",
            server.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Moto {
        endpoint: format!("http://127.0.0.1:{port}"),
        _lifeline: Mutex::new(lifeline),
        _child: Mutex::new(child),
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

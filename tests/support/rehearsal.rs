//! `okta-cognito rehearse --serve` as a script uses it: started as a child process, its
//! `export` lines read until `ready`, stopped with SIGTERM.

use portable_pty::CommandBuilder;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

pub struct Served {
    child: Child,
    /// Each `export NAME='value'`, unquoted.
    pub env: Vec<(String, String)>,
    pub setup: PathBuf,
    /// Everything it said on stderr so far.
    said: std::sync::Arc<std::sync::Mutex<String>>,
}

/// The Python the rehearsal runs moto with: the tests' venv, so nothing is installed twice.
pub fn python_env() -> (&'static str, PathBuf) {
    ("OKTA_COGNITO_REHEARSE_PYTHON", super::moto::venv_python())
}

fn unquote(v: &str) -> String {
    v.strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(v)
        .replace("'\\''", "'")
}

/// `rehearse --serve` with `args`, in `cwd`, run to its end: for a rehearsal that is
/// expected to be refused before it serves.
pub fn serve_refused(args: &[&std::ffi::OsStr], cwd: &Path) -> super::Run {
    let (k, python) = python_env();
    super::run(
        super::bin()
            .args(["rehearse", "--serve"])
            .args(args)
            .current_dir(cwd)
            .env(k, python),
    )
}

/// `rehearse --serve` with `args`, in `cwd`, once it says `ready`.
pub fn serve(args: &[&str], cwd: &Path) -> Served {
    serve_cmd(super::bin(), args, cwd)
}

/// The same from `cmd` (the binary with the caller's environment).
pub fn serve_cmd(mut cmd: Command, args: &[&str], cwd: &Path) -> Served {
    let (k, python) = python_env();
    let mut child = cmd
        .arg("rehearse")
        .arg("--serve")
        .args(args)
        .current_dir(cwd)
        .env(k, python)
        .env("HOME", cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rehearse --serve");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let said = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let keep = said.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            keep.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    let mut env = vec![];
    let mut setup = None;
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| {
                panic!(
                    "rehearse --serve did not say ready; stderr:\n{}",
                    said.lock().unwrap()
                )
            });
        if line == "ready" {
            break;
        }
        if let Some(rest) = line.strip_prefix("export ") {
            let (k, v) = rest.split_once('=').expect("NAME=value");
            env.push((k.to_string(), unquote(v)));
        } else if let Some(p) = line.strip_prefix("setup: ") {
            setup = Some(cwd.join(p));
        }
    }
    Served {
        child,
        env,
        setup: setup.expect("a setup: line before ready"),
        said,
    }
}

impl Served {
    pub fn var(&self, name: &str) -> String {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("rehearse exported no {name}"))
    }

    /// The real binary with the rehearsal's environment (and nothing of this machine's).
    pub fn bin(&self) -> Command {
        let mut c = super::bin();
        c.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        c
    }

    /// What it has said on stderr so far.
    pub fn said(&self) -> String {
        self.said.lock().unwrap().clone()
    }

    /// What it has said on stderr once that holds `needle` (stderr is read on its own thread,
    /// so a line written before `ready` may arrive after it), or after 30 s, whatever it said.
    pub fn said_once(&self, needle: &str) -> String {
        let until = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let said = self.said();
            if said.contains(needle) || std::time::Instant::now() > until {
                return said;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, as a script's `kill` sends it; how it exited.
    pub fn stop(self) -> ExitStatus {
        self.stop_with(libc::SIGTERM)
    }

    /// The signal `signo`; how it exited.
    pub fn stop_with(mut self, signo: i32) -> ExitStatus {
        unsafe {
            libc::kill(self.child.id() as i32, signo);
        }
        self.child.wait().expect("wait for rehearse")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The loopback ports an `http://127.0.0.1:P…` value names.
pub fn port_of(url: &str) -> u16 {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.port())
        .unwrap_or_else(|| panic!("no port in {url}"))
}

/// `okta-cognito rehearse` in `dir` for a pseudo-terminal, on a machine with no AWS or Okta
/// of its own (HOME is `dir`; nothing of the developer's environment reaches it).
pub fn rehearse_command(dir: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_okta-cognito"));
    cmd.arg("rehearse");
    cmd.cwd(dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", dir);
    cmd.env("NO_COLOR", "1");
    let (k, python) = python_env();
    cmd.env(k, python);
    for k in [
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "OKTA_ORG_URL",
        "OKTA_API_TOKEN",
    ] {
        cmd.env_remove(k);
    }
    cmd
}

/// The three ports the REHEARSAL label names (Cognito, Okta, hosted UI).
pub fn label_ports(screen: &str) -> Vec<u16> {
    let ports: Vec<u16> = ["Cognito :", "Okta :", "hosted UI :"]
        .iter()
        .filter_map(|name| {
            let rest = screen.split(name).nth(1)?;
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(
        ports.len(),
        3,
        "the label names the three local services:\n{screen}"
    );
    ports
}

pub fn ports_are_free(ports: &[u16]) {
    for p in ports {
        std::net::TcpListener::bind(("127.0.0.1", *p))
            .unwrap_or_else(|e| panic!("port {p} is still held after the rehearsal ended: {e}"));
    }
}

/// Held while a test signs in on the default login port (8976): a lab or `--tenants`
/// rehearsal registers that port's callback, and two sign-ins at once would collide on it.
/// A file lock, so tests in separate processes (nextest) wait for each other too.
pub struct DefaultLoginPort(std::fs::File);

impl Drop for DefaultLoginPort {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a descriptor this value owns.
        unsafe {
            libc::flock(self.0.as_raw_fd(), libc::LOCK_UN);
        }
    }
}

pub fn default_login_port() -> DefaultLoginPort {
    use std::os::fd::AsRawFd;
    let path = super::moto::target_dir().join("default-login-port.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .expect("open the login port's lock file");
    // SAFETY: flock on a descriptor the file owns; it blocks until the port's user is done.
    let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
    assert_eq!(locked, 0, "lock {}", path.display());
    DefaultLoginPort(file)
}

/// A `$BROWSER` that signs in with the rehearsal's sign-in page as it stands, or with
/// `set` typed into one of its fields first.
pub fn browser(dir: &Path, name: &str, set: Option<&str>) -> String {
    let set = set.map(|s| format!("--set '{s}' ")).unwrap_or_default();
    browser_with(dir, name, &set)
}

/// The stand-in browser with `options` (fake_browser.py's, shell-quoted by the caller).
pub fn browser_with(dir: &Path, name: &str, options: &str) -> String {
    let script = dir.join(name);
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec python3 {} {options}\"$@\"\n",
            super::fixture("../support/fake_browser.py").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script.display().to_string()
}

/// The README's headless steps on a rehearsal's setup file: `okta-app` makes the Okta app,
/// `apply` the Cognito side; each must succeed.
pub fn okta_app_and_apply(served: &Served, setup_file: &Path, cwd: &Path) {
    for args in [
        vec!["okta-app", "--config"],
        vec!["apply", "--yes", "--config"],
    ] {
        let r = super::run(served.bin().args(&args).arg(setup_file).current_dir(cwd));
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    }
}

/// `apply --yes` on the rehearsal's setup file, which must succeed.
pub fn apply(served: &Served, cwd: &Path) {
    let r = super::run(
        served
            .bin()
            .args(["apply", "--yes", "--config"])
            .arg(&served.setup)
            .current_dir(cwd),
    );
    assert_eq!(r.code, 0, "apply: {}{}", r.stdout, r.stderr);
}

/// Hidden fields and the form's action of a page the local Okta serves.
pub fn form_of(page: &str) -> (String, Vec<(String, String)>) {
    let action = {
        let at = page.find("action=\"").expect("a form") + 8;
        page[at..at + page[at..].find('"').unwrap()].replace("&amp;", "&")
    };
    let re =
        regex_lite::Regex::new(r#"<input type="(?:hidden|text)" name="([^"]+)" value="([^"]*)""#)
            .unwrap();
    let fields = re
        .captures_iter(page)
        .map(|c| {
            let v = c[2]
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            (c[1].replace("&amp;", "&"), v)
        })
        .collect();
    (action, fields)
}

/// The callback a sign-in ends on when Cognito refuses the response's signature.
pub const SIGNATURE_ERROR_CALLBACK: &str = "http://localhost:8976/callback?error=server_error&error_description=Invalid+SAML+response+received%3A+SAML+Assertion+signature+is+invalid.";

/// `login` came back with verified tokens.
pub fn signed_in(r: &super::Run) -> bool {
    r.code == 0 && r.stdout.contains("identities")
}

/// `login` failed with Cognito's signature error.
pub fn refused_for_its_signature(r: &super::Run) -> bool {
    r.code != 0 && (r.stdout.clone() + &r.stderr).contains("SAML Assertion signature is invalid")
}

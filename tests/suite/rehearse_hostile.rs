//! The rehearsal where the user stands, and under attack: which Python it chooses on a machine
//! as it comes (an old system moto, a broken one named by the variable, the machine's own
//! python3 with nothing installed yet); signals and SIGKILL while the wizard runs; a second
//! rehearsal on the same setup file; a customer's export that names files outside its folder;
//! the API token a local user could read.

use crate::support;

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};
use support::pty::{spawn_in_pty, wait_exit};
use support::rehearsal::{
    label_ports, ports_are_free, python_env, rehearse_command, serve, serve_refused,
};
use support::run;

/// A `python3` whose moto is present but old and partial (5.0.0, without the request
/// handler the layer serves with), as a distribution's may be: a wrapper that puts a stub
/// package ahead of everything else.
fn old_moto_python(dir: &Path) -> PathBuf {
    let stub = dir.join("stub-site");
    std::fs::create_dir_all(stub.join("moto/moto_server")).unwrap();
    std::fs::write(stub.join("moto/__init__.py"), "__version__ = \"5.0.0\"\n").unwrap();
    std::fs::write(stub.join("moto/moto_server/__init__.py"), "").unwrap();
    std::fs::write(
        stub.join("moto/moto_server/werkzeug_app.py"),
        "class DomainDispatcherApplication: pass\ndef create_backend_app(service): pass\n",
    )
    .unwrap();
    let real = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("the machine's python3");
    let real = String::from_utf8(real.stdout).unwrap().trim().to_string();
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let wrapper = bin.join("python3");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nPYTHONPATH='{}' exec '{real}' \"$@\"\n",
            stub.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    wrapper
}

/// `rehearse --serve --json` as a newcomer runs it: no Python variable, the data folder
/// `data` (empty), everything else as the machine has it. Its own process group, so the
/// test can end it with whatever it started (pip included).
fn newcomer(dir: &Path, data: &Path, path_first: Option<&Path>) -> Command {
    let mut cmd = support::bin();
    cmd.args(["rehearse", "--serve", "--json"])
        .current_dir(dir)
        .env("XDG_DATA_HOME", data)
        .env("TMPDIR", dir)
        .env_remove(python_env().0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    if let Some(first) = path_first {
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{}:{path}", first.display()));
    }
    cmd
}

/// Every line the child writes to stdout and stderr, as it writes them.
fn lines_of(child: &mut Child) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    rx
}

/// Reads lines until one contains `needle`; all lines read so far.
fn until(rx: &Receiver<String>, needle: &str, within: Duration) -> Vec<String> {
    let deadline = Instant::now() + within;
    let mut seen = vec![];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(_) => panic!(
                "no line with {needle:?} within {within:?}:\n{}",
                seen.join("\n")
            ),
        }
    }
}

fn end_group(child: &mut Child) -> std::process::ExitStatus {
    // SAFETY: kill(2) on the process group this test made for the child.
    unsafe {
        libc::kill(-(child.id() as i32), libc::SIGTERM);
    }
    child.wait().unwrap()
}

#[test]
fn a_system_python_with_an_old_moto_is_passed_over_for_the_rehearsals_own_venv() {
    let dir = tempfile::tempdir().unwrap();
    let python3 = old_moto_python(dir.path());
    let data = dir.path().join("data");
    let mut child = newcomer(dir.path(), &data, python3.parent())
        .spawn()
        .unwrap();
    let rx = lines_of(&mut child);
    let seen = until(&rx, "installing the local Cognito", Duration::from_secs(60));
    end_group(&mut child);
    let said = seen.join("\n");
    assert!(
        said.contains("python3 on PATH (Python 3.") && said.contains("passed over"),
        "{said}"
    );
    assert!(
        said.contains("moto 5.0.0 (needs 5.2.5 or later)"),
        "the version found and the floor: {said}"
    );
    assert!(
        said.contains(&data.join("okta-cognito/moto-venv").display().to_string()),
        "{said}"
    );
    assert!(!said.contains("Traceback"), "{said}");
}

/// The README's first command on this machine as it comes: its own python3 (here, moto
/// 5.2.1 and botocore 1.43.11, too old to serve) and a data folder with nothing in it. The
/// rehearsal comes up, installing its venv if the machine's Python cannot serve.
#[test]
fn the_machines_own_python3_brings_the_rehearsal_up_in_a_fresh_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut child = newcomer(dir.path(), &data, None).spawn().unwrap();
    let rx = lines_of(&mut child);
    let seen = until(&rx, "\"ready\":true", Duration::from_secs(900));
    let said = seen.join("\n");
    assert!(!said.contains("Traceback"), "{said}");
    if said.contains("passed over") {
        assert!(said.contains("needs"), "says why: {said}");
        assert!(data.join("okta-cognito/moto-venv/bin/python").is_file());
    }
    let status = end_group(&mut child);
    assert!(status.success(), "{status:?}\n{said}");
}

#[test]
fn a_python_the_variable_names_that_cannot_serve_is_one_line_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let old = old_moto_python(dir.path());
    for (python, found) in [
        (old.clone(), "moto 5.0.0 (needs 5.2.5 or later)"),
        (
            PathBuf::from("/bin/false"),
            "did not answer as Python 3 does",
        ),
        (dir.path().join("no-such-python"), "cannot be run"),
    ] {
        let r = run(support::bin()
            .args(["rehearse", "--serve"])
            .current_dir(dir.path())
            .env(python_env().0, &python));
        assert_eq!(r.code, 1, "{}", r.stderr);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line:\n{}", r.stderr);
        let line = lines[0];
        assert!(
            line.contains(&format!(
                "OKTA_COGNITO_REHEARSE_PYTHON={}",
                python.display()
            )),
            "{line}"
        );
        assert!(line.contains(found), "{line}");
        assert!(
            line.contains("-m pip install 'moto[server]>=5.2.5,<6'"),
            "{line}"
        );
        assert!(
            line.contains("unset OKTA_COGNITO_REHEARSE_PYTHON"),
            "{line}"
        );
        assert!(!r.stderr.contains("Traceback"));
    }
}

/// SIGTERM, SIGINT, SIGQUIT or SIGHUP (sent from another terminal) to `rehearse` while its
/// wizard runs: the wizard restores the terminal and ends as it would alone (128 + the
/// signal), every port and process is gone.
#[test]
fn every_terminating_signal_to_rehearse_ends_the_wizard_cleanly() {
    for signo in [libc::SIGTERM, libc::SIGINT, libc::SIGQUIT, libc::SIGHUP] {
        let dir = tempfile::tempdir().unwrap();
        let (s, mut child, _pty) = spawn_in_pty(rehearse_command(dir.path()), 100, 30);
        s.wait_for("Continue the setup from rehearsal.toml");
        let ports = label_ports(&s.text());
        let pid = child.process_id().expect("rehearse's pid");
        unsafe {
            libc::kill(pid as i32, signo);
        }
        let status = wait_exit(&mut child);
        assert_eq!(status.exit_code(), 128 + signo as u32, "signal {signo}");
        s.settle_after_exit();
        assert!(
            !s.parser.lock().unwrap().screen().alternate_screen(),
            "signal {signo}: the terminal left the wizard's screen"
        );
        ports_are_free(&ports);
        no_process_left_in(dir.path());
    }
}

/// The processes whose working folder is `dir` (the wizard, moto): none, within 10 s.
fn no_process_left_in(dir: &Path) {
    let dir = dir.canonicalize().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left: Vec<String> = std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
            .filter(|e| std::fs::read_link(e.path().join("cwd")).is_ok_and(|c| c == dir))
            .map(|e| {
                let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
                String::from_utf8_lossy(&cmd).replace('\0', " ")
            })
            .collect();
        if left.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still running in {}: {left:?}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// SIGKILL to `rehearse` (no handler can run) started from a shell, as a person starts it
/// (the shell, not rehearse, leads the terminal's session, so the kernel's hang-up does not
/// reach the wizard): the wizard is told by the kernel that its parent died, restores the
/// terminal and ends; moto ends with its lifeline; the temporary folder left behind is
/// removed by the next rehearsal.
#[test]
fn a_killed_rehearsal_leaves_no_wizard_and_its_folder_is_cleaned_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut cmd = rehearse_command(dir.path());
    cmd.env("TMPDIR", &tmp);
    let argv = cmd.get_argv_mut();
    let mut shell: Vec<std::ffi::OsString> = vec![
        "sh".into(),
        "-c".into(),
        // The shell stays, as a person's would, holding the terminal's session.
        "\"$0\" \"$@\"; exec sleep 120".into(),
    ];
    shell.append(argv);
    *argv = shell;
    let (s, mut shell_child, _pty) = spawn_in_pty(cmd, 100, 30);
    s.wait_for("Continue the setup from rehearsal.toml");
    let sh = shell_child.process_id().expect("the shell's pid");
    let rehearse = children_of(sh);
    assert_eq!(rehearse.len(), 1, "the shell runs rehearse: {rehearse:?}");
    unsafe {
        libc::kill(rehearse[0], libc::SIGKILL);
    }
    s.settle_after_exit();
    assert!(
        !s.parser.lock().unwrap().screen().alternate_screen(),
        "the wizard restored the terminal:\n{}",
        s.text()
    );
    let _ = shell_child.kill();
    let _ = shell_child.wait();
    no_process_left_in(dir.path());
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().collect();
    assert_eq!(left.len(), 1, "SIGKILL runs no destructor: {left:?}");

    let next = dir.path().join("next");
    std::fs::create_dir(&next).unwrap();
    let mut again = support::bin();
    again.env("TMPDIR", &tmp);
    let served = serve_with(&next, again);
    let now: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(
        !now.contains(&left[0].path()),
        "the dead rehearsal's folder is gone: {now:?}"
    );
    assert!(served.stop().success());
}

/// The pids whose parent is `pid`.
fn children_of(pid: u32) -> Vec<i32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<i32>().ok())
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/stat")).is_ok_and(|stat| {
                // pid (comm) state ppid …; comm may hold spaces, so read after its ')'.
                stat.rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
                    == Some(pid)
            })
        })
        .collect()
}

fn serve_with(cwd: &Path, cmd: Command) -> support::rehearsal::Served {
    support::rehearsal::serve_cmd(cmd, &[], cwd)
}

/// A second rehearsal in the folder of a running one: refused, naming the first (its pid and
/// ports), and the first one's setup file is left as it was.
#[test]
fn a_second_rehearsal_on_the_same_setup_names_the_first_and_replaces_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = serve(&[], dir.path());
    let before = std::fs::read_to_string(&first.setup).unwrap();
    let r = serve_refused(&[], dir.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("in use by another rehearsal"),
        "{}",
        r.stderr
    );
    let cognito = support::rehearsal::port_of(&first.var("AWS_ENDPOINT_URL"));
    assert!(
        r.stderr.contains(&format!("Cognito :{cognito}")),
        "names the first one's ports: {}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&first.setup).unwrap(), before);
    // Elsewhere, a second one runs beside it.
    let r2 = serve(&["--setup", "second.toml"], dir.path());
    assert_ne!(r2.var("AWS_ENDPOINT_URL"), first.var("AWS_ENDPOINT_URL"));
    // Each rehearsal's Okta takes only its own random token.
    let (t1, t2) = (first.var("OKTA_API_TOKEN"), r2.var("OKTA_API_TOKEN"));
    assert_ne!(t1, t2);
    assert!(t1.starts_with("00") && t1.len() == 42, "{t1}");
    let org = first.var("OKTA_ORG_URL");
    assert_eq!(api_status(&org, &t1), 200);
    assert_eq!(api_status(&org, &t2), 401, "another rehearsal's token");
    assert_eq!(
        api_status(&org, "00StandInApiToken0000000000000000000000000"),
        401,
        "the token once compiled into the binary"
    );
    assert!(r2.stop().success());
    assert!(first.stop().success());
}

/// The HTTP status of `GET /api/v1/apps` at a local org with `token` (std only: one request).
fn api_status(org: &str, token: &str) -> u16 {
    use std::io::{Read, Write};
    let port = support::rehearsal::port_of(org);
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /api/v1/apps HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: SSWS {token}\r\n\r\n"
    )
    .unwrap();
    let mut head = [0u8; 12];
    s.read_exact(&mut head).unwrap();
    String::from_utf8_lossy(&head[9..12]).parse().unwrap()
}

/// A customer's export whose `provider.metadata_file` points outside its folder (up, absolute,
/// through a link) or at a FIFO: refused at once, naming the field, the value and the fix;
/// nothing is served or made, and a FIFO does not hang it.
#[test]
fn rehearse_from_reads_the_customers_metadata_only_inside_the_exports_folder() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.xml");
    std::fs::write(&secret, "<secret>the support engineer's file</secret>").unwrap();
    let export = dir.path().join("customer");
    std::fs::create_dir(&export).unwrap();
    std::os::unix::fs::symlink(&secret, export.join("linked.xml")).unwrap();
    std::os::unix::fs::symlink(dir.path(), export.join("up")).unwrap();
    let fifo = export.join("fifo.xml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for (value, why) in [
        ("../secret.xml", "not a path inside the export's folder"),
        (
            secret.to_str().unwrap(),
            "not a path inside the export's folder",
        ),
        ("linked.xml", "is a symbolic link"),
        ("up/secret.xml", "is a symbolic link"),
        ("fifo.xml", "not a regular file"),
    ] {
        let file = export.join("export.toml");
        std::fs::write(
            &file,
            format!(
                "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_Customer\"\n\n[provider]\nmetadata_file = \"{value}\"\n"
            ),
        )
        .unwrap();
        let started = Instant::now();
        let r = serve_refused(&["--from".as_ref(), file.as_os_str()], dir.path());
        assert_eq!(r.code, 1, "{value}: {}{}", r.stdout, r.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{value}: no hang"
        );
        assert!(
            r.stderr
                .contains(&format!("provider.metadata_file = \"{value}\" refused")),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains(why), "{value}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("Put the customer's metadata file in the export's folder")
        );
        assert!(!r.stdout.contains("ready"));
        assert!(!r.stderr.contains("the support engineer's file"));
        assert!(!dir.path().join("rehearsal.toml").exists(), "{value}");
    }
}

/// `rehearse --serve` in a terminal that closes (SIGHUP) or hears Ctrl-\ (SIGQUIT): it stops
/// as on SIGTERM, exit 0, every port free and its setup file released.
#[test]
fn serve_stops_cleanly_on_hangup_and_quit() {
    for signo in [libc::SIGHUP, libc::SIGQUIT] {
        let dir = tempfile::tempdir().unwrap();
        let served = serve(&[], dir.path());
        let ports: Vec<u16> = [
            "AWS_ENDPOINT_URL",
            "OKTA_ORG_URL",
            "OKTA_COGNITO_HOSTED_UI_URL",
        ]
        .iter()
        .map(|v| support::rehearsal::port_of(&served.var(v)))
        .collect();
        let status = served.stop_with(signo);
        assert!(status.success(), "signal {signo}: {status:?}");
        ports_are_free(&ports);
        assert!(
            !dir.path().join(".rehearsal.toml.lock").exists(),
            "signal {signo}: the setup file is released"
        );
    }
}

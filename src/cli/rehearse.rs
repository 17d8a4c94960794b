//! `rehearse`: the whole federation on this machine. Without `--serve` it runs the real
//! wizard against the rehearsal (as a child process with the rehearsal's environment, so the
//! wizard is exactly the one a real run uses) and stops everything when it exits. With
//! `--serve` it prints the environment for other commands and runs until SIGINT/SIGTERM.

use super::Exit;
use super::output::{errln, outln};
use okta_cognito::rehearse::{CLEARED_ENV, Existing, Options, Rehearsal};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct RehearseArgs {
    /// Rebuild this federation: a setup file, or what `export` wrote at a customer
    #[arg(long, value_name = "SETUP_OR_EXPORT")]
    from: Option<PathBuf>,
    /// Listen on this port and the next two (Cognito, Okta, hosted UI); default: free ports
    #[arg(long, value_name = "N")]
    port_base: Option<u16>,
    /// Print the environment for other commands, then run until SIGINT or SIGTERM
    #[arg(long)]
    serve: bool,
    /// With --serve: one JSON line (the envelope; result {"env", "setup", "made", "ready": true}) instead of the export lines
    #[arg(long, requires = "serve")]
    json: bool,
    /// Where to write the rehearsal's setup file (default: --config's file, else rehearsal.toml)
    #[arg(long, value_name = "PATH")]
    setup: Option<PathBuf>,
    /// A rehearsal in progress at the setup path: rebuild it locally and go on with it
    #[arg(long = "continue", conflicts_with_all = ["fresh", "from"])]
    continue_it: bool,
    /// A rehearsal in progress at the setup path: replace it (what it holds is lost)
    #[arg(long, conflicts_with = "from")]
    fresh: bool,
    /// A SaaS pool with N customers (1 to 6), each behind its own local IdP org with its own
    /// certificate, people and e-mail domain
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "continue_it"], value_parser = clap::value_parser!(u8).range(1..=6))]
    tenants: Option<u8>,
}

/// In a terminal, a rehearsal in progress is continued or replaced as the person answers; the
/// question names what replacing it loses. Without a terminal nothing is asked (and
/// `Rehearsal::start` refuses, naming `--continue` and `--fresh`).
fn ask_about_rehearsal_in_progress(path: &std::path::Path) -> Existing {
    use std::io::{BufRead, IsTerminal, Write};
    let lost = okta_cognito::rehearse::in_progress(path);
    if lost.is_empty() || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Existing::Refuse;
    }
    super::output::err!(
        "{} holds a rehearsal in progress: {}.\n  c  continue it (rebuilt locally, then the wizard goes on)\n  r  replace it with a new rehearsal (those are lost)\n  anything else: quit, nothing changed\nYour choice: ",
        path.display(),
        lost.join(", ")
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    match line.trim() {
        "c" | "C" => Existing::Continue,
        "r" | "R" => Existing::Replace,
        _ => Existing::Refuse,
    }
}

/// Shell-quoted for `eval "$(okta-cognito rehearse --serve)"`-style use.
fn quoted(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\\''"))
}

pub async fn run(aws: &super::AwsArgs, config: Option<PathBuf>, args: RehearseArgs) -> Exit {
    // `okta-cognito --config X rehearse` means the rehearsal's setup is X.
    let setup_path = match (args.setup, config) {
        (Some(s), Some(c)) if s != c => {
            return super::usage_refusal(
                &format!(
                    "--config {} and --setup {} name two setup files",
                    c.display(),
                    s.display()
                ),
                "Give one of them: the rehearsal writes its setup to that file.",
                args.json,
            );
        }
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) => PathBuf::from("rehearsal.toml"),
    };
    let existing = if args.continue_it {
        Existing::Continue
    } else if args.fresh {
        Existing::Replace
    } else if args.from.is_none() && !args.serve {
        ask_about_rehearsal_in_progress(&setup_path)
    } else {
        Existing::Refuse
    };
    let opts = Options {
        from: args.from,
        port_base: args.port_base,
        setup_path,
        region: aws.region.clone().unwrap_or_else(|| "us-east-1".into()),
        headless: args.serve,
        existing,
        tenants: args.tenants.map(usize::from),
    };
    let rehearsal = match Rehearsal::start(&opts, &mut |line| errln!("rehearse: {line}")).await {
        Ok(r) => r,
        Err(e) => {
            errln!("error: {e}");
            return Exit::Refused;
        }
    };
    errln!("REHEARSAL — {}", rehearsal.label());
    for line in &rehearsal.made {
        errln!("  made: {line}");
    }
    if args.serve {
        return serve(&rehearsal, args.json).await;
    }
    wizard(&rehearsal).await
}

async fn serve(rehearsal: &Rehearsal, json: bool) -> Exit {
    // Listening before `ready` is printed: a script that signals at once is heard.
    let mut stopped = Stop::listen();
    if json {
        let env: serde_json::Map<String, serde_json::Value> = rehearsal
            .env()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into()))
            .collect();
        let answer = serde_json::json!({
            "env": env,
            "setup": rehearsal.setup_path,
            "made": rehearsal.made,
            "ready": true,
        });
        super::output::print_json_line(&answer);
    } else {
        for (k, v) in rehearsal.env() {
            outln!("export {k}={}", quoted(&v));
        }
        outln!("setup: {}", rehearsal.setup_path.display());
        outln!("ready");
    }
    let signal = stopped.wait().await;
    errln!("rehearse: stopping (signal {signal}); every local service ends with this process");
    Exit::Ok
}

/// SIGTERM, SIGINT, SIGHUP and SIGQUIT (a `kill`, Ctrl-C, a closed terminal, Ctrl-\),
/// caught from the moment `listen` returns: each ends a rehearsal the same clean way.
struct Stop(Vec<(i32, tokio::signal::unix::Signal)>);

impl Stop {
    fn listen() -> Stop {
        use tokio::signal::unix::{SignalKind, signal};
        let kinds = [
            (libc::SIGTERM, SignalKind::terminate()),
            (libc::SIGINT, SignalKind::interrupt()),
            (libc::SIGHUP, SignalKind::hangup()),
            (libc::SIGQUIT, SignalKind::quit()),
        ];
        Stop(
            kinds
                .into_iter()
                .filter_map(|(n, k)| signal(k).ok().map(|s| (n, s)))
                .collect(),
        )
    }

    /// The number of the first of them to arrive.
    async fn wait(&mut self) -> i32 {
        if self.0.is_empty() {
            // Without handlers the default action ends the process, which is what is meant.
            std::future::pending::<()>().await;
        }
        let waits = self.0.iter_mut().map(|(n, s)| {
            let n = *n;
            Box::pin(async move {
                s.recv().await;
                n
            })
        });
        futures_util::future::select_all(waits).await.0
    }
}

async fn wizard(rehearsal: &Rehearsal) -> Exit {
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            errln!("error: cannot find this program to start the wizard: {e}");
            return Exit::Refused;
        }
    };
    // The wizard reads Ctrl-C as a key; a signal to this process (a closed terminal, a
    // `kill`, SIGINT or SIGQUIT from another terminal) is passed on, so the wizard restores
    // the terminal and ends as it would alone, and then everything the rehearsal started
    // stops. Caught before the wizard starts.
    let mut stop = Stop::listen();
    let mut cmd = tokio::process::Command::new(exe);
    cmd.arg("--config")
        .arg(&rehearsal.setup_path)
        .kill_on_drop(true);
    for k in CLEARED_ENV {
        cmd.env_remove(k);
    }
    cmd.envs(rehearsal.env());
    // If this process dies without a word (SIGKILL), the wizard hears SIGTERM from the
    // kernel and restores the terminal, instead of running on as an orphan.
    let parent = std::process::id() as i32;
    // SAFETY: prctl(2) and getppid(2) are async-signal-safe, and nothing else runs between
    // fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The parent died before the line above took effect: nobody will signal us.
            if libc::getppid() != parent {
                return Err(std::io::Error::other(
                    "rehearse ended before the wizard started",
                ));
            }
            Ok(())
        });
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            errln!("error: cannot start the wizard: {e}");
            return Exit::Refused;
        }
    };
    let signo = tokio::select! {
        s = child.wait() => { return finish(s); }
        n = stop.wait() => n,
    };
    if let Some(pid) = child.id() {
        // SAFETY: kill(2) on our own child's pid, which `child` has not reaped yet.
        unsafe {
            libc::kill(pid as i32, signo);
        }
    }
    let status = match tokio::time::timeout(std::time::Duration::from_secs(5), child.wait()).await {
        Ok(s) => s,
        Err(_) => {
            let _ = child.start_kill();
            child.wait().await
        }
    };
    finish(status)
}

fn finish(status: std::io::Result<std::process::ExitStatus>) -> Exit {
    errln!("rehearse: the wizard ended; stopping the local Cognito, Okta and hosted UI");
    exit_of(status)
}

fn exit_of(status: std::io::Result<std::process::ExitStatus>) -> Exit {
    use std::os::unix::process::ExitStatusExt;
    if let Some(signo) = status.as_ref().ok().and_then(|s| s.signal()) {
        return Exit::Signalled(signo as u8);
    }
    match status.ok().and_then(|s| s.code()) {
        Some(0) => Exit::Ok,
        Some(2) => Exit::Usage,
        Some(c @ 129..=159) => Exit::Signalled((c - 128) as u8),
        _ => Exit::Refused,
    }
}

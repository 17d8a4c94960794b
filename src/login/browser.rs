//! Opening the sign-in URL: `$BROWSER` first (the `open` crate ignores it), `wslview` on WSL,
//! then the system opener. Always detached; the URL is printed by the caller regardless.

use crate::finding::Finding;
use std::process::{Command, Stdio};

fn spawn_detached(program: &str, args: &[String]) -> std::io::Result<()> {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}

/// One `$BROWSER` entry: a command line, with `%s` replaced by the URL (appended otherwise).
fn browser_command(entry: &str, url: &str) -> Option<(String, Vec<String>)> {
    let mut words = entry.split_whitespace();
    let program = words.next()?.to_string();
    let mut args: Vec<String> = words.map(|w| w.replace("%s", url)).collect();
    if !entry.contains("%s") {
        args.push(url.to_string());
    }
    Some((program, args))
}

fn is_wsl() -> bool {
    std::env::var_os("WSL_DISTRO_NAME").is_some()
        || std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .is_ok_and(|r| r.to_lowercase().contains("microsoft"))
}

/// Opens `url`; returns what opened it.
pub fn open(url: &str) -> Result<String, Finding> {
    let mut tried = vec![];
    if let Ok(list) = std::env::var("BROWSER") {
        for entry in list.split(':').filter(|e| !e.trim().is_empty()) {
            if let Some((program, args)) = browser_command(entry, url) {
                match spawn_detached(&program, &args) {
                    Ok(()) => return Ok(format!("$BROWSER ({program})")),
                    Err(e) => tried.push(format!("$BROWSER entry {program:?}: {e}")),
                }
            }
        }
    }
    if is_wsl() && spawn_detached("wslview", &[url.to_string()]).is_ok() {
        return Ok("wslview".to_string());
    }
    match open::that_detached(url) {
        Ok(()) => Ok("the system browser".to_string()),
        Err(e) => {
            tried.push(format!("system opener: {e}"));
            Err(Finding::warning(
                crate::finding::codes::NO_BROWSER,
                format!("could not open a browser ({})", tried.join("; ")),
                "Open the URL above yourself. Over SSH, forward the port first (the hint above), or paste the address you end up on back here.",
            ))
        }
    }
}

/// The SSH hint for `--no-browser`: the browser on the user's own machine must reach the
/// listener on this one.
pub fn ssh_hint(port: u16) -> String {
    format!(
        "On a remote machine, forward the callback port from your own computer first: ssh -L {port}:localhost:{port} <this host>"
    )
}

//! `okta-app` timed as a person runs it: the release binary, a fresh Okta stand-in per
//! round, creating the app and assigning a group, then again with nothing to change; once
//! with an API token and once with a service app that requires DPoP. Prints medians of 7.
//! Needs `cargo build --release` first.

#[allow(unused_imports)]
#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;
use support::okta_case::Case;

const ROUNDS: usize = 7;
const SCOPES: [&str; 3] = ["okta.apps.manage", "okta.groups.read", "okta.users.read"];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// One run: wall time in ms and the tool's own "N Okta API requests" line.
fn timed(c: &Case, service_app: bool, args: &[&str]) -> (f64, String) {
    let bin = concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/okta-cognito");
    let key = support::private_key("service-app-ec.pem");
    let mut cmd = std::process::Command::new(bin);
    cmd.arg("okta-app")
        .arg("--config")
        .arg(&c.path)
        .args(args)
        .env("OKTA_ORG_URL", c.okta.org_url())
        .env("NO_COLOR", "1");
    if service_app {
        cmd.env("OKTA_CLIENT_ID", "0oaBench")
            .env("OKTA_PRIVATE_KEY_FILE", key);
    } else {
        cmd.env("OKTA_API_TOKEN", support::okta::TOKEN);
    }
    let started = Instant::now();
    let out = cmd
        .output()
        .expect("run the release binary (cargo build --release)");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains("Okta API requests"))
        .unwrap_or("")
        .to_string();
    (ms, line)
}

fn main() {
    println!("| credentials | create + assign | again (no change) |");
    println!("|---|---|---|");
    for service_app in [false, true] {
        let (mut create, mut again) = (Vec::new(), Vec::new());
        let (mut create_line, mut again_line) = (String::new(), String::new());
        for _ in 0..ROUNDS {
            let c = Case::new("");
            if service_app {
                let key = support::private_key("service-app-ec.pem");
                c.okta
                    .add_service_app("0oaBench", &key, None, &SCOPES, true);
            }
            let (ms, line) = timed(&c, service_app, &["--assign-group", "Everyone"]);
            create.push(ms);
            create_line = line;
            let (ms, line) = timed(&c, service_app, &[]);
            again.push(ms);
            again_line = line;
        }
        println!(
            "| {} | {:.1} ms ({create_line}) | {:.1} ms ({again_line}) |",
            if service_app {
                "service app, DPoP"
            } else {
                "API token"
            },
            median(create),
            median(again)
        );
    }
}

//! Completions and the man page come from the clap definition, and every command that
//! reports takes `--json`.

use crate::support;

use support::{bin, run};

const REPORTING: [&str; 11] = [
    "rehearse",
    "values",
    "metadata",
    "plan",
    "apply",
    "export",
    "iam-policy",
    "login",
    "explain",
    "doctor",
    "okta-app",
];

#[test]
fn completions_and_the_man_page_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run(bin().args(["completions", shell]));
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        for command in REPORTING {
            assert!(r.stdout.contains(command), "{shell} completes {command}");
        }
    }
    let r = run(bin().arg("man"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(".ie") || r.stdout.contains(".TH okta-cognito 1"));
    assert!(r.stdout.contains("okta\\-app") && r.stdout.contains("doctor"));
    assert_eq!(run(bin().args(["completions", "tcsh"])).code, 2);
}

#[test]
fn every_reporting_command_takes_json() {
    for command in REPORTING {
        let r = run(bin().args([command, "--help"]));
        assert!(
            r.stdout.contains("--json"),
            "{command} --help: {}",
            r.stdout
        );
    }
}

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

/// The README's install lines on a fresh HOME: `man --dir` makes the folder, and every page
/// the main page refers to (`okta-cognito-plan(1)` …) is written beside it.
#[test]
fn man_dir_writes_every_page_the_main_page_refers_to() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".local/share/man/man1");
    let r = run(bin().args(["man", "--dir"]).arg(&dir));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let main = std::fs::read_to_string(dir.join("okta-cognito.1")).unwrap();
    let referred: Vec<String> = main
        .replace("\\-", "-")
        .split_whitespace()
        .filter_map(|w| w.strip_suffix("(1)"))
        .filter(|w| w.starts_with("okta-cognito-"))
        .map(String::from)
        .collect();
    assert!(referred.len() >= 10, "{referred:?}");
    for page in referred {
        assert!(
            dir.join(format!("{page}.1")).is_file(),
            "{page}(1) is not written"
        );
    }
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

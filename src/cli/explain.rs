//! `okta-cognito explain TEXT`: cause and fix for a pasted sign-in error or callback URL.

use super::Exit;
use super::output::{outln, print_json};
use clap::Args;
use okta_cognito::flows::explain::explain;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The error description, the whole callback URL, or the token endpoint's JSON
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    text: Vec<String>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: ExplainArgs) -> Exit {
    let f = explain(&args.text.join(" "));
    if args.json {
        print_json(&f);
    } else {
        outln!("{f}");
    }
    Exit::Ok
}

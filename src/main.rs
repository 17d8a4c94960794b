//! The command-line face: no subcommand starts the wizard, each subcommand runs one step
//! headless from a setup file. All behaviour lives in the `okta_cognito` library.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return ExitCode::from(cli::usage_error(e).code()),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = runtime.block_on(cli::run(args));
    // Background tasks (an idle listener, an in-flight fetch) must not hold the exit up.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    ExitCode::from(code.code())
}

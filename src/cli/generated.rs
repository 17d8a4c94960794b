//! `okta-cognito completions SHELL` and `okta-cognito man`: shell completions and the man
//! page, generated from the clap definition itself, so they never drift from `--help`.

use super::output::errln;
use super::{Cli, Exit};
use clap::{Args, CommandFactory};
use std::io::Write;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs) -> Exit {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "okta-cognito", &mut out);
    write_out(&out)
}

#[derive(Debug, Args)]
pub struct ManArgs {}

pub fn man(_: ManArgs) -> Exit {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        errln!("error: cannot render the man page: {e}");
        return Exit::Refused;
    }
    write_out(&out)
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly like every other command.
fn write_out(bytes: &[u8]) -> Exit {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            errln!("error: cannot write to standard output: {e}");
            Exit::Refused
        }
    }
}

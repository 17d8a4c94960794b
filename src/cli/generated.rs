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
pub struct ManArgs {
    /// Write okta-cognito.1 and a page for each command (okta-cognito-plan.1 …) into DIR,
    /// made if missing, instead of printing the main page
    #[arg(long, value_name = "DIR")]
    dir: Option<std::path::PathBuf>,
}

pub fn man(args: ManArgs) -> Exit {
    // Built as clap_mangen's own generate_to builds it: each command's page is named
    // okta-cognito-<command>, and no `help` command is listed that has no page.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = args.dir else {
        let mut out = Vec::new();
        if let Err(e) = clap_mangen::Man::new(cmd).render(&mut out) {
            errln!("error: cannot render the man page: {e}");
            return Exit::Refused;
        }
        return write_out(&out);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        errln!(
            "error: man --dir {}: cannot make the folder: {e}",
            dir.display()
        );
        return Exit::Refused;
    }
    let mut pages = vec![cmd.clone()];
    pages.extend(cmd.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    for page in pages {
        let man = clap_mangen::Man::new(page);
        let mut out = Vec::new();
        let path = dir.join(man.get_filename());
        // Never through a link planted at a page's name.
        let written = man.render(&mut out).and_then(|()| {
            okta_cognito::safe_file::write_atomic(
                &path,
                &out,
                okta_cognito::safe_file::AtSymlink::Refuse,
            )
        });
        if let Err(e) = written {
            errln!("error: cannot write {}: {e}", path.display());
            return Exit::Refused;
        }
        errln!("wrote {}", path.display());
    }
    Exit::Ok
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

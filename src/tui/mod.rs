//! The wizard: a ratatui face over the core. The Elm Architecture: `app::update` changes the
//! model and asks for commands, `view::view` draws it, `jobs` runs the commands as tasks.

pub mod app;
pub mod clipboard;
pub mod input;
pub mod jobs;
pub mod screen;
pub mod steps;
pub mod theme;
pub mod view;
pub mod widgets;
pub mod wrap;

use app::{App, Cmd, Msg, update};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

/// Where the wizard logs (the one log both faces write; never the screen).
pub fn log_path() -> Option<PathBuf> {
    crate::logging::path()
}

pub struct Options {
    pub profile: Option<String>,
    pub region: String,
    /// What chose `region` (said on Welcome).
    pub region_source: String,
    /// Other regions the AWS config names, `(profile, region)`: Welcome's `g` switches.
    pub offered_regions: Vec<(String, String)>,
    pub resume: Option<(PathBuf, crate::setup::Setup)>,
    /// Where to save progress when not resuming (default: ./okta-cognito.toml).
    pub setup_path: Option<PathBuf>,
    pub overrides: crate::flows::shown::Overrides,
    /// Set under `rehearse`: what every screen says instead of the plain rule.
    pub rehearsal: Option<String>,
}

/// Runs the wizard until the user quits; returns the process exit code.
pub async fn run(opts: Options) -> i32 {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "The wizard needs an interactive terminal. Without one, use the headless subcommands: okta-cognito --help."
        );
        return 2;
    }
    // Watched before the terminal changes mode, so no signal finds it raw and unwatched.
    let mut signals = match TerminatingSignals::install() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot watch for signals: {e}");
            return 1;
        }
    };
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot start the terminal interface: {e}");
            return 1;
        }
    };
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    let code = event_loop(&mut terminal, opts, &mut signals).await;
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
    code
}

/// TERM, HUP, INT (sent by `kill`; Ctrl-C is a key in raw mode) and QUIT.
struct TerminatingSignals(Vec<(i32, tokio::signal::unix::Signal)>);

impl TerminatingSignals {
    fn install() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        let kinds = [
            (libc::SIGTERM, SignalKind::terminate()),
            (libc::SIGHUP, SignalKind::hangup()),
            (libc::SIGINT, SignalKind::interrupt()),
            (libc::SIGQUIT, SignalKind::quit()),
        ];
        let mut watched = Vec::new();
        for (signo, kind) in kinds {
            watched.push((signo, signal(kind)?));
        }
        Ok(TerminatingSignals(watched))
    }

    /// The number of the first of them to arrive.
    async fn next(&mut self) -> i32 {
        let waits = self.0.iter_mut().map(|(signo, s)| {
            let signo = *signo;
            Box::pin(async move {
                s.recv().await;
                signo
            })
        });
        futures_util::future::select_all(waits).await.0
    }
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    opts: Options,
    signals: &mut TerminatingSignals,
) -> i32 {
    let theme = theme::Theme::from_env();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    let mut model = App::new(opts.profile.clone(), opts.region.clone(), opts.resume);
    model.aws.region_source = opts.region_source.clone();
    model.aws.offered_regions = opts.offered_regions.clone();
    model.session.overrides = opts.overrides;
    model.session.rehearsal = opts.rehearsal;
    if crate::flows::shown::Credentials::configured(model.setup.okta.as_ref()) {
        model.screens.okta.api.credentials = Some(crate::flows::shown::Credentials::from_env(
            model.setup.okta.as_ref(),
            model.setup.source_dir.as_deref(),
        ));
    }
    if let Some(p) = &opts.setup_path {
        model.file.setup_path = input::Input::with(&p.display().to_string());
    }
    if let Ok(size) = terminal.size() {
        model.chrome.size = (size.width, size.height);
    }
    let ctx = jobs::Ctx::new(tx.clone(), opts.profile, opts.region);
    // The first frame is drawn before any AWS work starts.
    if terminal.draw(|f| view::view(&model, f, &theme)).is_err() {
        return 1;
    }
    // A crash drill: shows that a panic still restores the terminal (raw mode, screen).
    if std::env::var_os("OKTA_COGNITO_PANIC_AFTER_FIRST_FRAME").is_some() {
        panic!("crash drill requested by OKTA_COGNITO_PANIC_AFTER_FIRST_FRAME");
    }
    for job in model.init() {
        jobs::spawn(&ctx, job);
    }
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(120));
    loop {
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Some(Ok(Event::Paste(s))) => Msg::Paste(s),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => break,
            },
            Some(m) = rx.recv() => m,
            // Ticks only while something moves on screen: idle CPU stays near zero.
            _ = tick.tick(), if model.pending() => Msg::Tick,
            // `kill`, a closed SSH session, Ctrl-\: leave like `q` does, terminal restored.
            signo = signals.next() => {
                tracing::info!(signo, "wizard stopped by a signal");
                return 128 + signo;
            }
        };
        for job in update(&mut model, msg) {
            match &job.cmd {
                Cmd::Quit => {}
                Cmd::LoginPaste(text) => ctx.paste_login(text.clone()),
                Cmd::Copy(text) => match clipboard::copy(text) {
                    Ok(how) => model.flash(format!("Copied to the {how}: {text}")),
                    Err(e) => model.flash(e),
                },
                Cmd::Save(path, setup) => match setup.save(path) {
                    Ok(()) => model.saved_as((**setup).clone()),
                    Err(e) => model.save_failed(e.to_string()),
                },
                Cmd::WriteFile(path, content) => match crate::safe_file::write_atomic(
                    path,
                    content.as_bytes(),
                    crate::safe_file::AtSymlink::Refuse,
                ) {
                    Ok(()) => model.flash(format!("Wrote {}", path.display())),
                    Err(e) => model.flash(format!("Cannot write {}: {e}", path.display())),
                },
                _ => jobs::spawn(&ctx, job),
            }
        }
        if model.chrome.quit {
            break;
        }
        if terminal.draw(|f| view::view(&model, f, &theme)).is_err() {
            return 1;
        }
    }
    0
}

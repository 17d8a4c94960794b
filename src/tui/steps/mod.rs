//! One file per screen; this module routes the model's events to the current screen.

pub mod apply;
pub mod client;
pub mod doctor;
pub mod domain;
pub mod done;
pub mod metadata;
pub mod notice;
pub mod okta;
pub mod okta_api;
pub mod pool;
pub mod provider;
pub mod review;
pub mod settings;
pub mod signin;
pub mod tenants;
pub mod welcome;

use super::app::{App, Cmd, Job, JobKind, JobResult, Load, Step};
use super::screen::Screen;
use super::theme::Theme;
use crate::finding::Finding;
use crate::terminal_text::escape_controls;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Every screen's own state (inputs, loads), held by the app while the wizard runs so that
/// Back shows a screen as it was left. The setup, the history, what AWS said about the
/// account and the job registry are the app's.
#[derive(Debug)]
pub struct Screens {
    pub pool: pool::PoolView,
    pub client: client::ClientView,
    pub domain: domain::DomainView,
    pub okta: okta::OktaView,
    pub metadata: metadata::MetadataView,
    pub provider: provider::ProviderView,
    pub settings: settings::SettingsView,
    pub review: review::ReviewView,
    pub apply: super::app::ApplyView,
    pub signin: super::app::SignInView,
    pub doctor: Load<
        Box<(
            crate::flows::shown::Facts,
            crate::flows::shown::DoctorReport,
        )>,
    >,
    pub tenants: tenants::TenantsView,
}

impl Screens {
    /// As a setup (new or resumed) fills them.
    pub fn new(
        setup: &crate::setup::Setup,
        mapping: Vec<(super::input::Input, super::input::Input)>,
    ) -> Screens {
        use super::input::Input;
        Screens {
            pool: pool::PoolView::default(),
            client: client::ClientView::default(),
            domain: domain::DomainView {
                input: Input::with(setup.domain.prefix.as_deref().unwrap_or("")),
                check: Load::Idle,
            },
            okta: okta::OktaView {
                ticks: vec![false; okta::ITEMS],
                ..Default::default()
            },
            metadata: metadata::MetadataView {
                input: Input::with(
                    &setup
                        .metadata_source_from(&std::env::current_dir().unwrap_or_default())
                        .unwrap_or_default(),
                ),
                report: Load::Idle,
                fetched: String::new(),
            },
            provider: provider::ProviderView {
                name: Input::with(&setup.provider.name),
                mapping,
                column: 1,
                certificates: Load::Idle,
            },
            settings: settings::SettingsView::default(),
            review: review::ReviewView::default(),
            apply: Default::default(),
            signin: Default::default(),
            doctor: Load::Idle,
            tenants: tenants::TenantsView::default(),
        }
    }
}

/// The screen for `step`: the one place a step is mapped to its behaviour.
pub fn screen(step: Step) -> &'static dyn Screen {
    match step {
        Step::Welcome => &welcome::WelcomeScreen,
        Step::Pool => &pool::PoolScreen,
        Step::Client => &client::ClientScreen,
        Step::Domain => &domain::DomainScreen,
        Step::Okta => &okta::OktaScreen,
        Step::Metadata => &metadata::MetadataScreen,
        Step::Provider => &provider::ProviderScreen,
        Step::Settings => &settings::SettingsScreen,
        Step::Review => &review::ReviewScreen,
        Step::Apply => &apply::ApplyScreen,
        Step::SignIn => &signin::SignInScreen,
        Step::Done => &done::DoneScreen,
        Step::Doctor => &doctor::DoctorScreen,
        Step::Tenants => &tenants::TenantsScreen,
    }
}

/// Called when a screen becomes current: starts what it needs to show.
pub fn enter(app: &mut App) -> Vec<Job> {
    screen(app.step).enter(app)
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    screen(app.step).on_key(app, key)
}

/// Pasted text goes to the field being edited (or the screen's main field).
pub fn paste(app: &mut App, text: &str) -> Vec<Job> {
    screen(app.step).paste(app, text.trim())
}

/// Routes a job's typed result to the screen that owns it (the shared account state — the
/// credentials and what AWS listed — to the app). No arm changes state itself.
pub fn job_done(app: &mut App, result: JobResult) -> Vec<Job> {
    match result {
        JobResult::Credentials(r) => welcome::credentials_resolved(app, r),
        JobResult::Pools(r) => pool::listed(app, r),
        JobResult::PoolBadges(b) => pool::badges_read(app, b),
        JobResult::Pool(r) => {
            let jobs = pool::checked(app, r);
            domain::pool_loaded(app);
            jobs
        }
        JobResult::Clients(r) => client::listed(app, r),
        JobResult::Client(r) => client::loaded(app, r),
        JobResult::Domain(r) => domain::checked(app, r),
        JobResult::Certificates(side) => provider::certificates_read(app, *side),
        JobResult::Metadata(r) => metadata::answered(app, *r),
        JobResult::Plan(r) => review::planned(app, r),
        JobResult::ApplyProgress(p) => {
            apply::progress(app, p);
            vec![]
        }
        JobResult::ApplyDone(a) => apply::done(app, *a),
        JobResult::LoginUrl(u) => signin::url_made(app, u),
        JobResult::LoginBrowser(b) => signin::browser_opened(app, b),
        JobResult::LoginTick(t) => signin::ticked(app, t),
        JobResult::LoginDone(r) => signin::finished(app, *r),
        JobResult::LoginCancelled(port) => signin::cancelled(app, port),
        JobResult::SignedOut(b) => signin::signed_out(app, *b),
        JobResult::Doctor(r) => doctor::checked(app, r),
        JobResult::OktaChoices(r) => okta_api::choices_loaded(app, r),
        JobResult::OktaEnsured(o) => okta_api::ensured(app, *o),
        JobResult::TenantsDoctor(r) => tenants::checked(app, r),
        JobResult::Kit(r) => tenants::kit_made(app, r),
    }
}

/// Once credentials resolve, what the next screens will show is read at once: the pool list,
/// and for a resumed setup its pool and clients, so Continue does not wait for them.
pub(super) fn prefetch(app: &mut App) -> Vec<Job> {
    let mut jobs = vec![];
    if matches!(app.account.pools, Load::Idle) {
        app.account.pools = Load::Loading;
        let region = app.aws.region.clone();
        jobs.push(app.job(JobKind::Pools, Cmd::ListPools(region)));
    }
    let pool_id = app.setup.user_pool_id.clone();
    if !pool_id.is_empty() && matches!(app.account.pool, Load::Idle) {
        app.account.pool = Load::Loading;
        jobs.push(app.job(JobKind::Pool, Cmd::LoadPool(pool_id.clone())));
        if matches!(app.account.clients, Load::Idle) {
            app.account.clients = Load::Loading;
            jobs.push(app.job(JobKind::Clients, Cmd::ListClients(pool_id)));
        }
    }
    jobs
}

fn load<T>(r: Result<T, Finding>) -> Load<T> {
    match r {
        Ok(t) => Load::Ready(t),
        Err(f) => Load::Failed(vec![f]),
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    screen(app.step).view(app, f, area, t)
}

/// The current screen's key hints, for the footer.
pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let mut k = screen(app.step).keys(app);
    // A screen that names its own Esc (the port field's "keep") is not given a second one.
    let own_esc = k.iter().any(|(key, _)| *key == "Esc");
    if app.editing {
        if own_esc {
            return k;
        }
        let what = if app.step == Step::Okta {
            "cancel"
        } else {
            "stop editing"
        };
        k.push(("Esc", what));
    } else {
        // A waiting sign-in lists its own Esc (cancel).
        let waiting = app.step == Step::SignIn && app.screens.signin.running;
        if app.step != Step::Welcome && !waiting {
            k.push(("Esc", "back"));
        }
        k.push(("?", "help"));
        k.push(("q", "quit"));
    }
    k
}

/// ↑/↓ (and Tab/Shift-Tab) over `len` rows; `true` when the key moved the focus.
pub fn navigate(focus: &mut usize, len: usize, key: &KeyEvent) -> bool {
    if len == 0 {
        return false;
    }
    // No wrap: Up from the first row must not land on the last, which is a screen's action
    // ("Continue to the review"), where one stray Enter would go on.
    match key.code {
        KeyCode::Up | KeyCode::BackTab => *focus = focus.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => *focus = (*focus + 1).min(len - 1),
        KeyCode::Home => *focus = 0,
        KeyCode::End => *focus = len - 1,
        _ => return false,
    }
    true
}

pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn spinner(app: &App) -> &'static str {
    SPINNER[app.chrome.spinner % SPINNER.len()]
}

/// Findings as lines: severity, code, message, then the fix indented.
pub fn finding_lines(findings: &[Finding], t: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![];
    for fd in findings {
        out.push(Line::from(vec![
            Span::styled(format!("{} ", fd.severity), t.severity(fd.severity)),
            Span::styled(format!("[{}] ", fd.code), t.dim()),
            Span::raw(shown(&fd.message)),
        ]));
        out.push(Line::from(vec![
            Span::styled("  fix: ", t.dim()),
            Span::raw(shown(&fd.fix)),
        ]));
    }
    out
}

/// A labelled value line, the value bold (what the admin copies).
pub fn value_line<'a>(label: &'a str, value: &'a str, t: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<28}"), t.dim()),
        Span::styled(escape_controls(value), t.value()),
    ])
}

/// Text from outside (metadata, claims, AWS and Okta answers) as it may appear on screen:
/// ratatui would drop a control character silently; the admin sees it escaped instead.
pub fn shown(text: &str) -> String {
    escape_controls(text).into_owned()
}

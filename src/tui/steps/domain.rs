//! Domain: the pool's own domain if it has one; otherwise a prefix validated as it is typed
//! and checked for availability before moving on.

use super::{finding_lines, spinner};
use crate::endpoints::{Domain, hosted_ui_base};
use crate::finding::Finding;
use crate::flows::shown::DomainState;
use crate::setup::validate;
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The domain screen's own state: the typed prefix and Cognito's answer about it.
#[derive(Debug, Default)]
pub struct DomainView {
    pub input: crate::tui::input::Input,
    pub check: Load<crate::flows::shown::DomainState>,
}

/// The pool's existing domain, once the pool is read.
fn existing(app: &App) -> Option<Domain> {
    let p = app.account.pool.ready()?;
    p.custom_domain
        .clone()
        .map(Domain::Custom)
        .or(p.domain.clone().map(Domain::Prefix))
}

/// Typing goes straight to the prefix field unless the pool already has a domain.
/// The screen shows the setup's prefix again (after the setup was replaced).
pub fn show_setup(app: &mut App) {
    app.screens.domain.input =
        crate::tui::input::Input::with(app.setup.domain.prefix.as_deref().unwrap_or(""));
}

pub fn enter(app: &mut App) -> Vec<Job> {
    app.editing = existing(app).is_none();
    vec![]
}

pub fn pool_loaded(app: &mut App) {
    if let Some(Domain::Prefix(p)) = existing(app) {
        app.screens.domain.input = crate::tui::input::Input::with(&p);
        if app.step == Step::Domain {
            app.editing = false;
        }
    }
}

fn use_domain(app: &mut App, d: Domain) -> Vec<Job> {
    match d {
        Domain::Prefix(p) => {
            app.setup.domain.prefix = Some(p);
            app.setup.domain.custom = None;
        }
        Domain::Custom(c) => {
            app.setup.domain.custom = Some(c);
            app.setup.domain.prefix = None;
        }
    }
    app.go(Step::Okta)
}

pub fn checked(app: &mut App, r: Result<DomainState, Finding>) -> Vec<Job> {
    match r {
        Ok(d) => {
            let taken = d
                .owner_pool
                .as_deref()
                .is_some_and(|o| o != app.setup.user_pool_id);
            app.screens.domain.check = Load::Ready(d.clone());
            if taken || app.step != Step::Domain {
                return vec![];
            }
            use_domain(app, Domain::Prefix(d.domain))
        }
        Err(f) => {
            app.screens.domain.check = Load::Failed(vec![f]);
            vec![]
        }
    }
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if let Some(d) = existing(app) {
        return if key.code == KeyCode::Enter {
            use_domain(app, d)
        } else {
            vec![]
        };
    }
    if key.code == KeyCode::Enter {
        let prefix = app.screens.domain.input.value.trim().to_string();
        if !validate::domain_prefix("domain prefix", &prefix).is_empty() {
            app.flash("Fix the prefix first: see the problems under the field.");
            return vec![];
        }
        app.screens.domain.check = Load::Loading;
        return vec![app.job(JobKind::Domain, Cmd::CheckDomain(prefix))];
    }
    if app.screens.domain.input.handle(&key) {
        app.editing = true;
        app.screens.domain.check = Load::Idle;
    }
    vec![]
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if existing(app).is_some() {
        vec![("Enter", "use it")]
    } else {
        vec![("type", "prefix"), ("Enter", "check and continue")]
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let mut lines = vec![];
    if let Some(d) = existing(app) {
        let base = hosted_ui_base(&app.setup.region, &d);
        lines.push(Line::raw(
            "This pool already has a domain (a pool has one):",
        ));
        lines.push(Line::raw(""));
        lines.push(super::value_line("Hosted UI", &base, t).clone());
        lines.push(Line::raw(""));
        lines.push(Line::raw("Press Enter to use it."));
        f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
        return;
    }
    if app.account.pool.is_loading() {
        lines.push(Line::raw(format!("{} Reading the pool…", spinner(app))));
    }
    lines.push(Line::raw(
        "Choose a domain prefix for the hosted UI (unique in the region):",
    ));
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Prefix: ", t.dim()),
        Span::styled(format!("{}▏", app.screens.domain.input.value), t.value()),
        Span::styled(
            format!(".auth.{}.amazoncognito.com", app.setup.region),
            t.dim(),
        ),
    ]));
    lines.push(Line::raw(""));
    let problems = validate::domain_prefix("domain prefix", app.screens.domain.input.value.trim());
    if app.screens.domain.input.value.is_empty() {
        lines.push(Line::from(Span::styled(
            "Lower-case letters, digits and hyphens; not aws, amazon or cognito.",
            t.dim(),
        )));
    } else if problems.is_empty() {
        lines.push(Line::from(Span::styled("✓ valid prefix", t.ok())));
    } else {
        lines.extend(finding_lines(&problems, t));
    }
    match &app.screens.domain.check {
        Load::Loading => lines.push(Line::raw(format!(
            "{} Checking availability…",
            spinner(app)
        ))),
        Load::Ready(d)
            if d.owner_pool
                .as_deref()
                .is_some_and(|o| o != app.setup.user_pool_id) =>
        {
            lines.push(Line::from(Span::styled(
                format!(
                    "✗ {} belongs to another user pool; choose another prefix.",
                    d.domain
                ),
                t.error(),
            )))
        }
        Load::Failed(fs) => lines.extend(finding_lines(fs, t)),
        _ => {}
    }
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

crate::tui::screen::screen!(
    DomainScreen,
    enter = enter,
    paste = |app: &mut App, text: &str| {
        app.screens.domain.input.insert_str(text);
        vec![]
    }
);

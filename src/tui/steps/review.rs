//! Review: the plan, change by change, with before → after. Nothing is written before this.

use super::{finding_lines, spinner};
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The review screen's own state: the plan, as read for the setup shown.
#[derive(Debug, Default)]
pub struct ReviewView {
    pub plan: Load<Box<(crate::flows::shown::State, crate::flows::shown::Plan)>>,
}

pub fn planned(
    app: &mut App,
    r: Result<
        Box<(crate::flows::shown::State, crate::flows::shown::Plan)>,
        Vec<crate::finding::Finding>,
    >,
) -> Vec<Job> {
    app.screens.review.plan = match r {
        Ok(p) => Load::Ready(p),
        Err(f) => Load::Failed(f),
    };
    vec![]
}

/// The plan no longer matches the setup; the next visit plans again.
pub fn forget_plan(app: &mut App) {
    app.screens.review.plan = Load::Idle;
}

pub fn enter(app: &mut App) -> Vec<Job> {
    app.screens.review.plan = Load::Loading;
    let setup = Box::new(app.setup.clone());
    vec![app.job(JobKind::Plan, Cmd::Plan(setup))]
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    match key.code {
        KeyCode::Down => app.focus = app.focus.saturating_add(1),
        KeyCode::Up => app.focus = app.focus.saturating_sub(1),
        KeyCode::Char('r') => return enter(app),
        KeyCode::Enter => {
            let Some(p) = app.screens.review.plan.ready() else {
                return vec![];
            };
            if p.1.blocked() {
                app.flash(BLOCKED);
                return vec![];
            }
            if p.1.changes.is_empty() {
                // Without the test callback a test sign-in could only fail.
                if app.setup.app_client.test_callback == Some(false) {
                    return app.go(Step::Done);
                }
                return app.go(Step::SignIn);
            }
            // A stray Enter (one too many from the screen before) must never write to AWS.
            app.flash(
                "Enter does not apply: press a to apply the changes listed here (Esc goes back).",
            );
        }
        KeyCode::Char('a') => {
            let Some(p) = app.screens.review.plan.ready() else {
                return vec![];
            };
            if p.1.blocked() {
                app.flash(BLOCKED);
                return vec![];
            }
            if !p.1.changes.is_empty() {
                app.chrome.status = None;
                return app.go(Step::Apply);
            }
        }
        _ => {}
    }
    vec![]
}

const BLOCKED: &str =
    "The plan is blocked: fix the errors (Esc goes back), then press r to plan again.";

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    match app.screens.review.plan.ready() {
        // Blocked: nothing to apply, so no key offers it.
        Some(p) if p.1.blocked() => vec![("↑↓", "scroll"), ("r", "plan again")],
        Some(p) if p.1.changes.is_empty() => {
            vec![
                ("↑↓", "scroll"),
                ("Enter", "test sign-in"),
                ("r", "plan again"),
            ]
        }
        _ => vec![("↑↓", "scroll"), ("a", "apply"), ("r", "plan again")],
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let mut lines = vec![];
    match &app.screens.review.plan {
        Load::Ready(p) => {
            let (state, plan) = (&p.0, &p.1);
            lines.extend(target_lines(app, state, plan, t));
            // What blocks comes first: it is what the user must act on.
            if plan.blocked() {
                lines.extend(finding_lines(&plan.findings, t));
                lines.push(Line::raw(""));
            }
            if plan.changes.is_empty() && !plan.blocked() {
                lines.push(Line::from(Span::styled(
                    "No changes: the federation is already complete.",
                    t.ok(),
                )));
            }
            for (i, c) in plan.changes.iter().enumerate() {
                lines.push(Line::from(Span::styled(
                    format!("{}. {}", i + 1, c.description),
                    t.value(),
                )));
                for d in &c.diffs {
                    lines.push(Line::from(vec![
                        Span::styled(format!("     {}: ", d.field), t.dim()),
                        Span::raw(d.before.clone()),
                        Span::styled(" → ", t.dim()),
                        Span::styled(d.after.clone(), t.ok()),
                    ]));
                }
            }
            lines.push(Line::raw(""));
            lines.extend(finding_lines(&plan.findings, t));
            if plan.blocked() {
                lines.push(Line::from(Span::styled(
                    "Blocked: nothing will be applied until the errors are fixed.",
                    t.error(),
                )));
            } else if !plan.changes.is_empty() {
                lines.push(Line::from(Span::styled(
                    match plan.changes.len() {
                        1 => "1 change. Nothing has been written to AWS yet: press a to apply it."
                            .to_string(),
                        n => format!(
                            "{n} changes. Nothing has been written to AWS yet: press a to apply them."
                        ),
                    },
                    t.dim(),
                )));
            }
        }
        Load::Failed(fs) => lines.extend(finding_lines(fs, t)),
        _ => lines.push(Line::raw(format!(
            "{} Reading the pool and checking the metadata…",
            spinner(app)
        ))),
    }
    f.render_widget(
        crate::tui::wrap::paragraph(lines, area.width).scroll((app.focus as u16, 0)),
        area,
    );
}

/// The first lines: which account, region, pool and client this will change, and whether
/// `a` will write anything, so a person sees it without scrolling.
fn target_lines(
    app: &App,
    state: &crate::flows::shown::State,
    plan: &crate::flows::shown::Plan,
    t: &Theme,
) -> Vec<Line<'static>> {
    let account = state
        .pool
        .arn
        .as_deref()
        .and_then(|a| a.split(':').nth(4))
        .filter(|a| !a.is_empty())
        .unwrap_or("(account not reported)");
    let client = match (&state.client, &app.setup.app_client.client_id) {
        (Some(c), chosen) => format!(
            "app client {} ({}){}",
            super::shown(c.client_name().unwrap_or_default()),
            c.client_id().unwrap_or_default(),
            if chosen.is_none() {
                ", found by its name"
            } else {
                ""
            }
        ),
        (None, Some(id)) => format!("app client {id}"),
        (None, None) => format!(
            "a new public app client \"{}\"",
            super::shown(&app.setup.app_client.name)
        ),
    };
    let verdict = if plan.blocked() {
        (
            "Blocked: nothing will be applied until these are fixed (Esc goes back).",
            t.error(),
        )
    } else if plan.changes.is_empty() {
        ("Nothing to change.", t.ok())
    } else {
        (
            "Nothing has been written yet: a applies the changes below.",
            t.value(),
        )
    };
    vec![
        Line::from(vec![
            Span::styled("Account ", t.dim()),
            Span::styled(account.to_string(), t.value()),
            Span::styled("  region ", t.dim()),
            Span::styled(app.setup.region.clone(), t.value()),
            Span::styled("  pool ", t.dim()),
            Span::styled(
                format!("{} ({})", super::shown(&state.pool.name), state.pool.id),
                t.value(),
            ),
        ]),
        Line::from(vec![
            Span::styled("Changes ", t.dim()),
            Span::styled(client, t.value()),
            Span::styled(
                {
                    // Every customer's provider is planned, not only the first.
                    let names: Vec<String> = app
                        .setup
                        .federations()
                        .iter()
                        .map(|f| super::shown(&f.provider.name))
                        .collect();
                    match names.as_slice() {
                        [one] => format!(", provider {one}"),
                        many => format!(", providers {}", many.join(", ")),
                    }
                },
                t.value(),
            ),
        ]),
        Line::from(Span::styled(verdict.0, verdict.1)),
        Line::raw(""),
    ]
}

crate::tui::screen::screen!(ReviewScreen, enter = enter);

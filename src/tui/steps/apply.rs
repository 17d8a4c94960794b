//! Apply: per-step progress with spinner and elapsed time; a failed step shows its finding
//! and fix, and `r` plans and applies again (every step is safe to repeat).

use super::{finding_lines, spinner};
use crate::finding::Finding;
use crate::flows::apply::{Applied, OktaFollowUp};
use crate::flows::shown::{ApplyOutcome as Outcome, Progress};
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct ApplyView {
    pub steps: Vec<(String, StepState)>,
    pub outcome: Option<Outcome>,
    /// The Okta app's side, when the apply brought it up to date.
    pub okta: Option<OktaFollowUp>,
    pub started: Option<Instant>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepState {
    Waiting,
    Running(Instant, Option<String>),
    Done(Duration),
    Failed(Finding),
    Skipped(String),
}

pub fn enter(app: &mut App) -> Vec<Job> {
    let Load::Ready(p) = &app.screens.review.plan else {
        return vec![];
    };
    let (state, plan) = (p.0.clone(), p.1.clone());
    app.screens.apply.steps = plan
        .changes
        .iter()
        .map(|c| (c.description.clone(), StepState::Waiting))
        .collect();
    app.screens.apply.outcome = None;
    app.screens.apply.okta = None;
    app.screens.apply.started = Some(Instant::now());
    let setup = app.setup.clone();
    vec![app.job(JobKind::Apply, Cmd::Apply(Box::new((setup, state, plan))))]
}

pub fn progress(app: &mut App, p: Progress) {
    let (i, s) = match p {
        Progress::Started { step, .. } => (step, StepState::Running(Instant::now(), None)),
        Progress::Waiting { step, message } => match app.screens.apply.steps.get(step) {
            Some((_, StepState::Running(at, _))) => (step, StepState::Running(*at, Some(message))),
            _ => (step, StepState::Running(Instant::now(), Some(message))),
        },
        Progress::Done { step, elapsed } => (step, StepState::Done(elapsed)),
        Progress::Failed { step, finding } => (step, StepState::Failed(finding)),
        Progress::Skipped { step, reason } => (step, StepState::Skipped(reason)),
    };
    if let Some(row) = app.screens.apply.steps.get_mut(i) {
        row.1 = s;
    }
}

pub fn done(app: &mut App, applied: Applied) -> Vec<Job> {
    if app.setup.app_client.client_id.is_none() {
        app.setup.app_client.client_id = applied.client_id_to_record;
    }
    if let Some(left) = applied.removed_providers_left {
        app.setup.removed_providers = left;
    }
    app.screens.apply.okta = applied.okta;
    app.screens.apply.outcome = Some(applied.outcome);
    app.autosave()
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let Some(o) = &app.screens.apply.outcome else {
        return vec![];
    };
    match key.code {
        // With the test URLs removed, a test sign-in could only fail: on to Done.
        KeyCode::Enter if o.succeeded() && test_urls_removed(app) => app.go(Step::Done),
        KeyCode::Enter if o.succeeded() => app.go(Step::SignIn),
        KeyCode::Char('r') if !o.succeeded() => {
            // Plan again from what is in AWS now, then apply what is left.
            app.return_to(Step::Review)
        }
        _ => vec![],
    }
}

fn test_urls_removed(app: &App) -> bool {
    app.setup.app_client.test_callback == Some(false)
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    match &app.screens.apply.outcome {
        Some(o) if o.succeeded() && test_urls_removed(app) => vec![("Enter", "done")],
        Some(o) if o.succeeded() => vec![("Enter", "test sign-in")],
        Some(_) => vec![("r", "retry")],
        None => vec![],
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let mut lines = vec![];
    for (desc, state) in &app.screens.apply.steps {
        let (mark, style, extra) = match state {
            StepState::Waiting => ("·".to_string(), t.dim(), String::new()),
            StepState::Running(at, msg) => (
                spinner(app).to_string(),
                t.warn(),
                format!(
                    " {:.0} s{}",
                    at.elapsed().as_secs_f64(),
                    msg.as_ref().map(|m| format!(" — {m}")).unwrap_or_default()
                ),
            ),
            StepState::Done(d) => (
                "✓".to_string(),
                t.ok(),
                format!(" {:.1} s", d.as_secs_f64()),
            ),
            StepState::Failed(_) => ("✗".to_string(), t.error(), String::new()),
            StepState::Skipped(r) => ("–".to_string(), t.dim(), format!(" skipped: {r}")),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::raw(desc.clone()),
            Span::styled(extra, t.dim()),
        ]));
        if let StepState::Failed(f) = state {
            lines.extend(finding_lines(std::slice::from_ref(f), t));
        }
    }
    if let Some(okta) = &app.screens.apply.okta {
        lines.extend(okta_lines(okta, t));
    }
    lines.push(Line::raw(""));
    match &app.screens.apply.outcome {
        None => lines.push(Line::raw(format!("{} Applying…", spinner(app)))),
        Some(o) if o.succeeded() => lines.push(Line::from(Span::styled(
            format!(
                "✓ Applied. App client {}. Press Enter to test the sign-in.",
                o.client_id.as_deref().unwrap_or("?")
            ),
            t.ok(),
        ))),
        Some(o) => lines.push(Line::from(Span::styled(
            format!(
                "{} step(s) failed; what succeeded stays. Fix the cause, then press r to retry.",
                o.failures.len()
            ),
            t.error(),
        ))),
    }
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

/// The Okta app brought up to date after the Cognito changes, or why it was not.
fn okta_lines(okta: &OktaFollowUp, t: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = okta
        .updated
        .iter()
        .map(|c| {
            Line::from(vec![
                Span::styled("✓ ", t.ok()),
                Span::raw(format!("Okta: {c}")),
                Span::styled(
                    format!(" {} ms after the Cognito changes began", okta.after_ms),
                    t.dim(),
                ),
            ])
        })
        .collect();
    if !okta.succeeded() {
        lines.push(Line::from(Span::styled(
            "✗ Okta: the app was not updated",
            t.error(),
        )));
        lines.extend(finding_lines(&okta.problems, t));
        lines.push(Line::raw(crate::flows::apply::OKTA_FOLLOW_UP_FIX));
    } else if okta.updated.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("✓ ", t.ok()),
            Span::raw("Okta: the app already holds Cognito's certificates and relay state"),
        ]));
    }
    lines
}

crate::tui::screen::screen!(ApplyScreen, enter = enter);

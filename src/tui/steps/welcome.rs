//! Welcome: where the tool will act (profile, region, credentials) and what to do.

use super::{finding_lines, navigate, spinner};
use crate::tui::app::{App, Job, Load, Step};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The rows: the setup file, set up (or continue), doctor; and a setup with several
/// customers has a fourth, its Tenants screen.
fn rows(app: &App) -> usize {
    if several_tenants(app) { 4 } else { 3 }
}

fn several_tenants(app: &App) -> bool {
    !app.setup.more_federations.is_empty() && !app.setup.user_pool_id.is_empty()
}

/// Where a resumed setup continues: the first screen whose part of the file is missing.
fn resume_step(app: &App) -> Step {
    let s = &app.setup;
    if s.user_pool_id.is_empty() {
        Step::Pool
    } else if s.domain.prefix.is_none() && s.domain.custom.is_none() {
        Step::Client
    } else if s.provider.metadata_url.is_none() && s.provider.metadata_file.is_none() {
        Step::Okta
    } else {
        Step::Review
    }
}

/// Whether credentials resolve; once they do, what the next screens show is read at once.
pub fn credentials_resolved(app: &mut App, r: Result<String, crate::finding::Finding>) -> Vec<Job> {
    let resolved = r.is_ok();
    app.aws.credentials = match r {
        Ok(source) => Load::Ready(source),
        Err(f) => Load::Failed(vec![f]),
    };
    if resolved {
        super::prefetch(app)
    } else {
        vec![]
    }
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if app.editing {
        if key.code == KeyCode::Enter {
            app.editing = false;
        } else {
            app.file.setup_path.handle(&key);
        }
        return vec![];
    }
    let count = rows(app);
    if navigate(&mut app.focus, count, &key) {
        return vec![];
    }
    if key.code == KeyCode::Char('g') {
        return switch_region(app);
    }
    match (key.code, app.focus) {
        (KeyCode::Enter, 0) | (KeyCode::Char('e'), _) => {
            app.focus = 0;
            app.editing = true;
            vec![]
        }
        (KeyCode::Enter, 3) => {
            if let Load::Failed(f) = &app.aws.credentials {
                let msg = format!("No AWS credentials: {}", f[0].fix);
                app.flash(msg);
                return vec![];
            }
            app.go(Step::Tenants)
        }
        (KeyCode::Enter, 2) => {
            if let Load::Failed(f) = &app.aws.credentials {
                let msg = format!("No AWS credentials: {}", f[0].fix);
                app.flash(msg);
                return vec![];
            }
            app.doctor_mode = true;
            let known =
                !app.setup.user_pool_id.is_empty() && app.setup.app_client.client_id.is_some();
            app.go(if known { Step::Doctor } else { Step::Pool })
        }
        (KeyCode::Enter, _) => {
            if let Load::Failed(f) = &app.aws.credentials {
                let msg = format!("No AWS credentials: {}", f[0].fix);
                app.flash(msg);
                return vec![];
            }
            let to = if app.file.resumed {
                resume_step(app)
            } else {
                Step::Pool
            };
            if to != Step::Pool {
                // Resuming: the pool's details are needed by the later screens.
                let id = app.setup.user_pool_id.clone();
                let mut jobs = vec![app.job(
                    crate::tui::app::JobKind::Pool,
                    crate::tui::app::Cmd::LoadPool(id.clone()),
                )];
                if let Some(c) = app.setup.app_client.client_id.clone() {
                    jobs.push(app.job(
                        crate::tui::app::JobKind::Client,
                        crate::tui::app::Cmd::LoadClient(id, c),
                    ));
                }
                // Back walks every screen before the resume point.
                app.nav.history.extend(
                    Step::ALL
                        .iter()
                        .copied()
                        .filter(|s| s.number() < to.number()),
                );
                app.step = to;
                app.focus = 0;
                jobs.extend(super::enter(app));
                return jobs;
            }
            app.go(to)
        }
        _ => vec![],
    }
}

/// `g`: the next region the AWS config names (then back to the first). The pool list is
/// read again for it; a pool already chosen keeps its own region.
fn switch_region(app: &mut App) -> Vec<Job> {
    if app.aws.offered_regions.is_empty() {
        app.flash(
            "Your AWS config names no other region: start with --region REGION for another one.",
        );
        return vec![];
    }
    let (profile, next) = app.aws.offered_regions.remove(0);
    let previous = std::mem::replace(&mut app.aws.region, next.clone());
    let source = std::mem::replace(
        &mut app.aws.region_source,
        format!("switched here: the region of profile {profile}"),
    );
    app.aws
        .offered_regions
        .push((source_profile(&source), previous));
    if app.setup.user_pool_id.is_empty() {
        app.setup.region = next;
    }
    app.account.pools = Load::Idle;
    vec![]
}

/// The profile a region's source names, for the rotation's label.
fn source_profile(source: &str) -> String {
    source
        .split("profile ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map_or_else(|| "the start".to_string(), str::to_string)
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.editing {
        vec![("Enter", "done")]
    } else if app.aws.offered_regions.is_empty() {
        vec![("↑↓", "move"), ("Enter", "choose"), ("e", "edit path")]
    } else {
        vec![
            ("↑↓", "move"),
            ("Enter", "choose"),
            ("e", "edit path"),
            ("g", "other region"),
        ]
    }
}

fn region_line(app: &App) -> String {
    if app.aws.region_source.is_empty() {
        app.aws.region.clone()
    } else {
        format!("{} ({})", app.aws.region, app.aws.region_source)
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let region = region_line(app);
    let mut lines = vec![
        Line::from(Span::styled(
            "Federate an Okta SAML 2.0 app into an Amazon Cognito user pool,",
            t.value(),
        )),
        Line::from(Span::styled(
            "check every step, and prove it works with a real sign-in.",
            t.value(),
        )),
        Line::raw(""),
        super::value_line(
            "AWS profile",
            app.aws.profile.as_deref().unwrap_or("(default chain)"),
            t,
        ),
        super::value_line("Region", &region, t),
    ];
    if !app.aws.offered_regions.is_empty() {
        let others: Vec<String> = app
            .aws
            .offered_regions
            .iter()
            .map(|(profile, region)| format!("{region} ({profile})"))
            .collect();
        lines.push(Line::from(Span::styled(
            format!(
                "Other regions in your AWS config: {} — g switches",
                others.join(", ")
            ),
            t.dim(),
        )));
    }
    match &app.aws.credentials {
        Load::Ready(src) => lines.push(Line::from(vec![
            Span::styled(format!("{:<28}", "Credentials"), t.dim()),
            Span::styled(format!("✓ resolved ({src})"), t.ok()),
        ])),
        Load::Failed(fs) => {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<28}", "Credentials"), t.dim()),
                Span::styled("✗ not available", t.error()),
            ]));
            lines.extend(finding_lines(fs, t));
        }
        _ => lines.push(Line::from(vec![
            Span::styled(format!("{:<28}", "Credentials"), t.dim()),
            Span::raw(format!("{} resolving…", spinner(app))),
        ])),
    }
    lines.push(Line::raw(""));
    let row = |i: usize, text: String| {
        let style = if app.focus == i {
            t.selected()
        } else {
            ratatui::style::Style::default()
        };
        Line::from(Span::styled(text, style))
    };
    let mut path = format!(
        "  Setup file (progress is saved here): {}",
        app.file.setup_path.value
    );
    if app.editing {
        path.push('▏');
    }
    lines.push(row(0, path));
    let action = if app.file.resumed {
        format!("  ▶ Continue the setup from {}", app.file.setup_path.value)
    } else {
        "  ▶ Set up a new federation".to_string()
    };
    lines.push(row(1, action));
    lines.push(row(
        2,
        "  ▶ Check an existing federation (doctor, read-only)".to_string(),
    ));
    if several_tenants(app) {
        lines.push(row(
            3,
            format!(
                "  ▶ Customers in this pool ({}): health, kits, add or remove",
                app.setup.federations().len()
            ),
        ));
    }
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

crate::tui::screen::screen!(
    WelcomeScreen,
    paste = |app: &mut App, text: &str| {
        if app.editing {
            app.file.setup_path.insert_str(text);
        }
        vec![]
    }
);

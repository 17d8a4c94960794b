//! Doctor: the same read-only checks as `okta-cognito doctor`, with a spinner; when the tool
//! can fix what it found, `f` plans the fixes and opens the Review.

use super::{finding_lines, spinner};
use crate::cognito::export::setup_from;
use crate::flows::shown::DoctorTarget as Target;
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step, fire};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::path::PathBuf;

pub fn enter(app: &mut App) -> Vec<Job> {
    let Some(client_id) = app.setup.app_client.client_id.clone() else {
        return vec![];
    };
    let target = Target {
        region: app.setup.region.clone(),
        pool_id: app.setup.user_pool_id.clone(),
        client_id,
        provider: None,
        metadata_url: app.setup.provider.metadata_url.clone(),
        domain: crate::cognito::state::wanted_domain_name(&app.setup).map(String::from),
    };
    app.screens.doctor = Load::Loading;
    let setup = app.setup.clone();
    vec![app.job(JobKind::Doctor, Cmd::Doctor(Box::new((target, setup))))]
}

fn fixable(app: &App) -> bool {
    app.screens.doctor.ready().is_some_and(|d| {
        d.0.provider.is_some()
            && d.0.client.is_some()
            && d.1
                .findings
                .iter()
                .any(crate::flows::shown::fixable_by_apply)
    })
}

/// Turns what was read into the setup, so the Review plans exactly the missing pieces.
fn plan_fixes(app: &mut App) -> Vec<Job> {
    let Some(d) = app.screens.doctor.ready() else {
        return vec![];
    };
    let (facts, report) = (&d.0, &d.1);
    let (Some(client), Some(provider)) = (&facts.client, &facts.provider) else {
        return vec![];
    };
    let path = PathBuf::from(app.file.setup_path.value.trim());
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "setup".into());
    let metadata_name = format!("{stem}-metadata.xml");
    let exported = setup_from(
        &report.region,
        &facts.pool,
        client,
        provider,
        &metadata_name,
    );
    let mut jobs = vec![];
    // A file that missed Okta's rotation is not written back: the app's URL replaces it.
    let current = crate::flows::shown::rotation_fix_url(facts, &report.findings);
    if let Some(xml) = exported.metadata_file_content.filter(|_| current.is_none()) {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        jobs.push(fire(Cmd::WriteFile(dir.join(&metadata_name), xml)));
    }
    app.setup = app.setup.read_back(exported.setup);
    if let Some(url) = current {
        app.setup.provider.metadata_url = Some(url);
        app.setup.provider.metadata_file = None;
    }
    // The metadata file was written beside the setup file; the setup reads it from there.
    app.setup
        .locate_at(&path, &std::env::current_dir().unwrap_or_default());
    if !app.setup.app_client.scopes.iter().any(|s| s == "openid") {
        app.setup.app_client.scopes.insert(0, "openid".into());
    }
    jobs.extend(super::notice::send(
        app,
        super::notice::Notice::SetupReplaced,
    ));
    app.doctor_mode = false;
    jobs.extend(app.go(Step::Review));
    jobs
}

pub fn checked(
    app: &mut App,
    r: Result<
        Box<(
            crate::flows::shown::Facts,
            crate::flows::shown::DoctorReport,
        )>,
        Vec<crate::finding::Finding>,
    >,
) -> Vec<Job> {
    app.screens.doctor = match r {
        Ok(d) => Load::Ready(d),
        Err(f) => Load::Failed(f),
    };
    vec![]
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    match key.code {
        KeyCode::Char('r') if !app.screens.doctor.is_loading() => enter(app),
        KeyCode::Char('f') if fixable(app) => plan_fixes(app),
        KeyCode::Down => {
            app.focus += 1;
            vec![]
        }
        KeyCode::Up => {
            app.focus = app.focus.saturating_sub(1);
            vec![]
        }
        _ => vec![],
    }
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let mut k = vec![("↑↓", "scroll"), ("r", "check again")];
    if fixable(app) {
        k.insert(0, ("f", "plan the fixes"));
    }
    k
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "User pool {}, app client {}",
            app.setup.user_pool_id,
            app.setup.app_client.client_id.as_deref().unwrap_or("?")
        ),
        t.dim(),
    ))];
    match &app.screens.doctor {
        Load::Ready(d) => {
            let r = &d.1;
            let (errors, warnings) = (
                r.findings
                    .iter()
                    .filter(|f| f.severity == crate::finding::Severity::Error)
                    .count(),
                r.findings
                    .iter()
                    .filter(|f| f.severity == crate::finding::Severity::Warning)
                    .count(),
            );
            if errors + warnings == 0 {
                lines.push(Line::from(Span::styled(
                    "✓ Healthy: no errors, no warnings.",
                    t.ok(),
                )));
            } else {
                lines.push(Line::from(Span::styled(
                    format!(
                        "{errors} error(s), {warnings} warning(s), provider {}:",
                        r.provider.as_deref().unwrap_or("(none found)")
                    ),
                    t.warn(),
                )));
            }
            lines.push(Line::from(Span::styled(
                crate::flows::shown::idp_side(r),
                t.dim(),
            )));
            for fd in &r.findings {
                lines.extend(finding_lines(std::slice::from_ref(fd), t));
                if crate::flows::shown::fixable_by_apply(fd) {
                    lines.push(Line::from(Span::styled(
                        "  ↳ okta-cognito can fix this: press f",
                        t.ok(),
                    )));
                }
            }
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled(
                "Check in Okta (General → SAML Settings):",
                t.dim(),
            )));
            lines.push(super::value_line(
                "Single sign-on URL",
                r.acs_url.as_deref().unwrap_or("(no domain yet)"),
                t,
            ));
            lines.push(super::value_line(
                "Audience URI (SP Entity ID)",
                &r.audience_uri,
                t,
            ));
        }
        Load::Failed(fs) => lines.extend(finding_lines(fs, t)),
        _ => lines.push(Line::raw(format!(
            "{} Reading the federation and fetching its metadata…",
            spinner(app)
        ))),
    }
    f.render_widget(
        crate::tui::wrap::paragraph(lines, area.width).scroll((app.focus as u16, 0)),
        area,
    );
}

crate::tui::screen::screen!(DoctorScreen, enter = enter);

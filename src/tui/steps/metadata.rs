//! Metadata: paste the Metadata URL (or a file path), fetch in the background, preview what
//! Okta published and every finding; refused metadata cannot go further.

use super::{finding_lines, spinner};
use crate::flows::shown::binding_name;
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The metadata screen's own state: the typed URL or path and the report on it.
#[derive(Debug, Default)]
pub struct MetadataView {
    pub input: crate::tui::input::Input,
    pub report: Load<crate::flows::shown::MetadataReport>,
    /// The source the report (or the fetch under way) is about.
    pub fetched: String,
}

/// After the typed source changed: a preview of another address is not shown under it, and
/// an answer still on its way for that address is not taken for this one.
fn forget_other_source(view: &mut MetadataView) {
    if view.input.value.trim() != view.fetched && !matches!(view.report, Load::Idle) {
        view.report = Load::Idle;
    }
}

/// Whether a fetch's answer is still about what the person has typed.
pub fn answer_is_current(view: &MetadataView) -> bool {
    view.input.value.trim() == view.fetched
}

/// The screen shows the setup's metadata source again (after the setup was replaced), so
/// nothing reads as typed that the person did not type.
pub fn show_setup(app: &mut App) {
    app.screens.metadata.input =
        crate::tui::input::Input::with(&app.setup.metadata_source_from(&cwd()).unwrap_or_default());
    app.screens.metadata.report = crate::tui::app::Load::Idle;
    app.screens.metadata.fetched = String::new();
}

pub fn enter(app: &mut App) -> Vec<Job> {
    app.editing = true;
    vec![]
}

/// The source of the report on screen, so Enter continues only with what was checked.
fn checked_source(app: &App) -> bool {
    app.screens
        .metadata
        .report
        .ready()
        .is_some_and(|r| r.accepted)
        && app.setup.metadata_source_from(&cwd()).as_deref()
            == Some(app.screens.metadata.input.value.trim())
}

fn cwd() -> std::path::PathBuf {
    std::env::current_dir().unwrap_or_default()
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    // ↑↓ scroll what the metadata said (a long list of findings and the verdict under it
    // must be reachable at 80x24); they are no keys of the text field.
    match key.code {
        KeyCode::Down | KeyCode::PageDown => {
            app.focus = app.focus.saturating_add(1);
            return vec![];
        }
        KeyCode::Up | KeyCode::PageUp => {
            app.focus = app.focus.saturating_sub(1);
            return vec![];
        }
        _ => {}
    }
    if key.code == KeyCode::Enter {
        if checked_source(app) {
            return app.go(Step::Provider);
        }
        let src = app.screens.metadata.input.value.trim().to_string();
        if src.is_empty() {
            app.flash("Paste the Okta app's Metadata URL (Sign On tab) first.");
            return vec![];
        }
        app.screens.metadata.report = Load::Loading;
        app.screens.metadata.fetched = src.clone();
        return vec![app.job(JobKind::Metadata, Cmd::FetchMetadata(src))];
    }
    app.editing = true;
    app.focus = 0;
    app.screens.metadata.input.handle(&key);
    forget_other_source(&mut app.screens.metadata);
    vec![]
}

/// The verdict on the source; an answer about a source the person has since replaced is
/// dropped (it would record an unchecked source).
pub fn answered(app: &mut App, r: crate::flows::shown::MetadataReport) -> Vec<Job> {
    if !answer_is_current(&app.screens.metadata) {
        return vec![];
    }
    let accepted = r.accepted;
    app.screens.metadata.report = Load::Ready(r);
    if accepted {
        accept_source(app);
    }
    vec![]
}

/// A Metadata URL found for the person (the Okta API made or found the app), already checked:
/// it becomes this screen's source with its verdict, recorded only when accepted.
pub fn take_checked(
    app: &mut App,
    url: &str,
    report: crate::flows::shown::MetadataReport,
) -> Vec<Job> {
    app.screens.metadata.input = crate::tui::input::Input::with(url);
    app.screens.metadata.fetched = url.trim().to_string();
    answered(app, report)
}

/// Records the accepted source in the setup (URL or file, the path kept relative to the
/// setup file's folder).
pub fn accept_source(app: &mut App) {
    let typed = app.screens.metadata.input.value.trim().to_string();
    app.setup.set_metadata_source(&typed, &cwd());
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if checked_source(app) {
        vec![("↑↓", "scroll"), ("Enter", "continue")]
    } else if app.screens.metadata.report.ready().is_some() {
        vec![
            ("↑↓", "scroll"),
            ("type/paste", "URL or file"),
            ("Enter", "fetch"),
        ]
    } else {
        vec![("type/paste", "URL or file"), ("Enter", "fetch")]
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    // At 120 columns and more there is room for fingerprints, NameID formats and SLO.
    let wide = area.width >= 110;
    let mut lines = vec![
        Line::from(Span::styled(
            crate::flows::shown::idp_preset(app.setup.provider.idp).metadata_prompt(),
            t.dim(),
        )),
        Line::from(Span::styled(
            format!("{}▏", app.screens.metadata.input.value),
            t.value(),
        )),
        Line::raw(""),
    ];
    match &app.screens.metadata.report {
        Load::Loading => lines.push(Line::raw(format!(
            "{} Fetching and checking the metadata…",
            spinner(app)
        ))),
        Load::Ready(r) => {
            if let Some(id) = &r.entity_id {
                lines.push(super::value_line("Entity ID", id, t));
            }
            for e in &r.sso {
                let name = binding_name(&e.binding).unwrap_or("unknown binding");
                let used = if name == "HTTP-Redirect" {
                    "  (Cognito uses this)"
                } else {
                    ""
                };
                lines.push(Line::from(Span::styled(
                    format!("Single sign-on, {name}{used}"),
                    t.dim(),
                )));
                lines.push(Line::raw(format!("  {}", super::shown(&e.location))));
            }
            for c in &r.certificates {
                let state = if c.expired() {
                    format!("EXPIRED {} days ago", -c.days_left)
                } else {
                    format!("{} days left", c.days_left)
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(
                            "{:<28}",
                            format!("Certificate #{} ({})", c.index, c.key_use)
                        ),
                        t.dim(),
                    ),
                    Span::raw(format!(
                        "{} until {} ",
                        super::shown(
                            c.subject
                                .split(", ")
                                .find(|p| p.starts_with("CN="))
                                .unwrap_or(&c.subject)
                        ),
                        &c.not_after[..10.min(c.not_after.len())]
                    )),
                    Span::styled(state, t.days_left(c.days_left)),
                ]));
                if wide {
                    // Okta's console shows the SHA-1 fingerprint; the SHA-256 one is here too.
                    lines.push(Line::raw(format!("  SHA-256 {}", c.sha256)));
                }
            }
            if wide {
                if !r.name_id_formats.is_empty() {
                    let formats: Vec<&str> = r
                        .name_id_formats
                        .iter()
                        .map(|f| f.rsplit(':').next().unwrap_or(f))
                        .collect();
                    lines.push(Line::from(vec![
                        Span::styled(format!("{:<28}", "NameID formats"), t.dim()),
                        Span::styled(super::shown(&formats.join(", ")), t.value()),
                    ]));
                }
                let slo = r
                    .slo
                    .first()
                    .map_or("none (IdP sign-out needs one)".to_string(), |e| {
                        super::shown(&e.location)
                    });
                lines.push(Line::from(vec![
                    Span::styled(format!("{:<28}", "Single logout"), t.dim()),
                    Span::raw(slo),
                ]));
            }
            if r.accepted && !app.screens.metadata.input.value.contains("://") {
                lines.push(Line::from(Span::styled(
                    "A file freezes today's certificate in Cognito; the Metadata URL is re-read by Cognito about every 6 hours and carries Okta's certificate rotations by itself.",
                    t.dim(),
                )));
            }
            lines.push(Line::raw(""));
            lines.extend(finding_lines(&r.findings, t));
            if r.accepted {
                lines.push(Line::from(Span::styled(
                    "✓ Cognito will accept this metadata. Press Enter to continue.",
                    t.ok(),
                )));
            } else if r.unread() {
                lines.push(Line::from(Span::styled(
                    "✗ The metadata could not be read, so Cognito has nothing to judge yet: fix the address or file, then press Enter to fetch again.",
                    t.error(),
                )));
            } else {
                lines.push(Line::from(Span::styled(
                    format!(
                        "✗ Cognito would refuse this metadata: fix it in {}, then press Enter to fetch again.",
                        r.idp_kind().name()
                    ),
                    t.error(),
                )));
            }
        }
        _ => {}
    }
    f.render_widget(
        crate::tui::wrap::paragraph(lines, area.width).scroll((app.focus as u16, 0)),
        area,
    );
}

crate::tui::screen::screen!(
    MetadataScreen,
    enter = enter,
    paste = |app: &mut App, text: &str| {
        app.screens.metadata.input.insert_str(text);
        forget_other_source(&mut app.screens.metadata);
        vec![]
    }
);

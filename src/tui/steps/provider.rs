//! Provider and attributes: provider name, IdP sign-out, and the mapping table (user pool
//! attribute ← SAML attribute) checked against the pool's schema as it is typed.

use super::{finding_lines, navigate};
use crate::cognito::plan::schema_findings;
use crate::finding::{Finding, has_errors};
use crate::setup::validate;
use crate::tui::app::{App, Job, Step};
use crate::tui::input::Input;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The provider screen's own state.
#[derive(Debug, Default)]
pub struct ProviderView {
    pub name: crate::tui::input::Input,
    /// Mapping rows being edited: (user pool attribute, SAML attribute).
    pub mapping: Vec<(crate::tui::input::Input, crate::tui::input::Input)>,
    /// Column of the focused mapping row: 0 = user pool attribute, 1 = SAML attribute.
    pub column: usize,
    /// Cognito's certificates for the provider options, shown here and on the Okta screen.
    pub certificates: crate::tui::app::Load<crate::flows::shown::CognitoSide>,
}

fn rows(app: &App) -> usize {
    app.screens.provider.mapping.len() + 4
}

/// Copies the form into the setup (the setup is what every check reads).
/// The setup was replaced as a whole: the fields show its provider name and mapping.
pub fn show_setup(app: &mut App) {
    app.screens.provider.mapping = app
        .setup
        .provider
        .attribute_mapping
        .iter()
        .map(|(k, v)| (Input::with(k), Input::with(v)))
        .collect();
    app.screens.provider.name = Input::with(&app.setup.provider.name);
}

pub fn certificates_read(app: &mut App, side: crate::flows::shown::CognitoSide) -> Vec<Job> {
    app.screens.provider.certificates = crate::tui::app::Load::Ready(side);
    vec![]
}

pub fn sync(app: &mut App) {
    app.setup.provider.name = app.screens.provider.name.value.trim().to_string();

    app.setup.provider.attribute_mapping = app
        .screens
        .provider
        .mapping
        .iter()
        .filter(|(a, s)| !a.value.trim().is_empty() || !s.value.is_empty())
        .map(|(a, s)| (a.value.trim().to_string(), s.value.clone()))
        .collect();
}

pub fn problems(app: &App) -> Vec<Finding> {
    let mut f = validate::provider_name("provider name", &app.setup.provider.name);
    f.extend(validate::attribute_mapping(
        "mapping",
        &app.setup.provider.attribute_mapping,
    ));
    if let Some(pool) = app.account.pool.ready() {
        f.extend(schema_findings(&app.setup, pool));
    }
    f
}

fn field(app: &mut App) -> Option<&mut Input> {
    let n = app.screens.provider.mapping.len();
    match app.focus {
        0 => Some(&mut app.screens.provider.name),
        i if (2..2 + n).contains(&i) => {
            let row = &mut app.screens.provider.mapping[i - 2];
            Some(if app.screens.provider.column == 0 {
                &mut row.0
            } else {
                &mut row.1
            })
        }
        _ => None,
    }
}

pub fn paste(app: &mut App, text: &str) {
    if let Some(input) = field(app) {
        input.insert_str(text);
    }
    sync(app);
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let n = app.screens.provider.mapping.len();
    if app.editing {
        if key.code == KeyCode::Enter {
            app.editing = false;
        } else if let Some(input) = field(app) {
            input.handle(&key);
        }
        sync(app);
        return vec![];
    }
    let n_rows = rows(app);
    if navigate(&mut app.focus, n_rows, &key) {
        return vec![];
    }
    match (key.code, app.focus) {
        (KeyCode::Left, _) => app.screens.provider.column = 0,
        (KeyCode::Right, _) => app.screens.provider.column = 1,
        (KeyCode::Enter | KeyCode::Char(' '), 1) => {
            app.setup.provider.idp_signout = !app.setup.provider.idp_signout;
            return read_certificates(app);
        }
        (KeyCode::Char('d'), i) if (2..2 + n).contains(&i) => {
            app.screens.provider.mapping.remove(i - 2);
            sync(app);
        }
        (KeyCode::Enter, i) if i == 2 + n || key.code == KeyCode::Char('a') => {
            app.screens
                .provider
                .mapping
                .push((Input::default(), Input::default()));
            app.focus = 2 + n;
            app.screens.provider.column = 0;
            app.editing = true;
        }
        (KeyCode::Enter, i) if i == 3 + n => {
            sync(app);
            if has_errors(&problems(app)) {
                app.flash("Fix the problems listed below before continuing.");
                return vec![];
            }
            let mut jobs = super::okta_api::mapping_changed(app);
            jobs.extend(app.go(Step::Settings));
            return jobs;
        }
        (KeyCode::Enter, _) => app.editing = field(app).is_some(),
        _ => {}
    }
    vec![]
}

/// Cognito's certificates, read again on each visit while an option that needs them is on
/// (the provider's appears only once apply has created it). What was read stays on screen
/// until the new answer arrives.
pub fn read_certificates(app: &mut App) -> Vec<Job> {
    if !crate::flows::okta_side::needed(&app.setup)
        || app.screens.provider.certificates.is_loading()
        || app.aws.credentials.ready().is_none()
    {
        return vec![];
    }
    if app.screens.provider.certificates.ready().is_none() {
        app.screens.provider.certificates = crate::tui::app::Load::Loading;
    }
    let setup = Box::new(app.setup.clone());
    vec![app.job(
        crate::tui::app::JobKind::Certificates,
        crate::tui::app::Cmd::Certificates(setup),
    )]
}

/// What the Okta app needs from Cognito for the options that are on: the certificate's
/// fingerprint and expiry (the PEM is in `values --config FILE`; `okta-app` uploads it).
fn certificate_lines(app: &App, t: &Theme) -> Vec<Line<'static>> {
    let p = &app.setup.provider;
    if !crate::flows::okta_side::needed(&app.setup) {
        return vec![];
    }
    let mut lines = vec![Line::from(Span::styled(
        "Cognito's certificates for the Okta app",
        t.title(),
    ))];
    let show = |label: &str, cert: Option<&String>, encryption: bool, missing: &str| {
        let text = match cert.and_then(|c| crate::cognito::certificates::describe(c, encryption)) {
            Some(i) => format!(
                "{label}: SHA-256 {} (valid until {})",
                i.sha256, i.not_after
            ),
            None => format!("{label}: {missing}"),
        };
        Line::raw(text)
    };
    match &app.screens.provider.certificates {
        crate::tui::app::Load::Ready(side) => {
            if p.idp_signout || p.request_signing_algorithm.is_some() {
                lines.push(show(
                    "signing",
                    side.signing_certificate.as_ref(),
                    false,
                    "could not be read (cognito-idp:GetSigningCertificate)",
                ));
            }
            if p.encrypted_responses {
                lines.push(show(
                    "encryption",
                    side.encryption_certificate.as_ref(),
                    true,
                    "made when the provider is created (after Apply)",
                ));
            }
        }
        crate::tui::app::Load::Loading => lines.push(Line::raw("(reading them from Cognito…)")),
        _ => lines.push(Line::raw("(read once AWS credentials are found)")),
    }
    lines.push(Line::from(Span::styled(
        "The Okta step uploads them; `okta-cognito values --config FILE` prints them as PEM.",
        t.dim(),
    )));
    lines.push(Line::raw(""));
    lines
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.editing {
        vec![("type", "edit"), ("Enter", "done")]
    } else {
        vec![
            ("↑↓", "move"),
            ("←→", "column"),
            ("Enter", "edit/choose"),
            ("d", "delete row"),
        ]
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    // Side by side when there is room, the schema under the form otherwise.
    let [form, side] = if area.width >= 110 {
        Layout::horizontal([Constraint::Percentage(65), Constraint::Percentage(35)]).areas(area)
    } else {
        let schema_rows = app
            .account
            .pool
            .ready()
            .map_or(2, |p| p.schema.len() as u16 + 1)
            .min(8);
        Layout::vertical([Constraint::Min(6), Constraint::Length(schema_rows)]).areas(area)
    };
    let n = app.screens.provider.mapping.len();
    let sel = |i: usize| {
        if app.focus == i {
            t.selected()
        } else {
            ratatui::style::Style::default()
        }
    };
    let cursor = |i: usize, col: usize| {
        if app.editing && app.focus == i && (i == 0 || app.screens.provider.column == col) {
            "▏"
        } else {
            ""
        }
    };
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "Provider name: {}{}",
                app.screens.provider.name.value,
                cursor(0, 0)
            ),
            sel(0),
        )),
        Line::from(Span::styled(
            format!(
                "IdP sign-out:  [{}] sign users out of Okta too",
                if app.setup.provider.idp_signout {
                    "x"
                } else {
                    " "
                }
            ),
            sel(1),
        )),
        Line::raw(""),
        Line::from(Span::styled(
            "Pool attribute        ←  SAML attribute (Okta's statement Name)",
            t.title(),
        )),
    ];
    for (i, (a, s)) in app.screens.provider.mapping.iter().enumerate() {
        let row = i + 2;
        let mark = |col: usize| {
            if app.focus == row && app.screens.provider.column == col {
                t.selected()
            } else {
                ratatui::style::Style::default()
            }
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<20}{}", a.value, cursor(row, 0)), mark(0)),
            Span::raw("  ←  "),
            Span::styled(format!("{}{}", s.value, cursor(row, 1)), mark(1)),
        ]));
    }
    lines.push(Line::from(Span::styled("+ add a mapping", sel(2 + n))));
    lines.push(Line::from(Span::styled("▶ Continue", sel(3 + n))));
    lines.push(Line::raw(""));
    lines.extend(certificate_lines(app, t));
    lines.extend(finding_lines(&problems(app), t));
    f.render_widget(crate::tui::wrap::paragraph(lines, form.width), form);

    let mut schema = vec![Line::from(Span::styled(
        "Pool schema (attribute, flags)",
        t.title(),
    ))];
    match app.account.pool.ready() {
        Some(p) => {
            for a in p.schema.iter().filter(|a| a.name != "sub") {
                let flags = format!(
                    "{}{}",
                    if a.required { "required " } else { "" },
                    if a.mutable { "mutable" } else { "IMMUTABLE" }
                );
                let style = if !a.mutable {
                    t.warn()
                } else {
                    ratatui::style::Style::default()
                };
                lines_push(&mut schema, &a.name, flags, style);
            }
        }
        None => schema.push(Line::raw("(reading the pool…)")),
    }
    f.render_widget(Paragraph::new(schema).wrap(Wrap { trim: true }), side);
}

fn lines_push(v: &mut Vec<Line<'static>>, name: &str, flags: String, style: ratatui::style::Style) {
    v.push(Line::from(vec![
        Span::raw(format!("{name:<20} ")),
        Span::styled(flags, style),
    ]));
}

/// The defaults are usually right: the Provider screen opens on its Continue row.
fn entered(app: &mut App) -> Vec<Job> {
    app.focus = app.screens.provider.mapping.len() + 3;
    read_certificates(app)
}

crate::tui::screen::screen!(
    ProviderScreen,
    enter = entered,
    paste = |app: &mut App, text: &str| {
        if app.editing {
            paste(app, text);
        }
        vec![]
    }
);

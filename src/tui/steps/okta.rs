//! Okta app: the guide's Okta steps as a checklist in today's console labels, with the values
//! to paste, each copied with one key.

use super::{navigate, okta_api};
use crate::okta::console::attribute_statements;
use crate::tui::app::{App, Cmd, Job, Step, fire};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The Okta screen's own state: the checklist, the API path, and the mapping it showed.
#[derive(Debug, Default)]
pub struct OktaView {
    pub ticks: Vec<bool>,
    pub api: crate::tui::app::OktaApiView,
    /// The attribute mapping as this screen last showed it (its attribute statements).
    pub mapping_shown: Option<std::collections::BTreeMap<String, String>>,
}

/// The checklist's fixed items; the provider options add theirs after them.
pub const ITEMS: usize = 7;

/// (instruction, value to copy) per checklist item.
pub fn items(app: &App) -> Vec<(String, Option<String>)> {
    // The Okta checklist uses the ACS URL and Audience URI only; the issuer plays no part.
    let v = app.setup.values(crate::endpoints::IssuerKind::Original);

    let statements = attribute_statements(&app.setup.provider.attribute_mapping);
    let statement_text = statements
        .iter()
        .map(|(name, value)| format!("Name \"{name}\" = {value}"))
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        ("Applications → Applications → Create App Integration → SAML 2.0 → Next; App name → Next".into(), None),
        (
            "Single sign-on URL (keep \"Use this for Recipient URL and Destination URL\" ticked)".into(),
            v.as_ref().map(|v| v.acs_url.clone()),
        ),
        ("Audience URI (SP Entity ID)".into(), v.as_ref().map(|v| v.audience_uri.clone())),
        (
            format!("Attribute Statements: {}", if statement_text.is_empty() { "none mapped".into() } else { statement_text }),
            statements.first().map(|(n, _)| n.clone()),
        ),
        ("Next → \"I'm an Okta customer adding an internal app\" → Finish".into(), None),
        ("Assignments → Assign → Assign to People (or Groups) → Assign → Done".into(), None),
        ("Sign On tab → SAML 2.0 → Metadata URL → Copy (paste it on the next screen)".into(), None),
    ]
    .into_iter()
    .chain(option_items(app, v.as_ref()))
    .collect()
}

/// One item per provider option that needs Cognito's certificates: the console path and
/// fields, and the certificate as PEM to copy (else the value to paste).
fn option_items(
    app: &App,
    values: Option<&crate::endpoints::Values>,
) -> Vec<(String, Option<String>)> {
    let Some(values) = values else {
        return vec![];
    };
    let side = app
        .screens
        .provider
        .certificates
        .ready()
        .cloned()
        .unwrap_or_default();
    crate::okta::console_options::steps(&app.setup, values, &side)
        .into_iter()
        .map(|step| {
            let fields = step
                .fields
                .iter()
                .map(|(label, value)| format!("{label}: {value}"))
                .collect::<Vec<_>>()
                .join("; ");
            let cert = step.certificate.as_ref().map(|c| {
                format!(
                    " (c copies the certificate, SHA-256 {}, valid until {})",
                    c.sha256, c.valid_until
                )
            });
            let pending = step.pending.as_ref().map(|p| format!(" — pending: {p}"));
            let text = format!(
                "{}: {} → {fields}{}{}",
                step.title,
                step.path,
                cert.unwrap_or_default(),
                pending.unwrap_or_default()
            );
            let copy = step.certificate.map(|c| c.pem).or_else(|| {
                step.fields
                    .last()
                    .map(|(_, v)| v.clone())
                    .filter(|v| !v.is_empty())
            });
            (text, copy)
        })
        .collect()
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if app.editing {
        return okta_api::on_picker_key(app, key);
    }
    let count = items(app).len();
    if app.screens.okta.ticks.len() < count {
        app.screens.okta.ticks.resize(count, false);
    }
    if navigate(&mut app.focus, count, &key) {
        return vec![];
    }
    match key.code {
        KeyCode::Char(' ') | KeyCode::Char('x') => {
            if let Some(t) = app.screens.okta.ticks.get_mut(app.focus) {
                *t = !*t;
            }
            vec![]
        }
        KeyCode::Char('c') => match items(app).get(app.focus).and_then(|(_, v)| v.clone()) {
            Some(v) => vec![fire(Cmd::Copy(v))],
            None => {
                app.flash("Nothing to copy on this line.");
                vec![]
            }
        },
        KeyCode::Char('a') => okta_api::open(app),
        KeyCode::Enter => app.go(Step::Metadata),
        _ => vec![],
    }
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.editing {
        return okta_api::keys(app);
    }
    // With a token, creating through the API is the main action: it goes first so a
    // narrow footer drops the manual keys rather than it.
    if okta_api::credentials(app).is_some() && !app.screens.okta.api.running {
        return vec![
            ("↑↓", "move"),
            ("a", "create in Okta"),
            ("Enter", "next"),
            ("Space", "tick"),
            ("c", "copy value"),
        ];
    }
    vec![
        ("↑↓", "move"),
        ("Space", "tick"),
        ("c", "copy value"),
        ("Enter", "next"),
    ]
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    if app.editing {
        return okta_api::view_picker(app, f, area, t);
    }
    let api = okta_api::lines(app, t);
    let api_first = app.screens.okta.api.credentials.is_some();
    let mut lines = vec![];
    let mut api = Some(api);
    if api_first {
        lines.extend(api.take().into_iter().flatten());
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        "In the Okta Admin Console, create the SAML app with these values:",
        t.dim(),
    )));
    for (i, (text, value)) in items(app).into_iter().enumerate() {
        let tick = if app.screens.okta.ticks.get(i).copied().unwrap_or(false) {
            "[x]"
        } else {
            "[ ]"
        };
        let style = if app.focus == i {
            t.selected()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!("{tick} {}. {text}", i + 1),
            style,
        )));
        // A certificate is copied whole; on screen its first line says what it is.
        if let Some(v) = value.filter(|v| !v.starts_with("-----BEGIN")) {
            lines.push(Line::from(vec![
                Span::raw("      "),
                Span::styled(v, t.value()),
            ]));
        }
    }
    if let Some(api) = api {
        lines.push(Line::from(""));
        lines.extend(api);
    }
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

/// What Okta is told to send; Done reminds if the mapping changes afterwards. The
/// certificates the provider options need are read for the checklist.
fn entered(app: &mut App) -> Vec<Job> {
    app.screens.okta.mapping_shown = Some(app.setup.provider.attribute_mapping.clone());
    super::provider::read_certificates(app)
}

crate::tui::screen::screen!(OktaScreen, enter = entered);

//! Okta app: the guide's Okta steps as a checklist in today's console labels, with the values
//! to paste, each copied with one key.

use super::{navigate, okta_api};
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

/// The identity provider this screen's checklist is for (Okta unless the setup says another).
fn idp(app: &App) -> &'static dyn crate::flows::shown::IdentityProvider {
    crate::flows::shown::idp_preset(app.setup.provider.idp)
}

/// (instruction, value to copy) per checklist item: the IdP's console steps, then (for Okta,
/// whose console the option steps name) one per provider option that needs Cognito's
/// certificates.
pub fn items(app: &App) -> Vec<(String, Option<String>)> {
    // The checklist uses the ACS URL and Audience URI only; the issuer plays no part.
    let v = app.setup.values(crate::endpoints::IssuerKind::Original);
    let steps = idp(app)
        .checklist(&app.setup, v.as_ref())
        .into_iter()
        .map(|i| (i.instruction, i.copy));
    let options = match app.setup.provider.idp {
        crate::setup::IdpKind::Okta => option_items(app, v.as_ref()),
        _ => vec![],
    };
    steps.chain(options).collect()
}

/// `i`: the next identity provider the tool knows. The checklist follows; the setup records
/// the choice (`provider.idp`).
fn next_idp(app: &mut App) -> Vec<Job> {
    let all = crate::setup::IdpKind::ALL;
    let at = all
        .iter()
        .position(|k| *k == app.setup.provider.idp)
        .unwrap_or(0);
    app.setup.provider.idp = all[(at + 1) % all.len()];
    app.screens.okta.ticks.clear();
    app.focus = 0;
    app.flash(format!(
        "Identity provider: {} (i switches)",
        idp(app).name()
    ));
    app.autosave()
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
    crate::idp::okta::console_options::steps(&app.setup, values, &side)
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
        KeyCode::Char('a') if idp(app).has_api() => okta_api::open(app),
        KeyCode::Char('i') => next_idp(app),
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
    if idp(app).has_api() && okta_api::credentials(app).is_some() && !app.screens.okta.api.running {
        return vec![
            ("↑↓", "move"),
            ("a", "create in Okta"),
            ("Enter", "next"),
            ("Space", "tick"),
            ("c", "copy value"),
            ("i", "other IdP"),
        ];
    }
    vec![
        ("↑↓", "move"),
        ("Space", "tick"),
        ("c", "copy value"),
        ("Enter", "next"),
        ("i", "other IdP"),
    ]
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    if app.editing {
        return okta_api::view_picker(app, f, area, t);
    }
    // The Okta API has nothing to say about another IdP.
    let api = if idp(app).has_api() {
        okta_api::lines(app, t)
    } else {
        vec![]
    };
    let api_first = idp(app).has_api() && app.screens.okta.api.credentials.is_some();
    let mut lines = vec![];
    let mut api = Some(api);
    if api_first {
        lines.extend(api.take().into_iter().flatten());
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        match app.setup.provider.idp {
            crate::setup::IdpKind::Okta => {
                "In the Okta Admin Console, create the SAML app with these values:".to_string()
            }
            _ => format!(
                "In the {} admin console, add the app with these values (i: another IdP):",
                idp(app).name()
            ),
        },
        t.dim(),
    )));
    let mut focused = 0..0;
    for (i, (text, value)) in items(app).into_iter().enumerate() {
        let first = lines.len();
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
        if app.focus == i {
            focused = first..lines.len();
        }
    }
    if let Some(api) = api {
        lines.push(Line::from(""));
        lines.extend(api);
    }
    // With the Okta API's lines above it, the checklist's last steps can fall below 80x24:
    // the focused step is kept on screen.
    f.render_widget(
        crate::tui::wrap::paragraph_keeping(lines, focused, area),
        area,
    );
}

/// What Okta is told to send; Done reminds if the mapping changes afterwards. The
/// certificates the provider options need are read for the checklist.
fn entered(app: &mut App) -> Vec<Job> {
    app.screens.okta.mapping_shown = Some(app.setup.provider.attribute_mapping.clone());
    super::provider::read_certificates(app)
}

crate::tui::screen::screen!(OktaScreen, enter = entered);

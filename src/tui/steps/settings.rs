//! App client settings: callback and sign-out URLs (added to what the client has, never
//! removed), scopes, and the local test callback.

use super::{finding_lines, navigate};
use crate::setup::validate;
use crate::tui::app::{App, Job, Step};
use crate::tui::input::Input;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The settings screen's own state: a URL being typed.
#[derive(Debug, Default)]
pub struct SettingsView {
    pub url: crate::tui::input::Input,
}

pub const SCOPES: [&str; 5] = [
    "openid",
    "email",
    "profile",
    "phone",
    "aws.cognito.signin.user.admin",
];

/// Rows: add callback, each callback, add sign-out, each sign-out, each scope, continue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    AddCallback,
    Callback(usize),
    AddLogout,
    Logout(usize),
    Scope(usize),
    Continue,
}

fn rows(app: &App) -> Vec<Row> {
    let mut r = vec![Row::AddCallback];

    r.extend((0..app.setup.app_client.callback_urls.len()).map(Row::Callback));
    r.push(Row::AddLogout);
    r.extend((0..app.setup.app_client.logout_urls.len()).map(Row::Logout));
    r.extend((0..SCOPES.len()).map(Row::Scope));
    r.push(Row::Continue);
    r
}

pub fn continue_row(app: &App) -> usize {
    rows(app).len() - 1
}

/// Which list the URL being typed goes to.
fn adding_to_logout(app: &App) -> bool {
    matches!(
        rows(app).get(app.focus),
        Some(Row::AddLogout | Row::Logout(_))
    )
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if app.editing {
        if key.code == KeyCode::Enter {
            let url = app.screens.settings.url.value.trim().to_string();
            let problems = validate::redirect_url("URL", &url);
            if !problems.is_empty() {
                app.flash(problems[0].message.clone());
                return vec![];
            }
            let list = if adding_to_logout(app) {
                &mut app.setup.app_client.logout_urls
            } else {
                &mut app.setup.app_client.callback_urls
            };
            if !list.contains(&url) {
                list.push(url);
            }
            app.screens.settings.url = Input::default();
            app.editing = false;
        } else {
            app.screens.settings.url.handle(&key);
        }
        return vec![];
    }
    let all = rows(app);
    if navigate(&mut app.focus, all.len(), &key) {
        return vec![];
    }
    match (key.code, all.get(app.focus).copied()) {
        (KeyCode::Enter, Some(Row::AddCallback | Row::AddLogout)) => app.editing = true,
        (KeyCode::Char('d'), Some(Row::Callback(i))) => {
            app.setup.app_client.callback_urls.remove(i);
        }
        (KeyCode::Char('d'), Some(Row::Logout(i))) => {
            app.setup.app_client.logout_urls.remove(i);
        }
        (KeyCode::Enter | KeyCode::Char(' '), Some(Row::Scope(i))) => {
            let s = SCOPES[i].to_string();
            let scopes = &mut app.setup.app_client.scopes;
            if let Some(p) = scopes.iter().position(|x| *x == s) {
                scopes.remove(p);
            } else {
                scopes.push(s);
            }
        }
        (KeyCode::Enter, Some(Row::Continue)) => {
            let problems = validate::scopes("scopes", &app.setup.app_client.scopes);
            if !problems.is_empty() {
                app.flash(problems[0].message.clone());
                return vec![];
            }
            return app.go(Step::Review);
        }
        _ => {}
    }
    vec![]
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.editing {
        vec![("type", "URL"), ("Enter", "add")]
    } else {
        vec![
            ("↑↓", "move"),
            ("Enter", "add/toggle/continue"),
            ("d", "remove"),
        ]
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let sel = |i: usize| {
        if app.focus == i {
            t.selected()
        } else {
            ratatui::style::Style::default()
        }
    };
    let existing = app.account.client.ready();
    let kept = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    let mut lines = vec![];
    for (i, row) in rows(app).into_iter().enumerate() {
        let line = match row {
            Row::AddCallback => {
                lines.push(Line::from(Span::styled(
                    "Callback URLs (added; the client keeps its own)",
                    t.title(),
                )));
                if let Some(c) = existing {
                    lines.push(Line::from(Span::styled(
                        format!("  kept: {}", kept(c.callback_urls())),
                        t.dim(),
                    )));
                }
                lines.push(Line::from(Span::styled(
                    format!(
                        "  local test callback: {} (always added)",
                        app.setup.login_redirect_uri()
                    ),
                    t.dim(),
                )));
                let typing = app.editing && !adding_to_logout(app);
                format!(
                    "  + add a callback URL{}",
                    if typing {
                        format!(": {}▏", app.screens.settings.url.value)
                    } else {
                        String::new()
                    }
                )
            }
            Row::Callback(j) => format!("    {}", app.setup.app_client.callback_urls[j]),
            Row::AddLogout => {
                lines.push(Line::from(Span::styled("Sign-out URLs", t.title())));
                if let Some(c) = existing {
                    lines.push(Line::from(Span::styled(
                        format!("  kept: {}", kept(c.logout_urls())),
                        t.dim(),
                    )));
                }
                let typing = app.editing && adding_to_logout(app);
                format!(
                    "  + add a sign-out URL{}",
                    if typing {
                        format!(": {}▏", app.screens.settings.url.value)
                    } else {
                        String::new()
                    }
                )
            }
            Row::Logout(j) => format!("    {}", app.setup.app_client.logout_urls[j]),
            Row::Scope(j) => {
                if j == 0 {
                    lines.push(Line::from(Span::styled("Scopes", t.title())));
                }
                let on = app.setup.app_client.scopes.iter().any(|s| s == SCOPES[j]);
                format!("  [{}] {}", if on { "x" } else { " " }, SCOPES[j])
            }
            Row::Continue => "▶ Continue to the review".to_string(),
        };
        lines.push(Line::from(Span::styled(line, sel(i))));
    }
    lines.extend(finding_lines(
        &validate::scopes("scopes", &app.setup.app_client.scopes),
        t,
    ));
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

crate::tui::screen::screen!(
    SettingsScreen,
    enter = |app: &mut App| {
        app.focus = continue_row(app);
        vec![]
    },
    paste = |app: &mut App, text: &str| {
        if app.editing {
            app.screens.settings.url.insert_str(text);
        }
        vec![]
    }
);

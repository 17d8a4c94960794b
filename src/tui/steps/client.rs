//! App client: the pool's clients, or a new public client; a client with a secret is
//! flagged (the guide's flow needs a public client).

use super::{finding_lines, navigate, spinner};
use crate::finding::Finding;
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step};
use crate::tui::theme::Theme;
use crate::tui::widgets::picker::Window;
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The client screen's own state.
#[derive(Debug, Default)]
pub struct ClientView {
    /// The name a new client would get, kept while an existing client is chosen, so that
    /// turning back to "Create a new public client" does not carry the other client's name.
    pub new_name: Option<String>,
}

pub fn listed(
    app: &mut App,
    r: Result<Vec<crate::flows::shown::ClientSummary>, Finding>,
) -> Vec<Job> {
    app.account.clients = super::load(r);
    vec![]
}

pub fn enter(app: &mut App) -> Vec<Job> {
    if matches!(app.account.clients, Load::Idle | Load::Failed(_))
        && !app.setup.user_pool_id.is_empty()
    {
        app.account.clients = Load::Loading;
        let id = app.setup.user_pool_id.clone();
        return vec![app.job(JobKind::Clients, Cmd::ListClients(id))];
    }
    vec![]
}

fn focused_client_id(app: &App) -> Option<&str> {
    let row = app.focus.checked_sub(1)?;
    app.account.clients.ready()?.get(row).map(|c| c.id.as_str())
}

fn rows(app: &App) -> usize {
    1 + app.account.clients.ready().map_or(0, Vec::len)
}

/// The chosen client was described: a secret keeps the user here with a warning.
pub fn loaded(app: &mut App, r: Result<Box<UserPoolClientType>, Finding>) -> Vec<Job> {
    match r {
        Ok(c) => {
            let has_secret = c.client_secret().is_some_and(|s| !s.is_empty());
            app.account.client = Load::Ready(*c);
            if has_secret || app.step != Step::Client {
                return vec![];
            }
            app.go(Step::Domain)
        }
        Err(f) => {
            app.account.client = Load::Failed(vec![f]);
            vec![]
        }
    }
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let n_rows = rows(app);
    if navigate(&mut app.focus, n_rows, &key) {
        return vec![];
    }
    if key.code != KeyCode::Enter {
        return vec![];
    }
    if app.focus == 0 && app.doctor_mode {
        app.flash("The doctor checks an existing client: choose one from the list.");
        return vec![];
    }
    if app.focus == 0 {
        if app.setup.app_client.client_id.take().is_some() {
            // The name came with the client turned away from; the plan would find that
            // client by it and rewrite it.
            app.setup.app_client.name = app
                .screens
                .client
                .new_name
                .take()
                .unwrap_or_else(|| crate::setup::DEFAULT_CLIENT_NAME.to_string());
        }
        app.account.client = Load::Idle;
        return app.go(Step::Domain);
    }
    let Some(c) = app
        .account
        .clients
        .ready()
        .and_then(|c| c.get(app.focus - 1))
        .cloned()
    else {
        return vec![];
    };
    // Second Enter on a client with a secret: the user chose it knowingly.
    if let Load::Ready(d) = &app.account.client
        && d.client_id() == Some(c.id.as_str())
    {
        return app.go(Step::Domain);
    }
    if app.setup.app_client.client_id.is_none() {
        app.screens.client.new_name = Some(app.setup.app_client.name.clone());
    }
    app.setup.app_client.client_id = Some(c.id.clone());
    app.setup.app_client.name = c.name.clone();
    app.account.client = Load::Loading;
    let pool = app.setup.user_pool_id.clone();
    vec![app.job(JobKind::Client, Cmd::LoadClient(pool, c.id))]
}

pub fn keys(_: &App) -> Vec<(&'static str, &'static str)> {
    vec![("↑↓", "move"), ("Enter", "choose")]
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "User pool {}: choose the app client your application uses.",
            app.setup.user_pool_id
        ),
        t.dim(),
    ))];
    lines.push(Line::raw(""));
    let row = |i: usize, text: String| {
        Line::from(Span::styled(
            text,
            if app.focus == i {
                t.selected()
            } else {
                ratatui::style::Style::default()
            },
        ))
    };
    // While an existing client is chosen, the setup holds its name; the new client would get
    // the name it had before.
    let new_name = match &app.setup.app_client.client_id {
        Some(_) => app
            .screens
            .client
            .new_name
            .as_deref()
            .unwrap_or(crate::setup::DEFAULT_CLIENT_NAME),
        None => app.setup.app_client.name.as_str(),
    };
    lines.push(row(
        0,
        format!("  + Create a new public client \"{new_name}\" (no secret; SRP and refresh auth)"),
    ));
    match &app.account.clients {
        Load::Ready(list) => {
            // Below the list: a blank line and up to three of the secret warning.
            let room = (area.height as usize).saturating_sub(lines.len() + 4);
            let window = Window::around(app.focus.saturating_sub(1), list.len(), room);
            lines.extend(window.above_line("  ", t));
            for (i, c) in list.iter().enumerate().filter(|(i, _)| window.contains(*i)) {
                let flag = if c.has_secret == Some(true) {
                    "  ⚠ has a secret"
                } else {
                    ""
                };
                lines.push(row(i + 1, format!("  {:<32} {}{flag}", c.name, c.id)));
            }
            lines.extend(window.below_line("  ", t));
        }
        Load::Failed(fs) => lines.extend(finding_lines(fs, t)),
        _ => lines.push(Line::raw(format!(
            "  {} Listing app clients…",
            spinner(app)
        ))),
    }
    lines.push(Line::raw(""));
    match &app.account.client {
        Load::Loading => lines.push(Line::raw(format!("{} Reading the client…", spinner(app)))),
        // Only for the client under the cursor: after Back or a move, an old warning would
        // describe another row.
        Load::Ready(c)
            if c.client_secret().is_some_and(|s| !s.is_empty())
                && focused_client_id(app) == c.client_id() =>
        {
            lines.push(Line::from(Span::styled(
                format!(
                    "⚠ {} has a client secret.",
                    c.client_name().unwrap_or_default()
                ),
                t.warn(),
            )));
            lines.push(Line::raw(
                "  The guide's sign-in flow needs a public client. Choose \"Create a new public client\", or press Enter again to use it anyway.",
            ));
        }
        Load::Failed(fs) => lines.extend(finding_lines(fs, t)),
        _ => {}
    }
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

crate::tui::screen::screen!(ClientScreen, enter = enter);

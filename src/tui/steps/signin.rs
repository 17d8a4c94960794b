//! Test sign-in: the login URL (copyable), the browser, a countdown while listening, then the
//! verified claims and which mapped attributes arrived — or the explanation of the error.

use super::{finding_lines, spinner};
use crate::finding::Finding;
use crate::flows::shown::{LoginConfig, LoginOutcome, PoolSide};
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step, fire};
use crate::tui::input::Input;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::time::Duration;

#[derive(Debug, Default)]
pub struct SignInView {
    /// Esc was pressed; the listener is being closed.
    pub cancelling: bool,
    /// Editing the loopback port (`p`); the callback URL on the client changes with it.
    pub port: Option<Input>,
    pub url: Option<String>,
    pub browser: Option<Result<String, Finding>>,
    pub remaining: Option<Duration>,
    pub running: bool,
    pub result: Option<Result<LoginOutcome, Finding>>,
    /// The sign-out test after a successful sign-in (`o`).
    pub sign_out: Load<crate::flows::shown::SignOut>,
    /// `o` was pressed and the sign-out URL is not known to be registered: the change is
    /// shown and waits for `y`.
    pub confirm_sign_out: bool,
}

fn start(app: &mut App, open_browser: bool) -> Vec<Job> {
    let mut o = app.session.overrides.clone();
    o.no_browser = !open_browser;
    // The setup's own mistakes are shown at once; the pool's part is read by the job.
    match LoginConfig::from_setup(&app.setup, &o, &PoolSide::default()) {
        Ok(_) => {
            app.screens.signin = Default::default();
            app.screens.signin.running = true;
            let cmd = Cmd::Login(Box::new((app.setup.clone(), o)));
            vec![app.job(JobKind::Login, cmd)]
        }
        Err(f) => {
            app.screens.signin.result = Some(Err(f));
            vec![]
        }
    }
}

/// `o` after a successful sign-in: the sign-out test (registering its URL on the client when
/// it is missing), waited for like the sign-in.
fn sign_out(app: &mut App) -> Vec<Job> {
    if app.screens.signin.sign_out.is_loading() {
        return vec![];
    }
    // Registering the URL writes to the client: the admin sees the change and agrees first.
    let registered = app.setup.app_client.test_sign_out == Some(true)
        || app
            .setup
            .app_client
            .logout_urls
            .contains(&app.setup.sign_out_test_uri());
    if !registered && !app.screens.signin.confirm_sign_out {
        app.screens.signin.confirm_sign_out = true;
        return vec![];
    }
    app.screens.signin.confirm_sign_out = false;
    app.screens.signin.sign_out = Load::Loading;
    let cmd = Cmd::SignOut(Box::new((app.setup.clone(), app.session.overrides.clone())));
    vec![app.job(JobKind::SignOut, cmd)]
}

pub fn signed_out(
    app: &mut App,
    (result, registered): (
        Result<crate::flows::shown::SignOut, Finding>,
        Option<String>,
    ),
) -> Vec<Job> {
    app.screens.signin.sign_out = match result {
        Ok(s) => Load::Ready(s),
        Err(f) => Load::Failed(vec![f]),
    };
    match registered {
        Some(uri) => {
            app.setup.app_client.test_sign_out = Some(true);
            app.flash(format!(
                "Registered the test URL {uri} as a sign-out URL of the client (Done: t removes the test URLs)."
            ));
            app.autosave()
        }
        None => vec![],
    }
}

pub fn url_made(app: &mut App, url: String) -> Vec<Job> {
    app.screens.signin.url = Some(url);
    vec![]
}

pub fn browser_opened(app: &mut App, b: Result<String, Finding>) -> Vec<Job> {
    app.screens.signin.browser = Some(b);
    vec![]
}

pub fn ticked(app: &mut App, remaining: Duration) -> Vec<Job> {
    app.screens.signin.remaining = Some(remaining);
    vec![]
}

pub fn finished(app: &mut App, r: Result<LoginOutcome, Finding>) -> Vec<Job> {
    app.screens.signin.running = false;
    app.screens.signin.result = Some(r);
    // A refused paste's warning belonged to the wait; the result now says what happened.
    if matches!(app.screens.signin.browser, Some(Err(_))) {
        app.screens.signin.browser = None;
    }
    vec![]
}

/// Esc while waiting: the sign-in stops now, not in five minutes, so the port is free for the
/// next try; the screen says so once the port is free.
pub fn cancel(app: &mut App) -> Vec<Job> {
    app.forget(JobKind::Login);
    app.screens.signin.running = false;
    app.screens.signin.remaining = None;
    // Its state and PKCE verifier die with it: the old URL can no longer sign anyone in.
    app.screens.signin.url = None;
    app.screens.signin.cancelling = true;
    let port = app.setup.login.port;
    vec![app.job(JobKind::LoginCancel, Cmd::CancelLogin(port))]
}

/// The cancelled sign-in's listener is gone.
pub fn cancelled(app: &mut App, port: u16) -> Vec<Job> {
    app.screens.signin.cancelling = false;
    app.screens.signin.result = Some(Err(Finding::info(
        crate::finding::codes::SIGN_IN_CANCELLED,
        format!("the sign-in was cancelled; nothing listens on port {port} any more"),
        "Press Enter to try again, b to print the URL instead of opening a browser, or p to change the port.",
    )));
    vec![]
}

/// A pasted address goes to the waiting sign-in (the final address after Okta, or Cognito's
/// error page), as if the browser had reached the listener.
pub fn paste(app: &mut App, text: &str) -> Vec<Job> {
    if let Some(port) = app.screens.signin.port.as_mut() {
        port.insert_str(text);
        return vec![];
    }
    if app.screens.signin.running && !text.trim().is_empty() {
        return vec![fire(Cmd::LoginPaste(text.trim().to_string()))];
    }
    vec![]
}

fn port_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let Some(input) = app.screens.signin.port.as_mut() else {
        return vec![];
    };
    match key.code {
        KeyCode::Esc => {
            app.screens.signin.port = None;
            app.editing = false;
            vec![]
        }
        KeyCode::Enter => {
            let typed = input.value.trim().to_string();
            match typed.parse::<u16>() {
                Ok(p) if p > 0 => {
                    app.screens.signin.port = None;
                    app.editing = false;
                    if p == app.setup.login.port {
                        return vec![];
                    }
                    app.setup.login.port = p;
                    // The client must allow the new callback URL: the Review plans it again.
                    super::notice::send(app, super::notice::Notice::PlanStale);
                    app.flash(format!(
                        "The test sign-in now listens on {}: review and apply the client's new callback URL.",
                        app.setup.login_redirect_uri()
                    ));
                    app.go(Step::Review)
                }
                _ => {
                    app.flash(format!(
                        "\"{typed}\" is not a port: give a number from 1 to 65535 (above 1023 needs no root)."
                    ));
                    vec![]
                }
            }
        }
        _ => {
            input.handle(&key);
            vec![]
        }
    }
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if app.screens.signin.port.is_some() {
        return port_key(app, key);
    }
    if app.screens.signin.confirm_sign_out {
        return match key.code {
            KeyCode::Char('y') => sign_out(app),
            _ => {
                app.screens.signin.confirm_sign_out = false;
                app.flash("Sign-out test not run: nothing was written.");
                vec![]
            }
        };
    }
    match key.code {
        KeyCode::Char('c') => match app.screens.signin.url.clone() {
            Some(u) => vec![fire(Cmd::Copy(u))],
            None => vec![],
        },
        KeyCode::Char('x') if app.screens.signin.running => cancel(app),
        _ if app.screens.signin.running || app.screens.signin.cancelling => vec![],
        KeyCode::Enter
            if app
                .screens
                .signin
                .result
                .as_ref()
                .is_some_and(|r| r.is_ok()) =>
        {
            app.go(Step::Done)
        }
        KeyCode::Char('a')
            if app
                .screens
                .signin
                .result
                .as_ref()
                .is_some_and(|r| r.as_ref().is_ok_and(|o| o.missing().next().is_some()))
                && mapping_changed_since_okta(app) =>
        {
            update_okta_app(app)
        }
        KeyCode::Char('o')
            if app
                .screens
                .signin
                .result
                .as_ref()
                .is_some_and(|r| r.is_ok()) =>
        {
            sign_out(app)
        }
        KeyCode::Enter => start(app, true),
        KeyCode::Char('b') => start(app, false),
        KeyCode::Char('p') => {
            app.screens.signin.port = Some(Input::with(&app.setup.login.port.to_string()));
            app.editing = true;
            vec![]
        }
        KeyCode::Char('s') => app.go(Step::Done),
        _ => vec![],
    }
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.screens.signin.port.is_some() {
        return vec![("type", "port"), ("Enter", "use it"), ("Esc", "keep")];
    }
    if app.screens.signin.confirm_sign_out {
        return vec![
            ("y", "register and test sign-out"),
            ("any other key", "cancel"),
        ];
    }
    if app.screens.signin.running {
        return vec![
            ("c", "copy URL"),
            ("paste", "final address"),
            ("Esc", "cancel"),
        ];
    }
    match &app.screens.signin.result {
        Some(Ok(o)) if o.missing().next().is_some() && mapping_changed_since_okta(app) => vec![
            ("Enter", "finish"),
            ("a", "update the Okta app"),
            ("o", "test sign-out"),
        ],
        Some(Ok(_)) => vec![("Enter", "finish"), ("o", "test sign-out")],
        _ => vec![
            ("Enter", "sign in (browser)"),
            ("b", "print URL"),
            ("p", "port"),
            ("s", "skip"),
        ],
    }
}

/// The Okta screen showed another mapping than the one the sign-in used.
fn mapping_changed_since_okta(app: &App) -> bool {
    app.screens
        .okta
        .mapping_shown
        .as_ref()
        .is_some_and(|shown| *shown != app.setup.provider.attribute_mapping)
}

/// `a` after a sign-in that lacked a mapped attribute: back to the Okta step, where the app's
/// statements are updated (through the API at once when Okta credentials are set).
fn update_okta_app(app: &mut App) -> Vec<Job> {
    let mut jobs = app.go(Step::Okta);
    if super::okta_api::credentials(app).is_some() {
        jobs.extend(super::okta_api::open(app));
    }
    jobs
}

fn confirm_lines(app: &App, t: &Theme) -> Vec<Line<'static>> {
    let client = app
        .setup
        .app_client
        .client_id
        .as_deref()
        .unwrap_or("(the client)");
    vec![
        Line::from(Span::styled(
            "The sign-out test changes the app client:",
            t.warn(),
        )),
        Line::raw(format!(
            "  Update app client {client}: LogoutURLs + {} (a test URL, not your application's)",
            app.setup.sign_out_test_uri()
        )),
        Line::raw(
            "  Recorded in the setup file as test_sign_out = true; Done's t removes the test URLs before production.",
        ),
        Line::from(Span::styled(
            "y registers it and tests the sign-out; any other key cancels (nothing written).",
            t.dim(),
        )),
    ]
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let s = &app.screens.signin;
    let mut lines = vec![];
    if s.url.is_none() && !s.running && s.result.is_none() {
        lines.push(Line::raw(
            "Prove the federation works: sign in through Okta in a browser on this machine.",
        ));
        lines.push(Line::raw(format!(
            "okta-cognito listens on {} for the answer, then exchanges the code and verifies the tokens.",
            app.setup.login_redirect_uri()
        )));
    }
    if let Some(p) = &s.port {
        lines.push(Line::from(vec![
            Span::styled("Port for the test sign-in: ", t.dim()),
            Span::styled(format!("{}▏", p.value), t.value()),
        ]));
        lines.push(Line::raw(
            "The callback URL http://localhost:<port>/callback changes with it; the Review then plans it for the client.",
        ));
    }
    if let Some(u) = &s.url {
        lines.push(Line::from(Span::styled(
            "Sign-in URL (c copies it):",
            t.dim(),
        )));
        lines.push(Line::from(Span::styled(u.clone(), t.value())));
        let port = app.setup.login.port;
        lines.push(Line::from(Span::styled(
            format!(
                "Over SSH? Forward the port first (ssh -L {port}:localhost:{port} <this host>) and open the URL on your own machine, or paste the address the browser ends on here."
            ),
            t.dim(),
        )));
    }
    match &s.browser {
        Some(Ok(by)) => lines.push(Line::from(Span::styled(
            format!("Opened with {by}."),
            t.dim(),
        ))),
        Some(Err(fd)) => lines.extend(finding_lines(std::slice::from_ref(fd), t)),
        None => {}
    }
    if s.cancelling {
        lines.push(Line::raw(format!(
            "{} Cancelling: closing the listener on port {}…",
            spinner(app),
            app.setup.login.port
        )));
    }
    if s.running {
        let left = s
            .remaining
            .map(|r| format!("{}:{:02} left", r.as_secs() / 60, r.as_secs() % 60))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "{} Waiting for the sign-in… {left}",
            spinner(app)
        )));
    }
    match &s.result {
        Some(Ok(o)) => {
            lines.push(Line::from(Span::styled(
                format!(
                    "✓ Signed in; tokens verified{}.",
                    if o.refresh_works {
                        ", refresh works"
                    } else {
                        ""
                    }
                ),
                t.ok(),
            )));
            for k in ["email", "cognito:username"] {
                let v = o
                    .id_claims
                    .get(k)
                    .map(|v| v.as_str().map(String::from).unwrap_or(v.to_string()))
                    .unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::styled(format!("{k:<28}"), t.dim()),
                    Span::styled(super::shown(&v), t.value()),
                ]));
            }
            lines.push(Line::raw(format!(
                "identities: {}",
                super::shown(&o.identity_provider().unwrap_or_default())
            )));
            for m in &o.mapped {
                match m.value.as_deref().filter(|v| !v.trim().is_empty()) {
                    None if m.value.is_some() => lines.push(Line::from(Span::styled(
                        format!(
                            "  ✗ {} ← \"{}\": sent empty (give the Okta user a value for it)",
                            m.attribute, m.saml_attribute
                        ),
                        t.error(),
                    ))),
                    Some(v) => lines.push(Line::from(Span::styled(
                        format!(
                            "  ✓ {} ← \"{}\": {}",
                            m.attribute,
                            m.saml_attribute,
                            super::shown(v)
                        ),
                        t.ok(),
                    ))),
                    None => lines.push(Line::from(Span::styled(
                        format!(
                            "  ✗ {} ← \"{}\": not sent (add the Okta attribute statement)",
                            m.attribute, m.saml_attribute
                        ),
                        t.error(),
                    ))),
                }
            }
            if o.missing().next().is_some() && mapping_changed_since_okta(app) {
                lines.push(Line::from(Span::styled(
                    "The mapping changed after the Okta step, so the Okta app's attribute statements no longer match: a goes back to update the app.",
                    t.warn(),
                )));
            }
        }
        Some(Err(fd)) => lines.extend(finding_lines(std::slice::from_ref(fd), t)),
        None => {}
    }
    match &s.sign_out {
        Load::Loading => lines.push(Line::raw(format!(
            "{} Signing out: waiting for the browser at http://localhost:{}/signed-out…",
            spinner(app),
            app.setup.login.port
        ))),
        Load::Ready(so) if so.through_idp => lines.push(Line::from(Span::styled(
            "✓ Signed out: the browser came back through Okta (IdP sign-out ended the Okta session too).",
            t.ok(),
        ))),
        Load::Ready(_) => lines.push(Line::from(Span::styled(
            if app.setup.provider.idp_signout {
                "Signed out of Cognito only: the browser came back directly, so the Okta session is still open although IdP sign-out is on (the Okta step sets up Single Logout)."
            } else {
                "Signed out of Cognito: the browser came back directly; the Okta session stays open (IdP sign-out is off)."
            },
            t.warn(),
        ))),
        Load::Failed(f) => lines.extend(finding_lines(f, t)),
        Load::Idle => {}
    }
    if s.confirm_sign_out {
        // The question comes first, where it cannot fall below the screen.
        let mut question = confirm_lines(app, t);
        question.push(Line::raw(""));
        lines.splice(0..0, question);
    }
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

crate::tui::screen::screen!(SignInScreen, paste = paste);

//! Test sign-in: the login URL (copyable), the browser, a countdown while listening, then the
//! verified claims and which mapped attributes arrived — or the explanation of the error.

use super::{finding_lines, spinner};
use crate::login::{LoginConfig, PoolSide};
use crate::tui::app::{App, Cmd, Job, JobKind, Step, fire};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

fn start(app: &mut App, open_browser: bool) -> Vec<Job> {
    let mut o = app.overrides.clone();
    o.no_browser = !open_browser;
    // The setup's own mistakes are shown at once; the pool's part is read by the job.
    match LoginConfig::from_setup(&app.setup, &o, &PoolSide::default()) {
        Ok(_) => {
            app.signin = Default::default();
            app.signin.running = true;
            let cmd = Cmd::Login(Box::new((app.setup.clone(), o)));
            vec![app.job(JobKind::Login, cmd)]
        }
        Err(f) => {
            app.signin.result = Some(Err(f));
            vec![]
        }
    }
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    match key.code {
        KeyCode::Char('c') => match app.signin.url.clone() {
            Some(u) => vec![fire(Cmd::Copy(u))],
            None => vec![],
        },
        _ if app.signin.running => vec![],
        KeyCode::Enter if app.signin.result.as_ref().is_some_and(|r| r.is_ok()) => {
            app.go(Step::Done)
        }
        KeyCode::Enter => start(app, true),
        KeyCode::Char('b') => start(app, false),
        KeyCode::Char('s') => app.go(Step::Done),
        _ => vec![],
    }
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.signin.running {
        return vec![("c", "copy URL")];
    }
    match &app.signin.result {
        Some(Ok(_)) => vec![("Enter", "finish")],
        _ => vec![
            ("Enter", "sign in (browser)"),
            ("b", "sign in (print URL)"),
            ("s", "skip"),
        ],
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let s = &app.signin;
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
    if let Some(u) = &s.url {
        lines.push(Line::from(Span::styled(
            "Sign-in URL (c copies it):",
            t.dim(),
        )));
        lines.push(Line::from(Span::styled(u.clone(), t.value())));
    }
    match &s.browser {
        Some(Ok(by)) => lines.push(Line::from(Span::styled(
            format!("Opened with {by}."),
            t.dim(),
        ))),
        Some(Err(fd)) => lines.extend(finding_lines(std::slice::from_ref(fd), t)),
        None => {}
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
                match &m.value {
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
                        t.warn(),
                    ))),
                }
            }
        }
        Some(Err(fd)) => lines.extend(finding_lines(std::slice::from_ref(fd), t)),
        None => {}
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

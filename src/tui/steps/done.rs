//! Done: what was set up, where the setup file is, and a text report for a colleague.

use crate::tui::app::{App, Cmd, Job, Step, fire};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::fmt::Write as _;
use std::path::PathBuf;

pub fn report(app: &App) -> String {
    let s = &app.setup;
    let mut out = String::new();
    let _ = writeln!(out, "okta-cognito report");
    if let Some(place) = &app.session.rehearsal {
        // The report may travel to a colleague: it must not pass for a real federation.
        let _ = writeln!(
            out,
            "REHEARSAL — {place}: nothing here exists in AWS or Okta."
        );
    }
    let _ = writeln!(out, "Region:        {}", s.region);
    let _ = writeln!(out, "User pool:     {}", s.user_pool_id);
    let _ = writeln!(
        out,
        "App client:    {}",
        s.app_client.client_id.as_deref().unwrap_or("(not created)")
    );
    let _ = writeln!(out, "Provider:      {}", s.provider.name);
    let issuer = app
        .account
        .pool
        .ready()
        .map(|p| p.issuer)
        .unwrap_or_default();
    if let Some(v) = s.values(issuer) {
        let _ = writeln!(out, "ACS URL:       {}", v.acs_url);
        let _ = writeln!(out, "Audience URI:  {}", v.audience_uri);
        let _ = writeln!(out, "Hosted UI:     {}", v.hosted_ui_url);
        let _ = writeln!(
            out,
            "Issuer:        {} ({})",
            v.issuer_url,
            v.issuer_type.label()
        );
        let _ = writeln!(out, "JWKS:          {}", v.jwks_url);
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "For your application (OAuth 2.0 authorization code with PKCE):"
        );
        if let Some(id) = &s.app_client.client_id {
            let _ = writeln!(out, "  Client id:   {id}");
        }
        let _ = writeln!(out, "  Authorize:   {}", v.authorize_url);
        let _ = writeln!(out, "  Token:       {}", v.token_url);
        let _ = writeln!(out, "  Issuer:      {}", v.issuer_url);
        let _ = writeln!(out, "  JWKS:        {}", v.jwks_url);
        // The tool's own sign-out test URL is never presented as the application's.
        if let (Some(id), Some(back)) =
            (&s.app_client.client_id, s.application_logout_urls().first())
        {
            let _ = writeln!(
                out,
                "  Sign-out:    {}",
                crate::endpoints::logout_url(&v.hosted_ui_url, id, back)
            );
        }
        let _ = writeln!(out);
    }
    let test_urls = s.test_urls_kept();
    if !test_urls.is_empty() {
        let _ = writeln!(
            out,
            "Test URLs:     {} (the tool's own; remove them before production)",
            test_urls.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "Metadata:      {}",
        s.provider
            .metadata_url
            .clone()
            .or(s
                .provider
                .metadata_file
                .as_ref()
                .map(|p| p.display().to_string()))
            .unwrap_or_default()
    );
    for (k, v) in &s.provider.attribute_mapping {
        let _ = writeln!(out, "Mapping:       {k} ← \"{v}\"");
    }
    match &app.screens.signin.result {
        Some(Ok(o)) => {
            let _ = writeln!(
                out,
                "Sign-in test:  passed (tokens verified{})",
                if o.refresh_works {
                    ", refresh works"
                } else {
                    ""
                }
            );
            for m in o.missing() {
                let _ = writeln!(
                    out,
                    "  missing:     {} ← \"{}\"",
                    m.attribute, m.saml_attribute
                );
            }
        }
        Some(Err(f)) => {
            // The one text layout of a finding, as every command prints it.
            let _ = writeln!(out, "Sign-in test:  failed: {f}");
        }
        None => {
            let _ = writeln!(out, "Sign-in test:  not run");
        }
    }
    out
}

fn report_path(app: &App) -> PathBuf {
    PathBuf::from(format!(
        "{}.report.txt",
        app.file.setup_path.value.trim().trim_end_matches(".toml")
    ))
}

/// `t`: the test URLs come off the setup, and the Review plans their removal from the
/// client like every other change (nothing is written before `a` there).
fn remove_test_urls(app: &mut App) -> Vec<Job> {
    if app.setup.test_urls_kept().is_empty() {
        app.flash("No test URLs to remove: the client has none of the tool's.");
        return vec![];
    }
    // The code grant needs a callback URL: without the application's own, removing the test
    // one would leave the client with none (a plan Cognito's rules block).
    let callback = app.setup.login_redirect_uri();
    if !app
        .setup
        .app_client
        .callback_urls
        .iter()
        .any(|u| *u != callback)
    {
        app.flash("The test callback is the client's only callback URL: add your application's (App client settings, Esc back to it), then press t again.");
        return vec![];
    }
    app.setup.without_test_urls();
    let mut jobs = app.autosave();
    jobs.extend(app.go(Step::Review));
    jobs
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    match key.code {
        KeyCode::Char('t') => remove_test_urls(app),
        // The next enterprise customer, into the same pool and client.
        KeyCode::Char('m') => app.go(Step::Tenants),
        KeyCode::Char('r') => {
            let path = report_path(app);
            vec![fire(Cmd::WriteFile(path, report(app)))]
        }
        KeyCode::Enter => {
            app.chrome.quit = true;
            vec![fire(Cmd::Quit)]
        }
        KeyCode::Down => {
            app.focus = app.focus.saturating_add(1);
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
    let mut keys = vec![("↑↓", "scroll"), ("r", "report")];
    if !app.setup.test_urls_kept().is_empty() {
        keys.push(("t", "drop test URLs"));
    }
    keys.push(("m", "more customers"));
    keys.push(("Enter", "exit"));
    keys
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let mut lines = vec![
        Line::from(Span::styled("The federation is set up.", t.ok())),
        Line::raw(""),
    ];
    if app
        .screens
        .okta
        .mapping_shown
        .as_ref()
        .is_some_and(|shown| shown != &app.setup.provider.attribute_mapping)
    {
        lines.push(Line::from(Span::styled(
            "⚠ The attribute mapping changed after the Okta screen: update the Okta app's attribute statements to match (okta-cognito okta-app does it, or the Okta screen's checklist).",
            t.warn(),
        )));
        lines.push(Line::raw(""));
    }
    lines.extend(report(app).lines().map(|l| Line::raw(l.to_string())));
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        format!(
            "Setup file: {} (re-run headless: okta-cognito plan --config {0})",
            app.file.setup_path.value
        ),
        t.dim(),
    )));
    lines.push(Line::from(Span::styled(
        format!("r writes this report to {}", report_path(app).display()),
        t.dim(),
    )));
    f.render_widget(
        crate::tui::wrap::paragraph(lines, area.width).scroll((app.focus as u16, 0)),
        area,
    );
}

crate::tui::screen::screen!(DoneScreen);

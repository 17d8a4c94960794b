//! The Okta screen's "create it for me" path, offered only when an Okta API token is set:
//! pick groups and people to assign, then the core's `okta::ensure` does the console steps
//! and its metadata URL goes straight to the metadata step. The picker is open while
//! `app.editing` is true on this screen, so Esc closes it like any other edit.

use super::{finding_lines, navigate, spinner};
use crate::finding::Finding;
use crate::flows::shown::Credentials;
use crate::idp::okta::{Assign, Outcome, app::label};
use crate::tui::app::{App, Cmd, Job, JobKind, Load};
use crate::tui::theme::Theme;
use crate::tui::widgets::picker::Window;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// A group or person offered for assignment to the Okta app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OktaChoice {
    pub group: bool,
    pub who: crate::flows::shown::Assignee,
    pub chosen: bool,
}

/// The Okta screen's API path ("create it for me"), used only when credentials are set.
#[derive(Debug, Default)]
pub struct OktaApiView {
    /// None: no Okta credentials, the checklist is the only path. Some(Err): credentials
    /// are set but something is missing or wrong.
    pub credentials: Option<Result<Credentials, Vec<Finding>>>,
    /// The assignment picker is open.
    pub picking: bool,
    pub choices: Load<Vec<OktaChoice>>,
    pub running: bool,
    pub outcome: Option<crate::flows::shown::OktaOutcome>,
    /// The attribute mapping the app's statements were last made from: a later change on
    /// the Provider screen updates the app again.
    pub sent_mapping: std::collections::BTreeMap<String, String>,
}

pub fn credentials(app: &App) -> Option<&Credentials> {
    app.screens.okta.api.credentials.as_ref()?.as_ref().ok()
}

/// `a` on the checklist: open the picker and load what can be assigned.
pub fn open(app: &mut App) -> Vec<Job> {
    let Some(creds) = credentials(app).cloned() else {
        app.flash("Set OKTA_ORG_URL and OKTA_CLIENT_ID + OKTA_PRIVATE_KEY_FILE (or OKTA_API_TOKEN) before starting to use the Okta API.");
        return vec![];
    };
    if app.screens.okta.api.running {
        return vec![];
    }
    app.editing = true;
    app.focus = 0;
    app.screens.okta.api.choices = Load::Loading;
    vec![app.job(JobKind::OktaChoices, Cmd::OktaChoices(Box::new(creds)))]
}

pub fn choices_loaded(app: &mut App, r: Result<Vec<OktaChoice>, Finding>) -> Vec<Job> {
    let wanted = app.setup.okta.clone().unwrap_or_default();
    app.screens.okta.api.choices = match r {
        Ok(mut list) => {
            for c in &mut list {
                let names = if c.group {
                    &wanted.assign_groups
                } else {
                    &wanted.assign_users
                };
                c.chosen = names.contains(&c.who.name);
            }
            Load::Ready(list)
        }
        Err(f) => Load::Failed(vec![f]),
    };
    vec![]
}

/// The ticked rows, plus the setup's names the list did not show (it holds the first page
/// only), so nothing the setup asks for is dropped unseen.
fn chosen(app: &App) -> Assign {
    let shown = app
        .screens
        .okta
        .api
        .choices
        .ready()
        .map_or(&[][..], Vec::as_slice);
    let wanted = app.setup.okta.clone().unwrap_or_default();
    let mut who = Assign::default();
    for (group, names, out) in [
        (true, &wanted.assign_groups, &mut who.groups),
        (false, &wanted.assign_users, &mut who.people),
    ] {
        let of_kind = || shown.iter().filter(move |c| c.group == group);
        out.extend(of_kind().filter(|c| c.chosen).map(|c| c.who.name.clone()));
        out.extend(
            names
                .iter()
                .filter(|n| !of_kind().any(|c| &c.who.name == *n))
                .cloned(),
        );
    }
    who
}

pub fn on_picker_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let len = app.screens.okta.api.choices.ready().map_or(0, Vec::len);
    if navigate(&mut app.focus, len, &key) {
        return vec![];
    }
    match key.code {
        KeyCode::Char(' ') | KeyCode::Char('x') => {
            if let Load::Ready(list) = &mut app.screens.okta.api.choices
                && let Some(c) = list.get_mut(app.focus)
            {
                c.chosen = !c.chosen;
            }
            vec![]
        }
        KeyCode::Enter if !app.screens.okta.api.choices.is_loading() => {
            let Some(creds) = credentials(app).cloned() else {
                return vec![];
            };
            // The picker shows the whole wish list (the setup's names come pre-chosen), so
            // what is chosen is exactly what is sent.
            let who = chosen(app);
            app.editing = false;
            app.focus = 0;
            ensure(app, creds, who)
        }
        _ => vec![],
    }
}

fn ensure(app: &mut App, creds: Credentials, who: Assign) -> Vec<Job> {
    app.screens.okta.api.running = true;
    app.screens.okta.api.outcome = None;
    app.screens.okta.api.sent_mapping = app.setup.provider.attribute_mapping.clone();
    vec![app.job(
        JobKind::OktaEnsure,
        Cmd::OktaEnsure(Box::new((app.setup.clone(), creds, who))),
    )]
}

/// After the Provider screen: if the app was made through the API from another mapping,
/// its attribute statements are brought up to date (the console path shows the new
/// statements on the checklist instead).
pub fn mapping_changed(app: &mut App) -> Vec<Job> {
    let made = app
        .screens
        .okta
        .api
        .outcome
        .as_ref()
        .is_some_and(|o| !o.failed());
    if !made || app.screens.okta.api.sent_mapping == app.setup.provider.attribute_mapping {
        return vec![];
    }
    let Some(creds) = credentials(app).cloned() else {
        return vec![];
    };
    app.flash("Updating the Okta app's attribute statements to the new mapping …");
    let who = crate::idp::okta::assignees(&app.setup, &Assign::default());
    ensure(app, creds, who)
}

/// The app exists (or the attempt failed): remember it in the setup, and when it worked,
/// fill in and check the metadata URL so the next screen opens on its verdict.
pub fn ensured(app: &mut App, set_up: crate::flows::okta_app::SetUp) -> Vec<Job> {
    let crate::flows::okta_app::SetUp {
        outcome: o,
        metadata,
        checked_url,
        ..
    } = set_up;
    app.screens.okta.api.running = false;
    let who = chosen(app);
    let url_changed = app.setup.provider.metadata_url != o.metadata_url;
    o.record(&mut app.setup, &who);
    if !o.failed()
        && app.screens.okta.api.choices.ready().is_some()
        && let Some(okta) = app.setup.okta.as_mut()
    {
        okta.assign_groups = who.groups;
        okta.assign_users = who.people;
    }
    let mut jobs = vec![];
    // The verdict came with the outcome (fetched as Cognito will fetch it): the metadata
    // screen shows it, and records the URL only when Cognito would accept it.
    if !o.failed()
        && (url_changed || app.step == crate::tui::app::Step::Okta)
        && let Some(url) = checked_url
    {
        jobs.extend(super::notice::send(
            app,
            super::notice::Notice::MetadataChecked(url, Box::new(metadata)),
        ));
        app.screens.okta.ticks.iter_mut().for_each(|t| *t = true);
    }
    if app.step != crate::tui::app::Step::Okta {
        match o.findings.iter().find(|f| f.is_error()) {
            Some(f) => app.flash(format!("Okta: {}", f.message)),
            None => app.flash("The Okta app is up to date with the mapping."),
        }
    }
    app.screens.okta.api.outcome = Some(o);
    jobs.extend(app.autosave());
    jobs
}

/// Below the checklist: how the API path stands.
pub fn lines(app: &App, t: &Theme) -> Vec<Line<'static>> {
    let api = &app.screens.okta.api;
    match &api.credentials {
        None => vec![Line::from(Span::styled(
            "Have an Okta service app (or API token)? Start with OKTA_ORG_URL and OKTA_CLIENT_ID + OKTA_PRIVATE_KEY_FILE (or OKTA_API_TOKEN) set and this screen creates the app for you (or run `okta-cognito okta-app`).",
            t.dim(),
        ))],
        Some(Err(findings)) => {
            let mut out = vec![Line::from(
                "Okta credentials are set, but the Okta API cannot be used yet:",
            )];
            out.extend(finding_lines(findings, t));
            out
        }
        Some(Ok(c)) if api.running => vec![Line::from(format!(
            "{} Creating or updating \"{}\" in {} …",
            spinner(app),
            label(&app.setup),
            c.org_host()
        ))],
        Some(Ok(c)) => match &api.outcome {
            None => {
                let known = app.setup.okta.as_ref().and_then(|o| o.app_id.as_deref());
                let what = match known {
                    Some(id) => format!(
                        " to check the app {id} (from the setup file) and update what differs."
                    ),
                    None => format!(
                        " to create \"{}\" for you, or follow the checklist by hand.",
                        label(&app.setup)
                    ),
                };
                vec![Line::from(vec![
                    Span::raw(format!(
                        "{} for {}: press ",
                        sentence_case(&c.auth.kind()),
                        c.org_host()
                    )),
                    Span::styled("a", t.key()),
                    Span::raw(what),
                ])]
            }
            Some(o) => outcome_lines(o, t),
        },
    }
}

fn outcome_lines(o: &Outcome, t: &Theme) -> Vec<Line<'static>> {
    let id = o
        .app_id
        .as_ref()
        .map(|id| format!(" ({id})"))
        .unwrap_or_default();
    let host = o.org_url.split_once("://").map_or(&*o.org_url, |(_, h)| h);
    let mut out = vec![Line::from(format!(
        "Okta app \"{}\"{id} in {host}:",
        o.app_label
    ))];
    if o.changes.is_empty() && !o.failed() {
        out.push(Line::from("  nothing to change: it already matches"));
    }
    for c in &o.changes {
        out.push(Line::from(format!("  + {c}")));
    }
    if !o.failed()
        && let Some(url) = &o.metadata_url
    {
        out.push(Line::from(vec![
            Span::raw("  Metadata URL, checked on the next screen: "),
            Span::styled(url.clone(), t.value()),
        ]));
    }
    out.extend(finding_lines(&o.findings, t));
    out
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.screens.okta.api.choices.is_loading() {
        return vec![];
    }
    vec![
        ("↑↓", "move"),
        ("Space", "choose"),
        ("Enter", "create and assign"),
    ]
}

pub fn view_picker(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let host = credentials(app).map_or("Okta", |c| c.org_host());
    let mut lines = vec![
        Line::from(format!(
            "Create or update the SAML app \"{}\" in {host}, and assign:",
            label(&app.setup)
        )),
        Line::from(Span::styled(
            "(assignments already in Okta stay: unticking never removes one)",
            t.dim(),
        )),
    ];
    match &app.screens.okta.api.choices {
        Load::Idle | Load::Loading => lines.push(Line::from(format!(
            "{} Loading groups and people …",
            spinner(app)
        ))),
        Load::Failed(findings) => {
            lines.extend(finding_lines(findings, t));
            lines.push(Line::from(
                "Enter still tries to create or update the app, assigning only the setup file's names; Esc goes back.",
            ));
        }
        Load::Ready(list) if list.is_empty() => {
            lines.push(Line::from("No groups or people are visible to this token."))
        }
        Load::Ready(list) => {
            // The lines above the list, as wrapped at this width, are not the list's room.
            let width = area.width.max(1) as usize;
            let above: usize = lines.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
            let window = Window::around(
                app.focus,
                list.len(),
                (area.height as usize).saturating_sub(above),
            );
            lines.extend(window.above_line("", t));
            for (i, c) in list.iter().enumerate().filter(|(i, _)| window.contains(*i)) {
                let tick = if c.chosen { "[x]" } else { "[ ]" };
                let kind = if c.group { "group " } else { "person" };
                let detail = if c.who.detail.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", c.who.detail)
                };
                let style = if i == app.focus {
                    t.selected()
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{tick} {kind} {}", super::shown(&c.who.name)),
                        style,
                    ),
                    Span::styled(detail, t.dim()),
                ]));
            }
            lines.extend(window.below_line("", t));
        }
    }
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

/// "API token (SSWS)" / "OAuth 2.0 service app 0oa…" at the start of a sentence.
fn sentence_case(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

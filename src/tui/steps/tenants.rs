//! Customers (tenants): every customer federated into the pool, each behind its own IdP, with
//! its health once checked (`d`, as `doctor --all`). `a` adds one (name, IdP, e-mail domains,
//! metadata) to the setup file, `k` writes a customer's kit beside the setup file for their
//! IT admin, `x` removes one (its provider is deleted at the next apply, shown in the plan
//! first), `r` plans every change. The focused customer's console steps are shown in its
//! IdP's own labels.

use super::{finding_lines, shown, spinner};
use crate::finding::Finding;
use crate::flows::shown::{Health, Kit, TenantsReport};
use crate::flows::tenant::NewTenant;
use crate::setup::IdpKind;
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step, fire};
use crate::tui::input::Input;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::path::{Path, PathBuf};

/// The add form's fields, in order.
const FIELDS: [&str; 4] = [
    "Customer name",
    "Identity provider",
    "E-mail domains",
    "Metadata URL or file",
];

#[derive(Debug, Default)]
pub struct AddForm {
    pub name: Input,
    pub idp: IdpKind,
    pub domains: Input,
    pub metadata: Input,
    pub field: usize,
}

#[derive(Debug, Default)]
pub struct TenantsView {
    pub report: Load<Box<TenantsReport>>,
    pub form: AddForm,
    /// Why the last add or removal was refused.
    pub problems: Vec<Finding>,
    /// The customer a removal waits on `y` for.
    pub confirm_remove: Option<String>,
}

fn names(app: &App) -> Vec<String> {
    app.setup
        .federations()
        .iter()
        .map(|f| f.name.to_string())
        .collect()
}

fn focused(app: &App) -> Option<String> {
    names(app).get(app.focus).cloned()
}

/// The folder the setup file is in: kits are written beside it.
fn setup_dir(app: &App) -> PathBuf {
    Path::new(app.file.setup_path.value.trim())
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn doctor_all(app: &mut App) -> Vec<Job> {
    app.screens.tenants.report = Load::Loading;
    let setup = Box::new(app.setup.clone());
    vec![app.job(JobKind::TenantsDoctor, Cmd::DoctorAll(setup))]
}

pub fn checked(app: &mut App, r: Result<Box<TenantsReport>, Vec<Finding>>) -> Vec<Job> {
    app.screens.tenants.report = match r {
        Ok(report) => Load::Ready(report),
        Err(f) => Load::Failed(f),
    };
    vec![]
}

pub fn kit_made(app: &mut App, r: Result<Box<(Kit, Vec<Finding>)>, Finding>) -> Vec<Job> {
    let (kit, findings) = match r {
        Ok(done) => *done,
        Err(f) => {
            app.screens.tenants.problems = vec![f];
            return vec![];
        }
    };
    app.screens.tenants.problems = findings;
    let dir = setup_dir(app);
    let stem = crate::flows::shown::kit_file_stem(&kit.tenant);
    let (html, md) = (
        dir.join(format!("{stem}.html")),
        dir.join(format!("{stem}.md")),
    );
    app.flash(format!(
        "Wrote {} and {}: send either to {}'s IT admin; they hold no secret.",
        html.display(),
        md.display(),
        kit.tenant
    ));
    vec![
        fire(Cmd::WriteFile(
            html,
            crate::flows::shown::kit_html::render(&kit),
        )),
        fire(Cmd::WriteFile(
            md,
            crate::flows::shown::kit_markdown::render(&kit),
        )),
    ]
}

/// The form's values as a new tenant: a value that starts with http(s):// is a metadata URL,
/// anything else a file beside the setup file.
fn new_tenant(form: &AddForm) -> NewTenant {
    let metadata = form.metadata.value.trim().to_string();
    let is_url = metadata.starts_with("https://") || metadata.starts_with("http://");
    NewTenant {
        name: form.name.value.trim().to_string(),
        idp: form.idp,
        domains: form
            .domains
            .value
            .split([',', ' '])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(String::from)
            .collect(),
        metadata_url: (is_url && !metadata.is_empty()).then(|| metadata.clone()),
        metadata_file: (!is_url && !metadata.is_empty()).then(|| PathBuf::from(&metadata)),
    }
}

fn submit(app: &mut App) -> Vec<Job> {
    let tenant = new_tenant(&app.screens.tenants.form);
    if tenant.name.is_empty() || tenant.domains.is_empty() {
        app.screens.tenants.problems = vec![Finding::error(
            crate::finding::codes::TENANT_NOT_FOUND,
            "a customer needs a name and at least one e-mail domain",
            "Type the customer's name, and their users' e-mail domains (comma-separated).",
        )];
        return vec![];
    }
    match crate::flows::tenant::add(&app.setup, tenant.clone()) {
        Ok(next) => {
            app.setup = next;
            app.screens.tenants.problems.clear();
            app.screens.tenants.form = AddForm::default();
            app.screens.tenants.report = Load::Idle;
            app.editing = false;
            app.focus = names(app).len() - 1;
            app.flash(format!(
                "Added {}: k writes its kit for their IT admin, r plans its provider.",
                tenant.name
            ));
            app.autosave()
        }
        Err(findings) => {
            app.screens.tenants.problems = findings;
            vec![]
        }
    }
}

fn remove(app: &mut App, name: &str) -> Vec<Job> {
    match crate::flows::tenant::remove(&app.setup, name) {
        Ok(next) => {
            app.setup = next;
            app.screens.tenants.problems.clear();
            app.screens.tenants.report = Load::Idle;
            app.focus = app.focus.min(names(app).len().saturating_sub(1));
            app.flash(format!(
                "Removed {name}: its provider is deleted at the next apply; r shows it in the plan first."
            ));
            app.autosave()
        }
        Err(f) => {
            app.screens.tenants.problems = vec![f];
            vec![]
        }
    }
}

fn form_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let form = &mut app.screens.tenants.form;
    match key.code {
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1).min(FIELDS.len() - 1),
        KeyCode::BackTab | KeyCode::Up => form.field = form.field.saturating_sub(1),
        KeyCode::Enter if form.field + 1 < FIELDS.len() => form.field += 1,
        KeyCode::Enter => return submit(app),
        KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') if form.field == 1 => {
            let at = IdpKind::ALL
                .iter()
                .position(|k| *k == form.idp)
                .unwrap_or(0);
            let step = if key.code == KeyCode::Left {
                IdpKind::ALL.len() - 1
            } else {
                1
            };
            form.idp = IdpKind::ALL[(at + step) % IdpKind::ALL.len()];
        }
        _ => {
            let input = match form.field {
                0 => &mut form.name,
                2 => &mut form.domains,
                3 => &mut form.metadata,
                _ => return vec![],
            };
            input.handle(&key);
        }
    }
    vec![]
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if app.editing {
        return form_key(app, key);
    }
    if let Some(name) = app.screens.tenants.confirm_remove.take() {
        return match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => remove(app, &name),
            _ => {
                app.flash(format!("Kept {name}."));
                vec![]
            }
        };
    }
    let count = names(app).len();
    if super::navigate(&mut app.focus, count, &key) {
        return vec![];
    }
    match key.code {
        KeyCode::Char('a') => {
            app.editing = true;
            app.screens.tenants.problems.clear();
            vec![]
        }
        KeyCode::Char('d') if !app.screens.tenants.report.is_loading() => doctor_all(app),
        KeyCode::Char('k') => match focused(app) {
            Some(name) => {
                let setup = app.setup.clone();
                vec![app.job(JobKind::Kit, Cmd::Kit(Box::new((setup, name))))]
            }
            None => vec![],
        },
        KeyCode::Char('x') => {
            app.screens.tenants.confirm_remove = focused(app);
            vec![]
        }
        KeyCode::Char('r') => {
            app.doctor_mode = false;
            app.go(Step::Review)
        }
        _ => vec![],
    }
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.editing {
        let mut k = vec![("Tab", "next field"), ("Enter", "next / add")];
        if app.screens.tenants.form.field == 1 {
            k.insert(0, ("←→", "IdP"));
        }
        return k;
    }
    if app.screens.tenants.confirm_remove.is_some() {
        return vec![("y", "remove"), ("any key", "keep")];
    }
    vec![
        ("↑↓", "customer"),
        ("a", "add"),
        ("k", "write kit"),
        ("d", "check all"),
        ("x", "remove"),
        ("r", "plan"),
    ]
}

fn health(report: &Load<Box<TenantsReport>>, name: &str, t: &Theme) -> Span<'static> {
    let row = report
        .ready()
        .and_then(|r| r.tenants.iter().find(|row| row.name == name));
    match row.map(|r| r.health) {
        Some(Health::Ok) => Span::styled("✓ ok     ", t.ok()),
        Some(Health::Warning) => Span::styled("⚠ warning", t.warn()),
        Some(Health::Error) => Span::styled("✗ error  ", t.error()),
        None => Span::styled("· unchecked", t.dim()),
    }
}

fn form_lines(form: &AddForm, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        "Add a customer (recorded in the setup file; nothing is written to AWS until apply):",
        t.title(),
    ))];
    for (i, label) in FIELDS.iter().enumerate() {
        let value = match i {
            0 => form.name.value.clone(),
            1 => format!("◀ {} ▶", crate::flows::shown::idp_preset(form.idp).name()),
            2 => form.domains.value.clone(),
            _ => form.metadata.value.clone(),
        };
        let cursor = if i == form.field && i != 1 { "▏" } else { "" };
        let style = if i == form.field {
            t.selected()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {label:<24}"), t.dim()),
            Span::styled(format!("{}{cursor}", shown(&value)), style),
        ]));
    }
    lines.push(Line::from(Span::styled(
        "  Domains: comma-separated (acme.com, acme.co.uk). Metadata: the IdP's metadata URL, or the file they sent, beside the setup file.",
        t.dim(),
    )));
    lines
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let view = &app.screens.tenants;
    let feds = app.setup.federations();
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "User pool {}: {} customer{}, each behind its own IdP, routed by e-mail domain",
            app.setup.user_pool_id,
            feds.len(),
            if feds.len() == 1 { "" } else { "s" }
        ),
        t.dim(),
    ))];
    let name_w = feds
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(8)
        .clamp(8, 24);
    for (i, fed) in feds.iter().enumerate() {
        let style = if i == app.focus && !app.editing {
            t.selected()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} {:<name_w$}  {:<20} ",
                    if i == app.focus { "▶" } else { " " },
                    shown(fed.name),
                    crate::flows::shown::idp_preset(fed.provider.idp).name()
                ),
                style,
            ),
            health(&view.report, fed.name, t),
            Span::raw(format!("  {}", shown(&fed.provider.identifiers.join(", ")))),
        ]));
    }
    if view.report.is_loading() {
        lines.push(Line::raw(format!(
            "{} Checking every customer's provider and metadata…",
            spinner(app)
        )));
    }
    if let Load::Failed(fs) = &view.report {
        lines.extend(finding_lines(fs, t));
    }
    lines.push(Line::raw(""));
    if let Some(name) = &view.confirm_remove {
        lines.push(Line::from(Span::styled(
            format!(
                "Remove {}? Its provider is deleted at the next apply (the plan shows it first). y removes, any other key keeps it.",
                shown(name)
            ),
            t.warn(),
        )));
    } else if app.editing {
        lines.extend(form_lines(&view.form, t));
    }
    lines.extend(finding_lines(&view.problems, t));
    if let Some(report) = view.report.ready().filter(|_| !app.editing) {
        lines.extend(finding_lines(&report.findings, t));
        if let Some(row) = focused(app).and_then(|n| report.tenants.iter().find(|r| r.name == n)) {
            lines.extend(finding_lines(&row.findings, t));
        }
    }
    if !app.editing
        && let Some(kit) = crate::flows::tenant::kit_preview(&app.setup, app.focus)
    {
        if lines.last().is_some_and(|l| l.width() > 0) {
            lines.push(Line::raw(""));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "What {}'s IT admin does in {} (k writes it as a page to send):",
                shown(&kit.tenant),
                kit.idp_name
            ),
            t.dim(),
        )));
        for (n, step) in kit.steps.iter().enumerate() {
            let mut spans = vec![Span::raw(format!(
                "  {}. {}",
                n + 1,
                shown(&step.instruction)
            ))];
            if let Some(v) = &step.value {
                spans.push(Span::raw(": "));
                spans.push(Span::styled(shown(v), t.value()));
            }
            lines.push(Line::from(spans));
        }
    }
    f.render_widget(crate::tui::wrap::paragraph(lines, area.width), area);
}

/// A removal left unanswered, or a refusal, is not carried back into the screen.
fn enter(app: &mut App) -> Vec<Job> {
    app.screens.tenants.confirm_remove = None;
    app.screens.tenants.problems.clear();
    vec![]
}

crate::tui::screen::screen!(
    TenantsScreen,
    enter = enter,
    paste = |app: &mut App, text: &str| {
        if app.editing {
            let form = &mut app.screens.tenants.form;
            match form.field {
                0 => form.name.insert_str(text),
                2 => form.domains.insert_str(text),
                3 => form.metadata.insert_str(text),
                _ => {}
            }
        }
        vec![]
    }
);

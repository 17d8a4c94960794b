//! User pool: a filterable list from ListUserPools, or a typed pool id.

use super::{finding_lines, navigate, spinner};
use crate::finding::Finding;
use crate::flows::shown::PoolState;
use crate::flows::shown::PoolSummary;
use crate::setup::validate;
use crate::tui::app::{App, Cmd, Job, JobKind, Load, Step};
use crate::tui::theme::Theme;
use crate::tui::widgets::picker::Window;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

/// The pool screen's own state.
#[derive(Debug, Default)]
pub struct PoolView {
    pub filter: crate::tui::input::Input,
    /// A pool id typed on the pool screen, being described before the wizard goes on: a
    /// pool that does not exist (or cannot be read) is reported there, next to the field.
    pub check: Option<String>,
    /// Per pool id: its domain and SAML providers, for the list.
    pub badges: std::collections::HashMap<String, crate::flows::shown::PoolBadge>,
}

/// The region's pools arrived; their badges (domain, SAML providers) are read next.
pub fn listed(
    app: &mut App,
    r: Result<Vec<crate::flows::shown::PoolSummary>, crate::finding::Finding>,
) -> Vec<Job> {
    app.account.pools = super::load(r);
    let ids: Vec<String> = app
        .account
        .pools
        .ready()
        .map(|l| l.iter().map(|p| p.id.clone()).collect())
        .unwrap_or_default();
    if ids.is_empty() {
        return vec![];
    }
    // The listed pools are the region Welcome shows.
    let region = app.aws.region.clone();
    vec![app.job(JobKind::PoolBadges, Cmd::PoolBadges(region, ids))]
}

pub fn badges_read(
    app: &mut App,
    b: std::collections::HashMap<String, crate::flows::shown::PoolBadge>,
) -> Vec<Job> {
    app.screens.pool.badges = b;
    vec![]
}

pub fn enter(app: &mut App) -> Vec<Job> {
    if matches!(app.account.pools, Load::Idle | Load::Failed(_)) {
        app.account.pools = Load::Loading;
        let region = app.aws.region.clone();
        return vec![app.job(JobKind::Pools, Cmd::ListPools(region))];
    }
    vec![]
}

pub fn visible(app: &App) -> Vec<&PoolSummary> {
    let needle = app.screens.pool.filter.value.to_lowercase();
    app.account
        .pools
        .ready()
        .map(|p| {
            p.iter()
                .filter(|p| {
                    p.name.to_lowercase().contains(&needle) || p.id.to_lowercase().contains(&needle)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn choose(app: &mut App, id: String) -> Vec<Job> {
    let mut jobs = adopt(app, &id);
    app.account.pool = Load::Loading;
    jobs.push(app.job(JobKind::Pool, Cmd::LoadPool(id)));
    jobs.extend(app.go(Step::Client));
    jobs
}

/// A typed id is described first; `checked` goes on once the pool is known to exist.
fn check_typed(app: &mut App, id: String) -> Vec<Job> {
    app.screens.pool.check = Some(id.clone());
    app.account.pool = Load::Loading;
    vec![app.job(JobKind::Pool, Cmd::LoadPool(id))]
}

/// The answer to `check_typed`: on to the client screen, or the reason next to the field.
pub fn checked(app: &mut App, r: Result<PoolState, Finding>) -> Vec<Job> {
    let Some(id) = app.screens.pool.check.take() else {
        app.account.pool = match r {
            Ok(p) => Load::Ready(p),
            Err(f) => Load::Failed(vec![f]),
        };
        return vec![];
    };
    match r {
        Ok(p) if app.step == Step::Pool => {
            let mut jobs = adopt(app, &id);
            app.account.pool = Load::Ready(p);
            jobs.extend(app.go(Step::Client));
            jobs
        }
        Ok(p) => {
            app.account.pool = Load::Ready(p);
            vec![]
        }
        Err(f) => {
            app.account.pool = Load::Failed(vec![f]);
            vec![]
        }
    }
}

/// The setup takes the pool (and its region); a different pool forgets the client.
fn adopt(app: &mut App, id: &str) -> Vec<Job> {
    if let Some(region) = crate::setup::pool_id::PoolId::region_of(id) {
        app.setup.region = region.to_string();
    }
    if app.setup.user_pool_id != id {
        app.setup.user_pool_id = id.to_string();
        app.setup.app_client.client_id = None;
        app.account.clients = Load::Idle;
        app.account.client = Load::Idle;
    }
    vec![]
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let rows = visible(app).len();
    if key.code == KeyCode::Enter {
        if let Some(p) = visible(app).get(app.focus) {
            let id = p.id.clone();
            return choose(app, id);
        }
        let typed = app.screens.pool.filter.value.trim().to_string();
        let f = validate::user_pool_id(
            "user pool id",
            &typed,
            typed.split('_').next().unwrap_or(""),
        );
        if typed.is_empty() || !f.is_empty() {
            app.flash("Choose a pool from the list, or type a full pool id (e.g. us-east-1_AbC123) and press Enter.");
            return vec![];
        }
        return check_typed(app, typed);
    }
    if key.code == KeyCode::Char('r') && !app.editing {
        app.account.pools = Load::Idle;
        return enter(app);
    }
    if navigate(&mut app.focus, rows, &key) {
        return vec![];
    }
    if key.code == KeyCode::Char('/') && !app.editing {
        app.editing = true;
        return vec![];
    }
    if app.editing && app.screens.pool.filter.handle(&key) {
        app.focus = 0;
        if app.screens.pool.check.take().is_some() || matches!(app.account.pool, Load::Failed(_)) {
            // Typing again: the last check's answer no longer applies.
            app.account.pool = Load::Idle;
        }
    }
    vec![]
}

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.editing {
        vec![
            ("type", "filter or pool id"),
            ("↑↓", "move"),
            ("Enter", "choose"),
        ]
    } else {
        vec![
            ("↑↓", "move"),
            ("Enter", "choose"),
            ("/", "filter or id"),
            ("r", "reload"),
        ]
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let cursor = if app.editing { "▏" } else { "" };
    let mut head = vec![Line::from(vec![
        Span::styled("Filter / pool id: ", t.dim()),
        Span::styled(
            format!("{}{cursor}", app.screens.pool.filter.value),
            t.value(),
        ),
    ])];
    // The typed id's check, next to the field it concerns.
    match (&app.screens.pool.check, &app.account.pool) {
        (Some(id), Load::Loading) => head.push(Line::raw(format!(
            "{} Reading user pool {id}…",
            spinner(app)
        ))),
        (None, Load::Failed(fs)) if app.step == crate::tui::app::Step::Pool => {
            head.extend(finding_lines(fs, t));
        }
        _ => {}
    }
    head.push(Line::raw(""));
    // The rows the head takes once wrapped, so an error never hides its own fix.
    let width = area.width.max(1) as usize;
    let rows: usize = head.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
    let [top, list] = Layout::vertical([
        Constraint::Length((rows as u16).min(area.height / 2).max(2)),
        Constraint::Min(1),
    ])
    .areas(area);
    f.render_widget(crate::tui::wrap::paragraph(head, top.width), top);
    match &app.account.pools {
        Load::Ready(_) => {
            let shown = visible(app);
            // The table's header takes a line; the window keeps the focused pool in view.
            let window = Window::around(
                app.focus,
                shown.len(),
                list.height.saturating_sub(1) as usize,
            );
            let more =
                |n: usize, arrow: char| Row::new(vec![format!("{arrow} {n} more")]).style(t.dim());
            // Names are what a person reads: they get their whole width (up to 32), the id its own,
            // and the creation date only when the row has room for it after them.
            let name_width = visible(app)
                .iter()
                .map(|p| p.name.chars().count())
                .max()
                .unwrap_or(4)
                .clamp(4, 32) as u16;
            let id_width = visible(app).iter().map(|p| p.id.len()).max().unwrap_or(20) as u16;
            let show_created = list.width >= name_width + id_width + 6 + 8 + 10 + 4;
            let mut rows: Vec<Row> = vec![];
            if window.above() > 0 {
                rows.push(more(window.above(), '↑'));
            }
            rows.extend(
                shown
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| window.contains(*i))
                    .map(|(i, p)| {
                        let badge = app.screens.pool.badges.get(&p.id);
                        let domain = badge.map_or("…".to_string(), |b| {
                            b.domain.clone().unwrap_or_else(|| "—".into())
                        });
                        let saml = badge.map_or("…".to_string(), |b| {
                            if b.saml_providers.is_empty() {
                                "—".into()
                            } else {
                                b.saml_providers.join(", ")
                            }
                        });
                        let mut cells = vec![p.name.clone(), p.id.clone(), domain, saml];
                        if show_created {
                            cells.push(
                                p.created
                                    .as_deref()
                                    .map(|c| c.get(..10).unwrap_or(c))
                                    .unwrap_or("")
                                    .to_string(),
                            );
                        }
                        let r = Row::new(cells);
                        if i == app.focus {
                            r.style(t.selected())
                        } else {
                            r
                        }
                    }),
            );
            if window.below() > 0 {
                rows.push(more(window.below(), '↓'));
            }
            if shown.is_empty() {
                f.render_widget(
                    Paragraph::new(
                        "No user pool matches. Type a full pool id and press Enter to use it.",
                    ),
                    list,
                );
                return;
            }
            let mut widths = vec![
                Constraint::Length(name_width),
                Constraint::Length(id_width),
                Constraint::Max(24),
                Constraint::Max(8),
            ];
            let mut header = vec!["Name", "Pool id", "Domain", "SAML"];
            if show_created {
                widths.push(Constraint::Length(10));
                header.push("Created");
            }
            let table = Table::new(rows, widths)
                .header(Row::new(header).style(t.title()))
                .flex(ratatui::layout::Flex::Start);
            f.render_widget(table, list);
        }
        Load::Failed(fs) => f.render_widget(
            crate::tui::wrap::paragraph(finding_lines(fs, t), list.width),
            list,
        ),
        _ => f.render_widget(
            Paragraph::new(format!("{} Listing user pools…", spinner(app))),
            list,
        ),
    }
}

crate::tui::screen::screen!(
    PoolScreen,
    enter = enter,
    paste = |app: &mut App, text: &str| {
        app.screens.pool.filter.insert_str(text);
        vec![]
    }
);

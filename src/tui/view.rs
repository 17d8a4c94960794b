//! The frame around every screen: header with the step, the screen, status, key hints; the
//! help overlay; the "terminal too small" screen. Pure: reads the model, draws, nothing else.

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Step};
use super::steps;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// Under the header: a plain rule, or the REHEARSAL label on every screen of a rehearsal.
fn rule<'a>(app: &App, width: usize, t: &Theme) -> Line<'a> {
    let Some(place) = &app.session.rehearsal else {
        return Line::from(Span::styled("─".repeat(width), t.dim()));
    };
    let label: String = format!("── REHEARSAL · {place} ")
        .chars()
        .take(width)
        .collect();
    let rest = width.saturating_sub(label.chars().count());
    Line::from(vec![
        Span::styled(label, t.warn()),
        Span::styled("─".repeat(rest), t.dim()),
    ])
}

pub fn view(app: &App, f: &mut Frame, t: &Theme) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let mut msg = format!(
            "Terminal too small: {}x{}.\nokta-cognito needs at least {MIN_WIDTH}x{MIN_HEIGHT}.\nEnlarge the window, or press q to quit.",
            area.width, area.height
        );
        if let Some(question) = status_text(app).filter(|_| app.chrome.confirm_quit) {
            msg.push_str("\n\n");
            msg.push_str(&question);
        }
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let status_text = status_text(app);
    // A failed save or the quit question may need more than one line; it gets up to three.
    let status_rows = status_text.as_ref().map_or(1, |s| {
        (s.chars().count() / (area.width.max(1) as usize) + 1).min(3)
    });
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(status_rows as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    let step = app.step;
    f.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled("okta-cognito", t.title()),
                Span::styled(
                    if step == Step::Doctor {
                        "  Check an existing federation · ".to_string()
                    } else if step == Step::Tenants {
                        "  Every customer in the pool · ".to_string()
                    } else {
                        format!("  Step {}/{} · ", step.number(), Step::ALL.len())
                    },
                    t.dim(),
                ),
                Span::styled(step.title(), t.value()),
            ]),
            rule(app, area.width as usize, t),
        ]),
        header,
    );
    steps::view(app, f, inner(body), t);
    let status_line = status_text.map_or(Line::raw(""), |s| Line::from(Span::styled(s, t.warn())));
    f.render_widget(
        Paragraph::new(status_line).wrap(Wrap { trim: true }),
        status,
    );
    f.render_widget(
        Paragraph::new(Line::from(footer_spans(app, area.width as usize, t))),
        footer,
    );
    if app.chrome.help {
        help(app, f, body, t);
    }
}

/// Key hints that fit the width: the screen's own first, the global ones (back, help,
/// quit) kept at the end; what does not fit is left to the help overlay.
fn footer_spans(app: &App, width: usize, t: &Theme) -> Vec<Span<'static>> {
    let all = steps::keys(app);
    let global = all
        .iter()
        .filter(|(k, _)| matches!(*k, "Esc" | "?" | "q"))
        .count();
    let (own, tail) = all.split_at(all.len() - global);
    let len = |v: &[(&str, &str)]| {
        v.iter()
            .map(|(k, w)| k.chars().count() + w.chars().count() + 3)
            .sum::<usize>()
    };
    let budget = width.saturating_sub(len(tail));
    let mut used = 0;
    let mut spans = vec![];
    for (k, w) in own.iter().chain(tail.iter()) {
        let cost = k.chars().count() + w.chars().count() + 3;
        let is_tail = tail.iter().any(|(tk, _)| tk == k);
        if !is_tail && used + cost > budget {
            continue;
        }
        used += cost;
        spans.push(Span::styled(k.to_string(), t.key()));
        spans.push(Span::raw(format!(" {w}  ")));
    }
    spans
}

fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x + 1,
        width: r.width.saturating_sub(2),
        ..r
    }
}

pub fn log_path_text() -> String {
    super::log_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "(no log directory)".into())
}

fn help(app: &App, f: &mut Frame, area: Rect, t: &Theme) {
    let w = area.width.min(70);
    let mut lines = vec![
        Line::from(Span::styled("Keys", t.title())),
        Line::raw("↑/↓, Tab/Shift-Tab  move        Enter  confirm"),
        Line::raw("Esc  back (or stop editing)    c  copy the focused value"),
        Line::raw("?  this help                   q  quit (asks when unsaved)"),
        Line::raw("Ctrl-C  quit at once"),
        Line::raw(""),
        Line::from(Span::styled(
            format!("This screen ({})", app.step.title()),
            t.title(),
        )),
    ];
    // The global keys are listed above; the screen's own follow, every one of them (the
    // footer may have had to leave some out at 80 columns).
    for (k, what) in steps::keys(app)
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "Esc" | "?" | "q"))
    {
        lines.push(Line::raw(format!("{k:<10} {what}")));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!("Log file: {}", app.session.log_path)));
    // As tall as its wrapped text, so the last line (the log file) is never cut.
    let inner_width = usize::from(w.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let h = area.height.min(u16::try_from(rows + 2).unwrap_or(u16::MAX));
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Help — any key closes "),
        ),
        r,
    );
}

/// The status line: the quit question, a failed save (until dismissed), else the latest
/// flash.
fn status_text(app: &App) -> Option<String> {
    if app.chrome.confirm_quit {
        let lost = app.unsaved().unwrap_or_default();
        return Some(format!("Quit and lose {lost}? (y/N)"));
    }
    if let Some(e) = &app.file.save_error {
        return Some(format!(
            "The setup file was not saved: {e} (any key dismisses; the next step saves again)"
        ));
    }
    app.chrome.status.as_ref().map(|(s, _)| s.clone())
}

//! The pickers' shared list behaviour (user pools, app clients, Okta groups and people): a
//! window of rows that always holds the focused one, however long the list, and a line that
//! says how many more lie above or below. Without it a long list (an account with sixty
//! pools) lets the focus walk off the screen, and Enter chooses a row nobody saw.

use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// The rows `start..end` of a list, chosen so the focused row is among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    len: usize,
}

impl Window {
    /// The window over `len` rows shown in `rows` lines, including the "more" lines it needs.
    pub fn around(focus: usize, len: usize, rows: usize) -> Window {
        if len <= rows {
            return Window {
                start: 0,
                end: len,
                len,
            };
        }
        // Room for both "more" lines, so the window's size does not jump as it moves.
        let usable = rows.saturating_sub(2).max(1);
        let start = focus.saturating_sub(usable - 1).min(len - usable);
        Window {
            start,
            end: start + usable,
            len,
        }
    }

    pub fn contains(&self, i: usize) -> bool {
        (self.start..self.end).contains(&i)
    }

    pub fn above(&self) -> usize {
        self.start
    }

    pub fn below(&self) -> usize {
        self.len - self.end
    }

    /// "↑ 12 more", when rows lie above the window.
    pub fn above_line<'a>(&self, indent: &str, t: &Theme) -> Option<Line<'a>> {
        more(indent, '↑', self.above(), t)
    }

    /// "↓ 30 more", when rows lie below it.
    pub fn below_line<'a>(&self, indent: &str, t: &Theme) -> Option<Line<'a>> {
        more(indent, '↓', self.below(), t)
    }
}

fn more<'a>(indent: &str, arrow: char, n: usize, t: &Theme) -> Option<Line<'a>> {
    (n > 0).then(|| Line::from(Span::styled(format!("{indent}{arrow} {n} more"), t.dim())))
}

#[cfg(test)]
mod tests {
    use super::Window;

    #[test]
    fn a_short_list_is_shown_whole() {
        let w = Window::around(3, 5, 10);
        assert_eq!((w.start, w.end, w.above(), w.below()), (0, 5, 0, 0));
    }

    #[test]
    fn the_focus_is_always_inside_and_the_window_keeps_its_size() {
        for focus in 0..60 {
            let w = Window::around(focus, 60, 12);
            assert!(w.contains(focus), "focus {focus} outside {w:?}");
            assert_eq!(w.end - w.start, 10);
            assert_eq!(w.above() + (w.end - w.start) + w.below(), 60);
        }
        assert_eq!(Window::around(59, 60, 12).end, 60);
    }

    #[test]
    fn no_room_still_shows_the_focused_row() {
        let w = Window::around(7, 20, 1);
        assert!(w.contains(7));
    }
}

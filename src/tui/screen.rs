//! What every wizard screen does, in one place per screen: `steps::screen` returns the
//! current one, and the model's events go to it. Screens without an `enter` or a paste
//! target take the defaults.

use super::app::{App, Job};
use super::theme::Theme;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

pub trait Screen: Sync {
    /// The screen became current: start what it needs to show.
    fn enter(&self, _app: &mut App) -> Vec<Job> {
        vec![]
    }
    fn on_key(&self, app: &mut App, key: KeyEvent) -> Vec<Job>;
    /// Pasted text (already trimmed).
    fn paste(&self, _app: &mut App, _text: &str) -> Vec<Job> {
        vec![]
    }
    /// The screen's own key hints; the footer adds Esc, `?` and `q`.
    fn keys(&self, app: &App) -> Vec<(&'static str, &'static str)>;
    fn view(&self, app: &App, f: &mut Frame, area: Rect, t: &Theme);
}

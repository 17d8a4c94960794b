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

/// Implements [`Screen`] for a unit struct `$name` with its module's own `on_key`, `keys` and
/// `view`, and, where given, an `enter` and a `paste` (functions or closures).
macro_rules! screen {
    ($name:ident $(, enter = $enter:expr)? $(, paste = $paste:expr)? $(,)?) => {
        /// This screen, for `steps::screen`.
        pub struct $name;

        impl $crate::tui::screen::Screen for $name {
            $(
                fn enter(&self, app: &mut App) -> Vec<Job> {
                    ($enter)(app)
                }
            )?
            fn on_key(&self, app: &mut App, key: KeyEvent) -> Vec<Job> {
                on_key(app, key)
            }
            $(
                fn paste(&self, app: &mut App, text: &str) -> Vec<Job> {
                    ($paste)(app, text)
                }
            )?
            fn keys(&self, app: &App) -> Vec<(&'static str, &'static str)> {
                keys(app)
            }
            fn view(&self, app: &App, f: &mut Frame, area: Rect, t: &Theme) {
                view(app, f, area, t)
            }
        }
    };
}
pub(crate) use screen;

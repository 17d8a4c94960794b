//! Copying a value for the Okta console: the system clipboard where a display exists, OSC 52
//! through the terminal otherwise (works over SSH and in tmux with set-clipboard). The value
//! is always on screen too, so a terminal that ignores OSC 52 loses nothing.

use std::io::Write;

/// How the value was copied, for the "copied" confirmation.
pub fn copy(text: &str) -> Result<&'static str, String> {
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if has_display
        && let Ok(mut cb) = arboard::Clipboard::new()
        && cb.set_text(text.to_string()).is_ok()
    {
        return Ok("clipboard");
    }
    let mut out = std::io::stdout();
    crossterm::execute!(
        out,
        crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
    )
    .and_then(|_| out.flush())
    .map(|_| "terminal (OSC 52)")
    .map_err(|e| format!("could not copy: {e}"))
}

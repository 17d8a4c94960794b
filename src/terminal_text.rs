//! Text from outside (metadata, setup files, claims, AWS and Okta errors) on its way to a
//! terminal. An ESC in a certificate subject could move the cursor, retitle the window or,
//! with OSC 52, write to the admin's clipboard; so every control character except a line
//! break or a tab is shown as a Rust-style escape (`\u{1b}`) instead. `--json` needs none of
//! this: JSON escapes control characters itself.

use std::borrow::Cow;

fn needs_escape(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The first control character in `text`, for validation messages that name it.
pub fn first_control(text: &str) -> Option<char> {
    text.chars().find(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_c0_c1_and_del_but_keeps_line_breaks() {
        assert_eq!(
            escape_controls("a\u{1b}]52;c;eA==\u{7}b\n\tc\u{7f}\u{9b}\r"),
            "a\\u{1b}]52;c;eA==\\u{7}b\n\tc\\u{7f}\\u{9b}\\u{d}"
        );
        assert!(matches!(escape_controls("plain — text"), Cow::Borrowed(_)));
    }
}

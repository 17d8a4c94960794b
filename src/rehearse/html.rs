//! The rehearsal's pages: every value from outside HTML-escaped, one plain layout with the
//! REHEARSAL banner style.

pub use crate::html_text::escape;

/// A whole page: `body` is already HTML; `title` is escaped here.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:46em;margin:2em auto}}\
         .rehearsal{{background:#fd0;padding:.4em;font-weight:bold}}</style></head>\
         <body>{body}</body></html>",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_from_outside_is_inert() {
        assert_eq!(
            super::escape("<script>\"x\"&'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;"
        );
    }
}

//! The rehearsal's pages: every value from outside HTML-escaped, one plain layout with the
//! REHEARSAL banner style.

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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

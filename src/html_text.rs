//! Text from outside (a tenant's name, an IdP's attribute, an error from Cognito) as it may
//! appear in an HTML page: the one escaper every page the tool writes or serves uses.

/// `s` with the five characters HTML gives meaning escaped, so it is shown as text in an
/// element or an attribute value, never read as markup.
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

//! A small YAML writer for CloudFormation templates. Every string is double-quoted with
//! escapes, so no value can turn into another type (`"no"`, `"1e3"`, `"null"` stay strings)
//! or carry a control character; keys that are not plain words are quoted the same way.
//! The output is plain YAML (no `!Ref` tags), so any YAML parser reads it.

use super::node::Node;

pub fn to_string(root: &[(String, Node)]) -> String {
    let mut out = String::new();
    map_entries(root, 0, &mut out);
    out
}

fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            // Outside YAML 1.2's printable set (C0/C1 controls, DEL, U+FFFE, U+FFFF), which a
            // parser (PyYAML, cfn-lint) refuses raw even inside double quotes; and the line
            // breaks (NEL, U+2028, U+2029) a parser folds into a space, and the BOM.
            c if !yaml_printable(c)
                || c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                q.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// YAML 1.2's `c-printable`: tab, LF, CR, 0x20–0x7E, NEL, 0xA0–0xD7FF, 0xE000–0xFFFD and
/// above 0x10000 (a Rust `char` is never a surrogate).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fn key(k: &str) -> String {
    let plain = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars().all(|c| c.is_ascii_alphanumeric());
    if plain { k.to_string() } else { quote(k) }
}

fn scalar(n: &Node) -> Option<String> {
    match n {
        Node::Str(s) => Some(quote(s)),
        Node::Int(i) => Some(i.to_string()),
        Node::Float(f) if f.is_finite() => Some(format!("{f:?}")),
        Node::Float(_) | Node::Null => Some("null".into()),
        Node::Bool(b) => Some(b.to_string()),
        Node::List(l) if l.is_empty() => Some("[]".into()),
        Node::Map(m) if m.is_empty() => Some("{}".into()),
        Node::List(_) | Node::Map(_) => None,
    }
}

fn pad(indent: usize) -> String {
    " ".repeat(indent)
}

fn map_entries(entries: &[(String, Node)], indent: usize, out: &mut String) {
    for (k, v) in entries {
        out.push_str(&pad(indent));
        out.push_str(&key(k));
        out.push(':');
        value_after_key(v, indent, out);
    }
}

fn value_after_key(v: &Node, indent: usize, out: &mut String) {
    match scalar(v) {
        Some(s) => {
            out.push(' ');
            out.push_str(&s);
            out.push('\n');
        }
        None => {
            out.push('\n');
            match v {
                Node::Map(m) => map_entries(m, indent + 2, out),
                Node::List(l) => list_items(l, indent + 2, out),
                _ => unreachable!("scalars are written inline"),
            }
        }
    }
}

fn list_items(items: &[Node], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&pad(indent));
        out.push('-');
        match (scalar(item), item) {
            (Some(s), _) => {
                out.push(' ');
                out.push_str(&s);
                out.push('\n');
            }
            (None, Node::Map(m)) => {
                // The first entry shares the dash's line; the rest align under it.
                let mut first = true;
                for (k, v) in m {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.push_str(&pad(indent + 2));
                    }
                    out.push_str(&key(k));
                    out.push(':');
                    value_after_key(v, indent + 2, out);
                }
            }
            (None, Node::List(l)) => {
                out.push('\n');
                list_items(l, indent + 2, out);
            }
            (None, _) => unreachable!("scalars are written inline"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_look_like_other_types_stay_strings() {
        let doc = to_string(&[
            ("A".into(), Node::str("no")),
            ("custom:dept".into(), Node::str("1e3")),
            ("C".into(), Node::str("bell\u{7}\u{1b}[31m")),
        ]);
        assert_eq!(
            doc,
            "A: \"no\"\n\"custom:dept\": \"1e3\"\nC: \"bell\\u0007\\u001B[31m\"\n"
        );
    }

    #[test]
    fn nested_lists_of_maps_indent_under_their_dash() {
        let doc = to_string(&[(
            "Assets".into(),
            Node::List(vec![Node::Map(vec![
                ("Category".into(), Node::str("FORM_LOGO")),
                ("Extension".into(), Node::str("PNG")),
            ])]),
        )]);
        assert_eq!(
            doc,
            "Assets:\n  - Category: \"FORM_LOGO\"\n    Extension: \"PNG\"\n"
        );
    }
}

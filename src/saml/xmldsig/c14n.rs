//! Exclusive XML Canonicalization 1.0, without comments
//! (https://www.w3.org/TR/xml-exc-c14n/): the bytes a signature's digest and value are
//! computed over. An element's namespace declarations are written where a name on it uses
//! them and no output ancestor wrote the same binding; attributes are sorted by namespace URI,
//! then local name; empty elements get an end tag; text and attribute values are escaped as
//! the recommendation says.

use super::dom::{Element, Node};
use std::collections::BTreeMap;

/// The namespace bindings in scope where an element sits (from its ancestors).
pub type Scope = BTreeMap<String, String>;

fn text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

fn attribute_value(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// The scope inside `e`: `outer` with `e`'s own declarations.
pub fn inside(e: &Element, outer: &Scope) -> Scope {
    let mut scope = outer.clone();
    for (p, uri) in &e.namespaces {
        scope.insert(p.clone(), uri.clone());
    }
    scope
}

fn render(e: &Element, outer: &Scope, rendered: &Scope, skip: Option<&Element>, out: &mut String) {
    let scope = inside(e, outer);
    let mut used: Vec<&str> = vec![e.prefix()];
    for (k, _) in &e.attributes {
        if let Some((p, _)) = k.split_once(':')
            && p != "xml"
        {
            used.push(p);
        }
    }
    used.sort_unstable();
    used.dedup();
    let mut now = rendered.clone();
    let mut declarations = String::new();
    for p in used {
        let uri = scope.get(p).map_or("", String::as_str);
        let already = rendered.get(p).map(String::as_str);
        if already == Some(uri) || (p.is_empty() && uri.is_empty() && already.is_none()) {
            continue;
        }
        if p.is_empty() {
            declarations.push_str(" xmlns=\"");
        } else {
            declarations.push_str(&format!(" xmlns:{p}=\""));
        }
        attribute_value(uri, &mut declarations);
        declarations.push('"');
        now.insert(p.to_string(), uri.to_string());
    }
    let mut attributes: Vec<(&str, &str, &str, &str)> = e
        .attributes
        .iter()
        .map(|(k, v)| {
            let (uri, local) = match k.split_once(':') {
                Some(("xml", l)) => ("http://www.w3.org/XML/1998/namespace", l),
                Some((p, l)) => (scope.get(p).map_or("", String::as_str), l),
                None => ("", k.as_str()),
            };
            (uri, local, k.as_str(), v.as_str())
        })
        .collect();
    attributes.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    out.push('<');
    out.push_str(&e.name);
    out.push_str(&declarations);
    for (_, _, name, value) in attributes {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        attribute_value(value, out);
        out.push('"');
    }
    out.push('>');
    for c in &e.children {
        match c {
            Node::Text(t) => text(t, out),
            Node::Element(child) => {
                if skip.is_some_and(|s| std::ptr::eq(s, child)) {
                    continue;
                }
                render(child, &scope, &now, skip, out);
            }
        }
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

/// `e`'s exclusive canonical form, `outer` being the bindings its ancestors declare; `skip`
/// (the enveloped signature) is left out wherever it is among the descendants.
pub fn canonical(e: &Element, outer: &Scope, skip: Option<&Element>) -> String {
    let mut out = String::new();
    render(e, outer, &Scope::new(), skip, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saml::xmldsig::dom::parse;

    #[test]
    fn namespaces_go_where_they_are_used_and_attributes_are_sorted() {
        let doc = parse(
            r#"<p:R xmlns:p="urn:p" xmlns:q="urn:q" xmlns:unused="urn:u"><q:A z="1" a="&amp;2" q:b="3"/>
<!-- gone --><p:B>x &lt; y</p:B></p:R>"#,
        )
        .unwrap();
        let a = doc.child("A").unwrap();
        let scope = inside(&doc, &Scope::new());
        assert_eq!(
            canonical(a, &scope, None),
            r#"<q:A xmlns:q="urn:q" a="&amp;2" z="1" q:b="3"></q:A>"#
        );
        assert_eq!(
            canonical(&doc, &Scope::new(), None),
            "<p:R xmlns:p=\"urn:p\"><q:A xmlns:q=\"urn:q\" a=\"&amp;2\" z=\"1\" q:b=\"3\"></q:A>\n<p:B>x &lt; y</p:B></p:R>"
        );
    }
}

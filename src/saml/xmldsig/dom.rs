//! A SAML message as a small tree, read with quick-xml: just what signing and verifying need
//! (names, namespace declarations, attribute values as XML normalizes them, text). A DOCTYPE
//! is refused, so nothing in a message is ever expanded; only the five predefined entities
//! and character references are resolved.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Messages larger than this are refused unread (Cognito takes 100,000 characters).
pub const MAX_BYTES: usize = 1 << 20;
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// The qualified name as written: `saml2:Assertion`.
    pub name: String,
    /// `xmlns` / `xmlns:p` declared on this element: (prefix, "" for the default; URI).
    pub namespaces: Vec<(String, String)>,
    /// Every other attribute: (qualified name, normalized value).
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn prefix(&self) -> &str {
        self.name.split_once(':').map_or("", |(p, _)| p)
    }

    pub fn local(&self) -> &str {
        self.name.split_once(':').map_or(&self.name, |(_, l)| l)
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element of local name `local`.
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.local() == local)
    }

    /// Every descendant of local name `local`, depth first.
    pub fn descendants<'a>(&'a self, local: &'a str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.local() == local {
                out.push(e);
            }
            e.descendants(local, out);
        }
    }

    /// The element's text, its children's included.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) => s.push_str(&e.text()),
            }
        }
        s
    }
}

fn element(e: &BytesStart) -> Result<Element, String> {
    let mut out = Element {
        name: e.name().as_ref().to_string(),
        ..Element::default()
    };
    for attr in e.attributes() {
        let attr = attr.map_err(|e| format!("a malformed attribute: {e}"))?;
        let key = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| format!("attribute {key}: {e}"))?
            .into_owned();
        if out
            .namespaces
            .iter()
            .any(|(p, _)| key == format!("xmlns:{p}") || (p.is_empty() && key == "xmlns"))
            || out.attributes.iter().any(|(k, _)| *k == key)
        {
            return Err(format!("duplicate attribute {key} in <{}>", out.name));
        }
        match key.strip_prefix("xmlns") {
            Some("") => out.namespaces.push((String::new(), value)),
            Some(p) if p.starts_with(':') => out.namespaces.push((p[1..].to_string(), value)),
            _ => out.attributes.push((key, value)),
        }
    }
    Ok(out)
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        // Adjacent text (split around a character reference) is one text node.
        if let (Node::Text(t), Some(Node::Text(last))) = (&node, top.children.last_mut()) {
            last.push_str(t);
            return;
        }
        top.children.push(node);
    }
}

/// The document's root element.
pub fn parse(xml: &str) -> Result<Element, String> {
    if xml.len() > MAX_BYTES {
        return Err(format!(
            "the message is {} bytes, more than {MAX_BYTES}",
            xml.len()
        ));
    }
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![];
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::DocType(_) => return Err("a DOCTYPE is not allowed in a SAML message".into()),
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH || root.is_some() {
                    return Err("more than one root, or nesting too deep".into());
                }
                stack.push(element(&e)?);
            }
            Event::Empty(e) => {
                let el = element(&e)?;
                if stack.is_empty() {
                    if root.is_some() {
                        return Err("more than one root element".into());
                    }
                    root = Some(el);
                } else {
                    push(&mut stack, Node::Element(el));
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("an end tag without its start")?;
                if stack.is_empty() {
                    root = Some(done);
                } else {
                    push(&mut stack, Node::Element(done));
                }
            }
            Event::Text(t) => {
                let text = t.xml_content(XmlVersion::Implicit1_0).into_owned();
                if stack.is_empty() {
                    if !text.trim().is_empty() {
                        return Err("text outside the root element".into());
                    }
                } else {
                    push(&mut stack, Node::Text(text));
                }
            }
            Event::CData(c) => {
                let text = c.into_inner().into_owned();
                push(&mut stack, Node::Text(text));
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match r.to_string().as_str() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("undefined entity &{other};")),
                    },
                    Err(e) => return Err(format!("a bad character reference: {e}")),
                };
                push(&mut stack, Node::Text(c.to_string()));
            }
            Event::Eof => break,
            // Comments and processing instructions are not part of what is signed.
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("the message ends inside an element".into());
    }
    root.ok_or_else(|| "no root element".into())
}

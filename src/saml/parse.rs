//! Namespace-aware, streaming reading of SAML 2.0 metadata with quick-xml. No DOM, no
//! recursion: nesting is bounded, DOCTYPE and entity declarations are refused before anything
//! else is read, so nothing is ever expanded or fetched.

use super::attrs::{self, RawAttr};
use super::sniff::line_col;
use crate::finding::Finding;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::borrow::Cow;
use std::collections::HashSet;

pub const MD_NS: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
pub const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub const SAML_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
pub const MAX_DEPTH: usize = 256;
/// Prefix lookups walk the bindings in scope, so their number is bounded: with the depth
/// limit, at most 256 × 64 bindings are ever searched.
pub const MAX_NAMESPACES_PER_ELEMENT: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    Signing,
    Encryption,
    Unspecified,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEndpoint {
    pub binding: String,
    pub location: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawKey {
    pub key_use: KeyUse,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAttribute {
    pub name: String,
    pub friendly_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawIdp {
    pub want_authn_requests_signed: Option<String>,
    pub sso: Vec<RawEndpoint>,
    pub slo: Vec<RawEndpoint>,
    pub name_id_formats: Vec<String>,
    pub keys: Vec<RawKey>,
    pub attributes: Vec<RawAttribute>,
    /// X509Certificate elements found in another namespace than XML-DSig (e.g. a bulk
    /// http→https rewrite of `xmlns:ds`): reported, never used.
    pub misplaced_cert_namespaces: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawEntity {
    pub entity_id: String,
    pub valid_until: Option<String>,
    pub cache_duration: Option<String>,
    pub idp: Option<RawIdp>,
    pub has_sp: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    pub root_is_entities: bool,
    pub entities: Vec<RawEntity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Other,
    Entities,
    Entity,
    Idp,
    Key,
    Cert,
    NameIdFormat,
}

struct State<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    entities: Vec<RawEntity>,
    /// validUntil/cacheDuration of enclosing EntitiesDescriptors, inherited by entities.
    outer_valid: Vec<(Option<String>, Option<String>)>,
    capture: String,
    key_use: KeyUse,
    root_is_entities: bool,
    /// Emptied buffers kept between elements, so reading attributes allocates once per
    /// document rather than once per element.
    spare_attrs: Vec<RawAttr<'static>>,
    spare_values: Vec<(&'static str, Cow<'static, str>)>,
}

/// An emptied vector with its allocation, retyped for the next element's borrow (the
/// standard library collects an emptied vector into one of the same layout in place).
fn recycle<A, B>(mut v: Vec<A>) -> Vec<B> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// XML 1.0's `Char` production: what a document may hold, literally or as `&#…;`.
fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A character XML 1.0 forbids (an ESC from `&#x1b;` that could reach a terminal), as an error.
fn refuse_forbidden(text: &str, pos: u64, value: &str, place: &str) -> Result<(), Finding> {
    match value.chars().find(|c| !xml_allows(*c)) {
        None => Ok(()),
        Some(c) => Err(malformed(
            text,
            pos,
            format!(
                "{place} holds the character U+{:04X}, which XML 1.0 forbids (even as a character reference)",
                c as u32
            ),
        )),
    }
}

fn malformed(text: &str, pos: u64, what: impl std::fmt::Display) -> Finding {
    let (line, col) = line_col(text, pos as usize);
    Finding::error(
        crate::finding::codes::METADATA_NOT_WELL_FORMED,
        format!("not well-formed XML at line {line}, column {col}: {what}"),
        "The document is damaged or was edited by hand: download the metadata again from the IdP (for Okta: Sign On tab → Metadata URL).",
    )
}

fn qname(e: &BytesStart) -> String {
    e.name().0.to_string()
}

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The namespace a prefix resolves to in the current scope.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ns<'a> {
    Bound(&'a str),
    Unbound,
    Unknown(&'a str),
}

/// Namespace declarations in scope. The reader is not namespace-aware: declarations are
/// collected in the one pass over each element's attributes, which halves the attribute
/// parsing a namespace-aware reader does.
#[derive(Default)]
struct Scope {
    /// Slots are reused after an element closes, so a document that redeclares the same
    /// namespace on every element does not allocate for each one.
    bindings: Vec<(String, String)>,
    active: usize,
    marks: Vec<usize>,
}

impl Scope {
    fn open(&mut self) {
        self.marks.push(self.active);
    }

    fn declare(&mut self, prefix: &str, uri: &str) {
        match self.bindings.get_mut(self.active) {
            Some((p, u)) => {
                p.clear();
                p.push_str(prefix);
                u.clear();
                u.push_str(uri);
            }
            None => self.bindings.push((prefix.to_string(), uri.to_string())),
        }
        self.active += 1;
    }

    fn resolve<'a>(&'a self, prefix: &'a str) -> Ns<'a> {
        if prefix == "xml" {
            return Ns::Bound(XML_NS);
        }
        match self.bindings[..self.active]
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
        {
            // `xmlns=""` undeclares the default namespace.
            Some((_, uri)) if uri.is_empty() => Ns::Unbound,
            Some((_, uri)) => Ns::Bound(uri),
            None if prefix.is_empty() => Ns::Unbound,
            None => Ns::Unknown(prefix),
        }
    }

    fn close(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.active = mark;
        }
    }
}

/// The prefix an `xmlns` / `xmlns:p` attribute declares (`""` for the default namespace).
fn namespace_declared(key: &str) -> Option<&str> {
    if key == "xmlns" {
        Some("")
    } else {
        key.strip_prefix("xmlns:")
    }
}

fn split_qname(name: &str) -> (&str, &str) {
    // A byte search: `:` is ASCII, and this runs for every element and attribute.
    match name.bytes().position(|b| b == b':') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    }
}

fn ns_label(ns: &Ns) -> String {
    match ns {
        Ns::Bound(n) => n.to_string(),
        Ns::Unbound => "no namespace".to_string(),
        Ns::Unknown(p) => format!("undeclared prefix {p}"),
    }
}

fn in_ns(ns: &Ns, want: &str) -> bool {
    matches!(ns, Ns::Bound(n) if *n == want)
}

impl<'t> State<'t> {
    fn current_entity(&mut self) -> Option<&mut RawEntity> {
        if self.stack.contains(&Frame::Entity) {
            self.entities.last_mut()
        } else {
            None
        }
    }

    fn current_idp(&mut self) -> Option<&mut RawIdp> {
        if self.stack.contains(&Frame::Idp) {
            self.entities.last_mut().and_then(|e| e.idp.as_mut())
        } else {
            None
        }
    }

    /// Reads every attribute once: duplicates are caught, namespace declarations go into
    /// `scope` (opening the element's scope), the others are returned.
    fn read_attributes<'e>(
        &self,
        pos: u64,
        scope: &mut Scope,
        e: &'e BytesStart,
        mut all: Vec<RawAttr<'e>>,
    ) -> Result<Vec<RawAttr<'e>>, Finding> {
        let in_tag = |what: &dyn std::fmt::Display| {
            malformed(self.text, pos, format!("in <{}>: {what}", qname(e)))
        };
        attrs::scan(e.attributes_raw(), &mut all).map_err(|what| in_tag(&what))?;
        scope.open();
        // Our own duplicate check names the attribute (quick-xml's gives positions). A
        // duplicate `xmlns:p` is a duplicate key too. Real tags have a handful of attributes;
        // a hostile one has 90,000, so past a few the keys seen go into a set.
        let mut declarations = 0;
        let mut seen = (all.len() > 16).then(|| HashSet::with_capacity(all.len()));
        for (n, attr) in all.iter().enumerate() {
            let declared = namespace_declared(attr.key);
            let duplicate = match &mut seen {
                Some(set) => !set.insert(attr.key),
                None => all[..n].iter().any(|a| a.key == attr.key),
            };
            if duplicate {
                return Err(malformed(
                    self.text,
                    pos,
                    format!("duplicate attribute {} in <{}>", attr.key, qname(e)),
                ));
            }
            if let Some(prefix) = declared {
                declarations += 1;
                if declarations > MAX_NAMESPACES_PER_ELEMENT {
                    return Err(Finding::error(
                        crate::finding::codes::METADATA_TOO_MANY_NAMESPACES,
                        format!(
                            "<{}> declares more than {MAX_NAMESPACES_PER_ELEMENT} XML namespaces",
                            qname(e)
                        ),
                        "Real metadata declares a handful: this document is broken or hostile. Download the metadata again from the IdP.",
                    ));
                }
                let uri = attr.value().map_err(|err| in_tag(&err))?;
                scope.declare(prefix, &uri);
            }
        }
        Ok(all)
    }

    /// The unprefixed attributes' values (prefixed ones only have their prefix checked).
    fn attribute_values<'e>(
        &self,
        pos: u64,
        scope: &Scope,
        e: &BytesStart,
        attrs: &[RawAttr<'e>],
        wanted: bool,
        mut out: Vec<(&'e str, Cow<'e, str>)>,
    ) -> Result<Vec<(&'e str, Cow<'e, str>)>, Finding> {
        for attr in attrs {
            if namespace_declared(attr.key).is_some() {
                continue;
            }
            let (prefix, local) = split_qname(attr.key);
            if !prefix.is_empty() {
                if let Ns::Unknown(p) = scope.resolve(prefix) {
                    return Err(undeclared_prefix(self.text, pos, p));
                }
            } else if wanted {
                let value = attr.value().map_err(|err| {
                    malformed(self.text, pos, format!("in <{}>: {err}", qname(e)))
                })?;
                if !attr.plain {
                    let place = format!("attribute {} of <{}>", attr.key, qname(e));
                    refuse_forbidden(self.text, pos, &value, &place)?;
                }
                out.push((local, value));
            }
        }
        Ok(out)
    }

    fn open(&mut self, pos: u64, scope: &mut Scope, e: &BytesStart) -> Result<Frame, Finding> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Finding::error(
                crate::finding::codes::METADATA_TOO_DEEP,
                format!("XML nesting too deep (more than {MAX_DEPTH} levels)"),
                "Real metadata nests fewer than 10 levels: this document is broken or hostile. Download the metadata again from the IdP.",
            ));
        }
        let spare = recycle(std::mem::take(&mut self.spare_attrs));
        let raw_attrs = self.read_attributes(pos, scope, e, spare)?;
        let scope: &Scope = scope;
        let (prefix, local) = split_qname(e.name().0);
        let ns = scope.resolve(prefix);
        if let Ns::Unknown(p) = &ns {
            return Err(undeclared_prefix(self.text, pos, p));
        }
        let md = in_ns(&ns, MD_NS);
        // Only elements the report uses need their attribute values decoded.
        let wanted = self.stack.is_empty()
            || (md
                && matches!(
                    local,
                    "EntitiesDescriptor"
                        | "EntityDescriptor"
                        | "IDPSSODescriptor"
                        | "KeyDescriptor"
                        | "SingleSignOnService"
                        | "SingleLogoutService"
                ))
            || (local == "Attribute" && in_ns(&ns, SAML_NS));
        let spare = recycle(std::mem::take(&mut self.spare_values));
        let attrs = self.attribute_values(pos, scope, e, &raw_attrs, wanted, spare)?;
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };

        if self.stack.is_empty() {
            check_root(&ns, local, e)?;
            self.root_is_entities = local == "EntitiesDescriptor";
        }
        let frame = match local {
            "EntitiesDescriptor" if md => {
                self.outer_valid
                    .push((get("validUntil"), get("cacheDuration")));
                Frame::Entities
            }
            "EntityDescriptor" if md => {
                let Some(entity_id) = get("entityID") else {
                    return Err(Finding::error(
                        crate::finding::codes::METADATA_MISSING_ENTITY_ID,
                        "EntityDescriptor has no entityID",
                        "Every SAML entity needs its entityID (for Okta: http://www.okta.com/<app key>). Download the metadata again from the IdP.",
                    ));
                };
                let inherited = self
                    .outer_valid
                    .iter()
                    .rev()
                    .find(|(v, c)| v.is_some() || c.is_some());
                self.entities.push(RawEntity {
                    entity_id,
                    valid_until: get("validUntil").or_else(|| inherited.and_then(|i| i.0.clone())),
                    cache_duration: get("cacheDuration")
                        .or_else(|| inherited.and_then(|i| i.1.clone())),
                    idp: None,
                    has_sp: false,
                });
                Frame::Entity
            }
            "IDPSSODescriptor" if md => match self.current_entity() {
                Some(entity) => {
                    entity.idp = Some(RawIdp {
                        want_authn_requests_signed: get("WantAuthnRequestsSigned"),
                        ..RawIdp::default()
                    });
                    Frame::Idp
                }
                None => Frame::Other,
            },
            "SPSSODescriptor" if md => {
                if let Some(entity) = self.current_entity() {
                    entity.has_sp = true;
                }
                Frame::Other
            }
            "KeyDescriptor" if md && self.stack.last() == Some(&Frame::Idp) => {
                self.key_use = match get("use").as_deref() {
                    Some("signing") => KeyUse::Signing,
                    Some("encryption") => KeyUse::Encryption,
                    _ => KeyUse::Unspecified,
                };
                Frame::Key
            }
            "X509Certificate" if self.stack.contains(&Frame::Key) => {
                if in_ns(&ns, DS_NS) {
                    self.capture.clear();
                    Frame::Cert
                } else {
                    let label = ns_label(&ns);
                    if let Some(idp) = self.current_idp() {
                        idp.misplaced_cert_namespaces.push(label);
                    }
                    Frame::Other
                }
            }
            "SingleSignOnService" | "SingleLogoutService"
                if md && self.stack.last() == Some(&Frame::Idp) =>
            {
                let endpoint = RawEndpoint {
                    binding: get("Binding").unwrap_or_default(),
                    location: get("Location").unwrap_or_default(),
                };
                let is_sso = local == "SingleSignOnService";
                if let Some(idp) = self.current_idp() {
                    if is_sso {
                        idp.sso.push(endpoint);
                    } else {
                        idp.slo.push(endpoint);
                    }
                }
                Frame::Other
            }
            "NameIDFormat" if md && self.stack.last() == Some(&Frame::Idp) => {
                self.capture.clear();
                Frame::NameIdFormat
            }
            "Attribute" if in_ns(&ns, SAML_NS) && self.stack.last() == Some(&Frame::Idp) => {
                if let (Some(name), Some(idp)) = (get("Name"), self.current_idp()) {
                    idp.attributes.push(RawAttribute {
                        name,
                        friendly_name: get("FriendlyName"),
                    });
                }
                Frame::Other
            }
            _ => Frame::Other,
        };
        self.spare_values = recycle(attrs);
        self.spare_attrs = recycle(raw_attrs);
        Ok(frame)
    }

    fn close(&mut self, frame: Frame) {
        match frame {
            Frame::Cert => {
                let text = std::mem::take(&mut self.capture);
                let key_use = self.key_use;
                if let Some(idp) = self.current_idp() {
                    idp.keys.push(RawKey { key_use, text });
                }
            }
            Frame::NameIdFormat => {
                let text = std::mem::take(&mut self.capture).trim().to_string();
                if let Some(idp) = self.current_idp()
                    && !text.is_empty()
                {
                    idp.name_id_formats.push(text);
                }
            }
            Frame::Entities => {
                self.outer_valid.pop();
            }
            _ => {}
        }
    }

    fn capturing(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Cert | Frame::NameIdFormat))
    }
}

fn undeclared_prefix(text: &str, pos: u64, prefix: &str) -> Finding {
    let (line, col) = line_col(text, pos as usize);
    Finding::error(
        crate::finding::codes::METADATA_UNDECLARED_PREFIX,
        format!("namespace prefix {prefix} is not declared (line {line}, column {col})"),
        format!(
            "The document uses \"{prefix}:\" without its xmlns:{prefix}=\"…\" declaration, so it is not valid metadata. Download the metadata again instead of copying a fragment."
        ),
    )
}

fn check_root(ns: &Ns, local: &str, e: &BytesStart) -> Result<(), Finding> {
    let is_md_name = local == "EntityDescriptor" || local == "EntitiesDescriptor";
    if is_md_name && in_ns(ns, MD_NS) {
        return Ok(());
    }
    if is_md_name {
        return Err(Finding::error(
            crate::finding::codes::METADATA_WRONG_NAMESPACE,
            format!(
                "root {} is not in the SAML 2.0 metadata namespace (found {})",
                local,
                ns_label(ns)
            ),
            "SAML 2.0 metadata must declare xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" (or an md: prefix bound to it). Export SAML 2.0 metadata from the IdP.",
        ));
    }
    let name = qname(e);
    let fix = if local == "Response" || local == "Assertion" {
        "This is a SAML response or assertion, not metadata: use the IdP's metadata URL (Okta: Sign On tab → Metadata URL)."
    } else if local.eq_ignore_ascii_case("html") {
        "This is an HTML page: use the IdP's metadata URL itself (Okta: Sign On tab → Metadata URL)."
    } else {
        "Use the IdP's SAML 2.0 metadata document (Okta: Sign On tab → Metadata URL)."
    };
    Err(Finding::error(
        crate::finding::codes::METADATA_WRONG_ROOT,
        format!("root element is {name}, expected md:EntityDescriptor or md:EntitiesDescriptor"),
        fix,
    ))
}

const PREDEFINED: [(&str, char); 5] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
];

/// Parses sniffed XML text into the entities it declares.
pub fn parse(text: &str) -> Result<RawDocument, Finding> {
    let mut reader = Reader::from_str(text);
    // Whitespace between elements is most of a document's text events; nothing here reads
    // it (certificates and NameID formats are trimmed anyway), so it is never produced.
    reader.config_mut().trim_text(true);
    let mut scope = Scope::default();
    let mut st = State {
        text,
        stack: Vec::with_capacity(16),
        entities: Vec::new(),
        outer_valid: Vec::new(),
        capture: String::new(),
        key_use: KeyUse::Unspecified,
        root_is_entities: false,
        spare_attrs: Vec::new(),
        spare_values: Vec::new(),
    };
    let mut saw_root = false;
    loop {
        let event = match reader.read_event() {
            Ok(x) => x,
            Err(e) => return Err(malformed(text, reader.error_position(), e)),
        };
        match event {
            Event::DocType(_) => {
                return Err(Finding::error(
                    crate::finding::codes::METADATA_DOCTYPE_REFUSED,
                    "DOCTYPE/entity declarations are not allowed in SAML metadata",
                    "Metadata never needs a DOCTYPE; this document is refused before anything in it is expanded or fetched. Download the metadata from the IdP again.",
                ));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                if saw_root && st.stack.is_empty() {
                    return Err(malformed(
                        text,
                        reader.buffer_position(),
                        "more than one root element",
                    ));
                }
                saw_root = true;
                let frame = st.open(reader.buffer_position(), &mut scope, e)?;
                st.stack.push(frame);
                if matches!(event, Event::Empty(_)) {
                    st.stack.pop();
                    st.close(frame);
                    scope.close();
                }
            }
            Event::End(_) => {
                if let Some(frame) = st.stack.pop() {
                    st.close(frame);
                    scope.close();
                }
            }
            Event::Text(t) => {
                if st.capturing() {
                    refuse_forbidden(text, reader.buffer_position(), &t, "the text")?;
                    st.capture.push_str(&t);
                } else if st.stack.is_empty() && !t.trim().is_empty() {
                    return Err(malformed(
                        text,
                        reader.buffer_position(),
                        "text outside the root element",
                    ));
                }
            }
            Event::CData(c) if st.capturing() => st.capture.push_str(&c),
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => {
                        let name = r.to_string();
                        match PREDEFINED.iter().find(|(n, _)| *n == name) {
                            Some((_, c)) => Some(*c),
                            None => {
                                return Err(malformed(
                                    text,
                                    reader.buffer_position(),
                                    format!("undefined entity &{name};"),
                                ));
                            }
                        }
                    }
                    Err(e) => return Err(malformed(text, reader.buffer_position(), e)),
                };
                if let Some(c) = ch
                    && !xml_allows(c)
                {
                    return Err(malformed(
                        text,
                        reader.buffer_position(),
                        format!(
                            "a character reference to U+{:04X}, which XML 1.0 forbids",
                            c as u32
                        ),
                    ));
                }
                if let (Some(c), true) = (ch, st.capturing()) {
                    st.capture.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !st.stack.is_empty() {
        let (line, col) = line_col(text, text.len());
        return Err(Finding::error(
            crate::finding::codes::METADATA_TRUNCATED,
            format!(
                "not well-formed XML: unexpected end of document (truncated?) at line {line}, column {col}"
            ),
            "The download was cut off or the copy is incomplete: fetch the metadata again.",
        ));
    }
    if !saw_root {
        return Err(Finding::error(
            crate::finding::codes::METADATA_NO_ROOT,
            "the document has no root element",
            "Download the metadata again from the IdP.",
        ));
    }
    Ok(RawDocument {
        root_is_entities: st.root_is_entities,
        entities: st.entities,
    })
}

//! The app's attribute statements: one per mapped SAML attribute is ours (Name exactly as the
//! provider maps it, Value the Okta expression); every other statement is the admin's and is
//! sent back exactly as read. A `GROUP` statement under a mapped name is the admin's way of
//! sending that attribute (a group filter) and stays too, unless `okta.attribute_values`
//! names it.

use super::app::FieldChange;
use crate::idp::okta::console::okta_expression;
use crate::setup::Setup;
use serde_json::{Value, json};

const NS_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified";
const NS_URI: &str = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";

/// A statement the setup asks for.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub statement: Value,
    /// Its value is set in `okta.attribute_values`, not the default for the pool attribute.
    pub explicit: bool,
}

impl Wanted {
    fn name(&self) -> &str {
        name(&self.statement)
    }
}

fn name(s: &Value) -> &str {
    s.get("name").and_then(Value::as_str).unwrap_or("")
}

fn is_group(s: &Value) -> bool {
    s.get("type").and_then(Value::as_str) == Some("GROUP")
}

/// One statement per mapped attribute: Name = the SAML attribute Cognito maps, character for
/// character; Value = the Okta expression (`okta.attribute_values` first, else the default).
pub fn wanted(setup: &Setup) -> Vec<Wanted> {
    let overrides = setup.okta.as_ref().map(|o| &o.attribute_values);
    setup
        .provider
        .attribute_mapping
        .iter()
        .map(|(pool_attr, saml)| {
            let explicit = overrides.and_then(|o| o.get(saml)).cloned();
            let namespace = if saml.contains("://") || saml.starts_with("urn:") {
                NS_URI
            } else {
                NS_UNSPECIFIED
            };
            Wanted {
                explicit: explicit.is_some(),
                statement: json!({
                    "type": "EXPRESSION",
                    "name": saml,
                    "namespace": namespace,
                    "values": [explicit.unwrap_or_else(|| okta_expression(pool_attr))],
                }),
            }
        })
        .collect()
}

/// Whether `current` already says everything `wanted` says (Okta adds members of its own).
fn already(current: &Value, wanted: &Value) -> bool {
    wanted
        .as_object()
        .is_some_and(|w| w.iter().all(|(k, v)| current.get(k) == Some(v)))
}

/// What the app holds under `w`'s name, and whether it stays as it is.
fn verdict<'a>(current: &'a [Value], w: &Wanted) -> (Option<&'a Value>, bool) {
    let found = current.iter().find(|c| name(c) == w.name());
    let keep = found.is_some_and(|c| (is_group(c) && !w.explicit) || already(c, &w.statement));
    (found, keep)
}

/// The statements to send: the admin's in their order, ours replacing those of the same
/// name, then ours that are new.
pub fn merge(current: &[Value], wanted: &[Wanted]) -> Vec<Value> {
    let mut out: Vec<Value> = current
        .iter()
        .map(|c| match wanted.iter().find(|w| w.name() == name(c)) {
            Some(w) if !verdict(current, w).1 => w.statement.clone(),
            _ => c.clone(),
        })
        .collect();
    for w in wanted {
        if !current.iter().any(|c| name(c) == w.name()) {
            out.push(w.statement.clone());
        }
    }
    out
}

/// Ours that are new or different, as plan lines.
pub fn changes(current: &[Value], wanted: &[Wanted]) -> Vec<FieldChange> {
    wanted
        .iter()
        .filter_map(|w| {
            let (found, keep) = verdict(current, w);
            (!keep).then(|| FieldChange {
                field: format!(
                    "settings.signOn.attributeStatements[{}]",
                    Value::String(w.name().to_string())
                ),
                before: found.cloned().unwrap_or(Value::Null),
                after: w.statement.clone(),
            })
        })
        .collect()
}

//! `okta-app`'s plan as text: each field it sets, before → after, as a person reads it.

use super::AppPlan;
use serde_json::Value;
use std::fmt::Write as _;

/// A value as one short line: strings quoted, a statement as `EXPRESSION user.email`.
/// A certificate list (`x5c`) as the console shows a certificate: its fingerprint and expiry,
/// not two thousand characters of base64.
fn certificates(x5c: &[Value]) -> String {
    x5c.iter()
        .map(|c| {
            let b64 = c.as_str().unwrap_or_default();
            match crate::cognito::certificates::describe(b64, false) {
                Some(i) => format!(
                    "certificate SHA-256 {} (valid until {})",
                    i.sha256, i.not_after
                ),
                None => format!("certificate ({} characters)", b64.len()),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn value(v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::Object(o) if o.get("x5c").and_then(Value::as_array).is_some() => {
            let mut shown = o.clone();
            let x5c = shown
                .remove("x5c")
                .and_then(|x| x.as_array().cloned())
                .unwrap_or_default();
            let rest = if shown.is_empty() {
                String::new()
            } else {
                format!(" {}", Value::Object(shown))
            };
            format!("{}{rest}", certificates(&x5c))
        }
        Value::Object(o) if o.contains_key("type") && o.contains_key("name") => {
            let kind = o.get("type").and_then(Value::as_str).unwrap_or("?");
            let what = match kind {
                "GROUP" => format!(
                    "groups {} {}",
                    o.get("filterType")
                        .and_then(Value::as_str)
                        .unwrap_or("(no filter)"),
                    o.get("filterValue").and_then(Value::as_str).unwrap_or("")
                ),
                _ => o
                    .get("values")
                    .and_then(Value::as_array)
                    .map(|vs| {
                        vs.iter()
                            .map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
            };
            format!("{kind} {}", what.trim_end())
        }
        other => other.to_string(),
    }
}

/// The plan, indented under a heading line naming the app and the org.
pub fn render(p: &AppPlan, dry_run: bool) -> String {
    let mut out = String::new();
    let will = if dry_run { "would" } else { "will" };
    let id = p
        .app_id
        .as_ref()
        .map(|id| format!(" ({id})"))
        .unwrap_or_default();
    let _ = writeln!(out, "Okta app \"{}\"{id} in {}", p.app_label, p.org_url);
    if p.creates() {
        let _ = writeln!(out, "  {will} create it with:");
    } else if !p.changes.is_empty() {
        let n = p.changes.len();
        let _ = writeln!(
            out,
            "  {will} change {n} field{}:",
            if n == 1 { "" } else { "s" }
        );
    }
    for c in &p.changes {
        let _ = writeln!(
            out,
            "    {}: {} → {}",
            c.field,
            value(&c.before),
            value(&c.after)
        );
    }
    if p.activate {
        let _ = writeln!(out, "  {will} activate the app");
    }
    for g in &p.assign_groups {
        let _ = writeln!(out, "  {will} assign the group \"{g}\"");
    }
    for person in &p.assign_people {
        let _ = writeln!(out, "  {will} assign \"{person}\"");
    }
    if p.writes_nothing() {
        let _ = writeln!(
            out,
            "  nothing to change: the app already matches the setup"
        );
    }
    out
}

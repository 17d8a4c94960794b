//! The SAML 2.0 app Okta should hold for this setup, and how it differs from the one it holds.
//! Pure: no HTTP here, so the exact JSON sent is testable on its own.

use crate::endpoints::Values;
use crate::okta_console::okta_expression;
use crate::setup::Setup;
use serde_json::{Map, Value, json};

pub const SAML_2_0: &str = "SAML_2_0";
const NS_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified";
const NS_URI: &str = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";

/// (setup value, Okta's `subjectNameIdFormat`).
pub const NAME_ID_FORMATS: [(&str, &str); 3] = [
    (
        "persistent",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    ),
    (
        "email",
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    ),
    (
        "unspecified",
        "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    ),
];

pub fn label(setup: &Setup) -> String {
    setup
        .okta
        .as_ref()
        .and_then(|o| o.app_label.clone())
        .unwrap_or_else(|| format!("Amazon Cognito {}", setup.user_pool_id))
}

fn name_id_format(setup: &Setup) -> &'static str {
    let wanted = setup
        .okta
        .as_ref()
        .and_then(|o| o.name_id_format.as_deref())
        .unwrap_or("persistent");
    NAME_ID_FORMATS
        .iter()
        .find(|(k, _)| *k == wanted)
        .map_or(NAME_ID_FORMATS[0].1, |(_, v)| v)
}

/// One statement per mapped attribute: Name = the SAML attribute Cognito maps, character for
/// character; Value = the Okta expression (`okta.attribute_values` first, else the default).
pub fn attribute_statements(setup: &Setup) -> Vec<Value> {
    let overrides = setup.okta.as_ref().map(|o| &o.attribute_values);
    setup
        .provider
        .attribute_mapping
        .iter()
        .map(|(pool_attr, saml)| {
            let value = overrides
                .and_then(|o| o.get(saml))
                .cloned()
                .unwrap_or_else(|| okta_expression(pool_attr));
            let namespace = if saml.contains("://") || saml.starts_with("urn:") {
                NS_URI
            } else {
                NS_UNSPECIFIED
            };
            json!({
                "type": "EXPRESSION",
                "name": saml,
                "namespace": namespace,
                "values": [value],
            })
        })
        .collect()
}

/// `settings.signOn` as the console's "Configure SAML" page would leave it for Cognito.
pub fn sign_on(setup: &Setup, values: &Values) -> Value {
    json!({
        "ssoAcsUrl": values.acs_url,
        "recipient": values.acs_url,
        "destination": values.acs_url,
        "audience": values.audience_uri,
        "subjectNameIdTemplate": "${user.userName}",
        "subjectNameIdFormat": name_id_format(setup),
        "responseSigned": true,
        "assertionSigned": true,
        "signatureAlgorithm": "RSA_SHA256",
        "digestAlgorithm": "SHA256",
        "honorForceAuthn": true,
        "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        "requestCompressed": false,
        "attributeStatements": attribute_statements(setup),
    })
}

/// The body of `POST /api/v1/apps`.
pub fn create_body(label: &str, sign_on: &Value) -> Value {
    json!({
        "label": label,
        "signOnMode": SAML_2_0,
        "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
        "settings": {"signOn": sign_on},
    })
}

/// Which of the fields we manage differ, as dotted names (`settings.signOn.audience`).
/// Okta adds keys of its own (ids, links, defaults); only what we would send is compared.
pub fn differences(app: &Value, label: &str, sign_on: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if app.get("label").and_then(Value::as_str) != Some(label) {
        out.push("label".to_string());
    }
    let actual = app.pointer("/settings/signOn");
    if let Some(wanted) = sign_on.as_object() {
        for (k, v) in wanted {
            if !contains(actual.and_then(|a| a.get(k)), v) {
                out.push(format!("settings.signOn.{k}"));
            }
        }
    }
    out
}

/// Whether `actual` holds everything in `wanted` (objects: each wanted key; lists: same
/// length, item by item).
fn contains(actual: Option<&Value>, wanted: &Value) -> bool {
    let Some(actual) = actual else { return false };
    match (actual, wanted) {
        (Value::Object(a), Value::Object(w)) => w.iter().all(|(k, v)| contains(a.get(k), v)),
        (Value::Array(a), Value::Array(w)) => {
            a.len() == w.len() && a.iter().zip(w).all(|(a, w)| contains(Some(a), w))
        }
        (a, w) => a == w,
    }
}

/// The body of `PUT /api/v1/apps/{id}`: Okta replaces the app with what it is sent, so the app
/// as read goes back whole with only our fields changed (the same rule as Cognito's client
/// update). Links and embedded objects are Okta's own and are not sent.
pub fn update_body(app: &Value, label: &str, sign_on: &Value) -> Value {
    let mut body = app.clone();
    let Some(obj) = body.as_object_mut() else {
        return create_body(label, sign_on);
    };
    obj.remove("_links");
    obj.remove("_embedded");
    obj.insert("label".into(), Value::String(label.to_string()));
    let settings = obj
        .entry("settings")
        .or_insert_with(|| Value::Object(Map::new()));
    if !settings.is_object() {
        *settings = Value::Object(Map::new());
    }
    let settings = settings.as_object_mut().expect("made an object above");
    let current = settings
        .entry("signOn")
        .or_insert_with(|| Value::Object(Map::new()));
    if !current.is_object() {
        *current = Value::Object(Map::new());
    }
    let current = current.as_object_mut().expect("made an object above");
    if let Some(wanted) = sign_on.as_object() {
        for (k, v) in wanted {
            current.insert(k.clone(), v.clone());
        }
    }
    body
}

/// `(id, label, status)` of an app object.
pub fn summary(app: &Value) -> (String, String, String) {
    let s = |k: &str| app.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    (s("id"), s("label"), s("status"))
}

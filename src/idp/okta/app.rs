//! The SAML 2.0 app Okta should hold for this setup, and what changes in the one it holds.
//! Pure: no HTTP here, so the exact JSON sent is testable on its own.
//!
//! `PUT /api/v1/apps/{id}` replaces the app, so an update sends the app back as read, with
//! only the fields this tool owns changed: the ACS and audience values, the signing choices,
//! and the attribute statements whose names the mapping uses. Every other statement, and an
//! existing app's NameID, stay exactly as the admin left them.

use super::cognito_side::{self, CognitoSide};
use super::statements;
use crate::endpoints::Values;
use crate::finding::Finding;
use crate::setup::Setup;
use serde::Serialize;
use serde_json::{Map, Value, json};

pub const SAML_2_0: &str = "SAML_2_0";

pub use crate::setup::okta_rules::NAME_ID_FORMATS;
/// What a new app gets: AWS advises a persistent NameID, and the Okta username never changes
/// for a person the way an email address may.
pub const RECOMMENDED_NAME_ID_TEMPLATE: &str = "${user.userName}";

/// Members of an app Okta's OpenAPI marks `readOnly`: Okta sets them, a request may not
/// send them (okta-management-openapi-spec 2026.06.3, `SamlApplication`).
const READ_ONLY: [&str; 14] = [
    "/_embedded",
    "/_links",
    "/created",
    "/expressConfiguration",
    "/features",
    "/id",
    "/lastUpdated",
    "/orn",
    "/status",
    "/universalLogout",
    "/name",
    "/credentials/signing/lastRotated",
    "/credentials/signing/nextRotation",
    "/settings/emOptInStatus",
];

/// One field `okta-app` changes in the app, as `plan` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Dotted, with a statement's name in brackets: `settings.signOn.attributeStatements["Email Id"]`.
    pub field: String,
    /// Null where there was none (a new app, a new statement).
    pub before: Value,
    pub after: Value,
}

pub fn label(setup: &Setup) -> String {
    setup
        .okta
        .as_ref()
        .and_then(|o| o.app_label.clone())
        .unwrap_or_else(|| format!("Amazon Cognito {}", setup.user_pool_id))
}

fn explicit_name_id_format(setup: &Setup) -> Option<&'static str> {
    let wanted = setup.okta.as_ref()?.name_id_format.as_deref()?;
    NAME_ID_FORMATS
        .iter()
        .find(|(k, _)| *k == wanted)
        .map(|(_, v)| *v)
}

/// The `settings.signOn` members this tool owns, besides NameID and statements: what the
/// console's "Configure SAML" page would leave for Cognito. The first five are the members
/// Okta's schema requires.
pub fn owned_sign_on(values: &Values) -> Map<String, Value> {
    let v = json!({
        "allowMultipleAcsEndpoints": false,
        "assertionSigned": true,
        "honorForceAuthn": true,
        "requestCompressed": false,
        "responseSigned": true,
        "ssoAcsUrl": values.acs_url,
        "recipient": values.acs_url,
        "destination": values.acs_url,
        "audience": values.audience_uri,
        "signatureAlgorithm": "RSA_SHA256",
        "digestAlgorithm": "SHA256",
        "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    });
    v.as_object().cloned().unwrap_or_default()
}

/// The body of `POST /api/v1/apps`.
pub fn create_body(setup: &Setup, values: &Values, side: &CognitoSide) -> Value {
    let mut sign_on = owned_sign_on(values);
    sign_on.extend(cognito_side::sign_on_members(setup, values, side).0);
    sign_on.insert(
        "subjectNameIdTemplate".into(),
        json!(RECOMMENDED_NAME_ID_TEMPLATE),
    );
    sign_on.insert(
        "subjectNameIdFormat".into(),
        json!(explicit_name_id_format(setup).unwrap_or(NAME_ID_FORMATS[0].1)),
    );
    sign_on.insert(
        "attributeStatements".into(),
        Value::Array(statements::merge(&[], &statements::wanted(setup))),
    );
    json!({
        "label": label(setup),
        "signOnMode": SAML_2_0,
        "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
        "settings": {"signOn": sign_on},
    })
}

/// An app as read, made fit to send back: without what Okta marks read-only and without
/// nulls (Okta reads an absent member and a null one alike; its schema admits no null here).
pub fn sendable(app: &Value) -> Value {
    let mut body = app.clone();
    for pointer in READ_ONLY {
        let (parent, key) = pointer.rsplit_once('/').expect("pointers start with /");
        if let Some(Value::Object(o)) = body.pointer_mut(parent) {
            o.remove(key);
        }
    }
    drop_nulls(&mut body);
    body
}

fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.retain(|_, x| !x.is_null());
            o.values_mut().for_each(drop_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// What an update sends, what it changes, and the warnings about what it keeps.
#[derive(Debug, Clone)]
pub struct Update {
    pub body: Value,
    pub changes: Vec<FieldChange>,
    pub warnings: Vec<Finding>,
}

/// The body of `PUT /api/v1/apps/{id}` for the app as read.
pub fn update(app: &Value, setup: &Setup, values: &Values, side: &CognitoSide) -> Update {
    let mut body = sendable(app);
    let mut changes = Vec::new();
    let mut warnings = Vec::new();
    let Some(obj) = body.as_object_mut() else {
        return Update {
            body: create_body(setup, values, side),
            changes,
            warnings,
        };
    };
    let wanted_label = label(setup);
    note(
        &mut changes,
        "label",
        obj.get("label"),
        &json!(wanted_label),
    );
    obj.insert("label".into(), json!(wanted_label));
    let sign_on = object_at(obj, "settings").and_then(|s| object_at(s, "signOn"));
    let Some(sign_on) = sign_on else {
        return Update {
            body: create_body(setup, values, side),
            changes,
            warnings,
        };
    };
    let (options, missing) = cognito_side::sign_on_members(setup, values, side);
    warnings.extend(missing);
    let mut owned = owned_sign_on(values);
    owned.extend(options);
    if let Some(off) = cognito_side::unwanted_encryption(setup, sign_on.get("assertionEncryption"))
    {
        owned.insert("assertionEncryption".into(), off);
    }
    for (k, v) in owned {
        note(
            &mut changes,
            &format!("settings.signOn.{k}"),
            sign_on.get(&k),
            &v,
        );
        sign_on.insert(k, v);
    }
    name_id(sign_on, setup, &mut changes, &mut warnings);
    let current: Vec<Value> = sign_on
        .get("attributeStatements")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let wanted = statements::wanted(setup);
    changes.extend(statements::changes(&current, &wanted));
    sign_on.insert(
        "attributeStatements".into(),
        Value::Array(statements::merge(&current, &wanted)),
    );
    Update {
        body,
        changes,
        warnings,
    }
}

/// The NameID of an app in use is who each person is to Cognito: it is kept unless the setup
/// asks for a format, and a difference from the recommendation is said out loud.
fn name_id(
    sign_on: &mut Map<String, Value>,
    setup: &Setup,
    changes: &mut Vec<FieldChange>,
    warnings: &mut Vec<Finding>,
) {
    let text = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_str).map(String::from);
    let (template, format) = (
        text(sign_on, "subjectNameIdTemplate"),
        text(sign_on, "subjectNameIdFormat"),
    );
    if let Some(wanted) = explicit_name_id_format(setup) {
        for (k, v) in [
            ("subjectNameIdTemplate", RECOMMENDED_NAME_ID_TEMPLATE),
            ("subjectNameIdFormat", wanted),
        ] {
            note(
                changes,
                &format!("settings.signOn.{k}"),
                sign_on.get(k),
                &json!(v),
            );
            sign_on.insert(k.into(), json!(v));
        }
        if template.is_some() && template.as_deref() != Some(RECOMMENDED_NAME_ID_TEMPLATE)
            || format.is_some() && format.as_deref() != Some(wanted)
        {
            warnings.push(Finding::warning(
                crate::finding::codes::OKTA_NAME_ID_CHANGED,
                format!(
                    "okta.name_id_format changes the app's NameID from {} / {} to {RECOMMENDED_NAME_ID_TEMPLATE} / {wanted}",
                    template.as_deref().unwrap_or("(none)"),
                    format.as_deref().unwrap_or("(none)"),
                ),
                "Everyone who signed in before becomes a new user in Cognito (their old profile, groups and links stay with the old NameID): do it before the app is in use, or remove okta.name_id_format to keep the NameID.",
            ));
        }
        return;
    }
    match (&template, &format) {
        (Some(t), Some(f)) => {
            let recommended = NAME_ID_FORMATS[0].1;
            if t != RECOMMENDED_NAME_ID_TEMPLATE || f != recommended {
                warnings.push(Finding::warning(
                    crate::finding::codes::OKTA_NAME_ID_KEPT,
                    format!(
                        "the Okta app's NameID is {t} / {f}; this tool would choose {RECOMMENDED_NAME_ID_TEMPLATE} / {recommended}, but keeps the app's"
                    ),
                    "Changing the NameID of an app in use makes every federated user new to Cognito. To change it anyway, set okta.name_id_format (persistent, email or unspecified) in the setup file.",
                ));
            }
        }
        _ => {
            // An app with no NameID at all cannot sign anyone in; it gets the recommendation.
            for (k, v) in [
                ("subjectNameIdTemplate", RECOMMENDED_NAME_ID_TEMPLATE),
                ("subjectNameIdFormat", NAME_ID_FORMATS[0].1),
            ] {
                if sign_on.get(k).and_then(Value::as_str).is_none() {
                    note(changes, &format!("settings.signOn.{k}"), None, &json!(v));
                    sign_on.insert(k.into(), json!(v));
                }
            }
        }
    }
}

fn object_at<'a>(obj: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    let v = obj.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    v.as_object_mut()
}

fn note(changes: &mut Vec<FieldChange>, field: &str, before: Option<&Value>, after: &Value) {
    if before != Some(after) {
        changes.push(FieldChange {
            field: field.to_string(),
            before: before.cloned().unwrap_or(Value::Null),
            after: after.clone(),
        });
    }
}

/// Every field a new app gets, as changes from nothing (for `--dry-run` of a create).
pub fn creation_changes(body: &Value) -> Vec<FieldChange> {
    let mut out = vec![FieldChange {
        field: "label".into(),
        before: Value::Null,
        after: body["label"].clone(),
    }];
    if let Some(sign_on) = body.pointer("/settings/signOn").and_then(Value::as_object) {
        for (k, v) in sign_on {
            if k == "attributeStatements" {
                for s in v.as_array().into_iter().flatten() {
                    out.push(FieldChange {
                        field: format!(
                            "settings.signOn.attributeStatements[{}]",
                            s.get("name").cloned().unwrap_or(Value::Null)
                        ),
                        before: Value::Null,
                        after: s.clone(),
                    });
                }
            } else {
                out.push(FieldChange {
                    field: format!("settings.signOn.{k}"),
                    before: Value::Null,
                    after: v.clone(),
                });
            }
        }
    }
    out
}

/// `(id, label, status)` of an app object.
pub fn summary(app: &Value) -> (String, String, String) {
    let s = |k: &str| app.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    (s("id"), s("label"), s("status"))
}

//! The doctor's look at the Okta side, when an Okta API token is set: the values the report
//! otherwise asks the admin to double-check by hand (Audience URI, Single sign-on URL,
//! attribute statements, assignments) are read from the Okta app and compared. Read-only:
//! GET requests only.

use crate::endpoints::Values;
use crate::finding::Finding;
use crate::okta::api::Api;
use crate::okta::app::SAML_2_0;
use crate::okta::assign;
use serde_json::Value;
use std::collections::BTreeMap;

/// What the doctor read from Okta.
#[derive(Debug, Clone, PartialEq)]
pub struct OktaApp {
    pub id: String,
    pub label: String,
    pub status: String,
    pub sign_on_mode: String,
    /// `settings.signOn` as Okta holds it.
    pub sign_on: Value,
    pub anyone_assigned: bool,
}

/// The app id to read: the setup's `okta.app_id`, else the one in an Okta metadata URL on
/// the org (`https://<org>/app/<id>/sso/saml/metadata`) when it is an app id (`0oa…`; the
/// console's `exk…` key cannot be looked up).
pub fn app_id(
    setup_app_id: Option<&str>,
    metadata_url: Option<&str>,
    org_url: &str,
) -> Option<String> {
    if let Some(id) = setup_app_id {
        return Some(id.to_string());
    }
    let rest = metadata_url?.strip_prefix(org_url)?;
    let id = rest
        .strip_prefix("/app/")?
        .strip_suffix("/sso/saml/metadata")?;
    (id.starts_with("0oa") && id.chars().all(|c| c.is_ascii_alphanumeric())).then(|| id.to_string())
}

pub async fn read(api: &Api, id: &str) -> Result<OktaApp, Finding> {
    let app = api
        .get(&format!("/api/v1/apps/{id}"), "read the Okta app")
        .await?
        .ok_or_else(|| {
            Finding::error(
                "okta-app-not-found",
                format!(
                    "the Okta app {id} is not in {}",
                    api.credentials().org_host()
                ),
                "Correct okta.app_id in the setup file (or the Metadata URL the provider uses).",
            )
        })?;
    let text = |k: &str| app.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let anyone_assigned = assign::anyone_assigned(api, id).await?;
    Ok(OktaApp {
        id: id.to_string(),
        label: text("label"),
        status: text("status"),
        sign_on_mode: text("signOnMode"),
        sign_on: app
            .pointer("/settings/signOn")
            .cloned()
            .unwrap_or(Value::Null),
        anyone_assigned,
    })
}

fn field<'a>(sign_on: &'a Value, key: &str) -> &'a str {
    sign_on.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The Okta side could not be read: a gap in the check, not a fault in the federation.
pub fn skipped(why: &Finding) -> Finding {
    Finding::warning(
        "okta-check-skipped",
        format!("the Okta app was not checked: {}", why.message),
        why.fix.clone(),
    )
}

/// Pure: the Okta app against the values Cognito expects and the provider's mapping.
pub fn checks(
    app: &OktaApp,
    values: Option<&Values>,
    mapping: &BTreeMap<String, String>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = format!("Okta app \"{}\" ({})", app.label, app.id);
    let rerun = "`okta-cognito okta-app --config FILE` sets it, or edit it in the Okta console (app → General → SAML Settings → Edit).";
    if app.sign_on_mode != SAML_2_0 {
        out.push(Finding::error(
            "okta-app-not-saml",
            format!("{name} signs in with {}, not SAML 2.0", app.sign_on_mode),
            "Point the provider at the SAML 2.0 app's metadata, or set okta.app_id to it.",
        ));
        return out;
    }
    if app.status != "ACTIVE" {
        out.push(Finding::error(
            "okta-app-inactive",
            format!("{name} is {}, so Okta refuses every sign-in through it", app.status),
            "Activate it (Okta console: app → General → Activate; `okta-cognito okta-app` does it too).",
        ));
    }
    if let Some(v) = values {
        let audience = field(&app.sign_on, "audience");
        if audience != v.audience_uri {
            out.push(Finding::error(
                "okta-audience-mismatch",
                format!(
                    "{name} has Audience URI \"{audience}\", but Cognito expects \"{}\"",
                    v.audience_uri
                ),
                rerun,
            ));
        }
        let wrong: Vec<String> = ["ssoAcsUrl", "recipient", "destination"]
            .into_iter()
            .filter(|k| field(&app.sign_on, k) != v.acs_url)
            .map(|k| format!("{k} = \"{}\"", field(&app.sign_on, k)))
            .collect();
        if !wrong.is_empty() {
            out.push(Finding::error(
                "okta-acs-mismatch",
                format!(
                    "{name} sends the SAML response elsewhere ({}); Cognito's ACS URL is {}",
                    wrong.join(", "),
                    v.acs_url
                ),
                rerun,
            ));
        }
    }
    let sent: Vec<&str> = app
        .sign_on
        .get("attributeStatements")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("name").and_then(Value::as_str))
        .collect();
    for (pool_attr, saml) in mapping {
        if !sent.contains(&saml.as_str()) {
            out.push(Finding::warning(
                "okta-attribute-statement-missing",
                format!(
                    "{name} has no attribute statement named \"{saml}\", which the provider maps to {pool_attr}"
                ),
                "Add the statement (Name exactly as mapped) in the app's SAML settings, or run `okta-cognito okta-app`. Orgs with \"SAML Attributes\" on the Sign On tab keep them there, where this check cannot see them.",
            ));
        }
    }
    if !app.anyone_assigned {
        out.push(assign::nobody_assigned(&name));
    }
    out
}

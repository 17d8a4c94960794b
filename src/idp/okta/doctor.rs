//! The doctor's look at the Okta side, when an Okta API token is set: the values the report
//! otherwise asks the admin to double-check by hand (Audience URI, Single sign-on URL,
//! attribute statements, assignments) are read from the Okta app and compared. Read-only:
//! GET requests only.

use crate::endpoints::Values;
use crate::finding::Finding;
use crate::idp::okta::api::{Api, PAGE_SIZE};
use crate::idp::okta::app::SAML_2_0;
use crate::idp::okta::assign;
use crate::idp::okta::metadata_url::{self, Address};
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
    /// The app's public Metadata URL, from its metadata (None for an app that is not SAML).
    pub metadata_url: Option<String>,
}

/// How the doctor finds the Okta app behind the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRef {
    Id(String),
    /// The app's `name` (`acme_cognito_1`), read from the metadata's sign-on URL when the
    /// provider uses the console's Metadata URL, which carries only the external key.
    Name(String),
}

/// Which app to read: the setup's `okta.app_id`; else the app in the provider's Metadata URL
/// on this org: its id in the API's preview form (`/api/v1/apps/<0oa…>/sso/saml/metadata`) or
/// the id-in-place-of-key form; for the console form (`/app/<exk…>/sso/saml/metadata`), the
/// app name in the metadata's sign-on URL (`/app/<name>/<exk…>/sso/saml`).
pub fn app_ref(
    setup_app_id: Option<&str>,
    metadata_url: Option<&str>,
    sso_location: Option<&str>,
    org_url: &str,
) -> Option<AppRef> {
    if let Some(id) = setup_app_id {
        return Some(AppRef::Id(id.to_string()));
    }
    let address = metadata_url::classify(metadata_url?)?;
    if address.org_url() != org_url {
        return None;
    }
    if let Some(id) = address.app_id() {
        return Some(AppRef::Id(id.to_string()));
    }
    let Address::Public { external_key, .. } = &address else {
        return None;
    };
    let u = url::Url::parse(sso_location?).ok()?;
    let segments: Vec<&str> = u.path_segments()?.collect();
    match segments.as_slice() {
        ["app", name, key, "sso", "saml"] if key == external_key && !name.is_empty() => {
            Some(AppRef::Name(name.to_string()))
        }
        _ => None,
    }
}

/// `app_ref`, with the sign-on URL taken from the provider's metadata (its redirect binding,
/// else its first).
pub fn app_ref_from_metadata(
    setup_app_id: Option<&str>,
    metadata_url: Option<&str>,
    metadata: Option<&crate::saml::Report>,
    org_url: &str,
) -> Option<AppRef> {
    let sso = metadata
        .and_then(|r| r.redirect_sso().or(r.sso.first()))
        .map(|e| e.location.as_str());
    app_ref(setup_app_id, metadata_url, sso, org_url)
}

/// The app id for `r`: itself, or the one SAML app whose `name` it is.
async fn find_id(api: &Api, r: &AppRef) -> Result<String, Finding> {
    let name = match r {
        AppRef::Id(id) => return Ok(id.clone()),
        AppRef::Name(n) => n,
    };
    let apps = api
        .list(
            "/api/v1/apps",
            &[("q", name.as_str()), ("limit", PAGE_SIZE)],
            "look up the app named in the metadata",
        )
        .await?;
    apps.iter()
        .find(|a| a.get("name").and_then(Value::as_str) == Some(name.as_str()))
        .and_then(|a| a.get("id").and_then(Value::as_str))
        .map(String::from)
        .ok_or_else(|| {
            Finding::error(
                crate::finding::codes::OKTA_APP_NOT_FOUND,
                format!(
                    "no app named \"{name}\" (from the metadata's sign-on URL) is in {}",
                    api.credentials().org_host()
                ),
                "The provider's metadata may come from another org: check okta.org_url, or set okta.app_id.",
            )
        })
}

/// The app `r` names, as the API returns it, with its id.
pub async fn read_app(api: &Api, r: &AppRef) -> Result<(String, Value), Finding> {
    let id = find_id(api, r).await?;
    let app = api
        .get(&format!("/api/v1/apps/{id}"), "read the Okta app")
        .await?
        .ok_or_else(|| {
            Finding::error(
                crate::finding::codes::OKTA_APP_NOT_FOUND,
                format!(
                    "the Okta app {id} is not in {}",
                    api.credentials().org_host()
                ),
                "Correct okta.app_id in the setup file (or the Metadata URL the provider uses).",
            )
        })?;
    Ok((id, app))
}

pub async fn read(api: &Api, r: &AppRef) -> Result<OktaApp, Finding> {
    let (id, app) = read_app(api, r).await?;
    let id = id.as_str();
    let text = |k: &str| app.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let saml = text("signOnMode") == SAML_2_0;
    let (anyone_assigned, public_url) = tokio::join!(assign::anyone_assigned(api, id), async {
        if saml {
            metadata_url::resolve(api, &app).await.map(Some)
        } else {
            Ok(None)
        }
    });
    let anyone_assigned = anyone_assigned?;
    let metadata_url = public_url?;
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
        metadata_url,
    })
}

fn field<'a>(sign_on: &'a Value, key: &str) -> &'a str {
    sign_on.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The Okta side could not be read: a gap in the check, not a fault in the federation.
pub fn skipped(why: &Finding) -> Finding {
    Finding::warning(
        crate::finding::codes::OKTA_CHECK_SKIPPED,
        format!("the Okta app was not checked: {}", why.message),
        why.fix.clone(),
    )
}

/// Pure: the Okta app against the values Cognito expects and the provider's mapping.
pub fn checks(
    app: &OktaApp,
    values: Option<&Values>,
    mapping: &BTreeMap<String, String>,
    provider_metadata_url: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = format!("Okta app \"{}\" ({})", app.label, app.id);
    let rerun = "`okta-cognito okta-app --config FILE` sets it, or edit it in the Okta console (app → General → SAML Settings → Edit).";
    if app.sign_on_mode != SAML_2_0 {
        out.push(Finding::error(
            crate::finding::codes::OKTA_APP_NOT_SAML,
            format!("{name} signs in with {}, not SAML 2.0", app.sign_on_mode),
            "Point the provider at the SAML 2.0 app's metadata, or set okta.app_id to it.",
        ));
        return out;
    }
    if app.status != "ACTIVE" {
        out.push(Finding::error(
            crate::finding::codes::OKTA_APP_INACTIVE,
            format!("{name} is {}, so Okta refuses every sign-in through it", app.status),
            "Activate it (Okta console: app → General → Activate; `okta-cognito okta-app` does it too).",
        ));
    }
    if let Some(v) = values {
        let audience = field(&app.sign_on, "audience");
        if audience != v.audience_uri {
            out.push(Finding::error(
                crate::finding::codes::OKTA_AUDIENCE_MISMATCH,
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
                crate::finding::codes::OKTA_ACS_MISMATCH,
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
                crate::finding::codes::OKTA_ATTRIBUTE_STATEMENT_MISSING,
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
    if let (Some(public), Some(used)) = (&app.metadata_url, provider_metadata_url)
        && metadata_url::unusable_form("MetadataURL", used).is_some()
    {
        out.push(Finding::error(
            crate::finding::codes::OKTA_METADATA_URL_NOT_PUBLIC,
            format!("the provider reads {name}'s metadata at {used}, which Cognito cannot fetch; the app's public Metadata URL is {public}"),
            format!("Set provider.metadata_url = \"{public}\" and run `okta-cognito apply`."),
        ));
    }
    out
}

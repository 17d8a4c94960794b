//! An app's sign-in page, at the SSO URL its metadata names: where the hosted UI sends the
//! browser with a SAML request. Okta would ask for a password; a rehearsal instead lets the
//! admin choose the person and edit what Okta sends (each attribute statement, evaluated for
//! that person as Okta evaluates the simple `user.<field>` expressions). Then, as Okta's
//! HTTP-POST binding does, it answers with a self-posting form to the app's configured
//! Single sign-on URL, whatever the request asked for: a wrong ACS or Audience in the Okta app
//! fails at Cognito as it would for real.
//!
//! The response is SAML as Okta's is (`saml_response.rs`): signed with the app's own key, and
//! encrypted to Cognito's certificate when the app's Assertion Encryption is on. The page also
//! works as the app's tile: without a SAML request it answers none, with the app's Default
//! RelayState. A person named who is not in this org cannot sign in here.

use super::Inner;
use crate::rehearse::html::{escape, page};
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

/// The field names of the sign-in form; attribute fields are `attr.<statement name>`.
const PERSON: &str = "person";
const ATTRIBUTE_PREFIX: &str = "attr.";

fn form(s: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(s.as_bytes())
        .into_owned()
        .collect()
}

fn okta_error(status: StatusCode, title: &str, detail: &str) -> Response {
    (
        status,
        Html(page(
            "Okta (rehearsal)",
            &format!("<h1>{}</h1><p>{}</p>", escape(title), escape(detail)),
        )),
    )
        .into_response()
}

/// `name/exk…` from the path: the app whose external key it carries.
fn app_of<'a>(i: &'a Inner, app_path: &str) -> Option<&'a Value> {
    let key = app_path.rsplit('/').next()?;
    let (id, _) = i.external_keys.iter().find(|(_, k)| k.as_str() == key)?;
    i.apps.iter().find(|a| a["id"] == json!(id))
}

fn is_assigned(i: &Inner, app_id: &str, user_id: &str) -> bool {
    if i.app_users
        .get(app_id)
        .is_some_and(|u| u.iter().any(|x| x == user_id))
    {
        return true;
    }
    i.app_groups.get(app_id).into_iter().flatten().any(|g| {
        let everyone = i
            .groups
            .iter()
            .any(|x| x["id"] == json!(g) && x["type"] == json!("BUILT_IN"));
        everyone
            || i.members
                .get(g)
                .is_some_and(|m| m.iter().any(|x| x == user_id))
    })
}

fn group_names_of(i: &Inner, user_id: &str) -> Vec<String> {
    i.groups
        .iter()
        .filter(|g| {
            g["type"] == json!("BUILT_IN")
                || g["id"]
                    .as_str()
                    .and_then(|id| i.members.get(id))
                    .is_some_and(|m| m.iter().any(|x| x == user_id))
        })
        .filter_map(|g| g["profile"]["name"].as_str().map(String::from))
        .collect()
}

/// A statement's value for this person: `user.<field>` is the profile field, a quoted string
/// is itself; any other expression is not evaluated here and starts empty (the admin types it).
fn evaluate(expression: &str, profile: &Value) -> String {
    let e = expression.trim();
    if let Some(field) = e.strip_prefix("user.") {
        return profile[field].as_str().unwrap_or("").to_string();
    }
    if e.len() >= 2 && e.starts_with('"') && e.ends_with('"') {
        return e[1..e.len() - 1].to_string();
    }
    String::new()
}

fn group_filter_matches(statement: &Value, group: &str) -> bool {
    let value = statement["filterValue"].as_str().unwrap_or("");
    match statement["filterType"].as_str().unwrap_or("") {
        "STARTS_WITH" => group.starts_with(value),
        "EQUALS" => group == value,
        "CONTAINS" => group.contains(value),
        "REGEX" => {
            regex_lite::Regex::new(&format!("^(?:{value})$")).is_ok_and(|r| r.is_match(group))
        }
        _ => false,
    }
}

/// Each attribute statement's name and the value Okta would send for this person.
fn statements_for(i: &Inner, app: &Value, user: &Value) -> Vec<(String, String)> {
    let user_id = user["id"].as_str().unwrap_or("");
    let Some(list) = app["settings"]["signOn"]["attributeStatements"].as_array() else {
        return vec![];
    };
    list.iter()
        .filter_map(|s| {
            let name = s["name"].as_str()?.to_string();
            let value = if s["type"] == json!("GROUP") {
                group_names_of(i, user_id)
                    .into_iter()
                    .filter(|g| group_filter_matches(s, g))
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                s["values"]
                    .as_array()
                    .and_then(|v| v.first())
                    .and_then(Value::as_str)
                    .map(|e| evaluate(e, &user["profile"]))
                    .unwrap_or_default()
            };
            Some((name, value))
        })
        .collect()
}

/// What Okta puts in the NameID: the app's user name, from its template.
fn name_id(app: &Value, user: &Value) -> String {
    let template = app["credentials"]["userNameTemplate"]["template"]
        .as_str()
        .unwrap_or("${source.login}");
    let field = if template.contains("email") {
        "email"
    } else {
        "login"
    };
    user["profile"][field].as_str().unwrap_or("").to_string()
}

fn find_user<'a>(i: &'a Inner, login: &str) -> Option<&'a Value> {
    i.users
        .iter()
        .find(|u| u["profile"]["login"].as_str() == Some(login))
}

pub(super) fn answer(
    i: &mut Inner,
    method: &Method,
    app_path: &str,
    query: &str,
    body: &[u8],
) -> Response {
    let Some(app) = app_of(i, app_path) else {
        return okta_error(
            StatusCode::NOT_FOUND,
            "404 — page not found",
            "No app in this org has that sign-on URL: the provider's metadata belongs to another (or a deleted) Okta app.",
        );
    };
    let label = app["label"].as_str().unwrap_or("the app");
    if app["status"] == json!("INACTIVE") {
        return okta_error(
            StatusCode::FORBIDDEN,
            "App not active",
            &format!("{label} is deactivated in Okta (Applications → the app → Activate)."),
        );
    }
    let fields = if *method == Method::POST {
        form(&String::from_utf8_lossy(body))
    } else {
        form(query)
    };
    let raw = if *method == Method::POST {
        String::new()
    } else {
        query.to_string()
    };
    let request = match super::saml_request::check(i, &app.clone(), &raw, &fields) {
        Ok(r) => r,
        Err((title, detail)) => return okta_error(StatusCode::BAD_REQUEST, title, &detail),
    };
    let i = &*i;
    let Some(app) = app_of(i, app_path) else {
        return okta_error(StatusCode::NOT_FOUND, "404 — page not found", "");
    };
    let app_id = app["id"].as_str().unwrap_or("");
    let assigned: Vec<&Value> = i
        .users
        .iter()
        .filter(|u| is_assigned(i, app_id, u["id"].as_str().unwrap_or("")))
        .collect();
    // A person named who is not in this org cannot sign in here, as at Okta: each
    // customer's org has its own people.
    let chosen = match fields.get(PERSON) {
        Some(login) => match find_user(i, login) {
            Some(u) => Some(u),
            None => {
                return okta_error(
                    StatusCode::OK,
                    "Unable to sign in",
                    &format!("{login} is not a person in this Okta org."),
                );
            }
        },
        None => assigned.first().copied().or_else(|| i.users.first()),
    };
    let Some(user) = chosen else {
        return okta_error(
            StatusCode::OK,
            "No people in this org",
            "The rehearsal's Okta org has nobody to sign in as.",
        );
    };
    if *method == Method::POST {
        return post_assertion(i, app, user, &fields, request.map(|r| r.id));
    }
    chooser(i, app, user, &assigned, &fields, app_path)
}

fn chooser(
    i: &Inner,
    app: &Value,
    user: &Value,
    assigned: &[&Value],
    fields: &HashMap<String, String>,
    app_path: &str,
) -> Response {
    let label = app["label"].as_str().unwrap_or("");
    let keep = |name: &str| {
        fields
            .get(name)
            .map(|v| {
                format!(
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                    escape(name),
                    escape(v)
                )
            })
            .unwrap_or_default()
    };
    let people: String = i
        .users
        .iter()
        .map(|u| {
            let login = u["profile"]["login"].as_str().unwrap_or("");
            let mut q: BTreeMap<&str, &str> = BTreeMap::new();
            for k in ["SAMLRequest", "RelayState"] {
                if let Some(v) = fields.get(k) {
                    q.insert(k, v);
                }
            }
            q.insert(PERSON, login);
            let href = format!(
                "/app/{app_path}/sso/saml?{}",
                url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(q)
                    .finish()
            );
            let note = if assigned.iter().any(|a| a["id"] == u["id"]) {
                ""
            } else {
                " (not assigned to this app)"
            };
            format!(
                "<li><a href=\"{}\">{}</a>{note}</li>",
                escape(&href),
                escape(login)
            )
        })
        .collect();
    let login = user["profile"]["login"].as_str().unwrap_or("");
    let attributes: String = statements_for(i, app, user)
        .iter()
        .map(|(name, value)| {
            format!(
                "<p><label>{} <input type=\"text\" name=\"{}\" value=\"{}\"></label></p>",
                escape(name),
                escape(&format!("{ATTRIBUTE_PREFIX}{name}")),
                escape(value)
            )
        })
        .collect();
    let statements_note = if attributes.is_empty() {
        "<p>This app has no attribute statements: Okta sends only the NameID.</p>"
    } else {
        ""
    };
    let body = format!(
        "<p class=\"rehearsal\">REHEARSAL — a local Okta org on this machine; no real Okta is involved.</p>\
         <h1>Sign in to {label}</h1>\
         <p>Choose the person (Okta would ask for their password):</p><ul>{people}</ul>\
         <form method=\"post\" action=\"/app/{path}/sso/saml\">\
         <input type=\"hidden\" name=\"{PERSON}\" value=\"{login}\">{request}{relay}\
         <p>Signing in as <b>{login}</b>. What Okta sends (edit a value to rehearse a changed profile):</p>\
         {attributes}{statements_note}\
         <p><button type=\"submit\">Sign in</button></p></form>",
        label = escape(label),
        path = escape(app_path),
        login = escape(login),
        request = keep("SAMLRequest"),
        relay = keep("RelayState"),
    );
    Html(page("Okta sign-in (rehearsal)", &body)).into_response()
}

fn post_assertion(
    i: &Inner,
    app: &Value,
    user: &Value,
    fields: &HashMap<String, String>,
    request_id: Option<String>,
) -> Response {
    let label = app["label"].as_str().unwrap_or("the app");
    let app_id = app["id"].as_str().unwrap_or("");
    let user_id = user["id"].as_str().unwrap_or("");
    if !is_assigned(i, app_id, user_id) {
        return okta_error(
            StatusCode::FORBIDDEN,
            "You are not assigned this app",
            &format!(
                "Sorry, you can't access {label} because you are not assigned this app in Okta. (Assign the person or a group: Applications → {label} → Assignments, or `okta-cognito okta-app` with [okta] groups.)"
            ),
        );
    }
    let sign_on = &app["settings"]["signOn"];
    let Some(acs) = sign_on["ssoAcsUrl"].as_str().filter(|s| !s.is_empty()) else {
        return okta_error(
            StatusCode::BAD_REQUEST,
            "The app has no Single sign-on URL",
            "Set it in Okta (General → SAML Settings → Single sign-on URL) to the ACS URL `okta-cognito values` prints.",
        );
    };
    let destination = sign_on["destinationOverride"]
        .as_str()
        .filter(|s| !s.is_empty())
        .unwrap_or(acs);
    let mut attributes = serde_json::Map::new();
    for (name, value) in fields {
        if let Some(n) = name.strip_prefix(ATTRIBUTE_PREFIX) {
            attributes.insert(n.to_string(), json!(value));
        }
    }
    let attributes: BTreeMap<String, String> = attributes
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or("").to_string()))
        .collect();
    let Some(key) = super::OktaOrg::active_key(i, app_id) else {
        return okta_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The app has no signing key",
            "Its credentials.signing.kid names no key of this org: activate one (Sign On tab → SAML Signing Certificates).",
        );
    };
    let issuer = issuer_of(i, app_id, &key_of(i, app_id));
    let facts = super::saml_response::Facts {
        issuer: &issuer,
        destination,
        audience: sign_on["audience"].as_str().unwrap_or(""),
        in_response_to: request_id.as_deref(),
        name_id: &name_id(app, user),
        name_id_format: sign_on["subjectNameIdFormat"]
            .as_str()
            .unwrap_or("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"),
        attributes: &attributes,
        sign_assertion: sign_on["assertionSigned"].as_bool().unwrap_or(true),
        sign_response: sign_on["responseSigned"].as_bool().unwrap_or(true),
        encrypt_for: (sign_on["assertionEncryption"]["enabled"] == json!(true))
            .then(|| sign_on["assertionEncryption"]["x5c"][0].as_str())
            .flatten()
            .and_then(|b64| STANDARD.decode(b64.trim()).ok()),
    };
    let xml = match super::saml_response::response(&facts, &key) {
        Ok(x) => x,
        Err(e) => {
            return okta_error(StatusCode::INTERNAL_SERVER_ERROR, "Signing failed", &e);
        }
    };
    let encoded = STANDARD.encode(xml);
    let post_to = rerouted(acs, i.reroute_to.as_deref());
    // From the tile (no request to answer), Okta sends the app's Default RelayState.
    let relay = fields
        .get("RelayState")
        .cloned()
        .or_else(|| sign_on["defaultRelayState"].as_str().map(String::from))
        .unwrap_or_default();
    let body = format!(
        "<p class=\"rehearsal\">REHEARSAL — Okta posts the SAML response to the app's Single sign-on URL.</p>\
         <form method=\"post\" action=\"{acs}\">\
         <input type=\"hidden\" name=\"SAMLResponse\" value=\"{encoded}\">\
         <input type=\"hidden\" name=\"RelayState\" value=\"{relay}\">\
         <button type=\"submit\">Continue</button></form>\
         <script>document.forms[0].submit()</script>",
        acs = escape(&post_to),
        relay = escape(&relay),
    );
    Html(page("Okta (rehearsal)", &body)).into_response()
}

/// Every SingleSignOnService Location in `xml` replaced by `sso`: the customer's document,
/// signing in here.
pub(super) fn pointed_here(xml: &str, sso: &str) -> String {
    let Ok(re) = regex_lite::Regex::new(
        r#"(<(?:[A-Za-z0-9_]+:)?SingleSignOnService\b[^>]*?\bLocation=")[^"]*(")"#,
    ) else {
        return xml.to_string();
    };
    re.replace_all(xml, |c: &regex_lite::Captures| {
        format!("{}{}{}", &c[1], sso, &c[2])
    })
    .into_owned()
}

fn key_of(i: &Inner, app_id: &str) -> String {
    i.external_keys.get(app_id).cloned().unwrap_or_default()
}

/// The Issuer Okta puts in the response: the entityID of the metadata the app serves.
fn issuer_of(i: &Inner, app_id: &str, key: &str) -> String {
    i.own_metadata
        .get(app_id)
        .and_then(|xml| {
            crate::saml::metadata::inspect(
                xml.as_bytes(),
                None,
                None,
                time::OffsetDateTime::now_utc(),
            )
            .entity_id
        })
        .unwrap_or_else(|| format!("http://www.okta.com/{key}"))
}

/// The URL the browser posts to: `acs` itself when it is on this machine, else the same path
/// on the local hosted UI (a rehearsal reaches nothing beyond loopback).
fn rerouted(acs: &str, local: Option<&str>) -> String {
    let Ok(u) = url::Url::parse(acs) else {
        return acs.to_string();
    };
    let on_this_machine = u
        .host()
        .as_ref()
        .is_some_and(crate::setup::validate::is_loopback_host);
    match local {
        Some(base) if !on_this_machine => format!("{}{}", base.trim_end_matches('/'), u.path()),
        _ => acs.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_customers_metadata_signs_in_here_and_keeps_the_rest() {
        let xml = r#"<md:EntityDescriptor entityID="http://www.okta.com/exkC"><md:IDPSSODescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://acme.okta.com/app/x/exkC/sso/saml"/><SingleSignOnService Location="https://acme.okta.com/r" Binding="b"/><md:SingleLogoutService Location="https://acme.okta.com/slo"/></md:IDPSSODescriptor></md:EntityDescriptor>"#;
        let here = super::pointed_here(xml, "http://127.0.0.1:9/app/a/exk1/sso/saml");
        assert_eq!(
            here.matches("http://127.0.0.1:9/app/a/exk1/sso/saml")
                .count(),
            2,
            "{here}"
        );
        assert!(
            here.contains("https://acme.okta.com/slo") && here.contains("exkC"),
            "{here}"
        );
    }

    #[test]
    fn a_cognito_acs_is_served_by_the_local_hosted_ui() {
        let acs = "https://acme.auth.us-east-1.amazoncognito.com/saml2/idpresponse";
        assert_eq!(
            super::rerouted(acs, Some("http://127.0.0.1:9/")),
            "http://127.0.0.1:9/saml2/idpresponse"
        );
        let local = "http://127.0.0.1:5/saml2/idpresponse";
        assert_eq!(super::rerouted(local, Some("http://127.0.0.1:9")), local);
    }

    use super::*;

    #[test]
    fn okta_expressions_for_a_profile() {
        let p = json!({"email": "a@x.test", "firstName": "Ada"});
        assert_eq!(evaluate("user.email", &p), "a@x.test");
        assert_eq!(evaluate("\"fixed\"", &p), "fixed");
        assert_eq!(evaluate("user.missing", &p), "");
        assert_eq!(evaluate("String.toUpperCase(user.email)", &p), "");
    }

    #[test]
    fn group_statement_filters() {
        let s = json!({"filterType": "STARTS_WITH", "filterValue": "Cog"});
        assert!(group_filter_matches(&s, "Cognito users"));
        assert!(!group_filter_matches(&s, "Everyone"));
        let r = json!({"filterType": "REGEX", "filterValue": ".*"});
        assert!(group_filter_matches(&r, "Everyone"));
    }
}

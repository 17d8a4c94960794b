//! An app's SSO key credentials, as Okta's API keeps them
//! (`/api/v1/apps/{appId}/credentials/keys…`, ApplicationSSOCredentialKey in Okta's
//! published spec): each app holds the keys generated for it or cloned to it, listed as JSON
//! Web Keys with their X.509 certificate; the app signs with the one its
//! `credentials.signing.kid` names, and an app update naming another key activates it. A
//! generated key is inactive until then, so generating alone changes no sign-in.

use super::{Answer, Inner, OktaOrg, err, error, not_found};
use crate::saml::xmldsig::sign::SigningKey;
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::Digest;
use std::collections::HashMap;
use std::sync::Arc;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Okta's bounds for `validityYears` on generate (the console offers the same range).
pub const VALIDITY_YEARS: std::ops::RangeInclusive<i64> = 2..=10;

/// One key an app holds: its kid and when it was made.
#[derive(Debug, Clone)]
pub struct Held {
    pub kid: String,
    pub created: String,
}

fn timestamp(t: OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// The key as Okta lists it: a JSON Web Key with its certificate chain (`x5c`), the RSA
/// public numbers, the certificate's SHA-256 thumbprint and its end.
pub fn jwk(held: &Held, key: &SigningKey) -> Value {
    let der = base64::engine::general_purpose::STANDARD
        .decode(&key.certificate)
        .unwrap_or_default();
    let mut out = json!({
        "created": held.created,
        "lastUpdated": held.created,
        "kid": held.kid,
        "kty": "RSA",
        "use": "sig",
        "x5c": [key.certificate],
        "x5t#S256": URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(&der)),
    });
    if let Ok((_, cert)) = x509_parser::parse_x509_certificate(&der) {
        if let Ok(end) = OffsetDateTime::from_unix_timestamp(cert.validity().not_after.timestamp())
        {
            out["expiresAt"] = json!(timestamp(end));
        }
        if let Ok(x509_parser::public_key::PublicKey::RSA(rsa)) = cert.public_key().parsed() {
            let unsigned = |b: &[u8]| {
                let first = b.iter().position(|x| *x != 0).unwrap_or(b.len());
                URL_SAFE_NO_PAD.encode(&b[first..])
            };
            out["n"] = json!(unsigned(rsa.modulus));
            out["e"] = json!(unsigned(rsa.exponent));
        }
    }
    out
}

/// A new key for app `app_id` (named `name`), valid `days` days from now; its kid. Not active.
pub fn generate(i: &mut Inner, app_id: &str, name: &str, days: i64) -> Option<String> {
    let now = OffsetDateTime::now_utc();
    let key = super::super::certificate::signing_key(
        &format!("{name} (rehearsal)"),
        now - time::Duration::days(1),
        now + time::Duration::days(days),
    )
    .ok()?;
    let kid = format!("standInKey{}", OktaOrg::new_id(i, ""));
    i.keys.insert(kid.clone(), Arc::new(key));
    hold(&mut i.app_keys, app_id, &kid, now);
    Some(kid)
}

/// Records that app `app_id` holds key `kid` (made at `created`).
pub fn hold(
    held: &mut HashMap<String, Vec<Held>>,
    app_id: &str,
    kid: &str,
    created: OffsetDateTime,
) {
    let list = held.entry(app_id.to_string()).or_default();
    if !list.iter().any(|h| h.kid == kid) {
        list.push(Held {
            kid: kid.to_string(),
            created: timestamp(created),
        });
    }
}

pub fn holds(i: &Inner, app_id: &str, kid: &str) -> bool {
    i.app_keys
        .get(app_id)
        .is_some_and(|l| l.iter().any(|h| h.kid == kid))
}

/// Makes `kid` the key app `app` signs with: its `credentials.signing`, and the metadata
/// link, which names the active key as Okta's does.
pub fn activate(app: &mut Value, kid: &str) {
    app["credentials"]["signing"]["kid"] = json!(kid);
    app["credentials"]["signing"]["lastRotated"] = json!(timestamp(OffsetDateTime::now_utc()));
    if let Some(href) = app["_links"]["metadata"]["href"].as_str() {
        let base = href.split("?kid=").next().unwrap_or(href).to_string();
        app["_links"]["metadata"]["href"] = json!(format!("{base}?kid={kid}"));
    }
}

/// The refusal of an app update naming a key the app does not hold (our wording: Okta's
/// documents only the E0000001 shape).
pub fn unknown_kid(kid: &str) -> Answer {
    let (st, v) = error(
        StatusCode::BAD_REQUEST,
        "E0000001",
        "Api validation failed: credentials.signing.kid",
        &[format!(
            "credentials.signing.kid: {kid} is not a key credential of this app; generate one (POST /api/v1/apps/{{appId}}/credentials/keys/generate) or clone it here first"
        )],
    );
    (st, v, None)
}

/// The key-credential routes under `/api/v1/apps/{id}/credentials/keys`; None for any other.
pub fn route(
    i: &mut Inner,
    method: &str,
    parts: &[&str],
    q: &HashMap<String, String>,
) -> Option<Answer> {
    let ["apps", id, "credentials", "keys", rest @ ..] = parts else {
        return None;
    };
    let id = *id;
    let listed = |i: &Inner, h: &Held| i.keys.get(&h.kid).map(|k| jwk(h, k));
    Some(match (method, rest) {
        ("GET", []) => {
            let list: Vec<Value> = i
                .app_keys
                .get(id)
                .into_iter()
                .flatten()
                .filter_map(|h| listed(i, h))
                .collect();
            (StatusCode::OK, json!(list), None)
        }
        ("POST", ["generate"]) => {
            let years = match q.get("validityYears").map(|v| v.parse::<i64>()) {
                None => None,
                Some(Ok(y)) if VALIDITY_YEARS.contains(&y) => Some(y),
                Some(_) => {
                    let (st, v) = error(
                        StatusCode::BAD_REQUEST,
                        "E0000001",
                        "Api validation failed: validityYears",
                        &["validityYears: must be between 2 and 10".to_string()],
                    );
                    return Some((st, v, None));
                }
            };
            let days = years.map_or(i.certificate_days, |y| y * 365);
            let name = app_name(i, id);
            match generate(i, id, &name, days) {
                Some(kid) => {
                    let h = i.app_keys[id].iter().find(|h| h.kid == kid).cloned();
                    let body = h.and_then(|h| listed(i, &h)).unwrap_or(Value::Null);
                    (StatusCode::CREATED, body, None)
                }
                None => err(not_found(id, "Key")),
            }
        }
        ("GET", [kid]) => {
            let h = i
                .app_keys
                .get(id)
                .and_then(|l| l.iter().find(|h| h.kid == *kid))
                .cloned();
            match h.and_then(|h| listed(i, &h)) {
                Some(v) => (StatusCode::OK, v, None),
                None => err(not_found(kid, "Key")),
            }
        }
        ("POST", [kid, "clone"]) => {
            let target = q.get("targetAid").cloned().unwrap_or_default();
            if !holds(i, id, kid) {
                return Some(err(not_found(kid, "Key")));
            }
            if !i.apps.iter().any(|a| a["id"] == json!(target)) {
                return Some(err(not_found(&target, "AppInstance")));
            }
            hold(&mut i.app_keys, &target, kid, OffsetDateTime::now_utc());
            let h = i.app_keys[&target].iter().find(|h| h.kid == *kid).cloned();
            let body = h.and_then(|h| listed(i, &h)).unwrap_or(Value::Null);
            (StatusCode::CREATED, body, None)
        }
        _ => err(not_found(&parts.join("/"), "Route")),
    })
}

pub fn app_name(i: &Inner, id: &str) -> String {
    i.apps
        .iter()
        .find(|a| a["id"] == json!(id))
        .and_then(|a| a["name"].as_str())
        .unwrap_or("app")
        .to_string()
}

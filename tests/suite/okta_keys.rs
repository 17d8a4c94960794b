//! Okta's app key credentials (`/api/v1/apps/{appId}/credentials/keys…`), as the local org
//! serves them and as the tool's rotation uses them: keys listed as JSON Web Keys that match
//! Okta's published schema, a generated key inactive until an app update names it, a kid the
//! app does not hold refused, a query Okta's spec refuses refused, and the rotation sending
//! its create once.

use crate::support;

use okta_cognito::idp::okta::doctor::AppRef;
use okta_cognito::rehearse::okta_org::openapi::contract;
use serde_json::{Value, json};
use support::okta::TOKEN;

fn saml_app() -> Value {
    crate::okta_contract::valid_app()
}

struct Org {
    okta: support::okta::OktaStandIn,
    http: reqwest::Client,
}

impl Org {
    fn start() -> Org {
        Org {
            okta: support::okta::start(),
            http: reqwest::Client::new(),
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.okta.org_url()))
            .header("Authorization", format!("SSWS {TOKEN}"))
            .header("Accept", "application/json");
        if let Some(b) = body {
            req = req.json(b);
        }
        let answer = req.send().await.unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or(Value::Null))
    }

    /// A POST Okta's spec refuses, sent as a test that expects the violation (not counted).
    async fn post_violating(&self, path: &str) -> (u16, Value) {
        let answer = self
            .http
            .post(format!("{}{path}", self.okta.org_url()))
            .header("Authorization", format!("SSWS {TOKEN}"))
            .header("x-expect-violation", "1")
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or(Value::Null))
    }

    async fn new_app(&self) -> String {
        let (status, app) = self
            .call(reqwest::Method::POST, "/api/v1/apps", Some(&saml_app()))
            .await;
        assert_eq!(status, 200, "{app}");
        app["id"].as_str().unwrap().to_string()
    }

    /// The signing certificate the app's metadata publishes now.
    async fn published_certificate(&self, app: &str) -> String {
        let kid = self
            .okta
            .apps()
            .into_iter()
            .find(|a| a["id"] == app)
            .unwrap()["credentials"]["signing"]["kid"]
            .as_str()
            .unwrap()
            .to_string();
        let xml = self
            .http
            .get(format!(
                "{}/api/v1/apps/{app}/sso/saml/metadata?kid={kid}",
                self.okta.org_url()
            ))
            .header("Authorization", format!("SSWS {TOKEN}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let body = xml.split("X509Certificate>").nth(1).unwrap_or("");
        body.split('<').next().unwrap_or("").trim().to_string()
    }
}

fn schema_violations(method: &str, path: &str, status: u16, body: &Value) -> Vec<String> {
    let schema = contract()
        .response_schema(method, path, status)
        .unwrap_or_else(|| panic!("the contract documents {method} {path} {status}"));
    contract().violations(schema, body)
}

#[tokio::test]
async fn a_generated_key_is_listed_and_signs_only_once_the_app_names_it() {
    let org = Org::start();
    let app = org.new_app().await;
    let keys_path = format!("/api/v1/apps/{app}/credentials/keys");
    let (status, keys) = org.call(reqwest::Method::GET, &keys_path, None).await;
    assert_eq!(status, 200);
    assert_eq!(
        schema_violations("GET", &keys_path, 200, &keys),
        Vec::<String>::new()
    );
    let first = keys.as_array().unwrap();
    assert_eq!(first.len(), 1, "{keys}");
    let old_cert = org.published_certificate(&app).await;
    assert_eq!(
        first[0]["x5c"][0],
        json!(old_cert),
        "the listed key is the one the metadata publishes"
    );
    assert_eq!(first[0]["kty"], "RSA");
    assert_eq!(first[0]["e"], "AQAB");

    let generate = format!("{keys_path}/generate?validityYears=3");
    let (status, key) = org.call(reqwest::Method::POST, &generate, None).await;
    assert_eq!(status, 201, "{key}");
    assert_eq!(
        schema_violations("POST", &format!("{keys_path}/generate"), 201, &key),
        Vec::<String>::new()
    );
    let kid = key["kid"].as_str().unwrap().to_string();
    let expires = time::OffsetDateTime::parse(
        key["expiresAt"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let years = (expires - time::OffsetDateTime::now_utc()).whole_days() / 365;
    assert_eq!(
        years, 2,
        "three years, less the day the clock is set back: {key}"
    );
    assert_eq!(
        org.published_certificate(&app).await,
        old_cert,
        "a generated key is not active"
    );
    let (_, listed) = org.call(reqwest::Method::GET, &keys_path, None).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let (status, one) = org
        .call(reqwest::Method::GET, &format!("{keys_path}/{kid}"), None)
        .await;
    assert_eq!((status, one["kid"].as_str()), (200, Some(kid.as_str())));

    // Activation is an app update naming the key (Okta replaces the app whole).
    let (_, current) = org
        .call(reqwest::Method::GET, &format!("/api/v1/apps/{app}"), None)
        .await;
    let mut body = okta_cognito::idp::okta::app::sendable(&current);
    body["credentials"]["signing"]["kid"] = json!("notAKeyOfThisApp");
    let (status, refused) = org
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/apps/{app}"),
            Some(&body),
        )
        .await;
    assert_eq!(
        (status, refused["errorCode"].as_str()),
        (400, Some("E0000001")),
        "{refused}"
    );
    assert_eq!(org.published_certificate(&app).await, old_cert);
    body["credentials"]["signing"]["kid"] = json!(kid);
    let (status, updated) = org
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/apps/{app}"),
            Some(&body),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["credentials"]["signing"]["kid"], json!(kid));
    assert!(
        updated["_links"]["metadata"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("?kid={kid}")),
        "{updated}"
    );
    assert_eq!(
        org.published_certificate(&app).await,
        key["x5c"][0].as_str().unwrap()
    );

    // A key cloned to another app is that app's to activate too.
    let other = org.new_app().await;
    let (status, _) = org
        .call(
            reqwest::Method::POST,
            &format!("{keys_path}/{kid}/clone?targetAid={other}"),
            None,
        )
        .await;
    assert_eq!(status, 201);
    let (_, theirs) = org
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/apps/{other}/credentials/keys"),
            None,
        )
        .await;
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kid"] == json!(kid)),
        "{theirs}"
    );
    assert_eq!(org.okta.violations(), Vec::<String>::new());
}

#[tokio::test]
async fn a_query_okta_s_spec_refuses_is_refused_and_counted() {
    let org = Org::start();
    let app = org.new_app().await;
    let (status, body) = org
        .post_violating(&format!(
            "/api/v1/apps/{app}/credentials/keys/generate?validityYears=two"
        ))
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errorCauses"][0]["errorSummary"],
        json!("validityYears: must be integer, not \"two\""),
        "{body}"
    );
    let (status, body) = org
        .post_violating(&format!("/api/v1/apps/{app}/credentials/keys/x/clone"))
        .await;
    assert_eq!(status, 400, "targetAid is required: {body}");
    // Within the spec's type, Okta's own bounds.
    let (status, refused) = org
        .call(
            reqwest::Method::POST,
            &format!("/api/v1/apps/{app}/credentials/keys/generate?validityYears=40"),
            None,
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(
        org.okta.violations().len(),
        2,
        "{:?}",
        org.okta.violations()
    );
}

fn api_of(org: &Org) -> okta_cognito::idp::okta::api::Api {
    use okta_cognito::idp::okta::credentials::{Credentials, OktaEnv};
    let env = OktaEnv {
        org_url: Some(org.okta.org_url()),
        api_token: Some(TOKEN.into()),
        ..OktaEnv::default()
    };
    let creds = Credentials::resolve(None, None, &env).unwrap();
    okta_cognito::idp::okta::api::Api::new(creds, okta_cognito::idp::okta::rotate::SCOPES).unwrap()
}

#[tokio::test]
async fn the_tools_rotation_generates_once_and_names_the_key_when_activation_fails() {
    let org = Org::start();
    let app = org.new_app().await;
    let before = org.published_certificate(&app).await;
    let api = api_of(&org);
    let rotated = okta_cognito::idp::okta::rotate::rotate(&api, &AppRef::Id(app.clone()), Some(2))
        .await
        .unwrap();
    assert_ne!(org.published_certificate(&app).await, before);
    assert_eq!(
        rotated.previous_kid.as_deref().map(|k| k != rotated.kid),
        Some(true)
    );
    let generates = |org: &Org| {
        org.okta
            .writes()
            .iter()
            .filter(|w| w.path.ends_with("/credentials/keys/generate"))
            .count()
    };
    assert_eq!(generates(&org), 1);
    assert_eq!(org.okta.violations(), Vec::<String>::new());

    // The update that activates is refused (an admin without the role): the key made is
    // named, with the console's Activate, and the create is not sent again.
    org.okta
        .refuse_writes_containing(Some(&format!("/api/v1/apps/{app}$")));
    org.okta.clear_requests();
    let failed =
        okta_cognito::idp::okta::rotate::rotate(&api, &AppRef::Id(app.clone()), None).await;
    let f = failed.unwrap_err();
    assert!(f.message.contains("generated the key"), "{f:?}");
    assert!(f.fix.contains("Actions → Activate"), "{f:?}");
    assert_eq!(generates(&org), 1, "the create is not sent twice");
}

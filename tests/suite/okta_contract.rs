//! The Okta stand-in holds bodies to Okta's published OpenAPI: these tests show the walker
//! refuses what Okta's schema refuses (so a green suite means the bodies `okta-app` sends
//! are valid), and that the stand-in answers a violation as Okta does.

use crate::support;

use okta_cognito::rehearse::okta_org::openapi::contract;
use serde_json::{Value, json};

pub(crate) fn valid_app() -> Value {
    json!({
        "label": "Amazon Cognito", "signOnMode": "SAML_2_0",
        "settings": {"signOn": {
            "allowMultipleAcsEndpoints": false, "assertionSigned": true, "honorForceAuthn": true,
            "requestCompressed": false, "responseSigned": true,
            "ssoAcsUrl": "https://a/saml2/idpresponse", "audience": "urn:amazon:cognito:sp:x",
            "signatureAlgorithm": "RSA_SHA256", "digestAlgorithm": "SHA256",
            "attributeStatements": [
                {"type": "EXPRESSION", "name": "Email Id", "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified", "values": ["user.email"]},
                {"type": "GROUP", "name": "groups", "filterType": "REGEX", "filterValue": ".*"},
            ]
        }}
    })
}

fn causes(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut app = valid_app();
    edit(&mut app);
    contract().request_violations("POST", "/api/v1/apps", &app)
}

#[test]
fn okta_s_schema_is_applied_as_okta_applies_it() {
    assert_eq!(causes(|_| {}), Vec::<String>::new());
    let missing = causes(|a| {
        let so = a["settings"]["signOn"].as_object_mut().unwrap();
        so.remove("allowMultipleAcsEndpoints");
        so.remove("responseSigned");
    });
    assert_eq!(
        missing,
        [
            "settings.signOn.allowMultipleAcsEndpoints: is required",
            "settings.signOn.responseSigned: is required"
        ]
    );
    let read_only = causes(|a| {
        a["id"] = json!("0oa1");
        a["name"] = json!("x_1");
        a["status"] = json!("ACTIVE");
    });
    assert_eq!(read_only.len(), 3, "{read_only:?}");
    assert!(
        read_only.iter().all(|c| c.contains("read-only")),
        "{read_only:?}"
    );
    assert_eq!(
        causes(|a| a["settings"]["signOn"]["signatureAlgorithm"] = json!("RSA_SHA512")),
        [
            "settings.signOn.signatureAlgorithm: \"RSA_SHA512\" is not one of [\"RSA_SHA1\",\"RSA_SHA256\"]"
        ]
    );
    // The discriminator picks the statement's schema: a GROUP filter must be one Okta knows.
    let group =
        causes(|a| a["settings"]["signOn"]["attributeStatements"][1]["filterType"] = json!("LIKE"));
    assert_eq!(group.len(), 1, "{group:?}");
    assert!(
        group[0].starts_with("settings.signOn.attributeStatements[1].filterType"),
        "{group:?}"
    );
    assert_eq!(
        causes(|a| a["settings"]["signOn"]["defaultRelayState"] = Value::Null),
        ["settings.signOn.defaultRelayState: may not be null"]
    );
    assert_eq!(
        causes(|a| a["settings"]["signOn"]["responseSigned"] = json!("true")),
        ["settings.signOn.responseSigned: must be boolean, not string"]
    );
    assert_eq!(
        causes(|a| a["signOnMode"] = json!("MAGIC")),
        ["signOnMode: \"MAGIC\" is not a known value"]
    );
    assert_eq!(
        contract().request_violations("POST", "/api/v1/apps/0oa1/users", &json!({"scope": "USER"})),
        ["id: is required"]
    );
}

#[tokio::test]
async fn the_stand_in_answers_a_violation_with_okta_s_400() {
    let okta = support::okta::start();
    let mut app = valid_app();
    app["settings"]["signOn"]
        .as_object_mut()
        .unwrap()
        .remove("honorForceAuthn");
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v1/apps", okta.org_url()))
        .header("authorization", format!("SSWS {}", support::okta::TOKEN))
        .header("x-expect-violation", "1")
        .json(&app)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 400);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["errorCode"], "E0000001");
    assert_eq!(
        body["errorCauses"][0]["errorSummary"],
        "settings.signOn.honorForceAuthn: is required"
    );
    assert!(okta.apps().is_empty());
    assert_eq!(okta.violations().len(), 1);
}

/// A local user without the org's token posts large bodies to the API: the org answers 401
/// and keeps none of them (it kept every body before, 1.9 MB each, without end); an
/// authenticated caller's oversized body is kept as its size alone.
#[tokio::test]
async fn the_local_org_keeps_nothing_an_unauthenticated_caller_sends() {
    let okta = support::okta::start();
    let big = json!({"label": "x".repeat(1_500_000)});
    let http = reqwest::Client::new();
    for auth in [None, Some("SSWS 00guessedToken"), Some("Bearer forged")] {
        let mut req = http.post(format!("{}/api/v1/apps", okta.org_url()));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let answer = req.json(&big).send().await.unwrap();
        assert_eq!(answer.status().as_u16(), 401, "{auth:?}");
    }
    assert!(
        okta.requests().is_empty(),
        "nothing kept before authentication: {} request(s)",
        okta.requests().len()
    );
    let answer = http
        .post(format!("{}/api/v1/apps", okta.org_url()))
        .header("authorization", format!("SSWS {}", support::okta::TOKEN))
        .header("x-expect-violation", "1")
        .json(&big)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 400, "Okta's schema refuses it");
    let kept = okta.requests();
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0].body.as_ref().unwrap()["omitted_bytes"].as_u64() > Some(1_000_000),
        "{:?}",
        kept[0].body
    );
}

//! What anyone on the machine can send the local Okta's sign-in page as a SAML request: a
//! deflate bomb, bytes that are not base64, a DOCTYPE with entities, an ID made to break out
//! of the XML attribute it is copied into. Each is refused with the reason on Okta's page, or,
//! for the ID, carried into the signed response as text, never as markup; the org still signs
//! people in afterwards.

use crate::support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use okta_cognito::saml::authn_request::{Request, encode, xml};
use serde_json::json;

struct Page {
    status: u16,
    text: String,
}

fn sign_in_page(okta: &support::okta::OktaStandIn, app: &str) -> String {
    let app = okta.apps().into_iter().find(|a| a["id"] == app).unwrap();
    format!(
        "{}/app/{}/{}/sso/saml",
        okta.org_url(),
        app["name"].as_str().unwrap(),
        okta.external_key(app["id"].as_str().unwrap())
    )
}

async fn get(url: &str, saml_request: &str) -> Page {
    let url =
        url::Url::parse_with_params(url, [("SAMLRequest", saml_request), ("RelayState", "r1")])
            .unwrap();
    let answer = reqwest::Client::new().get(url).send().await.unwrap();
    Page {
        status: answer.status().as_u16(),
        text: answer.text().await.unwrap(),
    }
}

fn deflated(text: &str) -> String {
    encode(text)
}

#[tokio::test]
async fn hostile_saml_requests_are_refused_or_carried_as_text() {
    let okta = support::okta::start();
    let app = okta.add_app(json!({
        "label": "Amazon Cognito", "signOnMode": "SAML_2_0",
        "settings": {"signOn": {"ssoAcsUrl": "https://acme.auth.us-east-1.amazoncognito.com/saml2/idpresponse",
            "audience": "urn:amazon:cognito:sp:us-east-1_x"}}
    }));
    let everyone = okta.group_id("Everyone").unwrap();
    okta.add_user("ada@acme.example", "Ada", "Lovelace");
    let url = sign_in_page(&okta, &app);
    // Everyone is assigned, so the page reaches the point of answering.
    let http = reqwest::Client::new();
    let assigned = http
        .put(format!(
            "{}/api/v1/apps/{app}/groups/{everyone}",
            okta.org_url()
        ))
        .header("Authorization", format!("SSWS {}", support::okta::TOKEN))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert!(assigned.status().is_success());

    let bomb = get(&url, &deflated(&"a".repeat(8 * 1024 * 1024))).await;
    assert_eq!(bomb.status, 400, "{}", bomb.text);
    assert!(bomb.text.contains("more than 65536 bytes"), "{}", bomb.text);

    let garbage = get(&url, "%%%not base64%%%").await;
    assert_eq!(garbage.status, 400);
    assert!(garbage.text.contains("not base64"), "{}", garbage.text);

    let entities = "<!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"&b;\"/>";
    let doctype = get(&url, &deflated(entities)).await;
    assert_eq!(doctype.status, 400);
    assert!(doctype.text.contains("DOCTYPE"), "{}", doctype.text);

    // An ID built to close the attribute it is copied into and add markup of its own.
    let breakout = "_x\"><saml2:Attribute Name=\"admin\"/><x y=\"";
    let request = Request {
        id: breakout.into(),
        issuer: "urn:amazon:cognito:sp:us-east-1_x".into(),
        acs: None,
        destination: None,
    };
    let page = get(&url, &deflated(&xml(&request, "2026-12-05T10:00:00Z"))).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        !page.text.contains("<saml2:Attribute"),
        "the page escapes it"
    );
    // The page's form posts the request back; the response carries the ID as text.
    let fields: Vec<(String, String)> = vec![
        ("person".into(), "ada@acme.example".into()),
        (
            "SAMLRequest".into(),
            deflated(&xml(&request, "2026-12-05T10:00:00Z")),
        ),
        ("RelayState".into(), "r1".into()),
    ];
    let posted = http
        .post(&url)
        .form(&fields)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (_, answered) = support::rehearsal::form_of(&posted);
    let value = answered
        .iter()
        .find(|(k, _)| k == "SAMLResponse")
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("a response form: {posted}"));
    let response = String::from_utf8(STANDARD.decode(value).unwrap()).unwrap();
    let root = okta_cognito::saml::xmldsig::dom::parse(&response).unwrap();
    assert_eq!(root.attribute("InResponseTo"), Some(breakout));
    let mut attributes = vec![];
    root.descendants("Attribute", &mut attributes);
    assert!(
        attributes
            .iter()
            .all(|a| a.attribute("Name") != Some("admin")),
        "no attribute was injected: {response}"
    );
}

//! Signed AuthnRequests, rehearsed: with `request_signing_algorithm = "rsa-sha256"` the local
//! Cognito signs its request with the pool's signing certificate over the HTTP-Redirect
//! binding (checked here by Python's zlib and `cryptography`, against GetSigningCertificate);
//! an Okta app that validates requests signs the person in only when the signature verifies
//! with its Signature Certificate, and otherwise stops at Okta with the reason.

use crate::support;

use serde_json::{Value, json};
use std::path::Path;
use support::rehearsal::{Served, browser_with, okta_app_and_apply, serve};
use support::run;

/// `login` with a stand-in browser that saves the first redirect and the page it stops on.
fn login(served: &Served, dir: &Path, timeout: &str) -> (support::Run, String, String) {
    let (request, page) = (dir.join("request.url"), dir.join("page.html"));
    let _ = std::fs::remove_file(&page);
    let options = format!(
        "--save-request '{}' --save-page '{}' ",
        request.display(),
        page.display()
    );
    let r = run(served
        .bin()
        .env("BROWSER", browser_with(dir, "browser.sh", &options))
        .args(["login", "--timeout", timeout, "--config"])
        .arg(&served.setup)
        .current_dir(dir));
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    (r, read(&request), read(&page))
}

async fn okta(served: &Served, method: reqwest::Method, path: &str, body: Option<&Value>) -> Value {
    let mut req = reqwest::Client::new()
        .request(method, format!("{}{path}", served.var("OKTA_ORG_URL")))
        .header(
            "Authorization",
            format!("SSWS {}", served.var("OKTA_API_TOKEN")),
        );
    if let Some(b) = body {
        req = req.json(b);
    }
    let answer = req.send().await.unwrap();
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    answer.json().await.unwrap_or(Value::Null)
}

async fn signing_certificate(served: &Served, pool: &str) -> String {
    use aws_sdk_cognitoidentityprovider::config::{Credentials, Region};
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(served.var("AWS_ENDPOINT_URL"))
        .region(Region::new(served.var("AWS_REGION")))
        .credentials_provider(Credentials::new(
            "rehearsal",
            "rehearsal",
            None,
            None,
            "tests",
        ))
        .load()
        .await;
    aws_sdk_cognitoidentityprovider::Client::new(&config)
        .get_signing_certificate()
        .user_pool_id(pool)
        .send()
        .await
        .unwrap()
        .certificate
        .unwrap()
}

fn set_signing(served: &Served, dir: &Path, on: bool) {
    let mut setup = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup).unwrap();
    setup.provider.request_signing_algorithm = on.then(|| "rsa-sha256".to_string());
    setup.save(&served.setup).unwrap();
    support::rehearsal::apply(served, dir);
}

#[tokio::test]
async fn signed_requests_are_signed_by_the_pool_and_checked_by_okta() {
    let _port = support::rehearsal::default_login_port();
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&[], dir.path());
    let mut setup = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup).unwrap();
    setup.provider.request_signing_algorithm = Some("rsa-sha256".into());
    setup.save(&served.setup).unwrap();
    okta_app_and_apply(&served, &served.setup, dir.path());
    let setup = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup).unwrap();
    let app = setup.okta.as_ref().unwrap().app_id.clone().unwrap();
    let pool = setup.user_pool_id.clone();
    // The console's Signed Requests box (Okta's API has none; okta-app says so), for the
    // org's own token only.
    let console = format!(
        "{}/_rehearsal/apps/{app}/signed-requests",
        served.var("OKTA_ORG_URL")
    );
    let stranger = reqwest::Client::new()
        .post(&console)
        .header("Authorization", "SSWS 00SomeoneElsesToken")
        .json(&json!({"validate": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status().as_u16(), 401);
    let ticked = reqwest::Client::new()
        .post(format!(
            "{}/_rehearsal/apps/{app}/signed-requests",
            served.var("OKTA_ORG_URL")
        ))
        .header(
            "Authorization",
            format!("SSWS {}", served.var("OKTA_API_TOKEN")),
        )
        .json(&json!({"validate": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(ticked.status().as_u16(), 204);

    let (r, request, _) = login(&served, dir.path(), "30");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let certificate = signing_certificate(&served, &pool).await;
    let outside = std::process::Command::new(support::moto::venv_python())
        .arg(support::fixture("../support/redirect_signature_verify.py"))
        .arg(&request)
        .arg(&certificate)
        .arg(format!("urn:amazon:cognito:sp:{pool}"))
        .output()
        .unwrap();
    assert!(
        outside.status.success(),
        "{request}\n{}",
        String::from_utf8_lossy(&outside.stderr)
    );

    // Cognito no longer signs: Okta stops the sign-in and says why.
    set_signing(&served, dir.path(), false);
    let (r, _, page) = login(&served, dir.path(), "5");
    assert_ne!(r.code, 0);
    assert!(page.contains("The SAML request is not signed"), "{page}");

    // Okta validates with another certificate than the pool's: refused until okta-app
    // uploads the pool's again.
    set_signing(&served, dir.path(), true);
    let current = okta(
        &served,
        reqwest::Method::GET,
        &format!("/api/v1/apps/{app}"),
        None,
    )
    .await;
    let mut body = okta_cognito::idp::okta::app::sendable(&current);
    let other = std::fs::read_to_string(support::fixture("cognito-certs/other-key.b64")).unwrap();
    body["settings"]["signOn"]["spCertificate"] = json!({"x5c": [other.trim()]});
    okta(
        &served,
        reqwest::Method::PUT,
        &format!("/api/v1/apps/{app}"),
        Some(&body),
    )
    .await;
    let (r, _, page) = login(&served, dir.path(), "5");
    assert_ne!(r.code, 0);
    assert!(
        page.contains("signature was refused") && page.contains("okta-cognito okta-app"),
        "{page}"
    );
    let again = run(served
        .bin()
        .args(["okta-app", "--config"])
        .arg(&served.setup)
        .current_dir(dir.path()));
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    let (r, _, _) = login(&served, dir.path(), "30");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(served.stop().success());
}

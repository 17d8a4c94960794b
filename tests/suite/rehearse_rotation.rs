//! The most common real ticket, rehearsed end to end: Okta rotates the app's signing key
//! (`rotation --rotate`, through Okta's key API) and Cognito still holds the old certificate.
//! With a Metadata URL, sign-ins fail until Cognito reads the URL again (`rotation
//! --refresh`); with a metadata file, `doctor` names the mismatch before the sign-in fails,
//! and applying the new metadata fixes it.

use crate::support;

use std::collections::BTreeSet;
use std::path::Path;
use support::rehearsal::{
    SIGNATURE_ERROR_CALLBACK, Served, browser, okta_app_and_apply, refused_for_its_signature,
    serve, signed_in,
};
use support::run;

fn login(served: &Served, dir: &Path) -> support::Run {
    run(served
        .bin()
        .env("BROWSER", browser(dir, "browser.sh", None))
        .args(["login", "--timeout", "30", "--config"])
        .arg(&served.setup)
        .current_dir(dir))
}

fn rotation(served: &Served, dir: &Path, args: &[&str]) -> support::Run {
    let r = run(served
        .bin()
        .arg("rotation")
        .args(args)
        .arg("--config")
        .arg(&served.setup)
        .current_dir(dir));
    assert_eq!(r.code, 0, "rotation {args:?}: {}{}", r.stdout, r.stderr);
    r
}

fn doctor_errors(served: &Served, dir: &Path) -> BTreeSet<String> {
    let r = run(served
        .bin()
        .args(["doctor", "--json", "--config"])
        .arg(&served.setup)
        .current_dir(dir));
    support::answer(&r.stdout)["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["severity"] == "error")
        .filter_map(|f| f["code"].as_str().map(String::from))
        .collect()
}

/// The app's metadata as Okta publishes it now, saved as the setup's metadata file, applied.
async fn provider_from_current_metadata_file(served: &Served, dir: &Path, url: &str) {
    let xml = reqwest::get(url).await.unwrap().text().await.unwrap();
    std::fs::write(dir.join("okta-metadata.xml"), xml).unwrap();
    let mut setup = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup).unwrap();
    setup.provider.metadata_url = None;
    setup.provider.metadata_file = Some("okta-metadata.xml".into());
    setup.save(&served.setup).unwrap();
    support::rehearsal::apply(served, dir);
}

#[tokio::test]
async fn a_rotated_okta_key_fails_sign_in_until_cognito_holds_the_new_certificate() {
    let _port = support::rehearsal::default_login_port();
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&[], dir.path());
    okta_app_and_apply(&served, &served.setup, dir.path());
    let url = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup)
        .unwrap()
        .provider
        .metadata_url
        .unwrap();
    let first = login(&served, dir.path());
    assert!(signed_in(&first), "{}{}", first.stdout, first.stderr);

    // Without Okta credentials, --rotate is refused with the way to give them; nothing moves.
    let refused = run(served
        .bin()
        .env_remove("OKTA_API_TOKEN")
        .args(["rotation", "--rotate", "--config"])
        .arg(&served.setup)
        .current_dir(dir.path()));
    assert_ne!(refused.code, 0);
    assert!(
        refused.stdout.contains("rotation-needs-okta")
            || refused.stderr.contains("rotation-needs-okta"),
        "{}{}",
        refused.stdout,
        refused.stderr
    );
    assert!(signed_in(&login(&served, dir.path())));

    // A Metadata URL: Cognito holds what it read at the last provider write.
    let rotated = rotation(&served, dir.path(), &["--rotate", "--validity-years", "3"]);
    assert!(
        rotated
            .stdout
            .contains("holds the old certificate until it re-reads"),
        "{}",
        rotated.stdout
    );
    let stale = login(&served, dir.path());
    assert!(
        refused_for_its_signature(&stale),
        "{}{}",
        stale.stdout,
        stale.stderr
    );
    rotation(&served, dir.path(), &["--refresh"]);
    let reread = login(&served, dir.path());
    assert!(signed_in(&reread), "{}{}", reread.stdout, reread.stderr);

    // A metadata file: the doctor names the rotation before the sign-in fails.
    provider_from_current_metadata_file(&served, dir.path(), &url).await;
    assert!(signed_in(&login(&served, dir.path())));
    assert!(!doctor_errors(&served, dir.path()).contains("signing-certificate-rotation-pending"));
    let rotated = rotation(&served, dir.path(), &["--rotate"]);
    assert!(
        rotated
            .stdout
            .contains("made from a metadata file that holds the old certificate"),
        "{}",
        rotated.stdout
    );
    let found = doctor_errors(&served, dir.path());
    assert!(
        found.contains("signing-certificate-rotation-pending"),
        "{found:?}"
    );
    let frozen = login(&served, dir.path());
    assert!(
        refused_for_its_signature(&frozen),
        "{}{}",
        frozen.stdout,
        frozen.stderr
    );
    provider_from_current_metadata_file(&served, dir.path(), &url).await;
    assert!(!doctor_errors(&served, dir.path()).contains("signing-certificate-rotation-pending"));
    let fixed = login(&served, dir.path());
    assert!(signed_in(&fixed), "{}{}", fixed.stdout, fixed.stderr);
    assert!(served.stop().success());
}

/// A customer whose provider was made from a metadata file before their Okta rotated the
/// app's key: `export` records the certificate the IdP publishes now, and the rehearsal of
/// that export fails the sign-in as at the customer; `doctor` and `explain` name the two
/// certificates, and the current metadata, applied, fixes it.
#[tokio::test(flavor = "multi_thread")]
async fn an_export_whose_file_missed_a_rotation_fails_in_the_rehearsal_until_fixed() {
    use crate::rehearse::{Customer, customer};
    let _port = support::rehearsal::default_login_port();
    // The customer's Okta, reachable as theirs is: its public metadata, then a rotation.
    let their_okta = support::okta::OktaStandIn::start_with(support::okta::OrgOptions {
        local_sign_in: true,
        ..support::okta::OrgOptions::default()
    })
    .unwrap();
    let app = their_okta.add_app(serde_json::json!({
        "label": "Amazon Cognito", "signOnMode": "SAML_2_0", "settings": {"signOn": {}}
    }));
    let saved = reqwest::get(their_okta.public_metadata_url(&app))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    their_okta.rotate_signing_key(&app);
    let at_customer = tempfile::tempdir().unwrap();
    let setup = customer(
        at_customer.path(),
        Customer {
            metadata_xml: Some(saved),
            ..Customer::default()
        },
    )
    .await;
    let export = at_customer.path().join("export.toml");
    crate::rehearse::export_at_customer(&setup, &export);
    let text = std::fs::read_to_string(&export).unwrap();
    assert!(text.contains("idp_signing_certificates"), "{text}");

    let desk = tempfile::tempdir().unwrap();
    let served = serve(
        &[
            "--from",
            export.to_str().unwrap(),
            "--setup",
            "rehearsal.toml",
        ],
        desk.path(),
    );
    let rehearsed = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup).unwrap();
    assert!(
        rehearsed.provider.metadata_file.is_some() && rehearsed.provider.metadata_url.is_none(),
        "the provider is rehearsed from a file, as at the customer: {:?}",
        rehearsed.provider
    );
    let found = doctor_errors(&served, desk.path());
    assert!(
        found.contains("signing-certificate-rotation-pending"),
        "{found:?}"
    );
    let failed = login(&served, desk.path());
    assert!(
        refused_for_its_signature(&failed),
        "{}{}",
        failed.stdout,
        failed.stderr
    );
    let explained = run(served
        .bin()
        .args(["explain", "--json", "--config"])
        .arg(&served.setup)
        .arg(SIGNATURE_ERROR_CALLBACK)
        .current_dir(desk.path()));
    let finding = support::answer(&explained.stdout);
    let message = finding["result"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
        + finding["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("holds the signing certificate") && message.contains("now publishes"),
        "{}",
        explained.stdout
    );
    let fix = finding["result"]["fix"]
        .as_str()
        .or(finding["fix"].as_str())
        .unwrap_or_default();
    let url = fix
        .split('(')
        .nth(1)
        .and_then(|s| s.split(')').next())
        .unwrap_or_else(|| panic!("the fix names the metadata URL: {fix}"));
    let current = reqwest::get(url).await.unwrap().text().await.unwrap();
    let setup = okta_cognito::setup::Setup::load_for_rehearsal(&served.setup).unwrap();
    let file = setup.provider.metadata_file.clone().unwrap();
    std::fs::write(desk.path().join(file), current).unwrap();
    support::rehearsal::apply(&served, desk.path());
    let fixed = login(&served, desk.path());
    assert!(signed_in(&fixed), "{}{}", fixed.stdout, fixed.stderr);
    assert!(served.stop().success());
}

/// Usage mistakes with `rotation` are refused before anything is read, naming the flag.
#[test]
fn rotation_usage_mistakes_name_the_flag() {
    let r = run(support::bin().args(["rotation", "--rotate", "--validity-years", "11"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("--validity-years") && r.stderr.contains("2..=10"),
        "{}",
        r.stderr
    );
    let r = run(support::bin().args(["rotation", "--validity-years", "3"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("--rotate"),
        "the flag it needs: {}",
        r.stderr
    );
}

//! `tenant kit`: each customer's page in its own IdP's labels, with nothing of another tenant,
//! no secret, and outside text kept inert in the HTML.

use crate::support;

use okta_cognito::setup::Setup;
use support::federation::{api, new_pool};
use support::moto::with_emulator;
use support::{bin, run};

#[tokio::test]
async fn each_tenant_gets_its_own_idps_labels_and_nothing_else() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("saas.toml");
    let text = std::fs::read_to_string(support::fixture("setup/two-federations.toml"))
        .unwrap()
        .replace("us-east-1_Tenants01", &pool);
    std::fs::write(&file, text).unwrap();
    let mut setup = Setup::load(&file).unwrap();
    // Globex's IdP verifies Cognito's signed requests, so its kit carries the certificate.
    setup.more_federations[0].provider.request_signing_algorithm = Some("rsa-sha256".into());
    setup.save(&file).unwrap();
    let r = run(bin()
        .args([
            "tenant",
            "add",
            "<b>Initech</b>",
            "--idp",
            "entra",
            "--domain",
            "initech.example",
            "--metadata-url",
            "https://login.microsoftonline.com/t/federationmetadata/2007-06/federationmetadata.xml",
            "--config",
        ])
        .arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = dir.path().join("kits");
    let kit = |name: &str| {
        let r = run(with_emulator(bin())
            .args(["tenant", "kit", name, "--json", "-o"])
            .arg(&out)
            .arg("--config")
            .arg(&file));
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        let v = support::answer(&r.stdout);
        let html = std::fs::read_to_string(v["html"].as_str().unwrap()).unwrap();
        let md = std::fs::read_to_string(v["markdown"].as_str().unwrap()).unwrap();
        (html, md)
    };
    let acs = "https://saas-login.auth.us-east-1.amazoncognito.com/saml2/idpresponse";
    let entity = format!("urn:amazon:cognito:sp:{pool}");

    let (html, md) = kit("AcmeOkta");
    for page in [&html, &md] {
        assert!(page.contains("Audience URI (SP Entity ID)"), "{page}");
        assert!(page.contains(acs) && page.contains(&entity));
        assert!(page.contains("Metadata URL"));
        assert!(
            !page.contains("Globex") && !page.contains("Initech"),
            "{page}"
        );
        assert!(!page.contains("next screen"));
        assert!(
            !page.contains("BEGIN CERTIFICATE"),
            "Okta's requests are not signed"
        );
    }
    assert!(md.contains("| `Email Id` | user.email |"), "{md}");

    let (html, md) = kit("Globex");
    for page in [&html, &md] {
        assert!(page.contains("Assertion Consumer Service (ACS) URL"));
        assert!(page.contains("-----BEGIN CERTIFICATE-----\nMII"), "{page}");
        assert!(!page.contains("Acme") && !page.contains("Initech"));
    }

    let (html, md) = kit("<b>Initech</b>");
    assert!(md.contains("Basic SAML Configuration → Reply URL (Assertion Consumer Service URL)"));
    assert!(md.contains("App Federation Metadata Url"));
    assert!(
        html.contains("Single sign-on for &lt;b&gt;Initech&lt;/b&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("<b>"),
        "the tenant's name is text, not markup"
    );
    assert!(!html.contains("<script") && !html.contains("http-equiv") && !html.contains("src="));
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files.contains(&"b-initech--b-sso-kit.html".to_string()),
        "{files:?}"
    );

    // A link planted where the kit goes is refused, not followed.
    let target = dir.path().join("elsewhere.txt");
    std::fs::write(&target, "mine").unwrap();
    std::fs::remove_file(out.join("acmeokta-sso-kit.md")).unwrap();
    std::os::unix::fs::symlink(&target, out.join("acmeokta-sso-kit.md")).unwrap();
    let r = run(with_emulator(bin())
        .args(["tenant", "kit", "AcmeOkta", "-o"])
        .arg(&out)
        .arg("--config")
        .arg(&file));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");

    // A tenant the file does not have is named with the ones it has.
    let r = run(bin()
        .args(["tenant", "kit", "Umbrella", "--config"])
        .arg(&file));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("AcmeOkta, Globex"), "{}", r.stderr);
}

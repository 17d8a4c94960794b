//! Many customers in one pool, against the emulator held to Cognito's request-rate quotas:
//! tenants added, planned and applied through the binary, removed again, and forty applied
//! without a throttling error.

use crate::support;

use okta_cognito::flows::tenant::{NewTenant, add};
use okta_cognito::setup::{IdpKind, Setup};
use support::federation::{api, new_pool, setup_in};
use support::moto::{moto, with_emulator};
use support::{bin, run};

fn copy_fixture(dir: &std::path::Path, fixture: &str, name: &str) {
    std::fs::copy(support::fixture(fixture), dir.join(name)).unwrap();
}

#[tokio::test]
async fn three_tenants_are_applied_and_one_removed_again() {
    let api = api().await;
    let pool = new_pool(&api).await;
    assert_eq!(moto().quotas(&pool).await, 0);
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.name = "Acme".into();
    setup.provider.identifiers = vec!["acme.example".into()];
    let file = dir.path().join("saas.toml");
    setup.save(&file).unwrap();
    copy_fixture(
        dir.path(),
        "metadata/derived/entra-current-cert.xml",
        "initech.xml",
    );
    copy_fixture(dir.path(), "metadata/real/keycloak-1.xml", "globex.xml");
    let tenant = |args: &[&str]| {
        run(with_emulator(bin())
            .arg("tenant")
            .args(args)
            .arg("--config")
            .arg(&file))
    };
    for args in [
        [
            "add",
            "Initech",
            "--idp",
            "entra",
            "--domain",
            "initech.example",
            "--metadata-file",
            "initech.xml",
        ],
        [
            "add",
            "Globex",
            "--idp",
            "saml",
            "--domain",
            "globex.example",
            "--metadata-file",
            "globex.xml",
        ],
    ] {
        let r = tenant(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let apply = || {
        run(with_emulator(bin())
            .args(["apply", "--yes", "--json", "--config"])
            .arg(&file))
    };
    let r = apply();
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let client_id = Setup::load(&file).unwrap().app_client.client_id.unwrap();
    for (name, domain) in [
        ("Acme", "acme.example"),
        ("Initech", "initech.example"),
        ("Globex", "globex.example"),
    ] {
        let p = okta_cognito::cognito::state::read_provider(&api, &pool, name)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("provider {name} exists"));
        assert_eq!(p.identifiers, [domain]);
    }
    let client = okta_cognito::cognito::state::read_client(&api, &pool, &client_id)
        .await
        .unwrap();
    for name in ["Acme", "Initech", "Globex"] {
        assert!(
            client
                .supported_identity_providers()
                .contains(&name.to_string()),
            "{name} in {:?}",
            client.supported_identity_providers()
        );
    }

    // Removing a tenant writes nothing to AWS; the plan shows the deletion, apply does it and
    // the file forgets the name.
    let r = tenant(&["remove", "Globex"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("Provider Globex is still in user pool"),
        "{}",
        r.stderr
    );
    assert_eq!(Setup::load(&file).unwrap().removed_providers, ["Globex"]);
    let r = run(with_emulator(bin())
        .args(["plan", "--json", "--config"])
        .arg(&file));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let planned = support::answer(&r.stdout);
    let kinds: Vec<&str> = planned["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["update-client", "delete-provider"], "{planned:#}");
    let unlisting = planned["changes"][0]["description"].as_str().unwrap();
    assert!(unlisting.contains("stop offering Globex"), "{unlisting}");
    let r = apply();
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        okta_cognito::cognito::state::read_provider(&api, &pool, "Globex")
            .await
            .unwrap()
            .is_none()
    );
    let client = okta_cognito::cognito::state::read_client(&api, &pool, &client_id)
        .await
        .unwrap();
    assert!(
        !client
            .supported_identity_providers()
            .contains(&"Globex".to_string())
    );
    assert!(Setup::load(&file).unwrap().removed_providers.is_empty());

    // The last tenant cannot go: the file would have nothing to apply.
    assert_eq!(tenant(&["remove", "Initech"]).code, 0);
    let r = tenant(&["remove", "Acme", "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        support::finding_codes(&support::answer(&r.stdout)),
        ["last-tenant"]
    );
}

/// Forty new customers in one apply: every provider is created, no request goes beyond
/// Cognito's quotas (the emulator counts refusals), and nothing throttled reaches the user.
#[tokio::test]
async fn forty_tenants_apply_within_the_quotas() {
    let api = api().await;
    let pool = new_pool(&api).await;
    moto().quotas(&pool).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    copy_fixture(dir.path(), "metadata/real/keycloak-1.xml", "customer.xml");
    for n in 1..=39 {
        setup = add(
            &setup,
            NewTenant {
                name: format!("Customer{n}"),
                idp: IdpKind::Saml,
                domains: vec![format!("customer{n}.example")],
                metadata_url: None,
                metadata_file: Some("customer.xml".into()),
            },
        )
        .unwrap_or_else(|f| panic!("{f:#?}"));
    }
    let (state, plan) = okta_cognito::flows::plan::run(&api, &setup)
        .await
        .unwrap_or_else(|f| panic!("{f:#?}"));
    assert!(!plan.blocked(), "{:#?}", plan.findings);
    let applied = okta_cognito::flows::apply::run(
        &api,
        &setup,
        &state,
        &plan,
        &okta_cognito::flows::progress::Silent,
    )
    .await;
    assert!(applied.succeeded(), "{:#?}", applied.outcome.failures);
    let names = okta_cognito::cognito::state::list_provider_names(&api, &pool)
        .await
        .unwrap();
    assert_eq!(names.len(), 40, "{names:?}");
    assert_eq!(
        moto().quotas(&pool).await,
        0,
        "no request went beyond Cognito's quotas"
    );
}

/// `doctor --all` after an apply: one row per tenant, a customer's newer metadata file that
/// Cognito does not hold yet, and a tenant not applied, each named; exit 1 on an error.
#[tokio::test]
async fn doctor_all_reports_each_tenant() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.name = "Acme".into();
    setup.provider.identifiers = vec!["acme.example".into()];
    copy_fixture(
        dir.path(),
        "metadata/derived/entra-current-cert.xml",
        "initech.xml",
    );
    copy_fixture(dir.path(), "metadata/real/shibboleth-1.xml", "globex.xml");
    for (name, idp, domain, file) in [
        ("Initech", IdpKind::Entra, "initech.example", "initech.xml"),
        ("Globex", IdpKind::Saml, "globex.example", "globex.xml"),
    ] {
        setup = add(
            &setup,
            NewTenant {
                name: name.into(),
                idp,
                domains: vec![domain.into()],
                metadata_url: None,
                metadata_file: Some(file.into()),
            },
        )
        .unwrap_or_else(|f| panic!("{f:#?}"));
    }
    let file = dir.path().join("saas.toml");
    setup.save(&file).unwrap();
    let r = run(with_emulator(bin())
        .args(["apply", "--yes", "--config"])
        .arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doctor = || {
        run(with_emulator(bin())
            .args(["doctor", "--all", "--json", "--config"])
            .arg(&file))
    };
    let r = doctor();
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = support::answer(&r.stdout);
    let health: Vec<(&str, &str)> = v["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["health"].as_str().unwrap()))
        .collect();
    assert_eq!(
        health,
        [("Acme", "ok"), ("Initech", "ok"), ("Globex", "ok")],
        "{v:#}"
    );
    assert_eq!(v["providers_in_pool"], 3);

    // The customer sent new metadata (another certificate) and one more customer is added,
    // neither applied yet.
    copy_fixture(dir.path(), "metadata/real/auth0-1.xml", "globex.xml");
    let r = run(with_emulator(bin())
        .args([
            "tenant",
            "add",
            "Hooli",
            "--idp",
            "saml",
            "--domain",
            "hooli.example",
            "--metadata-file",
            "globex.xml",
            "--config",
        ])
        .arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = doctor();
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = support::answer(&r.stdout);
    let rows = v["tenants"].as_array().unwrap();
    assert_eq!(rows[2]["health"], "error");
    assert_eq!(rows[2]["finding_codes"][0], "provider-metadata-stale");
    assert_eq!(rows[3]["name"], "Hooli");
    assert_eq!(rows[3]["finding_codes"][0], "provider-missing");
    let stale = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "provider-metadata-stale")
        .unwrap();
    assert!(
        stale["message"]
            .as_str()
            .unwrap()
            .contains("tenant Globex (provider Globex)"),
        "{stale:#}"
    );

    // The text form: the table, one line per tenant, then the findings.
    let r = run(with_emulator(bin())
        .args(["doctor", "--all", "--config"])
        .arg(&file));
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines[0].contains("3 of 300 identity providers"),
        "{}",
        r.stdout
    );
    assert!(
        lines[4].starts_with("Initech") && lines[4].contains("Microsoft Entra ID"),
        "{}",
        r.stdout
    );
    assert!(
        lines[6].starts_with("Hooli") && lines[6].contains("ERROR"),
        "{}",
        r.stdout
    );
}

/// Usage mistakes around tenants are refused before anything runs, naming the flag.
#[test]
fn tenant_usage_mistakes_name_the_flag() {
    let r = run(bin().args(["rehearse", "--tenants", "9", "--serve"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("--tenants") && r.stderr.contains("1..=6"),
        "{}",
        r.stderr
    );
    let r = run(bin().args(["doctor", "--all"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--config"), "{}", r.stderr);
    let r = run(bin().args([
        "tenant",
        "add",
        "Acme",
        "--idp",
        "azure",
        "--domain",
        "acme.example",
    ]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("entra"),
        "names the IdPs there are: {}",
        r.stderr
    );
}

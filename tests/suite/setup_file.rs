//! Loading, validating and saving the setup file.

use crate::support;

use okta_cognito::setup::{Setup, SetupError};
use std::path::Path;

#[test]
fn the_documented_example_loads_and_is_valid() {
    let s = Setup::load(&support::fixture("setup/full.toml")).unwrap();
    assert_eq!(s.user_pool_id, "us-east-1_AbCdEf123");
    assert_eq!(s.domain.prefix.as_deref(), Some("acme-auth"));
    assert_eq!(s.provider.attribute_mapping["email"], "Email Id");
    assert_eq!(s.login_redirect_uri(), "http://localhost:8976/callback");
    assert!(s.validate().is_empty(), "{:?}", s.validate());
}

#[test]
fn defaults_fill_what_a_minimal_file_leaves_out() {
    let s = Setup::from_toml(
        "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_X1\"\n[domain]\nprefix = \"p\"\n[provider]\nmetadata_file = \"okta.xml\"\n",
        Path::new("min.toml"),
    )
    .unwrap();
    assert_eq!(s.provider.name, "Okta");
    assert_eq!(s.app_client.name, "okta-web");
    assert_eq!(s.app_client.scopes, ["openid", "email", "profile"]);
    assert_eq!(s.login.port, 8976);
    assert!(s.validate().is_empty(), "{:?}", s.validate());
}

#[test]
fn an_unknown_key_is_refused_with_its_line_and_name() {
    let text = "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_X1\"\n\n[provider]\nname = \"Okta\"\nmetdata_url = \"https://x\"\n";
    let err = Setup::from_toml(text, Path::new("typo.toml")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("typo.toml"), "{msg}");
    assert!(msg.contains("line 6"), "{msg}");
    assert!(msg.contains("metdata_url"), "{msg}");
    assert_eq!(err.to_finding().code, "setup-file-invalid");
}

#[test]
fn malformed_toml_is_refused_with_its_line() {
    let err = Setup::from_toml(
        "region = \"us-east-1\"\nuser_pool_id = \n",
        Path::new("bad.toml"),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("line 2"), "{msg}");
}

#[test]
fn a_wrong_type_names_the_key() {
    let err = Setup::from_toml(
        "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_X1\"\n[login]\nport = \"eighty\"\n",
        Path::new("t.toml"),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("line 4") && msg.contains("port"), "{msg}");
}

#[test]
fn a_missing_file_says_which_path() {
    let err = Setup::load(Path::new("/nonexistent/setup.toml")).unwrap_err();
    assert!(matches!(err, SetupError::Read { .. }));
    assert!(err.to_string().contains("/nonexistent/setup.toml"));
}

#[test]
fn save_then_load_round_trips_and_metadata_file_resolves_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Setup::new("eu-west-1", "eu-west-1_Zz9");
    s.domain.prefix = Some("zz-auth".into());
    s.provider.metadata_file = Some("okta.xml".into());
    s.provider
        .attribute_mapping
        .insert("email".into(), "Email Id".into());
    let path = dir.path().join("setup.toml");
    s.save(&path).unwrap();
    let back = Setup::load(&path).unwrap();
    assert_eq!(
        back.metadata_file_path().unwrap(),
        dir.path().join("okta.xml")
    );
    assert_eq!(
        Setup {
            source_dir: None,
            ..back
        },
        s
    );
    assert!(!dir.path().join("setup.toml.tmp").exists());
}

#[test]
fn whole_file_validation_reports_each_field_by_name() {
    let text = r#"
region = "us-east-1"
user_pool_id = "eu-west-1_X1"
[app_client]
callback_urls = ["http://app.example.com/"]
scopes = ["email"]
[domain]
prefix = "cognito-test"
custom = "auth.example.com"
[provider]
name = "Okta Prod"
[provider.attribute_mapping]
username = "NameID"
[login]
port = 0
"#;
    let s = Setup::from_toml(text, Path::new("x.toml")).unwrap();
    let f = s.validate();
    let codes: Vec<&str> = f.iter().map(|f| f.code.as_str()).collect();
    for expected in [
        "user-pool-region-mismatch",
        "url-not-https",
        "scope-needs-openid",
        "domain-choice",
        "reserved-domain-prefix",
        "invalid-provider-name",
        "metadata-source-choice",
        "mapping-to-username",
        "invalid-login-port",
    ] {
        assert!(
            codes.contains(&expected),
            "{expected} missing from {codes:?}"
        );
    }
    let url = f.iter().find(|f| f.code == "url-not-https").unwrap();
    assert!(
        url.message.contains("app_client.callback_urls"),
        "{}",
        url.message
    );
}

#[test]
fn a_typed_metadata_path_is_kept_relative_to_the_setup_file() {
    use std::path::Path;
    let mut s = okta_cognito::setup::Setup::new("us-east-1", "us-east-1_AbC");
    s.locate_at(
        Path::new("customers/acme/setup.toml"),
        Path::new("/home/admin"),
    );
    assert_eq!(
        s.source_dir.as_deref(),
        Some(Path::new("/home/admin/customers/acme"))
    );
    // Typed from the home folder: stored relative to the setup file's folder.
    s.set_metadata_source("customers/acme/okta.xml", Path::new("/home/admin"));
    assert_eq!(
        s.provider.metadata_file.as_deref(),
        Some(Path::new("okta.xml"))
    );
    assert_eq!(
        s.metadata_file_path().as_deref(),
        Some(Path::new("/home/admin/customers/acme/okta.xml"))
    );
    assert_eq!(
        s.metadata_source_from(Path::new("/home/admin")).as_deref(),
        Some("customers/acme/okta.xml"),
        "shown as the person would type it from there"
    );
    // Outside the setup's folder: absolute, so any folder reads the same file.
    s.set_metadata_source("okta.xml", Path::new("/tmp/downloads"));
    assert_eq!(
        s.provider.metadata_file.as_deref(),
        Some(Path::new("/tmp/downloads/okta.xml"))
    );
    s.set_metadata_source(
        "https://acme.okta.com/app/exk1/sso/saml/metadata",
        Path::new("/"),
    );
    assert!(s.provider.metadata_file.is_none() && s.provider.metadata_url.is_some());
}

/// Every setup fixture reads unchanged and is written back byte for byte: the file is the
/// contract between the wizard, the headless commands and support staff, so a model change
/// that rewrote today's files would show here.
#[test]
fn every_setup_fixture_round_trips_byte_for_byte() {
    let dir = support::fixture("setup");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let copy = tempfile::tempdir().unwrap();
        let at = copy.path().join(path.file_name().unwrap());
        std::fs::write(&at, &text).unwrap();
        let setup = Setup::load(&at).unwrap();
        setup.save(&at).unwrap();
        assert_eq!(
            std::fs::read_to_string(&at).unwrap(),
            text,
            "{} is not written back as it was",
            path.display()
        );
        // The canonical shape reads back as the same setup too.
        let mut canonical = Setup::from_toml(&setup.to_toml(), &at).unwrap();
        canonical.source_dir = setup.source_dir.clone();
        assert_eq!(canonical, setup);
        seen += 1;
    }
    assert!(seen >= 3, "the fixtures were found: {seen}");
}

#[test]
fn a_generic_saml_idp_is_recorded_and_okta_stays_unwritten() {
    let s = Setup::load(&support::fixture("setup/generic-saml.toml")).unwrap();
    assert_eq!(s.provider.idp, okta_cognito::setup::IdpKind::Saml);
    assert!(s.to_toml().contains("idp = \"saml\""));
    let okta = Setup::load(&support::fixture("setup/full.toml")).unwrap();
    assert_eq!(okta.provider.idp, okta_cognito::setup::IdpKind::Okta);
    assert!(
        !okta.to_toml().contains("idp ="),
        "today's files stay as they are"
    );
}

/// A save over a file an admin wrote changes only the values that changed: comments, order
/// and layout stay.
#[test]
fn saving_over_a_commented_file_rewrites_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("customer.toml");
    let original = std::fs::read_to_string(support::fixture("setup/generic-saml.toml")).unwrap();
    std::fs::write(&at, &original).unwrap();
    let mut s = Setup::load(&at).unwrap();
    s.app_client.client_id = Some("4h5k6j7l8m9n0p1q2r3s4t5u6v".into());
    s.domain.prefix = Some("acme-portal-2".into());
    s.save(&at).unwrap();
    let written = std::fs::read_to_string(&at).unwrap();
    assert!(
        written.starts_with("# A customer on an IdP other than Okta"),
        "{written}"
    );
    assert!(
        written.contains("prefix = \"acme-portal-2\"   # the hosted UI's prefix"),
        "{written}"
    );
    assert!(
        written.contains("client_id = \"4h5k6j7l8m9n0p1q2r3s4t5u6v\""),
        "{written}"
    );
    let changed: Vec<_> = written
        .lines()
        .filter(|l| !original.lines().any(|o| o == *l))
        .collect();
    assert_eq!(changed.len(), 2, "only the two changed values: {changed:?}");
    assert_eq!(
        Setup::load(&at).unwrap().app_client.client_id,
        s.app_client.client_id
    );
}

/// A setup with more than one federation reads as a pool plus a list of federations; what
/// works on one federation says it takes the first.
#[test]
fn several_federations_read_as_a_list() {
    let s = Setup::load(&support::fixture("setup/two-federations.toml")).unwrap();
    let feds = s.federations();
    assert_eq!(feds.len(), 2);
    assert_eq!(feds[0].name, "AcmeOkta");
    assert_eq!(feds[1].name, "Globex");
    assert_eq!(feds[1].provider.idp, okta_cognito::setup::IdpKind::Saml);
    let codes: Vec<_> = s.validate().iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["several-federations-first-only"], "{codes:?}");

    let mut clash = s.clone();
    clash.more_federations[0].provider.name = "acmeokta".into();
    clash.more_federations[0].provider.identifiers = vec!["ACME.example".into()];
    let codes: Vec<_> = clash.validate().iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"federation-provider-taken"), "{codes:?}");
    assert!(codes.contains(&"federation-identifier-taken"), "{codes:?}");
    // A file with one federation has no [[federation]] table: today's shape.
    let one = Setup::load(&support::fixture("setup/full.toml")).unwrap();
    assert_eq!(one.federations().len(), 1);
    assert!(!one.to_toml().contains("[[federation]]"));
}

/// `tenant add` records a customer's IdP as a federation (nothing written to AWS), refusing
/// what would misroute sign-ins, and `tenant list` shows every tenant.
#[test]
fn tenants_are_added_with_their_rules_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("saas.toml");
    std::fs::copy(support::fixture("setup/full.toml"), &file).unwrap();
    std::fs::copy(
        support::fixture("metadata/real/google-2.xml"),
        dir.path().join("globex.xml"),
    )
    .unwrap();
    let tenant = |args: &[&str]| {
        support::run(
            support::bin()
                .arg("tenant")
                .args(args)
                .arg("--config")
                .arg(&file),
        )
    };
    let r = tenant(&[
        "add",
        "Globex Corp",
        "--idp",
        "google",
        "--domain",
        "globex.example",
        "--metadata-file",
        "globex.xml",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = Setup::load(&file).unwrap();
    let globex = &s.more_federations[0];
    assert_eq!(globex.provider.name, "Globex-Corp");
    assert_eq!(globex.provider.idp, okta_cognito::setup::IdpKind::Google);
    assert_eq!(globex.provider.identifiers, ["globex.example"]);

    for (args, code) in [
        (
            vec![
                "add",
                "Initech",
                "--idp",
                "entra",
                "--domain",
                "gmail.com",
                "--metadata-url",
                "https://login.microsoftonline.com/t/federationmetadata/2007-06/federationmetadata.xml",
            ],
            "consumer-mail-domain",
        ),
        (
            vec![
                "add",
                "Umbrella",
                "--idp",
                "saml",
                "--domain",
                "GLOBEX.example",
                "--metadata-url",
                "https://idp.umbrella.example/metadata",
            ],
            "federation-identifier-taken",
        ),
        (
            vec![
                "add",
                "globex corp",
                "--idp",
                "saml",
                "--domain",
                "other.example",
                "--metadata-url",
                "https://idp.other.example/metadata",
            ],
            "federation-provider-taken",
        ),
        (
            vec![
                "add",
                "Hooli",
                "--idp",
                "google",
                "--domain",
                "hooli.example",
                "--metadata-file",
                "missing.xml",
            ],
            "metadata-file-unreadable",
        ),
    ] {
        let mut with_json = args.clone();
        with_json.push("--json");
        let r = tenant(&with_json);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout);
        let v = support::answer(&r.stdout);
        assert!(
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["code"] == code),
            "{args:?}: {v:#}"
        );
    }
    assert_eq!(
        Setup::load(&file).unwrap().more_federations.len(),
        1,
        "nothing refused was written"
    );

    let many: Vec<String> = (0..51).map(|n| format!("d{n}.example")).collect();
    let mut args = vec![
        "add",
        "Wide",
        "--idp",
        "saml",
        "--metadata-url",
        "https://idp.wide.example/metadata",
    ];
    for d in &many {
        args.extend(["--domain", d.as_str()]);
    }
    let r = tenant(&args);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("too-many-identifiers"), "{}", r.stderr);

    let r = tenant(&["list", "--json"]);
    let v = support::answer(&r.stdout);
    let names: Vec<&str> = v["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Okta", "Globex Corp"]);
}

#[test]
fn the_provider_quota_warns_from_ninety_percent_and_refuses_past_it() {
    use okta_cognito::setup::tenants::quota;
    assert!(quota(269).is_empty());
    assert!(quota(270).iter().all(|f| !f.is_error()) && quota(270).len() == 1);
    assert!(quota(301).iter().any(|f| f.is_error()));
}

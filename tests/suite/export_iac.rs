//! `export --format cloudformation|terraform` on a live, customised federation in the
//! emulator: the output is checked by the real tools (cfn-lint, an HCL parser,
//! `terraform fmt`), and every value is compared with what the service itself answers.

use crate::support;

use aws_sdk_cognitoidentityprovider::primitives::Blob;
use aws_sdk_cognitoidentityprovider::types::{
    AssetCategoryType, AssetExtensionType, AssetType, ColorSchemeModeType, ExplicitAuthFlowsType,
    FeatureType, OAuthFlowType, PreventUserExistenceErrorTypes, RefreshTokenRotationType,
    TimeUnitsType, TokenValidityUnitsType,
};
use aws_smithy_types::Document;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::aws_like::SERVER_OWNED;
use support::federation::{api, new_pool, plan_and_apply, setup_in};
use support::moto::{moto, venv_python};
use support::{bin, run};

const LOGO: &[u8] = b"\x89PNG\r\n\x1a\n a logo";

struct Federation {
    dir: tempfile::TempDir,
    pool: String,
    client_id: String,
    provider: String,
    domain: String,
}

/// A federation built by `apply`, then a server-side client with a secret, every setting
/// changed from its default, and a branding style of its own.
async fn customised_federation() -> Federation {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.idp_signout = true;
    setup.provider.encrypted_responses = true;
    plan_and_apply(&api, &setup).await;
    let created = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("orders-api")
        .generate_secret(true)
        .callback_urls("https://orders.example.com/callback")
        .callback_urls("https://orders.example.com/other")
        .logout_urls("https://orders.example.com/bye")
        .default_redirect_uri("https://orders.example.com/callback")
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .allowed_o_auth_flows_user_pool_client(true)
        .supported_identity_providers(&setup.provider.name)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .access_token_validity(30)
        .id_token_validity(45)
        .refresh_token_validity(7)
        .token_validity_units(
            TokenValidityUnitsType::builder()
                .access_token(TimeUnitsType::Minutes)
                .id_token(TimeUnitsType::Minutes)
                .refresh_token(TimeUnitsType::Days)
                .build(),
        )
        .read_attributes("email")
        .write_attributes("email")
        .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
        .enable_token_revocation(true)
        .auth_session_validity(10)
        .refresh_token_rotation(
            RefreshTokenRotationType::builder()
                .feature(FeatureType::Enabled)
                .retry_grace_period_seconds(30)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let client_id = created
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    let settings = Document::Object(HashMap::from([(
        "components".to_string(),
        Document::Object(HashMap::from([(
            "pageBackground".to_string(),
            Document::Object(HashMap::from([(
                "image".to_string(),
                Document::Object(HashMap::from([(
                    "enabled".to_string(),
                    Document::Bool(false),
                )])),
            )])),
        )])),
    )]));
    api.create_managed_login_branding()
        .user_pool_id(&pool)
        .client_id(&client_id)
        .settings(settings)
        .assets(
            AssetType::builder()
                .category(AssetCategoryType::FormLogo)
                .color_mode(ColorSchemeModeType::Light)
                .extension(AssetExtensionType::Png)
                .bytes(Blob::new(LOGO))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    Federation {
        dir,
        pool,
        client_id,
        provider: setup.provider.name.clone(),
        domain: setup.domain.prefix.clone().unwrap(),
    }
}

impl Federation {
    fn export(&self, format: &str, file: &str) -> (PathBuf, support::Run) {
        let out = self.dir.path().join(file);
        let mut cmd = bin();
        for (k, v) in moto().env() {
            cmd.env(k, v);
        }
        let r = run(cmd
            .args(["export", "--format", format, "--user-pool-id", &self.pool])
            .args(["--client-id", &self.client_id, "-o"])
            .arg(&out));
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        (out, r)
    }

    async fn live_client(&self) -> Value {
        moto()
            .raw(
                "DescribeUserPoolClient",
                json!({"UserPoolId": self.pool, "ClientId": self.client_id}),
            )
            .await["UserPoolClient"]
            .clone()
    }

    async fn live_provider(&self) -> Value {
        moto()
            .raw(
                "DescribeIdentityProvider",
                json!({"UserPoolId": self.pool, "ProviderName": self.provider}),
            )
            .await["IdentityProvider"]
            .clone()
    }
}

fn yaml_as_json(path: &Path) -> Value {
    let out = Command::new(venv_python())
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn cfn_lint(path: &Path) -> (i32, String) {
    let out = Command::new(venv_python().with_file_name("cfn-lint"))
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test]
async fn cloudformation_export_adopts_the_live_federation() {
    let fed = customised_federation().await;
    let (template_path, r) = fed.export("cloudformation", "federation.yaml");
    let import_path = fed.dir.path().join("federation-import.json");
    assert!(
        r.stderr.contains("--change-set-type IMPORT")
            && r.stderr
                .contains(&format!("file://{}", import_path.display())),
        "{}",
        r.stderr
    );

    let (code, report) = cfn_lint(&template_path);
    assert_eq!(code, 0, "cfn-lint:\n{report}");

    let template = yaml_as_json(&template_path);
    let resources = template["Resources"].as_object().unwrap();
    assert_eq!(resources.len(), 4, "{template:#}");
    for (id, r) in resources {
        assert_eq!(r["DeletionPolicy"], "Retain", "{id}");
        assert_eq!(r["UpdateReplacePolicy"], "Retain", "{id}");
        assert_eq!(r["Properties"]["UserPoolId"], json!({"Ref": "UserPoolId"}));
    }
    assert_eq!(template["Parameters"]["UserPoolId"]["Default"], fed.pool);

    // The import document names each resource by its live primary identifier.
    let import: Value =
        serde_json::from_str(&std::fs::read_to_string(&import_path).unwrap()).unwrap();
    let mut named = vec![];
    for entry in import.as_array().unwrap() {
        let id = entry["LogicalResourceId"].as_str().unwrap();
        assert_eq!(resources[id]["Type"], entry["ResourceType"]);
        let ident = &entry["ResourceIdentifier"];
        assert_eq!(ident["UserPoolId"], fed.pool);
        named.push((
            entry["ResourceType"].as_str().unwrap().to_string(),
            ident.clone(),
        ));
    }
    let identifier = |kind: &str| {
        named
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, i)| i.clone())
            .unwrap_or_else(|| panic!("{kind} is not imported: {named:?}"))
    };
    assert_eq!(
        identifier("AWS::Cognito::UserPoolClient")["ClientId"],
        fed.client_id
    );
    assert_eq!(
        identifier("AWS::Cognito::UserPoolIdentityProvider")["ProviderName"],
        fed.provider
    );
    assert_eq!(
        identifier("AWS::Cognito::UserPoolDomain")["Domain"],
        fed.domain
    );
    let branding_id =
        identifier("AWS::Cognito::ManagedLoginBranding")["ManagedLoginBrandingId"].clone();
    assert!(branding_id.as_str().is_some_and(|s| s.len() == 36));

    // The client, field by field, as the service describes it.
    let live = fed.live_client().await;
    let props = resources
        .values()
        .find(|r| r["Type"] == "AWS::Cognito::UserPoolClient")
        .unwrap()["Properties"]
        .as_object()
        .unwrap()
        .clone();
    let mut expected = live.as_object().unwrap().clone();
    for k in SERVER_OWNED {
        expected.remove(k);
    }
    expected.insert("GenerateSecret".into(), json!(true));
    let mut written = props.clone();
    written.remove("UserPoolId");
    assert_eq!(Value::Object(written), Value::Object(expected));

    // The provider: what it holds, without what Cognito generated.
    let provider = fed.live_provider().await;
    let generated = provider["ProviderDetails"]["ActiveEncryptionCertificate"]
        .as_str()
        .expect("the layer gives an encrypting provider its certificate")
        .to_string();
    let props = &resources
        .values()
        .find(|r| r["Type"] == "AWS::Cognito::UserPoolIdentityProvider")
        .unwrap()["Properties"];
    let mut details = provider["ProviderDetails"].as_object().unwrap().clone();
    details.remove("ActiveEncryptionCertificate");
    assert_eq!(props["ProviderDetails"], Value::Object(details));
    assert_eq!(props["AttributeMapping"], provider["AttributeMapping"]);
    assert_eq!(props["ProviderType"], "SAML");

    let branding = &resources
        .values()
        .find(|r| r["Type"] == "AWS::Cognito::ManagedLoginBranding")
        .unwrap()["Properties"];
    assert_eq!(
        branding["Settings"],
        json!({"components": {"pageBackground": {"image": {"enabled": false}}}})
    );
    use base64::Engine;
    assert_eq!(
        branding["Assets"][0]["Bytes"],
        base64::engine::general_purpose::STANDARD.encode(LOGO)
    );
    assert_eq!(branding["ClientId"], fed.client_id);

    let text = std::fs::read_to_string(&template_path).unwrap();
    let secret = live["ClientSecret"].as_str().unwrap();
    assert!(!text.contains(secret), "the client secret is never written");
    assert!(!text.contains(&generated[..40]));
    assert!(!text.contains("SSORedirectBindingURI") && !text.contains("ActiveEncryption"));
}

/// The arguments the Terraform AWS provider documents for each resource (and block).
fn documented(kind: &str) -> &'static [&'static str] {
    match kind {
        "aws_cognito_identity_provider" => &[
            "user_pool_id",
            "provider_name",
            "provider_type",
            "attribute_mapping",
            "idp_identifiers",
            "provider_details",
            "lifecycle",
        ],
        "aws_cognito_user_pool_client" => &[
            "name",
            "user_pool_id",
            "access_token_validity",
            "allowed_oauth_flows_user_pool_client",
            "allowed_oauth_flows",
            "allowed_oauth_scopes",
            "analytics_configuration",
            "auth_session_validity",
            "callback_urls",
            "default_redirect_uri",
            "enable_token_revocation",
            "enable_propagate_additional_user_context_data",
            "explicit_auth_flows",
            "generate_secret",
            "id_token_validity",
            "logout_urls",
            "prevent_user_existence_errors",
            "read_attributes",
            "refresh_token_rotation",
            "refresh_token_validity",
            "supported_identity_providers",
            "token_validity_units",
            "write_attributes",
            "depends_on",
        ],
        "aws_cognito_user_pool_domain" => &[
            "domain",
            "user_pool_id",
            "certificate_arn",
            "managed_login_version",
        ],
        "aws_cognito_managed_login_branding" => &[
            "client_id",
            "user_pool_id",
            "asset",
            "settings",
            "use_cognito_provided_values",
            "depends_on",
        ],
        other => panic!("unexpected resource type {other}"),
    }
}

/// The Terraform argument for each member of a described client.
fn terraform_name(api: &str) -> String {
    match api {
        "ClientName" => "name".into(),
        "CallbackURLs" => "callback_urls".into(),
        "LogoutURLs" => "logout_urls".into(),
        "DefaultRedirectURI" => "default_redirect_uri".into(),
        "AllowedOAuthFlows" => "allowed_oauth_flows".into(),
        "AllowedOAuthScopes" => "allowed_oauth_scopes".into(),
        "AllowedOAuthFlowsUserPoolClient" => "allowed_oauth_flows_user_pool_client".into(),
        other => {
            let mut s = String::new();
            for (i, c) in other.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    s.push('_');
                }
                s.push(c.to_ascii_lowercase());
            }
            s
        }
    }
}

fn hcl_value(e: &hcl::Expression) -> Value {
    match e {
        hcl::Expression::String(s) => json!(s),
        hcl::Expression::Number(n) => serde_json::to_value(n).unwrap(),
        hcl::Expression::Bool(b) => json!(b),
        hcl::Expression::Array(items) => Value::Array(items.iter().map(hcl_value).collect()),
        hcl::Expression::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.to_string().trim_matches('"').to_string(), hcl_value(v)))
                .collect(),
        ),
        other => json!(other.to_string()),
    }
}

fn block_as_json(body: &hcl::Body) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    for a in body.attributes() {
        m.insert(a.key().to_string(), hcl_value(a.expr()));
    }
    for b in body.blocks() {
        m.insert(
            b.identifier().to_string(),
            Value::Object(block_as_json(b.body())),
        );
    }
    m
}

#[tokio::test]
async fn terraform_export_adopts_the_live_federation() {
    let fed = customised_federation().await;
    let (path, r) = fed.export("terraform", "main.tf");
    assert!(r.stderr.contains("terraform plan"), "{}", r.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    let body: hcl::Body = hcl::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));

    let mut resources = HashMap::new();
    let mut imports = HashMap::new();
    for block in body.blocks() {
        match block.identifier() {
            "resource" => {
                let labels: Vec<_> = block
                    .labels()
                    .iter()
                    .map(|l| l.as_str().to_string())
                    .collect();
                let kind = labels[0].clone();
                for a in block.body().attributes() {
                    assert!(
                        documented(&kind).contains(&a.key()),
                        "{kind}.{} is not documented",
                        a.key()
                    );
                }
                for b in block.body().blocks() {
                    assert!(
                        documented(&kind).contains(&b.identifier()),
                        "{kind} block {}",
                        b.identifier()
                    );
                }
                resources.insert(format!("{}.{}", labels[0], labels[1]), block.body().clone());
            }
            "import" => {
                let attr = |k: &str| {
                    block
                        .body()
                        .attributes()
                        .find(|a| a.key() == k)
                        .unwrap()
                        .expr()
                        .clone()
                };
                let hcl::Expression::String(id) = attr("id") else {
                    panic!("import ids are literal strings: {text}")
                };
                imports.insert(attr("to").to_string(), id);
            }
            _ => {}
        }
    }
    assert_eq!(resources.len(), 4, "{text}");
    let mut addresses: Vec<_> = resources.keys().cloned().collect();
    addresses.sort();
    let mut imported: Vec<_> = imports.keys().cloned().collect();
    imported.sort();
    assert_eq!(addresses, imported, "one import block per resource");

    let import_of = |kind: &str| {
        imports
            .iter()
            .find(|(to, _)| to.starts_with(kind))
            .map(|(_, id)| id.clone())
            .unwrap()
    };
    assert_eq!(
        import_of("aws_cognito_identity_provider"),
        format!("{}:{}", fed.pool, fed.provider)
    );
    assert_eq!(
        import_of("aws_cognito_user_pool_client"),
        format!("{}/{}", fed.pool, fed.client_id)
    );
    assert_eq!(import_of("aws_cognito_user_pool_domain"), fed.domain);
    // The provider's documented form, `<user_pool_id>,<managed_login_branding_id>`.
    let branding = import_of("aws_cognito_managed_login_branding");
    let parts: Vec<_> = branding.split(',').collect();
    assert_eq!(parts.len(), 2, "{branding}");
    assert_eq!(parts[0], fed.pool);
    assert_eq!(parts[1].len(), 36, "the branding style's id: {branding}");

    // The client block equals the live client.
    let client = resources
        .iter()
        .find(|(a, _)| a.starts_with("aws_cognito_user_pool_client."))
        .unwrap()
        .1;
    let written = block_as_json(client);
    let live = fed.live_client().await;
    let mut compared = 0;
    for (k, v) in live.as_object().unwrap() {
        if SERVER_OWNED.contains(&k.as_str()) {
            continue;
        }
        let name = terraform_name(k);
        let mut expected = v.clone();
        if let Value::Object(o) = &mut expected {
            *o = o
                .iter()
                .map(|(k, v)| (terraform_name(k), v.clone()))
                .collect();
        }
        assert_eq!(written.get(&name), Some(&expected), "{name}:\n{text}");
        compared += 1;
    }
    assert!(compared >= 18, "{compared} settings compared");
    assert_eq!(written["user_pool_id"], json!(fed.pool));
    assert!(
        !written.contains_key("generate_secret"),
        "an imported client with generate_secret would be replaced"
    );
    assert!(text.contains("depends_on = [aws_cognito_identity_provider.saml]"));

    let provider = resources
        .iter()
        .find(|(a, _)| a.starts_with("aws_cognito_identity_provider."))
        .unwrap()
        .1;
    let lifecycle = provider
        .blocks()
        .find(|b| b.identifier() == "lifecycle")
        .unwrap();
    let ignored = lifecycle
        .body()
        .attributes()
        .next()
        .unwrap()
        .expr()
        .to_string();
    assert!(
        ignored.contains("provider_details[\"ActiveEncryptionCertificate\"]"),
        "{ignored}"
    );
    let live_provider = fed.live_provider().await;
    let mut details = live_provider["ProviderDetails"]
        .as_object()
        .unwrap()
        .clone();
    details.remove("ActiveEncryptionCertificate");
    assert_eq!(
        block_as_json(provider)["provider_details"],
        Value::Object(details)
    );

    let secret = live["ClientSecret"].as_str().unwrap();
    assert!(!text.contains(secret));
    let generated = live_provider["ProviderDetails"]["ActiveEncryptionCertificate"]
        .as_str()
        .unwrap();
    assert!(!text.contains(&generated[..40]));

    // `terraform fmt -check` where Terraform is installed (it needs no providers).
    if let Ok(out) = Command::new("terraform")
        .args(["fmt", "-check", "-diff"])
        .arg(&path)
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .output()
    {
        assert!(
            out.status.success(),
            "terraform fmt would change the file:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[tokio::test]
async fn terraform_export_with_okta_credentials_adopts_the_okta_app_too() {
    use support::okta::TOKEN;
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let okta = support::okta::start();
    let group = okta.add_group("Engineering", "Builds things");
    let mut setup = setup_in(dir.path(), &pool);
    setup.okta = Some(okta_cognito::setup::OktaSetup {
        org_url: Some(okta.org_url()),
        assign_groups: vec!["Engineering".into()],
        ..Default::default()
    });
    let file = dir.path().join("setup.toml");
    setup.save(&file).unwrap();
    let with_emulator = |mut c: Command| {
        for (k, v) in moto().env() {
            c.env(k, v);
        }
        c
    };
    // The whole guide: the Okta app first, then Cognito reading its public Metadata URL.
    let r = run(bin()
        .args(["okta-app", "--config"])
        .arg(&file)
        .env("OKTA_API_TOKEN", TOKEN));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let r = run(with_emulator(bin())
        .args(["apply", "--yes", "--config"])
        .arg(&file));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let saved = okta_cognito::setup::Setup::load(&file).unwrap();
    let app_id = saved.okta.as_ref().unwrap().app_id.clone().unwrap();

    let out = dir.path().join("main.tf");
    let r = run(with_emulator(bin())
        .args(["export", "--format", "terraform", "--config"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .env("OKTA_API_TOKEN", TOKEN));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    let body: hcl::Body = hcl::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));

    let resource = |kind: &str| {
        body.blocks()
            .find(|b| b.identifier() == "resource" && b.labels()[0].as_str() == kind)
            .unwrap_or_else(|| panic!("no {kind}:\n{text}"))
            .body()
            .clone()
    };
    let imported = |to: &str| {
        body.blocks()
            .filter(|b| b.identifier() == "import")
            .find(|b| {
                b.body()
                    .attributes()
                    .any(|a| a.key() == "to" && a.expr().to_string() == to)
            })
            .and_then(|b| {
                b.body()
                    .attributes()
                    .find(|a| a.key() == "id")
                    .map(|a| a.expr().clone())
            })
            .unwrap_or_else(|| panic!("no import of {to}:\n{text}"))
    };
    assert_eq!(
        imported("okta_app_saml.cognito"),
        hcl::Expression::String(app_id.clone())
    );
    assert_eq!(
        imported("okta_app_group_assignments.cognito"),
        hcl::Expression::String(app_id.clone())
    );

    // The app's arguments are what Okta holds.
    let held = okta
        .apps()
        .into_iter()
        .find(|a| a["id"] == json!(app_id))
        .unwrap();
    let sign_on = &held["settings"]["signOn"];
    let app = block_as_json(&resource("okta_app_saml"));
    for (arg, key) in [
        ("sso_url", "ssoAcsUrl"),
        ("audience", "audience"),
        ("recipient", "recipient"),
        ("destination", "destination"),
        ("subject_name_id_format", "subjectNameIdFormat"),
        ("subject_name_id_template", "subjectNameIdTemplate"),
        ("signature_algorithm", "signatureAlgorithm"),
        ("response_signed", "responseSigned"),
    ] {
        assert_eq!(app[arg], sign_on[key], "{arg}:\n{text}");
    }
    assert_eq!(app["label"], held["label"]);
    let statements: Vec<&str> = resource("okta_app_saml")
        .blocks()
        .filter(|b| b.identifier() == "attribute_statements")
        .map(|b| {
            b.body()
                .attributes()
                .find(|a| a.key() == "name")
                .map(|a| a.expr().to_string())
                .unwrap()
        })
        .map(|s| Box::leak(s.into_boxed_str()) as &str)
        .collect();
    let held_names: Vec<String> = sign_on["attributeStatements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("\"{}\"", s["name"].as_str().unwrap()))
        .collect();
    assert_eq!(statements, held_names);
    assert!(text.contains(&format!("id       = \"{group}\"")), "{text}");

    // Cognito reads the app's public Metadata URL, built from the app's entity key (the
    // provider's own metadata_url needs a token).
    let provider = resource("aws_cognito_identity_provider");
    let details = provider
        .attributes()
        .find(|a| a.key() == "provider_details")
        .unwrap()
        .expr()
        .to_string();
    assert!(
        details.contains("${okta_app_saml.cognito.entity_key}/sso/saml/metadata"),
        "{details}"
    );
    assert!(!text.contains(TOKEN), "no credential is written");

    if let Ok(out) = Command::new("terraform")
        .args(["fmt", "-check", "-diff"])
        .arg(&out)
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[tokio::test]
async fn a_provider_that_is_not_saml_is_refused_before_its_secret_could_be_written() {
    let fed = customised_federation().await;
    let api = api().await;
    api.create_identity_provider()
        .user_pool_id(&fed.pool)
        .provider_name("Corp")
        .provider_type(aws_sdk_cognitoidentityprovider::types::IdentityProviderTypeType::Oidc)
        .provider_details("client_id", "corp-client")
        .provider_details("client_secret", "corp-secret-value")
        .provider_details("authorize_scopes", "openid")
        .provider_details("oidc_issuer", "https://idp.example.com")
        .provider_details("attributes_request_method", "GET")
        .send()
        .await
        .unwrap();
    let mut cmd = bin();
    for (k, v) in moto().env() {
        cmd.env(k, v);
    }
    let r = run(cmd
        .args([
            "export",
            "--format",
            "terraform",
            "--user-pool-id",
            &fed.pool,
        ])
        .args(["--client-id", &fed.client_id, "--provider", "Corp"]));
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("export-provider-not-saml"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("corp-secret-value"));
}

/// A mapping value may hold U+FFFE and U+FFFF (AWS's model allows any string there), which
/// YAML forbids raw even in double quotes: the template escapes them, so PyYAML reads the
/// exact value back and cfn-lint accepts the template.
#[tokio::test]
async fn cloudformation_escapes_what_yaml_may_not_carry_raw() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), &pool);
    let client_id = plan_and_apply(&api, &setup).await.client_id.unwrap();
    let odd = "mail\u{fffe}x\u{ffff}\u{85}\u{7f}";
    api.update_identity_provider()
        .user_pool_id(&pool)
        .provider_name(&setup.provider.name)
        .attribute_mapping("email", odd)
        .send()
        .await
        .unwrap();
    let fed = Federation {
        dir,
        pool,
        client_id,
        provider: setup.provider.name.clone(),
        domain: setup.domain.prefix.clone().unwrap(),
    };
    let (template_path, _) = fed.export("cloudformation", "odd.yaml");
    let text = std::fs::read_to_string(&template_path).unwrap();
    assert!(
        !text.contains('\u{fffe}') && !text.contains('\u{ffff}'),
        "written escaped"
    );
    let template = yaml_as_json(&template_path);
    let provider = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::Cognito::UserPoolIdentityProvider")
        .unwrap();
    assert_eq!(provider["Properties"]["AttributeMapping"]["email"], odd);
    let (code, report) = cfn_lint(&template_path);
    assert_eq!(code, 0, "cfn-lint:\n{report}");
}

/// A pool with three customers exports as three tenants in every form: the setup file (each
/// further tenant a `[[federation]]` with its own metadata file beside it, planning to no
/// change), Terraform and CloudFormation (an import per provider, the client after all of
/// them), each accepted by its real checker.
#[tokio::test]
async fn every_tenant_is_exported_in_every_form() {
    use okta_cognito::flows::tenant::{NewTenant, add};
    use okta_cognito::setup::{IdpKind, Setup};
    let api = api().await;
    let pool = new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.provider.identifiers = vec!["acme.example".into()];
    for (name, idp, fixture) in [
        (
            "Initech",
            IdpKind::Entra,
            "metadata/derived/entra-current-cert.xml",
        ),
        ("Globex", IdpKind::Saml, "metadata/real/shibboleth-1.xml"),
    ] {
        let file = format!("{}.xml", name.to_lowercase());
        std::fs::copy(support::fixture(fixture), dir.path().join(&file)).unwrap();
        setup = add(
            &setup,
            NewTenant {
                name: name.into(),
                idp,
                domains: vec![format!("{}.example", name.to_lowercase())],
                metadata_url: None,
                metadata_file: Some(file.into()),
            },
        )
        .unwrap_or_else(|f| panic!("{f:#?}"));
    }
    let (state, plan) = okta_cognito::flows::plan::run(&api, &setup).await.unwrap();
    let applied = okta_cognito::cognito::apply::apply(&api, &setup, &state, &plan, &|_| {}).await;
    assert!(applied.succeeded(), "{:#?}", applied.failures);
    let client_id = applied.client_id.unwrap();
    let export = |format: &str, file: &str| {
        let out = dir.path().join("out").join(file);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let mut cmd = bin();
        for (k, v) in moto().env() {
            cmd.env(k, v);
        }
        let r = run(cmd
            .args(["export", "--format", format, "--user-pool-id", &pool])
            .args(["--client-id", &client_id, "-o"])
            .arg(&out));
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        out
    };

    let toml = export("toml", "saas.toml");
    let exported = Setup::load(&toml).unwrap();
    let names: Vec<&str> = exported
        .federations()
        .iter()
        .map(|f| f.provider.name.as_str())
        .collect();
    assert_eq!(names, ["Okta", "Initech", "Globex"]);
    assert_eq!(exported.more_federations[0].provider.idp, IdpKind::Entra);
    assert_eq!(
        exported.more_federations[1]
            .provider
            .metadata_file
            .as_deref(),
        Some(Path::new("saas-metadata-Globex.xml"))
    );
    assert!(dir.path().join("out/saas-metadata-Initech.xml").is_file());
    let (_, again) = okta_cognito::flows::plan::run(&api, &exported)
        .await
        .unwrap();
    assert!(again.changes.is_empty(), "{:#?}", again.changes);

    let tf = std::fs::read_to_string(export("terraform", "main.tf")).unwrap();
    let body: hcl::Body = hcl::from_str(&tf).unwrap_or_else(|e| panic!("{e}\n{tf}"));
    let mut import_ids = vec![];
    for block in body.blocks().filter(|b| b.identifier() == "import") {
        let attr = |k: &str| {
            block
                .body()
                .attributes()
                .find(|a| a.key() == k)
                .unwrap()
                .expr()
                .to_string()
        };
        if attr("to").starts_with("aws_cognito_identity_provider.") {
            import_ids.push((attr("to"), attr("id")));
        }
    }
    assert_eq!(
        import_ids,
        [
            (
                "aws_cognito_identity_provider.saml".to_string(),
                format!("\"{pool}:Okta\"")
            ),
            (
                "aws_cognito_identity_provider.saml_2".to_string(),
                format!("\"{pool}:Initech\"")
            ),
            (
                "aws_cognito_identity_provider.saml_3".to_string(),
                format!("\"{pool}:Globex\"")
            ),
        ]
    );
    assert!(
        tf.contains("depends_on = [aws_cognito_identity_provider.saml, aws_cognito_identity_provider.saml_2, aws_cognito_identity_provider.saml_3]"),
        "{tf}"
    );

    let template = export("cloudformation", "federation.yaml");
    let (code, report) = cfn_lint(&template);
    assert_eq!(code, 0, "cfn-lint:\n{report}");
    let t = yaml_as_json(&template);
    assert_eq!(
        t["Resources"]["AppClient"]["DependsOn"],
        json!(["SamlProvider", "SamlProvider2", "SamlProvider3"])
    );
    assert_eq!(
        t["Resources"]["SamlProvider3"]["Properties"]["ProviderName"],
        "Globex"
    );
    let imports: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/federation-import.json")).unwrap(),
    )
    .unwrap();
    let providers: Vec<&str> = imports
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ResourceType"] == "AWS::Cognito::UserPoolIdentityProvider")
        .map(|r| r["ResourceIdentifier"]["ProviderName"].as_str().unwrap())
        .collect();
    assert_eq!(providers, ["Okta", "Initech", "Globex"]);
}

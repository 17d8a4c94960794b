//! A place to test `login` as it runs for real: a pool and an app client in the emulator
//! (so the tool reads the pool's issuer and the client's secret from AWS), the hosted-UI
//! stand-in signing as that pool's issuer, and a setup file naming them.

use super::hosted_ui::{HostedUi, Mode};
use super::moto::{free_port, moto};
use aws_sdk_cognitoidentityprovider::types::IssuerType;
use std::path::PathBuf;

pub struct LoginLab {
    pub dir: tempfile::TempDir,
    pub file: PathBuf,
    pub port: u16,
    pub fake: HostedUi,
    pub pool: String,
    pub client_id: String,
    /// The client's secret, when it was made with one.
    pub secret: Option<String>,
    /// The pool's issuer, as the stand-in signs.
    pub issuer: String,
}

#[derive(Clone, Copy, Default)]
pub struct Pool {
    pub updated_issuer: bool,
    pub client_secret: bool,
}

impl LoginLab {
    pub fn new(mode: Mode) -> LoginLab {
        LoginLab::with(mode, Pool::default())
    }

    pub fn with(mode: Mode, pool: Pool) -> LoginLab {
        // Its own runtime on its own thread: callers may be plain or tokio tests.
        let (pool_id, client_id, secret) = std::thread::spawn(move || {
            tokio::runtime::Runtime::new()
                .unwrap()
                .block_on(create(pool))
        })
        .join()
        .unwrap();
        let port = free_port();
        let fake = HostedUi::start_for_any_client_with(mode, port);
        let host = if pool.updated_issuer {
            "issuer-cognito-idp"
        } else {
            "cognito-idp"
        };
        let issuer = format!("https://{host}.us-east-1.amazonaws.com/{pool_id}");
        fake.sign_as(&issuer);
        if let Some(s) = &secret {
            fake.require_secret(s);
        }
        let dir = tempfile::tempdir().unwrap();
        let mut s = okta_cognito::setup::Setup::new("us-east-1", &pool_id);
        s.app_client.client_id = Some(client_id.clone());
        s.domain.prefix = Some("fake".into());
        s.provider.metadata_url = Some("https://acme.okta.com/app/exk1/sso/saml/metadata".into());
        s.provider
            .attribute_mapping
            .insert("email".into(), "Email Id".into());
        s.provider
            .attribute_mapping
            .insert("custom:dept".into(), "department".into());
        s.login.port = port;
        // Every mapped attribute arrives unless a test takes one away.
        fake.set_claim("custom:dept", serde_json::json!("Engineering"));
        let file = dir.path().join("setup.toml");
        s.save(&file).unwrap();
        LoginLab {
            dir,
            file,
            port,
            fake,
            pool: pool_id,
            client_id,
            secret,
            issuer,
        }
    }

    /// `login --config FILE` against the emulator and this lab's stand-in.
    pub fn cmd(&self) -> std::process::Command {
        self.cmd_with_keys_at(&self.fake.issuer())
    }

    /// The same, with the pool's signing keys fetched under `issuer_url` instead.
    pub fn cmd_with_keys_at(&self, issuer_url: &str) -> std::process::Command {
        let mut cmd = super::bin();
        for (k, v) in moto().env() {
            cmd.env(k, v);
        }
        cmd.args(["login", "--config"]).arg(&self.file).args([
            "--hosted-ui-url",
            &self.fake.base(),
            "--issuer-url",
            issuer_url,
        ]);
        cmd
    }
}

async fn create(pool: Pool) -> (String, String, Option<String>) {
    let api = moto().client().await;
    let kind = if pool.updated_issuer {
        IssuerType::Updated
    } else {
        IssuerType::Original
    };
    let pool_id = super::federation::new_pool_on(&api, None, Some(kind)).await;
    let client = api
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("okta-web")
        .generate_secret(pool.client_secret)
        .send()
        .await
        .unwrap();
    let c = client.user_pool_client().unwrap();
    (
        pool_id,
        c.client_id().unwrap().to_string(),
        c.client_secret().map(String::from),
    )
}

//! One `okta-app` case: a setup file in a fresh folder and a strict Okta stand-in, and the
//! real binary run against them.

use super::okta::{OktaStandIn, TOKEN};
use super::{Run, bin, run};
use std::path::Path;

pub const POOL: &str = "us-east-1_AbCdEf123";
pub const ACS: &str = "https://acme-auth.auth.us-east-1.amazoncognito.com/saml2/idpresponse";

pub fn setup_text(extra: &str) -> String {
    format!(
        r#"region = "us-east-1"
user_pool_id = "{POOL}"

[domain]
prefix = "acme-auth"

[provider]
name = "Okta"

[provider.attribute_mapping]
email = "Email Id"
given_name = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"
{extra}"#
    )
}

pub struct Case {
    pub okta: OktaStandIn,
    pub dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
}

impl Case {
    pub fn new(extra: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("setup.toml");
        std::fs::write(&path, setup_text(extra)).unwrap();
        Case {
            okta: super::okta::start(),
            dir,
            path,
        }
    }

    /// `okta-app --config <this setup> ARGS` pointed at the stand-in, with no credentials yet.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = bin();
        cmd.arg("okta-app")
            .arg("--config")
            .arg(&self.path)
            .args(args)
            .env("OKTA_ORG_URL", self.okta.org_url());
        cmd
    }

    pub fn run_with(&self, token: &str, args: &[&str]) -> Run {
        run(self.command(args).env("OKTA_API_TOKEN", token))
    }

    /// Runs with a service app's credentials only (no API token in the environment).
    pub fn run_as_service_app(&self, client_id: &str, key_file: &Path, args: &[&str]) -> Run {
        run(self
            .command(args)
            .env("OKTA_CLIENT_ID", client_id)
            .env("OKTA_PRIVATE_KEY_FILE", key_file))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(TOKEN, args)
    }

    pub fn setup(&self) -> toml::Value {
        toml::from_str(&std::fs::read_to_string(&self.path).unwrap()).unwrap()
    }

    pub fn file(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap()
    }
}

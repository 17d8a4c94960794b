//! Loading AWS configuration through the standard aws-config chain (profile, region,
//! environment, SSO, `AWS_ENDPOINT_URL`), with the command line's overrides on top.

use aws_config::{BehaviorVersion, Region, SdkConfig};

pub async fn load_config(profile: Option<&str>, region: Option<&str>) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(p) = profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = region {
        loader = loader.region(Region::new(r.to_string()));
    }
    loader.load().await
}

pub fn cognito_client(config: &SdkConfig) -> aws_sdk_cognitoidentityprovider::Client {
    logged_cognito_client(config)
}

/// Logs each Cognito call when its attempt ends: the operation, the HTTP status and AWS's
/// request id (what AWS Support asks for), or that no answer came. Nothing of the request or
/// the answer's body, so no secret.
#[derive(Debug)]
struct CallLog;

impl aws_sdk_cognitoidentityprovider::config::Intercept for CallLog {
    fn name(&self) -> &'static str {
        "okta-cognito call log"
    }

    fn read_after_attempt(
        &self,
        context: &aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef<'_>,
        _runtime_components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        let operation = cfg
            .load::<aws_smithy_runtime_api::client::orchestrator::Metadata>()
            .map(|m| m.name().to_string())
            .unwrap_or_default();
        match context.response() {
            Some(r) => tracing::info!(
                operation,
                status = r.status().as_u16(),
                request_id = r.headers().get("x-amzn-requestid").unwrap_or("-"),
                "aws call"
            ),
            None => tracing::warn!(operation, "aws call: no answer"),
        }
        Ok(())
    }
}

/// A Cognito client for `config`, each call logged.
fn logged_cognito_client(config: &SdkConfig) -> aws_sdk_cognitoidentityprovider::Client {
    let conf = aws_sdk_cognitoidentityprovider::config::Builder::from(config)
        .interceptor(CallLog)
        .build();
    aws_sdk_cognitoidentityprovider::Client::from_conf(conf)
}

/// The largest AWS config file read for its regions (real ones are a few KiB).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Every profile in the AWS config file (`$AWS_CONFIG_FILE`, else `~/.aws/config`) that names
/// a region, as `(profile, region)`, in file order: what the wizard can offer without a call.
pub fn configured_regions() -> Vec<(String, String)> {
    let path = std::env::var_os("AWS_CONFIG_FILE")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".aws/config")));
    let Some(path) = path else {
        return vec![];
    };
    use std::io::Read;
    let mut text = String::new();
    let read =
        std::fs::File::open(&path).and_then(|f| f.take(MAX_CONFIG_BYTES).read_to_string(&mut text));
    if read.is_err() {
        return vec![];
    }
    profile_regions(&text)
}

/// `[default]` and `[profile NAME]` sections' `region` keys (other sections, such as
/// `[sso-session …]`, name no profile).
pub fn profile_regions(config: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut profile: Option<String> = None;
    for line in config.lines() {
        let line = line.trim();
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let section = section.trim();
            profile = if section == "default" {
                Some("default".into())
            } else {
                section
                    .strip_prefix("profile ")
                    .map(|p| p.trim().to_string())
            };
            continue;
        }
        let Some(name) = &profile else { continue };
        if let Some((key, value)) = line.split_once('=')
            && key.trim() == "region"
        {
            let region = value.split(['#', ';']).next().unwrap_or("").trim();
            if !region.is_empty() {
                out.push((name.clone(), region.to_string()));
            }
        }
    }
    out
}

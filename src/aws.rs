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

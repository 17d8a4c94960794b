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
    aws_sdk_cognitoidentityprovider::Client::new(config)
}

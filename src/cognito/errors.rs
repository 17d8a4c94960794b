//! Every SDK error becomes a Finding that names the call, the resource and the fix.

use crate::finding::Finding;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use std::error::Error as StdError;

/// The whole `source()` chain, because the SDK's top-level Display is often just
/// "dispatch failure".
fn chain(err: &dyn StdError) -> String {
    let mut parts = vec![err.to_string()];
    let mut cur = err.source();
    while let Some(e) = cur {
        let s = e.to_string();
        if !parts.contains(&s) {
            parts.push(s);
        }
        cur = e.source();
    }
    parts.join(": ")
}

/// What a person without working AWS credentials can do: set up keys, sign in through SSO, or
/// try the whole path first with no account at all.
pub const NO_ACCOUNT_FIX: &str = "Run `aws configure` (access keys) or `aws sso login --profile NAME` (then pass --profile NAME), or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN; or try the whole path first with no account: `okta-cognito rehearse`.";

fn login_fix() -> String {
    match std::env::var("AWS_PROFILE") {
        Ok(p) if !p.is_empty() => format!(
            "Sign in again: `aws sso login --profile {p}` (or refresh the keys of profile {p}), then re-run."
        ),
        _ => NO_ACCOUNT_FIX.to_string(),
    }
}

/// Maps an error code and message from AWS to a finding; `action` is the API name
/// (e.g. "DescribeUserPool"), `resource` says what was asked for.
pub fn from_code(code: &str, message: &str, action: &str, resource: &str) -> Finding {
    let msg = if message.is_empty() { code } else { message };
    match code {
        "AccessDeniedException"
        | "AccessDenied"
        | "UnauthorizedOperation"
        | "NotAuthorizedException" => Finding::error(
            crate::finding::codes::AWS_ACCESS_DENIED,
            format!("AWS refused cognito-idp:{action} on {resource}: {msg}"),
            format!(
                "Allow the IAM action cognito-idp:{action} for your identity; `okta-cognito iam-policy` prints every permission the tool needs."
            ),
        ),
        "ResourceNotFoundException" => Finding::error(
            crate::finding::codes::AWS_NOT_FOUND,
            format!("{resource} was not found ({action}): {msg}"),
            "Check the id and the region: user pool ids start with their region, and --region or the setup file's region must match.",
        ),
        "InvalidParameterException"
        | "InvalidOAuthFlowException"
        | "ScopeDoesNotExistException" => Finding::error(
            crate::finding::codes::AWS_INVALID_PARAMETER,
            format!("Cognito refused {action} for {resource}: {msg}"),
            "Correct the value AWS names in the message; `okta-cognito plan` shows the values the tool sends.",
        ),
        "FeatureUnavailableInTierException" => {
            super::feature_plan::unavailable(action, resource, msg)
        }
        "DuplicateProviderException" => Finding::error(
            crate::finding::codes::AWS_DUPLICATE_PROVIDER,
            format!("{action}: {msg}"),
            "A provider of that name already exists in the pool; re-run `okta-cognito apply`, which updates it instead.",
        ),
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch" => Finding::error(
            crate::finding::codes::AWS_CREDENTIALS_INVALID,
            format!("AWS did not accept your credentials when calling {action}: {msg}"),
            login_fix(),
        ),
        "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" | "TokenRefreshRequired" => {
            Finding::error(
                crate::finding::codes::AWS_CREDENTIALS_EXPIRED,
                format!("your AWS session has expired ({action}): {msg}"),
                login_fix(),
            )
        }
        "TooManyRequestsException" | "ThrottlingException" | "LimitExceededException" => {
            Finding::error(
                crate::finding::codes::AWS_THROTTLED,
                format!("AWS kept throttling {action} after the SDK's retries: {msg}"),
                "Wait a minute and run the command again; it is safe to repeat.",
            )
        }
        _ => Finding::error(
            crate::finding::codes::AWS_ERROR,
            format!("{action} on {resource} failed: {code}: {msg}"),
            "Read AWS's message above; the command is safe to re-run once the cause is fixed.",
        ),
    }
}

pub fn from_sdk<E, R>(err: &SdkError<E, R>, action: &str, resource: &str) -> Finding
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug,
{
    match err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            from_code(
                e.code().unwrap_or("Unknown"),
                e.message().unwrap_or(""),
                action,
                resource,
            )
        }
        SdkError::TimeoutError(_) => Finding::error(
            crate::finding::codes::AWS_TIMEOUT,
            format!("{action} timed out"),
            "Check your network connection (or AWS_ENDPOINT_URL) and run the command again.",
        ),
        other => {
            let text = chain(other);
            let lower = text.to_lowercase();
            if lower.contains("credential") || lower.contains("no token") || lower.contains("sso") {
                // The chain lists every provider it tried, one per line: the first says it all.
                let short = text
                    .split(" Attempted:")
                    .next()
                    .unwrap_or(&text)
                    .trim_end_matches('.');
                let short = short.rsplit(": ").next().unwrap_or(short);
                Finding::error(
                    crate::finding::codes::AWS_NO_CREDENTIALS,
                    format!("no usable AWS credentials for {action}: {short}"),
                    login_fix(),
                )
            } else if lower.contains("region") {
                Finding::error(
                    crate::finding::codes::AWS_NO_REGION,
                    format!("no AWS region for {action}: {text}"),
                    "Pass --region, set region in the setup file, or set AWS_REGION.",
                )
            } else {
                Finding::error(
                    crate::finding::codes::AWS_UNREACHABLE,
                    format!("could not reach Cognito for {action}: {text}"),
                    "Check your network connection, proxy settings, or AWS_ENDPOINT_URL, then run again.",
                )
            }
        }
    }
}

/// One finding per cause: concurrent reads that all fail for lack of credentials (or of a
/// network) say so once.
pub fn dedup_global(findings: Vec<Finding>) -> Vec<Finding> {
    use crate::finding::codes::*;
    const GLOBAL: [crate::finding::Code; 6] = [
        AWS_NO_CREDENTIALS,
        AWS_CREDENTIALS_INVALID,
        AWS_CREDENTIALS_EXPIRED,
        AWS_UNREACHABLE,
        AWS_TIMEOUT,
        AWS_NO_REGION,
    ];
    let mut out: Vec<Finding> = vec![];
    for f in findings {
        if GLOBAL.contains(&f.code) && out.iter().any(|o| o.code == f.code) {
            continue;
        }
        out.push(f);
    }
    out
}

/// Credentials could not be resolved at all (before any call was made).
pub fn no_credentials(detail: &str) -> Finding {
    let short = detail
        .split(" Attempted:")
        .next()
        .unwrap_or(detail)
        .trim_end_matches('.');
    let short = short.rsplit(": ").next().unwrap_or(short);
    Finding::error(
        crate::finding::codes::AWS_NO_CREDENTIALS,
        format!("no usable AWS credentials: {short}"),
        login_fix(),
    )
}

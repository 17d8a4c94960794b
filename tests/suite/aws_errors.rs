//! Every SDK error class becomes a finding that names the call, the resource and the fix.

use okta_cognito::cognito::errors::{dedup_global, from_code};
use okta_cognito::finding::Finding;

#[test]
fn access_denied_names_the_missing_iam_action() {
    let f = from_code(
        "AccessDeniedException",
        "User: arn:aws:iam::1:user/x is not authorized to perform: cognito-idp:UpdateUserPoolClient",
        "UpdateUserPoolClient",
        "app client c1 in user pool us-east-1_X",
    );
    assert_eq!(f.code, "aws-access-denied");
    assert!(f.message.contains("cognito-idp:UpdateUserPoolClient"));
    assert!(f.fix.contains("cognito-idp:UpdateUserPoolClient") && f.fix.contains("iam-policy"));
}

#[test]
fn not_found_names_the_resource() {
    let f = from_code(
        "ResourceNotFoundException",
        "User pool us-east-1_X does not exist.",
        "DescribeUserPool",
        "user pool us-east-1_X",
    );
    assert_eq!(f.code, "aws-not-found");
    assert!(f.message.starts_with("user pool us-east-1_X was not found"));
    assert!(f.fix.contains("region"));
}

#[test]
fn invalid_parameter_quotes_aws() {
    let f = from_code(
        "InvalidParameterException",
        "No SingleSignOn Http redirect binding location found in metadata.",
        "CreateIdentityProvider",
        "provider Okta",
    );
    assert_eq!(f.code, "aws-invalid-parameter");
    assert!(
        f.message
            .contains("No SingleSignOn Http redirect binding location found in metadata.")
    );
}

#[test]
fn credential_problems_say_how_to_log_in() {
    for code in ["ExpiredTokenException", "ExpiredToken"] {
        let f = from_code(
            code,
            "The security token included in the request is expired",
            "DescribeUserPool",
            "p",
        );
        assert_eq!(f.code, "aws-credentials-expired");
        assert!(f.fix.contains("aws sso login"), "{}", f.fix);
    }
    let f = from_code(
        "UnrecognizedClientException",
        "The security token is invalid",
        "ListUserPools",
        "p",
    );
    assert_eq!(f.code, "aws-credentials-invalid");
    assert!(f.fix.contains("aws sso login"));
}

#[test]
fn throttling_after_retries_says_to_wait() {
    let f = from_code(
        "TooManyRequestsException",
        "Rate exceeded",
        "DescribeUserPool",
        "p",
    );
    assert_eq!(f.code, "aws-throttled");
    assert!(f.fix.contains("safe to repeat"));
}

#[test]
fn duplicate_provider_and_unknown_codes() {
    assert_eq!(
        from_code(
            "DuplicateProviderException",
            "Okta already exists",
            "CreateIdentityProvider",
            "p"
        )
        .code,
        "aws-duplicate-provider"
    );
    let f = from_code(
        "InternalErrorException",
        "boom",
        "DescribeUserPool",
        "user pool X",
    );
    assert_eq!(f.code, "aws-error");
    assert!(f.message.contains("InternalErrorException: boom"));
}

#[test]
fn one_finding_per_global_cause() {
    let creds = || {
        Finding::error(
            okta_cognito::finding::codes::AWS_NO_CREDENTIALS,
            "no creds",
            "log in",
        )
    };
    let out = dedup_global(vec![
        creds(),
        creds(),
        Finding::error(okta_cognito::finding::codes::AWS_NOT_FOUND, "a", "b"),
        Finding::error(okta_cognito::finding::codes::AWS_NOT_FOUND, "c", "d"),
    ]);
    assert_eq!(
        out.len(),
        3,
        "not-found findings name different resources and stay"
    );
}

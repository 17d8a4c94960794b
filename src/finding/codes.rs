//! Every finding code, once: constructors take a `Code`, so a misspelt code does not
//! compile, and scripts can rely on the list (`ALL`) being the whole vocabulary.

use serde::Serialize;
use std::fmt;

/// A stable kebab-case code scripts match on (`--json`'s `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(&'static str);

impl Code {
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.0
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.0.to_string()
    }
}

pub const AMBIGUOUS_CLIENT_NAME: Code = Code("ambiguous-client-name");
pub const ATTRIBUTE_IMMUTABLE: Code = Code("attribute-immutable");
pub const ATTRIBUTE_NOT_IN_SCHEMA: Code = Code("attribute-not-in-schema");
pub const AWS_ACCESS_DENIED: Code = Code("aws-access-denied");
pub const AWS_CREDENTIALS_EXPIRED: Code = Code("aws-credentials-expired");
pub const AWS_CREDENTIALS_INVALID: Code = Code("aws-credentials-invalid");
pub const AWS_DUPLICATE_PROVIDER: Code = Code("aws-duplicate-provider");
pub const AWS_ERROR: Code = Code("aws-error");
pub const AWS_INVALID_PARAMETER: Code = Code("aws-invalid-parameter");
pub const AWS_NO_CREDENTIALS: Code = Code("aws-no-credentials");
pub const AWS_NO_REGION: Code = Code("aws-no-region");
pub const AWS_NOT_FOUND: Code = Code("aws-not-found");
pub const AWS_THROTTLED: Code = Code("aws-throttled");
pub const AWS_TIMEOUT: Code = Code("aws-timeout");
pub const AWS_UNREACHABLE: Code = Code("aws-unreachable");
pub const CALLBACK_NOT_HTTPS: Code = Code("callback-not-https");
pub const CERTIFICATE_DOUBLE_ENCODED: Code = Code("certificate-double-encoded");
pub const CERTIFICATE_EMPTY: Code = Code("certificate-empty");
pub const CERTIFICATE_NOT_BASE64: Code = Code("certificate-not-base64");
pub const CERTIFICATE_NOT_DER: Code = Code("certificate-not-der");
pub const CERTIFICATE_NOT_IN_US_EAST_1: Code = Code("certificate-not-in-us-east-1");
pub const CERTIFICATE_PEM_ARMOR: Code = Code("certificate-pem-armor");
pub const CERTIFICATE_TOO_LONG: Code = Code("certificate-too-long");
pub const CLIENT_HAS_SECRET: Code = Code("client-has-secret");
pub const CLIENT_NAME_TAKEN: Code = Code("client-name-taken");
pub const CLIENT_OAUTH_DISABLED: Code = Code("client-oauth-disabled");
pub const CLIENT_SCOPE_LIST_TOO_LONG: Code = Code("client-scope-list-too-long");
pub const CLIENT_URL_LENGTH: Code = Code("client-url-length");
pub const CLIENT_URL_LIST_TOO_LONG: Code = Code("client-url-list-too-long");
pub const CODE_GRANT_OFF: Code = Code("code-grant-off");
pub const CONTROL_CHARACTER_IN_SETUP: Code = Code("control-character-in-setup");
pub const CUSTOM_DOMAIN_NEEDS_CERTIFICATE: Code = Code("custom-domain-needs-certificate");
pub const CUSTOM_DOMAIN_NO_CERTIFICATE: Code = Code("custom-domain-no-certificate");
pub const CUSTOM_DOMAIN_PARENT_NO_A_RECORD: Code = Code("custom-domain-parent-no-a-record");
pub const DOCTOR_METADATA_UNREACHABLE: Code = Code("doctor-metadata-unreachable");
pub const DOCTOR_NEEDS_CLIENT_ID: Code = Code("doctor-needs-client-id");
pub const DOMAIN_CHOICE: Code = Code("domain-choice");
pub const DOMAIN_FAILED: Code = Code("domain-failed");
pub const DOMAIN_MISSING: Code = Code("domain-missing");
pub const DOMAIN_NOT_ACTIVE: Code = Code("domain-not-active");
pub const DOMAIN_PREFIX_TAKEN: Code = Code("domain-prefix-taken");
pub const DUPLICATE_IDENTIFIER: Code = Code("duplicate-identifier");
pub const DUPLICATE_URL: Code = Code("duplicate-url");
pub const EMPTY_SAML_ATTRIBUTE: Code = Code("empty-saml-attribute");
pub const ENCRYPTED_RESPONSES_WINDOW: Code = Code("encrypted-responses-window");
pub const ENTITY_ID_NOT_URI: Code = Code("entity-id-not-uri");
pub const EXPIRED_ROLLOVER_CERTIFICATE: Code = Code("expired-rollover-certificate");
pub const EXPORT_NEEDS_OUTPUT: Code = Code("export-needs-output");
pub const EXPORT_NO_FEDERATED_CLIENT: Code = Code("export-no-federated-client");
pub const EXPORT_OKTA_APP_UNKNOWN: Code = Code("export-okta-app-unknown");
pub const EXPORT_PROVIDER_NOT_SAML: Code = Code("export-provider-not-saml");
pub const EXPORT_SEVERAL_CLIENTS: Code = Code("export-several-clients");
pub const EXPORT_TERRAFORM_IMPORT_ID: Code = Code("export-terraform-import-id");
pub const EXPORT_WRITE_FAILED: Code = Code("export-write-failed");
pub const FEATURE_PLAN_NO_MANAGED_LOGIN: Code = Code("feature-plan-no-managed-login");
pub const FEATURE_PLAN_UNAVAILABLE: Code = Code("feature-plan-unavailable");
pub const HTTP_CLIENT: Code = Code("http-client");
pub const IDP_INIT_WITH_COGNITO: Code = Code("idp-init-with-cognito");
pub const IDP_INITIATED_SIGN_IN: Code = Code("idp-initiated-sign-in");
pub const IDP_SIGNOUT_WITHOUT_SLO: Code = Code("idp-signout-without-slo");
pub const IDP_WANTS_SIGNED_REQUESTS: Code = Code("idp-wants-signed-requests");
pub const INVALID_ACCOUNT_ID: Code = Code("invalid-account-id");
pub const INVALID_CACHE_DURATION: Code = Code("invalid-cache-duration");
pub const INVALID_CERTIFICATE_ARN: Code = Code("invalid-certificate-arn");
pub const INVALID_CLIENT_ID: Code = Code("invalid-client-id");
pub const INVALID_CLIENT_NAME: Code = Code("invalid-client-name");
pub const INVALID_CUSTOM_DOMAIN: Code = Code("invalid-custom-domain");
pub const INVALID_DOMAIN_PREFIX: Code = Code("invalid-domain-prefix");
pub const INVALID_IDENTIFIER: Code = Code("invalid-identifier");
pub const INVALID_LOGIN_PORT: Code = Code("invalid-login-port");
pub const INVALID_MANAGED_LOGIN_VERSION: Code = Code("invalid-managed-login-version");
pub const INVALID_METADATA_URL: Code = Code("invalid-metadata-url");
pub const INVALID_PROVIDER_NAME: Code = Code("invalid-provider-name");
pub const INVALID_REGION: Code = Code("invalid-region");
pub const INVALID_REQUEST_SIGNING_ALGORITHM: Code = Code("invalid-request-signing-algorithm");
pub const INVALID_URL: Code = Code("invalid-url");
pub const USAGE_ERROR: Code = Code("usage-error");
pub const INVALID_USER_POOL_ID: Code = Code("invalid-user-pool-id");
pub const INVALID_VALID_UNTIL: Code = Code("invalid-valid-until");
pub const INVALID_WANT_AUTHN_REQUESTS_SIGNED: Code = Code("invalid-want-authn-requests-signed");
pub const JWKS_UNAVAILABLE: Code = Code("jwks-unavailable");
pub const LINK_PROVIDER_USER_MISMATCH: Code = Code("link-provider-user-mismatch");
pub const LOGIN_NEEDS_CLIENT_ID: Code = Code("login-needs-client-id");
pub const LOGIN_NEEDS_DOMAIN: Code = Code("login-needs-domain");
pub const LOGIN_PORT_IN_USE: Code = Code("login-port-in-use");
pub const MANAGED_LOGIN_BRANDING_MISSING: Code = Code("managed-login-branding-missing");
pub const MANAGED_LOGIN_NO_BRANDING: Code = Code("managed-login-no-branding");
pub const MAPPED_ATTRIBUTE_NOT_SENT: Code = Code("mapped-attribute-not-sent");
pub const MAPPED_ATTRIBUTE_EMPTY: Code = Code("mapped-attribute-empty");
pub const MAPPED_ATTRIBUTE_IMMUTABLE: Code = Code("mapped-attribute-immutable");
pub const MAPPED_ATTRIBUTE_NOT_IN_SCHEMA: Code = Code("mapped-attribute-not-in-schema");
pub const MAPPED_ATTRIBUTE_NOT_READABLE: Code = Code("mapped-attribute-not-readable");
pub const MAPPED_ATTRIBUTE_NOT_WRITABLE: Code = Code("mapped-attribute-not-writable");
pub const MAPPED_CUSTOM_ATTRIBUTE_MISSING: Code = Code("mapped-custom-attribute-missing");
pub const MAPPING_KEY_TOO_LONG: Code = Code("mapping-key-too-long");
pub const MAPPING_TO_USERNAME: Code = Code("mapping-to-username");
pub const MAPPING_VALUE_TOO_LONG: Code = Code("mapping-value-too-long");
pub const METADATA_ADDRESS_REFUSED: Code = Code("metadata-address-refused");
pub const METADATA_BINARY: Code = Code("metadata-binary");
pub const METADATA_COMPRESSED: Code = Code("metadata-compressed");
pub const METADATA_DOCTYPE_REFUSED: Code = Code("metadata-doctype-refused");
pub const METADATA_EMPTY: Code = Code("metadata-empty");
pub const METADATA_ENTITY_NOT_FOUND: Code = Code("metadata-entity-not-found");
pub const METADATA_EXPIRED: Code = Code("metadata-expired");
pub const METADATA_FETCH_FAILED: Code = Code("metadata-fetch-failed");
pub const METADATA_FILE_UNREADABLE: Code = Code("metadata-file-unreadable");
pub const METADATA_HTTP_ERROR: Code = Code("metadata-http-error");
pub const METADATA_INVALID_UTF8: Code = Code("metadata-invalid-utf8");
pub const METADATA_IS_HTML: Code = Code("metadata-is-html");
pub const METADATA_IS_JSON: Code = Code("metadata-is-json");
pub const METADATA_IS_SIGNIN_PAGE: Code = Code("metadata-is-signin-page");
pub const METADATA_MISSING_ENTITY_ID: Code = Code("metadata-missing-entity-id");
pub const METADATA_MULTIPLE_IDPS: Code = Code("metadata-multiple-idps");
pub const METADATA_NO_IDP: Code = Code("metadata-no-idp");
pub const METADATA_NO_RECOGNISED_SSO_BINDING: Code = Code("metadata-no-recognised-sso-binding");
pub const METADATA_NO_REDIRECT_SSO: Code = Code("metadata-no-redirect-sso");
pub const METADATA_NO_ROOT: Code = Code("metadata-no-root");
pub const METADATA_NO_SIGNING_CERTIFICATE: Code = Code("metadata-no-signing-certificate");
pub const METADATA_NO_SSO: Code = Code("metadata-no-sso");
pub const METADATA_NOT_CHECKED: Code = Code("metadata-not-checked");
pub const METADATA_NOT_WELL_FORMED: Code = Code("metadata-not-well-formed");
pub const METADATA_NOT_XML: Code = Code("metadata-not-xml");
pub const METADATA_REDIRECT_REFUSED: Code = Code("metadata-redirect-refused");
pub const METADATA_SOURCE_CHOICE: Code = Code("metadata-source-choice");
pub const METADATA_SP_ONLY: Code = Code("metadata-sp-only");
pub const METADATA_TIMEOUT: Code = Code("metadata-timeout");
pub const METADATA_TOO_DEEP: Code = Code("metadata-too-deep");
pub const METADATA_TOO_LARGE: Code = Code("metadata-too-large");
pub const METADATA_TOO_MANY_NAMESPACES: Code = Code("metadata-too-many-namespaces");
pub const METADATA_TRUNCATED: Code = Code("metadata-truncated");
pub const METADATA_UNDECLARED_PREFIX: Code = Code("metadata-undeclared-prefix");
pub const METADATA_UNREACHABLE: Code = Code("metadata-unreachable");
pub const METADATA_UNREADABLE: Code = Code("metadata-unreadable");
pub const METADATA_URL_APP_ID: Code = Code("metadata-url-app-id");
pub const METADATA_URL_NEEDS_TOKEN: Code = Code("metadata-url-needs-token");
pub const METADATA_URL_NOT_HTTPS: Code = Code("metadata-url-not-https");
pub const METADATA_UTF16: Code = Code("metadata-utf16");
pub const METADATA_WRONG_NAMESPACE: Code = Code("metadata-wrong-namespace");
pub const METADATA_WRONG_ROOT: Code = Code("metadata-wrong-root");
pub const MISSING_ARGUMENTS: Code = Code("missing-arguments");
pub const MISSING_CLIENT_NAME: Code = Code("missing-client-name");
pub const MISSING_DOMAIN: Code = Code("missing-domain");
pub const NO_BROWSER: Code = Code("no-browser");
pub const NO_CALLBACK_URL: Code = Code("no-callback-url");
pub const NO_ID_TOKEN: Code = Code("no-id-token");
pub const NO_SAML_PROVIDER: Code = Code("no-saml-provider");
pub const NO_SIGNOUT_URL_WITH_IDP_SIGNOUT: Code = Code("no-signout-url-with-idp-signout");
pub const OAUTH_FLOWS_OFF: Code = Code("oauth-flows-off");
pub const OKTA_ACS_MISMATCH: Code = Code("okta-acs-mismatch");
pub const OKTA_ANSWER_TOO_LARGE: Code = Code("okta-answer-too-large");
pub const OKTA_API_ERROR: Code = Code("okta-api-error");
pub const OKTA_APP_AMBIGUOUS: Code = Code("okta-app-ambiguous");
pub const OKTA_APP_ID_INVALID: Code = Code("okta-app-id-invalid");
pub const OKTA_APP_INACTIVE: Code = Code("okta-app-inactive");
pub const OKTA_APP_LABEL_EMPTY: Code = Code("okta-app-label-empty");
pub const OKTA_APP_LABEL_TAKEN: Code = Code("okta-app-label-taken");
pub const OKTA_APP_NOT_FOUND: Code = Code("okta-app-not-found");
pub const OKTA_APP_NOT_SAML: Code = Code("okta-app-not-saml");
pub const OKTA_APP_UNKNOWN: Code = Code("okta-app-unknown");
pub const OKTA_ASSERTION_ENCRYPTION_OFF: Code = Code("okta-assertion-encryption-off");
pub const OKTA_ASSERTION_ENCRYPTION_UNEXPECTED: Code = Code("okta-assertion-encryption-unexpected");
pub const OKTA_ASSIGNEE_EMPTY: Code = Code("okta-assignee-empty");
pub const OKTA_ATTRIBUTE_STATEMENT_MISSING: Code = Code("okta-attribute-statement-missing");
pub const OKTA_ATTRIBUTE_VALUE_EMPTY: Code = Code("okta-attribute-value-empty");
pub const OKTA_ATTRIBUTE_VALUE_UNMAPPED: Code = Code("okta-attribute-value-unmapped");
pub const OKTA_AUDIENCE_MISMATCH: Code = Code("okta-audience-mismatch");
pub const OKTA_CHECK_SKIPPED: Code = Code("okta-check-skipped");
pub const OKTA_CLIENT_ASSERTION_REJECTED: Code = Code("okta-client-assertion-rejected");
pub const OKTA_CLIENT_CREDENTIALS_NOT_ALLOWED: Code = Code("okta-client-credentials-not-allowed");
pub const OKTA_CLIENT_ID_MISSING: Code = Code("okta-client-id-missing");
pub const OKTA_CLIENT_SETUP: Code = Code("okta-client-setup");
pub const OKTA_CREDENTIALS_MISSING: Code = Code("okta-credentials-missing");
pub const OKTA_DPOP_KEY: Code = Code("okta-dpop-key");
pub const OKTA_DPOP_PROOF_REJECTED: Code = Code("okta-dpop-proof-rejected");
pub const OKTA_ENCRYPTION_CERTIFICATE_PENDING: Code = Code("okta-encryption-certificate-pending");
pub const OKTA_ENCRYPTION_CERTIFICATE_STALE: Code = Code("okta-encryption-certificate-stale");
pub const OKTA_FORBIDDEN: Code = Code("okta-forbidden");
pub const OKTA_GROUP_AMBIGUOUS: Code = Code("okta-group-ambiguous");
pub const OKTA_GROUP_NOT_FOUND: Code = Code("okta-group-not-found");
pub const OKTA_INVALID_REQUEST: Code = Code("okta-invalid-request");
pub const OKTA_METADATA_ENTITY_UNEXPECTED: Code = Code("okta-metadata-entity-unexpected");
pub const OKTA_METADATA_NOT_FOUND: Code = Code("okta-metadata-not-found");
pub const OKTA_METADATA_URL_NOT_PUBLIC: Code = Code("okta-metadata-url-not-public");
pub const OKTA_NAME_ID_CHANGED: Code = Code("okta-name-id-changed");
pub const OKTA_NAME_ID_FORMAT_INVALID: Code = Code("okta-name-id-format-invalid");
pub const OKTA_NAME_ID_KEPT: Code = Code("okta-name-id-kept");
pub const OKTA_NEEDS_DOMAIN: Code = Code("okta-needs-domain");
pub const OKTA_NOBODY_ASSIGNED: Code = Code("okta-nobody-assigned");
pub const OKTA_NOT_FOUND: Code = Code("okta-not-found");
pub const OKTA_ORG_MISMATCH: Code = Code("okta-org-mismatch");
pub const OKTA_ORG_MISSING: Code = Code("okta-org-missing");
pub const OKTA_ORG_URL_INVALID: Code = Code("okta-org-url-invalid");
pub const OKTA_PRIVATE_KEY_MISSING: Code = Code("okta-private-key-missing");
pub const OKTA_PRIVATE_KEY_EXPOSED: Code = Code("okta-private-key-exposed");
pub const OKTA_PRIVATE_KEY_UNREADABLE: Code = Code("okta-private-key-unreadable");
pub const OKTA_PRIVATE_KEY_UNUSABLE: Code = Code("okta-private-key-unusable");
pub const OKTA_RATE_LIMITED: Code = Code("okta-rate-limited");
pub const OKTA_REDIRECTED: Code = Code("okta-redirected");
pub const OKTA_RELAY_STATE_PENDING: Code = Code("okta-relay-state-pending");
pub const OKTA_REQUEST_FAILED: Code = Code("okta-request-failed");
pub const OKTA_SCOPE_NOT_GRANTED: Code = Code("okta-scope-not-granted");
pub const OKTA_SERVER_ERROR: Code = Code("okta-server-error");
pub const OKTA_SIGNED_REQUESTS_CONSOLE: Code = Code("okta-signed-requests-console");
pub const OKTA_SIGNING_CERTIFICATE_MISSING: Code = Code("okta-signing-certificate-missing");
pub const OKTA_SIGNING_CERTIFICATE_STALE: Code = Code("okta-signing-certificate-stale");
pub const OKTA_SIGNING_CERTIFICATE_UNKNOWN: Code = Code("okta-signing-certificate-unknown");
pub const OKTA_TOKEN_INVALID: Code = Code("okta-token-invalid");
pub const OKTA_TOKEN_REQUEST_FAILED: Code = Code("okta-token-request-failed");
pub const OKTA_UNEXPECTED_RESPONSE: Code = Code("okta-unexpected-response");
pub const OKTA_UNREACHABLE: Code = Code("okta-unreachable");
pub const OKTA_USER_NOT_FOUND: Code = Code("okta-user-not-found");
pub const OPENID_MISSING: Code = Code("openid-missing");
pub const PASTED_URL_REFUSED: Code = Code("pasted-url-refused");
pub const PLACEHOLDER_ENTITY_ID: Code = Code("placeholder-entity-id");
pub const POOL_HAS_OTHER_DOMAIN: Code = Code("pool-has-other-domain");
pub const PRESIGNUP_TRIGGER_FAILED: Code = Code("presignup-trigger-failed");
pub const PRIVILEGED_LOGIN_PORT: Code = Code("privileged-login-port");
pub const PROVIDER_DETAIL_TOO_LONG: Code = Code("provider-detail-too-long");
pub const PROVIDER_MISSING: Code = Code("provider-missing");
pub const PROVIDER_NOT_ENABLED: Code = Code("provider-not-enabled");
pub const PROVIDER_NOT_SAML: Code = Code("provider-not-saml");
pub const REDIRECT_MISMATCH: Code = Code("redirect-mismatch");
pub const REQUIRED_ATTRIBUTE_EMPTY: Code = Code("required-attribute-empty");
pub const REQUIRED_ATTRIBUTE_NOT_SENT: Code = Code("required-attribute-not-sent");
pub const REQUIRED_ATTRIBUTE_UNMAPPED: Code = Code("required-attribute-unmapped");
pub const RESERVED_DOMAIN_PREFIX: Code = Code("reserved-domain-prefix");
pub const SAML_ATTRIBUTE_WHITESPACE: Code = Code("saml-attribute-whitespace");
pub const SAML_AUDIENCE_MISMATCH: Code = Code("saml-audience-mismatch");
pub const SAML_SIGNATURE_INVALID: Code = Code("saml-signature-invalid");
pub const SCOPE_NEEDS_OPENID: Code = Code("scope-needs-openid");
pub const SETUP_FILE_INVALID: Code = Code("setup-file-invalid");
pub const SETUP_FILE_REHEARSAL_ONLY: Code = Code("setup-file-rehearsal-only");
pub const SETUP_FILE_TOO_LARGE: Code = Code("setup-file-too-large");
pub const SETUP_FILE_UNREADABLE: Code = Code("setup-file-unreadable");
pub const SETUP_FILE_UNWRITABLE: Code = Code("setup-file-unwritable");
pub const CONSUMER_MAIL_DOMAIN: Code = Code("consumer-mail-domain");
pub const PROVIDER_QUOTA: Code = Code("provider-quota");
pub const TENANT_NOT_FOUND: Code = Code("tenant-not-found");
pub const REMOVED_PROVIDER_IN_USE: Code = Code("removed-provider-in-use");
pub const LAST_TENANT: Code = Code("last-tenant");
pub const FEDERATION_IDENTIFIERS_DIFFER: Code = Code("federation-identifiers-differ");
pub const PROVIDER_METADATA_STALE: Code = Code("provider-metadata-stale");
pub const KIT_CERTIFICATE_MISSING: Code = Code("kit-certificate-missing");
pub const KIT_NEEDS_DOMAIN: Code = Code("kit-needs-domain");
pub const SEVERAL_FEDERATIONS_FIRST_ONLY: Code = Code("several-federations-first-only");
pub const FEDERATION_PROVIDER_TAKEN: Code = Code("federation-provider-taken");
pub const FEDERATION_IDENTIFIER_TAKEN: Code = Code("federation-identifier-taken");
pub const CALLBACK_SUCCEEDED: Code = Code("callback-succeeded");
pub const SIGN_IN_CANCELLED: Code = Code("sign-in-cancelled");
pub const SIGN_IN_ERROR: Code = Code("sign-in-error");
pub const SIGN_IN_TIMEOUT: Code = Code("sign-in-timeout");
pub const SIGN_IN_TOO_SLOW: Code = Code("sign-in-too-slow");
pub const SIGN_OUT_TIMEOUT: Code = Code("sign-out-timeout");
pub const SIGNING_CERTIFICATE_EXPIRED: Code = Code("signing-certificate-expired");
pub const SIGNING_CERTIFICATE_EXPIRING: Code = Code("signing-certificate-expiring");
pub const SIGNING_CERTIFICATE_ROTATION_PENDING: Code = Code("signing-certificate-rotation-pending");
pub const ROTATION_NEEDS_OKTA: Code = Code("rotation-needs-okta");
pub const OKTA_CURRENT_METADATA_UNREAD: Code = Code("okta-current-metadata-unread");
pub const SLO_LOCATION_HTTP: Code = Code("slo-location-http");
pub const SLO_LOCATION_INVALID: Code = Code("slo-location-invalid");
pub const SSO_LOCATION_INVALID: Code = Code("sso-location-invalid");
pub const SSO_LOCATION_LOOPBACK_HTTP: Code = Code("sso-location-loopback-http");
pub const SSO_LOCATION_NOT_HTTPS: Code = Code("sso-location-not-https");
pub const TOKEN_ENDPOINT_ERROR: Code = Code("token-endpoint-error");
pub const TOKEN_ENDPOINT_REDIRECTED: Code = Code("token-endpoint-redirected");
pub const TOKEN_ENDPOINT_UNREACHABLE: Code = Code("token-endpoint-unreachable");
pub const TOKEN_ERROR: Code = Code("token-error");
pub const TOKEN_INVALID: Code = Code("token-invalid");
pub const TOKEN_INVALID_CLIENT: Code = Code("token-invalid-client");
pub const TOKEN_INVALID_GRANT: Code = Code("token-invalid-grant");
pub const TOKEN_INVALID_SCOPE: Code = Code("token-invalid-scope");
pub const TOKEN_RESPONSE_INVALID: Code = Code("token-response-invalid");
pub const TOKEN_UNAUTHORIZED_CLIENT: Code = Code("token-unauthorized-client");
pub const TOKEN_UNSUPPORTED_GRANT: Code = Code("token-unsupported-grant");
pub const TOO_MANY_ATTRIBUTE_MAPPINGS: Code = Code("too-many-attribute-mappings");
pub const TOO_MANY_IDENTIFIERS: Code = Code("too-many-identifiers");
pub const TOO_MANY_URLS: Code = Code("too-many-urls");
pub const UNKNOWN_POOL_ATTRIBUTE: Code = Code("unknown-pool-attribute");
pub const UNKNOWN_SCOPE: Code = Code("unknown-scope");
pub const URL_HAS_FRAGMENT: Code = Code("url-has-fragment");
pub const URL_NOT_HTTPS: Code = Code("url-not-https");
pub const USER_POOL_REGION_MISMATCH: Code = Code("user-pool-region-mismatch");
pub const USERNAME_TOO_LONG: Code = Code("username-too-long");

/// Every code above.
pub const ALL: &[Code] = &[
    AMBIGUOUS_CLIENT_NAME,
    ATTRIBUTE_IMMUTABLE,
    ATTRIBUTE_NOT_IN_SCHEMA,
    AWS_ACCESS_DENIED,
    AWS_CREDENTIALS_EXPIRED,
    AWS_CREDENTIALS_INVALID,
    AWS_DUPLICATE_PROVIDER,
    AWS_ERROR,
    AWS_INVALID_PARAMETER,
    AWS_NO_CREDENTIALS,
    AWS_NO_REGION,
    AWS_NOT_FOUND,
    AWS_THROTTLED,
    AWS_TIMEOUT,
    AWS_UNREACHABLE,
    CALLBACK_NOT_HTTPS,
    CERTIFICATE_DOUBLE_ENCODED,
    CERTIFICATE_EMPTY,
    CERTIFICATE_NOT_BASE64,
    CERTIFICATE_NOT_DER,
    CERTIFICATE_NOT_IN_US_EAST_1,
    CERTIFICATE_PEM_ARMOR,
    CERTIFICATE_TOO_LONG,
    CLIENT_HAS_SECRET,
    CLIENT_NAME_TAKEN,
    CLIENT_OAUTH_DISABLED,
    CLIENT_SCOPE_LIST_TOO_LONG,
    CLIENT_URL_LENGTH,
    CLIENT_URL_LIST_TOO_LONG,
    CODE_GRANT_OFF,
    CONTROL_CHARACTER_IN_SETUP,
    CUSTOM_DOMAIN_NEEDS_CERTIFICATE,
    CUSTOM_DOMAIN_NO_CERTIFICATE,
    CUSTOM_DOMAIN_PARENT_NO_A_RECORD,
    DOCTOR_METADATA_UNREACHABLE,
    DOCTOR_NEEDS_CLIENT_ID,
    DOMAIN_CHOICE,
    DOMAIN_FAILED,
    DOMAIN_MISSING,
    DOMAIN_NOT_ACTIVE,
    DOMAIN_PREFIX_TAKEN,
    DUPLICATE_IDENTIFIER,
    DUPLICATE_URL,
    EMPTY_SAML_ATTRIBUTE,
    ENCRYPTED_RESPONSES_WINDOW,
    ENTITY_ID_NOT_URI,
    EXPIRED_ROLLOVER_CERTIFICATE,
    EXPORT_NEEDS_OUTPUT,
    EXPORT_NO_FEDERATED_CLIENT,
    EXPORT_OKTA_APP_UNKNOWN,
    EXPORT_PROVIDER_NOT_SAML,
    EXPORT_SEVERAL_CLIENTS,
    EXPORT_TERRAFORM_IMPORT_ID,
    EXPORT_WRITE_FAILED,
    FEATURE_PLAN_NO_MANAGED_LOGIN,
    FEATURE_PLAN_UNAVAILABLE,
    HTTP_CLIENT,
    IDP_INIT_WITH_COGNITO,
    IDP_INITIATED_SIGN_IN,
    IDP_SIGNOUT_WITHOUT_SLO,
    IDP_WANTS_SIGNED_REQUESTS,
    INVALID_ACCOUNT_ID,
    INVALID_CACHE_DURATION,
    INVALID_CERTIFICATE_ARN,
    INVALID_CLIENT_ID,
    INVALID_CLIENT_NAME,
    INVALID_CUSTOM_DOMAIN,
    INVALID_DOMAIN_PREFIX,
    INVALID_IDENTIFIER,
    INVALID_LOGIN_PORT,
    INVALID_MANAGED_LOGIN_VERSION,
    INVALID_METADATA_URL,
    INVALID_PROVIDER_NAME,
    INVALID_REGION,
    INVALID_REQUEST_SIGNING_ALGORITHM,
    INVALID_URL,
    USAGE_ERROR,
    INVALID_USER_POOL_ID,
    INVALID_VALID_UNTIL,
    INVALID_WANT_AUTHN_REQUESTS_SIGNED,
    JWKS_UNAVAILABLE,
    LINK_PROVIDER_USER_MISMATCH,
    LOGIN_NEEDS_CLIENT_ID,
    LOGIN_NEEDS_DOMAIN,
    LOGIN_PORT_IN_USE,
    MANAGED_LOGIN_BRANDING_MISSING,
    MANAGED_LOGIN_NO_BRANDING,
    MAPPED_ATTRIBUTE_NOT_SENT,
    MAPPED_ATTRIBUTE_EMPTY,
    MAPPED_ATTRIBUTE_IMMUTABLE,
    MAPPED_ATTRIBUTE_NOT_IN_SCHEMA,
    MAPPED_ATTRIBUTE_NOT_READABLE,
    MAPPED_ATTRIBUTE_NOT_WRITABLE,
    MAPPED_CUSTOM_ATTRIBUTE_MISSING,
    MAPPING_KEY_TOO_LONG,
    MAPPING_TO_USERNAME,
    MAPPING_VALUE_TOO_LONG,
    METADATA_ADDRESS_REFUSED,
    METADATA_BINARY,
    METADATA_COMPRESSED,
    METADATA_DOCTYPE_REFUSED,
    METADATA_EMPTY,
    METADATA_ENTITY_NOT_FOUND,
    METADATA_EXPIRED,
    METADATA_FETCH_FAILED,
    METADATA_FILE_UNREADABLE,
    METADATA_HTTP_ERROR,
    METADATA_INVALID_UTF8,
    METADATA_IS_HTML,
    METADATA_IS_JSON,
    METADATA_IS_SIGNIN_PAGE,
    METADATA_MISSING_ENTITY_ID,
    METADATA_MULTIPLE_IDPS,
    METADATA_NO_IDP,
    METADATA_NO_RECOGNISED_SSO_BINDING,
    METADATA_NO_REDIRECT_SSO,
    METADATA_NO_ROOT,
    METADATA_NO_SIGNING_CERTIFICATE,
    METADATA_NO_SSO,
    METADATA_NOT_CHECKED,
    METADATA_NOT_WELL_FORMED,
    METADATA_NOT_XML,
    METADATA_REDIRECT_REFUSED,
    METADATA_SOURCE_CHOICE,
    METADATA_SP_ONLY,
    METADATA_TIMEOUT,
    METADATA_TOO_DEEP,
    METADATA_TOO_LARGE,
    METADATA_TOO_MANY_NAMESPACES,
    METADATA_TRUNCATED,
    METADATA_UNDECLARED_PREFIX,
    METADATA_UNREACHABLE,
    METADATA_UNREADABLE,
    METADATA_URL_APP_ID,
    METADATA_URL_NEEDS_TOKEN,
    METADATA_URL_NOT_HTTPS,
    METADATA_UTF16,
    METADATA_WRONG_NAMESPACE,
    METADATA_WRONG_ROOT,
    MISSING_ARGUMENTS,
    MISSING_CLIENT_NAME,
    MISSING_DOMAIN,
    NO_BROWSER,
    NO_CALLBACK_URL,
    NO_ID_TOKEN,
    NO_SAML_PROVIDER,
    NO_SIGNOUT_URL_WITH_IDP_SIGNOUT,
    OAUTH_FLOWS_OFF,
    OKTA_ACS_MISMATCH,
    OKTA_ANSWER_TOO_LARGE,
    OKTA_API_ERROR,
    OKTA_APP_AMBIGUOUS,
    OKTA_APP_ID_INVALID,
    OKTA_APP_INACTIVE,
    OKTA_APP_LABEL_EMPTY,
    OKTA_APP_LABEL_TAKEN,
    OKTA_APP_NOT_FOUND,
    OKTA_APP_NOT_SAML,
    OKTA_APP_UNKNOWN,
    OKTA_ASSERTION_ENCRYPTION_OFF,
    OKTA_ASSERTION_ENCRYPTION_UNEXPECTED,
    OKTA_ASSIGNEE_EMPTY,
    OKTA_ATTRIBUTE_STATEMENT_MISSING,
    OKTA_ATTRIBUTE_VALUE_EMPTY,
    OKTA_ATTRIBUTE_VALUE_UNMAPPED,
    OKTA_AUDIENCE_MISMATCH,
    OKTA_CHECK_SKIPPED,
    OKTA_CLIENT_ASSERTION_REJECTED,
    OKTA_CLIENT_CREDENTIALS_NOT_ALLOWED,
    OKTA_CLIENT_ID_MISSING,
    OKTA_CLIENT_SETUP,
    OKTA_CREDENTIALS_MISSING,
    OKTA_DPOP_KEY,
    OKTA_DPOP_PROOF_REJECTED,
    OKTA_ENCRYPTION_CERTIFICATE_PENDING,
    OKTA_ENCRYPTION_CERTIFICATE_STALE,
    OKTA_FORBIDDEN,
    OKTA_GROUP_AMBIGUOUS,
    OKTA_GROUP_NOT_FOUND,
    OKTA_INVALID_REQUEST,
    OKTA_METADATA_ENTITY_UNEXPECTED,
    OKTA_METADATA_NOT_FOUND,
    OKTA_METADATA_URL_NOT_PUBLIC,
    OKTA_NAME_ID_CHANGED,
    OKTA_NAME_ID_FORMAT_INVALID,
    OKTA_NAME_ID_KEPT,
    OKTA_NEEDS_DOMAIN,
    OKTA_NOBODY_ASSIGNED,
    OKTA_NOT_FOUND,
    OKTA_ORG_MISMATCH,
    OKTA_ORG_MISSING,
    OKTA_ORG_URL_INVALID,
    OKTA_PRIVATE_KEY_EXPOSED,
    OKTA_PRIVATE_KEY_MISSING,
    OKTA_PRIVATE_KEY_UNREADABLE,
    OKTA_PRIVATE_KEY_UNUSABLE,
    OKTA_RATE_LIMITED,
    OKTA_REDIRECTED,
    OKTA_RELAY_STATE_PENDING,
    OKTA_REQUEST_FAILED,
    OKTA_SCOPE_NOT_GRANTED,
    OKTA_SERVER_ERROR,
    OKTA_SIGNED_REQUESTS_CONSOLE,
    OKTA_SIGNING_CERTIFICATE_MISSING,
    OKTA_SIGNING_CERTIFICATE_STALE,
    OKTA_SIGNING_CERTIFICATE_UNKNOWN,
    OKTA_TOKEN_INVALID,
    OKTA_TOKEN_REQUEST_FAILED,
    OKTA_UNEXPECTED_RESPONSE,
    OKTA_UNREACHABLE,
    OKTA_USER_NOT_FOUND,
    OPENID_MISSING,
    PASTED_URL_REFUSED,
    PLACEHOLDER_ENTITY_ID,
    POOL_HAS_OTHER_DOMAIN,
    PRESIGNUP_TRIGGER_FAILED,
    PRIVILEGED_LOGIN_PORT,
    PROVIDER_DETAIL_TOO_LONG,
    PROVIDER_MISSING,
    PROVIDER_NOT_ENABLED,
    PROVIDER_NOT_SAML,
    REDIRECT_MISMATCH,
    REQUIRED_ATTRIBUTE_EMPTY,
    REQUIRED_ATTRIBUTE_NOT_SENT,
    REQUIRED_ATTRIBUTE_UNMAPPED,
    RESERVED_DOMAIN_PREFIX,
    SAML_ATTRIBUTE_WHITESPACE,
    SAML_AUDIENCE_MISMATCH,
    SAML_SIGNATURE_INVALID,
    SCOPE_NEEDS_OPENID,
    SETUP_FILE_INVALID,
    SETUP_FILE_REHEARSAL_ONLY,
    SETUP_FILE_TOO_LARGE,
    SETUP_FILE_UNREADABLE,
    SETUP_FILE_UNWRITABLE,
    CONSUMER_MAIL_DOMAIN,
    PROVIDER_QUOTA,
    TENANT_NOT_FOUND,
    REMOVED_PROVIDER_IN_USE,
    LAST_TENANT,
    FEDERATION_IDENTIFIERS_DIFFER,
    PROVIDER_METADATA_STALE,
    KIT_CERTIFICATE_MISSING,
    KIT_NEEDS_DOMAIN,
    SEVERAL_FEDERATIONS_FIRST_ONLY,
    FEDERATION_PROVIDER_TAKEN,
    FEDERATION_IDENTIFIER_TAKEN,
    CALLBACK_SUCCEEDED,
    SIGN_IN_CANCELLED,
    SIGN_IN_ERROR,
    SIGN_IN_TIMEOUT,
    SIGN_IN_TOO_SLOW,
    SIGN_OUT_TIMEOUT,
    SIGNING_CERTIFICATE_EXPIRED,
    SIGNING_CERTIFICATE_EXPIRING,
    SIGNING_CERTIFICATE_ROTATION_PENDING,
    ROTATION_NEEDS_OKTA,
    OKTA_CURRENT_METADATA_UNREAD,
    SLO_LOCATION_HTTP,
    SLO_LOCATION_INVALID,
    SSO_LOCATION_INVALID,
    SSO_LOCATION_LOOPBACK_HTTP,
    SSO_LOCATION_NOT_HTTPS,
    TOKEN_ENDPOINT_ERROR,
    TOKEN_ENDPOINT_REDIRECTED,
    TOKEN_ENDPOINT_UNREACHABLE,
    TOKEN_ERROR,
    TOKEN_INVALID,
    TOKEN_INVALID_CLIENT,
    TOKEN_INVALID_GRANT,
    TOKEN_INVALID_SCOPE,
    TOKEN_RESPONSE_INVALID,
    TOKEN_UNAUTHORIZED_CLIENT,
    TOKEN_UNSUPPORTED_GRANT,
    TOO_MANY_ATTRIBUTE_MAPPINGS,
    TOO_MANY_IDENTIFIERS,
    TOO_MANY_URLS,
    UNKNOWN_POOL_ATTRIBUTE,
    UNKNOWN_SCOPE,
    URL_HAS_FRAGMENT,
    URL_NOT_HTTPS,
    USER_POOL_REGION_MISMATCH,
    USERNAME_TOO_LONG,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for c in ALL {
            let s = c.as_str();
            assert!(
                s.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())),
                "{s}"
            );
            assert!(seen.insert(s), "{s} twice");
        }
    }
}

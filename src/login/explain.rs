//! Cognito's sign-in errors (error redirects and token errors) turned into cause and fix.
//! AWS does not fix the wording, so matching is on keywords, case-insensitively.

use crate::finding::Finding;

struct Rule {
    keywords: &'static [&'static str],
    code: &'static str,
    cause: &'static str,
    fix: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        keywords: &["invalid samlresponse or relaystate"],
        code: "idp-initiated-sign-in",
        cause: "the sign-in was started from the Okta dashboard tile (IdP-initiated), which this provider does not accept",
        fix: "Start sign-in from the app or from `okta-cognito login` (SP-initiated). To allow the Okta tile, set provider.idp_init = true (and remove COGNITO from the client) — not recommended.",
    },
    Rule {
        keywords: &["the attribute is required", "attribute is required"],
        code: "required-attribute-not-sent",
        cause: "Okta did not send an attribute the user pool requires",
        fix: "Map the attribute under [provider.attribute_mapping] and add an Okta attribute statement whose Name matches exactly (Okta app → General → SAML Settings → Attribute Statements), then sign in again.",
    },
    Rule {
        keywords: &["required attribute cannot be deleted"],
        code: "required-attribute-empty",
        cause: "Okta sent an empty value for a required attribute",
        fix: "Give the Okta user a value for that profile field (Okta Directory → People → the user → Profile), or map a field that is always set.",
    },
    Rule {
        keywords: &["attribute cannot be updated"],
        code: "attribute-immutable",
        cause: "a mapped attribute is immutable in the user pool, so Cognito cannot update it on a later sign-in",
        fix: "Remove that mapping (mutability cannot be changed after the pool is created), or move to a pool where the attribute is mutable.",
    },
    Rule {
        keywords: &[
            "saml assertion signature is invalid",
            "signature is invalid",
            "invalid signature",
        ],
        code: "saml-signature-invalid",
        cause: "the SAML response was signed with a certificate Cognito does not have (Okta's certificate was rotated)",
        fix: "Refresh the provider's metadata: use the Okta Metadata URL (Cognito re-reads it about every 6 hours) and run `okta-cognito apply`; check `okta-cognito metadata` shows the active certificate.",
    },
    Rule {
        keywords: &["does not exist in the schema"],
        code: "attribute-not-in-schema",
        cause: "a mapping targets an attribute the pool does not have (often `username`, which cannot be mapped)",
        fix: "Map to preferred_username (or email) instead of username, or add the custom attribute to the pool.",
    },
    Rule {
        keywords: &["length less than or equal to 128"],
        code: "username-too-long",
        cause: "the SAML NameID is longer than the 128 characters Cognito allows for a user name",
        fix: "In Okta, set Name ID format and Application username to a short value such as the e-mail address.",
    },
    Rule {
        keywords: &["presignup failed", "pre sign-up", "presignup"],
        code: "presignup-trigger-failed",
        cause: "the pool's PreSignUp Lambda trigger rejected the federated user",
        fix: "Read the trigger's CloudWatch logs; it must allow users whose userName starts with the provider name (Okta_…).",
    },
    Rule {
        keywords: &[
            "client is not enabled for oauth2.0 flows",
            "unauthorized_client",
        ],
        code: "client-oauth-disabled",
        cause: "the app client does not allow OAuth flows (AllowedOAuthFlowsUserPoolClient is off or the code grant is not enabled)",
        fix: "Run `okta-cognito apply`: it enables the authorization code grant and AllowedOAuthFlowsUserPoolClient.",
    },
    Rule {
        keywords: &["redirect_mismatch", "redirect mismatch"],
        code: "redirect-mismatch",
        cause: "the redirect_uri is not one of the client's callback URLs (exact match, port included)",
        fix: "Run `okta-cognito apply` to register http://localhost:<login.port>/callback, or add the exact URL to the client's callback URLs.",
    },
    Rule {
        keywords: &["audience", "recipient", "destination"],
        code: "saml-audience-mismatch",
        cause: "Okta's SAML settings do not match this user pool (Audience URI or Single sign-on URL)",
        fix: "In Okta set Audience URI (SP Entity ID) = urn:amazon:cognito:sp:<user pool id> and Single sign-on URL = the ACS URL; `okta-cognito values` prints both.",
    },
    Rule {
        keywords: &[
            "something went wrong",
            "login session has expired",
            "session expired",
        ],
        code: "sign-in-too-slow",
        cause: "the sign-in was not finished within Cognito's 5 minutes",
        fix: "Start again and finish the Okta sign-in within 5 minutes.",
    },
];

/// An error redirect's `error` and `error_description`.
pub fn redirect_error(error: &str, description: &str) -> Finding {
    let text = format!("{error} {description}");
    let lower = text.to_lowercase();
    let shown = if description.is_empty() {
        error.to_string()
    } else {
        format!("{description} ({error})")
    };
    for r in RULES {
        if r.keywords.iter().any(|k| lower.contains(k)) {
            return Finding::error(
                r.code,
                format!("Cognito refused the sign-in: {shown} — {}", r.cause),
                r.fix,
            );
        }
    }
    Finding::error(
        "sign-in-error",
        format!("Cognito refused the sign-in: {shown}"),
        "Run `okta-cognito doctor` or `okta-cognito plan` to check the federation, then try again.",
    )
}

/// A token endpoint error (`{"error": "...", "error_description": "..."}`).
pub fn token_error(error: &str, description: &str) -> Finding {
    let shown = if description.is_empty() {
        error.to_string()
    } else {
        format!("{error}: {description}")
    };
    let (code, fix) = match error {
        "invalid_grant" => (
            "token-invalid-grant",
            "The code was already used, expired (5 minutes), or the redirect_uri or PKCE verifier did not match the authorize request: start the sign-in again.",
        ),
        "invalid_client" => (
            "token-invalid-client",
            "The client id is unknown, or the client has a secret (this flow needs a public client): check app_client.client_id, or let apply create a public client.",
        ),
        "unauthorized_client" => (
            "token-unauthorized-client",
            "The client may not use the authorization code grant: run `okta-cognito apply` to enable it.",
        ),
        "unsupported_grant_type" => (
            "token-unsupported-grant",
            "Report this as a bug in okta-cognito.",
        ),
        "invalid_scope" => (
            "token-invalid-scope",
            "Request only scopes the client allows (app_client.scopes), then run apply.",
        ),
        _ => (
            "token-error",
            "Check the client's settings with `okta-cognito plan`, then try again.",
        ),
    };
    Finding::error(
        code,
        format!("the token endpoint refused the exchange: {shown}"),
        fix,
    )
}

/// `explain TEXT`: a whole callback URL, or a pasted error description.
pub fn explain_text(text: &str) -> Finding {
    let t = text.trim();
    if let Some(pairs) = super::authorize::parse_redirect(t) {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if let Some(error) = get("error") {
            return redirect_error(&error, &get("error_description").unwrap_or_default());
        }
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(t)
        && let Some(e) = v.get("error").and_then(|e| e.as_str())
    {
        return token_error(
            e,
            v.get("error_description")
                .and_then(|d| d.as_str())
                .unwrap_or(""),
        );
    }
    if matches!(
        t,
        "invalid_grant" | "invalid_client" | "unauthorized_client" | "invalid_scope"
    ) {
        return token_error(t, "");
    }
    redirect_error("", t)
}

//! Cognito's sign-in errors (error redirects and token errors) turned into cause and fix.
//! AWS does not fix the wording, so matching is on keywords, case-insensitively.

use crate::finding::Finding;

struct Rule {
    keywords: &'static [&'static str],
    code: crate::finding::Code,
    cause: &'static str,
    fix: &'static str,
}

const RULES: &[Rule] = &[
    // Met since 2023 (terraform-provider-aws #35588, #36912, #43248; aws-sdk-js-v3 #6201;
    // amplify-js #13844; aws-genai-llm-chatbot #636; Cognito's troubleshooting guide).
    Rule {
        keywords: &["login pages unavailable", "login page unavailable"],
        code: crate::finding::codes::MANAGED_LOGIN_NO_BRANDING,
        cause: "the domain uses managed login (version 2) but the app client has no branding style, so Cognito has no sign-in page to show",
        fix: "Create the default style: `okta-cognito apply` does it (CreateManagedLoginBranding with Cognito-provided values), or Cognito console → Managed login → Create a style for the client.",
    },
    Rule {
        keywords: &["could not be determined"],
        code: crate::finding::codes::MAPPED_CUSTOM_ATTRIBUTE_MISSING,
        cause: "a mapped custom attribute does not exist in the user pool's schema (\"Type for attribute … could not be determined\")",
        fix: "Add the custom attribute to the pool (Cognito console → Sign-up → Custom attributes, mutable) or remove the mapping; `okta-cognito plan` names every mapped attribute the pool lacks.",
    },
    Rule {
        keywords: &[
            "invalid providername/username combination",
            "providername/username",
        ],
        code: crate::finding::codes::LINK_PROVIDER_USER_MISMATCH,
        cause: "linking a federated user (AdminLinkProviderForUser) named a provider or user that Cognito does not know: the provider name must match exactly, and the user name is the federated identity's, which Cognito stores lower-cased",
        fix: "Use ProviderName = the provider's name (e.g. Okta) and ProviderAttributeValue = the NameID in lower case, as in the user's `identities` claim; `okta-cognito login` shows it.",
    },
    Rule {
        keywords: &[
            "featureunavailableintier",
            "feature plan",
            "current tier",
            "not available in the lite",
            "lite feature plan",
        ],
        code: crate::finding::codes::FEATURE_PLAN_UNAVAILABLE,
        cause: "the user pool's feature plan (Lite) does not include the feature asked for, most often managed login",
        fix: "Upgrade the pool to Essentials or Plus (Cognito console → the pool → Settings → Feature plan), or set domain.managed_login_version = 1 for the classic hosted UI; `okta-cognito doctor` names the pool's plan.",
    },
    Rule {
        keywords: &["not a valid subdomain"],
        code: crate::finding::codes::CUSTOM_DOMAIN_PARENT_NO_A_RECORD,
        cause: "the custom domain's parent domain has no DNS A record, which Cognito requires before it creates a custom domain",
        fix: "Give the parent domain (example.com for auth.example.com) an A record (any address, e.g. the website's), wait for it to resolve, then run `okta-cognito apply` again.",
    },
    Rule {
        keywords: &["invalid samlresponse or relaystate"],
        code: crate::finding::codes::IDP_INITIATED_SIGN_IN,
        cause: "the sign-in was started from the Okta dashboard tile (IdP-initiated), which Cognito refuses unless the provider allows it (IDPInit) and Okta's Default RelayState names the provider, client and callback",
        fix: "Start sign-in from the app or `okta-cognito login`. To allow the Okta tile: provider.idp_init = true (without COGNITO on the client), apply, then `okta-cognito okta-app` sets the Default RelayState (`values --config FILE` shows it to paste).",
    },
    Rule {
        keywords: &["the attribute is required", "attribute is required"],
        code: crate::finding::codes::REQUIRED_ATTRIBUTE_NOT_SENT,
        cause: "Okta did not send an attribute the user pool requires",
        fix: "Map the attribute under [provider.attribute_mapping] and add an Okta attribute statement whose Name matches exactly (Okta app → General → SAML Settings → Attribute Statements), then sign in again.",
    },
    Rule {
        keywords: &["required attribute cannot be deleted"],
        code: crate::finding::codes::REQUIRED_ATTRIBUTE_EMPTY,
        cause: "Okta sent an empty value for a required attribute",
        fix: "Give the Okta user a value for that profile field (Okta Directory → People → the user → Profile), or map a field that is always set.",
    },
    Rule {
        keywords: &["attribute cannot be updated"],
        code: crate::finding::codes::ATTRIBUTE_IMMUTABLE,
        cause: "a mapped attribute is immutable in the user pool, so Cognito cannot update it on a later sign-in",
        fix: "Remove that mapping (mutability cannot be changed after the pool is created), or move to a pool where the attribute is mutable.",
    },
    Rule {
        keywords: &[
            "saml assertion signature is invalid",
            "signature is invalid",
            "invalid signature",
        ],
        code: crate::finding::codes::SAML_SIGNATURE_INVALID,
        cause: "the SAML response was signed with a certificate Cognito does not have: Okta's certificate was rotated, or — right after the provider was created through the API — the app client was updated before the provider existed",
        fix: "Refresh the provider's metadata: use the Okta Metadata URL (Cognito re-reads it about every 6 hours) and run `okta-cognito apply`; check `okta-cognito metadata` shows the active certificate. If the provider is new, save the app client again (Cognito console → App client → Login pages → Save, or run `okta-cognito apply`, which updates the client after the provider).",
    },
    Rule {
        keywords: &["does not exist in the schema"],
        code: crate::finding::codes::ATTRIBUTE_NOT_IN_SCHEMA,
        cause: "a mapping targets an attribute the pool does not have (often `username`, which cannot be mapped)",
        fix: "Map to preferred_username (or email) instead of username, or add the custom attribute to the pool.",
    },
    Rule {
        keywords: &["length less than or equal to 128"],
        code: crate::finding::codes::USERNAME_TOO_LONG,
        cause: "the SAML NameID is longer than the 128 characters Cognito allows for a user name",
        fix: "In Okta, set Name ID format and Application username to a short value such as the e-mail address.",
    },
    Rule {
        keywords: &["presignup failed", "pre sign-up", "presignup"],
        code: crate::finding::codes::PRESIGNUP_TRIGGER_FAILED,
        cause: "the pool's PreSignUp Lambda trigger rejected the federated user",
        fix: "Read the trigger's CloudWatch logs; it must allow users whose userName starts with the provider name (Okta_…).",
    },
    Rule {
        keywords: &[
            "is not enabled for this client",
            "not enabled for the client",
        ],
        code: crate::finding::codes::PROVIDER_NOT_ENABLED,
        cause: "the app client does not list the provider among its identity providers (SupportedIdentityProviders), so Cognito will not send anyone to Okta for it",
        fix: "Run `okta-cognito apply` (or the wizard's doctor, then f): it adds the provider to the client; or Cognito console → App client → Login pages → Identity providers.",
    },
    Rule {
        keywords: &[
            "client is not enabled for oauth2.0 flows",
            "unauthorized_client",
        ],
        code: crate::finding::codes::CLIENT_OAUTH_DISABLED,
        cause: "the app client does not allow OAuth flows (AllowedOAuthFlowsUserPoolClient is off or the code grant is not enabled)",
        fix: "Run `okta-cognito apply`: it enables the authorization code grant and AllowedOAuthFlowsUserPoolClient.",
    },
    Rule {
        keywords: &["redirect_mismatch", "redirect mismatch"],
        code: crate::finding::codes::REDIRECT_MISMATCH,
        cause: "the redirect_uri is not one of the client's callback URLs (exact match, port included)",
        fix: "Run `okta-cognito apply` to register http://localhost:<login.port>/callback, or add the exact URL to the client's callback URLs.",
    },
    Rule {
        keywords: &["audience", "recipient", "destination"],
        code: crate::finding::codes::SAML_AUDIENCE_MISMATCH,
        cause: "Okta's SAML settings do not match this user pool (Audience URI or Single sign-on URL)",
        fix: "In Okta set Audience URI (SP Entity ID) = urn:amazon:cognito:sp:<user pool id> and Single sign-on URL = the ACS URL; `okta-cognito values` prints both.",
    },
    Rule {
        keywords: &[
            "something went wrong",
            "login session has expired",
            "session expired",
        ],
        code: crate::finding::codes::SIGN_IN_TOO_SLOW,
        cause: "the sign-in was not finished within Cognito's 5 minutes",
        fix: "Start again and finish the Okta sign-in within 5 minutes.",
    },
];

/// An error redirect's `error` and `error_description`.
/// The cause `redirect_error` gives for `code`, after " — " in its message.
pub fn cause_of(code: crate::finding::Code) -> Option<&'static str> {
    RULES.iter().find(|r| r.code == code).map(|r| r.cause)
}

pub fn redirect_error(error: &str, description: &str) -> Finding {
    let text = format!("{error} {description}");
    let lower = text.to_lowercase();
    let shown = match (error.is_empty(), description.is_empty()) {
        (_, true) => error.to_string(),
        (true, false) => description.to_string(),
        (false, false) => format!("{description} ({error})"),
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
        crate::finding::codes::SIGN_IN_ERROR,
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
            crate::finding::codes::TOKEN_INVALID_GRANT,
            "The code was already used, expired (5 minutes), or the redirect_uri or PKCE verifier did not match the authorize request: start the sign-in again.",
        ),
        "invalid_client" => (
            crate::finding::codes::TOKEN_INVALID_CLIENT,
            "The client id is unknown, or the client has a secret (this flow needs a public client): check app_client.client_id, or let apply create a public client.",
        ),
        "unauthorized_client" => (
            crate::finding::codes::TOKEN_UNAUTHORIZED_CLIENT,
            "The client may not use the authorization code grant: run `okta-cognito apply` to enable it.",
        ),
        "unsupported_grant_type" => (
            crate::finding::codes::TOKEN_UNSUPPORTED_GRANT,
            "Report this as a bug in okta-cognito.",
        ),
        "invalid_scope" => (
            crate::finding::codes::TOKEN_INVALID_SCOPE,
            "Request only scopes the client allows (app_client.scopes), then run apply.",
        ),
        _ => (
            crate::finding::codes::TOKEN_ERROR,
            "Check the client's settings with `okta-cognito plan`, then try again.",
        ),
    };
    Finding::error(
        code,
        format!("the token endpoint refused the exchange: {shown}"),
        fix,
    )
}

/// `explain TEXT`: a whole callback URL, a query string as copied from an address bar, the
/// token endpoint's JSON, a bare OAuth error code, or a pasted error description.
pub fn explain_text(text: &str) -> Finding {
    let t = text.trim();
    if let Some(pairs) = redirect_pairs(t) {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if let Some(error) = get("error") {
            return redirect_error(&error, &get("error_description").unwrap_or_default());
        }
        if get("code").is_some() {
            return successful_callback(get("state").is_some());
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

/// The parameters of a redirect: from a whole URL (query, then fragment), or from a bare
/// query string (`error_description=…&error=…`, with or without its `?`), which is what an
/// address bar gives when only the end is copied.
pub fn redirect_pairs(t: &str) -> Option<Vec<(String, String)>> {
    let owned =
        |(k, v): (std::borrow::Cow<str>, std::borrow::Cow<str>)| (k.into_owned(), v.into_owned());
    if let Ok(url) = url::Url::parse(t) {
        let mut pairs: Vec<_> = url.query_pairs().map(owned).collect();
        if let Some(fragment) = url.fragment() {
            pairs.extend(url::form_urlencoded::parse(fragment.as_bytes()).map(owned));
        }
        return Some(pairs);
    }
    let query = t.strip_prefix('?').unwrap_or(t);
    let looks_like_query = !query.contains(char::is_whitespace)
        && query
            .split('&')
            .any(|p| p.starts_with("error=") || p.starts_with("code="));
    looks_like_query.then(|| {
        url::form_urlencoded::parse(query.as_bytes())
            .map(owned)
            .collect()
    })
}

/// A callback carrying a `code` is Cognito saying yes: the federation worked up to the code.
fn successful_callback(has_state: bool) -> Finding {
    let state = if has_state {
        ""
    } else {
        " It carries no `state`, so the app cannot tell it answers its own request: send `state` with every authorize request and check it on return."
    };
    Finding::info(
        crate::finding::codes::CALLBACK_SUCCEEDED,
        "this is a successful callback, not an error: Cognito signed the user in through the identity provider and sent an authorization code",
        format!(
            "Nothing to fix in the federation. The app exchanges the code at the token endpoint within 5 minutes, once, with the same redirect_uri (and PKCE verifier); if that exchange fails, explain the token endpoint's JSON answer.{state}"
        ),
    )
}

//! Okta's answers that are not what we asked for, as Findings: its error body (`errorCode`,
//! `errorSummary`, `errorCauses`), the status, the rate-limit headers, and transport failures.

use crate::finding::Finding;
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(default)]
    pub error_code: String,
    #[serde(default)]
    pub error_summary: String,
    #[serde(default)]
    pub error_id: String,
    #[serde(default)]
    pub error_causes: Vec<ErrorCause>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorCause {
    #[serde(default)]
    pub error_summary: String,
}

/// The three `X-Rate-Limit-*` headers Okta sends on every answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Unix seconds (UTC) when the window resets.
    pub reset: Option<i64>,
}

/// What came back, stripped to what a Finding needs; built by the HTTP layer.
#[derive(Debug)]
pub struct Failure {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
    pub rate: RateLimit,
    /// `WWW-Authenticate`, which names a missing OAuth scope.
    pub authenticate: Option<String>,
    pub location: Option<String>,
    /// The request carried a service app's OAuth token (the fix for a 401 differs).
    pub service_app: bool,
}

/// One request's failure as a Finding. `doing` says what we were doing ("create the SAML app"),
/// `org` is the org's host, `now` makes the rate-limit wait testable.
pub fn finding(doing: &str, org: &str, f: &Failure, now: OffsetDateTime) -> Finding {
    let body: Option<ErrorBody> = serde_json::from_str(&f.body).ok();
    let Some(body) = body.filter(|b| !b.error_code.is_empty()) else {
        return not_okta(doing, org, f);
    };
    let causes: Vec<&str> = body
        .error_causes
        .iter()
        .map(|c| c.error_summary.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let mut message = format!(
        "Okta ({org}) refused to {doing}: HTTP {} {}: {}",
        f.status, body.error_code, body.error_summary
    );
    if !causes.is_empty() {
        message.push_str(&format!(" ({})", causes.join("; ")));
    }
    if !body.error_id.is_empty() {
        message.push_str(&format!(" [errorId {}]", body.error_id));
    }
    let (code, fix) = match (f.status, body.error_code.as_str()) {
        (429, _) | (_, "E0000047") => (crate::finding::codes::OKTA_RATE_LIMITED, rate_fix(&f.rate, now)),
        (401, _) | (_, "E0000011") if f.service_app => (
            crate::finding::codes::OKTA_TOKEN_INVALID,
            "Okta did not accept the service app's access token: check that the app is active and that its DPoP setting (General → \"Require Demonstrating Proof of Possession\") matches, then run again (a fresh token is fetched each run).".to_string(),
        ),
        (401, _) | (_, "E0000011") => (
            crate::finding::codes::OKTA_TOKEN_INVALID,
            "The token is wrong, revoked or expired (API tokens lapse after 30 days unused): create a new one in Security → API → Tokens and export OKTA_API_TOKEN again, or use a service app (README: \"Okta service app\").".to_string(),
        ),
        (403, _) | (_, "E0000006") => (crate::finding::codes::OKTA_FORBIDDEN, forbidden_fix(f.authenticate.as_deref())),
        (404, _) | (_, "E0000007") => (
            crate::finding::codes::OKTA_NOT_FOUND,
            "The object is not in this org: check okta.app_id and the names in the setup file, and that OKTA_ORG_URL is the right org.".to_string(),
        ),
        (400, _) => (
            crate::finding::codes::OKTA_INVALID_REQUEST,
            "Correct the value Okta names above in the setup file (okta.* or provider.attribute_mapping) and run again.".to_string(),
        ),
        (s, _) if s >= 500 => (
            crate::finding::codes::OKTA_SERVER_ERROR,
            "Okta had an internal error: run again in a minute; if it persists, give Okta support the errorId.".to_string(),
        ),
        _ => (
            crate::finding::codes::OKTA_REQUEST_FAILED,
            "Read Okta's summary above; every step is safe to run again once it is fixed.".to_string(),
        ),
    };
    Finding::error(code, message, fix)
}

fn rate_fix(rate: &RateLimit, now: OffsetDateTime) -> String {
    let mut parts = Vec::new();
    if let Some(limit) = rate.limit {
        parts.push(format!(
            "the limit for this endpoint is {limit} requests per minute, {} left",
            rate.remaining.unwrap_or(0)
        ));
    }
    match rate
        .reset
        .and_then(|r| OffsetDateTime::from_unix_timestamp(r).ok())
    {
        Some(reset) => {
            let wait = (reset - now).whole_seconds().max(0);
            let wait = if wait < 120 {
                format!("{wait} s")
            } else {
                format!("{} min", (wait + 59) / 60)
            };
            parts.push(format!(
                "it resets at {:02}:{:02}:{:02} UTC (in {wait})",
                reset.hour(),
                reset.minute(),
                reset.second()
            ));
        }
        None => parts.push("Okta did not say when it resets; wait a minute".into()),
    }
    format!(
        "Okta is rate-limiting this org: {}. Run the same command again after that; steps already done are not repeated.",
        parts.join("; ")
    )
}

fn forbidden_fix(authenticate: Option<&str>) -> String {
    if let Some(scope) = authenticate.and_then(|h| quoted_param(h, "scope")) {
        return format!(
            "The OAuth access token lacks the scope {scope}: grant it to the service app (Okta API Scopes tab) and request a new token with it."
        );
    }
    "The token's admin may not do this: use a token created by a Super Administrator, or by an admin with the Application Administrator role (apps and their assignments) who can also read the groups and people to assign.".to_string()
}

/// `scope="okta.apps.manage"` out of a `WWW-Authenticate` header.
fn quoted_param(header: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = header.find(&key)? + key.len();
    let end = header[start..].find('"')?;
    Some(header[start..start + end].to_string())
}

fn not_okta(doing: &str, org: &str, f: &Failure) -> Finding {
    let kind = f.content_type.as_deref().unwrap_or("no content type");
    if (300..400).contains(&f.status) {
        return Finding::error(
            crate::finding::codes::OKTA_REDIRECTED,
            format!(
                "{org} answered the request to {doing} with a redirect (HTTP {}) to {}",
                f.status,
                f.location.as_deref().unwrap_or("nowhere")
            ),
            "The org URL is not the Okta API's address (a custom sign-in domain or a typo?): use https://<your-org>.okta.com.",
        );
    }
    Finding::error(
        crate::finding::codes::OKTA_UNEXPECTED_RESPONSE,
        format!(
            "{org} answered the request to {doing} with HTTP {} ({kind}), not Okta's JSON",
            f.status
        ),
        "Check that OKTA_ORG_URL (or okta.org_url) is the Okta org, e.g. https://acme.okta.com, and that no proxy is in the way.",
    )
}

/// A request that never got an answer.
pub fn transport(doing: &str, org: &str, e: &reqwest::Error) -> Finding {
    let what = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "could not connect".to_string()
    } else {
        format!("failed ({e})")
    };
    Finding::error(
        crate::finding::codes::OKTA_UNREACHABLE,
        format!("the request to {doing} at {org} {what}"),
        "Check the org URL and this machine's network or proxy (HTTPS_PROXY); then run again.",
    )
}

/// An answer that was 2xx but not the JSON Okta documents.
pub fn malformed(doing: &str, org: &str, detail: &str) -> Finding {
    Finding::error(
        crate::finding::codes::OKTA_UNEXPECTED_RESPONSE,
        format!("{org} answered the request to {doing} with JSON we cannot read: {detail}"),
        "Check that the org URL is the Okta org itself; if it is, report this with the command's output.",
    )
}

/// An answer larger than any Okta sends: not read further.
pub fn body_too_large(doing: &str, org: &str, e: &crate::http_body::BodyError) -> Finding {
    Finding::error(
        crate::finding::codes::OKTA_ANSWER_TOO_LARGE,
        format!("{org} answered the request to {doing}, but {e}; it was not read further"),
        "Check that the org URL is the Okta org itself (not a proxy or a file server).",
    )
}

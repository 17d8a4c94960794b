//! Looks at the bytes before any XML parsing, so an HTML sign-in page, an Okta JSON error or a
//! gzip body gets a message about what it is instead of a confusing parse error.

use crate::finding::Finding;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let mut shown: String = line.chars().take(120).collect();
    if line.chars().count() > 120 {
        shown.push('…');
    }
    shown
}

/// `(errorCode, errorSummary)` of an Okta API error body.
pub fn okta_error_body(body: &[u8]) -> Option<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let code = v.get("errorCode")?.as_str()?.to_string();
    let summary = v
        .get("errorSummary")
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .to_string();
    Some((code, summary))
}

fn okta_error(text: &str) -> Option<Finding> {
    let (code, summary) = okta_error_body(text.as_bytes())?;
    let fix = match code.as_str() {
        "E0000007" => {
            "Check the app id in the metadata URL: copy the Metadata URL again from the Okta app's Sign On tab (the app may have been deleted or the URL mistyped)."
        }
        "E0000011" | "E0000005" | "E0000006" => {
            "The metadata link must be the public one: Okta app → Sign On tab → SAML 2.0 → Metadata URL (no API token is needed)."
        }
        _ => "Copy the Metadata URL again from the Okta app's Sign On tab; the app must be active.",
    };
    Some(Finding::error(
        crate::finding::codes::OKTA_API_ERROR,
        format!("Okta returned an API error {code} ({summary}), not SAML metadata"),
        fix,
    ))
}

fn html_finding(lower_head: &str) -> Finding {
    let okta = lower_head.contains("okta");
    let sign_in = lower_head.contains("sign in")
        || lower_head.contains("signin")
        || lower_head.contains("sign-in")
        || lower_head.contains("login");
    if okta && sign_in {
        Finding::error(
            crate::finding::codes::METADATA_IS_SIGNIN_PAGE,
            "got an HTML page (Okta sign-in), not SAML metadata",
            "Use the app's public metadata link (Okta app → Sign On tab → SAML 2.0 → Metadata URL, ending in /sso/saml/metadata). A sign-in page means the URL is an admin page, or the app is not active or not assigned.",
        )
    } else {
        Finding::error(
            crate::finding::codes::METADATA_IS_HTML,
            "got an HTML page, not SAML metadata",
            "Use the IdP's metadata URL itself (for Okta: Sign On tab → SAML 2.0 → Metadata URL, ending in /sso/saml/metadata), not a page that shows or links to it.",
        )
    }
}

/// Returns the XML text to parse (without BOM or leading white space), or why there is none.
pub fn xml_text<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Result<&'a str, Finding> {
    if bytes.is_empty() {
        return Err(Finding::error(
            crate::finding::codes::METADATA_EMPTY,
            "empty response/document (0 bytes)",
            "Check the metadata URL or file: it returned nothing. Copy the Metadata URL again from the Okta app's Sign On tab.",
        ));
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(Finding::error(
            crate::finding::codes::METADATA_COMPRESSED,
            "the document is gzip-compressed bytes, not XML",
            "Decompress it first (gunzip), or fetch the metadata URL directly.",
        ));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(Finding::error(
            crate::finding::codes::METADATA_UTF16,
            "the document is UTF-16 encoded; metadata must be UTF-8",
            "Save the file again as UTF-8, or use the metadata URL instead of a saved copy.",
        ));
    }
    let (offset, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (UTF8_BOM.len(), rest),
        None => (0, bytes),
    };
    let head = &body[..body.len().min(4096)];
    if head
        .iter()
        .any(|&b| b == 0 || (b < 0x09) || (0x0e..0x20).contains(&b))
    {
        return Err(Finding::error(
            crate::finding::codes::METADATA_BINARY,
            "the document is binary data, not XML",
            "Point to the metadata XML itself (a .xml file or the Metadata URL), not an archive or certificate file.",
        ));
    }
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = offset + e.valid_up_to();
        Finding::error(
            crate::finding::codes::METADATA_INVALID_UTF8,
            format!(
                "invalid UTF-8 at byte offset {at} (byte 0x{:02X})",
                bytes.get(at).copied().unwrap_or(0)
            ),
            "The file was re-saved in another encoding (often Latin-1). Download the metadata again, or save it as UTF-8.",
        )
    })?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(Finding::error(
            crate::finding::codes::METADATA_EMPTY,
            "empty response/document (only white space)",
            "Check the metadata URL or file: it returned nothing but white space.",
        ));
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Err(okta_error(trimmed).unwrap_or_else(|| {
            Finding::error(
                crate::finding::codes::METADATA_IS_JSON,
                format!("got JSON, not SAML metadata: {}", first_line(trimmed)),
                "Use the IdP's SAML metadata URL (XML), not an API endpoint.",
            )
        }));
    }
    let lower_head: String = trimmed
        .chars()
        .take(2048)
        .collect::<String>()
        .to_lowercase();
    let is_html_type = content_type.is_some_and(|c| c.to_lowercase().contains("text/html"));
    let looks_html = lower_head.starts_with("<!doctype html")
        || lower_head.starts_with("<html")
        || (lower_head.starts_with("<?xml") && lower_head.contains("<html"))
        || (lower_head.starts_with("<!--") && lower_head.contains("<html"));
    if looks_html || (is_html_type && !lower_head.contains("entitydescriptor")) {
        return Err(html_finding(&lower_head));
    }
    if !trimmed.starts_with('<') {
        return Err(Finding::error(
            crate::finding::codes::METADATA_NOT_XML,
            format!("not XML (plain text): {}", first_line(trimmed)),
            "The server answered with an error text instead of metadata; check the URL and try again.",
        ));
    }
    Ok(trimmed)
}

/// Line and column (1-based) of a byte offset, for parse errors.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text.as_bytes()[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

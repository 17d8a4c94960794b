//! IdP metadata: fetch it, parse it, inspect its certificates, and judge it as Cognito would.

pub mod address_guard;
pub mod attrs;
pub mod authn_request;
pub mod cert;
pub mod fetch;
pub mod idp_kind;
pub mod judge;
pub mod metadata;
pub mod parse;
pub mod sniff;
pub mod xmldsig;
pub mod xmlenc;

pub use metadata::{Report, inspect};

/// Fetches `source` and judges it as Cognito would; the fetch's failure when it could not
/// be read (the callers tell "unreachable" from "refused").
pub async fn judge_source(
    source: &fetch::Source,
    entity_id: Option<&str>,
) -> Result<Report, crate::finding::Finding> {
    let f = fetch::fetch(source, &fetch::FetchOptions::default()).await?;
    Ok(inspect(
        &f.bytes,
        f.content_type.as_deref(),
        entity_id,
        time::OffsetDateTime::now_utc(),
    ))
}

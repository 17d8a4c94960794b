//! Explain: a pasted sign-in error (an error redirect, the token endpoint's JSON, a bare
//! code, free text) or a callback, turned into cause and fix. With the setup, a signature
//! error is also told from the certificates: the ones the provider holds against the ones the
//! IdP publishes now.

use crate::doctor::signature_failure::{Live, current_metadata_url, judge};
use crate::finding::Finding;
use crate::saml::fetch::Source;
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::Client;

pub fn explain(text: &str) -> Finding {
    crate::login::explain::explain_text(text)
}

/// `explain` for the setup's federation: a signature error names the certificates involved
/// and the one fix that applies. Reads only (the provider, and the IdP's public metadata).
pub async fn explain_for(api: &Client, setup: &Setup, text: &str) -> Finding {
    let base = explain(text);
    if base.code != crate::finding::codes::SAML_SIGNATURE_INVALID {
        return base;
    }
    let name = setup.provider.name.as_str();
    let provider = match crate::cognito::state::read_provider(api, &setup.user_pool_id, name).await
    {
        Ok(Some(p)) => p,
        _ => return base,
    };
    let now = time::OffsetDateTime::now_utc();
    let url_held = provider.details.get("MetadataURL").cloned();
    let held = match (&url_held, provider.details.get("MetadataFile")) {
        (Some(u), _) => crate::saml::judge_source(&Source::Url(u.clone()), None)
            .await
            .ok(),
        (None, Some(xml)) => Some(crate::saml::inspect(xml.as_bytes(), None, None, now)),
        (None, None) => None,
    };
    let Some(held) = held else {
        return base;
    };
    let from_file = url_held.is_none();
    // A URL provider's live document is the URL itself, read above as what Cognito holds
    // at best; only a file provider has a second document to compare.
    let live_url = from_file
        .then(|| current_metadata_url(setup.provider.metadata_url.as_deref(), &held))
        .flatten();
    let live = match &live_url {
        Some(u) => crate::saml::judge_source(&Source::Url(u.clone()), None)
            .await
            .ok(),
        None => None,
    };
    let verdict = judge(
        name,
        from_file,
        &held,
        live_url
            .as_deref()
            .zip(live.as_ref())
            .map(|(url, report)| Live { url, report }),
    );
    match verdict {
        Some((cause, fix)) => Finding::new(
            base.severity,
            base.code,
            // Cognito's words, then what the certificates say in place of the general cause.
            format!(
                "{}: {cause}",
                crate::login::explain::cause_of(base.code)
                    .and_then(|general| base.message.strip_suffix(&format!(" — {general}")))
                    .unwrap_or(&base.message)
            ),
            fix,
        ),
        None if !from_file => Finding::new(
            base.severity,
            base.code,
            base.message,
            format!(
                "{} Cognito may hold an older copy of the Metadata URL's document (it re-reads it about every six hours): `okta-cognito rotation --config FILE --refresh` makes it read it now.",
                base.fix
            ),
        ),
        None => base,
    }
}

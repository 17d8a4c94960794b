//! The network half of planning: load the setup's metadata file or fetch its URL and judge
//! it, so the pure plan can block on metadata Cognito would refuse.

use super::plan::MetadataInput;
use crate::saml::fetch::{FetchOptions, Source, fetch};
use crate::saml::inspect;
use crate::setup::Setup;

/// No answer at all (name, connection, time): Cognito, elsewhere, may still get one.
fn unreachable_from_here(f: &crate::finding::Finding) -> bool {
    [
        crate::finding::codes::METADATA_UNREACHABLE,
        crate::finding::codes::METADATA_TIMEOUT,
    ]
    .contains(&f.code)
}

pub async fn check_metadata(setup: &Setup) -> MetadataInput {
    let source = match (&setup.provider.metadata_url, setup.metadata_file_path()) {
        (Some(url), _) => Source::Url(url.clone()),
        (None, Some(path)) => Source::File(path),
        (None, None) => return MetadataInput::default(),
    };
    let is_file = matches!(source, Source::File(_));
    match fetch(&source, &FetchOptions::default()).await {
        Ok(fetched) => {
            let report = inspect(
                &fetched.bytes,
                fetched.content_type.as_deref(),
                None,
                time::OffsetDateTime::now_utc(),
            );
            let file_content =
                is_file.then(|| String::from_utf8_lossy(&fetched.bytes).into_owned());
            MetadataInput {
                report: Some(report),
                file_content,
                ..MetadataInput::default()
            }
        }
        // A file the tool cannot read is an error (Cognito would get nothing), and so is a
        // URL that answers with an error (Cognito would get the same answer). Only a URL this
        // machine cannot reach at all may still be reachable from AWS.
        Err(f) if is_file || !unreachable_from_here(&f) => MetadataInput {
            report: Some(crate::saml::Report {
                findings: vec![f],
                ..Default::default()
            }),
            ..MetadataInput::default()
        },
        Err(f) => MetadataInput {
            fetch_problem: Some(f),
            ..MetadataInput::default()
        },
    }
}

//! Fetch IdP metadata from a URL, a file or stdin and judge it as Cognito would: the
//! `metadata` command and the wizard's metadata screen.

use crate::saml::fetch::Source;
use crate::saml::{Report, judge_source};

/// The report for `source`; a source that cannot be read is a report with that finding.
/// `entity_id` picks one entity from an aggregate.
pub async fn check(source: &Source, entity_id: Option<&str>) -> Report {
    let report = judge_source(source, entity_id)
        .await
        .unwrap_or_else(|finding| Report {
            findings: vec![finding],
            ..Report::default()
        });
    crate::finding::log("metadata", &report.findings);
    report
}

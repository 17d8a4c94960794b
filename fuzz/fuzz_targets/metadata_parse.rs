//! Any bytes into the metadata sniffer, parser and judge: it must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
    let report = okta_cognito::saml::inspect(data, None, None, now);
    assert_eq!(report.accepted, !report.findings.iter().any(|f| f.is_error()));
});

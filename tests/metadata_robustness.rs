//! Damaged inputs never panic: every truncation of real metadata, and seeded byte mutations.
//! (A deterministic stand-in for fuzzing that runs in every test run.)

mod support;

use okta_cognito::saml::inspect;

fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-11-26 00:00 UTC)
}

#[test]
fn every_truncation_of_okta_metadata_is_refused_or_accepted_without_panic() {
    let bytes = std::fs::read(support::fixture("metadata/real/okta-10.xml")).unwrap();
    let mut refused = 0;
    for cut in 0..bytes.len() {
        let r = inspect(&bytes[..cut], None, None, now());
        if !r.accepted {
            refused += 1;
        }
    }
    // Cutting before the end tag leaves an incomplete document: all of those are refused.
    assert!(
        refused >= bytes.len() - 30,
        "only {refused} of {} truncations refused",
        bytes.len()
    );
}

#[test]
fn seeded_byte_mutations_never_panic() {
    let originals = [
        "real/okta-10.xml",
        "real/shibboleth-1.xml",
        "real/adfs-1.xml",
        "real/other-5.xml",
    ]
    .map(|f| std::fs::read(support::fixture(&format!("metadata/{f}"))).unwrap());
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..1500 {
        let mut doc = originals[round % originals.len()].clone();
        for _ in 0..(1 + next() % 8) {
            if doc.is_empty() {
                break;
            }
            let at = (next() as usize) % doc.len();
            match next() % 4 {
                0 => doc[at] = (next() & 0xFF) as u8,
                1 => doc.insert(at, b"<>&\"'/="[(next() % 7) as usize]),
                2 => {
                    doc.remove(at);
                }
                _ => doc.truncate(at.max(1)),
            }
        }
        let r = inspect(&doc, None, None, now());
        assert_eq!(r.accepted, !r.findings.iter().any(|f| f.is_error()));
    }
}

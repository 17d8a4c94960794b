//! Damaged inputs never panic: every truncation of real metadata, and seeded byte mutations.
//! (A deterministic stand-in for fuzzing that runs in every test run.)

use crate::support;

use okta_cognito::saml::inspect;

fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-11-26 00:00 UTC)
}

/// A small seeded generator: the same mutations on every run, no dependency.
fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
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
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
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

/// The parser's own attribute scanner accepts and refuses what quick-xml's attribute
/// iterator does in XML mode (except a name starting with `=`, which only ours refuses),
/// and reads the same names and values, over seeded mutations of real start tags.
#[test]
fn the_attribute_scanner_agrees_with_quick_xml() {
    use okta_cognito::saml::attrs::scan;
    use quick_xml::events::BytesStart;

    let tags = [
        r#" entityID="http://www.okta.com/exk1" validUntil="2030-01-01T00:00:00Z""#,
        " Binding='urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'\n   Location=\"https://a.example/sso?x=1&amp;y=2\"",
        r#" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Name="Email Id" FriendlyName="E-mail	address""#,
        " use = \"signing\" ",
    ];
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    let mut compared = 0;
    for round in 0..20_000 {
        let mut tag = tags[round % tags.len()].as_bytes().to_vec();
        for _ in 0..(next() % 4) {
            let at = (next() as usize) % (tag.len() + 1);
            match next() % 3 {
                0 => tag.insert(at, b"=\"' \t&a:"[(next() % 8) as usize]),
                1 if at < tag.len() => {
                    tag.remove(at);
                }
                _ => tag.truncate(at),
            }
        }
        let Ok(raw) = std::str::from_utf8(&tag) else {
            continue;
        };
        let element = format!("x{raw}");
        let start = BytesStart::from_content(element.as_str(), 1);
        let mut theirs = start.attributes();
        theirs.with_checks(false);
        let theirs: Result<Vec<(String, String)>, _> = theirs
            .map(|a| a.map(|a| (a.key.0.to_string(), a.value.to_string())))
            .collect();
        let mut ours = Vec::new();
        let ours = scan(raw, &mut ours).map(|()| {
            ours.iter()
                .map(|a| (a.key.to_string(), a.raw.to_string()))
                .collect::<Vec<_>>()
        });
        match (&theirs, &ours) {
            (Ok(t), Ok(o)) => assert_eq!(t, o, "{raw:?}"),
            (Err(_), Err(_)) => {}
            // Stricter on purpose: quick-xml reads `="v"` as a name starting with `=`;
            // an XML name cannot.
            (Ok(t), Err(e)) if t.iter().any(|(k, _)| k.starts_with('=')) => {
                assert!(e.contains("no name"), "{raw:?}: {e}")
            }
            _ => panic!("{raw:?}: quick-xml {theirs:?}, ours {ours:?}"),
        }
        compared += 1;
    }
    assert!(compared > 15_000, "{compared}");
}

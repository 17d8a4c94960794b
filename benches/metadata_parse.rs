//! Metadata parse time: every real fixture and a 1 MiB document (target: < 5 ms, release).
//! Run: `cargo bench --bench metadata_parse [-- fixtures|dense|aggregate]` (default: all).
//! Prints one line per input with the median. One part alone is what a profiler wants.

use okta_cognito::saml::inspect;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time_it(bytes: &[u8], runs: usize) -> Duration {
    let now = time::OffsetDateTime::now_utc();
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let r = inspect(bytes, None, None, now);
            std::hint::black_box(&r);
            start.elapsed()
        })
        .collect();
    median(samples)
}

/// Real Okta metadata grown to 1 MiB with advertised attributes, the way large IdPs grow.
fn one_mib_document() -> Vec<u8> {
    let base = std::fs::read_to_string("tests/fixtures/metadata/real/okta-10.xml").unwrap();
    let marker = "<md:NameIDFormat>";
    let at = base.find(marker).unwrap();
    let mut filler = String::new();
    let mut i = 0;
    while base.len() + filler.len() < 1024 * 1024 - 200 {
        filler.push_str(&format!(
            "<saml:Attribute xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" Name=\"attribute-{i}\" FriendlyName=\"Attribute number {i}\"/>\n"
        ));
        i += 1;
    }
    format!("{}{filler}{}", &base[..at], &base[at..]).into_bytes()
}

/// A federation aggregate (the only metadata that really reaches 1 MiB): one
/// EntitiesDescriptor holding hundreds of IdP entities, each with its signing certificate.
fn one_mib_aggregate() -> (Vec<u8>, String) {
    let base = std::fs::read_to_string("tests/fixtures/metadata/real/okta-10.xml").unwrap();
    let start = base.find("<md:EntityDescriptor").unwrap();
    let entity = &base[start..];
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">\n",
    );
    let mut i = 0;
    while out.len() + entity.len() < 1024 * 1024 - 64 {
        out.push_str(&entity.replace(
            "exkpvtn73rd6mMmF34x6\"",
            &format!("exkpvtn73rd6mMmF34x6-{i}\""),
        ));
        i += 1;
    }
    out.push_str("</md:EntitiesDescriptor>\n");
    (
        out.into_bytes(),
        format!("http://www.okta.com/exkpvtn73rd6mMmF34x6-{}", i / 2),
    )
}

fn main() {
    let only = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    let wants = |part: &str| only.is_empty() || only == part;
    if wants("fixtures") {
        fixtures();
    }
    if wants("dense") {
        dense();
    }
    if wants("aggregate") {
        aggregate();
    }
}

fn fixtures() {
    let dir = std::path::Path::new("tests/fixtures/metadata/real");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    names.sort();
    let mut total = Duration::ZERO;
    for p in &names {
        let bytes = std::fs::read(p).unwrap();
        let t = time_it(&bytes, 200);
        total += t;
        println!(
            "{:<28} {:>8} bytes  {:>9.1} µs",
            p.file_name().unwrap().to_string_lossy(),
            bytes.len(),
            t.as_secs_f64() * 1e6
        );
    }
    println!(
        "all {} real fixtures: {:.2} ms in total (medians)",
        names.len(),
        total.as_secs_f64() * 1e3
    );
}

fn dense() {
    let big = one_mib_document();
    let r = inspect(&big, None, None, time::OffsetDateTime::now_utc());
    assert!(
        r.accepted && r.attributes.len() > 5000,
        "the 1 MiB document parses fully"
    );
    let t = time_it(&big, 50);
    println!(
        "1 MiB attribute-dense document ({} bytes, {} attributes): {:.2} ms median",
        big.len(),
        r.attributes.len(),
        t.as_secs_f64() * 1e3
    );
}

fn aggregate() {
    let (agg, pick) = one_mib_aggregate();
    let now = time::OffsetDateTime::now_utc();
    let r = inspect(&agg, None, Some(&pick), now);
    assert!(r.accepted, "{:?}", r.findings);
    let samples = (0..50)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(inspect(&agg, None, Some(&pick), now));
            start.elapsed()
        })
        .collect();
    println!(
        "1 MiB federation aggregate ({} bytes, {} entities): {:.2} ms median",
        agg.len(),
        r.entities.len(),
        median(samples).as_secs_f64() * 1e3
    );
}

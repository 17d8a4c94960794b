//! The attributes of one start tag, read in one pass over its bytes. It accepts what
//! quick-xml's own attribute iterator accepts in XML mode (quoted values, `=` with optional
//! whitespace) and refuses the same mistakes, but reads values eight bytes at a time: an
//! attribute-dense document spends most of its parse time here.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawAttr<'a> {
    pub key: &'a str,
    /// As written, between the quotes.
    pub raw: &'a str,
    /// No `&` and no control byte: the value needs no XML normalisation.
    pub plain: bool,
}

impl<'a> RawAttr<'a> {
    /// The value after XML attribute-value normalisation (entities, tab/CR/LF as spaces);
    /// plain values are borrowed as they are.
    pub fn value(&self) -> quick_xml::Result<Cow<'a, str>> {
        if self.plain {
            return Ok(Cow::Borrowed(self.raw));
        }
        quick_xml::events::attributes::Attribute {
            key: quick_xml::name::QName(self.key),
            value: Cow::Borrowed(self.raw),
        }
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Non-zero when the word holds a byte equal to `byte` (the "has a zero byte" trick on
/// x ^ byte).
fn has_byte(x: u64, byte: u8) -> u64 {
    let y = x ^ (ONES * u64::from(byte));
    y.wrapping_sub(ONES) & !y & HIGHS
}

/// Non-zero when the word holds a byte below `n` (n ≤ 128).
fn has_below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS
}

fn special(b: u8) -> bool {
    b < b' ' || b == b'&'
}

/// From the byte after the opening quote: where the closing `quote` is, and whether the
/// value holds a byte that needs normalising.
fn value_end(bytes: &[u8], quote: u8) -> Option<(usize, bool)> {
    let mut special_seen = false;
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        let x = u64::from_ne_bytes(word);
        // One test for the three conditions: this loop is the hot path of attribute-dense
        // documents, and the common word holds none of them.
        if has_byte(x, quote) | has_byte(x, b'&') | has_below(x, b' ') != 0 {
            for (i, &b) in bytes[at..at + 8].iter().enumerate() {
                if b == quote {
                    return Some((at + i, special_seen));
                }
                special_seen |= special(b);
            }
        }
        at += 8;
    }
    for (i, &b) in bytes[at..].iter().enumerate() {
        if b == quote {
            return Some((at + i, special_seen));
        }
        special_seen |= special(b);
    }
    None
}

/// Appends the attributes of `raw` (a start tag's text after its name) to `out`, or says
/// what is wrong with them.
pub fn scan<'a>(raw: &'a str, out: &mut Vec<RawAttr<'a>>) -> Result<(), String> {
    let b = raw.as_bytes();
    let skip_space = |mut i: usize| {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        i
    };
    let mut i = skip_space(0);
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] != b'=' && !is_space(b[i]) {
            i += 1;
        }
        // Every boundary below is an ASCII byte, so these slices are whole characters.
        let key = &raw[start..i];
        if key.is_empty() {
            return Err("an attribute has no name before its `=`".into());
        }
        i = skip_space(i);
        if i == b.len() || b[i] != b'=' {
            return Err(format!("attribute {key} has no `=` and value"));
        }
        i = skip_space(i + 1);
        let quote = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            Some(_) => return Err(format!("the value of attribute {key} is not in quotes")),
            None => return Err(format!("attribute {key} has `=` but no value")),
        };
        let from = i + 1;
        let Some((len, special_seen)) = value_end(&b[from..], quote) else {
            return Err(format!("the value of attribute {key} has no closing quote"));
        };
        out.push(RawAttr {
            key,
            raw: &raw[from..from + len],
            plain: !special_seen,
        });
        i = skip_space(from + len + 1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(raw: &str) -> Result<Vec<(String, String, bool)>, String> {
        let mut out = Vec::new();
        scan(raw, &mut out)?;
        Ok(out
            .iter()
            .map(|a| (a.key.to_string(), a.value().unwrap().into_owned(), a.plain))
            .collect())
    }

    #[test]
    fn reads_what_xml_allows() {
        let got = scanned(" a=\"1\"\n\tb = 'two words'  xmlns:md=\"urn:x\" ").unwrap();
        assert_eq!(
            got,
            [
                ("a".into(), "1".into(), true),
                ("b".into(), "two words".into(), true),
                ("xmlns:md".into(), "urn:x".into(), true),
            ]
        );
        assert_eq!(scanned("").unwrap(), []);
        assert_eq!(scanned("   ").unwrap(), []);
        let normalised = scanned(" v=\"a&amp;b\tc\r\nd, a long value past eight bytes\"").unwrap();
        // CR LF is one line end, so one space (XML normalises line ends first).
        assert_eq!(normalised[0].1, "a&b c d, a long value past eight bytes");
        assert!(!normalised[0].2);
        assert_eq!(scanned(" q='say \"hi\"'").unwrap()[0].1, "say \"hi\"");
    }

    #[test]
    fn refuses_what_it_must() {
        for (raw, says) in [
            (" a", "no `=`"),
            (" a b=\"1\"", "no `=`"),
            (" a=", "no value"),
            (" a=1", "not in quotes"),
            (" a=\"1", "no closing quote"),
            (
                " a=\"a long value without its closing quote",
                "no closing quote",
            ),
            (" =\"1\"", "no name"),
        ] {
            let err = scanned(raw).unwrap_err();
            assert!(err.contains(says), "{raw:?}: {err}");
        }
    }

    #[test]
    fn the_word_checks_agree_with_the_byte_rule() {
        for len in 0..20 {
            for pos in 0..len {
                for b in 1..=255u8 {
                    let mut v = vec![b'a'; len];
                    v[pos] = b;
                    let mut quoted = v.clone();
                    quoted.push(b'"');
                    let first_quote = quoted.iter().position(|&c| c == b'"').unwrap();
                    let expect_special = quoted[..first_quote].iter().any(|&c| special(c));
                    assert_eq!(
                        value_end(&quoted, b'"'),
                        Some((first_quote, expect_special)),
                        "len {len} pos {pos} byte {b}"
                    );
                }
            }
        }
    }
}

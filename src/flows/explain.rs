//! Explain: a pasted sign-in error (an error redirect, the token endpoint's JSON, a bare
//! code, free text) or a callback, turned into cause and fix.

use crate::finding::Finding;

pub fn explain(text: &str) -> Finding {
    crate::login::explain::explain_text(text)
}

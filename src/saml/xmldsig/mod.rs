//! XML signatures on SAML messages (enveloped, exclusive canonicalization, RSA-SHA256): what
//! an IdP does to its Response and Assertion, and what Cognito checks before it trusts one.
//! `dom` reads a message, `c14n` writes an element's exclusive canonical form, `sign` signs
//! one element, `verify` checks one against the IdP's certificates.
//!
//! Written here rather than taken from a crate: the one pure-Rust XML security crate
//! (`xml-sec`) says of itself that it is an early pre-release not for production and needs
//! Rust 1.92; libxmlsec1 would bring C libraries into the build. The subset SAML needs
//! (one enveloped signature per element, exclusive C14N without comments, SHA-256, RSA) is
//! small, and the tests hold it to an implementation no one here wrote (Python's `signxml`).

pub mod c14n;
pub mod dom;
pub mod sign;
pub mod verify;

pub const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
pub const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";

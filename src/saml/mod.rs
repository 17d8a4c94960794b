//! IdP metadata: fetch it, parse it, inspect its certificates, and judge it as Cognito would.

pub mod address_guard;
pub mod attrs;
pub mod cert;
pub mod fetch;
pub mod judge;
pub mod metadata;
pub mod parse;
pub mod sniff;

pub use metadata::{Report, inspect};

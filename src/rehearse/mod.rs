//! A rehearsal: both halves of the federation on this machine, for a first try that touches
//! no production pool and for support staff reproducing a customer's setup. A local Cognito
//! (moto behind AWS's published model), a local Okta org (the management API `okta-app` uses,
//! public metadata, a sign-in page) and a local hosted UI that applies Cognito's rules; all on
//! loopback, all stopped when the rehearsal ends.

pub mod emulator;
pub mod hosted_ui;
pub mod html;
pub mod okta_org;
pub mod server;

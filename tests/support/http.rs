//! The loopback server the tests' stand-ins run on: the rehearsal's own.

pub use okta_cognito::rehearse::server::Server;

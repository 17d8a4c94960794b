//! The Okta stand-in is the rehearsal's Okta org (`okta_cognito::rehearse::okta_org`), started
//! here the tests' way: on a free port, every body Okta's OpenAPI refuses logged for the
//! suite's count.

#[allow(unused_imports)]
pub use okta_cognito::rehearse::okta_org::{
    OktaOrg as OktaStandIn, OrgOptions, RATE_LIMIT, Recorded,
};

/// The tests' org accepts this fixed token (a rehearsal's is random).
pub const TOKEN: &str = "00StandInApiToken0000000000000000000000000";

pub fn start() -> OktaStandIn {
    OktaStandIn::start_with(OrgOptions {
        violations_log: Some(super::moto::target_dir().join("okta-openapi-violations.log")),
        api_token: Some(TOKEN.into()),
        ..OrgOptions::default()
    })
    .expect("bind a free loopback port")
}

/// Credentials as `OKTA_ORG_URL` + `OKTA_API_TOKEN` would give them, for screens and pure tests.
pub fn token_credentials(org_url: &str) -> okta_cognito::idp::okta::credentials::Credentials {
    use okta_cognito::idp::okta::credentials::{Credentials, OktaEnv};
    let env = OktaEnv {
        org_url: Some(org_url.into()),
        api_token: Some("00tok".into()),
        ..OktaEnv::default()
    };
    Credentials::resolve(None, None, &env).expect("an org and a token are credentials")
}

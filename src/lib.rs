//! okta-cognito's core: everything the wizard and the headless commands do, with no UI in it.

pub mod aws;
pub mod cognito;
pub mod doctor;
pub mod doctor_certificates;
pub mod doctor_okta;
pub mod doctor_predicted;
pub mod doctor_report;
pub mod endpoints;
pub mod finding;
pub mod flows;
pub mod http_body;
pub mod iac;
pub mod login;
pub mod observed;
pub mod okta;
pub mod okta_console;
pub mod okta_console_options;
pub mod rehearse;
pub mod safe_file;
pub mod saml;
pub mod setup;
pub mod terminal_text;
pub mod tui;
pub mod validate;

//! The integration tests as modules of one binary (as ripgrep's `tests/tests.rs`), so the
//! AWS SDK is linked once rather than once per file, and every test shares one emulator.
//! `tests/wizard_screens.rs` stays a binary of its own: its snapshots are named after it.

#[path = "../support/mod.rs"]
mod support;

mod apply_emulator;
mod aws_errors;
mod aws_model_layer;
mod client_update;
mod cognito_cli;
mod cognito_today;
mod doctor_checks;
mod doctor_emulator;
mod emulator;
mod explain_rules;
mod export_iac;
mod generated_cli;
mod hostile_files;
mod hostile_inputs;
mod hostile_login;
mod hostile_saml_requests;
mod hostile_servers;
mod layers;
mod log_file;
mod login_flow;
mod lost_answers;
mod metadata_cli;
mod metadata_fetch;
mod metadata_fixtures;
mod metadata_robustness;
mod okta_app;
mod okta_cognito_options;
mod okta_contract;
mod okta_keys;
mod okta_rules;
mod okta_today;
mod plan_rules;
mod rehearse;
mod rehearse_hostile;
mod rehearse_rotation;
mod rehearse_signed_requests;
mod round_trip;
mod saml_signatures;
mod setup_file;
mod tenant_kit;
mod tenants_emulator;
mod validate_rules;
mod values_cli;
mod wizard_e2e;
mod wizard_paths;
mod wizard_update;

//! The Cognito half of the guide: read the pool, plan the changes, apply them, export a setup.

pub mod apply;
pub mod certificates;
pub mod client_settings;
pub mod create_once;
pub mod errors;
pub mod export;
pub mod feature_plan;
pub mod iam;
pub mod model_limits;
pub mod pace;
pub mod plan;
pub mod pools;
pub mod preflight;
pub mod provider_details;
pub mod state;

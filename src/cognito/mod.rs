//! The Cognito half of the guide: read the pool, plan the changes, apply them, export a setup.

pub mod errors;
pub mod pools;

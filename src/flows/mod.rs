//! One function per use case, called by both faces: the headless commands (`cli/`) parse
//! arguments, call a flow and print; the wizard (`tui/jobs.rs`) maps a command to a flow.
//! A flow never prints and never draws: it returns findings and results.

pub mod apply;
pub mod credentials;
pub mod doctor;
pub mod explain;
pub mod export;
pub mod metadata;
pub mod okta_app;
pub mod okta_side;
pub mod plan;
pub mod progress;
pub mod rotation;
pub mod shown;
pub mod sign_in;
pub mod sign_out;
pub mod tenant;

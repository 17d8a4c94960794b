//! Infrastructure as code for the platform team: the live federation written as
//! CloudFormation or Terraform that adopts the existing resources (import), never recreates
//! them. Everything is read from AWS; the setup file's wishes play no part.

pub mod cloudformation;
pub mod hcl;
pub mod live;
pub mod node;
pub mod okta;
pub mod okta_terraform;
pub mod settings;
pub mod terraform;
pub mod yaml;

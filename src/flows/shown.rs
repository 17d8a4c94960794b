//! The domain types the faces show or hold, and the renderings of them, re-exported: a face
//! imports `flows` and the model, never a domain module. Each is here because a screen or a
//! printer draws it; a use case is never here (it is a flow).

pub use crate::cognito::apply::{Outcome as ApplyOutcome, Progress};
pub use crate::cognito::plan::{Change, Plan};
pub use crate::cognito::pools::{ClientSummary, PoolBadge, PoolSummary};
pub use crate::cognito::state::{DomainState, PoolState, State};
pub use crate::doctor::report::{idp_side, markdown, redacted, text as doctor_text};
pub use crate::doctor::tenants::{AllReport as TenantsReport, Health, TenantRow};
pub use crate::doctor::{
    DoctorReport, Facts, Target as DoctorTarget, fixable_by_apply, rotation_fix_url,
};
pub use crate::idp::kit::{
    Kit, file_stem as kit_file_stem, html as kit_html, markdown as kit_markdown,
};
pub use crate::idp::okta::assign::Assignee;
pub use crate::idp::okta::cognito_side::CognitoSide;
pub use crate::idp::okta::credentials::Credentials;
pub use crate::idp::okta::{Assign, Outcome as OktaOutcome};
pub use crate::idp::{ChecklistItem, IdentityProvider, preset as idp_preset};
pub use crate::login::sign_out::SignOut;
pub use crate::login::{LoginConfig, LoginOutcome, LoginUi, Overrides, PoolSide};
pub use crate::saml::Report as MetadataReport;
pub use crate::saml::fetch::Source as MetadataSource;
pub use crate::saml::metadata::binding_name;

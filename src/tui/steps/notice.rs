//! What one screen tells another. A screen never writes another screen's state: it sends a
//! notice, and the screen that owns the state it concerns acts on it (gitui's queue of
//! internal events is the model). Each notice names its owner once, here.

use super::{domain, metadata, provider, review};
use crate::tui::app::{App, Job};

#[derive(Debug, Clone)]
pub enum Notice {
    /// The Okta app's Metadata URL is known (made or found through the Okta API) and was
    /// checked as Cognito will fetch it: the metadata screen takes it as its source, with
    /// that verdict.
    MetadataChecked(String, Box<crate::flows::shown::MetadataReport>),
    /// Something the plan depends on changed (the sign-in port): the Review plans again.
    PlanStale,
    /// The setup was replaced as a whole (the doctor's fixes): the provider screen shows its
    /// name and mapping.
    SetupReplaced,
}

/// Delivers `notice` to the screen that owns what it concerns.
pub fn send(app: &mut App, notice: Notice) -> Vec<Job> {
    match notice {
        Notice::MetadataChecked(url, report) => metadata::take_checked(app, &url, *report),
        Notice::PlanStale => {
            review::forget_plan(app);
            vec![]
        }
        Notice::SetupReplaced => {
            provider::show_setup(app);
            metadata::show_setup(app);
            domain::show_setup(app);
            vec![]
        }
    }
}

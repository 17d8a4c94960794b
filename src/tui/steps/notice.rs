//! What one screen tells another. A screen never writes another screen's state: it sends a
//! notice, and the screen that owns the state it concerns acts on it (gitui's queue of
//! internal events is the model). Each notice names its owner once, here.

use super::{metadata, provider, review};
use crate::tui::app::{App, Job};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The Okta app's Metadata URL is known (made or found through the Okta API): the
    /// metadata screen takes it as its source and fetches it.
    MetadataUrlFound(String),
    /// Something the plan depends on changed (the sign-in port): the Review plans again.
    PlanStale,
    /// The setup was replaced as a whole (the doctor's fixes): the provider screen shows its
    /// name and mapping.
    SetupReplaced,
}

/// Delivers `notice` to the screen that owns what it concerns.
pub fn send(app: &mut App, notice: Notice) -> Vec<Job> {
    match notice {
        Notice::MetadataUrlFound(url) => metadata::take_url(app, &url),
        Notice::PlanStale => {
            review::forget_plan(app);
            vec![]
        }
        Notice::SetupReplaced => {
            provider::show_setup(app);
            vec![]
        }
    }
}

//! Pieces several screens draw alike.

pub mod picker;

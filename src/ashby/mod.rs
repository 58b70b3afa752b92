//! Ashby as an outside system.

pub mod manifest;

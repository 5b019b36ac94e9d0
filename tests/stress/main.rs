//! Stress tests of the real service: see `stress.rs`.

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;
mod stress;

//! 安阳惠企政策计算器: evaluates the support measures of the Anyang policy
//! sources for a firm's answers, on an assessment date.
//!
//! Pure logic (`pack`, `profile`, `engine`) has no web dependency: the same
//! code runs in the browser app, the JS API and the `eligibility` CLI.
//! See ARCHITECTURE.md for the map.

// A panic in the browser kills the page, so library code has no panicking
// shortcuts: bad input is an error value with a message. Tests may unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::todo, clippy::unimplemented)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod catalogue;
pub mod date;
pub mod embed;
pub mod embedded;
pub mod engine;
pub mod input;
pub mod pack;
pub mod profile;
pub mod share;

#[cfg(not(target_arch = "wasm32"))]
pub mod batch;
#[cfg(not(target_arch = "wasm32"))]
pub mod check;
#[cfg(not(target_arch = "wasm32"))]
pub mod compile;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod app;

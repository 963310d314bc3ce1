//! # Chapter 4 exercises (연습 문제)
//!
//! One file per section: `s4_2.rs` (loss functions), `s4_3.rs` (numerical
//! differentiation), `s4_4.rs` (the gradient and gradient descent), `s4_4_2.rs`
//! (the simple net's gradient), `s4_5.rs` (the two-layer net). Each exercise is a
//! function whose body is `todo!()`; replace it with your code until
//! `cargo test` (run inside `exercises/`) passes. `cargo run -- exercises` at the
//! top of the repository shows how far you are.
//!
//! With the `solution` feature every stub is swapped for the `dlfs` library's own
//! function; CI runs the tests that way to prove that each of them can pass.

pub mod check;

#[cfg(not(feature = "solution"))]
#[allow(unused_variables, unused_mut)] // the stubs do not use their arguments yet
pub mod s4_2;
#[cfg(not(feature = "solution"))]
#[allow(unused_variables, unused_mut)] // the stubs do not use their arguments yet
pub mod s4_3;
#[cfg(not(feature = "solution"))]
#[allow(unused_variables, unused_mut)] // the stubs do not use their arguments yet
pub mod s4_4;
#[cfg(not(feature = "solution"))]
#[allow(unused_variables, unused_mut)] // the stubs do not use their arguments yet
pub mod s4_4_2;
#[cfg(not(feature = "solution"))]
#[allow(unused_variables, unused_mut)] // the stubs do not use their arguments yet
pub mod s4_5;

#[cfg(feature = "solution")]
mod solution;
#[cfg(feature = "solution")]
pub use solution::{s4_2, s4_3, s4_4, s4_4_2, s4_5};

//! The engine: the chapter's numbers, computed faster.
//!
//! Everything here exists only for speed: threads, MNIST's zero pixels skipped,
//! the fused multiply-add instruction chosen at run time, single precision. It
//! uses the chapter ([`crate::ch04`]); the chapter never uses it. All of the
//! crate's `unsafe` is here, each block with the invariant that makes it sound,
//! and the tests beside each module prove it gives the chapter's results.

pub mod fast; // the training loop of 4.5 on both cores, the book loop's bits
pub mod net; // TwoLayerNet's forward pass, loss and accuracy on sparse rows
pub mod numgrad; // 4.5.4's local numerical gradient on sparse pixels, both cores
pub mod precision; // f64 or f32 for the training loop
pub mod sparse; // the one sparse image format (position, byte) and x·W on it
pub mod train; // which loop runs a training configuration; the data in the engine's form

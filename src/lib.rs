//! # dlfs — chapter 4 of *Deep Learning from Scratch*, in Rust
//!
//! The chapter's table of contents, one module per topic, in the book's order.

pub mod diff; // 4.3 numerical differentiation
pub mod fetch; // `dlfs data fetch`: download and verify MNIST
pub mod functions; // chapter 3's sigmoid and softmax, used throughout
pub mod gradient; // 4.4 gradient and gradient descent
pub mod loss; // 4.2 loss functions
pub mod mnist; // 4.1 the MNIST data set: IDX, CSV, fetch
pub mod simple_net; // 4.4.2 the gradient of a simple net
pub mod train; // 4.5.2-4.5.3 the training loop
pub mod two_layer_net; // 4.5.1 the two-layer net
pub mod why_loss; // 4.2.5 why a loss function and not accuracy

pub mod commands; // the bodies of `dlfs train` and `dlfs bench`
pub mod error;
pub mod exercises; // `dlfs exercises`: the students' progress, from `cargo test -p exercises`
pub mod fast; // the training loop of 4.5 on every core, with the same numbers
pub mod numpy; // printing and summing the way NumPy does
pub mod plot; // one house style for every figure, saved atomically
pub mod precision; // f64 or f32 for the training loop
pub mod sections; // what `dlfs section ID` shows
pub mod sparse; // x·W when most of x is zero (MNIST's pixels)

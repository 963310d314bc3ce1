//! # dlfs — chapter 4 of *Deep Learning from Scratch*, in Rust
//!
//! Two layers, the dependency one way:
//!
//! - [`common`] and [`ch04`] are the book: its `common/` and `dataset/` pieces
//!   and the chapter's algorithms in the book's names, plain ndarray code read
//!   top to bottom like the book's Python.
//! - [`engine`] computes the same numbers faster. It may use the chapter; the
//!   chapter never uses it, and its tests prove it equal to the chapter.
//!
//! Around them: [`sections`] (what `dlfs section ID` prints and draws), the
//! [`registry`] that names every section, page, snapshot, figure and exercise,
//! [`plot`] (the figures' house style) and [`cli`] (the command line).

pub mod ch04; // the chapter: loss, differentiation, gradient, the two-layer net, training
pub mod common; // the book's common/ and dataset/: functions, NumPy's ways, MNIST

pub mod engine; // the same numbers, faster (threads, sparse pixels, FMA, f32)

pub mod cli; // the command line: parse, dispatch, print errors
pub mod error;
pub mod plot; // one house style for every figure
pub mod registry; // the one table of sections, pages, snapshots, figures, exercises
pub mod sections; // what `dlfs section ID` shows

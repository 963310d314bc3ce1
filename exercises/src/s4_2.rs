//! 4.2 Loss functions (손실 함수). Replace each `todo!()` with your code;
//! `cargo test --test s4_2` checks this file.

#[allow(unused_imports)]
use ndarray::{Array1, Array2, Axis};

// ANCHOR: mean_squared_error
/// Section 4.2.1, sum of squares error (오차제곱합). Return half the sum of the
/// squared differences between the network's output `y` and the one-hot label `t`.
/// The ½ makes the derivative simply y − t.
///
/// E = ½ Σ_k (y_k − t_k)²
pub fn mean_squared_error(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
    todo!()
}
// ANCHOR_END: mean_squared_error

// ANCHOR: cross_entropy_error
/// Section 4.2.2, cross-entropy error (교차 엔트로피 오차) of one output `y`
/// against a one-hot label `t`. Add a tiny δ = 1e-7 inside the log so that a zero
/// probability gives a large loss instead of infinity.
///
/// E = −Σ_k t_k log(y_k + δ)
pub fn cross_entropy_error(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
    todo!()
}
// ANCHOR_END: cross_entropy_error

// ANCHOR: cross_entropy_error_batch
/// Section 4.2.4, cross-entropy for a mini-batch (배치용 교차 엔트로피 오차) with
/// one-hot labels: `y` and `t` have one row per example. Sum over every row and
/// divide by the number of rows N (`y.nrows()`), so the loss does not grow with
/// the batch size. A single output is a batch of one row.
///
/// E = −(1/N) Σ_n Σ_k t_nk log(y_nk + δ),  δ = 1e-7
pub fn cross_entropy_error_batch(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
    todo!()
}
// ANCHOR_END: cross_entropy_error_batch

// ANCHOR: cross_entropy_error_labels
/// Section 4.2.4, the same mini-batch loss when the labels are class numbers
/// (`t = [2, 7, ...]`, one per row of `y`) instead of one-hot rows: only the
/// output for the correct class, `y[[n, t[n]]]`, counts.
///
/// E = −(1/N) Σ_n log(y[n, t_n] + δ),  δ = 1e-7
pub fn cross_entropy_error_labels(y: &Array2<f64>, t: &[usize]) -> f64 {
    todo!()
}
// ANCHOR_END: cross_entropy_error_labels

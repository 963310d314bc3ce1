//! 4.5 Implementing a learning algorithm (학습 알고리즘 구현하기): the book's
//! two-layer net, `dlfs::ch04::two_layer_net::TwoLayerNet` (fields `w1`, `b1`, `w2`,
//! `b2`). Replace each `todo!()` with your code; `cargo test --test s4_5` checks
//! this file with a small made-up net and data (no MNIST needed).

#[allow(unused_imports)]
use dlfs::ch04::loss::cross_entropy_error_batch;
use dlfs::ch04::two_layer_net::{Grads, TwoLayerNet};
#[allow(unused_imports)]
use dlfs::common::functions::{sigmoid, softmax};
use ndarray::{Array2, ArrayView2};

// ANCHOR: predict
/// Section 4.5.1, the two-layer net's prediction for a batch `x` (one row per
/// input): an affine layer, the sigmoid, a second affine layer, then softmax
/// along each row, so every row of the result is a probability distribution.
///
/// y = softmax(sigmoid(x · W1 + b1) · W2 + b2)
pub fn predict(net: &TwoLayerNet, x: ArrayView2<f64>) -> Array2<f64> {
    todo!()
}
// ANCHOR_END: predict

// ANCHOR: loss
/// Section 4.5.1, the loss for a batch `x` with one-hot labels `t`: the
/// mini-batch cross-entropy of the prediction, averaged over the rows
/// (`dlfs::ch04::loss::cross_entropy_error_batch` does the averaging).
///
/// L = −(1/N) Σ_n Σ_k t_nk log(y_nk + δ),  y = predict(x)
pub fn loss(net: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
    todo!()
}
// ANCHOR_END: loss

// ANCHOR: accuracy
/// Section 4.5.1, the accuracy (정확도): the share of rows whose most probable
/// class (the argmax of the prediction's row) is the labelled class (the argmax
/// of `t`'s row). A number between 0 and 1, not a count.
///
/// accuracy = #{n : argmax_k y_nk = argmax_k t_nk} / N
pub fn accuracy(net: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
    todo!()
}
// ANCHOR_END: accuracy

// ANCHOR: numerical_gradient
/// Section 4.5.1, the numerical gradient of the loss for each of the four
/// parameters, each with its parameter's shape. Either loop over each element of
/// each parameter yourself (`net.w1[[i, j]]`, `net.b1[j]`, ...), nudging it by ±h
/// and calling `net.loss(x, t)`, or, for each parameter p, hand
/// `dlfs::ch04::gradient::numerical_gradient` a closure that puts the nudged p into
/// a clone of the net and returns its loss. `net` must hold its old values when
/// you return.
///
/// ∂L/∂p_i ≈ (L(p_i + h) − L(p_i − h)) / 2h,  h = 1e-4,  for p in W1, b1, W2, b2
pub fn numerical_gradient(net: &mut TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> Grads {
    todo!()
}
// ANCHOR_END: numerical_gradient

// ANCHOR: sgd_step
/// Section 4.5.2, one step of stochastic gradient descent (확률적 경사 하강법,
/// SGD): move every parameter a little against its gradient.
///
/// p ← p − lr · ∂L/∂p,  for p in W1, b1, W2, b2
pub fn sgd_step(net: &mut TwoLayerNet, grads: &Grads, lr: f64) {
    todo!()
}
// ANCHOR_END: sgd_step

// ANCHOR: sample_sd
/// Section 4.5.5, how far one setting's final accuracies spread over its
/// seeds: NumPy's `np.std(a, ddof=1)`, the sample standard deviation
/// (표본 표준편차). `a` has at least two values.
///
/// mean = (a_1 + ... + a_n) / n,  sd = √( Σ (a_i − mean)² / (n − 1) )
pub fn sample_sd(a: &[f64]) -> f64 {
    todo!()
}
// ANCHOR_END: sample_sd

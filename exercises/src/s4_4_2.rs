//! 4.4.2 The gradient of a neural network (신경망에서의 기울기), for the book's
//! `simpleNet`: 2 inputs, 3 outputs, one 2x3 weight matrix `net.w`. Replace each
//! `todo!()` with your code; `cargo test --test s4_4_2` checks this file.

#[allow(unused_imports)]
use dlfs::ch04::loss::cross_entropy_error;
use dlfs::ch04::simple_net::SimpleNet;
#[allow(unused_imports)]
use dlfs::common::functions::softmax;
use ndarray::{Array1, Array2};

// ANCHOR: predict
/// Section 4.4.2, simpleNet's prediction: the input row `x` (2 values) times the
/// weight matrix `net.w` (2x3) gives one score per class (3 values). No softmax here.
///
/// p = x · W
pub fn predict(net: &SimpleNet, x: &Array1<f64>) -> Array1<f64> {
    todo!()
}
// ANCHOR_END: predict

// ANCHOR: loss
/// Section 4.4.2, simpleNet's loss for input `x` and one-hot label `t`: turn the
/// scores into probabilities with `softmax`, then take their cross-entropy
/// (`dlfs::ch04::loss::cross_entropy_error`, with its δ = 1e-7).
///
/// L = −Σ_k t_k log(softmax(x · W)_k + δ)
pub fn loss(net: &SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
    todo!()
}
// ANCHOR_END: loss

// ANCHOR: numerical_gradient
/// Section 4.4.2, dL/dW: how the loss moves when each weight moves, a 2x3 array
/// like `net.w`. Either loop over the rows i and columns j yourself, nudging
/// `net.w[[i, j]]` by ±h and calling your `loss(net, x, t)`, or treat the loss as a
/// function of the weights alone and hand it to
/// `dlfs::ch04::gradient::numerical_gradient` (a closure can build
/// `SimpleNet::with_weights(w.clone())` for each w). When you return, `net.w`
/// must hold exactly the weights it held before.
///
/// ∂L/∂W_ij ≈ (L(W_ij + h) − L(W_ij − h)) / 2h,  h = 1e-4
pub fn numerical_gradient(net: &mut SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
    todo!()
}
// ANCHOR_END: numerical_gradient

// ANCHOR: step_downhill
/// Section 4.4.2, find it out: make the net better by one step. Measure the loss,
/// take dW with your `numerical_gradient`, move the weights one step of gradient
/// descent (`net.w` ← `net.w` − lr·dW, with a learning rate you choose), measure
/// the loss again, and return both: `(loss before, loss after)`. Did it fall?
/// By how much, for lr = 0.1, 1, 10?
pub fn step_downhill(net: &mut SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> (f64, f64) {
    todo!()
}
// ANCHOR_END: step_downhill

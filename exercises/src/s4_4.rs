//! 4.4 The gradient (기울기) and gradient descent (경사 하강법). Replace each
//! `todo!()` with your code; `cargo test --test s4_4` checks this file.

#[allow(unused_imports)]
use ndarray::{Array1, arr1};

// ANCHOR: numerical_gradient
/// Section 4.4, the gradient (기울기) of `f` at `x`: the central difference along
/// every element of `x`. For each i in `0..x.len()`, nudge `x[i]` by +h and by −h,
/// evaluate f each time, and put `x[i]` back before moving on, so that `x` is
/// unchanged when you return. The result has one slope per element of `x`
/// (start from `Array1::zeros(x.len())`).
///
/// ∂f/∂x_i ≈ (f(…, x_i + h, …) − f(…, x_i − h, …)) / 2h,  h = 1e-4
pub fn numerical_gradient(f: impl Fn(&Array1<f64>) -> f64, x: &mut Array1<f64>) -> Array1<f64> {
    todo!()
}
// ANCHOR_END: numerical_gradient

// ANCHOR: gradient_descent
/// Section 4.4.1, gradient descent (경사 하강법): starting from `init_x`, take
/// `step_num` steps against the gradient, scaled by the learning rate `lr`.
/// Return the final x and the path: every point visited, from `init_x` to the
/// final x (step_num + 1 points). Use your `numerical_gradient` above (or
/// `dlfs::ch04::gradient::numerical_gradient` if yours is not done yet); start
/// from a copy, `init_x.clone()`.
///
/// x ← x − lr ∇f(x)
pub fn gradient_descent(
    f: impl Fn(&Array1<f64>) -> f64,
    init_x: &Array1<f64>,
    lr: f64,
    step_num: usize,
) -> (Array1<f64>, Vec<Array1<f64>>) {
    todo!()
}
// ANCHOR_END: gradient_descent

// ANCHOR: largest_converging_lr
/// Section 4.4.1, find it out: the largest learning rate that still converges on
/// f(x0, x1) = x0² + x1² from (−3, 4). Run your `gradient_descent` for 1000 steps
/// with learning rates 0.1, 0.2, ... and then closer and closer to where it stops
/// working. Call a run converging when f of its final x is below a hundredth of
/// f at the start (`function_2(&x) < 0.01 * function_2(&init)`, with
/// `dlfs::ch04::gradient::function_2` or yours). Return the largest learning rate
/// you found that converges. Then explain it to yourself: on this bowl each step
/// is x ← (1 − 2·lr)·x.
pub fn largest_converging_lr() -> f64 {
    todo!()
}
// ANCHOR_END: largest_converging_lr

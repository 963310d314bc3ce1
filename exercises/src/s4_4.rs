//! 4.4 The gradient (기울기) and gradient descent (경사 하강법). Replace each
//! `todo!()` with your code; `cargo test --test s4_4` checks this file.

#[allow(unused_imports)]
use ndarray::{Array, Array1, Dimension, IntoDimension};

// ANCHOR: numerical_gradient
/// Section 4.4, the gradient (기울기) of `f` at `x`: the central difference along
/// every element of `x`, for an array of any shape. Nudge one element at a time
/// by ±h, evaluate f, and put the element back before moving on, so that `x` is
/// unchanged when you return. (`ndarray::indices(x.raw_dim())` visits every index.)
///
/// ∂f/∂x_i ≈ (f(…, x_i + h, …) − f(…, x_i − h, …)) / 2h,  h = 1e-4
pub fn numerical_gradient<D: Dimension>(
    mut f: impl FnMut(&Array<f64, D>) -> f64,
    x: &mut Array<f64, D>,
) -> Array<f64, D> {
    todo!()
}
// ANCHOR_END: numerical_gradient

// ANCHOR: gradient_descent
/// Section 4.4.1, gradient descent (경사 하강법): starting from `init_x`, take
/// `step_num` steps against the gradient, scaled by the learning rate `lr`.
/// Return the final x and the path: every point visited, from `init_x` to the
/// final x (step_num + 1 points). Use your `numerical_gradient` above (or
/// `dlfs::ch04::gradient::numerical_gradient` if yours is not done yet).
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

//! 4.3 Numerical differentiation (수치 미분). Replace each `todo!()` with your code;
//! `cargo test --test s4_3` checks this file.

// ANCHOR: numerical_diff
/// Section 4.3.1, the numerical derivative (수치 미분) of `f` at `x`. Use the
/// central difference (중심 차분) with h = 1e-4: a much smaller h (like 1e-50)
/// rounds away to nothing, and the forward difference (f(x+h) − f(x)) / h measures
/// the slope beside x rather than at x.
///
/// f'(x) ≈ (f(x + h) − f(x − h)) / 2h,  h = 1e-4
pub fn numerical_diff(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    todo!()
}
// ANCHOR_END: numerical_diff

// ANCHOR: function_1
/// Section 4.3.2, the book's example function: a gentle parabola whose slope at
/// x = 5 is 0.2 and at x = 10 is 0.3. Write it as `0.01 * x.powi(2) + 0.1 * x`.
///
/// y = 0.01x² + 0.1x
pub fn function_1(x: f64) -> f64 {
    todo!()
}
// ANCHOR_END: function_1

// ANCHOR: function_2
/// Section 4.3.3, the function of two variables the book takes partial
/// derivatives (편미분) of: the sum of the squares of `x[0]` and `x[1]`, a bowl
/// whose lowest point is (0, 0).
///
/// f(x0, x1) = x0² + x1²
pub fn function_2(x: &ndarray::Array1<f64>) -> f64 {
    todo!()
}
// ANCHOR_END: function_2

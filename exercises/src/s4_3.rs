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

// ANCHOR: best_h
/// Section 4.3.1, find it out: which h gives the central difference its smallest
/// error? Measure it on sin at x = 1, whose exact slope is cos(1): try
/// h = 1e-1, 1e-2, ..., 1e-15 (`10f64.powi(-k)`), compute
/// |(sin(1 + h) − sin(1 − h)) / 2h − cos(1)| for each, and return the h whose error
/// is smallest. (Is it the book's 1e-4? Why does a smaller h stop helping?)
pub fn best_h() -> f64 {
    todo!()
}
// ANCHOR_END: best_h

//! 4.4 The gradient (기울기) and gradient descent (경사 하강법).

use ndarray::{Array, Array1, Dimension, IntoDimension};

// ANCHOR: numerical_gradient
/// The gradient of f at x: the central difference along every element of x, for
/// an array of any shape. Each element is nudged by ±h in place and put back
/// before the next one, so x is unchanged when this returns.
pub fn numerical_gradient<D: Dimension>(
    mut f: impl FnMut(&Array<f64, D>) -> f64,
    x: &mut Array<f64, D>,
) -> Array<f64, D> {
    let h = 1e-4; // 0.0001
    let mut grad = Array::zeros(x.raw_dim());

    for idx in ndarray::indices(x.raw_dim()) {
        let idx = idx.into_dimension();
        let tmp_val = x[idx.clone()];
        x[idx.clone()] = tmp_val + h;
        let fxh1 = f(x); // f(x+h)

        x[idx.clone()] = tmp_val - h;
        let fxh2 = f(x); // f(x-h)
        grad[idx.clone()] = (fxh1 - fxh2) / (2.0 * h);

        x[idx] = tmp_val; // restore the value
    }
    grad
}
// ANCHOR_END: numerical_gradient

// ANCHOR: function_2
/// 4.3.3 f(x0, x1) = x0² + x1², the bowl whose lowest point is (0, 0).
pub fn function_2(x: &Array1<f64>) -> f64 {
    x[0].powi(2) + x[1].powi(2)
}
// ANCHOR_END: function_2

// ANCHOR: gradient_descent
/// 4.4.1 Gradient descent: step_num times, step against the gradient,
/// x ← x - lr ∇f(x). Returns the final x and the path: every point visited,
/// from init_x to the final x (step_num + 1 points).
pub fn gradient_descent(
    f: impl Fn(&Array1<f64>) -> f64,
    init_x: &Array1<f64>,
    lr: f64,
    step_num: usize,
) -> (Array1<f64>, Vec<Array1<f64>>) {
    let mut x = init_x.clone();
    let mut path = vec![x.clone()];

    for _ in 0..step_num {
        let grad = numerical_gradient(&f, &mut x);
        x -= &(lr * &grad);
        path.push(x.clone());
    }
    (x, path)
}
// ANCHOR_END: gradient_descent

// ANCHOR: step_factor
/// 4.4.1 On f(x) = x0² + x1² the gradient is 2x, so one step of gradient descent
/// is x ← x - lr·2x = (1 - 2 lr)·x: every step multiplies x by this factor.
/// |factor| < 1 (0 < lr < 1) converges, lr = 0.5 lands on 0 in one step,
/// 0.5 < lr < 1 flips the sign each step while shrinking (진동, oscillation),
/// lr = 1 bounces between x and -x for ever, and lr > 1 diverges.
pub fn step_factor(lr: f64) -> f64 {
    1.0 - 2.0 * lr
}
// ANCHOR_END: step_factor

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{arr1, arr2};

    #[test]
    fn numerical_matches_analytic_gradients() {
        // f = x0^2 + x1^2 has gradient (2x0, 2x1)
        for p in [[3.0, 4.0], [0.0, 2.0], [3.0, 0.0], [-1.5, 0.25]] {
            let mut x = arr1(&p);
            let g = numerical_gradient(function_2, &mut x);
            assert_abs_diff_eq!(g, 2.0 * &x, epsilon = 1e-6);
        }
        // f = sin(x0) * x1^3 + e^x2
        let f = |x: &Array1<f64>| x[0].sin() * x[1].powi(3) + x[2].exp();
        for p in [[0.3, -1.2, 0.5], [2.0, 0.7, -1.0]] {
            let mut x = arr1(&p);
            let g = numerical_gradient(f, &mut x);
            let want = arr1(&[
                p[0].cos() * p[1].powi(3),
                3.0 * p[0].sin() * p[1].powi(2),
                p[2].exp(),
            ]);
            assert_abs_diff_eq!(g, want, epsilon = 1e-6);
        }
    }

    #[test]
    fn works_for_2d_arrays_and_restores_the_input() {
        let w0 = arr2(&[[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]);
        let mut w = w0.clone();
        let g = numerical_gradient(
            |w: &ndarray::Array2<f64>| w.mapv(|v| v.powi(3)).sum(),
            &mut w,
        );
        assert_eq!(w, w0, "every perturbed element is restored bit for bit");
        assert_eq!(g.shape(), w0.shape());
        assert_abs_diff_eq!(g, w0.mapv(|v| 3.0 * v * v), epsilon = 1e-6);
    }

    #[test]
    fn descent_reaches_the_minimum_and_returns_its_path() {
        let (x, path) = gradient_descent(function_2, &arr1(&[-3.0, 4.0]), 0.1, 100);
        assert_abs_diff_eq!(x, arr1(&[0.0, 0.0]), epsilon = 1e-8);
        assert_eq!(path.len(), 101);
        assert_eq!(path[0], arr1(&[-3.0, 4.0]));
        assert_eq!(path[100], x);
        // each step shrinks the point by (1 - 2 lr) = 0.8
        assert_abs_diff_eq!(path[1], arr1(&[-2.4, 3.2]), epsilon = 1e-9);
    }
}

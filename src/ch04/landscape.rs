//! 4.4.3 Where gradient descent gets slow or stuck: saddle points (안장점),
//! stretched valleys, local minima (극솟값) and plateaus (고원). Four small
//! functions of two variables, the book's `numerical_gradient` and
//! `gradient_descent` unchanged, and gradient ascent (경사 상승법) beside them.

use ndarray::Array1;

use super::gradient::numerical_gradient;

// ANCHOR: gradient_ascent
/// Gradient ascent: the same loop as `gradient_descent`, stepping *along* the
/// gradient, x ← x + lr ∇f(x), so it climbs towards a maximum. Returns the final
/// x and every point visited (step_num + 1 points).
pub fn gradient_ascent(
    f: impl Fn(&Array1<f64>) -> f64,
    init_x: &Array1<f64>,
    lr: f64,
    step_num: usize,
) -> (Array1<f64>, Vec<Array1<f64>>) {
    let mut x = init_x.clone();
    let mut path = vec![x.clone()];

    for _ in 0..step_num {
        let grad = numerical_gradient(&f, &mut x);
        x += &(lr * &grad);
        path.push(x.clone());
    }
    (x, path)
}
// ANCHOR_END: gradient_ascent

// ANCHOR: landscapes
/// A saddle: f = x0² − x1². Its gradient (2 x0, −2 x1) is 0 at (0, 0), yet that
/// point is a minimum along x0 and a maximum along x1: a saddle point (안장점).
pub fn saddle(x: &Array1<f64>) -> f64 {
    x[0].powi(2) - x[1].powi(2)
}

/// A stretched bowl: f = x0²/20 + x1², twenty times steeper across (x1) than
/// along (x0). The gradient points mostly across the valley, not at (0, 0).
pub fn stretched_bowl(x: &Array1<f64>) -> f64 {
    x[0].powi(2) / 20.0 + x[1].powi(2)
}

/// Two valleys: f = (x0² − 4)²/16 + x0/2 + x1². The tilt x0/2 makes the valley
/// at x0 ≈ −2.21 the lowest point (the global minimum, f ≈ −1.06) and leaves the
/// one at x0 ≈ 1.68 a local minimum (극솟값, f ≈ 0.93); a ridge at x0 ≈ 0.54
/// parts them.
pub fn double_well(x: &Array1<f64>) -> f64 {
    (x[0].powi(2) - 4.0).powi(2) / 16.0 + x[0] / 2.0 + x[1].powi(2)
}

/// A plateau (고원): f = 1 − exp(−(x0² + x1²)/3), a well at (0, 0) in a plain
/// that is almost flat: the slope is 0.032 at (3, −2) and 8e-4 at (−3, 4).
pub fn plateau(x: &Array1<f64>) -> f64 {
    1.0 - (-(x[0].powi(2) + x[1].powi(2)) / 3.0).exp()
}
// ANCHOR_END: landscapes

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch04::gradient::gradient_descent;
    use approx::assert_abs_diff_eq;
    use ndarray::arr1;

    #[test]
    fn ascent_is_descent_on_minus_f_bit_for_bit() {
        let neg = |x: &Array1<f64>| -saddle(x);
        let (up, up_path) = gradient_ascent(saddle, &arr1(&[3.0, -2.0]), 0.1, 30);
        let (down, down_path) = gradient_descent(neg, &arr1(&[3.0, -2.0]), 0.1, 30);
        assert_eq!(up, down);
        assert_eq!(up_path, down_path);
        // on the saddle, ascent grows x0 and shrinks x1
        assert!(up[0] > 3.0 && up[1].abs() < 0.01, "{up}");
    }

    #[test]
    fn the_gradient_is_zero_at_the_saddle_and_on_its_ridge_descent_stays() {
        let g = numerical_gradient(saddle, &mut arr1(&[0.0, 0.0]));
        assert_eq!(g, arr1(&[0.0, 0.0]));
        // x1 = 0 exactly: (f(x0, h) - f(x0, -h)) / 2h is exactly 0, so x1 never moves
        let (x, path) = gradient_descent(saddle, &arr1(&[3.0, 0.0]), 0.1, 100);
        assert!(path.iter().all(|p| p[1] == 0.0));
        assert_abs_diff_eq!(x[0], 0.0, epsilon = 1e-8);
        // a step off the ridge and it escapes along x1
        let (x, _) = gradient_descent(saddle, &arr1(&[3.0, -2.0]), 0.1, 100);
        assert!(x[1] < -1e6, "{x}");
    }

    #[test]
    fn the_double_well_has_two_minima_and_descent_finds_the_nearer() {
        let (left, _) = gradient_descent(double_well, &arr1(&[-3.0, 2.0]), 0.1, 100);
        let (right, _) = gradient_descent(double_well, &arr1(&[3.0, -2.0]), 0.1, 100);
        assert_abs_diff_eq!(left[0], -2.2143, epsilon = 1e-3);
        assert_abs_diff_eq!(right[0], 1.6751, epsilon = 1e-3);
        assert!(double_well(&left) < double_well(&right));
        // both are flat: gradient descent cannot tell a local minimum from the global one
        for x in [left, right] {
            let g = numerical_gradient(double_well, &mut x.clone());
            assert!(g.iter().all(|v| v.abs() < 1e-5), "{g}");
        }
    }

    #[test]
    fn the_plateau_is_flat_far_out() {
        let g = numerical_gradient(plateau, &mut arr1(&[-3.0, 4.0]));
        assert!(g.iter().all(|v| v.abs() < 1e-3), "{g}");
        assert_abs_diff_eq!(plateau(&arr1(&[0.0, 0.0])), 0.0);
        assert!(plateau(&arr1(&[-3.0, 4.0])) > 0.999);
    }

    #[test]
    fn the_stretched_bowls_gradient_does_not_point_at_the_minimum() {
        let g = numerical_gradient(stretched_bowl, &mut arr1(&[3.0, -2.0]));
        assert_abs_diff_eq!(g, arr1(&[0.3, -4.0]), epsilon = 1e-6);
    }
}

//! 4.3 Numerical differentiation (수치 미분): the slope of f, measured by nudging x.

// ANCHOR: numerical_diff_bad
/// 4.3.1 The naive forward difference (f(x+h) - f(x)) / h with h = 10e-50.
/// It fails twice: 5 + 1e-49 rounds back to 5, so it returns 0.0; and even with
/// a usable h, the forward difference measures the slope between x and x+h, not at x.
pub fn numerical_diff_bad(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 10e-50;
    (f(x + h) - f(x)) / h
}
// ANCHOR_END: numerical_diff_bad

// ANCHOR: numerical_diff
/// 4.3.1 The central difference (f(x+h) - f(x-h)) / 2h with h = 1e-4: large enough
/// to survive rounding, and centred on x, so its error shrinks like h² rather than h.
pub fn numerical_diff(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-4; // 0.0001
    (f(x + h) - f(x - h)) / (2.0 * h)
}
// ANCHOR_END: numerical_diff

/// The forward difference with a sensible h, to compare against the central one.
pub fn forward_diff(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

// ANCHOR: diff_error
/// The central difference with a chosen h (the book fixes h = 1e-4).
pub fn central_diff(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// The best h for each difference quotient. Taylor's formula gives the
/// truncation error (절단 오차): about h |f''| / 2 forward and h² |f'''| / 6
/// central. Rounding (반올림 오차) adds about eps |f| / h, with eps = 2^-52 the gap
/// between 1 and the next f64. The first falls with h, the second grows, and
/// their sum is smallest near h = sqrt(eps) forward and h = cbrt(eps) central.
pub fn best_h(central: bool) -> f64 {
    if central {
        f64::EPSILON.cbrt()
    } else {
        f64::EPSILON.sqrt()
    }
}
// ANCHOR_END: diff_error

// ANCHOR: function_1
/// 4.3.2 y = 0.01x² + 0.1x. `x.powi(2)` is exactly x*x, which is what Python's
/// `x**2` computes; writing `0.01*x*x` instead changes the last digits.
pub fn function_1(x: f64) -> f64 {
    0.01 * x.powi(2) + 0.1 * x
}
// ANCHOR_END: function_1

/// The exact derivative of `function_1`: 0.02x + 0.1.
pub fn function_1_derivative(x: f64) -> f64 {
    0.02 * x + 0.1
}

// ANCHOR: tangent_line
/// The book's `tangent_line`: the line through (x, f(x)) whose slope is the
/// numerical derivative there, as a function of t.
pub fn tangent_line(f: impl Fn(f64) -> f64, x: f64) -> impl Fn(f64) -> f64 {
    let d = numerical_diff(&f, x);
    let y = f(x) - d * x;
    move |t| d * t + y
}
// ANCHOR_END: tangent_line

// ANCHOR: partial
/// 4.3.3 f(x0, x1) = x0² + x1² with x1 held at 4: its slope in x0 is ∂f/∂x0.
pub fn function_tmp1(x0: f64) -> f64 {
    x0 * x0 + 4.0_f64.powf(2.0)
}

/// 4.3.3 f(x0, x1) = x0² + x1² with x0 held at 3: its slope in x1 is ∂f/∂x1.
pub fn function_tmp2(x1: f64) -> f64 {
    3.0_f64.powf(2.0) + x1 * x1
}
// ANCHOR_END: partial

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn central_difference_matches_the_derivative_on_several_functions() {
        type F = fn(f64) -> f64;
        let cases: [(F, F); 4] = [
            (function_1, function_1_derivative),
            (f64::sin, f64::cos),
            (f64::exp, f64::exp),
            (|x| x.powi(3), |x| 3.0 * x * x),
        ];
        for (f, df) in cases {
            for x in [-2.0, -0.5, 0.0, 1.0, 3.0] {
                assert_abs_diff_eq!(numerical_diff(f, x), df(x), epsilon = 1e-6);
            }
        }
    }

    #[test]
    fn central_beats_forward() {
        let x = 1.0;
        let central = (numerical_diff(f64::exp, x) - x.exp()).abs();
        let forward = (forward_diff(f64::exp, x, 1e-4) - x.exp()).abs();
        assert!(
            central * 100.0 < forward,
            "central {central:e} vs forward {forward:e}"
        );
    }

    #[test]
    fn tiny_h_rounds_away() {
        assert_eq!(numerical_diff_bad(function_1, 5.0), 0.0);
        assert_eq!(1e-50_f64 as f32, 0.0);
    }

    #[test]
    fn tangent_lines_touch_the_curve_with_its_slope() {
        for x in [5.0, 10.0] {
            let t = tangent_line(function_1, x);
            assert_abs_diff_eq!(t(x), function_1(x), epsilon = 1e-12);
            assert_abs_diff_eq!(t(x + 1.0) - t(x), function_1_derivative(x), epsilon = 1e-9);
        }
    }

    #[test]
    fn partials_match_two_x() {
        assert_abs_diff_eq!(numerical_diff(function_tmp1, 3.0), 6.0, epsilon = 1e-9);
        assert_abs_diff_eq!(numerical_diff(function_tmp2, 4.0), 8.0, epsilon = 1e-9);
    }
}

//! Checks for `src/s4_3.rs`, section 4.3 numerical differentiation (수치 미분).
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so the `mutants` module at the bottom (run by CI with the
//! `solution` feature) can prove that the usual wrong answers fail them.

use exercises::check::{Exercise, Outcome, close, run};
use exercises::s4_3;
use ndarray::{Array1, arr1};

const DIFF: Exercise = Exercise {
    name: "numerical_diff",
    section: "4.3.1",
    file: "src/s4_3.rs",
    task: "the central difference (f(x + h) − f(x − h)) / 2h with h = 1e-4.",
};
const F1: Exercise = Exercise {
    name: "function_1",
    section: "4.3.2",
    file: "src/s4_3.rs",
    task: "y = 0.01x² + 0.1x.",
};
const F2: Exercise = Exercise {
    name: "function_2",
    section: "4.3.3",
    file: "src/s4_3.rs",
    task: "f(x0, x1) = x0² + x1².",
};

type Diff = fn(&dyn Fn(f64) -> f64, f64) -> f64;
type Scalar = fn(f64) -> f64;
type Vector = fn(&Array1<f64>) -> f64;

// ---- numerical_diff ----

fn diff_book_numbers(d: Diff) -> Outcome {
    let f = dlfs::ch04::diff::function_1;
    let hint = "use the central difference (f(x+h) − f(x−h)) / (2h) with h = 1e-4; 0.2000009… means a forward difference, 0.0 means h is so small that x + h == x";
    close(
        "slope of function_1 at x = 5",
        d(&f, 5.0),
        0.1999999999990898,
        1e-12,
        hint,
    )?;
    close(
        "slope of function_1 at x = 10",
        d(&f, 10.0),
        0.2999999999986347,
        1e-12,
        hint,
    )
}

fn diff_partials(d: Diff) -> Outcome {
    let hint = "the same central difference, applied to a function of x0 alone (x1 held at 4) or of x1 alone (x0 held at 3)";
    close(
        "∂f/∂x0 at (3, 4): numerical_diff(function_tmp1, 3.0)",
        d(&dlfs::ch04::diff::function_tmp1, 3.0),
        6.00000000000378,
        1e-12,
        hint,
    )?;
    close(
        "∂f/∂x1 at (3, 4): numerical_diff(function_tmp2, 4.0)",
        d(&dlfs::ch04::diff::function_tmp2, 4.0),
        7.999999999999119,
        1e-12,
        hint,
    )
}

fn diff_at_the_point(d: Diff) -> Outcome {
    let hint = "centre the difference on x: (f(x+h) − f(x−h)) / (2h); a forward or backward difference is off by about h·f''(x)/2";
    close(
        "slope of x² at 0 (exactly 0)",
        d(&|x| x * x, 0.0),
        0.0,
        1e-12,
        hint,
    )?;
    close(
        "slope of eˣ at 1 (e)",
        d(&f64::exp, 1.0),
        std::f64::consts::E,
        1e-7,
        hint,
    )?;
    close(
        "slope of sin at 2 (cos 2)",
        d(&f64::sin, 2.0),
        2f64.cos(),
        1e-8,
        hint,
    )
}

mod numerical_diff {
    use super::*;

    fn student(f: &dyn Fn(f64) -> f64, x: f64) -> f64 {
        s4_3::numerical_diff(f, x)
    }

    #[test]
    fn book_numbers() {
        run(&DIFF, || diff_book_numbers(student));
    }

    #[test]
    fn partial_derivatives() {
        run(&DIFF, || diff_partials(student));
    }

    #[test]
    fn measures_the_slope_at_x() {
        run(&DIFF, || diff_at_the_point(student));
    }
}

// ---- function_1 ----

fn f1_values(f: Scalar) -> Outcome {
    let hint = "y = 0.01 * x.powi(2) + 0.1 * x";
    for (x, y) in [
        (0.0, 0.0),
        (5.0, 0.75),
        (10.0, 2.0),
        (-10.0, 0.0),
        (20.0, 6.0),
    ] {
        close(&format!("function_1({x:?})"), f(x), y, 1e-12, hint)?;
    }
    Ok(())
}

fn f1_slopes(f: Scalar) -> Outcome {
    let hint = "the slope of 0.01x² + 0.1x is 0.02x + 0.1: 0.2 at x = 5, 0.3 at x = 10";
    close(
        "its slope at 5 (dlfs's numerical_diff)",
        dlfs::ch04::diff::numerical_diff(f, 5.0),
        0.2,
        1e-9,
        hint,
    )?;
    close(
        "its slope at 10 (dlfs's numerical_diff)",
        dlfs::ch04::diff::numerical_diff(f, 10.0),
        0.3,
        1e-9,
        hint,
    )
}

mod function_1 {
    use super::*;

    fn student(x: f64) -> f64 {
        s4_3::function_1(x)
    }

    #[test]
    fn values() {
        run(&F1, || f1_values(student));
    }

    #[test]
    fn slopes_are_the_books() {
        run(&F1, || f1_slopes(student));
    }
}

// ---- function_2 ----

fn f2_values(f: Vector) -> Outcome {
    let hint = "x[0].powi(2) + x[1].powi(2): square each coordinate, then add";
    for (p, y) in [
        ([3.0, 4.0], 25.0),
        ([-3.0, 4.0], 25.0),
        ([0.0, 0.0], 0.0),
        ([1.5, -2.0], 6.25),
    ] {
        close(
            &format!("function_2([{:?}, {:?}])", p[0], p[1]),
            f(&arr1(&p)),
            y,
            1e-12,
            hint,
        )?;
    }
    Ok(())
}

fn f2_partials(f: Vector) -> Outcome {
    let hint = "∂f/∂x0 = 2·x0 and ∂f/∂x1 = 2·x1 for f = x0² + x1²";
    let d0 = dlfs::ch04::diff::numerical_diff(|x0| f(&arr1(&[x0, 4.0])), 3.0);
    let d1 = dlfs::ch04::diff::numerical_diff(|x1| f(&arr1(&[3.0, x1])), 4.0);
    close("∂f/∂x0 at (3, 4)", d0, 6.0, 1e-9, hint)?;
    close("∂f/∂x1 at (3, 4)", d1, 8.0, 1e-9, hint)
}

mod function_2 {
    use super::*;

    fn student(x: &Array1<f64>) -> f64 {
        s4_3::function_2(x)
    }

    #[test]
    fn values() {
        run(&F2, || f2_values(student));
    }

    #[test]
    fn partial_derivatives_are_6_and_8() {
        run(&F2, || f2_partials(student));
    }
}

/// Wrong but plausible answers, each of which some check must turn down.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use exercises::check::rejects;

    #[test]
    fn forward_difference() {
        let d: Diff = |f, x| (f(x + 1e-4) - f(x)) / 1e-4;
        assert!(rejects(|| diff_book_numbers(d)));
        assert!(rejects(|| diff_at_the_point(d)));
    }

    #[test]
    fn backward_difference() {
        let d: Diff = |f, x| (f(x) - f(x - 1e-4)) / 1e-4;
        assert!(rejects(|| diff_at_the_point(d)));
    }

    #[test]
    fn a_tiny_h() {
        let d: Diff = |f, x| (f(x + 10e-50) - f(x - 10e-50)) / (2.0 * 10e-50);
        assert!(rejects(|| diff_book_numbers(d)));
    }

    #[test]
    fn forgetting_the_2_or_the_sign() {
        let no_two: Diff = |f, x| (f(x + 1e-4) - f(x - 1e-4)) / 1e-4;
        assert!(rejects(|| diff_book_numbers(no_two)));
        assert!(rejects(|| diff_partials(no_two)));
        let flipped: Diff = |f, x| (f(x - 1e-4) - f(x + 1e-4)) / (2.0 * 1e-4);
        assert!(rejects(|| diff_book_numbers(flipped)));
    }

    #[test]
    fn function_1_with_swapped_or_missing_terms() {
        assert!(rejects(|| f1_values(|x| 0.1 * x * x + 0.01 * x)));
        assert!(rejects(|| f1_values(|x| 0.01 * x * x + 0.1)));
        assert!(rejects(|| f1_slopes(|x| 0.01 * x * x + 0.1)));
    }

    #[test]
    fn function_2_squaring_the_sum_or_one_term() {
        assert!(rejects(|| f2_values(|x| (x[0] + x[1]).powi(2))));
        assert!(rejects(|| f2_values(|x| x[0].powi(2) + x[1])));
        assert!(rejects(|| f2_partials(|x| x[0].powi(2) + x[1])));
    }
}

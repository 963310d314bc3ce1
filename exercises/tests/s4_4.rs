//! Checks for `src/s4_4.rs`, section 4.4 the gradient (기울기) and gradient
//! descent (경사 하강법).
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so the `mutants` module at the bottom (run by CI with the
//! `solution` feature) can prove that the usual wrong answers fail them.

use dlfs::ch04::gradient::function_2;
use exercises::check::{Exercise, Outcome, close_array, close_array_rel, ensure, run};
use exercises::s4_4;
use ndarray::{Array1, Array2, arr1, arr2};

const GRAD: Exercise = Exercise {
    name: "numerical_gradient",
    section: "4.4",
    file: "src/s4_4.rs",
    task: "the central difference along every element of x, restoring each element after use.",
};
const DESCENT: Exercise = Exercise {
    name: "gradient_descent",
    section: "4.4.1",
    file: "src/s4_4.rs",
    task: "step_num times x ← x − lr ∇f(x); return the final x and every point visited.",
};

type Grad1 = fn(&mut dyn FnMut(&Array1<f64>) -> f64, &mut Array1<f64>) -> Array1<f64>;
type Grad2 = fn(&mut dyn FnMut(&Array2<f64>) -> f64, &mut Array2<f64>) -> Array2<f64>;
type Descent =
    fn(&dyn Fn(&Array1<f64>) -> f64, &Array1<f64>, f64, usize) -> (Array1<f64>, Vec<Array1<f64>>);

// ---- numerical_gradient ----

fn grad_book_numbers(g: Grad1) -> Outcome {
    let hint = "for each element i: save x[i], set x[i] + h, evaluate f, set x[i] − h, evaluate f, grad[i] = (f1 − f2) / (2h) with h = 1e-4, put x[i] back";
    let cases = [
        ([3.0, 4.0], [6.00000000000378, 7.999999999999119]),
        ([0.0, 2.0], [0.0, 4.000000000004]),
        ([3.0, 0.0], [6.000000000012662, 0.0]),
    ];
    for (p, want) in cases {
        let mut x = arr1(&p);
        let got = g(&mut |x: &Array1<f64>| function_2(x), &mut x);
        close_array(
            &format!(
                "numerical_gradient(function_2, [{:?}, {:?}]) (the book prints {})",
                p[0],
                p[1],
                arr1(&want).mapv(f64::round)
            ),
            &got,
            &arr1(&want),
            1e-12,
            hint,
        )?;
    }
    Ok(())
}

fn grad_restores(g: Grad1) -> Outcome {
    // x0·x1 + x2²: the slope along x1 is x0, so an x0 left at x0 − h shows up there.
    let x0 = arr1(&[1.0, 2.0, 3.0]);
    let mut x = x0.clone();
    let got = g(&mut |x: &Array1<f64>| x[0] * x[1] + x[2] * x[2], &mut x);
    close_array(
        "x after the call (must be what it was before)",
        &x,
        &x0,
        0.0,
        "put each element back to its saved value (x[i] = tmp_val) before moving to the next",
    )?;
    close_array(
        "gradient of x0·x1 + x2² at (1, 2, 3)",
        &got,
        &arr1(&[2.0, 1.0, 6.0]),
        1e-9,
        "restore x[i] before you nudge the next element: a value left at x[i] − h changes the next partial derivative",
    )
}

fn grad_2d(g: Grad2) -> Outcome {
    let w0 = arr2(&[[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]);
    let mut w = w0.clone();
    let got = g(&mut |w: &Array2<f64>| w.mapv(|v| v.powi(3)).sum(), &mut w);
    close_array(
        "gradient of Σ w³ for a 2x3 w (3w²)",
        &got,
        &w0.mapv(|v| 3.0 * v * v),
        1e-6,
        "visit every index of x whatever its shape (ndarray::indices(x.raw_dim())), and return an array of x's shape",
    )?;
    close_array(
        "w after the call",
        &w,
        &w0,
        0.0,
        "restore every element you nudge",
    )
}

mod numerical_gradient {
    use super::*;

    fn student1(f: &mut dyn FnMut(&Array1<f64>) -> f64, x: &mut Array1<f64>) -> Array1<f64> {
        s4_4::numerical_gradient(f, x)
    }

    fn student2(f: &mut dyn FnMut(&Array2<f64>) -> f64, x: &mut Array2<f64>) -> Array2<f64> {
        s4_4::numerical_gradient(f, x)
    }

    #[test]
    fn book_numbers() {
        run(&GRAD, || grad_book_numbers(student1));
    }

    #[test]
    fn restores_every_element() {
        run(&GRAD, || grad_restores(student1));
    }

    #[test]
    fn works_for_a_2d_array() {
        run(&GRAD, || grad_2d(student2));
    }
}

// ---- gradient_descent ----

fn descent_book_numbers(d: Descent) -> Outcome {
    let init = arr1(&[-3.0, 4.0]);
    let f = |x: &Array1<f64>| function_2(x);
    let hint = "100 steps of x ← x − lr·∇f(x) (minus: downhill); the book prints [-6.11110793e-10  8.14814391e-10] for lr = 0.1";
    let (x, _) = d(&f, &init, 0.1, 100);
    close_array_rel(
        "gradient_descent(function_2, [-3, 4], lr = 0.1, step_num = 100)",
        &x,
        &arr1(&[-6.111107928998789e-10, 8.148143905314271e-10]),
        1e-6,
        hint,
    )?;
    let (x, _) = d(&f, &init, 1e-10, 100);
    close_array(
        "lr = 1e-10 (too small: it hardly moves)",
        &x,
        &arr1(&[-2.999999939999995, 3.9999999199999934]),
        1e-12,
        hint,
    )
}

fn descent_too_large(d: Descent) -> Outcome {
    let (x, _) = d(
        &|x: &Array1<f64>| function_2(x),
        &arr1(&[-3.0, 4.0]),
        10.0,
        100,
    );
    close_array_rel(
        "lr = 10.0 (too large: the book prints [-2.58983747e+13 -1.29524862e+12])",
        &x,
        &arr1(&[-2.5898374737328363e13, -1.2952486168965398e12]),
        1e-9,
        "use the central-difference numerical_gradient with h = 1e-4: once |x| > 2^40, x + h == x and the gradient is exactly 0, so x freezes there",
    )
}

fn descent_path(d: Descent) -> Outcome {
    let init = arr1(&[-3.0, 4.0]);
    let (x, path) = d(&|x: &Array1<f64>| function_2(x), &init, 0.1, 20);
    ensure(
        path.len() == 21,
        "the path of 20 steps",
        "21 points (the start and one after each step)",
        format!("{} points", path.len()),
        "push init_x before the first step and x after every step",
    )?;
    close_array("path[0]", &path[0], &init, 0.0, "the path starts at init_x")?;
    close_array(
        "path[1] (one step of lr = 0.1 shrinks x by 1 − 2·0.1 = 0.8)",
        &path[1],
        &arr1(&[-2.4, 3.2]),
        1e-9,
        "x ← x − lr·∇f(x), and ∇f = (2x0, 2x1) here",
    )?;
    close_array(
        "the last point of the path",
        &path[20],
        &x,
        0.0,
        "the path ends at the x you return",
    )
}

mod gradient_descent {
    use super::*;

    fn student(
        f: &dyn Fn(&Array1<f64>) -> f64,
        init: &Array1<f64>,
        lr: f64,
        n: usize,
    ) -> (Array1<f64>, Vec<Array1<f64>>) {
        s4_4::gradient_descent(f, init, lr, n)
    }

    #[test]
    fn book_numbers() {
        run(&DESCENT, || descent_book_numbers(student));
    }

    #[test]
    fn a_learning_rate_of_10_freezes_where_the_book_says() {
        run(&DESCENT, || descent_too_large(student));
    }

    #[test]
    fn returns_every_point_visited() {
        run(&DESCENT, || descent_path(student));
    }
}

/// Wrong but plausible answers, each of which some check must turn down.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use exercises::check::rejects;

    /// A numerical gradient with the chosen mistakes.
    fn grad(
        f: &mut dyn FnMut(&Array1<f64>) -> f64,
        x: &mut Array1<f64>,
        forward: bool,
        restore: bool,
    ) -> Array1<f64> {
        let h = 1e-4;
        let mut g = Array1::zeros(x.len());
        for i in 0..x.len() {
            let tmp = x[i];
            x[i] = tmp + h;
            let f1 = f(x);
            if forward {
                x[i] = tmp;
                g[i] = (f1 - f(x)) / h;
            } else {
                x[i] = tmp - h;
                g[i] = (f1 - f(x)) / (2.0 * h);
            }
            if restore {
                x[i] = tmp;
            }
        }
        g
    }

    #[test]
    fn gradient_by_forward_difference() {
        assert!(rejects(|| grad_book_numbers(|f, x| grad(f, x, true, true))));
    }

    #[test]
    fn gradient_without_restoring() {
        assert!(rejects(|| grad_restores(|f, x| grad(f, x, false, false))));
    }

    #[test]
    fn gradient_of_the_first_row_only() {
        assert!(rejects(|| grad_2d(|f, x| {
            let mut g = Array2::zeros(x.raw_dim());
            for j in 0..x.ncols() {
                let tmp = x[[0, j]];
                x[[0, j]] = tmp + 1e-4;
                let f1 = f(x);
                x[[0, j]] = tmp - 1e-4;
                g[[0, j]] = (f1 - f(x)) / 2e-4;
                x[[0, j]] = tmp;
            }
            g
        })));
    }

    /// Gradient descent with the chosen mistakes.
    fn descent(
        f: &dyn Fn(&Array1<f64>) -> f64,
        init: &Array1<f64>,
        lr: f64,
        n: usize,
        sign: f64,
        steps_off: usize,
        with_start: bool,
    ) -> (Array1<f64>, Vec<Array1<f64>>) {
        let mut x = init.clone();
        let mut path = if with_start { vec![x.clone()] } else { vec![] };
        for _ in 0..n - steps_off {
            let g = dlfs::ch04::gradient::numerical_gradient(f, &mut x);
            x = x - sign * lr * g;
            path.push(x.clone());
        }
        (x, path)
    }

    #[test]
    fn gradient_ascent() {
        assert!(rejects(|| descent_book_numbers(|f, x, lr, n| descent(
            f, x, lr, n, -1.0, 0, true
        ))));
        assert!(rejects(|| descent_path(|f, x, lr, n| descent(
            f, x, lr, n, -1.0, 0, true
        ))));
    }

    #[test]
    fn one_step_short() {
        assert!(rejects(|| descent_book_numbers(|f, x, lr, n| descent(
            f, x, lr, n, 1.0, 1, true
        ))));
    }

    #[test]
    fn a_path_without_its_start() {
        assert!(rejects(|| descent_path(|f, x, lr, n| descent(
            f, x, lr, n, 1.0, 0, false
        ))));
    }

    #[test]
    fn the_exact_gradient_instead_of_the_numerical_one() {
        // 2x never vanishes, so lr = 10 runs off to 3·19^100 instead of freezing.
        assert!(rejects(|| descent_too_large(|_, init, lr, n| {
            let mut x = init.clone();
            let mut path = vec![x.clone()];
            for _ in 0..n {
                x = &x - &(lr * 2.0 * &x);
                path.push(x.clone());
            }
            (x, path)
        })));
    }
}

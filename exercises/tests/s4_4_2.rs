//! Checks for `src/s4_4_2.rs`, section 4.4.2 the gradient of a neural network
//! (신경망에서의 기울기), with the book's simpleNet.
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so the `mutants` module at the bottom (run by CI with the
//! `solution` feature) can prove that the usual wrong answers fail them.

use dlfs::ch04::simple_net::SimpleNet;
use dlfs::common::functions::softmax;
use exercises::check::{Exercise, Outcome, close, close_array, run};
use exercises::s4_4_2;
use ndarray::{Array1, Array2, arr1, arr2};

const PREDICT: Exercise = Exercise {
    name: "predict",
    section: "4.4.2",
    file: "src/s4_4_2.rs",
    task: "simpleNet's scores p = x · W (no softmax).",
};
const LOSS: Exercise = Exercise {
    name: "loss",
    section: "4.4.2",
    file: "src/s4_4_2.rs",
    task: "simpleNet's loss: cross_entropy_error(softmax(x · W), t).",
};
const GRADIENT: Exercise = Exercise {
    name: "numerical_gradient",
    section: "4.4.2",
    file: "src/s4_4_2.rs",
    task: "dL/dW for simpleNet, a 2x3 array, leaving net.w as it was.",
};

type Predict = fn(&SimpleNet, &Array1<f64>) -> Array1<f64>;
type Loss = fn(&SimpleNet, &Array1<f64>, &Array1<f64>) -> f64;
type Gradient = fn(&mut SimpleNet, &Array1<f64>, &Array1<f64>) -> Array2<f64>;

/// The book's net: the weights it printed, its input and its label (class 2).
fn book() -> (SimpleNet, Array1<f64>, Array1<f64>) {
    let w = arr2(&[
        [0.47355232, 0.9977393, 0.84668094],
        [0.85557411, 0.03563661, 0.69422093],
    ]);
    (
        SimpleNet::with_weights(w),
        arr1(&[0.6, 0.9]),
        arr1(&[0.0, 0.0, 1.0]),
    )
}

/// Another net, with seeded random weights, and an input whose label is class 0.
fn other() -> (SimpleNet, Array1<f64>, Array1<f64>) {
    (
        SimpleNet::new(42),
        arr1(&[-1.2, 0.7]),
        arr1(&[1.0, 0.0, 0.0]),
    )
}

// ---- predict ----

fn predict_book(p: Predict) -> Outcome {
    let (net, x, _) = book();
    close_array(
        "net.predict(x) for the book's W and x = [0.6, 0.9] (the book prints [1.05414809 0.63071653 1.1328074])",
        &p(&net, &x),
        &arr1(&[1.054148091, 0.630716529, 1.132807401]),
        1e-12,
        "the scores are x.dot(&net.w), a row of 3; leave softmax to the loss",
    )
}

fn predict_other(p: Predict) -> Outcome {
    let (net, x, _) = other();
    let want = Array1::from_shape_fn(3, |j| x[0] * net.w[[0, j]] + x[1] * net.w[[1, j]]);
    close_array(
        "a net with random weights, x = [-1.2, 0.7]",
        &p(&net, &x),
        &want,
        1e-12,
        "p_j = x_0 W_0j + x_1 W_1j, i.e. x.dot(&net.w)",
    )
}

mod predict {
    use super::*;

    fn student(net: &SimpleNet, x: &Array1<f64>) -> Array1<f64> {
        s4_4_2::predict(net, x)
    }

    #[test]
    fn book_numbers() {
        run(&PREDICT, || predict_book(student));
    }

    #[test]
    fn any_weights() {
        run(&PREDICT, || predict_other(student));
    }
}

// ---- loss ----

fn loss_book(l: Loss) -> Outcome {
    let (net, x, t) = book();
    close(
        "net.loss(x, t) for the book's net",
        l(&net, &x, &t),
        0.9280682857864075,
        1e-12,
        "softmax the scores first, then cross_entropy_error (δ = 1e-7). The book printed 0.92806853663411326, made before its code had the δ; 0.92806853874… means the δ is missing",
    )
}

fn loss_other(l: Loss) -> Outcome {
    let (net, x, t) = other();
    let y = softmax(&x.dot(&net.w));
    close(
        "a net with random weights and the label 0",
        l(&net, &x, &t),
        -(y[0] + 1e-7).ln(),
        1e-12,
        "L = −Σ t_k log(y_k + δ) with y = softmax(x · W): only the label's probability counts",
    )
}

mod loss {
    use super::*;

    fn student(net: &SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
        s4_4_2::loss(net, x, t)
    }

    #[test]
    fn book_numbers() {
        run(&LOSS, || loss_book(student));
    }

    #[test]
    fn any_weights() {
        run(&LOSS, || loss_other(student));
    }
}

// ---- numerical_gradient ----

fn gradient_book(g: Gradient) -> Outcome {
    let (mut net, x, t) = book();
    let w0 = net.w.clone();
    let dw = g(&mut net, &x, &t);
    close_array(
        "dW for the book's net (with the δ; the book's printout, without it, is ~1e-7 away)",
        &dw,
        &arr2(&[
            [0.2192475712392561, 0.14356242984070455, -0.3628100010055757],
            [0.3288713569016277, 0.21534364482433954, -0.5442150014745017],
        ]),
        1e-9,
        "the central-difference numerical gradient (h = 1e-4) of w ↦ loss with weights w, taken at net.w",
    )?;
    close_array(
        "net.w after the call",
        &net.w,
        &w0,
        0.0,
        "leave net.w as it was: restore every weight you nudge",
    )
}

fn gradient_analytic(g: Gradient) -> Outcome {
    let (mut net, x, t) = other();
    let dw = g(&mut net, &x, &t);
    // For softmax followed by cross-entropy, dL/dW = outer(x, y − t).
    let y = softmax(&x.dot(&net.w));
    let want = Array2::from_shape_fn((2, 3), |(i, j)| x[i] * (y[j] - t[j]));
    close_array(
        "dW for a net with random weights, against the exact dL/dW = outer(x, y − t)",
        &dw,
        &want,
        1e-6,
        "dW has W's shape (2x3); element (i, j) is how the loss moves when W[i][j] moves",
    )
}

mod numerical_gradient {
    use super::*;

    fn student(net: &mut SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
        s4_4_2::numerical_gradient(net, x, t)
    }

    #[test]
    fn book_numbers() {
        run(&GRADIENT, || gradient_book(student));
    }

    #[test]
    fn matches_the_exact_gradient() {
        run(&GRADIENT, || gradient_analytic(student));
    }
}

/// Wrong but plausible answers, each of which some check must turn down.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use dlfs::ch04::loss::cross_entropy_error;
    use exercises::check::rejects;

    #[test]
    fn predict_with_softmax() {
        assert!(rejects(|| predict_book(|net, x| softmax(&x.dot(&net.w)))));
    }

    #[test]
    fn predict_with_one_weight_row_only() {
        assert!(rejects(|| predict_other(|net, x| x[0] * &net.w.row(0))));
    }

    #[test]
    fn loss_without_softmax() {
        assert!(rejects(|| loss_book(|net, x, t| cross_entropy_error(
            &x.dot(&net.w),
            t
        ))));
        assert!(rejects(|| loss_other(|net, x, t| cross_entropy_error(
            &x.dot(&net.w),
            t
        ))));
    }

    #[test]
    fn loss_without_the_delta() {
        assert!(rejects(|| loss_book(|net, x, t| {
            let y = softmax(&x.dot(&net.w));
            -(t * &y.mapv(f64::ln)).sum()
        })));
    }

    /// dL/dW with the chosen mistakes.
    fn gradient(
        net: &mut SimpleNet,
        x: &Array1<f64>,
        t: &Array1<f64>,
        forward: bool,
        restore: bool,
    ) -> Array2<f64> {
        let h = 1e-4;
        let mut dw = Array2::zeros((2, 3));
        for i in 0..2 {
            for j in 0..3 {
                let tmp = net.w[[i, j]];
                net.w[[i, j]] = tmp + h;
                let f1 = net.loss(x, t);
                net.w[[i, j]] = if forward { tmp } else { tmp - h };
                let f2 = net.loss(x, t);
                dw[[i, j]] = (f1 - f2) / if forward { h } else { 2.0 * h };
                if restore {
                    net.w[[i, j]] = tmp;
                }
            }
        }
        dw
    }

    #[test]
    fn gradient_by_forward_difference() {
        assert!(rejects(|| gradient_book(|n, x, t| gradient(
            n, x, t, true, true
        ))));
        assert!(rejects(|| gradient_analytic(|n, x, t| gradient(
            n, x, t, true, true
        ))));
    }

    #[test]
    fn gradient_leaving_the_weights_changed() {
        assert!(rejects(|| gradient_book(|n, x, t| gradient(
            n, x, t, false, false
        ))));
    }

    #[test]
    fn gradient_transposed() {
        assert!(rejects(|| gradient_book(|n, x, t| gradient(
            n, x, t, false, true
        )
        .reversed_axes())));
    }
}

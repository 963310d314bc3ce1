//! Checks for `src/s4_5.rs`, section 4.5 the two-layer net (2층 신경망), on a
//! small made-up net (3 inputs, 4 hidden units, 3 classes) and a batch of 5 rows.
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so the `mutants` module at the bottom (run by CI with the
//! `solution` feature) can prove that the usual wrong answers fail them.

use dlfs::ch04::two_layer_net::{Grads, TwoLayerNet};
use dlfs::common::functions::sigmoid;
use exercises::check::{Exercise, Outcome, close, close_array, ensure, run};
use exercises::s4_5;
use ndarray::{Array1, Array2, ArrayView2, arr1};

const PREDICT: Exercise = Exercise {
    name: "predict",
    section: "4.5.1",
    file: "src/s4_5.rs",
    task: "y = softmax(sigmoid(x · W1 + b1) · W2 + b2), softmax along each row.",
};
const LOSS: Exercise = Exercise {
    name: "loss",
    section: "4.5.1",
    file: "src/s4_5.rs",
    task: "the mini-batch cross-entropy of predict(x) against t, averaged over the rows.",
};
const ACCURACY: Exercise = Exercise {
    name: "accuracy",
    section: "4.5.1",
    file: "src/s4_5.rs",
    task: "the share of rows whose argmax of y equals the argmax of t.",
};
const GRADIENT: Exercise = Exercise {
    name: "numerical_gradient",
    section: "4.5.1",
    file: "src/s4_5.rs",
    task: "the numerical gradient of the loss for W1, b1, W2 and b2, leaving the net as it was.",
};
const SGD: Exercise = Exercise {
    name: "sgd_step",
    section: "4.5.2",
    file: "src/s4_5.rs",
    task: "p ← p − lr · grad for each of W1, b1, W2, b2.",
};

type Predict = fn(&TwoLayerNet, ArrayView2<f64>) -> Array2<f64>;
type Loss = fn(&TwoLayerNet, ArrayView2<f64>, ArrayView2<f64>) -> f64;
type Gradient = fn(&mut TwoLayerNet, ArrayView2<f64>, ArrayView2<f64>) -> Grads;
type Step = fn(&mut TwoLayerNet, &Grads, f64);

/// A made-up net with non-zero biases, so that forgetting one shows.
fn net() -> TwoLayerNet {
    TwoLayerNet {
        w1: Array2::from_shape_fn((3, 4), |(i, j)| 0.8 * ((1 + 4 * i + j) as f64).sin()),
        b1: Array1::from_shape_fn(4, |j| 0.3 * (j as f64 - 1.5)),
        w2: Array2::from_shape_fn((4, 3), |(j, k)| 0.9 * ((2 + 3 * j + k) as f64).cos()),
        b2: arr1(&[0.2, -0.1, 0.05]),
    }
}

/// Five made-up inputs and their one-hot labels.
fn data(labels: &[usize]) -> (Array2<f64>, Array2<f64>) {
    let x = Array2::from_shape_fn((labels.len(), 3), |(n, i)| {
        ((n * 3 + i) as f64 * 0.7).cos() * 1.5
    });
    let t = Array2::from_shape_fn(
        (labels.len(), 3),
        |(n, k)| if labels[n] == k { 1.0 } else { 0.0 },
    );
    (x, t)
}

const LABELS: [usize; 5] = [0, 1, 2, 1, 0];

/// The prediction written out element by element, as the book's formula reads.
fn by_hand(net: &TwoLayerNet, x: &Array2<f64>) -> Array2<f64> {
    let mut y = Array2::zeros((x.nrows(), 3));
    for n in 0..x.nrows() {
        let h: Vec<f64> = (0..4)
            .map(|j| sigmoid((0..3).map(|i| x[[n, i]] * net.w1[[i, j]]).sum::<f64>() + net.b1[j]))
            .collect();
        let a: Vec<f64> = (0..3)
            .map(|k| (0..4).map(|j| h[j] * net.w2[[j, k]]).sum::<f64>() + net.b2[k])
            .collect();
        let total: f64 = a.iter().map(|v| v.exp()).sum();
        for k in 0..3 {
            y[[n, k]] = a[k].exp() / total;
        }
    }
    y
}

fn argmax(row: ndarray::ArrayView1<f64>) -> usize {
    (0..row.len()).fold(0, |b, k| if row[k] > row[b] { k } else { b })
}

// ---- predict ----

fn predict_matches(p: Predict) -> Outcome {
    let (x, _) = data(&LABELS);
    let net = net();
    close_array(
        "a batch of 5 rows through the made-up net",
        &p(&net, x.view()),
        &by_hand(&net, &x),
        1e-12,
        "x.dot(&w1) + &b1, then sigmoid on every element, then .dot(&w2) + &b2, then softmax along each row (axis 1): every row must sum to 1",
    )
}

fn predict_one_row(p: Predict) -> Outcome {
    let (x, _) = data(&[2]);
    let net = net();
    close_array(
        "a batch of a single row",
        &p(&net, x.view()),
        &by_hand(&net, &x),
        1e-12,
        "one input row gives one output row of 3 probabilities",
    )
}

mod predict {
    use super::*;

    fn student(net: &TwoLayerNet, x: ArrayView2<f64>) -> Array2<f64> {
        s4_5::predict(net, x)
    }

    #[test]
    fn matches_the_formula() {
        run(&PREDICT, || predict_matches(student));
    }

    #[test]
    fn one_row() {
        run(&PREDICT, || predict_one_row(student));
    }
}

// ---- loss ----

fn loss_matches(l: Loss) -> Outcome {
    let (x, t) = data(&LABELS);
    let net = net();
    let y = by_hand(&net, &x);
    let want = -(0..5).map(|n| (y[[n, LABELS[n]]] + 1e-7).ln()).sum::<f64>() / 5.0;
    close(
        "the loss of the made-up batch of 5 rows",
        l(&net, x.view(), t.view()),
        want,
        1e-12,
        "cross_entropy_error_batch(&predict(x), &t): the mean over the rows, not the sum",
    )
}

mod loss {
    use super::*;

    fn student(net: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        s4_5::loss(net, x, t)
    }

    #[test]
    fn is_the_mean_cross_entropy_of_the_prediction() {
        run(&LOSS, || loss_matches(student));
    }
}

// ---- accuracy ----

fn accuracy_counts(a: Loss) -> Outcome {
    let net = net();
    let (x, _) = data(&LABELS);
    let y = by_hand(&net, &x);
    let mut labels: Vec<usize> = (0..5).map(|n| argmax(y.row(n))).collect();
    let hint = "compare argmax of each row of y with argmax of the same row of t, count the matches, divide by the number of rows";
    let (_, t) = data(&labels);
    close(
        "every label matches the prediction",
        a(&net, x.view(), t.view()),
        1.0,
        1e-12,
        hint,
    )?;
    labels[4] = (labels[4] + 1) % 3;
    labels[1] = (labels[1] + 2) % 3;
    let (_, t) = data(&labels);
    close(
        "3 of 5 labels match the prediction",
        a(&net, x.view(), t.view()),
        0.6,
        1e-12,
        hint,
    )
}

mod accuracy {
    use super::*;

    fn student(net: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        s4_5::accuracy(net, x, t)
    }

    #[test]
    fn is_the_share_of_right_answers() {
        run(&ACCURACY, || accuracy_counts(student));
    }
}

// ---- numerical_gradient ----

fn gradient_matches(g: Gradient) -> Outcome {
    let (x, t) = data(&LABELS);
    let mut net = net();
    let before = net.clone();
    let got = g(&mut net, x.view(), t.view());
    // Backpropagation (chapter 5) gives the exact gradient to compare with.
    let want = before.gradient(x.view(), t.view());
    let hint = "the central difference (h = 1e-4) of the loss, one parameter element at a time, for all four parameters";
    close_array("dL/dW1", &got.w1, &want.w1, 1e-7, hint)?;
    close_array("dL/db1", &got.b1, &want.b1, 1e-7, hint)?;
    close_array("dL/dW2", &got.w2, &want.w2, 1e-7, hint)?;
    close_array("dL/db2", &got.b2, &want.b2, 1e-7, hint)?;
    ensure(
        net == before,
        "the net after the call",
        "the same parameters as before",
        "some parameter changed",
        "restore every parameter element you nudge",
    )
}

mod numerical_gradient {
    use super::*;

    fn student(net: &mut TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> Grads {
        s4_5::numerical_gradient(net, x, t)
    }

    #[test]
    fn matches_backpropagation() {
        run(&GRADIENT, || gradient_matches(student));
    }
}

// ---- sgd_step ----

fn made_up_grads() -> Grads {
    Grads {
        w1: Array2::from_shape_fn((3, 4), |(i, j)| (i as f64 - j as f64) * 0.1),
        b1: Array1::from_shape_fn(4, |j| 0.05 * j as f64 - 0.1),
        w2: Array2::from_shape_fn((4, 3), |(j, k)| (j * k) as f64 * 0.02 - 0.03),
        b2: arr1(&[0.3, -0.2, 0.1]),
    }
}

fn step_moves_against_the_gradient(s: Step) -> Outcome {
    let mut net = net();
    let before = net.clone();
    let g = made_up_grads();
    s(&mut net, &g, 0.5);
    let hint = "p -= lr * grad for every parameter, biases too (minus: downhill)";
    close_array(
        "W1 after one step, lr = 0.5",
        &net.w1,
        &(&before.w1 - &(0.5 * &g.w1)),
        1e-15,
        hint,
    )?;
    close_array(
        "b1 after one step, lr = 0.5",
        &net.b1,
        &(&before.b1 - &(0.5 * &g.b1)),
        1e-15,
        hint,
    )?;
    close_array(
        "W2 after one step, lr = 0.5",
        &net.w2,
        &(&before.w2 - &(0.5 * &g.w2)),
        1e-15,
        hint,
    )?;
    close_array(
        "b2 after one step, lr = 0.5",
        &net.b2,
        &(&before.b2 - &(0.5 * &g.b2)),
        1e-15,
        hint,
    )
}

fn step_lowers_the_loss(s: Step) -> Outcome {
    let (x, t) = data(&LABELS);
    let mut net = net();
    let before = net.loss(x.view(), t.view());
    let g = net.gradient(x.view(), t.view());
    s(&mut net, &g, 0.1);
    let after = net.loss(x.view(), t.view());
    ensure(
        after < before,
        "the loss after one step along the true gradient, lr = 0.1",
        format!("less than {before:?}"),
        format!("{after:?}"),
        "step against the gradient (subtract lr · grad); adding it climbs uphill",
    )
}

mod sgd_step {
    use super::*;

    fn student(net: &mut TwoLayerNet, grads: &Grads, lr: f64) {
        s4_5::sgd_step(net, grads, lr)
    }

    #[test]
    fn moves_every_parameter_against_its_gradient() {
        run(&SGD, || step_moves_against_the_gradient(student));
    }

    #[test]
    fn lowers_the_loss() {
        run(&SGD, || step_lowers_the_loss(student));
    }
}

/// Wrong but plausible answers, each of which some check must turn down.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use dlfs::ch04::loss::cross_entropy_error_batch;
    use dlfs::common::functions::softmax;
    use exercises::check::rejects;
    use ndarray::Axis;

    fn scores(net: &TwoLayerNet, x: ArrayView2<f64>, bias: bool, act: bool) -> Array2<f64> {
        let mut a1 = x.dot(&net.w1);
        if bias {
            a1 += &net.b1;
        }
        let z1 = if act { a1.mapv(sigmoid) } else { a1 };
        let mut a2 = z1.dot(&net.w2);
        if bias {
            a2 += &net.b2;
        }
        a2
    }

    #[test]
    fn softmax_along_the_wrong_axis() {
        assert!(rejects(|| predict_matches(|net, x| {
            let e = scores(net, x, true, true).mapv(f64::exp);
            let sums = e.sum_axis(Axis(0));
            e / &sums
        })));
    }

    #[test]
    fn softmax_over_the_whole_batch() {
        assert!(rejects(|| predict_matches(|net, x| {
            let e = scores(net, x, true, true).mapv(f64::exp);
            let total = e.sum();
            e / total
        })));
    }

    #[test]
    fn predict_without_biases_or_sigmoid() {
        assert!(rejects(|| predict_matches(|net, x| softmax(&scores(
            net, x, false, true
        )))));
        assert!(rejects(|| predict_matches(|net, x| softmax(&scores(
            net, x, true, false
        )))));
    }

    #[test]
    fn loss_summed_instead_of_averaged() {
        assert!(rejects(|| loss_matches(|net, x, t| {
            cross_entropy_error_batch(&net.predict(x), &t) * x.nrows() as f64
        })));
    }

    #[test]
    fn accuracy_as_a_count_or_by_columns() {
        let count: Loss = |net, x, t| {
            let y = net.predict(x);
            (0..y.nrows())
                .filter(|&n| argmax(y.row(n)) == argmax(t.row(n)))
                .count() as f64
        };
        assert!(rejects(|| accuracy_counts(count)));
        let by_columns: Loss = |net, x, t| {
            let y = net.predict(x);
            let hits = (0..y.ncols())
                .filter(|&k| argmax(y.column(k)) == argmax(t.column(k)))
                .count();
            hits as f64 / y.ncols() as f64
        };
        assert!(rejects(|| accuracy_counts(by_columns)));
    }

    /// A forward-difference gradient: (L(p + h) − L(p)) / h.
    fn forward(net: &mut TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> Grads {
        let h = 1e-4;
        let base = net.loss(x, t);
        // Nudge one element of one parameter in a clone of the net.
        let n0 = net.clone();
        let probe = |f: &dyn Fn(&mut TwoLayerNet)| {
            let mut m = n0.clone();
            f(&mut m);
            (m.loss(x, t) - base) / h
        };
        Grads {
            w1: Array2::from_shape_fn(n0.w1.raw_dim(), |ij| probe(&|m| m.w1[ij] += h)),
            b1: Array1::from_shape_fn(n0.b1.len(), |j| probe(&|m| m.b1[j] += h)),
            w2: Array2::from_shape_fn(n0.w2.raw_dim(), |jk| probe(&|m| m.w2[jk] += h)),
            b2: Array1::from_shape_fn(n0.b2.len(), |k| probe(&|m| m.b2[k] += h)),
        }
    }

    #[test]
    fn gradient_by_forward_difference() {
        assert!(rejects(|| gradient_matches(forward)));
    }

    #[test]
    fn gradient_of_the_weights_only() {
        assert!(rejects(|| gradient_matches(|net, x, t| {
            let mut g = net.numerical_gradient(x, t);
            g.b1.fill(0.0);
            g.b2.fill(0.0);
            g
        })));
    }

    #[test]
    fn gradient_leaving_a_parameter_nudged() {
        assert!(rejects(|| gradient_matches(|net, x, t| {
            let g = net.numerical_gradient(x, t);
            net.b2[2] -= 1e-4;
            g
        })));
    }

    #[test]
    fn step_uphill_or_without_biases_or_lr() {
        let uphill: Step = |net, g, lr| {
            net.w1 += &(lr * &g.w1);
            net.b1 += &(lr * &g.b1);
            net.w2 += &(lr * &g.w2);
            net.b2 += &(lr * &g.b2);
        };
        assert!(rejects(|| step_moves_against_the_gradient(uphill)));
        assert!(rejects(|| step_lowers_the_loss(uphill)));
        let weights_only: Step = |net, g, lr| {
            net.w1 -= &(lr * &g.w1);
            net.w2 -= &(lr * &g.w2);
        };
        assert!(rejects(|| step_moves_against_the_gradient(weights_only)));
        let no_lr: Step = |net, g, _| {
            net.w1 -= &g.w1;
            net.b1 -= &g.b1;
            net.w2 -= &g.w2;
            net.b2 -= &g.b2;
        };
        assert!(rejects(|| step_moves_against_the_gradient(no_lr)));
    }
}

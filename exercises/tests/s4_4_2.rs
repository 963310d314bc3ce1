//! Checks for `src/s4_4_2.rs`, section 4.4.2 the gradient of a neural network
//! (신경망에서의 기울기), with the book's simpleNet.
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so the `mutants` module at the bottom (run by CI with the
//! `solution` feature) can prove that the usual wrong answers fail them.

use dlfs::ch04::simple_net::SimpleNet;
use dlfs::common::functions::softmax;
use exercises::check::{
    Exercise, Outcome, close_array_or, close_or, ensure, exercise, mistake, run, tr,
};
use exercises::s4_4_2;
use ndarray::{Array1, Array2, arr1, arr2};

fn ex(name: &str) -> &'static Exercise {
    exercise("s4_4_2", name)
}

type Predict = fn(&SimpleNet, &Array1<f64>) -> Array1<f64>;
type Loss = fn(&SimpleNet, &Array1<f64>, &Array1<f64>) -> f64;
type Gradient = fn(&mut SimpleNet, &Array1<f64>, &Array1<f64>) -> Array2<f64>;
type Step = fn(&mut SimpleNet, &Array1<f64>, &Array1<f64>) -> (f64, f64);

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
    let got = p(&net, &x);
    let scores = x.dot(&net.w);
    close_array_or(
        &tr(
            "net.predict(x) for the book's W and x = [0.6, 0.9] (the book prints [1.05414809 0.63071653 1.1328074])",
            "책의 W와 x = [0.6, 0.9]에 대한 net.predict(x) (책: [1.05414809 0.63071653 1.1328074])",
        ),
        &got,
        &arr1(&[1.054148091, 0.630716529, 1.132807401]),
        1e-9,
        &[mistake(
            softmax(&scores),
            tr(
                "these are probabilities: predict gives the scores x · W; softmax belongs to the loss",
                "확률이 나왔습니다: predict는 점수 x · W를 줍니다. softmax는 손실 쪽에서 합니다",
            ),
        )],
        &tr(
            "expected the scores x.dot(&net.w), a row of 3 (4.4.2)",
            "점수 x.dot(&net.w), 값 3개를 기대했습니다 (4.4.2)",
        ),
    )
}

fn predict_other(p: Predict) -> Outcome {
    let (net, x, _) = other();
    let want = Array1::from_shape_fn(3, |j| x[0] * net.w[[0, j]] + x[1] * net.w[[1, j]]);
    close_array_or(
        &tr(
            "a net with random weights, x = [-1.2, 0.7]",
            "무작위 가중치, x = [-1.2, 0.7]",
        ),
        &p(&net, &x),
        &want,
        1e-12,
        &[mistake(
            x[0] * &net.w.row(0),
            tr(
                "only the first row of W was used: p_j = x_0 W_0j + x_1 W_1j",
                "W의 첫 행만 썼습니다: p_j = x_0 W_0j + x_1 W_1j",
            ),
        )],
        &tr(
            "p_j = x_0 W_0j + x_1 W_1j, i.e. x.dot(&net.w)",
            "p_j = x_0 W_0j + x_1 W_1j, 즉 x.dot(&net.w)",
        ),
    )
}

mod predict {
    use super::*;

    fn student(net: &SimpleNet, x: &Array1<f64>) -> Array1<f64> {
        s4_4_2::predict(net, x)
    }

    #[test]
    fn book_numbers() {
        run(ex("predict"), || predict_book(student));
    }

    #[test]
    fn any_weights() {
        run(ex("predict"), || predict_other(student));
    }
}

// ---- loss ----

fn loss_mistakes(
    net: &SimpleNet,
    x: &Array1<f64>,
    t: &Array1<f64>,
) -> Vec<exercises::check::Mistake<f64>> {
    let scores = x.dot(&net.w);
    let y = softmax(&scores);
    let k = t.iter().position(|&v| v == 1.0).unwrap();
    vec![
        mistake(
            -y[k].ln(),
            tr(
                "the δ is missing: cross_entropy_error adds δ = 1e-7 inside the log (the book's printout was made without it: 0.92806853…)",
                "δ가 빠졌습니다: cross_entropy_error는 log 안에 δ = 1e-7을 더합니다 (책의 출력은 δ 없이 만든 것: 0.92806853…)",
            ),
        ),
        mistake(
            -(scores[k] + 1e-7).ln(),
            tr(
                "softmax is missing: turn the scores into probabilities first, softmax(&predict(net, x))",
                "softmax가 빠졌습니다: 먼저 점수를 확률로 바꾸세요, softmax(&predict(net, x))",
            ),
        ),
    ]
}

fn loss_book(l: Loss) -> Outcome {
    let (net, x, t) = book();
    close_or(
        &tr(
            "net.loss(x, t) for the book's net",
            "책의 넷에 대한 net.loss(x, t)",
        ),
        l(&net, &x, &t),
        0.9280682857864075,
        1e-12,
        &loss_mistakes(&net, &x, &t),
        &tr(
            "expected cross_entropy_error(&softmax(&(x · W)), t) with δ = 1e-7 (4.4.2)",
            "δ = 1e-7인 cross_entropy_error(&softmax(&(x · W)), t)를 기대했습니다 (4.4.2)",
        ),
    )
}

fn loss_other(l: Loss) -> Outcome {
    let (net, x, t) = other();
    let y = softmax(&x.dot(&net.w));
    close_or(
        &tr(
            "a net with random weights and the label 0",
            "무작위 가중치, 레이블 0",
        ),
        l(&net, &x, &t),
        -(y[0] + 1e-7).ln(),
        1e-12,
        &loss_mistakes(&net, &x, &t),
        &tr(
            "L = −Σ t_k log(y_k + δ) with y = softmax(x · W): only the label's probability counts",
            "L = −Σ t_k log(y_k + δ), y = softmax(x · W): 레이블의 확률만 셉니다",
        ),
    )
}

mod loss {
    use super::*;

    fn student(net: &SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
        s4_4_2::loss(net, x, t)
    }

    #[test]
    fn book_numbers() {
        run(ex("loss"), || loss_book(student));
    }

    #[test]
    fn any_weights() {
        run(ex("loss"), || loss_other(student));
    }
}

// ---- numerical_gradient ----

fn book_dw() -> Array2<f64> {
    arr2(&[
        [0.2192475712392561, 0.14356242984070455, -0.3628100010055757],
        [0.3288713569016277, 0.21534364482433954, -0.5442150014745017],
    ])
}

fn gradient_book(g: Gradient) -> Outcome {
    let (mut net, x, t) = book();
    let w0 = net.w.clone();
    let dw = g(&mut net, &x, &t);
    let want = book_dw();
    // the forward difference, for its hint
    let h = 1e-4;
    let base = SimpleNet::with_weights(w0.clone()).loss(&x, &t);
    let forward = Array2::from_shape_fn((2, 3), |ij| {
        let mut w = w0.clone();
        w[ij] += h;
        (SimpleNet::with_weights(w).loss(&x, &t) - base) / h
    });
    close_array_or(
        &tr("net.w after the call", "호출 뒤의 net.w"),
        &net.w,
        &w0,
        1e-12,
        &[mistake(
            &w0 - h,
            tr(
                "every weight was left at W_ij − h: the restore is missing",
                "모든 가중치가 W_ij − h로 남았습니다: 복원이 빠졌습니다",
            ),
        )],
        &tr(
            "leave net.w as it was: restore every weight you nudge",
            "net.w를 그대로 두세요: 움직인 가중치는 모두 되돌리세요",
        ),
    )?;
    close_array_or(
        &tr(
            "dW for the book's net (with the δ; the book's printout, without it, is ~1e-7 away)",
            "책의 넷의 dW (δ 포함; δ 없는 책의 출력과는 ~1e-7 차이)",
        ),
        &dw,
        &want,
        1e-9,
        &[
            mistake(
                forward,
                tr(
                    "this is the forward difference (L(W + h) − L(W)) / h: use the central difference, (L(W + h) − L(W − h)) / 2h",
                    "전방 차분 (L(W + h) − L(W)) / h입니다: 중심 차분 (L(W + h) − L(W − h)) / 2h를 쓰세요",
                ),
            )
            .roughly(1e-6),
            mistake(
                2.0 * &want,
                tr("this is twice dW: divide by 2h, not h", "dW의 두 배입니다: h가 아니라 2h로 나누세요"),
            )
            .roughly(1e-6),
        ],
        &tr(
            "expected the central-difference numerical gradient (h = 1e-4) of w ↦ loss with weights w, taken at net.w (4.4.2)",
            "net.w에서 w ↦ (가중치 w의 손실)의 중심 차분 수치 기울기(h = 1e-4)를 기대했습니다 (4.4.2)",
        ),
    )
}

fn gradient_analytic(g: Gradient) -> Outcome {
    let (mut net, x, t) = other();
    let dw = g(&mut net, &x, &t);
    // For softmax followed by cross-entropy, dL/dW = outer(x, y − t).
    let y = softmax(&x.dot(&net.w));
    let want = Array2::from_shape_fn((2, 3), |(i, j)| x[i] * (y[j] - t[j]));
    close_array_or(
        &tr(
            "dW for a net with random weights, against the exact dL/dW = outer(x, y − t)",
            "무작위 가중치의 dW, 정확한 dL/dW = outer(x, y − t)와 비교",
        ),
        &dw,
        &want,
        1e-6,
        &[mistake(
            -&want,
            tr(
                "the sign is flipped: (L(W + h) − L(W − h)) / 2h, in that order",
                "부호가 반대입니다: (L(W + h) − L(W − h)) / 2h 순서입니다",
            ),
        )
        .roughly(1e-4)],
        &tr(
            "dW has W's shape (2x3); element (i, j) is how the loss moves when W[[i, j]] moves",
            "dW는 W와 같은 모양(2x3)입니다. (i, j) 원소는 W[[i, j]]가 움직일 때 손실이 움직이는 정도입니다",
        ),
    )
}

mod numerical_gradient {
    use super::*;

    fn student(net: &mut SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
        s4_4_2::numerical_gradient(net, x, t)
    }

    #[test]
    fn book_numbers() {
        run(ex("numerical_gradient"), || gradient_book(student));
    }

    #[test]
    fn matches_the_exact_gradient() {
        run(ex("numerical_gradient"), || gradient_analytic(student));
    }
}

// ---- step_downhill (find it out) ----

fn step_check(s: Step) -> Outcome {
    let (mut net, x, t) = book();
    let w0 = net.w.clone();
    let (before, after) = s(&mut net, &x, &t);
    let loss_at = |w: &Array2<f64>| SimpleNet::with_weights(w.clone()).loss(&x, &t);
    close_or(
        &tr("the loss before, for the book's net", "책의 넷의 이전 손실"),
        before,
        loss_at(&w0),
        1e-12,
        &[],
        &tr(
            "the first number is the loss before the step, with the weights net.w held when you were called",
            "첫 번째 값은 걸음 전, 호출됐을 때의 net.w로 잰 손실입니다",
        ),
    )?;
    ensure(
        net.w != w0,
        &tr("net.w after the step", "걸음 뒤의 net.w"),
        tr("weights moved by −lr·dW", "−lr·dW만큼 움직인 가중치"),
        tr("the same weights as before", "이전과 같은 가중치"),
        &tr(
            "net.w did not change: move the net's own weights, net.w -= &(lr * &dw), not a copy of them",
            "net.w가 바뀌지 않았습니다: 복사본이 아니라 넷의 가중치 자체를 움직이세요, net.w -= &(lr * &dw)",
        ),
    )?;
    close_or(
        &tr(
            "the loss after, for the weights net.w now holds",
            "지금 net.w로 잰 이후 손실",
        ),
        after,
        loss_at(&net.w),
        1e-12,
        &[],
        &tr(
            "the second number is the loss measured again after the step, with the new net.w",
            "두 번째 값은 걸음 뒤 새 net.w로 다시 잰 손실입니다",
        ),
    )?;
    let exact = Array2::from_shape_fn((2, 3), |(i, j)| {
        let y = softmax(&x.dot(&w0));
        x[i] * (y[j] - t[j])
    });
    let uphill = (&net.w - &w0)
        .iter()
        .zip(&exact)
        .map(|(d, g)| d * g)
        .sum::<f64>()
        > 0.0;
    ensure(
        after < before,
        &tr("the loss after one step", "한 걸음 뒤의 손실"),
        tr(
            format!("less than {before:?}"),
            format!("{before:?}보다 작은 값"),
        ),
        format!("{after:?}"),
        &if uphill {
            tr(
                "the step went uphill: gradient descent subtracts, net.w -= &(lr * &dw)",
                "오르막으로 갔습니다: 경사 하강법은 뺍니다, net.w -= &(lr * &dw)",
            )
        } else {
            tr(
                "the step went downhill but overshot: try a smaller learning rate (0.1, say)",
                "내리막으로 갔지만 너무 멀리 갔습니다: 더 작은 학습률(예: 0.1)을 시도하세요",
            )
        },
    )
}

mod step_downhill {
    use super::*;

    #[test]
    fn the_loss_falls_after_one_step() {
        run(ex("step_downhill"), || step_check(s4_4_2::step_downhill));
    }
}

/// Correct answers as students write them: every one must pass every check.
#[cfg(feature = "solution")]
mod variants {
    use super::*;
    use dlfs::ch04::loss::cross_entropy_error;

    #[test]
    fn predict_written_many_ways() {
        let ps: [Predict; 3] = [
            |net, x| x.dot(&net.w),
            |net, x| Array1::from_shape_fn(3, |j| x[0] * net.w[[0, j]] + x[1] * net.w[[1, j]]),
            |net, x| {
                let mut p = Array1::zeros(3);
                for i in 0..2 {
                    for j in 0..3 {
                        p[j] += x[i] * net.w[[i, j]];
                    }
                }
                p
            },
        ];
        for p in ps {
            run(ex("predict"), || predict_book(p));
            run(ex("predict"), || predict_other(p));
        }
    }

    #[test]
    fn loss_written_many_ways() {
        let ls: [Loss; 3] = [
            |net, x, t| cross_entropy_error(&softmax(&x.dot(&net.w)), t),
            |net, x, t| {
                let y = softmax(&net.predict(x));
                -(t * &y.mapv(|v| (v + 1e-7).ln())).sum()
            },
            |net, x, t| {
                // softmax by hand, and only the label's probability
                let z = x.dot(&net.w);
                let e = z.mapv(f64::exp);
                let y = &e / e.sum();
                let k = t.iter().position(|&v| v == 1.0).unwrap();
                -(y[k] + 1e-7).ln()
            },
        ];
        for l in ls {
            run(ex("loss"), || loss_book(l));
            run(ex("loss"), || loss_other(l));
        }
    }

    #[test]
    fn numerical_gradient_written_many_ways() {
        let gs: [Gradient; 3] = [
            // the double loop over [[i, j]], saving and restoring
            |net, x, t| {
                let h = 1e-4;
                let mut dw = Array2::zeros((2, 3));
                for i in 0..2 {
                    for j in 0..3 {
                        let tmp = net.w[[i, j]];
                        net.w[[i, j]] = tmp + h;
                        let f1 = net.loss(x, t);
                        net.w[[i, j]] = tmp - h;
                        let f2 = net.loss(x, t);
                        dw[[i, j]] = (f1 - f2) / (2.0 * h);
                        net.w[[i, j]] = tmp;
                    }
                }
                dw
            },
            // the library's numerical_gradient with a closure that builds a net
            |net, x, t| {
                let f = |w: &Array2<f64>| SimpleNet::with_weights(w.clone()).loss(x, t);
                dlfs::ch04::gradient::numerical_gradient(f, &mut net.w)
            },
            // += h, −= 2h, += h on the net's own weights
            |net, x, t| {
                let h = 1e-4;
                let mut dw = Array2::zeros(net.w.raw_dim());
                for i in 0..net.w.nrows() {
                    for j in 0..net.w.ncols() {
                        net.w[[i, j]] += h;
                        let f1 = net.loss(x, t);
                        net.w[[i, j]] -= 2.0 * h;
                        let f2 = net.loss(x, t);
                        net.w[[i, j]] += h;
                        dw[[i, j]] = (f1 - f2) / (2.0 * h);
                    }
                }
                dw
            },
        ];
        for g in gs {
            run(ex("numerical_gradient"), || gradient_book(g));
            run(ex("numerical_gradient"), || gradient_analytic(g));
        }
    }

    #[test]
    fn one_step_downhill_many_ways() {
        let ss: [Step; 3] = [
            |net, x, t| {
                let before = net.loss(x, t);
                let dw = net.numerical_gradient(x, t);
                net.w -= &(0.1 * &dw);
                (before, net.loss(x, t))
            },
            // a large learning rate still goes down here
            |net, x, t| {
                let before = net.loss(x, t);
                let dw = net.numerical_gradient(x, t);
                net.w = &net.w - &(dw * 1.0);
                (before, net.loss(x, t))
            },
            // element by element, lr = 0.5
            |net, x, t| {
                let before = net.loss(x, t);
                let dw = net.numerical_gradient(x, t);
                for i in 0..2 {
                    for j in 0..3 {
                        net.w[[i, j]] -= 0.5 * dw[[i, j]];
                    }
                }
                let after = net.loss(x, t);
                (before, after)
            },
        ];
        for s in ss {
            run(ex("step_downhill"), || step_check(s));
        }
    }
}

/// Wrong but plausible answers: some check must turn each down, and its hint
/// must name the mistake.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use dlfs::ch04::loss::cross_entropy_error;
    use exercises::check::{hint_for, with_korean};

    fn en(check: impl FnOnce() -> Outcome) -> String {
        with_korean(false, || hint_for(check))
    }

    #[test]
    fn predict_with_softmax() {
        let h = en(|| predict_book(|net, x| softmax(&x.dot(&net.w))));
        assert!(h.contains("probabilities"), "{h}");
        let h = with_korean(true, || {
            hint_for(|| predict_book(|net, x| softmax(&x.dot(&net.w))))
        });
        assert!(h.contains("확률"), "{h}");
    }

    #[test]
    fn predict_with_one_weight_row_only() {
        let h = en(|| predict_other(|net, x| x[0] * &net.w.row(0)));
        assert!(h.contains("first row"), "{h}");
    }

    #[test]
    fn loss_without_softmax() {
        let f: Loss = |net, x, t| cross_entropy_error(&x.dot(&net.w), t);
        assert!(en(|| loss_book(f)).contains("softmax is missing"));
        assert!(en(|| loss_other(f)).contains("softmax is missing"));
    }

    #[test]
    fn loss_without_the_delta() {
        let h = en(|| {
            loss_book(|net, x, t| {
                let y = softmax(&x.dot(&net.w));
                -(t * &y.mapv(f64::ln)).sum()
            })
        });
        assert!(h.contains("δ is missing"), "{h}");
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
        let h = en(|| gradient_book(|n, x, t| gradient(n, x, t, true, true)));
        assert!(h.contains("forward difference"), "{h}");
        assert!(!en(|| gradient_analytic(|n, x, t| gradient(n, x, t, true, true))).is_empty());
    }

    #[test]
    fn gradient_leaving_the_weights_changed() {
        let h = en(|| gradient_book(|n, x, t| gradient(n, x, t, false, false)));
        assert!(h.contains("restore"), "{h}");
    }

    #[test]
    fn gradient_transposed() {
        let h = en(|| gradient_book(|n, x, t| gradient(n, x, t, false, true).reversed_axes()));
        assert!(h.contains("shape"), "{h}");
    }

    #[test]
    fn a_step_uphill_or_on_a_copy() {
        let uphill: Step = |net, x, t| {
            let before = net.loss(x, t);
            let dw = net.numerical_gradient(x, t);
            net.w += &(0.1 * &dw);
            (before, net.loss(x, t))
        };
        let h = en(|| step_check(uphill));
        assert!(h.contains("uphill"), "{h}");
        let on_a_copy: Step = |net, x, t| {
            let before = net.loss(x, t);
            let dw = net.numerical_gradient(x, t);
            let w = &net.w - &(0.1 * &dw);
            (before, SimpleNet::with_weights(w).loss(x, t))
        };
        let h = en(|| step_check(on_a_copy));
        assert!(h.contains("did not change"), "{h}");
    }
}

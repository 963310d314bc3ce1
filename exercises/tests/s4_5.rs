//! Checks for `src/s4_5.rs`, section 4.5 the two-layer net (2층 신경망), on a
//! small made-up net (3 inputs, 4 hidden units, 3 classes) and a batch of 5 rows.
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so the `mutants` module at the bottom (run by CI with the
//! `solution` feature) can prove that the usual wrong answers fail them.

use dlfs::ch04::two_layer_net::{Grads, TwoLayerNet};
use dlfs::common::functions::sigmoid;
use exercises::check::{
    Exercise, Mistake, Outcome, close_array_or, close_or, ensure, exercise, mistake, run, tr,
};
use exercises::s4_5;
use ndarray::{Array1, Array2, ArrayView2, arr1};

fn ex(name: &str) -> &'static Exercise {
    exercise("s4_5", name)
}

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
        activation: Default::default(), // the sigmoid, as the book
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

/// The usual wrong predictions for `x`.
fn predict_mistakes(net: &TwoLayerNet, x: &Array2<f64>) -> Vec<Mistake<Array2<f64>>> {
    let scores = |bias: bool, act: bool| {
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
    };
    let e = scores(true, true).mapv(f64::exp);
    let by_columns = &e / &e.sum_axis(ndarray::Axis(0));
    let whole = &e / e.sum();
    let rows = |a: Array2<f64>| {
        let mut y = a.mapv(f64::exp);
        for mut r in y.rows_mut() {
            let t = r.sum();
            r /= t;
        }
        y
    };
    vec![
        mistake(
            by_columns,
            tr(
                "softmax along the wrong axis: each column sums to 1 instead of each row; normalise each row (axis 1), one row per input",
                "softmax 축이 틀렸습니다: 행이 아니라 열의 합이 1입니다. 입력마다 한 행, 각 행(axis 1)을 정규화하세요",
            ),
        ),
        mistake(
            whole,
            tr(
                "softmax over the whole batch: the whole array sums to 1; normalise each row on its own",
                "배치 전체에 softmax를 했습니다: 배열 전체의 합이 1입니다. 각 행을 따로 정규화하세요",
            ),
        ),
        mistake(
            rows(scores(false, true)),
            tr(
                "the biases b1 and b2 are missing: x · W1 + b1, then z1 · W2 + b2",
                "편향 b1, b2가 빠졌습니다: x · W1 + b1, 그다음 z1 · W2 + b2",
            ),
        ),
        mistake(
            rows(scores(true, false)),
            tr(
                "the sigmoid is missing: z1 = sigmoid(x · W1 + b1) on every element",
                "시그모이드가 빠졌습니다: 모든 원소에 z1 = sigmoid(x · W1 + b1)",
            ),
        ),
        mistake(
            scores(true, true),
            tr(
                "these are scores, not probabilities: finish with softmax along each row",
                "확률이 아니라 점수입니다: 마지막에 각 행에 softmax를 하세요",
            ),
        ),
    ]
}

fn predict_matches(p: Predict) -> Outcome {
    let (x, _) = data(&LABELS);
    let net = net();
    close_array_or(
        &tr(
            "a batch of 5 rows through the made-up net",
            "만든 넷에 5행 배치",
        ),
        &p(&net, x.view()),
        &by_hand(&net, &x),
        1e-12,
        &predict_mistakes(&net, &x),
        &tr(
            "expected x.dot(&w1) + &b1, then sigmoid on every element, then .dot(&w2) + &b2, then softmax along each row (every row sums to 1) (4.5.1)",
            "x.dot(&w1) + &b1, 모든 원소에 sigmoid, .dot(&w2) + &b2, 각 행에 softmax(각 행의 합이 1)를 기대했습니다 (4.5.1)",
        ),
    )
}

fn predict_one_row(p: Predict) -> Outcome {
    let (x, _) = data(&[2]);
    let net = net();
    close_array_or(
        &tr("a batch of a single row", "1행 배치"),
        &p(&net, x.view()),
        &by_hand(&net, &x),
        1e-12,
        &predict_mistakes(&net, &x)[1..],
        &tr(
            "one input row gives one output row of 3 probabilities",
            "입력 한 행은 확률 3개의 출력 한 행이 됩니다",
        ),
    )
}

mod predict {
    use super::*;

    fn student(net: &TwoLayerNet, x: ArrayView2<f64>) -> Array2<f64> {
        s4_5::predict(net, x)
    }

    #[test]
    fn matches_the_formula() {
        run(ex("predict"), || predict_matches(student));
    }

    #[test]
    fn one_row() {
        run(ex("predict"), || predict_one_row(student));
    }
}

// ---- loss ----

fn loss_matches(l: Loss) -> Outcome {
    let (x, t) = data(&LABELS);
    let net = net();
    let y = by_hand(&net, &x);
    let want = -(0..5).map(|n| (y[[n, LABELS[n]]] + 1e-7).ln()).sum::<f64>() / 5.0;
    close_or(
        &tr(
            "the loss of the made-up batch of 5 rows",
            "만든 5행 배치의 손실",
        ),
        l(&net, x.view(), t.view()),
        want,
        1e-12,
        &[
            mistake(
                want * 5.0,
                tr(
                    "this is the sum over the rows, not the mean: cross_entropy_error_batch divides by N",
                    "행에 대한 합이지 평균이 아닙니다: cross_entropy_error_batch는 N으로 나눕니다",
                ),
            ),
            mistake(
                want * 5.0 / 15.0,
                tr(
                    "divided by the number of elements, not by the number of rows",
                    "행 개수가 아니라 원소 개수로 나눴습니다",
                ),
            ),
        ],
        &tr(
            "expected cross_entropy_error_batch(&predict(net, x), &t), the mean over the rows (4.5.1)",
            "cross_entropy_error_batch(&predict(net, x), &t), 즉 행 평균을 기대했습니다 (4.5.1)",
        ),
    )
}

mod loss {
    use super::*;

    fn student(net: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        s4_5::loss(net, x, t)
    }

    #[test]
    fn is_the_mean_cross_entropy_of_the_prediction() {
        run(ex("loss"), || loss_matches(student));
    }
}

// ---- accuracy ----

fn accuracy_counts(a: Loss) -> Outcome {
    let net = net();
    let (x, _) = data(&LABELS);
    let y = by_hand(&net, &x);
    let mut labels: Vec<usize> = (0..5).map(|n| argmax(y.row(n))).collect();
    let hint = tr(
        "compare the argmax of each row of y with the argmax of the same row of t, count the matches, divide by the number of rows",
        "y 각 행의 argmax와 t 같은 행의 argmax를 비교해 맞은 수를 세고 행 개수로 나누세요",
    );
    let count = |share: f64| {
        mistake(
            share * 5.0,
            tr(
                "this is a count, not a share: divide the matches by the number of rows",
                "비율이 아니라 개수입니다: 맞은 수를 행 개수로 나누세요",
            ),
        )
    };
    let (_, t) = data(&labels);
    close_or(
        &tr(
            "every label matches the prediction",
            "모든 레이블이 예측과 일치",
        ),
        a(&net, x.view(), t.view()),
        1.0,
        1e-12,
        &[count(1.0)],
        &hint,
    )?;
    labels[4] = (labels[4] + 1) % 3;
    labels[1] = (labels[1] + 2) % 3;
    let (_, t) = data(&labels);
    close_or(
        &tr(
            "3 of 5 labels match the prediction",
            "레이블 5개 중 3개가 예측과 일치",
        ),
        a(&net, x.view(), t.view()),
        0.6,
        1e-12,
        &[count(0.6)],
        &hint,
    )
}

mod accuracy {
    use super::*;

    fn student(net: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        s4_5::accuracy(net, x, t)
    }

    #[test]
    fn is_the_share_of_right_answers() {
        run(ex("accuracy"), || accuracy_counts(student));
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
    let hint = tr(
        "expected the central difference (h = 1e-4) of the loss, one parameter element at a time, for all four parameters (4.5.1)",
        "네 매개변수 모두, 원소 하나씩, 손실의 중심 차분(h = 1e-4)을 기대했습니다 (4.5.1)",
    );
    let zero = |name: &str| {
        tr(
            format!("{name} is all zeros: its gradient is missing; the biases have gradients too"),
            format!("{name}가 모두 0입니다: 그 기울기가 빠졌습니다. 편향에도 기울기가 있습니다"),
        )
    };
    let fwd = tr(
        "this looks like the forward difference (L(p + h) − L(p)) / h: use the central difference",
        "전방 차분 (L(p + h) − L(p)) / h처럼 보입니다: 중심 차분을 쓰세요",
    );
    // A forward difference is off by about h·L''/2: far more than 1e-7, far less than 1e-2.
    let forward_like = |g: &Array2<f64>, w: &Array2<f64>| {
        let d = (g - w).mapv(f64::abs).fold(0.0f64, |m, &v| m.max(v));
        d > 1e-7 && d < 1e-3
    };
    let h1 = if got.w1.iter().all(|&v| v == 0.0) {
        zero("dL/dW1")
    } else if forward_like(&got.w1, &want.w1) {
        fwd.clone()
    } else {
        hint.clone()
    };
    close_array_or("dL/dW1", &got.w1, &want.w1, 1e-7, &[], &h1)?;
    let hb1 = if got.b1.iter().all(|&v| v == 0.0) {
        zero("dL/db1")
    } else {
        hint.clone()
    };
    close_array_or("dL/db1", &got.b1, &want.b1, 1e-7, &[], &hb1)?;
    close_array_or("dL/dW2", &got.w2, &want.w2, 1e-7, &[], &hint)?;
    let hb2 = if got.b2.iter().all(|&v| v == 0.0) {
        zero("dL/db2")
    } else {
        hint.clone()
    };
    close_array_or("dL/db2", &got.b2, &want.b2, 1e-7, &[], &hb2)?;
    // Mathematically the net must come back; `+= h; -= 2h; += h` may land an
    // ulp away, which is right (a floating-point note, not a failure).
    let back = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-12);
    let restored = back(net.w1.as_slice().unwrap(), before.w1.as_slice().unwrap())
        && back(net.b1.as_slice().unwrap(), before.b1.as_slice().unwrap())
        && back(net.w2.as_slice().unwrap(), before.w2.as_slice().unwrap())
        && back(net.b2.as_slice().unwrap(), before.b2.as_slice().unwrap());
    if restored && net != before {
        exercises::check::float_note(
            ex("numerical_gradient"),
            &tr("the net after the call", "호출 뒤의 넷"),
            tr(
                "within one rounding of the old parameters",
                "이전 매개변수와 반올림 한 번 이내",
            ),
            tr(
                "the old parameters, bit for bit",
                "이전 매개변수 그대로(비트까지)",
            ),
            &tr(
                "Your answer is right. Adding h, subtracting 2h and adding h back rounds each time; saving a value and assigning it back restores it bit for bit.",
                "정답입니다. h를 더하고 2h를 빼고 다시 h를 더하면 매번 반올림됩니다. 값을 저장했다가 그대로 대입하면 비트까지 같게 돌아옵니다.",
            ),
        );
    }
    ensure(
        restored,
        &tr("the net after the call", "호출 뒤의 넷"),
        tr("the same parameters as before", "호출 전과 같은 매개변수"),
        tr("some parameter changed", "어떤 매개변수가 바뀜"),
        &tr(
            "a parameter was left changed: restore every parameter element you nudge",
            "매개변수가 바뀐 채 남았습니다: 움직인 원소는 모두 되돌리세요",
        ),
    )
}

mod numerical_gradient {
    use super::*;

    fn student(net: &mut TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> Grads {
        s4_5::numerical_gradient(net, x, t)
    }

    #[test]
    fn matches_backpropagation() {
        run(ex("numerical_gradient"), || gradient_matches(student));
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

/// A parameter's name, its value now, before the step, and its gradient.
type Param<'a, D> = (
    &'a str,
    &'a ndarray::Array<f64, D>,
    &'a ndarray::Array<f64, D>,
    &'a ndarray::Array<f64, D>,
);

fn step_moves_against_the_gradient(s: Step) -> Outcome {
    let mut net = net();
    let before = net.clone();
    let g = made_up_grads();
    s(&mut net, &g, 0.5);
    let otherwise = tr(
        "expected p -= lr * grad for every parameter, biases too (4.5.2)",
        "모든 매개변수(편향 포함)에 p -= lr * grad를 기대했습니다 (4.5.2)",
    );
    let lr = 0.5;
    let params: [Param<'_, ndarray::Ix2>; 2] = [
        ("W1", &net.w1, &before.w1, &g.w1),
        ("W2", &net.w2, &before.w2, &g.w2),
    ];
    for (name, now, was, grad) in params {
        close_array_or(
            &tr(
                format!("{name} after one step, lr = 0.5"),
                format!("한 걸음 뒤의 {name}, lr = 0.5"),
            ),
            now,
            &(was - &(lr * grad)),
            1e-15,
            &step_mistakes(was, grad, lr),
            &otherwise,
        )?;
    }
    let params: [Param<'_, ndarray::Ix1>; 2] = [
        ("b1", &net.b1, &before.b1, &g.b1),
        ("b2", &net.b2, &before.b2, &g.b2),
    ];
    for (name, now, was, grad) in params {
        close_array_or(
            &tr(
                format!("{name} after one step, lr = 0.5"),
                format!("한 걸음 뒤의 {name}, lr = 0.5"),
            ),
            now,
            &(was - &(lr * grad)),
            1e-15,
            &step_mistakes(was, grad, lr),
            &otherwise,
        )?;
    }
    Ok(())
}

fn step_mistakes<D: ndarray::Dimension>(
    was: &ndarray::Array<f64, D>,
    grad: &ndarray::Array<f64, D>,
    lr: f64,
) -> Vec<Mistake<ndarray::Array<f64, D>>> {
    vec![
        mistake(
            was + &(lr * grad),
            tr(
                "the step went uphill: subtract lr · grad, p -= lr * grad",
                "오르막으로 갔습니다: lr · grad를 빼세요, p -= lr * grad",
            ),
        ),
        mistake(
            was.clone(),
            tr(
                "this parameter did not move: update all four, W1, b1, W2 and b2 (biases too)",
                "이 매개변수가 움직이지 않았습니다: W1, b1, W2, b2 넷 모두(편향 포함) 갱신하세요",
            ),
        ),
        mistake(
            was - grad,
            tr(
                "the learning rate is missing: p -= lr * grad",
                "학습률이 빠졌습니다: p -= lr * grad",
            ),
        ),
    ]
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
        &tr(
            "the loss after one step along the true gradient, lr = 0.1",
            "참 기울기로 한 걸음(lr = 0.1) 뒤의 손실",
        ),
        tr(
            format!("less than {before:?}"),
            format!("{before:?}보다 작은 값"),
        ),
        format!("{after:?}"),
        &tr(
            "the loss rose: step against the gradient (subtract lr · grad); adding it climbs uphill",
            "손실이 올랐습니다: 기울기의 반대로 가세요(lr · grad를 빼기). 더하면 오르막입니다",
        ),
    )
}

mod sgd_step {
    use super::*;

    fn student(net: &mut TwoLayerNet, grads: &Grads, lr: f64) {
        s4_5::sgd_step(net, grads, lr)
    }

    #[test]
    fn moves_every_parameter_against_its_gradient() {
        run(ex("sgd_step"), || step_moves_against_the_gradient(student));
    }

    #[test]
    fn lowers_the_loss() {
        run(ex("sgd_step"), || step_lowers_the_loss(student));
    }
}

// ---- sample_sd ----

type Sd = fn(&[f64]) -> f64;

/// Five made-up final accuracies, one per seed.
const ACCS: [f64; 5] = [0.7950, 0.7883, 0.7998, 0.7768, 0.7981];

fn sd_matches(sd: Sd) -> Outcome {
    let n = ACCS.len() as f64;
    let mean = ACCS.iter().sum::<f64>() / n;
    let squares = ACCS.iter().map(|a| (a - mean).powi(2)).sum::<f64>();
    let want = (squares / (n - 1.0)).sqrt();
    close_or(
        &tr(
            "np.std of five made-up accuracies with ddof=1",
            "만든 정확도 다섯 개의 np.std (ddof=1)",
        ),
        sd(&ACCS),
        want,
        1e-12,
        &[
            mistake(
                (squares / n).sqrt(),
                tr(
                    "divided by n, as np.std's default ddof=0 does: the sample sd divides by n - 1, because the mean came from the same numbers",
                    "np.std의 기본값 ddof=0처럼 n으로 나눴습니다: 평균을 같은 숫자에서 구했으므로 표본 표준편차는 n - 1로 나눕니다",
                ),
            ),
            mistake(
                squares / (n - 1.0),
                tr(
                    "this is the variance: take its square root",
                    "이것은 분산입니다: 제곱근을 구하세요",
                ),
            ),
            mistake(
                (squares.sqrt()) / (n - 1.0),
                tr(
                    "the square root goes over the whole mean of squares, not only over the sum",
                    "제곱근은 합에만이 아니라 제곱 평균 전체에 씌웁니다",
                ),
            ),
        ],
        &tr(
            "expected √(Σ (a_i − mean)² / (n − 1)) (4.5.5)",
            "√(Σ (a_i − mean)² / (n − 1))을 기대했습니다 (4.5.5)",
        ),
    )
}

fn sd_is_zero_for_equal_values(sd: Sd) -> Outcome {
    let got = sd(&[0.9, 0.9, 0.9]);
    ensure(
        got == 0.0,
        &tr("three equal accuracies", "같은 정확도 세 개"),
        0.0,
        got,
        &tr(
            "values that do not spread have sd 0: subtract the mean before squaring",
            "퍼지지 않은 값의 표준편차는 0입니다: 제곱하기 전에 평균을 빼세요",
        ),
    )
}

mod sample_sd {
    use super::*;

    fn student(a: &[f64]) -> f64 {
        s4_5::sample_sd(a)
    }

    #[test]
    fn divides_by_n_minus_one() {
        run(ex("sample_sd"), || sd_matches(student));
    }

    #[test]
    fn is_zero_when_nothing_spreads() {
        run(ex("sample_sd"), || sd_is_zero_for_equal_values(student));
    }
}

/// Correct answers as students write them: every one must pass every check.
#[cfg(feature = "solution")]
mod variants {
    use super::*;
    use dlfs::ch04::loss::cross_entropy_error_batch;
    use dlfs::common::functions::softmax;

    #[test]
    fn predict_written_many_ways() {
        let ps: [Predict; 3] = [
            |net, x| {
                let a1 = x.dot(&net.w1) + &net.b1;
                let z1 = a1.mapv(sigmoid);
                let a2 = z1.dot(&net.w2) + &net.b2;
                softmax(&a2)
            },
            // softmax by hand, row by row, with the maximum subtracted
            |net, x| {
                let z1 = (x.dot(&net.w1) + &net.b1).mapv(|v| 1.0 / (1.0 + (-v).exp()));
                let mut y = z1.dot(&net.w2) + &net.b2;
                for mut row in y.rows_mut() {
                    let m = row.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
                    row.mapv_inplace(|v| (v - m).exp());
                    let total = row.sum();
                    row.mapv_inplace(|v| v / total);
                }
                y
            },
            // softmax without the maximum, with sum_axis and insert_axis
            |net, x| {
                let z1 = (x.dot(&net.w1) + &net.b1).mapv(sigmoid);
                let e = (z1.dot(&net.w2) + &net.b2).mapv(f64::exp);
                let sums = e.sum_axis(ndarray::Axis(1)).insert_axis(ndarray::Axis(1));
                &e / &sums
            },
        ];
        for p in ps {
            run(ex("predict"), || predict_matches(p));
            run(ex("predict"), || predict_one_row(p));
        }
    }

    #[test]
    fn loss_and_accuracy_written_many_ways() {
        let ls: [Loss; 2] = [
            |net, x, t| cross_entropy_error_batch(&net.predict(x), &t),
            |net, x, t| {
                let y = net.predict(x);
                let mut e = 0.0;
                for n in 0..y.nrows() {
                    for k in 0..y.ncols() {
                        e -= t[[n, k]] * (y[[n, k]] + 1e-7).ln();
                    }
                }
                e / y.nrows() as f64
            },
        ];
        for l in ls {
            run(ex("loss"), || loss_matches(l));
        }
        let accs: [Loss; 2] = [
            |net, x, t| {
                let y = net.predict(x);
                let hits = (0..y.nrows())
                    .filter(|&n| argmax(y.row(n)) == argmax(t.row(n)))
                    .count();
                hits as f64 / x.nrows() as f64
            },
            |net, x, t| {
                let y = net.predict(x);
                let mut hits = 0.0;
                for (yr, tr) in y.outer_iter().zip(t.outer_iter()) {
                    let best = |r: ndarray::ArrayView1<f64>| {
                        r.iter()
                            .enumerate()
                            .fold(
                                (0, f64::NEG_INFINITY),
                                |b, (k, &v)| if v > b.1 { (k, v) } else { b },
                            )
                            .0
                    };
                    if best(yr) == best(tr) {
                        hits += 1.0;
                    }
                }
                hits / y.nrows() as f64
            },
        ];
        for a in accs {
            run(ex("accuracy"), || accuracy_counts(a));
        }
    }

    #[test]
    fn gradient_and_step_written_many_ways() {
        // nudging the net's own parameters, += h / −= 2h / += h
        let g: Gradient = |net, x, t| {
            let h = 1e-4;
            let mut grads = Grads {
                w1: Array2::zeros(net.w1.raw_dim()),
                b1: Array1::zeros(net.b1.len()),
                w2: Array2::zeros(net.w2.raw_dim()),
                b2: Array1::zeros(net.b2.len()),
            };
            for i in 0..net.w1.nrows() {
                for j in 0..net.w1.ncols() {
                    net.w1[[i, j]] += h;
                    let a = net.loss(x, t);
                    net.w1[[i, j]] -= 2.0 * h;
                    let b = net.loss(x, t);
                    net.w1[[i, j]] += h;
                    grads.w1[[i, j]] = (a - b) / (2.0 * h);
                }
            }
            for i in 0..net.b1.len() {
                let tmp = net.b1[i];
                net.b1[i] = tmp + h;
                let a = net.loss(x, t);
                net.b1[i] = tmp - h;
                let b = net.loss(x, t);
                net.b1[i] = tmp;
                grads.b1[i] = (a - b) / (2.0 * h);
            }
            for i in 0..net.w2.nrows() {
                for j in 0..net.w2.ncols() {
                    let tmp = net.w2[[i, j]];
                    net.w2[[i, j]] = tmp + h;
                    let a = net.loss(x, t);
                    net.w2[[i, j]] = tmp - h;
                    let b = net.loss(x, t);
                    net.w2[[i, j]] = tmp;
                    grads.w2[[i, j]] = (a - b) / (2.0 * h);
                }
            }
            for i in 0..net.b2.len() {
                let tmp = net.b2[i];
                net.b2[i] = tmp + h;
                let a = net.loss(x, t);
                net.b2[i] = tmp - h;
                let b = net.loss(x, t);
                net.b2[i] = tmp;
                grads.b2[i] = (a - b) / (2.0 * h);
            }
            grads
        };
        run(ex("numerical_gradient"), || gradient_matches(g));
        let steps: [Step; 2] = [
            |net, g, lr| net.update(g, lr),
            |net, g, lr| {
                net.w1 = &net.w1 - &(&g.w1 * lr);
                net.b1 = &net.b1 - &(&g.b1 * lr);
                net.w2.zip_mut_with(&g.w2, |p, d| *p -= lr * d);
                for (p, d) in net.b2.iter_mut().zip(&g.b2) {
                    *p -= lr * d;
                }
            },
        ];
        for s in steps {
            run(ex("sgd_step"), || step_moves_against_the_gradient(s));
            run(ex("sgd_step"), || step_lowers_the_loss(s));
        }
    }
    #[test]
    fn sample_sd_written_many_ways() {
        let sds: [Sd; 3] = [
            |a| {
                let n = a.len() as f64;
                let mean = a.iter().sum::<f64>() / n;
                (a.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)).sqrt()
            },
            // with ndarray, as NumPy writes it
            |a| ndarray::ArrayView1::from(a).std(1.0),
            // a loop, squares with powi
            |a| {
                let mut mean = 0.0;
                for x in a {
                    mean += x;
                }
                mean /= a.len() as f64;
                let mut total = 0.0;
                for x in a {
                    total += (x - mean).powi(2);
                }
                (total / (a.len() - 1) as f64).sqrt()
            },
        ];
        for sd in sds {
            run(ex("sample_sd"), || sd_matches(sd));
            run(ex("sample_sd"), || sd_is_zero_for_equal_values(sd));
        }
    }
}

/// Wrong but plausible answers: some check must turn each down, and its hint
/// must name the mistake.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use dlfs::ch04::loss::cross_entropy_error_batch;
    use dlfs::common::functions::softmax;
    use exercises::check::{hint_for, rejects, with_korean};
    use ndarray::Axis;

    fn en(check: impl FnOnce() -> Outcome) -> String {
        with_korean(false, || hint_for(check))
    }

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
    fn sample_sd_dividing_by_n() {
        let h = en(|| sd_matches(|a| ndarray::ArrayView1::from(a).std(0.0)));
        assert!(h.contains("ddof=0"), "{h}");
    }

    #[test]
    fn sample_sd_without_the_square_root() {
        let h = en(|| sd_matches(|a| ndarray::ArrayView1::from(a).var(1.0)));
        assert!(h.contains("variance"), "{h}");
    }

    #[test]
    fn softmax_along_the_wrong_axis() {
        let h = en(|| {
            predict_matches(|net, x| {
                let e = scores(net, x, true, true).mapv(f64::exp);
                let sums = e.sum_axis(Axis(0));
                e / &sums
            })
        });
        assert!(h.contains("wrong axis"), "{h}");
        let h = with_korean(true, || {
            hint_for(|| {
                predict_matches(|net, x| {
                    let e = scores(net, x, true, true).mapv(f64::exp);
                    let sums = e.sum_axis(Axis(0));
                    e / &sums
                })
            })
        });
        assert!(h.contains("축"), "{h}");
    }

    #[test]
    fn softmax_over_the_whole_batch() {
        let h = en(|| {
            predict_matches(|net, x| {
                let e = scores(net, x, true, true).mapv(f64::exp);
                let total = e.sum();
                e / total
            })
        });
        assert!(h.contains("whole batch"), "{h}");
    }

    #[test]
    fn predict_without_biases_or_sigmoid() {
        let h = en(|| predict_matches(|net, x| softmax(&scores(net, x, false, true))));
        assert!(h.contains("biases"), "{h}");
        let h = en(|| predict_matches(|net, x| softmax(&scores(net, x, true, false))));
        assert!(h.contains("sigmoid is missing"), "{h}");
    }

    #[test]
    fn loss_summed_instead_of_averaged() {
        let h = en(|| {
            loss_matches(|net, x, t| {
                cross_entropy_error_batch(&net.predict(x), &t) * x.nrows() as f64
            })
        });
        assert!(h.contains("sum over the rows"), "{h}");
    }

    #[test]
    fn accuracy_as_a_count_or_by_columns() {
        let count: Loss = |net, x, t| {
            let y = net.predict(x);
            (0..y.nrows())
                .filter(|&n| argmax(y.row(n)) == argmax(t.row(n)))
                .count() as f64
        };
        assert!(en(|| accuracy_counts(count)).contains("a count, not a share"));
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
        let h = en(|| gradient_matches(forward));
        assert!(h.contains("forward difference"), "{h}");
    }

    #[test]
    fn gradient_of_the_weights_only() {
        let h = en(|| {
            gradient_matches(|net, x, t| {
                let mut g = net.numerical_gradient(x, t);
                g.b1.fill(0.0);
                g.b2.fill(0.0);
                g
            })
        });
        assert!(h.contains("biases have gradients"), "{h}");
    }

    #[test]
    fn gradient_leaving_a_parameter_nudged() {
        let h = en(|| {
            gradient_matches(|net, x, t| {
                let g = net.numerical_gradient(x, t);
                net.b2[2] -= 1e-4;
                g
            })
        });
        assert!(h.contains("left changed"), "{h}");
    }

    #[test]
    fn step_uphill_or_without_biases_or_lr() {
        let uphill: Step = |net, g, lr| {
            net.w1 += &(lr * &g.w1);
            net.b1 += &(lr * &g.b1);
            net.w2 += &(lr * &g.w2);
            net.b2 += &(lr * &g.b2);
        };
        assert!(en(|| step_moves_against_the_gradient(uphill)).contains("uphill"));
        assert!(en(|| step_lowers_the_loss(uphill)).contains("uphill"));
        let weights_only: Step = |net, g, lr| {
            net.w1 -= &(lr * &g.w1);
            net.w2 -= &(lr * &g.w2);
        };
        assert!(en(|| step_moves_against_the_gradient(weights_only)).contains("did not move"));
        let no_lr: Step = |net, g, _| {
            net.w1 -= &g.w1;
            net.b1 -= &g.b1;
            net.w2 -= &g.w2;
            net.b2 -= &g.b2;
        };
        assert!(en(|| step_moves_against_the_gradient(no_lr)).contains("learning rate is missing"));
    }
}

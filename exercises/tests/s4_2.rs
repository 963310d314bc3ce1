//! Checks for `src/s4_2.rs`, section 4.2 loss functions (손실 함수).
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so that (with the `solution` feature, as CI runs them) the
//! `variants` module proves that the correct answers students write all pass,
//! and the `mutants` module proves that the usual wrong answers fail with a hint
//! that names the mistake.

use exercises::check::{Exercise, Outcome, close_or, exercise, float_note, mistake, run, tr};
use exercises::s4_2;
use ndarray::{Array1, Array2, Axis, arr1, stack};

fn ex(name: &str) -> &'static Exercise {
    exercise("s4_2", name)
}

/// The book's label (the answer is '2') and two outputs: y1 bets on '2', y2 on '7'.
fn book() -> (Array1<f64>, Array1<f64>, Array1<f64>) {
    let t = arr1(&[0., 0., 1., 0., 0., 0., 0., 0., 0., 0.]);
    let y1 = arr1(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
    let y2 = arr1(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
    (t, y1, y2)
}

/// The book's two outputs as a mini-batch of two rows, with the label twice.
fn book_batch() -> (Array2<f64>, Array2<f64>) {
    let (t, y1, y2) = book();
    let y = stack(Axis(0), &[y1.view(), y2.view()]).unwrap();
    let tt = stack(Axis(0), &[t.view(), t.view()]).unwrap();
    (y, tt)
}

type Loss1 = fn(&Array1<f64>, &Array1<f64>) -> f64;
type Loss2 = fn(&Array2<f64>, &Array2<f64>) -> f64;
type Labels2 = fn(&Array2<f64>, &[usize]) -> f64;

const DELTA: f64 = 1e-7;

// ---- mean_squared_error ----

/// The usual mistakes for a squared error whose right value is `e` over `n` elements.
fn mse_mistakes(e: f64, n: usize) -> Vec<exercises::check::Mistake<f64>> {
    vec![
        mistake(
            2.0 * e,
            tr(
                "this is twice the answer: the ½ is missing (E = ½ Σ (y_k − t_k)²)",
                "정답의 두 배입니다: ½이 빠졌습니다 (E = ½ Σ (y_k − t_k)²)",
            ),
        ),
        mistake(
            2.0 * e / n as f64,
            tr(
                "this is the mean of the squares (np.mean): the book's E adds the squares and halves the sum, it does not divide by the number of elements",
                "제곱의 평균(np.mean)입니다: 책의 E는 제곱을 모두 더한 뒤 반으로 나눌 뿐, 원소 개수로 나누지 않습니다",
            ),
        ),
        mistake(
            (2.0 * e).sqrt(),
            tr(
                "this is the length √Σ(y − t)²: square the differences and add them, no square root, then halve",
                "√Σ(y − t)², 즉 거리입니다: 제곱근 없이 차의 제곱을 더하고 반으로 나누세요",
            ),
        ),
    ]
}

fn mse_book_numbers(f: Loss1) -> Outcome {
    let (t, y1, y2) = book();
    let otherwise = tr(
        "expected ½ Σ (y_k − t_k)²; your value matches none of the usual mistakes: reread 4.2.1 and try the formula on paper for y = [0, 0.5, 0], t = [0, 1, 0] (0.125)",
        "½ Σ (y_k − t_k)²를 기대했습니다. 흔한 실수 어느 것과도 맞지 않습니다: 4.2.1을 다시 읽고 y = [0, 0.5, 0], t = [0, 1, 0]로 손으로 계산해 보세요 (0.125)",
    );
    let got1 = f(&y1, &t);
    close_or(
        &tr(
            "the book's y1 (bets 0.6 on the right answer '2')",
            "책의 y1 (정답 '2'에 0.6)",
        ),
        got1,
        0.0975,
        1e-12,
        &mse_mistakes(0.0975, 10),
        &otherwise,
    )?;
    let got2 = f(&y2, &t);
    close_or(
        &tr(
            "the book's y2 (bets 0.6 on the wrong answer '7')",
            "책의 y2 (오답 '7'에 0.6)",
        ),
        got2,
        0.5975,
        1e-12,
        &mse_mistakes(0.5975, 10),
        &otherwise,
    )?;
    if got2 != 0.5975 {
        float_note(
            ex("mean_squared_error"),
            &tr("the book's y2", "책의 y2"),
            got2,
            "0.5975",
            &tr(
                "Your answer is right. The last digit differs because floating-point addition is not associative: np.sum adds in 8 partial sums (pairwise), a left-to-right loop or .sum() rounds differently (4.2.1, \"Floating point\").",
                "정답입니다. 마지막 자리가 다른 것은 부동소수점 덧셈에 결합 법칙이 성립하지 않기 때문입니다: np.sum은 8개의 부분합으로(쌍으로) 더하고, 왼쪽부터 더하는 반복문이나 .sum()은 다르게 반올림합니다 (4.2.1 \"Floating point\").",
            ),
        );
    }
    Ok(())
}

fn mse_perfect_and_growing(f: Loss1) -> Outcome {
    let t = arr1(&[0., 1., 0.]);
    let otherwise = tr(
        "E is 0 when y = t and grows with the square of the difference",
        "E는 y = t일 때 0이고 차의 제곱에 따라 커집니다",
    );
    close_or(
        &tr("y = t exactly", "y = t"),
        f(&t, &t),
        0.0,
        1e-15,
        &[],
        &otherwise,
    )?;
    close_or(
        &tr(
            "y = [0, 0.5, 0] (off by 0.5 in one place)",
            "y = [0, 0.5, 0] (한 곳에서 0.5 차이)",
        ),
        f(&arr1(&[0., 0.5, 0.]), &t),
        0.125,
        1e-15,
        &mse_mistakes(0.125, 3),
        &otherwise,
    )?;
    close_or(
        &tr(
            "y = [0.5, 0.5, 0.5] (off by 0.5 everywhere)",
            "y = [0.5, 0.5, 0.5] (모든 곳에서 0.5 차이)",
        ),
        f(&arr1(&[0.5, 0.5, 0.5]), &t),
        0.375,
        1e-15,
        &mse_mistakes(0.375, 3),
        &otherwise,
    )
}

mod mean_squared_error {
    use super::*;

    fn student(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
        s4_2::mean_squared_error(y, t)
    }

    #[test]
    fn book_numbers() {
        run(ex("mean_squared_error"), || mse_book_numbers(student));
    }

    #[test]
    fn zero_when_perfect_and_growing_with_the_error() {
        run(ex("mean_squared_error"), || {
            mse_perfect_and_growing(student)
        });
    }
}

// ---- cross_entropy_error ----

fn cee_mistakes(y_right: f64) -> Vec<exercises::check::Mistake<f64>> {
    vec![
        mistake(
            -y_right.ln(),
            tr(
                "this is −log(y) without the δ: add δ = 1e-7 inside the log, log(y_k + δ) (it shows in the 7th digit)",
                "δ 없이 계산한 −log(y)입니다: log 안에 δ = 1e-7을 더하세요, log(y_k + δ) (7번째 자리에서 드러납니다)",
            ),
        ),
        mistake(
            (y_right + DELTA).ln(),
            tr(
                "the sign is flipped: E = −Σ t_k log(y_k + δ) (a log of a probability is negative, the loss is not)",
                "부호가 반대입니다: E = −Σ t_k log(y_k + δ) (확률의 log는 음수이고 손실은 양수입니다)",
            ),
        ),
        mistake(
            -(y_right + DELTA).log10(),
            tr(
                "this is log10: the book's log is the natural log, f64::ln",
                "log10을 썼습니다: 책의 log는 자연로그, f64::ln입니다",
            ),
        ),
    ]
}

fn cee_book_numbers(f: Loss1) -> Outcome {
    let (t, y1, y2) = book();
    let got1 = f(&y1, &t);
    if got1.is_nan() {
        return close_or(
            &tr("the book's y1", "책의 y1"),
            got1,
            0.510825457099338,
            1e-12,
            &[],
            &tr(
                "NaN: without δ the wrong classes with y = 0 give 0·log 0 = 0·(−∞) = NaN, even though the right class has 0.6; add δ = 1e-7 inside the log",
                "NaN: δ가 없으면 y = 0인 오답 클래스에서 0·log 0 = 0·(−∞) = NaN이 됩니다(정답 클래스가 0.6이어도). log 안에 δ = 1e-7을 더하세요",
            ),
        );
    }
    let otherwise = tr(
        "expected −Σ t_k log(y_k + δ), δ = 1e-7, natural log (f64::ln); your value matches none of the usual mistakes: with a one-hot t it is −ln(y of the right class + δ)",
        "−Σ t_k log(y_k + δ), δ = 1e-7, 자연로그(f64::ln)를 기대했습니다. 흔한 실수와 맞지 않습니다: 원-핫 t라면 −ln(정답 클래스의 y + δ)입니다",
    );
    close_or(
        &tr("the book's y1", "책의 y1"),
        got1,
        0.510825457099338,
        1e-12,
        &cee_mistakes(0.6),
        &otherwise,
    )?;
    close_or(
        &tr("the book's y2", "책의 y2"),
        f(&y2, &t),
        2.302584092994546,
        1e-12,
        &cee_mistakes(0.1),
        &otherwise,
    )
}

fn cee_finite_at_zero(f: Loss1) -> Outcome {
    let t = arr1(&[0., 1.]);
    let y = arr1(&[1.0, 0.0]);
    let got = f(&y, &t);
    let hint = if got.is_nan() {
        tr(
            "NaN: 0·log 0 = 0·(−∞) is NaN for the wrong classes with y = 0; add δ = 1e-7 inside the log",
            "NaN: y = 0인 오답 클래스에서 0·log 0 = 0·(−∞)가 NaN이 됩니다. log 안에 δ = 1e-7을 더하세요",
        )
    } else if got.is_infinite() {
        tr(
            "infinity: log(0) is −∞; add δ = 1e-7 inside the log, log(0 + δ) is about −16.1",
            "무한대: log(0)은 −∞입니다. log 안에 δ = 1e-7을 더하세요, log(0 + δ)는 약 −16.1입니다",
        )
    } else {
        tr(
            "expected −ln(0 + δ) ≈ 16.118 for a zero probability on the right class (4.2.2)",
            "정답 클래스 확률이 0이면 −ln(0 + δ) ≈ 16.118을 기대합니다 (4.2.2)",
        )
    };
    close_or(
        &tr(
            "y gives probability 0 to the right answer",
            "y가 정답에 확률 0을 줌",
        ),
        got,
        -(DELTA).ln(),
        1e-9,
        &[],
        &hint,
    )
}

mod cross_entropy_error {
    use super::*;

    fn student(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
        s4_2::cross_entropy_error(y, t)
    }

    #[test]
    fn book_numbers() {
        run(ex("cross_entropy_error"), || cee_book_numbers(student));
    }

    #[test]
    fn stays_finite_when_a_probability_is_zero() {
        run(ex("cross_entropy_error"), || cee_finite_at_zero(student));
    }
}

// ---- cross_entropy_error_batch ----

fn batch_mistakes(mean: f64, rows: usize, elements: usize) -> Vec<exercises::check::Mistake<f64>> {
    vec![
        mistake(
            mean * rows as f64,
            tr(
                "this is the sum over the rows, not the mean: divide by N = y.nrows()",
                "행에 대한 합이지 평균이 아닙니다: N = y.nrows()로 나누세요",
            ),
        ),
        mistake(
            mean * rows as f64 / elements as f64,
            tr(
                "divided by the number of elements (y.len()): divide by the number of rows N = y.nrows()",
                "원소 개수(y.len())로 나눴습니다: 행 개수 N = y.nrows()로 나누세요",
            ),
        ),
    ]
}

fn batch_book_rows(f: Loss2) -> Outcome {
    let (y, t) = book_batch();
    close_or(
        &tr(
            "the book's y1 and y2 as a batch of 2 rows",
            "책의 y1, y2를 2행 배치로",
        ),
        f(&y, &t),
        1.406704775046942,
        1e-12,
        &batch_mistakes(1.406704775046942, 2, 20),
        &tr(
            "expected the mean of the rows' cross-entropies, (0.5108… + 2.3026…) / 2 (4.2.4)",
            "각 행 교차 엔트로피의 평균 (0.5108… + 2.3026…) / 2를 기대했습니다 (4.2.4)",
        ),
    )
}

fn batch_is_mean_of_rows(f: Loss2) -> Outcome {
    let y = Array2::from_shape_fn((4, 3), |(i, j)| 0.1 + 0.2 * ((i + 2 * j) % 4) as f64);
    let t = Array2::from_shape_fn((4, 3), |(i, j)| if j == i % 3 { 1.0 } else { 0.0 });
    let rows: Vec<f64> = (0..4)
        .map(|n| dlfs::ch04::loss::cross_entropy_error(&y.row(n), &t.row(n)))
        .collect();
    let want = rows.iter().sum::<f64>() / 4.0;
    close_or(
        &tr("a batch of 4 rows, 3 classes", "4행, 3클래스 배치"),
        f(&y, &t),
        want,
        1e-12,
        &batch_mistakes(want, 4, 12),
        &tr(
            "the batch loss is the mean of the single-row losses: −(1/N) Σ_n Σ_k t_nk log(y_nk + δ)",
            "배치 손실은 행 하나하나의 손실의 평균입니다: −(1/N) Σ_n Σ_k t_nk log(y_nk + δ)",
        ),
    )
}

fn batch_of_one(f: Loss2) -> Outcome {
    let (t, y1, _) = book();
    let y = y1.insert_axis(Axis(0));
    let t = t.insert_axis(Axis(0));
    close_or(
        &tr(
            "the book's y1 as a batch of one row",
            "책의 y1을 1행 배치로",
        ),
        f(&y, &t),
        0.510825457099338,
        1e-12,
        &[],
        &tr(
            "a batch of one row gives that row's cross-entropy (N = 1)",
            "1행 배치는 그 행의 교차 엔트로피입니다 (N = 1)",
        ),
    )
}

mod cross_entropy_error_batch {
    use super::*;

    fn student(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
        s4_2::cross_entropy_error_batch(y, t)
    }

    #[test]
    fn book_numbers() {
        run(ex("cross_entropy_error_batch"), || batch_book_rows(student));
    }

    #[test]
    fn averages_over_the_rows() {
        run(ex("cross_entropy_error_batch"), || {
            batch_is_mean_of_rows(student)
        });
    }

    #[test]
    fn a_batch_of_one_row() {
        run(ex("cross_entropy_error_batch"), || batch_of_one(student));
    }
}

// ---- cross_entropy_error_labels ----

fn labels_book(f: Labels2) -> Outcome {
    let (y, _) = book_batch();
    let otherwise = tr(
        "pick y[[n, t[n]]] for each row n, take −ln(· + δ), and average over the rows",
        "행 n마다 y[[n, t[n]]]를 골라 −ln(· + δ)를 구하고 행에 대해 평균하세요",
    );
    close_or(
        &tr(
            "the book's batch with labels [2, 2]",
            "책의 배치, 레이블 [2, 2]",
        ),
        f(&y, &[2, 2]),
        1.406704775046942,
        1e-12,
        &[
            batch_mistakes(1.406704775046942, 2, 20).remove(0),
            mistake(
                -(0.6f64 + DELTA).ln(),
                tr(
                    "only the first row was read: row n's output is y[[n, t[n]]]",
                    "첫 행만 읽었습니다: 행 n의 출력은 y[[n, t[n]]]입니다",
                ),
            ),
        ],
        &otherwise,
    )?;
    let want = -((0.1f64 + DELTA).ln() + (0.1f64 + DELTA).ln()) / 2.0;
    close_or(
        &tr(
            "the book's batch with labels [7, 2] (each row gives its label 0.1)",
            "책의 배치, 레이블 [7, 2] (각 행이 레이블에 0.1)",
        ),
        f(&y, &[7, 2]),
        want,
        1e-12,
        &[
            mistake(
                -((0.6f64 + DELTA).ln() + (0.1f64 + DELTA).ln()) / 2.0,
                tr(
                    "each row was read at the other row's label: row n's label is t[n], the output you need is y[[n, t[n]]]",
                    "다른 행의 레이블로 읽었습니다: 행 n의 레이블은 t[n], 필요한 출력은 y[[n, t[n]]]입니다",
                ),
            ),
            mistake(
                -((0.1f64 + DELTA).ln() + (0.05f64 + DELTA).ln()) / 2.0,
                tr(
                    "only the first row was read: row n's output is y[[n, t[n]]]",
                    "첫 행만 읽었습니다: 행 n의 출력은 y[[n, t[n]]]입니다",
                ),
            ),
        ],
        &otherwise,
    )
}

fn labels_zero_prob(f: Labels2) -> Outcome {
    let y = Array2::from_shape_vec((2, 3), vec![0.0, 0.5, 0.5, 0.2, 0.0, 0.8]).unwrap();
    let got = f(&y, &[0, 2]);
    close_or(
        &tr(
            "a batch where row 0 gives probability 0 to its label",
            "행 0이 레이블에 확률 0을 주는 배치",
        ),
        got,
        -((DELTA).ln() + (0.8f64 + DELTA).ln()) / 2.0,
        1e-9,
        &[],
        &if got.is_infinite() {
            tr(
                "infinity: log(0) is −∞; add δ = 1e-7 inside the log, as in cross_entropy_error",
                "무한대: log(0)은 −∞입니다. cross_entropy_error처럼 log 안에 δ = 1e-7을 더하세요",
            )
        } else {
            tr(
                "expected −(ln(0 + δ) + ln(0.8 + δ)) / 2 (4.2.4)",
                "−(ln(0 + δ) + ln(0.8 + δ)) / 2를 기대했습니다 (4.2.4)",
            )
        },
    )
}

mod cross_entropy_error_labels {
    use super::*;

    fn student(y: &Array2<f64>, t: &[usize]) -> f64 {
        s4_2::cross_entropy_error_labels(y, t)
    }

    #[test]
    fn book_numbers() {
        run(ex("cross_entropy_error_labels"), || labels_book(student));
    }

    #[test]
    fn stays_finite_when_a_probability_is_zero() {
        run(ex("cross_entropy_error_labels"), || {
            labels_zero_prob(student)
        });
    }
}

/// Correct answers as students write them: every one must pass every check.
#[cfg(feature = "solution")]
mod variants {
    use super::*;

    fn all_mse(f: Loss1) {
        run(ex("mean_squared_error"), || mse_book_numbers(f));
        run(ex("mean_squared_error"), || mse_perfect_and_growing(f));
    }

    #[test]
    fn squared_error_written_many_ways() {
        // a for loop, left to right (0.5974999999999999: a floating-point note, not a failure)
        all_mse(|y, t| {
            let mut sum = 0.0;
            for i in 0..y.len() {
                sum += (y[i] - t[i]) * (y[i] - t[i]);
            }
            0.5 * sum
        });
        // iterators
        all_mse(|y, t| 0.5 * y.iter().zip(t).map(|(a, b)| (a - b).powi(2)).sum::<f64>());
        // array arithmetic, mapv and ndarray's sum, halved at the end
        all_mse(|y, t| (y - t).mapv(|d| d * d).sum() / 2.0);
        all_mse(|y, t| 0.5 * (y - t).mapv(|d| d.powi(2)).sum());
        // the dot product of the difference with itself
        all_mse(|y, t| {
            let d = y - t;
            0.5 * d.dot(&d)
        });
    }

    fn all_cee(f: Loss1) {
        run(ex("cross_entropy_error"), || cee_book_numbers(f));
        run(ex("cross_entropy_error"), || cee_finite_at_zero(f));
    }

    #[test]
    fn cross_entropy_written_many_ways() {
        all_cee(|y, t| -(t * &y.mapv(|v| (v + 1e-7).ln())).sum());
        all_cee(|y, t| {
            let mut e = 0.0;
            for k in 0..y.len() {
                e -= t[k] * (y[k] + 1e-7).ln();
            }
            e
        });
        all_cee(|y, t| {
            -y.iter()
                .zip(t)
                .map(|(y, t)| t * (y + 1e-7).ln())
                .sum::<f64>()
        });
        // only the right class (argmax of the one-hot t)
        all_cee(|y, t| {
            let k = t.iter().position(|&v| v == 1.0).unwrap();
            -(y[k] + 1e-7).ln()
        });
        all_cee(|y, t| -t.dot(&y.mapv(|v| (v + 1e-7).ln())));
    }

    fn all_batch(f: Loss2) {
        run(ex("cross_entropy_error_batch"), || batch_book_rows(f));
        run(ex("cross_entropy_error_batch"), || batch_is_mean_of_rows(f));
        run(ex("cross_entropy_error_batch"), || batch_of_one(f));
    }

    #[test]
    fn batch_written_many_ways() {
        all_batch(|y, t| -(t * &y.mapv(|v| (v + 1e-7).ln())).sum() / y.nrows() as f64);
        all_batch(|y, t| {
            let mut e = 0.0;
            for n in 0..y.nrows() {
                for k in 0..y.ncols() {
                    e -= t[[n, k]] * (y[[n, k]] + 1e-7).ln();
                }
            }
            e / y.nrows() as f64
        });
        all_batch(|y, t| {
            let rows = y.outer_iter().zip(t.outer_iter());
            let total: f64 = rows
                .map(|(y, t)| -(&t * &y.mapv(|v| (v + 1e-7).ln())).sum())
                .sum();
            total / y.nrows() as f64
        });
        all_batch(|y, t| {
            (0..y.nrows())
                .map(|n| -(&t.row(n) * &y.row(n).mapv(|v| (v + 1e-7).ln())).sum())
                .sum::<f64>()
                / y.nrows() as f64
        });
    }

    fn all_labels(f: Labels2) {
        run(ex("cross_entropy_error_labels"), || labels_book(f));
        run(ex("cross_entropy_error_labels"), || labels_zero_prob(f));
    }

    #[test]
    fn labels_written_many_ways() {
        all_labels(|y, t| {
            let mut e = 0.0;
            for n in 0..y.nrows() {
                e -= (y[[n, t[n]]] + 1e-7).ln();
            }
            e / y.nrows() as f64
        });
        all_labels(|y, t| {
            -t.iter()
                .enumerate()
                .map(|(n, &k)| (y[[n, k]] + 1e-7).ln())
                .sum::<f64>()
                / t.len() as f64
        });
        all_labels(|y, t| {
            let picked: Vec<f64> = (0..y.nrows()).map(|n| y[[n, t[n]]]).collect();
            -picked.iter().map(|p| (p + 1e-7).ln()).sum::<f64>() / picked.len() as f64
        });
    }
}

/// Wrong but plausible answers: some check must turn each down, and its hint
/// must name the mistake.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use exercises::check::{hint_for, with_korean};

    fn sq(d: f64) -> f64 {
        d * d
    }

    #[test]
    fn squared_error_without_the_half() {
        let f: Loss1 = |y, t| (y - t).mapv(sq).sum();
        let h = with_korean(false, || hint_for(|| mse_book_numbers(f)));
        assert!(h.contains("twice the answer") && h.contains("½"), "{h}");
        let h = with_korean(true, || hint_for(|| mse_book_numbers(f)));
        assert!(h.contains("두 배") && h.contains("½"), "{h}");
    }

    #[test]
    fn squared_error_as_a_mean() {
        let f: Loss1 = |y, t| (y - t).mapv(sq).mean().unwrap();
        let h = hint_for(|| mse_perfect_and_growing(f));
        assert!(h.contains("mean") || h.contains("평균"), "{h}");
    }

    #[test]
    fn squared_error_as_a_length() {
        let h = hint_for(|| mse_book_numbers(|y, t| (y - t).mapv(sq).sum().sqrt()));
        assert!(h.contains("√"), "{h}");
    }

    #[test]
    fn an_unknown_wrong_answer_gets_no_guess() {
        let h = with_korean(false, || hint_for(|| mse_book_numbers(|_, _| 42.0)));
        assert!(h.contains("matches none of the usual mistakes"), "{h}");
    }

    #[test]
    fn cross_entropy_without_the_delta() {
        let f: Loss1 = |y, t| -(t * &y.mapv(f64::ln)).sum();
        // the wrong classes' y = 0 give 0·ln 0 = NaN
        let h = hint_for(|| cee_book_numbers(f));
        assert!(h.contains("δ"), "{h}");
        assert!(h.contains("NaN"), "{h}");
        let h = hint_for(|| cee_finite_at_zero(f));
        assert!(h.contains("δ"), "{h}");
        let only_right: Loss1 = |y, t| {
            let k = t.iter().position(|&v| v == 1.0).unwrap();
            -y[k].ln()
        };
        let h = with_korean(false, || hint_for(|| cee_book_numbers(only_right)));
        assert!(h.contains("without the δ"), "{h}");
    }

    #[test]
    fn cross_entropy_without_the_minus_or_with_log10() {
        let h = with_korean(false, || {
            hint_for(|| cee_book_numbers(|y, t| (t * &y.mapv(|v| (v + 1e-7).ln())).sum()))
        });
        assert!(h.contains("sign"), "{h}");
        let h = with_korean(false, || {
            hint_for(|| cee_book_numbers(|y, t| -(t * &y.mapv(|v| (v + 1e-7).log10())).sum()))
        });
        assert!(h.contains("log10"), "{h}");
    }

    #[test]
    fn batch_summed_instead_of_averaged() {
        let f: Loss2 = |y, t| -(t * &y.mapv(|v| (v + 1e-7).ln())).sum();
        let h = with_korean(false, || hint_for(|| batch_book_rows(f)));
        assert!(h.contains("sum over the rows"), "{h}");
        assert!(!hint_for(|| batch_is_mean_of_rows(f)).is_empty());
    }

    #[test]
    fn batch_divided_by_the_number_of_elements() {
        let f: Loss2 = |y, t| -(t * &y.mapv(|v| (v + 1e-7).ln())).sum() / y.len() as f64;
        let h = with_korean(false, || hint_for(|| batch_book_rows(f)));
        assert!(h.contains("number of elements"), "{h}");
    }

    #[test]
    fn labels_summed_or_indexed_the_wrong_way() {
        let summed: Labels2 = |y, t| {
            -t.iter()
                .enumerate()
                .map(|(n, &k)| (y[[n, k]] + 1e-7).ln())
                .sum::<f64>()
        };
        let h = with_korean(false, || hint_for(|| labels_book(summed)));
        assert!(h.contains("sum over the rows"), "{h}");
        let first_row: Labels2 =
            |y, t| -t.iter().map(|&k| (y[[0, k]] + 1e-7).ln()).sum::<f64>() / t.len() as f64;
        let h = with_korean(false, || hint_for(|| labels_book(first_row)));
        assert!(h.contains("first row"), "{h}");
    }

    #[test]
    fn labels_without_the_delta() {
        let f: Labels2 = |y, t| {
            -t.iter()
                .enumerate()
                .map(|(n, &k)| y[[n, k]].ln())
                .sum::<f64>()
                / t.len() as f64
        };
        let h = hint_for(|| labels_zero_prob(f));
        assert!(h.contains("δ"), "{h}");
    }
}

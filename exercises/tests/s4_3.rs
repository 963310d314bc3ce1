//! Checks for `src/s4_3.rs`, section 4.3 numerical differentiation (수치 미분).
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so that (with the `solution` feature, as CI runs them) the
//! `variants` module proves that the correct answers students write all pass,
//! and the `mutants` module proves that the usual wrong answers fail with a hint
//! that names the mistake.

use exercises::check::{Exercise, Mistake, Outcome, close_or, exercise, mistake, run, tr};
use exercises::s4_3;
use ndarray::{Array1, arr1};

fn ex(name: &str) -> &'static Exercise {
    exercise("s4_3", name)
}

type Diff = fn(&dyn Fn(f64) -> f64, f64) -> f64;
type Scalar = fn(f64) -> f64;
type Vector = fn(&Array1<f64>) -> f64;

// ---- numerical_diff ----

/// What the usual wrong numerical derivatives give for `f` at `x`.
fn diff_mistakes(f: &dyn Fn(f64) -> f64, x: f64) -> Vec<Mistake<f64>> {
    let h = 1e-4;
    vec![
        mistake(
            (f(x + h) - f(x)) / h,
            tr(
                "this is the forward difference (f(x+h) − f(x)) / h: it measures the slope between x and x + h; centre it, (f(x+h) − f(x−h)) / 2h",
                "전방 차분 (f(x+h) − f(x)) / h입니다: x와 x + h 사이의 기울기를 잽니다. 중심 차분 (f(x+h) − f(x−h)) / 2h로 바꾸세요",
            ),
        ),
        mistake(
            (f(x) - f(x - h)) / h,
            tr(
                "this is the backward difference (f(x) − f(x−h)) / h: centre it, (f(x+h) − f(x−h)) / 2h",
                "후방 차분 (f(x) − f(x−h)) / h입니다: 중심 차분 (f(x+h) − f(x−h)) / 2h로 바꾸세요",
            ),
        ),
        mistake(
            (f(x + h) - f(x - h)) / h,
            tr(
                "this is twice the slope: the two points are 2h apart, so divide by 2h, not h",
                "기울기의 두 배입니다: 두 점은 2h 떨어져 있으니 h가 아니라 2h로 나누세요",
            ),
        ),
        mistake(
            (f(x - h) - f(x + h)) / (2.0 * h),
            tr(
                "the sign is flipped: f(x + h) comes first, (f(x+h) − f(x−h)) / 2h",
                "부호가 반대입니다: f(x + h)가 앞입니다, (f(x+h) − f(x−h)) / 2h",
            ),
        ),
        mistake(
            0.0,
            tr(
                "0.0: h is so small that x + h == x (1e-50 rounds away); use h = 1e-4",
                "0.0: h가 너무 작아 x + h == x가 됩니다(1e-50은 반올림되어 사라짐). h = 1e-4를 쓰세요",
            ),
        ),
    ]
}

fn diff_book_numbers(d: Diff) -> Outcome {
    let f = dlfs::ch04::diff::function_1;
    let otherwise = tr(
        "expected the central difference (f(x+h) − f(x−h)) / 2h with h = 1e-4; your value matches none of the usual mistakes (4.3.1)",
        "h = 1e-4인 중심 차분 (f(x+h) − f(x−h)) / 2h를 기대했습니다. 흔한 실수 어느 것과도 맞지 않습니다 (4.3.1)",
    );
    for (x, want) in [(5.0, 0.1999999999990898), (10.0, 0.2999999999986347)] {
        close_or(
            &tr(
                format!("slope of function_1 at x = {x:?}"),
                format!("x = {x:?}에서 function_1의 기울기"),
            ),
            d(&f, x),
            want,
            1e-12,
            &diff_mistakes(&f, x),
            &otherwise,
        )?;
    }
    Ok(())
}

fn diff_partials(d: Diff) -> Outcome {
    let otherwise = tr(
        "the same central difference, applied to a function of x0 alone (x1 held at 4) or of x1 alone (x0 held at 3)",
        "같은 중심 차분을 x0만의 함수(x1 = 4 고정)나 x1만의 함수(x0 = 3 고정)에 적용합니다",
    );
    let f1 = dlfs::ch04::diff::function_tmp1;
    let f2 = dlfs::ch04::diff::function_tmp2;
    close_or(
        "∂f/∂x0 at (3, 4): numerical_diff(function_tmp1, 3.0)",
        d(&f1, 3.0),
        6.00000000000378,
        1e-12,
        &diff_mistakes(&f1, 3.0),
        &otherwise,
    )?;
    close_or(
        "∂f/∂x1 at (3, 4): numerical_diff(function_tmp2, 4.0)",
        d(&f2, 4.0),
        7.999999999999119,
        1e-12,
        &diff_mistakes(&f2, 4.0),
        &otherwise,
    )
}

fn diff_at_the_point(d: Diff) -> Outcome {
    let otherwise = tr(
        "centre the difference on x: (f(x+h) − f(x−h)) / 2h with h = 1e-4 (4.3.1)",
        "차분의 중심을 x에 두세요: h = 1e-4인 (f(x+h) − f(x−h)) / 2h (4.3.1)",
    );
    let square = |x: f64| x * x;
    close_or(
        &tr(
            "slope of x² at 0 (exactly 0)",
            "0에서 x²의 기울기 (정확히 0)",
        ),
        d(&square, 0.0),
        0.0,
        1e-12,
        &diff_mistakes(&square, 0.0)[..4],
        &otherwise,
    )?;
    close_or(
        &tr("slope of eˣ at 1 (e)", "1에서 eˣ의 기울기 (e)"),
        d(&f64::exp, 1.0),
        std::f64::consts::E,
        1e-7,
        &diff_mistakes(&f64::exp, 1.0),
        &otherwise,
    )?;
    close_or(
        &tr("slope of sin at 2 (cos 2)", "2에서 sin의 기울기 (cos 2)"),
        d(&f64::sin, 2.0),
        2f64.cos(),
        1e-8,
        &diff_mistakes(&f64::sin, 2.0),
        &otherwise,
    )
}

mod numerical_diff {
    use super::*;

    fn student(f: &dyn Fn(f64) -> f64, x: f64) -> f64 {
        s4_3::numerical_diff(f, x)
    }

    #[test]
    fn book_numbers() {
        run(ex("numerical_diff"), || diff_book_numbers(student));
    }

    #[test]
    fn partial_derivatives() {
        run(ex("numerical_diff"), || diff_partials(student));
    }

    #[test]
    fn measures_the_slope_at_x() {
        run(ex("numerical_diff"), || diff_at_the_point(student));
    }
}

// ---- function_1 ----

fn f1_values(f: Scalar) -> Outcome {
    for (x, y) in [
        (0.0, 0.0),
        (5.0, 0.75),
        (10.0, 2.0),
        (-10.0, 0.0),
        (20.0, 6.0),
    ] {
        close_or(
            &format!("function_1({x:?})"),
            f(x),
            y,
            1e-12,
            &[
                mistake(
                    0.1 * x * x + 0.01 * x,
                    tr(
                        "the coefficients are swapped: 0.01 goes with x², 0.1 with x",
                        "계수가 바뀌었습니다: x²에는 0.01, x에는 0.1",
                    ),
                ),
                mistake(
                    0.01 * x * x + 0.1,
                    tr(
                        "the second term is 0.1·x, not 0.1",
                        "둘째 항은 0.1이 아니라 0.1·x입니다",
                    ),
                ),
                mistake(
                    0.01 * x * x,
                    tr("the term 0.1·x is missing", "0.1·x 항이 빠졌습니다"),
                ),
            ],
            &tr(
                "expected y = 0.01x² + 0.1x (4.3.2)",
                "y = 0.01x² + 0.1x를 기대했습니다 (4.3.2)",
            ),
        )?;
    }
    Ok(())
}

fn f1_slopes(f: Scalar) -> Outcome {
    let hint = tr(
        "the slope of 0.01x² + 0.1x is 0.02x + 0.1: 0.2 at x = 5, 0.3 at x = 10",
        "0.01x² + 0.1x의 기울기는 0.02x + 0.1입니다: x = 5에서 0.2, x = 10에서 0.3",
    );
    for (x, want) in [(5.0, 0.2), (10.0, 0.3)] {
        close_or(
            &tr(
                format!("its slope at {x:?} (dlfs's numerical_diff)"),
                format!("{x:?}에서의 기울기 (dlfs의 numerical_diff)"),
            ),
            dlfs::ch04::diff::numerical_diff(f, x),
            want,
            1e-9,
            &[],
            &hint,
        )?;
    }
    Ok(())
}

mod function_1 {
    use super::*;

    fn student(x: f64) -> f64 {
        s4_3::function_1(x)
    }

    #[test]
    fn values() {
        run(ex("function_1"), || f1_values(student));
    }

    #[test]
    fn slopes_are_the_books() {
        run(ex("function_1"), || f1_slopes(student));
    }
}

// ---- function_2 ----

fn f2_values(f: Vector) -> Outcome {
    for (p, y) in [
        ([3.0, 4.0], 25.0),
        ([-3.0, 4.0], 25.0),
        ([0.0, 0.0], 0.0),
        ([1.5, -2.0], 6.25),
    ] {
        close_or(
            &format!("function_2([{:?}, {:?}])", p[0], p[1]),
            f(&arr1(&p)),
            y,
            1e-12,
            &[
                mistake(
                    (p[0] + p[1]).powi(2),
                    tr(
                        "this squares the sum, (x0 + x1)²: square each coordinate, then add",
                        "합을 제곱했습니다, (x0 + x1)²: 각 좌표를 제곱한 뒤 더하세요",
                    ),
                ),
                mistake(
                    p[0].powi(2) + p[1],
                    tr(
                        "x1 is not squared: x0² + x1²",
                        "x1을 제곱하지 않았습니다: x0² + x1²",
                    ),
                ),
                mistake(
                    (p[0].powi(2) + p[1].powi(2)).sqrt(),
                    tr(
                        "this is the distance √(x0² + x1²): no square root",
                        "거리 √(x0² + x1²)입니다: 제곱근은 없습니다",
                    ),
                ),
            ],
            &tr(
                "expected x0² + x1² (4.3.3)",
                "x0² + x1²를 기대했습니다 (4.3.3)",
            ),
        )?;
    }
    Ok(())
}

fn f2_partials(f: Vector) -> Outcome {
    let hint = tr(
        "∂f/∂x0 = 2·x0 and ∂f/∂x1 = 2·x1 for f = x0² + x1²",
        "f = x0² + x1²이면 ∂f/∂x0 = 2·x0, ∂f/∂x1 = 2·x1입니다",
    );
    let d0 = dlfs::ch04::diff::numerical_diff(|x0| f(&arr1(&[x0, 4.0])), 3.0);
    let d1 = dlfs::ch04::diff::numerical_diff(|x1| f(&arr1(&[3.0, x1])), 4.0);
    close_or("∂f/∂x0 at (3, 4)", d0, 6.0, 1e-9, &[], &hint)?;
    close_or("∂f/∂x1 at (3, 4)", d1, 8.0, 1e-9, &[], &hint)
}

mod function_2 {
    use super::*;

    fn student(x: &Array1<f64>) -> f64 {
        s4_3::function_2(x)
    }

    #[test]
    fn values() {
        run(ex("function_2"), || f2_values(student));
    }

    #[test]
    fn partial_derivatives_are_6_and_8() {
        run(ex("function_2"), || f2_partials(student));
    }
}

// ---- best_h (find it out) ----

/// The error of the central difference for sin at 1 with step h.
fn sin_error(h: f64) -> f64 {
    (((1.0 + h).sin() - (1.0 - h).sin()) / (2.0 * h) - 1f64.cos()).abs()
}

fn best_h_check(h: f64) -> Outcome {
    // Run the experiment at the student's h: the finding must be a real minimum
    // region (error ≤ 1e-10, where 1e-4 gives 9e-10 and 1e-8 gives 3e-9).
    let err = sin_error(h);
    let ok = h > 1e-7 && h < 1e-4 && err <= 1e-10;
    let hint = if h.is_nan() || h <= 0.0 || !h.is_finite() {
        tr("h must be a positive number", "h는 양수여야 합니다")
    } else if (1e-4..1.5e-4).contains(&h) {
        tr(
            "1e-4 is the book's h: a safe choice, not the best one. Its error, 9e-10, is truncation (about h²·|f'''|/6); a smaller h shrinks it, until rounding (about ε·|f|/h) takes over",
            "1e-4는 책의 h입니다: 안전한 선택이지 최선은 아닙니다. 그 오차 9e-10은 절단 오차(약 h²·|f'''|/6)이므로 h를 줄이면 작아지다가 반올림 오차(약 ε·|f|/h)가 커집니다",
        )
    } else if h >= 1e-4 {
        tr(
            "this h is too large: the truncation error (about h²·|f'''|/6) dominates; try smaller ones",
            "h가 너무 큽니다: 절단 오차(약 h²·|f'''|/6)가 지배합니다. 더 작은 h를 시도하세요",
        )
    } else if h <= 1e-7 {
        tr(
            "this h is too small: rounding dominates (f(x+h) and f(x−h) agree in most digits, about ε·|f|/h of error); the best lies between, near ∛ε ≈ 6e-6",
            "h가 너무 작습니다: 반올림 오차(약 ε·|f|/h)가 지배합니다(f(x+h)와 f(x−h)의 자릿수 대부분이 같아짐). 최선은 그 사이, ∛ε ≈ 6e-6 근처입니다",
        )
    } else {
        tr(
            "your h is in the right region but its error is not among the smallest: compare the errors of 1e-5 and 1e-6",
            "h가 맞는 영역에 있지만 오차가 가장 작은 편이 아닙니다: 1e-5와 1e-6의 오차를 비교해 보세요",
        )
    };
    exercises::check::ensure(
        ok,
        &tr(
            format!("the central difference of sin at 1 with your h = {h:e} (error {err:e})"),
            format!("여러분의 h = {h:e}로 1에서 sin의 중심 차분 (오차 {err:e})"),
        ),
        tr(
            "an h between 1e-7 and 1e-4 whose error is at most 1e-10 (the smallest errors, near 1e-5..1e-6)",
            "오차가 1e-10 이하인 1e-7과 1e-4 사이의 h (가장 작은 오차, 1e-5..1e-6 근처)",
        ),
        format!("h = {h:e}"),
        &hint,
    )
}

mod best_h {
    use super::*;

    #[test]
    fn the_finding_gives_the_smallest_error() {
        run(ex("best_h"), || best_h_check(s4_3::best_h()));
    }
}

/// Correct answers as students write them: every one must pass every check.
#[cfg(feature = "solution")]
mod variants {
    use super::*;

    fn all_diff(d: Diff) {
        run(ex("numerical_diff"), || diff_book_numbers(d));
        run(ex("numerical_diff"), || diff_partials(d));
        run(ex("numerical_diff"), || diff_at_the_point(d));
    }

    #[test]
    fn numerical_diff_written_many_ways() {
        all_diff(|f, x| {
            let h = 1e-4;
            (f(x + h) - f(x - h)) / (2.0 * h)
        });
        all_diff(|f, x| {
            let h = 0.0001;
            let (a, b) = (f(x + h), f(x - h));
            (a - b) / (h + h)
        });
        all_diff(|f, x| (f(x + 1e-4) - f(x - 1e-4)) / 2e-4);
    }

    #[test]
    fn functions_written_many_ways() {
        for f in [
            |x: f64| 0.01 * x.powi(2) + 0.1 * x,
            |x: f64| 0.01 * x * x + 0.1 * x,
            |x: f64| 0.01 * x.powf(2.0) + 0.1 * x,
            |x: f64| x * (0.01 * x + 0.1),
        ] {
            run(ex("function_1"), || f1_values(f));
            run(ex("function_1"), || f1_slopes(f));
        }
        let f2s: [Vector; 4] = [
            |x| x[0].powi(2) + x[1].powi(2),
            |x| x[0] * x[0] + x[1] * x[1],
            |x| x.mapv(|v| v * v).sum(),
            |x| x.dot(x),
        ];
        for f in f2s {
            run(ex("function_2"), || f2_values(f));
            run(ex("function_2"), || f2_partials(f));
        }
    }

    #[test]
    fn best_h_found_in_several_ways() {
        // decades, the whole minimum region, half-decades
        for h in [1e-5, 1e-6, 3e-6, 6e-6, 3.162277660168379e-6, 2e-5] {
            run(ex("best_h"), || best_h_check(h));
        }
    }
}

/// Wrong but plausible answers: some check must turn each down, and its hint
/// must name the mistake.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use exercises::check::{hint_for, with_korean};

    fn en(check: impl FnOnce() -> Outcome) -> String {
        with_korean(false, || hint_for(check))
    }

    #[test]
    fn forward_difference() {
        let d: Diff = |f, x| (f(x + 1e-4) - f(x)) / 1e-4;
        assert!(en(|| diff_book_numbers(d)).contains("forward difference"));
        assert!(en(|| diff_at_the_point(d)).contains("forward difference"));
        let ko = with_korean(true, || hint_for(|| diff_book_numbers(d)));
        assert!(ko.contains("전방 차분"), "{ko}");
    }

    #[test]
    fn backward_difference() {
        let d: Diff = |f, x| (f(x) - f(x - 1e-4)) / 1e-4;
        let h = en(|| diff_at_the_point(d));
        assert!(h.contains("backward difference"), "{h}");
    }

    #[test]
    fn a_tiny_h() {
        let d: Diff = |f, x| (f(x + 10e-50) - f(x - 10e-50)) / (2.0 * 10e-50);
        let h = en(|| diff_book_numbers(d));
        assert!(h.contains("x + h == x"), "{h}");
    }

    #[test]
    fn forgetting_the_2_or_the_sign() {
        let no_two: Diff = |f, x| (f(x + 1e-4) - f(x - 1e-4)) / 1e-4;
        assert!(en(|| diff_book_numbers(no_two)).contains("twice the slope"));
        assert!(en(|| diff_partials(no_two)).contains("twice the slope"));
        let flipped: Diff = |f, x| (f(x - 1e-4) - f(x + 1e-4)) / (2.0 * 1e-4);
        assert!(en(|| diff_book_numbers(flipped)).contains("sign"));
    }

    #[test]
    fn an_unknown_wrong_derivative_gets_no_guess() {
        let h = en(|| diff_book_numbers(|_, _| 1.0));
        assert!(h.contains("matches none"), "{h}");
    }

    #[test]
    fn function_1_with_swapped_or_missing_terms() {
        assert!(en(|| f1_values(|x| 0.1 * x * x + 0.01 * x)).contains("swapped"));
        assert!(en(|| f1_values(|x| 0.01 * x * x + 0.1)).contains("0.1·x, not 0.1"));
        assert!(!en(|| f1_slopes(|x| 0.01 * x * x + 0.1)).is_empty());
    }

    #[test]
    fn function_2_squaring_the_sum_or_one_term() {
        assert!(en(|| f2_values(|x| (x[0] + x[1]).powi(2))).contains("squares the sum"));
        assert!(en(|| f2_values(|x| x[0].powi(2) + x[1])).contains("not squared"));
        assert!(!en(|| f2_partials(|x| x[0].powi(2) + x[1])).is_empty());
    }

    #[test]
    fn best_h_the_books_or_too_small_or_too_large() {
        assert!(en(|| best_h_check(1e-4)).contains("the book's h"));
        assert!(en(|| best_h_check(1e-8)).contains("too small"));
        assert!(en(|| best_h_check(1e-50)).contains("too small"));
        assert!(en(|| best_h_check(1e-2)).contains("too large"));
        assert!(en(|| best_h_check(1e-7)).contains("too small"));
    }
}

//! Checks for `src/s4_4.rs`, section 4.4 the gradient (기울기) and gradient
//! descent (경사 하강법).
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so that (with the `solution` feature, as CI runs them) the
//! `variants` module proves that the correct answers students write all pass,
//! and the `mutants` module proves that the usual wrong answers fail with a hint
//! that names the mistake.

use dlfs::ch04::gradient::function_2;
use exercises::check::{
    Exercise, Mistake, Outcome, close_array_or, ensure, exercise, float_note, mistake, run, tr,
};
use exercises::s4_4;
use ndarray::{Array1, arr1};

fn ex(name: &str) -> &'static Exercise {
    exercise("s4_4", name)
}

type Grad = fn(&dyn Fn(&Array1<f64>) -> f64, &mut Array1<f64>) -> Array1<f64>;
type Descent =
    fn(&dyn Fn(&Array1<f64>) -> f64, &Array1<f64>, f64, usize) -> (Array1<f64>, Vec<Array1<f64>>);

// ---- numerical_gradient ----

/// What the usual wrong gradients give for `f` at `p` (x is put back each time).
fn grad_mistakes(f: &dyn Fn(&Array1<f64>) -> f64, p: &Array1<f64>) -> Vec<Mistake<Array1<f64>>> {
    let h = 1e-4;
    let each = |g: &dyn Fn(&Array1<f64>, usize) -> f64| Array1::from_shape_fn(p.len(), |i| g(p, i));
    let at = |p: &Array1<f64>, i: usize, d: f64| {
        let mut q = p.clone();
        q[i] += d;
        f(&q)
    };
    vec![
        mistake(
            each(&|p, i| (at(p, i, h) - f(p)) / h),
            tr(
                "this is the forward difference (f(x+h) − f(x)) / h along each element: centre it, (f(x+h) − f(x−h)) / 2h",
                "원소마다 전방 차분 (f(x+h) − f(x)) / h를 썼습니다: 중심 차분 (f(x+h) − f(x−h)) / 2h로 바꾸세요",
            ),
        ),
        mistake(
            each(&|p, i| (at(p, i, h) - at(p, i, -h)) / h),
            tr(
                "this is twice the gradient: divide by 2h, not h",
                "기울기의 두 배입니다: h가 아니라 2h로 나누세요",
            ),
        ),
        mistake(
            each(&|p, i| (at(p, i, -h) - at(p, i, h)) / (2.0 * h)),
            tr(
                "the sign is flipped: f(x + h) − f(x − h), in that order",
                "부호가 반대입니다: f(x + h) − f(x − h) 순서입니다",
            ),
        ),
    ]
}

fn grad_book_numbers(g: Grad) -> Outcome {
    let otherwise = tr(
        "for each element i: save x[i], set x[i] + h, evaluate f, set x[i] − h, evaluate f, grad[i] = (f1 − f2) / 2h with h = 1e-4, put x[i] back; your values match none of the usual mistakes (4.4)",
        "원소 i마다: x[i]를 저장, x[i] + h로 f 계산, x[i] − h로 f 계산, grad[i] = (f1 − f2) / 2h (h = 1e-4), x[i] 복원. 흔한 실수 어느 것과도 맞지 않습니다 (4.4)",
    );
    let cases = [
        ([3.0, 4.0], [6.00000000000378, 7.999999999999119]),
        ([0.0, 2.0], [0.0, 4.000000000004]),
        ([3.0, 0.0], [6.000000000012662, 0.0]),
    ];
    for (p, want) in cases {
        let f = |x: &Array1<f64>| function_2(x);
        let mut x = arr1(&p);
        let got = g(&f, &mut x);
        close_array_or(
            &tr(
                format!(
                    "numerical_gradient(function_2, [{:?}, {:?}]) (the book prints {})",
                    p[0],
                    p[1],
                    arr1(&want).mapv(f64::round)
                ),
                format!(
                    "numerical_gradient(function_2, [{:?}, {:?}]) (책은 {} 출력)",
                    p[0],
                    p[1],
                    arr1(&want).mapv(f64::round)
                ),
            ),
            &got,
            &arr1(&want),
            1e-9,
            &grad_mistakes(&f, &arr1(&p)),
            &otherwise,
        )?;
    }
    Ok(())
}

fn grad_restores(g: Grad) -> Outcome {
    // x0·x1 + x2²: the slope along x1 is x0, so an x0 left at x0 − h shows up there.
    let x0 = arr1(&[1.0, 2.0, 3.0]);
    let mut x = x0.clone();
    let f = |x: &Array1<f64>| x[0] * x[1] + x[2] * x[2];
    let got = g(&f, &mut x);
    let h = 1e-4;
    // Mathematically x must come back; `x[i] += h; x[i] -= 2h; x[i] += h` may
    // land one rounding away, which is right (a floating-point note, not a failure).
    close_array_or(
        &tr(
            "x after the call (must be what it was before)",
            "호출 뒤의 x (호출 전과 같아야 함)",
        ),
        &x,
        &x0,
        1e-12,
        &[mistake(
            &x0 - h,
            tr(
                "every element was left at x[i] − h: the restore is missing; put x[i] back to its saved value before the next element",
                "모든 원소가 x[i] − h로 남았습니다: 복원이 빠졌습니다. 다음 원소로 가기 전에 저장한 값으로 되돌리세요",
            ),
        )],
        &tr(
            "x changed: put each element back to its saved value (x[i] = tmp) before moving on",
            "x가 바뀌었습니다: 다음 원소로 가기 전에 각 원소를 저장한 값으로 되돌리세요(x[i] = tmp)",
        ),
    )?;
    if x != x0 {
        float_note(
            ex("numerical_gradient"),
            &tr("x after the call", "호출 뒤의 x"),
            &x,
            &x0,
            &tr(
                "Your answer is right: x came back to within one rounding. Adding h, subtracting 2h and adding h again rounds at each step, so it can end one ulp away; saving x[i] and assigning it back restores it bit for bit (the book's way).",
                "정답입니다: x가 반올림 한 번 이내로 돌아왔습니다. h를 더하고 2h를 빼고 다시 h를 더하면 매번 반올림되어 1 ulp 어긋날 수 있습니다. x[i]를 저장했다가 그대로 대입하면 비트까지 같게 돌아옵니다(책의 방식).",
            ),
        );
    }
    close_array_or(
        &tr(
            "gradient of x0·x1 + x2² at (1, 2, 3)",
            "(1, 2, 3)에서 x0·x1 + x2²의 기울기",
        ),
        &got,
        &arr1(&[2.0, 1.0, 6.0]),
        1e-9,
        &[],
        &tr(
            "restore x[i] before you nudge the next element: a value left at x[i] − h changes the next partial derivative",
            "다음 원소를 움직이기 전에 x[i]를 복원하세요: x[i] − h로 남은 값이 다음 편미분을 바꿉니다",
        ),
    )
}

fn grad_any_length(g: Grad) -> Outcome {
    let p = arr1(&[0.5, -1.0, 2.0, 1.5, 0.25]);
    let f = |w: &Array1<f64>| w.mapv(|v| v.powi(3)).sum();
    let mut x = p.clone();
    let got = g(&f, &mut x);
    close_array_or(
        &tr(
            "gradient of Σ x³ for 5 elements (3x²)",
            "원소 5개에 대한 Σ x³의 기울기 (3x²)",
        ),
        &got,
        &p.mapv(|v| 3.0 * v * v),
        1e-6,
        &grad_mistakes(&f, &p),
        &tr(
            "visit every index 0..x.len() and return one slope per element",
            "0..x.len()의 모든 인덱스를 방문해 원소마다 기울기 하나를 돌려주세요",
        ),
    )
}

mod numerical_gradient {
    use super::*;

    fn student(f: &dyn Fn(&Array1<f64>) -> f64, x: &mut Array1<f64>) -> Array1<f64> {
        s4_4::numerical_gradient(f, x)
    }

    #[test]
    fn book_numbers() {
        run(ex("numerical_gradient"), || grad_book_numbers(student));
    }

    #[test]
    fn restores_every_element() {
        run(ex("numerical_gradient"), || grad_restores(student));
    }

    #[test]
    fn works_for_any_length() {
        run(ex("numerical_gradient"), || grad_any_length(student));
    }
}

// ---- gradient_descent ----

fn descent_mistakes(init: &Array1<f64>, lr: f64, n: usize) -> Vec<Mistake<Array1<f64>>> {
    let run = |factor: f64, steps: usize| init * factor.powi(steps as i32);
    vec![
        mistake(
            run(1.0 + 2.0 * lr, n),
            tr(
                "the steps go uphill: x ← x − lr·∇f(x), minus, against the gradient",
                "오르막으로 갔습니다: x ← x − lr·∇f(x), 기울기의 반대(빼기)입니다",
            ),
        )
        .roughly(1e-3),
        mistake(
            run(1.0 - 2.0 * lr, n - 1),
            tr(
                "one step short: take exactly step_num steps",
                "한 걸음 모자랍니다: 정확히 step_num번 움직이세요",
            ),
        )
        .roughly(1e-6),
        mistake(
            run(1.0 - 2.0 * lr, n + 1),
            tr(
                "one step too many: take exactly step_num steps",
                "한 걸음 많습니다: 정확히 step_num번 움직이세요",
            ),
        )
        .roughly(1e-6),
        mistake(
            run(1.0 - 2.0, n),
            tr(
                "the learning rate is missing: x ← x − lr·∇f(x)",
                "학습률이 빠졌습니다: x ← x − lr·∇f(x)",
            ),
        )
        .roughly(1e-3),
    ]
}

fn descent_book_numbers(d: Descent) -> Outcome {
    let init = arr1(&[-3.0, 4.0]);
    let f = |x: &Array1<f64>| function_2(x);
    let otherwise = tr(
        "expected 100 steps of x ← x − lr·∇f(x); on this bowl each step multiplies x by (1 − 2·lr) (4.4.1)",
        "x ← x − lr·∇f(x)를 100번 기대했습니다. 이 그릇에서는 한 걸음마다 x에 (1 − 2·lr)이 곱해집니다 (4.4.1)",
    );
    let (x, _) = d(&f, &init, 0.1, 100);
    // The mathematics: (−3, 4)·0.8^100 ≈ (−6.1e-10, 8.1e-10), to a relative 1e-6.
    let want = arr1(&[-6.111107928998789e-10, 8.148143905314271e-10]);
    close_array_or(
        "gradient_descent(function_2, [-3, 4], lr = 0.1, step_num = 100)",
        &x,
        &want,
        1e-15,
        &descent_mistakes(&init, 0.1, 100),
        &otherwise,
    )?;
    let (x, _) = d(&f, &init, 1e-10, 100);
    close_array_or(
        &tr(
            "lr = 1e-10 (too small: it hardly moves)",
            "lr = 1e-10 (너무 작아서 거의 움직이지 않음)",
        ),
        &x,
        &arr1(&[-2.999999939999995, 3.9999999199999934]),
        1e-12,
        &descent_mistakes(&init, 1e-10, 100),
        &otherwise,
    )
}

fn descent_too_large(d: Descent) -> Outcome {
    let f = |x: &Array1<f64>| function_2(x);
    let init = arr1(&[-3.0, 4.0]);
    let (x, _) = d(&f, &init, 10.0, 100);
    let (later, _) = d(&f, &init, 10.0, 120);
    // The mathematics: with lr = 10 each step multiplies x by about −19, until
    // |x| passes 2^40 ≈ 1.1e12: then x + h == x, the numerical gradient is 0, and
    // x stays where it is. Which exact value it stops at depends on the rounding
    // on the way (how x is nudged and put back), so the check asks for the
    // freeze, and the book's digits are a note.
    let frozen = x
        .iter()
        .all(|v| v.is_finite() && v.abs() > 1e11 && v.abs() < 1e16)
        && later == x;
    let book = arr1(&[-2.5898374737328363e13, -1.2952486168965398e12]);
    let hint = if x.iter().any(|v| !v.is_finite()) || x.iter().any(|v| v.abs() >= 1e16) {
        tr(
            "it ran off without freezing: that happens with the exact gradient 2x; the numerical gradient (central difference, h = 1e-4) becomes exactly 0 once x + h == x",
            "멈추지 않고 발산했습니다: 정확한 기울기 2x를 쓰면 그렇습니다. 수치 기울기(중심 차분, h = 1e-4)는 x + h == x가 되는 순간 정확히 0이 됩니다",
        )
    } else if x.iter().all(|v| v.abs() < 1e11) {
        tr(
            "lr = 10 should blow up: each step multiplies x by (1 − 2·10) = −19; did you step uphill or scale the step differently?",
            "lr = 10이면 발산해야 합니다: 한 걸음마다 x에 (1 − 2·10) = −19가 곱해집니다. 오르막으로 갔거나 걸음 크기를 다르게 했나요?",
        )
    } else {
        tr(
            "x must stop moving once |x| > 2^40 (x + h == x, so the gradient is 0): 120 steps must end where 100 did",
            "|x| > 2^40이 되면 x가 멈춰야 합니다(x + h == x라 기울기가 0): 120걸음과 100걸음의 결과가 같아야 합니다",
        )
    };
    ensure(
        frozen,
        &tr(
            "lr = 10.0, 100 and 120 steps (too large: it leaves the bowl, then freezes)",
            "lr = 10.0, 100걸음과 120걸음 (너무 큼: 그릇을 벗어난 뒤 멈춤)",
        ),
        tr(
            "a finite x with |x| beyond 1e11 that no longer moves (the book: [-2.58983747e+13 -1.29524862e+12])",
            "|x|가 1e11을 넘고 더는 움직이지 않는 유한한 x (책: [-2.58983747e+13 -1.29524862e+12])",
        ),
        format!("{x} after 100 steps, {later} after 120"),
        &hint,
    )?;
    if x != book {
        float_note(
            ex("gradient_descent"),
            "lr = 10.0",
            &x,
            &book,
            &tr(
                "Your answer is right: it froze, as the book's did. Where it freezes depends on each rounding on the way: x[i] + h, then − 2h, then + h back does not always land on the x you started from, and a cancellation error of one ulp of f over 2h is already large there. The book's digits come from saving x[i] and restoring it exactly (4.4.1, lr = 10).",
                "정답입니다: 책처럼 멈췄습니다. 어디서 멈추는지는 도중의 반올림에 달려 있습니다: x[i] + h, − 2h, 다시 + h는 늘 원래 x로 돌아오지 않고, 그 크기에서는 f의 1 ulp를 2h로 나눈 상쇄 오차가 이미 큽니다. 책의 숫자는 x[i]를 저장했다가 그대로 되돌린 결과입니다 (4.4.1, lr = 10).",
            ),
        );
    }
    Ok(())
}

fn descent_path(d: Descent) -> Outcome {
    let init = arr1(&[-3.0, 4.0]);
    let (x, path) = d(&|x: &Array1<f64>| function_2(x), &init, 0.1, 20);
    let hint = if path.len() == 20 && path.first() != Some(&init) {
        tr(
            "the start is missing: push init_x before the first step",
            "시작점이 빠졌습니다: 첫 걸음 전에 init_x를 넣으세요",
        )
    } else {
        tr(
            "push init_x before the first step and x after every step",
            "첫 걸음 전에 init_x를, 걸음마다 x를 넣으세요",
        )
    };
    ensure(
        path.len() == 21,
        &tr("the path of 20 steps", "20걸음의 경로"),
        tr(
            "21 points (the start and one after each step)",
            "점 21개 (시작점과 걸음마다 하나)",
        ),
        tr(
            format!("{} points", path.len()),
            format!("점 {}개", path.len()),
        ),
        &hint,
    )?;
    close_array_or(
        "path[0]",
        &path[0],
        &init,
        0.0,
        &[],
        &tr("the path starts at init_x", "경로는 init_x에서 시작합니다"),
    )?;
    close_array_or(
        &tr(
            "path[1] (one step of lr = 0.1 shrinks x by 1 − 2·0.1 = 0.8)",
            "path[1] (lr = 0.1 한 걸음은 x를 1 − 2·0.1 = 0.8배로)",
        ),
        &path[1],
        &arr1(&[-2.4, 3.2]),
        1e-9,
        &descent_mistakes(&init, 0.1, 1)[..1],
        &tr(
            "x ← x − lr·∇f(x), and ∇f = (2x0, 2x1) here",
            "x ← x − lr·∇f(x), 여기서 ∇f = (2x0, 2x1)",
        ),
    )?;
    close_array_or(
        &tr("the last point of the path", "경로의 마지막 점"),
        &path[20],
        &x,
        0.0,
        &[],
        &tr(
            "the path ends at the x you return",
            "경로는 돌려주는 x에서 끝납니다",
        ),
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
        run(ex("gradient_descent"), || descent_book_numbers(student));
    }

    #[test]
    fn a_learning_rate_of_10_leaves_the_bowl_and_freezes() {
        run(ex("gradient_descent"), || descent_too_large(student));
    }

    #[test]
    fn returns_every_point_visited() {
        run(ex("gradient_descent"), || descent_path(student));
    }
}

// ---- largest_converging_lr (find it out) ----

fn converges(lr: f64) -> bool {
    let init = arr1(&[-3.0, 4.0]);
    // generous: 5000 steps, half the start's f (the stub's own test is stricter)
    let (x, _) = dlfs::ch04::gradient::gradient_descent(function_2, &init, lr, 5000);
    function_2(&x) < 0.5 * function_2(&init)
}

fn lr_check(lr: f64) -> Outcome {
    // Check the finding by running it: it converges, and it is near the edge
    // (the edge is lr = 1, where each step maps x to −x).
    let ok = (0.9..1.0).contains(&lr) && converges(lr);
    let hint = if !lr.is_finite() || lr <= 0.0 {
        tr(
            "a learning rate is a positive number: lr ≤ 0 stands still or climbs",
            "학습률은 양수입니다: lr ≤ 0이면 제자리이거나 오르막입니다",
        )
    } else if lr == 1.0 {
        tr(
            "at lr = 1.0 each step maps x to (1 − 2)·x = −x: it bounces between (−3, 4) and (3, −4) for ever, it does not converge",
            "lr = 1.0이면 한 걸음마다 x가 (1 − 2)·x = −x가 됩니다: (−3, 4)와 (3, −4) 사이를 영원히 오가며 수렴하지 않습니다",
        )
    } else if lr > 1.0 {
        tr(
            "this learning rate diverges: |1 − 2·lr| > 1, so every step moves x further out; look below 1",
            "이 학습률은 발산합니다: |1 − 2·lr| > 1이라 걸음마다 x가 멀어집니다. 1보다 작은 쪽을 보세요",
        )
    } else {
        tr(
            format!(
                "lr = {lr} converges, but larger ones still do (0.95 does): look closer to where it stops converging"
            ),
            format!(
                "lr = {lr}은 수렴하지만 더 큰 값도 수렴합니다(0.95도): 수렴이 멈추는 곳에 더 가까이 가 보세요"
            ),
        )
    };
    ensure(
        ok,
        &tr(
            format!("your largest converging learning rate, {lr}, run for 1000 steps from (−3, 4)"),
            format!("여러분이 찾은 가장 큰 수렴 학습률 {lr}, (−3, 4)에서 1000걸음"),
        ),
        tr(
            "a learning rate that converges, between 0.9 and 1.0 (1.0 itself does not)",
            "수렴하는 0.9와 1.0 사이의 학습률 (1.0 자체는 수렴하지 않음)",
        ),
        format!("{lr}"),
        &hint,
    )
}

mod largest_converging_lr {
    use super::*;

    #[test]
    fn the_finding_converges_and_sits_at_the_edge() {
        run(ex("largest_converging_lr"), || {
            lr_check(s4_4::largest_converging_lr())
        });
    }
}

/// Correct answers as students write them: every one must pass every check.
#[cfg(feature = "solution")]
mod variants {
    use super::*;

    fn all_grad(g: Grad) {
        run(ex("numerical_gradient"), || grad_book_numbers(g));
        run(ex("numerical_gradient"), || grad_restores(g));
        run(ex("numerical_gradient"), || grad_any_length(g));
    }

    #[test]
    fn numerical_gradient_written_many_ways() {
        // the book's: save, +h, −h, restore
        all_grad(|f, x| {
            let h = 1e-4;
            let mut grad = Array1::zeros(x.len());
            for i in 0..x.len() {
                let tmp = x[i];
                x[i] = tmp + h;
                let f1 = f(x);
                x[i] = tmp - h;
                let f2 = f(x);
                grad[i] = (f1 - f2) / (2.0 * h);
                x[i] = tmp;
            }
            grad
        });
        // += h, −= 2h, += h back
        all_grad(|f, x| {
            let h = 1e-4;
            let mut grad = Array1::zeros(x.len());
            for i in 0..x.len() {
                x[i] += h;
                let f1 = f(x);
                x[i] -= 2.0 * h;
                let f2 = f(x);
                x[i] += h;
                grad[i] = (f1 - f2) / (2.0 * h);
            }
            grad
        });
        // clones, never touching x
        all_grad(|f, x| {
            let h = 1e-4;
            Array1::from_shape_fn(x.len(), |i| {
                let mut up = x.clone();
                up[i] += h;
                let mut down = x.clone();
                down[i] -= h;
                (f(&up) - f(&down)) / (2.0 * h)
            })
        });
        // an iterator over the indices, collected
        all_grad(|f, x| {
            let h = 1e-4;
            let v: Vec<f64> = (0..x.len())
                .map(|i| {
                    let tmp = x[i];
                    x[i] = tmp + h;
                    let f1 = f(x);
                    x[i] = tmp - h;
                    let f2 = f(x);
                    x[i] = tmp;
                    (f1 - f2) / (2.0 * h)
                })
                .collect();
            Array1::from(v)
        });
    }

    fn all_descent(d: Descent) {
        run(ex("gradient_descent"), || descent_book_numbers(d));
        run(ex("gradient_descent"), || descent_too_large(d));
        run(ex("gradient_descent"), || descent_path(d));
    }

    /// A gradient with `+= h; −= 2h; += h` (its rounding differs at |x| ~ 1e12).
    fn grad_plus_minus(f: &dyn Fn(&Array1<f64>) -> f64, x: &mut Array1<f64>) -> Array1<f64> {
        let h = 1e-4;
        let mut grad = Array1::zeros(x.len());
        for i in 0..x.len() {
            x[i] += h;
            let f1 = f(x);
            x[i] -= 2.0 * h;
            let f2 = f(x);
            x[i] += h;
            grad[i] = (f1 - f2) / (2.0 * h);
        }
        grad
    }

    #[test]
    fn gradient_descent_written_many_ways() {
        // x -= &(lr * &grad)
        all_descent(|f, init, lr, n| {
            let mut x = init.clone();
            let mut path = vec![x.clone()];
            for _ in 0..n {
                let grad = dlfs::ch04::gradient::numerical_gradient(f, &mut x);
                x -= &(lr * &grad);
                path.push(x.clone());
            }
            (x, path)
        });
        // x = x - grad * lr, and the += h / −= 2h gradient: the case
        all_descent(|f, init, lr, n| {
            let mut x = init.clone();
            let mut path = vec![x.clone()];
            for _ in 0..n {
                let grad = grad_plus_minus(f, &mut x);
                x = &x - &(grad * lr);
                path.push(x.clone());
            }
            (x, path)
        });
        // element by element
        all_descent(|f, init, lr, n| {
            let mut x = init.clone();
            let mut path = Vec::new();
            path.push(x.clone());
            for _ in 0..n {
                let grad = dlfs::ch04::gradient::numerical_gradient(f, &mut x);
                for i in 0..x.len() {
                    x[i] -= lr * grad[i];
                }
                path.push(x.clone());
            }
            (x, path)
        });
        // zip and map into a new array
        all_descent(|f, init, lr, n| {
            let mut path = vec![init.clone()];
            for _ in 0..n {
                let mut x = path.last().unwrap().clone();
                let grad = dlfs::ch04::gradient::numerical_gradient(f, &mut x);
                let next: Array1<f64> = x.iter().zip(&grad).map(|(v, g)| v - lr * g).collect();
                path.push(next);
            }
            (path.last().unwrap().clone(), path)
        });
    }

    #[test]
    fn the_edge_found_in_several_ways() {
        for lr in [0.99, 0.999, 0.9999, 0.95, 0.9] {
            run(ex("largest_converging_lr"), || lr_check(lr));
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

    /// A numerical gradient with the chosen mistakes.
    fn grad(
        f: &dyn Fn(&Array1<f64>) -> f64,
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
        let h = en(|| grad_book_numbers(|f, x| grad(f, x, true, true)));
        assert!(h.contains("forward difference"), "{h}");
        let h = with_korean(true, || {
            hint_for(|| grad_book_numbers(|f, x| grad(f, x, true, true)))
        });
        assert!(h.contains("전방 차분"), "{h}");
    }

    #[test]
    fn gradient_without_restoring() {
        let h = en(|| grad_restores(|f, x| grad(f, x, false, false)));
        assert!(h.contains("restore is missing"), "{h}");
    }

    #[test]
    fn gradient_divided_by_h() {
        let h = en(|| {
            grad_book_numbers(|f, x| {
                let g = grad(f, x, false, true);
                2.0 * g
            })
        });
        assert!(h.contains("twice the gradient"), "{h}");
    }

    #[test]
    fn gradient_of_the_first_element_only() {
        let h = en(|| {
            grad_any_length(|f, x| {
                let mut g = Array1::zeros(x.len());
                let tmp = x[0];
                x[0] = tmp + 1e-4;
                let f1 = f(x);
                x[0] = tmp - 1e-4;
                g[0] = (f1 - f(x)) / 2e-4;
                x[0] = tmp;
                g
            })
        });
        assert!(h.contains("every index"), "{h}");
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
        let h = en(|| descent_book_numbers(|f, x, lr, n| descent(f, x, lr, n, -1.0, 0, true)));
        assert!(h.contains("uphill"), "{h}");
        let h = en(|| descent_path(|f, x, lr, n| descent(f, x, lr, n, -1.0, 0, true)));
        assert!(h.contains("uphill"), "{h}");
        let h = with_korean(true, || {
            hint_for(|| descent_book_numbers(|f, x, lr, n| descent(f, x, lr, n, -1.0, 0, true)))
        });
        assert!(h.contains("오르막"), "{h}");
    }

    #[test]
    fn one_step_short() {
        let h = en(|| descent_book_numbers(|f, x, lr, n| descent(f, x, lr, n, 1.0, 1, true)));
        assert!(h.contains("one step short"), "{h}");
    }

    #[test]
    fn a_path_without_its_start() {
        let h = en(|| descent_path(|f, x, lr, n| descent(f, x, lr, n, 1.0, 0, false)));
        assert!(h.contains("start is missing"), "{h}");
    }

    #[test]
    fn the_exact_gradient_instead_of_the_numerical_one() {
        // 2x never vanishes, so lr = 10 runs off to 3·19^100 instead of freezing.
        let h = en(|| {
            descent_too_large(|_, init, lr, n| {
                let mut x = init.clone();
                let mut path = vec![x.clone()];
                for _ in 0..n {
                    x = &x - &(lr * 2.0 * &x);
                    path.push(x.clone());
                }
                (x, path)
            })
        });
        assert!(h.contains("exact gradient"), "{h}");
    }

    #[test]
    fn edges_that_are_not_the_edge() {
        assert!(en(|| lr_check(1.0)).contains("bounces"));
        assert!(en(|| lr_check(1.1)).contains("diverges"));
        assert!(en(|| lr_check(0.5)).contains("larger ones still do"));
        assert!(en(|| lr_check(-0.1)).contains("positive"));
        assert!(with_korean(true, || hint_for(|| lr_check(1.0))).contains("수렴하지 않습니다"));
    }
}

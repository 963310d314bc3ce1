//! Checks for `src/s4_2.rs`, section 4.2 loss functions (손실 함수).
//!
//! Each test runs one check against your function. The checks take the function
//! as an argument, so the `mutants` module at the bottom (run by CI with the
//! `solution` feature) can prove that the usual wrong answers fail them.

use exercises::check::{Exercise, Outcome, close, run};
use exercises::s4_2;
use ndarray::{Array1, Array2, Axis, arr1, stack};

const MSE: Exercise = Exercise {
    name: "mean_squared_error",
    section: "4.2.1",
    file: "src/s4_2.rs",
    task: "E = ½ Σ_k (y_k − t_k)² for an output y and a one-hot label t.",
};
const CEE: Exercise = Exercise {
    name: "cross_entropy_error",
    section: "4.2.2",
    file: "src/s4_2.rs",
    task: "E = −Σ_k t_k log(y_k + δ) with δ = 1e-7.",
};
const BATCH: Exercise = Exercise {
    name: "cross_entropy_error_batch",
    section: "4.2.4",
    file: "src/s4_2.rs",
    task: "E = −(1/N) Σ_n Σ_k t_nk log(y_nk + δ) over the N rows of a mini-batch.",
};
const LABELS: Exercise = Exercise {
    name: "cross_entropy_error_labels",
    section: "4.2.4",
    file: "src/s4_2.rs",
    task: "E = −(1/N) Σ_n log(y[n, t_n] + δ) with class-number labels t.",
};

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
type Labels1 = fn(&Array1<f64>, &[usize]) -> f64;

// ---- mean_squared_error ----

fn mse_book_numbers(f: Loss1) -> Outcome {
    let (t, y1, y2) = book();
    let hint = "E = ½ Σ (y_k − t_k)²: square each difference, add them all up, then halve; twice the answer means the ½ is missing";
    close(
        "the book's y1 (bets 0.6 on the right answer '2')",
        f(&y1, &t),
        0.0975,
        1e-12,
        hint,
    )?;
    close(
        "the book's y2 (bets 0.6 on the wrong answer '7')",
        f(&y2, &t),
        0.5975,
        1e-12,
        hint,
    )
}

fn mse_perfect_and_growing(f: Loss1) -> Outcome {
    let t = arr1(&[0., 1., 0.]);
    let hint = "E is 0 when y = t, and grows with the square of the difference";
    close("y = t exactly", f(&t, &t), 0.0, 1e-15, hint)?;
    close(
        "y = [0, 0.5, 0] (off by 0.5 in one place)",
        f(&arr1(&[0., 0.5, 0.]), &t),
        0.125,
        1e-15,
        hint,
    )?;
    close(
        "y = [0.5, 0.5, 0.5] (off by 0.5 everywhere)",
        f(&arr1(&[0.5, 0.5, 0.5]), &t),
        0.375,
        1e-15,
        "add the squared differences of every element, then halve; do not divide by the number of elements",
    )
}

mod mean_squared_error {
    use super::*;

    fn student(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
        s4_2::mean_squared_error(y, t)
    }

    #[test]
    fn book_numbers() {
        run(&MSE, || mse_book_numbers(student));
    }

    #[test]
    fn zero_when_perfect_and_growing_with_the_error() {
        run(&MSE, || mse_perfect_and_growing(student));
    }
}

// ---- cross_entropy_error ----

fn cee_book_numbers(f: Loss1) -> Outcome {
    let (t, y1, y2) = book();
    let hint =
        "E = −Σ t_k log(y_k + δ), δ = 1e-7, natural log (f64::ln); the δ shows in the 7th digit";
    close("the book's y1", f(&y1, &t), 0.510825457099338, 1e-12, hint)?;
    close("the book's y2", f(&y2, &t), 2.302584092994546, 1e-12, hint)
}

fn cee_finite_at_zero(f: Loss1) -> Outcome {
    let t = arr1(&[0., 1.]);
    let y = arr1(&[1.0, 0.0]);
    close(
        "y gives probability 0 to the right answer",
        f(&y, &t),
        -(1e-7f64).ln(),
        1e-9,
        "add δ = 1e-7 inside the log: log(0) is −∞, log(0 + δ) is about −16.1",
    )
}

mod cross_entropy_error {
    use super::*;

    fn student(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
        s4_2::cross_entropy_error(y, t)
    }

    #[test]
    fn book_numbers() {
        run(&CEE, || cee_book_numbers(student));
    }

    #[test]
    fn stays_finite_when_a_probability_is_zero() {
        run(&CEE, || cee_finite_at_zero(student));
    }
}

// ---- cross_entropy_error_batch ----

fn batch_book_rows(f: Loss2) -> Outcome {
    let (y, t) = book_batch();
    close(
        "the book's y1 and y2 as a batch of 2 rows",
        f(&y, &t),
        1.406704775046942,
        1e-12,
        "average over the rows: divide the sum by N = number of rows (y.nrows()), not by the number of elements; 2.813… means you summed without dividing",
    )
}

fn batch_is_mean_of_rows(f: Loss2) -> Outcome {
    let y = Array2::from_shape_fn((4, 3), |(i, j)| 0.1 + 0.2 * ((i + 2 * j) % 4) as f64);
    let t = Array2::from_shape_fn((4, 3), |(i, j)| if j == i % 3 { 1.0 } else { 0.0 });
    let rows: Vec<f64> = (0..4)
        .map(|n| dlfs::ch04::loss::cross_entropy_error(&y.row(n), &t.row(n)))
        .collect();
    let want = rows.iter().sum::<f64>() / 4.0;
    close(
        "a batch of 4 rows, 3 classes",
        f(&y, &t),
        want,
        1e-12,
        "the batch loss is the mean of the single-row losses: −(1/N) Σ_n Σ_k t_nk log(y_nk + δ)",
    )
}

mod cross_entropy_error_batch {
    use super::*;

    fn student(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
        s4_2::cross_entropy_error_batch(y, t)
    }

    #[test]
    fn book_numbers() {
        run(&BATCH, || batch_book_rows(student));
    }

    #[test]
    fn averages_over_the_rows() {
        run(&BATCH, || batch_is_mean_of_rows(student));
    }

    #[test]
    fn a_1d_output_is_a_batch_of_one() {
        run(&BATCH, || {
            let (t, y1, _) = book();
            close(
                "the book's y1 as a 1-D array",
                s4_2::cross_entropy_error_batch(&y1, &t),
                0.510825457099338,
                1e-12,
                "for a 1-D y, N = 1 (the book reshapes it to one row); use y.ndim() to tell",
            )
        });
    }
}

// ---- cross_entropy_error_labels ----

fn labels_book(f: Labels2) -> Outcome {
    let (y, _) = book_batch();
    let hint = "pick y[[n, t[n]]] for each row n, take −log(· + δ), and average over the rows";
    close(
        "the book's batch with labels [2, 2]",
        f(&y, &[2, 2]),
        1.406704775046942,
        1e-12,
        hint,
    )?;
    close(
        "the book's batch with labels [7, 2] (each row gives its label 0.1)",
        f(&y, &[7, 2]),
        -((0.1f64 + 1e-7).ln() + (0.1f64 + 1e-7).ln()) / 2.0,
        1e-12,
        "row n's label is t[n]: the output you need is y[[n, t[n]]]",
    )
}

fn labels_zero_prob(f: Labels2) -> Outcome {
    let y = Array2::from_shape_vec((2, 3), vec![0.0, 0.5, 0.5, 0.2, 0.0, 0.8]).unwrap();
    close(
        "a batch where row 0 gives probability 0 to its label",
        f(&y, &[0, 2]),
        -((1e-7f64).ln() + (0.8f64 + 1e-7).ln()) / 2.0,
        1e-9,
        "add δ = 1e-7 inside the log, as in cross_entropy_error",
    )
}

mod cross_entropy_error_labels {
    use super::*;

    fn student(y: &Array2<f64>, t: &[usize]) -> f64 {
        s4_2::cross_entropy_error_labels(y, t)
    }

    #[test]
    fn book_numbers() {
        run(&LABELS, || labels_book(student));
    }

    #[test]
    fn stays_finite_when_a_probability_is_zero() {
        run(&LABELS, || labels_zero_prob(student));
    }

    #[test]
    fn a_1d_output_is_a_batch_of_one() {
        run(&LABELS, || {
            let f: Labels1 = |y, t| s4_2::cross_entropy_error_labels(y, t);
            let (_, y1, _) = book();
            close(
                "the book's y1 as a 1-D array, label [2]",
                f(&y1, &[2]),
                0.510825457099338,
                1e-12,
                "for a 1-D y, N = 1 and the output you need is y[t[0]]",
            )
        });
    }
}

/// Wrong but plausible answers, each of which some check must turn down.
#[cfg(feature = "solution")]
mod mutants {
    use super::*;
    use exercises::check::rejects;

    fn sq(d: f64) -> f64 {
        d * d
    }

    #[test]
    fn squared_error_without_the_half() {
        assert!(rejects(|| mse_book_numbers(|y, t| (y - t).mapv(sq).sum())));
    }

    #[test]
    fn squared_error_as_a_mean() {
        assert!(rejects(|| mse_perfect_and_growing(|y, t| (y - t)
            .mapv(sq)
            .mean()
            .unwrap())));
    }

    #[test]
    fn cross_entropy_without_the_delta() {
        let f: Loss1 = |y, t| -(t * &y.mapv(f64::ln)).sum();
        assert!(rejects(|| cee_book_numbers(f)));
        assert!(rejects(|| cee_finite_at_zero(f)));
    }

    #[test]
    fn cross_entropy_without_the_minus_or_with_log10() {
        assert!(rejects(|| cee_book_numbers(|y, t| (t * &y
            .mapv(|v| (v + 1e-7).ln()))
            .sum())));
        assert!(rejects(|| cee_book_numbers(|y, t| -(t * &y
            .mapv(|v| (v + 1e-7).log10()))
            .sum())));
    }

    #[test]
    fn batch_summed_instead_of_averaged() {
        let f: Loss2 = |y, t| -(t * &y.mapv(|v| (v + 1e-7).ln())).sum();
        assert!(rejects(|| batch_book_rows(f)));
        assert!(rejects(|| batch_is_mean_of_rows(f)));
    }

    #[test]
    fn batch_divided_by_the_number_of_elements() {
        let f: Loss2 = |y, t| -(t * &y.mapv(|v| (v + 1e-7).ln())).sum() / y.len() as f64;
        assert!(rejects(|| batch_book_rows(f)));
    }

    #[test]
    fn labels_summed_or_indexed_the_wrong_way() {
        let summed: Labels2 = |y, t| {
            -t.iter()
                .enumerate()
                .map(|(n, &k)| (y[[n, k]] + 1e-7).ln())
                .sum::<f64>()
        };
        assert!(rejects(|| labels_book(summed)));
        // always the first row's output
        let first_row: Labels2 =
            |y, t| -t.iter().map(|&k| (y[[0, k]] + 1e-7).ln()).sum::<f64>() / t.len() as f64;
        assert!(rejects(|| labels_book(first_row)));
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
        assert!(rejects(|| labels_zero_prob(f)));
    }
}

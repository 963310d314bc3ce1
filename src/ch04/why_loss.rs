//! 4.2.5 Why a loss function and not accuracy (왜 손실 함수를 설정하는가?): sweep one
//! weight of the 4.4.2 net over a small batch, and watch the loss move smoothly
//! while the accuracy stays flat and then jumps.

use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::ch04::loss::{argmax_rows, cross_entropy_error_labels};
use crate::common::functions::softmax;

/// The weights the book printed for simpleNet in 4.4.2.
pub fn book_w() -> Array2<f64> {
    ndarray::arr2(&[
        [0.47355232, 0.9977393, 0.84668094],
        [0.85557411, 0.03563661, 0.69422093],
    ])
}

/// The weight we sweep: w[0][2], the one joining input 0 to class 2.
pub const SWEPT: (usize, usize) = (0, 2);

/// A small batch for the 4.4.2 net: `n` inputs drawn from a standard normal
/// distribution (seeded), labelled by a "teacher" net whose only difference from
/// the book's weights is w[0][2] = 2. So the best value of the swept weight is
/// near 2, and the labels are ones the net can get right.
pub fn sweep_batch(n: usize, seed: u64) -> (Array2<f64>, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let x = Array2::from_shape_simple_fn((n, 2), || StandardNormal.sample(&mut rng));
    let mut teacher = book_w();
    teacher[SWEPT] = 2.0;
    let t = argmax_rows(&x.dot(&teacher));
    (x, t)
}

// ANCHOR: loss_and_accuracy
/// The mean cross-entropy of the net with weights `w` on the batch.
pub fn loss(w: &Array2<f64>, x: &Array2<f64>, t: &[usize]) -> f64 {
    cross_entropy_error_labels(&softmax(&x.dot(w)), t)
}

/// The fraction of the batch the net classifies right: it only changes when
/// some input's top class changes, so it is flat almost everywhere.
pub fn accuracy(w: &Array2<f64>, x: &Array2<f64>, t: &[usize]) -> f64 {
    let predicted = argmax_rows(&x.dot(w));
    let right = predicted.iter().zip(t).filter(|(p, t)| p == t).count();
    right as f64 / t.len() as f64
}
// ANCHOR_END: loss_and_accuracy

/// One point of the sweep: the swept weight's value, the loss and the accuracy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepPoint {
    pub w: f64,
    pub loss: f64,
    pub accuracy: f64,
}

/// Sets w[`SWEPT`] to each of `values` in turn (the other weights stay at
/// `w`'s), and measures the loss and the accuracy there.
pub fn sweep(w: &Array2<f64>, values: &[f64], x: &Array2<f64>, t: &[usize]) -> Vec<SweepPoint> {
    let mut w = w.clone();
    values
        .iter()
        .map(|&v| {
            w[SWEPT] = v;
            SweepPoint {
                w: v,
                loss: loss(&w, x, t),
                accuracy: accuracy(&w, x, t),
            }
        })
        .collect()
}

/// `n + 1` evenly spaced values from `a` to `b` (both included).
pub fn linspace(a: f64, b: f64, n: usize) -> Vec<f64> {
    (0..=n).map(|i| a + (b - a) * i as f64 / n as f64).collect()
}

/// The swept weight's slope of a measure at value `v`, by the central difference
/// (4.3.1's `numerical_diff`), with the other weights at `w`'s.
pub fn slope_at(
    measure: fn(&Array2<f64>, &Array2<f64>, &[usize]) -> f64,
    w: &Array2<f64>,
    v: f64,
    x: &Array2<f64>,
    t: &[usize],
) -> f64 {
    crate::ch04::diff::numerical_diff(
        |u| {
            let mut w = w.clone();
            w[SWEPT] = u;
            measure(&w, x, t)
        },
        v,
    )
}

/// The values where the accuracy changes along a sweep: the midpoints between
/// neighbouring sweep values whose accuracies differ.
pub fn accuracy_jumps(points: &[SweepPoint]) -> Vec<(f64, f64, f64)> {
    points
        .windows(2)
        .filter(|p| p[0].accuracy != p[1].accuracy)
        .map(|p| ((p[0].w + p[1].w) / 2.0, p[0].accuracy, p[1].accuracy))
        .collect()
}

/// The input to one output unit as a single number, for the activation plots.
pub fn activation_inputs() -> Array1<f64> {
    Array1::from(linspace(-6.0, 6.0, 1200))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_is_flat_where_the_loss_is_not() {
        let (x, t) = sweep_batch(20, 0);
        let w = book_w();
        let v = w[SWEPT];
        assert_eq!(slope_at(accuracy, &w, v, &x, &t), 0.0);
        assert!(slope_at(loss, &w, v, &x, &t).abs() > 1e-3);
    }

    #[test]
    fn accuracy_moves_in_steps_of_one_over_n() {
        let (x, t) = sweep_batch(20, 0);
        let pts = sweep(&book_w(), &linspace(-2.0, 4.0, 600), &x, &t);
        let jumps = accuracy_jumps(&pts);
        assert!(!jumps.is_empty());
        for (_, a, b) in jumps {
            let k = (b - a) * 20.0;
            assert!((k - k.round()).abs() < 1e-9 && k != 0.0, "{a} -> {b}");
        }
        // the teacher's weight classifies every input right
        let mut w = book_w();
        w[SWEPT] = 2.0;
        assert_eq!(accuracy(&w, &x, &t), 1.0);
    }

    #[test]
    fn the_loss_changes_smoothly_along_the_sweep() {
        let (x, t) = sweep_batch(20, 0);
        let pts = sweep(&book_w(), &linspace(-2.0, 4.0, 600), &x, &t);
        // neighbouring values 0.01 apart: the loss moves a little each time, never jumps
        for p in pts.windows(2) {
            let d = (p[1].loss - p[0].loss).abs();
            assert!(d > 0.0 && d < 0.05, "{d} at {}", p[0].w);
        }
    }
}

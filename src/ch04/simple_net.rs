//! 4.4.2 The gradient of a neural network: a one-layer net with a 2x3 weight matrix.

use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use crate::ch04::gradient::numerical_gradient;
use crate::ch04::loss::{DELTA, argmax_rows, cross_entropy_error_labels_with_delta};
use crate::common::functions::softmax;
use crate::common::random::Random;

// ANCHOR: simple_net
// ANCHOR: simple_net_new
/// simpleNet: input 2 → output 3, softmax then cross-entropy.
pub struct SimpleNet {
    /// The weights, 2x3.
    pub w: Array2<f64>,
    /// The delta inside log(y + delta); the book's printout was made with 0.
    pub delta: f64,
}

impl SimpleNet {
    /// Weights drawn from a standard normal distribution (seeded, so runs repeat).
    pub fn new(seed: u64) -> Self {
        Self::from_rng(&mut ChaCha8Rng::seed_from_u64(seed))
    }

    /// The book's `self.W = np.random.randn(2, 3)`, from the given stream:
    /// NumPy's after `np.random.seed(0)` gives the W a reader's Python gets.
    pub fn from_rng(rng: &mut impl Random) -> Self {
        Self::with_weights(rng.randn_array((2, 3)))
    }

    /// A net with the given weights, e.g. the ones the book printed.
    pub fn with_weights(w: Array2<f64>) -> Self {
        Self { w, delta: DELTA }
    }
    // ANCHOR_END: simple_net_new

    pub fn predict(&self, x: &Array1<f64>) -> Array1<f64> {
        x.dot(&self.w)
    }

    pub fn loss(&self, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
        Self::loss_with(&self.w, x, t, self.delta)
    }

    /// dL/dW: how the loss moves when each weight moves.
    pub fn numerical_gradient(&mut self, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
        let delta = self.delta;
        let f = |w: &Array2<f64>| Self::loss_with(w, x, t, delta);
        numerical_gradient(f, &mut self.w)
    }
    // ANCHOR_END: simple_net

    /// The loss as a function of the weights alone, which is what the gradient needs.
    fn loss_with(w: &Array2<f64>, x: &Array1<f64>, t: &Array1<f64>, delta: f64) -> f64 {
        let z = x.dot(w);
        let y = softmax(&z);
        cross_entropy_error_labels_with_delta(&y, &argmax_rows(t), delta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::arr1;

    #[test]
    fn gradient_has_the_shape_of_w_and_matches_the_analytic_one() {
        let mut net = SimpleNet::new(42);
        net.delta = 0.0;
        let w0 = net.w.clone();
        let x = arr1(&[0.6, 0.9]);
        let t = arr1(&[0.0, 0.0, 1.0]);
        let dw = net.numerical_gradient(&x, &t);
        assert_eq!(dw.shape(), net.w.shape());
        assert_eq!(net.w, w0);
        // for softmax + cross-entropy, dL/dW = outer(x, y - t)
        let y = softmax(&net.predict(&x));
        let analytic = Array2::from_shape_fn((2, 3), |(i, j)| x[i] * (y[j] - t[j]));
        assert_abs_diff_eq!(dw, analytic, epsilon = 1e-7);
    }

    #[test]
    fn numpys_seed_0_gives_the_pythons_net_bit_for_bit() {
        // tests/fixtures/numpy_random.py runs the book's simpleNet after np.random.seed(0)
        let fixture = include_str!("../../tests/fixtures/numpy_random.txt");
        let line = |key: &str| -> Vec<f64> {
            let l = fixture
                .lines()
                .find_map(|l| l.strip_prefix(&format!("simpleNet {key} ")))
                .unwrap_or_else(|| panic!("fixture has no simpleNet {key}"));
            l.split_whitespace().map(from_hex).collect()
        };
        let mut net = SimpleNet::from_rng(&mut crate::common::numpy_random::RandomState::new(0));
        let x = arr1(&[0.6, 0.9]);
        let t = arr1(&[0.0, 0.0, 1.0]);
        assert_eq!(net.w.iter().copied().collect::<Vec<_>>(), line("W"));
        assert_eq!(net.predict(&x).to_vec(), line("p"));
        assert_eq!(vec![net.loss(&x, &t)], line("loss"));
        let dw = net.numerical_gradient(&x, &t);
        assert_eq!(dw.iter().copied().collect::<Vec<_>>(), line("dW"));
    }

    /// Python's `float.hex` text (`-0x1.8p+0`) back to the float.
    fn from_hex(s: &str) -> f64 {
        let (sign, s) = match s.strip_prefix('-') {
            Some(r) => (-1.0, r),
            None => (1.0, s),
        };
        let s = s.strip_prefix("0x").expect("0x");
        let (mant, exp) = s.split_once('p').expect("p");
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        let mut m = u64::from_str_radix(int, 16).unwrap() as f64;
        for (i, c) in frac.chars().enumerate() {
            m += c.to_digit(16).unwrap() as f64 / 16f64.powi(i as i32 + 1);
        }
        sign * m * 2f64.powi(exp.parse().unwrap())
    }

    #[test]
    fn same_seed_same_weights() {
        assert_eq!(SimpleNet::new(7).w, SimpleNet::new(7).w);
        assert_ne!(SimpleNet::new(7).w, SimpleNet::new(8).w);
    }
}

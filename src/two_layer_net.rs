//! 4.5.1 A two-layer network class (2층 신경망 클래스): input → sigmoid hidden layer
//! → softmax output, with both ways to find its gradient.

use std::ops::Range;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::functions::{sigmoid, softmax};
use crate::gradient::numerical_gradient;
use crate::loss::{argmax_rows, cross_entropy_error_batch};
use crate::sparse::{SparseRows, dense_dot, sparse_dot, sparse_dot_into};

// ANCHOR: two_layer_net
/// The parameters (매개변수): W1 (input x hidden), b1, W2 (hidden x output), b2.
#[derive(Clone, Debug, PartialEq)]
pub struct TwoLayerNet {
    pub w1: Array2<f64>,
    pub b1: Array1<f64>,
    pub w2: Array2<f64>,
    pub b2: Array1<f64>,
}

/// The gradient of the loss for every parameter, each with its parameter's shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Grads {
    pub w1: Array2<f64>,
    pub b1: Array1<f64>,
    pub w2: Array2<f64>,
    pub b2: Array1<f64>,
}

impl TwoLayerNet {
    /// Weights drawn from N(0, 1) times `weight_init_std` (small, so the sigmoids
    /// start near their steep middle); biases start at zero.
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        weight_init_std: f64,
        rng: &mut ChaCha8Rng,
    ) -> Self {
        let mut randn = |shape: (usize, usize)| {
            Array2::from_shape_simple_fn(shape, || {
                let v: f64 = StandardNormal.sample(rng);
                weight_init_std * v
            })
        };
        let w1 = randn((input_size, hidden_size));
        let w2 = randn((hidden_size, output_size));
        TwoLayerNet {
            w1,
            b1: Array1::zeros(hidden_size),
            w2,
            b2: Array1::zeros(output_size),
        }
    }

    /// y = softmax(sigmoid(x·W1 + b1)·W2 + b2), one row per input row.
    pub fn predict(&self, x: ArrayView2<f64>) -> Array2<f64> {
        self.predict_rows(&SparseRows::from_dense(x))
    }

    /// The cross-entropy error of the prediction; `t` is one-hot.
    pub fn loss(&self, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        self.loss_rows(&SparseRows::from_dense(x), t)
    }

    /// The share of rows whose most probable class is the right one.
    pub fn accuracy(&self, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        self.accuracy_rows(&SparseRows::from_dense(x), &argmax_rows(&t))
    }

    /// The gradient the slow, sure way: nudge every one of the parameters by ±h
    /// and see how the loss moves (two forward passes per parameter).
    pub fn numerical_gradient(&mut self, x: ArrayView2<f64>, t: ArrayView2<f64>) -> Grads {
        let x = SparseRows::from_dense(x);
        let rows = 0..x.nrows();
        // Take each parameter out while it is being nudged, so the loss can read
        // the other three from `self`.
        let mut w1 = std::mem::take(&mut self.w1);
        let g_w1 = numerical_gradient(
            |w1| {
                let y = forward(
                    self.params_with(w1.view(), None, None, None),
                    &x,
                    rows.clone(),
                )
                .y;
                cross_entropy_error_batch(&y, &t)
            },
            &mut w1,
        );
        self.w1 = w1;
        let mut b1 = std::mem::take(&mut self.b1);
        let g_b1 = numerical_gradient(
            |b1| {
                let p = self.params_with(self.w1.view(), Some(b1.view()), None, None);
                cross_entropy_error_batch(&forward(p, &x, rows.clone()).y, &t)
            },
            &mut b1,
        );
        self.b1 = b1;
        let mut w2 = std::mem::take(&mut self.w2);
        let g_w2 = numerical_gradient(
            |w2| {
                let p = self.params_with(self.w1.view(), None, Some(w2.view()), None);
                cross_entropy_error_batch(&forward(p, &x, rows.clone()).y, &t)
            },
            &mut w2,
        );
        self.w2 = w2;
        let mut b2 = std::mem::take(&mut self.b2);
        let g_b2 = numerical_gradient(
            |b2| {
                let p = self.params_with(self.w1.view(), None, None, Some(b2.view()));
                cross_entropy_error_batch(&forward(p, &x, rows.clone()).y, &t)
            },
            &mut b2,
        );
        self.b2 = b2;
        Grads {
            w1: g_w1,
            b1: g_b1,
            w2: g_w2,
            b2: g_b2,
        }
    }

    /// The same gradient by backpropagation (오차역전파법, chapter 5's method):
    /// one forward pass, then the chain rule from the loss back to each parameter.
    pub fn gradient(&self, x: ArrayView2<f64>, t: ArrayView2<f64>) -> Grads {
        self.gradient_rows(&SparseRows::from_dense(x), t)
    }

    /// One step of stochastic gradient descent (확률적 경사 하강법): params -= lr * grads.
    pub fn update(&mut self, grads: &Grads, lr: f64) {
        self.w1.zip_mut_with(&grads.w1, |p, &g| *p -= lr * g);
        self.b1.zip_mut_with(&grads.b1, |p, &g| *p -= lr * g);
        self.w2.zip_mut_with(&grads.w2, |p, &g| *p -= lr * g);
        self.b2.zip_mut_with(&grads.b2, |p, &g| *p -= lr * g);
    }
}
// ANCHOR_END: two_layer_net

impl TwoLayerNet {
    /// `predict` for input already in sparse form (the training loop converts
    /// the data set once instead of on every call).
    pub fn predict_rows(&self, x: &SparseRows) -> Array2<f64> {
        forward(self.params(), x, 0..x.nrows()).y
    }

    /// `loss` for input in sparse form.
    pub fn loss_rows(&self, x: &SparseRows, t: ArrayView2<f64>) -> f64 {
        cross_entropy_error_batch(&self.predict_rows(x), &t)
    }

    /// `accuracy` for input in sparse form with labels (not one-hot). The rows are
    /// split across the CPU's threads; each row's answer does not depend on the
    /// split, and the count of right answers is an integer, so the result is the
    /// same bits with any number of threads.
    pub fn accuracy_rows(&self, x: &SparseRows, labels: &[usize]) -> f64 {
        assert_eq!(x.nrows(), labels.len(), "one label per row");
        let n = x.nrows();
        if n == 0 {
            return 0.0;
        }
        let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
        let chunk = n.div_ceil(threads);
        let correct: usize = std::thread::scope(|s| {
            let workers: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|lo| {
                    let hi = (lo + chunk).min(n);
                    s.spawn(move || self.count_correct(x, labels, lo..hi))
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).sum()
        });
        correct as f64 / n as f64
    }

    /// How many of rows `rows` are classified right, in blocks that stay in cache.
    fn count_correct(&self, x: &SparseRows, labels: &[usize], rows: Range<usize>) -> usize {
        // 256 rows x 50 hidden x 8 bytes = 100 KB per temporary: small enough for
        // the allocator to reuse, where larger ones are mapped and unmapped each time.
        const BLOCK_ROWS: usize = 256;
        let mut correct = 0;
        let mut lo = rows.start;
        while lo < rows.end {
            let hi = (lo + BLOCK_ROWS).min(rows.end);
            let y = forward(self.params(), x, lo..hi).y;
            let predicted = argmax_rows(&y);
            correct += predicted
                .iter()
                .zip(&labels[lo..hi])
                .filter(|(p, l)| p == l)
                .count();
            lo = hi;
        }
        correct
    }

    // ANCHOR: gradient
    /// `gradient` for input in sparse form: the backward pass written out.
    pub fn gradient_rows(&self, x: &SparseRows, t: ArrayView2<f64>) -> Grads {
        let batch_num = x.nrows() as f64;
        // forward
        let Forward { z1, y, .. } = forward(self.params(), x, 0..x.nrows());
        // backward: softmax with cross-entropy gives the simple (y - t) / N
        let dy = (&y - &t) / batch_num;
        let w2 = dense_dot(z1.t(), dy.view());
        let b2 = dy.sum_axis(Axis(0));
        let dz1 = dense_dot(dy.view(), self.w2.t());
        // sigmoid'(a1) = (1 - sigmoid(a1)) sigmoid(a1) = (1 - z1) z1: the same bits
        // as `sigmoid_grad(a1)`, without computing the exponentials again.
        let da1 = (1.0 - &z1) * &z1 * &dz1;
        let w1 = sparse_dot(&x.transpose(), da1.view()); // x^T · da1
        let b1 = da1.sum_axis(Axis(0));
        Grads { w1, b1, w2, b2 }
    }
    // ANCHOR_END: gradient

    /// How many parameters the net has (39,760 for 784-50-10).
    pub fn param_count(&self) -> usize {
        self.w1.len() + self.b1.len() + self.w2.len() + self.b2.len()
    }

    fn params(&self) -> Params<'_> {
        self.params_with(self.w1.view(), None, None, None)
    }

    /// The parameters with some replaced (for the numerical gradient).
    fn params_with<'a>(
        &'a self,
        w1: ArrayView2<'a, f64>,
        b1: Option<ArrayView1<'a, f64>>,
        w2: Option<ArrayView2<'a, f64>>,
        b2: Option<ArrayView1<'a, f64>>,
    ) -> Params<'a> {
        Params {
            w1,
            b1: b1.unwrap_or(self.b1.view()),
            w2: w2.unwrap_or(self.w2.view()),
            b2: b2.unwrap_or(self.b2.view()),
        }
    }
}

impl Grads {
    /// The largest |a - b| per parameter: (W1, b1, W2, b2).
    pub fn max_abs_diff(&self, other: &Grads) -> [f64; 4] {
        fn max_diff<D: ndarray::Dimension>(
            a: &ndarray::Array<f64, D>,
            b: &ndarray::Array<f64, D>,
        ) -> f64 {
            a.iter()
                .zip(b)
                .fold(0.0, |m, (x, y)| f64::max(m, (x - y).abs()))
        }
        [
            max_diff(&self.w1, &other.w1),
            max_diff(&self.b1, &other.b1),
            max_diff(&self.w2, &other.w2),
            max_diff(&self.b2, &other.b2),
        ]
    }
}

#[derive(Clone, Copy)]
struct Params<'a> {
    w1: ArrayView2<'a, f64>,
    b1: ArrayView1<'a, f64>,
    w2: ArrayView2<'a, f64>,
    b2: ArrayView1<'a, f64>,
}

/// What the forward pass leaves for the backward pass.
struct Forward {
    z1: Array2<f64>,
    y: Array2<f64>,
}

// ANCHOR: forward
/// Rows `rows` of x through the net: a1 = x·W1 + b1, z1 = sigmoid(a1),
/// a2 = z1·W2 + b2, y = softmax(a2).
fn forward(p: Params, x: &SparseRows, rows: Range<usize>) -> Forward {
    let (n, hidden) = (rows.len(), p.w1.ncols());
    let w1 = p.w1.as_standard_layout();
    let mut a1 = vec![0.0; n * hidden];
    sparse_dot_into(x, rows, w1.as_slice().unwrap(), hidden, &mut a1);
    let mut a1 = Array2::from_shape_vec((n, hidden), a1).unwrap();
    a1 += &p.b1;
    let z1 = a1.mapv(sigmoid);
    let mut a2 = dense_dot(z1.view(), p.w2);
    a2 += &p.b2;
    let y = softmax(&a2);
    Forward { z1, y }
}
// ANCHOR_END: forward

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use rand::{RngExt, SeedableRng};

    /// A small batch: inputs with some zeros (like pixels) and one-hot labels.
    fn batch(
        n: usize,
        d: usize,
        classes: usize,
        rng: &mut ChaCha8Rng,
    ) -> (Array2<f64>, Array2<f64>) {
        let x = Array2::from_shape_simple_fn((n, d), || {
            if rng.random_range(0..3) == 0 {
                0.0
            } else {
                rng.random_range(0.0..1.0)
            }
        });
        let mut t = Array2::zeros((n, classes));
        for i in 0..n {
            t[[i, rng.random_range(0..classes)]] = 1.0;
        }
        (x, t)
    }

    #[test]
    fn shapes_follow_the_sizes() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let net = TwoLayerNet::new(784, 100, 10, 0.01, &mut rng);
        assert_eq!(net.w1.dim(), (784, 100));
        assert_eq!(net.b1.dim(), 100);
        assert_eq!(net.w2.dim(), (100, 10));
        assert_eq!(net.b2.dim(), 10);
        assert!(net.b1.iter().chain(&net.b2).all(|&b| b == 0.0));
        let std = (net.w1.mapv(|w| w * w).mean().unwrap()).sqrt();
        assert!(
            (0.009..0.011).contains(&std),
            "weights ~ 0.01 N(0,1): {std}"
        );
        assert_eq!(net.param_count(), 784 * 100 + 100 + 100 * 10 + 10);
    }

    #[test]
    fn same_seed_same_net() {
        let a = TwoLayerNet::new(5, 4, 3, 0.01, &mut ChaCha8Rng::seed_from_u64(7));
        let b = TwoLayerNet::new(5, 4, 3, 0.01, &mut ChaCha8Rng::seed_from_u64(7));
        let c = TwoLayerNet::new(5, 4, 3, 0.01, &mut ChaCha8Rng::seed_from_u64(8));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn predict_gives_probabilities_and_matches_the_dense_formula() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let net = TwoLayerNet::new(12, 6, 4, 1.0, &mut rng);
        let (x, _) = batch(5, 12, 4, &mut rng);
        let y = net.predict(x.view());
        assert_eq!(y.dim(), (5, 4));
        for row in y.rows() {
            assert_abs_diff_eq!(row.sum(), 1.0, epsilon = 1e-12);
        }
        let dense = softmax(&((x.dot(&net.w1) + &net.b1).mapv(sigmoid).dot(&net.w2) + &net.b2));
        assert_abs_diff_eq!(y, dense, epsilon = 1e-12);
    }

    #[test]
    fn backprop_agrees_with_the_numerical_gradient() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut net = TwoLayerNet::new(8, 5, 3, 1.0, &mut rng);
        let (x, t) = batch(6, 8, 3, &mut rng);
        let before = net.clone();
        let numerical = net.numerical_gradient(x.view(), t.view());
        assert_eq!(net, before, "numerical_gradient puts every parameter back");
        let backprop = net.gradient(x.view(), t.view());
        assert_eq!(backprop.w1.dim(), (8, 5));
        assert_eq!(backprop.b2.dim(), 3);
        for (name, d) in ["W1", "b1", "W2", "b2"]
            .iter()
            .zip(backprop.max_abs_diff(&numerical))
        {
            // central differences with h = 1e-4 and the 1e-7 inside the log leave
            // ~1e-6; a wrong backward pass is off by the size of the gradient
            assert!(d < 1e-5, "{name}: backprop and numerical differ by {d}");
        }
        // and the gradient is not trivially zero
        assert!(backprop.w1.iter().any(|g| g.abs() > 1e-3));
    }

    #[test]
    fn update_steps_against_the_gradient_and_lowers_the_loss() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut net = TwoLayerNet::new(10, 6, 3, 0.5, &mut rng);
        let (x, t) = batch(20, 10, 3, &mut rng);
        let g = net.gradient(x.view(), t.view());
        let before = net.clone();
        let loss0 = net.loss(x.view(), t.view());
        net.update(&g, 0.5);
        assert_eq!(net.w1[[1, 2]], before.w1[[1, 2]] - 0.5 * g.w1[[1, 2]]);
        assert_eq!(net.b2[0], before.b2[0] - 0.5 * g.b2[0]);
        assert!(net.loss(x.view(), t.view()) < loss0);
    }

    #[test]
    fn accuracy_counts_rows_whose_argmax_agrees() {
        // W1 = identity-ish, W2 chosen so the class is the largest input
        let net = TwoLayerNet {
            w1: Array2::eye(3) * 10.0,
            b1: Array1::zeros(3),
            w2: Array2::eye(3) * 10.0,
            b2: Array1::zeros(3),
        };
        let x = ndarray::arr2(&[
            [1.0, 0.0, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, 1.0, 0.0],
            [1.0, 0.0, 0.0],
        ]);
        let t = ndarray::arr2(&[
            [1.0, 0.0, 0.0],
            [0.0, 0.0, 1.0],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
        ]);
        assert_eq!(net.accuracy(x.view(), t.view()), 0.5);
    }

    #[test]
    fn threaded_accuracy_matches_one_block_at_a_time() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let net = TwoLayerNet::new(20, 7, 4, 1.0, &mut rng);
        let (x, t) = batch(1500, 20, 4, &mut rng);
        let xs = SparseRows::from_dense(x.view());
        let labels = argmax_rows(&t);
        let predicted = argmax_rows(&net.predict(x.view()));
        let right = predicted
            .iter()
            .zip(&labels)
            .filter(|(p, l)| p == l)
            .count();
        assert_eq!(net.accuracy_rows(&xs, &labels), right as f64 / 1500.0);
    }
}

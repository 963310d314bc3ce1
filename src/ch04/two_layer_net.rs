//! 4.5.1 A two-layer network class (2층 신경망 클래스): input → sigmoid hidden layer
//! → softmax output, with both ways to find its gradient. The book's
//! `two_layer_net.py`, method by method.

use crate::ch04::gradient::numerical_gradient;
use crate::ch04::loss::{argmax_rows, cross_entropy_error_batch};
use crate::common::functions::{Activation, softmax};
use crate::common::numpy::dot;
use crate::common::random::Random;
use ndarray::{Array1, Array2, ArrayView2, Axis};

// ANCHOR: two_layer_net
// ANCHOR: two_layer_net_new
/// The parameters (매개변수): W1 (input x hidden), b1, W2 (hidden x output), b2.
#[derive(Clone, Debug, PartialEq)]
pub struct TwoLayerNet {
    pub w1: Array2<f64>,
    pub b1: Array1<f64>,
    pub w2: Array2<f64>,
    pub b2: Array1<f64>,
    /// The hidden layer's h: the book's sigmoid unless [`TwoLayerNet::with_activation`].
    pub activation: Activation,
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
    /// start near their steep middle); biases start at zero. As the book:
    /// `W1 = weight_init_std * np.random.randn(input_size, hidden_size)`, then
    /// W2 the same way, so NumPy's stream ([`crate::common::random::Stream`])
    /// gives the book's weights.
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        weight_init_std: f64,
        rng: &mut impl Random,
    ) -> Self {
        let w1 = weight_init_std * rng.randn_array((input_size, hidden_size));
        let w2 = weight_init_std * rng.randn_array((hidden_size, output_size));
        TwoLayerNet {
            w1,
            b1: Array1::zeros(hidden_size),
            w2,
            b2: Array1::zeros(output_size),
            activation: Activation::Sigmoid,
        }
    }
    // ANCHOR_END: two_layer_net_new

    /// The same net with another hidden activation (ReLU instead of sigmoid).
    pub fn with_activation(mut self, activation: Activation) -> Self {
        self.activation = activation;
        self
    }

    /// y = softmax(sigmoid(x·W1 + b1)·W2 + b2), one row per input row.
    pub fn predict(&self, x: ArrayView2<f64>) -> Array2<f64> {
        predict_with(self.activation, &self.w1, &self.b1, &self.w2, &self.b2, x)
    }

    /// The cross-entropy error of the prediction; `t` is one-hot.
    pub fn loss(&self, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        let y = self.predict(x);
        cross_entropy_error_batch(&y, &t)
    }

    /// The share of rows whose most probable class is the right one.
    pub fn accuracy(&self, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        let y = argmax_rows(&self.predict(x));
        let t = argmax_rows(&t);
        let correct = y.iter().zip(&t).filter(|(y, t)| y == t).count();
        correct as f64 / x.nrows() as f64
    }

    /// The gradient the slow, sure way: nudge every parameter by ±h and see how
    /// the loss moves (two forward passes per parameter). The book writes
    /// `loss_W = lambda W: self.loss(x, t)`: its W is ignored because NumPy's
    /// `numerical_gradient` nudges `self.params['W1']` itself. Here each closure
    /// gets the nudged copy of one parameter and reads the other three from `self`.
    pub fn numerical_gradient(&self, x: ArrayView2<f64>, t: ArrayView2<f64>) -> Grads {
        let TwoLayerNet {
            w1,
            b1,
            w2,
            b2,
            activation,
        } = self;
        let loss = |w1: &Array2<f64>, b1: &Array1<f64>, w2: &Array2<f64>, b2: &Array1<f64>| {
            cross_entropy_error_batch(&predict_with(*activation, w1, b1, w2, b2, x), &t)
        };
        Grads {
            w1: numerical_gradient(|w| loss(w, b1, w2, b2), &mut w1.clone()),
            b1: numerical_gradient(|b| loss(w1, b, w2, b2), &mut b1.clone()),
            w2: numerical_gradient(|w| loss(w1, b1, w, b2), &mut w2.clone()),
            b2: numerical_gradient(|b| loss(w1, b1, w2, b), &mut b2.clone()),
        }
    }
    // ANCHOR_END: two_layer_net

    // ANCHOR: gradient
    /// The same gradient by backpropagation (오차역전파법, chapter 5's method):
    /// one forward pass, then the chain rule from the loss back to each parameter.
    pub fn gradient(&self, x: ArrayView2<f64>, t: ArrayView2<f64>) -> Grads {
        let batch_num = x.nrows() as f64;
        // forward
        let a1 = dot(x, self.w1.view()) + &self.b1;
        let h = self.activation;
        let z1 = a1.mapv(|a| h.apply(a));
        let a2 = dot(z1.view(), self.w2.view()) + &self.b2;
        let y = softmax(&a2);
        // backward: softmax with cross-entropy gives the simple (y - t) / N
        let dy = (&y - &t) / batch_num;
        let w2 = dot(z1.t(), dy.view());
        let b2 = dy.sum_axis(Axis(0));
        let dz1 = dot(dy.view(), self.w2.t());
        let da1 = a1.mapv(|a| h.grad(a)) * &dz1;
        let w1 = dot(x.t(), da1.view());
        let b1 = da1.sum_axis(Axis(0));
        Grads { w1, b1, w2, b2 }
    }
    // ANCHOR_END: gradient

    // ANCHOR: update
    /// One step of stochastic gradient descent (확률적 경사 하강법):
    /// params -= lr * grads, for each of the four parameters.
    pub fn update(&mut self, grads: &Grads, lr: f64) {
        self.w1 -= &(lr * &grads.w1);
        self.b1 -= &(lr * &grads.b1);
        self.w2 -= &(lr * &grads.w2);
        self.b2 -= &(lr * &grads.b2);
    }
    // ANCHOR_END: update

    /// How many parameters the net has (39,760 for 784-50-10).
    pub fn param_count(&self) -> usize {
        self.w1.len() + self.b1.len() + self.w2.len() + self.b2.len()
    }
}

// ANCHOR: forward
/// The forward pass for given parameters: a1 = x·W1 + b1, z1 = sigmoid(a1),
/// a2 = z1·W2 + b2, y = softmax(a2).
pub fn predict(
    w1: &Array2<f64>,
    b1: &Array1<f64>,
    w2: &Array2<f64>,
    b2: &Array1<f64>,
    x: ArrayView2<f64>,
) -> Array2<f64> {
    predict_with(Activation::Sigmoid, w1, b1, w2, b2, x)
}
// ANCHOR_END: forward

/// [`predict`] with the hidden activation h: a1 = x·W1 + b1, z1 = h(a1), ...
pub fn predict_with(
    h: Activation,
    w1: &Array2<f64>,
    b1: &Array1<f64>,
    w2: &Array2<f64>,
    b2: &Array1<f64>,
    x: ArrayView2<f64>,
) -> Array2<f64> {
    let a1 = dot(x, w1.view()) + b1;
    let z1 = a1.mapv(|a| h.apply(a));
    let a2 = dot(z1.view(), w2.view()) + b2;
    softmax(&a2)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::mnist::toy_batch;
    use approx::assert_abs_diff_eq;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

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
        let (x, _) = toy_batch(5, 12, 4, &mut rng);
        let y = net.predict(x.view());
        assert_eq!(y.dim(), (5, 4));
        for row in y.rows() {
            assert_abs_diff_eq!(row.sum(), 1.0, epsilon = 1e-12);
        }
        let dense = softmax(
            &((x.dot(&net.w1) + &net.b1)
                .mapv(crate::common::functions::sigmoid)
                .dot(&net.w2)
                + &net.b2),
        );
        assert_abs_diff_eq!(y, dense, epsilon = 1e-12);
    }

    #[test]
    fn backprop_agrees_with_the_numerical_gradient() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let net = TwoLayerNet::new(8, 5, 3, 1.0, &mut rng);
        let (x, t) = toy_batch(6, 8, 3, &mut rng);
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
    fn relu_backprop_agrees_with_the_numerical_gradient() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let net = TwoLayerNet::new(8, 5, 3, 1.0, &mut rng).with_activation(Activation::Relu);
        let (x, t) = toy_batch(6, 8, 3, &mut rng);
        let backprop = net.gradient(x.view(), t.view());
        let numerical = net.numerical_gradient(x.view(), t.view());
        for (name, d) in ["W1", "b1", "W2", "b2"]
            .iter()
            .zip(backprop.max_abs_diff(&numerical))
        {
            // ReLU does not squash, so with weights of std 1 the loss curves more
            // than the sigmoid net's: central differences leave ~1e-5 here; a
            // wrong backward pass is off by the size of the gradient
            assert!(d < 1e-4, "{name}: backprop and numerical differ by {d}");
        }
        let z1 = (x.dot(&net.w1) + &net.b1).mapv(crate::common::functions::relu);
        assert!(z1.iter().any(|&z| z == 0.0) && z1.iter().any(|&z| z > 0.0));
    }

    #[test]
    fn update_steps_against_the_gradient_and_lowers_the_loss() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut net = TwoLayerNet::new(10, 6, 3, 0.5, &mut rng);
        let (x, t) = toy_batch(20, 10, 3, &mut rng);
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
            activation: Activation::Sigmoid,
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
}

//! Activation and output functions from the book's chapter 3 (`common/functions.py`),
//! which chapter 4 builds on.

use ndarray::{Array, ArrayBase, Axis, Data, Dimension};

// ANCHOR: sigmoid
/// The sigmoid 1 / (1 + e^-x): a smooth step whose slope is never zero,
/// so gradient descent always has somewhere to go.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The slope of the sigmoid, (1 - s) s.
pub fn sigmoid_grad(x: f64) -> f64 {
    (1.0 - sigmoid(x)) * sigmoid(x)
}
// ANCHOR_END: sigmoid

// ANCHOR: relu
/// ReLU (Rectified Linear Unit): x for x > 0, else 0 (`np.maximum(0, x)`).
pub fn relu(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.0 }
}

/// The slope of ReLU: 1 for x > 0, else 0 (chapter 5's `Relu.backward` lets the
/// gradient through where the input was positive).
pub fn relu_grad(x: f64) -> f64 {
    if x > 0.0 { 1.0 } else { 0.0 }
}
// ANCHOR_END: relu

/// The hidden layer's activation function (활성화 함수): the book's sigmoid, or ReLU.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Activation {
    #[default]
    Sigmoid,
    Relu,
}

impl Activation {
    /// h(x).
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid(x),
            Activation::Relu => relu(x),
        }
    }

    /// h'(x).
    pub fn grad(self, x: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid_grad(x),
            Activation::Relu => relu_grad(x),
        }
    }

    /// Its name on the command line and in the output.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Relu => "relu",
        }
    }
}

// ANCHOR: step_function
/// The step function: 1 for x > 0, else 0. Its slope is zero almost everywhere,
/// which is why it cannot be learned through.
pub fn step_function(x: f64) -> f64 {
    if x > 0.0 { 1.0 } else { 0.0 }
}
// ANCHOR_END: step_function

// ANCHOR: softmax
/// Softmax along the last axis. Subtracting the row's maximum first changes
/// nothing mathematically but keeps `exp` from overflowing for large inputs.
pub fn softmax<S, D>(x: &ArrayBase<S, D>) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    let last = Axis(x.ndim() - 1);
    let mut y = x.to_owned();
    for mut row in y.lanes_mut(last) {
        let c = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - c).exp());
        let sum = crate::common::numpy::np_sum(&row.to_vec());
        row.mapv_inplace(|v| v / sum);
    }
    y
}
// ANCHOR_END: softmax

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{arr1, arr2};

    #[test]
    fn softmax_sums_to_one_and_survives_large_inputs() {
        let y = softmax(&arr1(&[1010.0, 1000.0, 990.0]));
        assert!(y.iter().all(|v| v.is_finite()));
        assert_abs_diff_eq!(y.sum(), 1.0, epsilon = 1e-12);
        assert_abs_diff_eq!(y[0], 0.999954600070331, epsilon = 1e-12);
    }

    #[test]
    fn softmax_works_row_by_row() {
        let y = softmax(&arr2(&[[0.0, 0.0], [0.0, 1000.0]]));
        assert_abs_diff_eq!(y, arr2(&[[0.5, 0.5], [0.0, 1.0]]), epsilon = 1e-12);
    }

    #[test]
    fn relu_passes_positives_and_its_slope_is_a_step() {
        assert_eq!(relu(2.5), 2.5);
        assert_eq!(relu(-1.0), 0.0);
        assert_eq!(relu(0.0), 0.0);
        assert_eq!(relu_grad(2.5), 1.0);
        assert_eq!(relu_grad(-1.0), 0.0);
        for x in [-2.0, -0.3, 0.4, 3.0] {
            let num = (relu(x + 1e-4) - relu(x - 1e-4)) / 2e-4;
            assert_abs_diff_eq!(num, relu_grad(x), epsilon = 1e-9);
        }
    }

    #[test]
    fn sigmoid_slope_is_largest_at_zero() {
        assert_abs_diff_eq!(sigmoid(0.0), 0.5);
        assert_abs_diff_eq!(sigmoid_grad(0.0), 0.25);
        assert!(sigmoid_grad(3.0) < sigmoid_grad(1.0));
        assert_eq!(step_function(0.5), 1.0);
        assert_eq!(step_function(-0.5), 0.0);
    }
}

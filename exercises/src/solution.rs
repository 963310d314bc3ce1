//! The reference answers: the `dlfs` library's own code, swapped in for every
//! stub when the `solution` feature is on (CI uses it to prove the tests can pass).

pub mod s4_2 {
    pub use dlfs::ch04::loss::{
        cross_entropy_error, cross_entropy_error_batch, cross_entropy_error_labels,
        mean_squared_error,
    };
}

pub mod s4_3 {
    pub use dlfs::ch04::diff::{function_1, numerical_diff};
    pub use dlfs::ch04::gradient::function_2;
}

pub mod s4_4 {
    pub use dlfs::ch04::gradient::{gradient_descent, numerical_gradient};
}

pub mod s4_4_2 {
    use dlfs::ch04::simple_net::SimpleNet;
    use ndarray::{Array1, Array2};

    pub fn predict(net: &SimpleNet, x: &Array1<f64>) -> Array1<f64> {
        net.predict(x)
    }

    pub fn loss(net: &SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
        net.loss(x, t)
    }

    pub fn numerical_gradient(
        net: &mut SimpleNet,
        x: &Array1<f64>,
        t: &Array1<f64>,
    ) -> Array2<f64> {
        net.numerical_gradient(x, t)
    }
}

pub mod s4_5 {
    use dlfs::ch04::two_layer_net::{Grads, TwoLayerNet};
    use ndarray::{Array2, ArrayView2};

    pub fn predict(net: &TwoLayerNet, x: ArrayView2<f64>) -> Array2<f64> {
        net.predict(x)
    }

    pub fn loss(net: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        net.loss(x, t)
    }

    pub fn accuracy(net: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        net.accuracy(x, t)
    }

    pub fn numerical_gradient(
        net: &mut TwoLayerNet,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Grads {
        net.numerical_gradient(x, t)
    }

    pub fn sgd_step(net: &mut TwoLayerNet, grads: &Grads, lr: f64) {
        net.update(grads, lr)
    }
}

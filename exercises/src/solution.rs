//! The reference answers: the `dlfs` library's own code, swapped in for every
//! stub when the `solution` feature is on (CI uses it to prove the tests can pass).
//! The library is generic over array shapes; these wrappers give it the stubs'
//! plain signatures. The "find it out" exercises are answered by running the
//! experiment, as a student would.

pub mod s4_2 {
    use dlfs::ch04::loss;
    use ndarray::{Array1, Array2};

    pub fn mean_squared_error(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
        loss::mean_squared_error(y, t)
    }

    pub fn cross_entropy_error(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
        loss::cross_entropy_error(y, t)
    }

    pub fn cross_entropy_error_batch(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
        loss::cross_entropy_error_batch(y, t)
    }

    pub fn cross_entropy_error_labels(y: &Array2<f64>, t: &[usize]) -> f64 {
        loss::cross_entropy_error_labels(y, t)
    }
}

pub mod s4_3 {
    pub use dlfs::ch04::diff::{function_1, numerical_diff};
    pub use dlfs::ch04::gradient::function_2;

    /// The experiment: the error of the central difference for sin at 1, for
    /// h = 1e-1 .. 1e-15; the h of the smallest error.
    pub fn best_h() -> f64 {
        let error = |h: f64| (((1.0 + h).sin() - (1.0 - h).sin()) / (2.0 * h) - 1f64.cos()).abs();
        (1..=15)
            .map(|k| 10f64.powi(-k))
            .min_by(|a, b| error(*a).total_cmp(&error(*b)))
            .unwrap()
    }
}

pub mod s4_4 {
    use dlfs::ch04::gradient::{self, function_2};
    use ndarray::{Array1, arr1};

    pub use dlfs::ch04::gradient::gradient_descent;

    pub fn numerical_gradient(f: impl Fn(&Array1<f64>) -> f64, x: &mut Array1<f64>) -> Array1<f64> {
        gradient::numerical_gradient(f, x)
    }

    /// The experiment: learning rates 0.01, 0.02, ... while the run converges.
    pub fn largest_converging_lr() -> f64 {
        let init = arr1(&[-3.0, 4.0]);
        let converges = |lr: f64| {
            let (x, _) = gradient_descent(function_2, &init, lr, 1000);
            function_2(&x) < 0.01 * function_2(&init)
        };
        let mut best = 0.0;
        for k in 1..200 {
            let lr = k as f64 / 100.0;
            if converges(lr) {
                best = lr;
            }
        }
        best
    }
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

    /// One step of gradient descent with lr = 0.1, measured before and after.
    pub fn step_downhill(net: &mut SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> (f64, f64) {
        let before = net.loss(x, t);
        let dw = net.numerical_gradient(x, t);
        net.w -= &(0.1 * &dw);
        (before, net.loss(x, t))
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

    pub fn sample_sd(a: &[f64]) -> f64 {
        dlfs::ch04::compare::mean_sd(a).map_or(f64::NAN, |s| s.sd)
    }
}

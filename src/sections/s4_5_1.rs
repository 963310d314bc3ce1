//! 4.5.1 The two-layer network class: its parameters' shapes, a prediction, and a
//! gradient check (backprop against the numerical gradient) on real digits.

use ndarray::{Array1, Array2};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::{Ctx, mnist_or_explain};
use crate::ch04::gradient::numerical_gradient;
use crate::ch04::loss::cross_entropy_error_batch_with_delta;
use crate::ch04::two_layer_net::{TwoLayerNet, predict};
use crate::common::mnist::one_hot_rows;
use crate::common::numpy::py_repr;
use crate::error::Result;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let net = TwoLayerNet::new(784, 100, 10, 0.01, &mut rng);
    writeln!(
        out,
        "net = TwoLayerNet(input_size=784, hidden_size=100, output_size=10)"
    )?;
    writeln!(out, "net.w1.shape = {:?}", net.w1.dim())?;
    writeln!(out, "net.b1.shape = ({},)", net.b1.len())?;
    writeln!(out, "net.w2.shape = {:?}", net.w2.dim())?;
    writeln!(out, "net.b2.shape = ({},)", net.b2.len())?;
    writeln!(out, "{} parameters in all", net.param_count())?;

    // dummy input and labels, as in the book: 100 random images
    let x = Array2::from_shape_simple_fn((100, 784), || rng.random_range(0.0..1.0));
    let mut t = Array2::zeros((100, 10));
    for i in 0..100 {
        t[[i, rng.random_range(0..10)]] = 1.0;
    }
    let y = net.predict(x.view());
    writeln!(
        out,
        "y = net.predict(x) for x of shape {:?}: y.shape = {:?}",
        x.dim(),
        y.dim()
    )?;
    let g = net.gradient(x.view(), t.view());
    writeln!(
        out,
        "grads = net.gradient(x, t): w1 {:?}, b1 ({},), w2 {:?}, b2 ({},)",
        g.w1.dim(),
        g.b1.len(),
        g.w2.dim(),
        g.b2.len()
    )?;
    writeln!(out)?;

    // the gradient check: the book's numerical gradient is slow but sure, so it
    // checks the fast one
    writeln!(
        out,
        "Gradient check on the first 3 training images, TwoLayerNet(784, 50, 10), seed 0:"
    )?;
    let Some(data) = mnist_or_explain(ctx)? else {
        return Ok(());
    };
    let out = &mut *ctx.out;
    let m = &data.mnist;
    let rows = [0, 1, 2];
    let x_batch = m.train.x_rows(&rows);
    let t_batch = one_hot_rows(&m.train.labels, &rows);
    let net = TwoLayerNet::new(784, 50, 10, 0.01, &mut ChaCha8Rng::seed_from_u64(0));
    let numerical = net.numerical_gradient(x_batch.view(), t_batch.view());
    let backprop = net.gradient(x_batch.view(), t_batch.view());
    writeln!(
        out,
        "{} parameters, {} loss evaluations for the numerical gradient, one pass for backprop",
        net.param_count(),
        2 * net.param_count()
    )?;
    for (name, diff) in ["W1", "b1", "W2", "b2"]
        .iter()
        .zip(backprop.max_abs_diff(&numerical))
    {
        writeln!(
            out,
            "  {name}: max |backprop - numerical| = {}",
            py_repr(diff)
        )?;
    }
    let rel = |diff: f64, a: &mut dyn Iterator<Item = f64>| diff / a.fold(0.0, f64::max);
    let [_, _, d_w2, d_b2] = backprop.max_abs_diff(&numerical);
    writeln!(
        out,
        "  relative to the largest |backprop| entry: W2 {}, b2 {}",
        py_repr(rel(d_w2, &mut backprop.w2.iter().map(|v| v.abs()))),
        py_repr(rel(d_b2, &mut backprop.b2.iter().map(|v| v.abs())))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Where the 1e-7 in W2 and b2 comes from: backprop differentiates the loss without the delta."
    )?;
    writeln!(
        out,
        "The numerical gradient of W2 and b2 again, with delta = 0 inside the log (h still 1e-4):"
    )?;
    let (w1, b1) = (&net.w1, &net.b1);
    let loss0 = |w2: &Array2<f64>, b2: &Array1<f64>| {
        cross_entropy_error_batch_with_delta(
            &predict(w1, b1, w2, b2, x_batch.view()),
            &t_batch,
            0.0,
        )
    };
    let w2_0 = numerical_gradient(|w| loss0(w, &net.b2), &mut net.w2.clone());
    let b2_0 = numerical_gradient(|b| loss0(&net.w2, b), &mut net.b2.clone());
    let max_diff = |a: &mut dyn Iterator<Item = (f64, f64)>| {
        a.fold(0.0, |m, (x, y)| f64::max(m, (x - y).abs()))
    };
    writeln!(
        out,
        "  W2: max |backprop - numerical| = {}",
        py_repr(max_diff(
            &mut backprop.w2.iter().copied().zip(w2_0.iter().copied())
        ))
    )?;
    writeln!(
        out,
        "  b2: max |backprop - numerical| = {}",
        py_repr(max_diff(
            &mut backprop.b2.iter().copied().zip(b2_0.iter().copied())
        ))
    )?;
    writeln!(
        out,
        "So the 1e-7 is the delta (about 1e-7 / y for a right-class output y), not h; what remains is h and rounding."
    )?;
    Ok(())
}

//! 4.4.2 simpleNet with the weights the book printed: prediction, loss and dL/dW;
//! then `net = simpleNet()` with random weights after seed 0, from the stream
//! `--rng` names and from the other one.

use ndarray::{Array1, arr1, arr2};

use super::Ctx;
use crate::ch04::simple_net::SimpleNet;
use crate::common::functions::softmax;
use crate::common::numpy::{format_array, py_repr};
use crate::common::random::{RngKind, Stream};
use crate::error::Result;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    let w = arr2(&[
        [0.47355232, 0.9977393, 0.84668094],
        [0.85557411, 0.03563661, 0.69422093],
    ]);
    let mut net = SimpleNet::with_weights(w);
    let x = arr1(&[0.6, 0.9]);
    let t = arr1(&[0.0, 0.0, 1.0]);

    writeln!(
        out,
        "net.w = {}   (the weights the book printed)",
        format_array(&net.w).replace('\n', "\n        ")
    )?;
    writeln!(out, "x = {}, t = {}", format_array(&x), format_array(&t))?;
    writeln!(out)?;
    show(
        out,
        &mut net,
        &x,
        &t,
        "dW = net.numerical_gradient(&x, &t) =",
    )?;
    let p = net.predict(&x);
    writeln!(out)?;

    writeln!(
        out,
        "The book printed its loss and dW before its code added the 1e-7 delta to"
    )?;
    writeln!(
        out,
        "cross_entropy_error. Without the delta dW matches the book's printout to every printed digit:"
    )?;
    net.delta = 0.0;
    writeln!(
        out,
        "net.loss(&x, &t) = {}   (delta = 0)",
        py_repr(net.loss(&x, &t))
    )?;
    let dw0 = net.numerical_gradient(&x, &t);
    writeln!(out, "dW (delta = 0) =")?;
    writeln!(out, "{}", format_array(&dw0))?;
    writeln!(
        out,
        "The loss does not: the book prints 0.92806853663411326, computed from the unrounded W;"
    )?;
    writeln!(
        out,
        "the W it printed (8 decimals) moves the loss in the 9th digit. dW, a difference of two losses, hides that."
    )?;
    let y2 = softmax(&p)[2];
    writeln!(
        out,
        "The delta shifts -log(y2) by about 1e-7 / y2 = {}, which shows in dW's 7th decimal.",
        py_repr(1e-7 / y2)
    )?;

    // net = simpleNet(): self.W = np.random.randn(2, 3), after a seed of 0
    let others = match ctx.rng {
        RngKind::ChaCha8 => [RngKind::ChaCha8, RngKind::NumPy],
        RngKind::NumPy => [RngKind::NumPy, RngKind::ChaCha8],
    };
    for kind in others {
        let mut net = SimpleNet::from_rng(&mut Stream::new(kind, 0));
        let name = match kind {
            RngKind::ChaCha8 => "--rng chacha (the default): ChaCha8, seed 0",
            RngKind::NumPy => "--rng numpy: np.random.seed(0), the Python's W",
        };
        writeln!(out)?;
        writeln!(
            out,
            "net = simpleNet() with W = np.random.randn(2, 3) from {name}:"
        )?;
        writeln!(
            out,
            "net.w = {}",
            format_array(&net.w).replace('\n', "\n        ")
        )?;
        show(out, &mut net, &x, &t, "dW =")?;
    }
    Ok(())
}

/// What the book prints for a simpleNet: its scores, their argmax, the loss and
/// (under `dw_label`) the numerical gradient.
fn show(
    out: &mut dyn std::io::Write,
    net: &mut SimpleNet,
    x: &Array1<f64>,
    t: &Array1<f64>,
    dw_label: &str,
) -> Result<()> {
    let p = net.predict(x);
    writeln!(out, "net.predict(&x) = {}", format_array(&p))?;
    let argmax = p
        .iter()
        .enumerate()
        .fold(0, |best, (i, &v)| if v > p[best] { i } else { best });
    writeln!(out, "argmax = {argmax}")?;
    writeln!(out, "net.loss(&x, &t) = {}", py_repr(net.loss(x, t)))?;
    let dw = net.numerical_gradient(x, t);
    writeln!(out, "{dw_label}")?;
    writeln!(out, "{}", format_array(&dw))?;
    Ok(())
}

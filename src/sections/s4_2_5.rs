//! 4.2.5 Why a loss function and not accuracy: sweep one weight of the 4.4.2 net
//! over a small batch; the loss moves at every step, the accuracy only jumps.

use super::Ctx;
use crate::ch04::diff::numerical_diff;
use crate::ch04::why_loss::{
    SweepPoint, accuracy, accuracy_jumps, book_w, linspace, loss, slope_at, sweep, sweep_batch,
};
use crate::common::functions::{sigmoid, sigmoid_grad, step_function};
use crate::common::numpy::py_repr;
use crate::error::Result;
use crate::plot::{self, Plot, Series};

/// The batch: 20 inputs, seed 0; the sweep: w[0][2] from -2 to 4 in steps of 0.01.
const N: usize = 20;
const SEED: u64 = 0;
const FROM: f64 = -2.0;
const TO: f64 = 4.0;
const STEPS: usize = 600;

fn sweep_points() -> Vec<SweepPoint> {
    let (x, t) = sweep_batch(N, SEED);
    sweep(&book_w(), &linspace(FROM, TO, STEPS), &x, &t)
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    let (x, t) = sweep_batch(N, SEED);
    let w = book_w();
    writeln!(
        out,
        "The 4.4.2 net (the book's W) on {N} inputs; we move only w[0][2] and watch two measures."
    )?;
    writeln!(out)?;
    writeln!(out, "w[0][2]     loss                  accuracy")?;
    for v in [-2.0, -1.0, 0.0, w[[0, 2]], 1.0, 2.0, 3.0, 4.0] {
        let mut wv = w.clone();
        wv[[0, 2]] = v;
        writeln!(
            out,
            "{:<11} {:<21} {}",
            py_repr(v),
            py_repr(loss(&wv, &x, &t)),
            py_repr(accuracy(&wv, &x, &t))
        )?;
    }
    writeln!(out)?;
    let v = w[[0, 2]];
    writeln!(out, "Their slopes at the book's w[0][2] = {}:", py_repr(v))?;
    writeln!(
        out,
        "  d loss / d w[0][2]     = {}",
        py_repr(slope_at(loss, &w, v, &x, &t))
    )?;
    writeln!(
        out,
        "  d accuracy / d w[0][2] = {}   (no direction to move in)",
        py_repr(slope_at(accuracy, &w, v, &x, &t))
    )?;
    let points = sweep_points();
    let jumps = accuracy_jumps(&points);
    writeln!(out)?;
    writeln!(
        out,
        "Over {} values from {} to {}, the accuracy changes only {} times, by 1/{N} or more:",
        points.len(),
        py_repr(FROM),
        py_repr(TO),
        jumps.len()
    )?;
    for (at, a, b) in &jumps {
        writeln!(
            out,
            "  near w[0][2] = {:.3}: {} -> {}",
            at,
            py_repr(*a),
            py_repr(*b)
        )?;
    }
    writeln!(
        out,
        "(Past 2 the loss still falls while the accuracy drops: the loss also counts how sure"
    )?;
    writeln!(
        out,
        "the net is of each answer, not only whether it is right.)"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "The same with activations: the step function is flat except at 0, the sigmoid never is."
    )?;
    writeln!(
        out,
        "x      step'(x) numerically   sigmoid'(x) numerically   sigmoid'(x) = (1 - s) s"
    )?;
    for x in [-2.0, -0.5, 0.0, 0.5, 2.0] {
        writeln!(
            out,
            "{:<6} {:<22} {:<25} {}",
            py_repr(x),
            py_repr(numerical_diff(step_function, x)),
            py_repr(numerical_diff(sigmoid, x)),
            py_repr(sigmoid_grad(x))
        )?;
    }
    writeln!(
        out,
        "(At exactly 0 the step's central difference is 1 / 2h = 5000: a cliff, not a slope.)"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "\"Never 0\" holds for real numbers. In f64, once exp(-x) < 2^-53 the sum 1 + exp(-x) rounds to 1:"
    )?;
    let first_zero = (0..10_000)
        .map(|k| k as f64 * 0.01)
        .find(|&x| sigmoid_grad(x) == 0.0)
        .unwrap_or(f64::NAN);
    for x in [36.0, first_zero, 40.0, -40.0, -710.0] {
        writeln!(
            out,
            "  sigmoid_grad({}) = {}",
            py_repr(x),
            py_repr(sigmoid_grad(x))
        )?;
    }
    writeln!(
        out,
        "  from x = {} (first on a 0.01 grid; -ln 2^-53 = {}) s is exactly 1.0, so (1 - s) s = 0.0;",
        py_repr(first_zero),
        py_repr(53.0 * std::f64::consts::LN_2)
    )?;
    writeln!(
        out,
        "  on the negative side s stays a tiny positive number until exp(-x) overflows past x = -709.78."
    )?;
    // Two stacked panels: each as tall as a usual chart.
    ctx.figure_sized("4.2.5-loss-vs-accuracy", (800, 760), draw_sweep)?;
    ctx.figure("4.2.5-step-vs-sigmoid", draw_activations)?;
    Ok(())
}

/// Top: the loss along the sweep, smooth. Bottom: the accuracy, flat with jumps.
fn draw_sweep(area: &plot::Area) -> plot::DrawResult {
    let points = sweep_points();
    let book_v = book_w()[[0, 2]];
    let panels = plot::panels(area, 2, 1);
    let loss_pts: Vec<(f64, f64)> = points.iter().map(|p| (p.w, p.loss)).collect();
    let acc_pts: Vec<(f64, f64)> = points.iter().map(|p| (p.w, p.accuracy)).collect();
    let max_loss = loss_pts.iter().map(|p| p.1).fold(0.0, f64::max);
    let marker = |y0: f64, y1: f64| vec![(book_v, y0), (book_v, y1)];
    plot::line_chart(
        &panels[0],
        &Plot::new(
            "4.2.5  Sweeping w[0][2]: the loss moves smoothly…",
            "w[0][2]",
            "loss",
            FROM..TO,
            0.0..(max_loss * 1.1),
        ),
        &[
            Series::line("mean cross-entropy over 20 inputs", loss_pts).color(plot::color(0)),
            Series::dashed("the book's w[0][2]", marker(0.0, max_loss * 1.1)).color(plot::color(6)),
        ],
    )?;
    plot::line_chart(
        &panels[1],
        &Plot::new(
            "…while the accuracy is flat, then jumps",
            "w[0][2]",
            "accuracy",
            FROM..TO,
            0.0..1.1,
        )
        .legend(plot::SeriesLabelPosition::LowerRight),
        &[
            Series::line("fraction classified right", acc_pts).color(plot::color(1)),
            Series::dashed("the book's w[0][2]", marker(0.0, 1.1)).color(plot::color(6)),
        ],
    )
}

/// Left: the step function and the sigmoid. Right: their slopes; the step's is
/// 0 everywhere it is defined, the sigmoid's never 0.
fn draw_activations(area: &plot::Area) -> plot::DrawResult {
    let xs = linspace(-6.0, 6.0, 1200);
    let curve = |f: fn(f64) -> f64| xs.iter().map(|&x| (x, f(x))).collect::<Vec<_>>();
    let panels = plot::panels(area, 1, 2);
    plot::line_chart(
        &panels[0],
        &Plot::new("4.2.5  Activations", "x", "y", -6.0..6.0, -0.1..1.35)
            .legend(plot::SeriesLabelPosition::UpperLeft),
        &[
            Series::line("step", curve(step_function)),
            Series::line("sigmoid", curve(sigmoid)),
        ],
    )?;
    // The step's slope: 0 on both sides; at 0 it has none (drawn as a gap).
    let left: Vec<(f64, f64)> = xs.iter().filter(|&&x| x < 0.0).map(|&x| (x, 0.0)).collect();
    let right: Vec<(f64, f64)> = xs.iter().filter(|&&x| x > 0.0).map(|&x| (x, 0.0)).collect();
    plot::line_chart(
        &panels[1],
        &Plot::new("…and their slopes", "x", "dy/dx", -6.0..6.0, -0.03..0.34)
            .legend(plot::SeriesLabelPosition::UpperLeft),
        &[
            Series::line("step: 0 (none at x = 0)", left).color(plot::color(0)),
            Series::line("", right).color(plot::color(0)),
            Series::line("sigmoid: (1 - s) s", curve(sigmoid_grad)).color(plot::color(1)),
        ],
    )
}

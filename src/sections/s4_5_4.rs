//! 4.5.4 The numerical gradient, computed locally: the work counted on the
//! book run's first mini-batch, the local gradient checked against the naive
//! one and against backpropagation, and the book's whole run with each.

use plotters::prelude::SeriesLabelPosition;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::{Ctx, mnist_or_explain};
use crate::ch04::local_gradient::count_work;
use crate::ch04::train::{Epoch, GradMethod, TrainConfig};
use crate::ch04::two_layer_net::TwoLayerNet;
use crate::common::mnist::{CLASSES, PIXELS, one_hot_rows};
use crate::common::numpy::py_repr;
use crate::engine::sparse::PixelRows;
use crate::engine::train::{Precision, train};
use crate::engine::{net, numgrad};
use crate::error::Result;
use crate::plot::{self, Plot, Series};

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let Some(data) = mnist_or_explain(ctx)? else {
        return Ok(());
    };
    // the book run's start: seed 0, the net, then the first mini-batch
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let network = TwoLayerNet::new(PIXELS, 50, CLASSES, 0.01, &mut rng);
    let mask: Vec<usize> = (0..100).map(|_| rng.random_range(0..60_000)).collect();
    let x = data.mnist.train.x_rows(&mask);
    let t = one_hot_rows(&data.mnist.train.labels, &mask);
    let labels: Vec<usize> = mask
        .iter()
        .map(|&r| data.mnist.train.labels[r] as usize)
        .collect();
    let w = count_work(&network, x.view());
    let out = &mut *ctx.out;
    writeln!(
        out,
        "The book run's first mini-batch (100 images), net 784-50-10:"
    )?;
    writeln!(out, "  parameters                         {:>15}", w.params)?;
    writeln!(
        out,
        "  pixels 0 in all 100 images         {:>15} of {PIXELS}",
        w.blank_pixels
    )?;
    writeln!(
        out,
        "  naive: loss evaluations (batches)  {:>15}",
        w.naive_batch_losses
    )?;
    writeln!(
        out,
        "  naive: multiply-adds               {:>15}",
        w.naive_multiply_adds
    )?;
    writeln!(
        out,
        "  local: loss evaluations (images)   {:>15}",
        w.local_image_losses
    )?;
    writeln!(
        out,
        "  local: multiply-adds               {:>15}",
        w.local_multiply_adds
    )?;
    writeln!(
        out,
        "  multiply-adds, naive / local       {:>15.0}",
        w.naive_multiply_adds as f64 / w.local_multiply_adds as f64
    )?;

    // the gradients on that batch
    let xs = PixelRows::from_dense(x.view());
    let local = crate::ch04::local_gradient::numerical_gradient_local(&network, x.view(), t.view());
    let fast = numgrad::numerical_gradient_local(&network, &xs, &labels, 2);
    let backprop = network.gradient(x.view(), t.view());
    // the naive way on every 29th W1 entry and every other parameter (a whole
    // forward pass per nudge: all 39,760 would take a while)
    let h = 1e-4;
    let loss = |n: &TwoLayerNet| net::loss(n, &xs, t.view());
    let mut nudged = network.clone();
    let mut checked = 0;
    let (mut fast_naive, mut local_naive, mut naive_bp) = (0.0f64, 0.0f64, 0.0f64);
    let mut compare = |naive: f64, f: f64, l: f64, bp: f64| {
        fast_naive = fast_naive.max((f - naive).abs());
        local_naive = local_naive.max((l - naive).abs());
        naive_bp = naive_bp.max((naive - bp).abs());
        checked += 1;
    };
    macro_rules! nudge {
        ($p:expr) => {{
            let tmp = $p;
            $p = tmp + h;
            let f1 = loss(&nudged);
            $p = tmp - h;
            let f2 = loss(&nudged);
            $p = tmp;
            (f1 - f2) / (2.0 * h)
        }};
    }
    for idx in (0..PIXELS * 50).step_by(29) {
        let (i, j) = (idx / 50, idx % 50);
        let g = nudge!(nudged.w1[[i, j]]);
        compare(g, fast.w1[[i, j]], local.w1[[i, j]], backprop.w1[[i, j]]);
    }
    for j in 0..50 {
        let g = nudge!(nudged.b1[j]);
        compare(g, fast.b1[j], local.b1[j], backprop.b1[j]);
        for k in 0..CLASSES {
            let g = nudge!(nudged.w2[[j, k]]);
            compare(g, fast.w2[[j, k]], local.w2[[j, k]], backprop.w2[[j, k]]);
        }
    }
    for k in 0..CLASSES {
        let g = nudge!(nudged.b2[k]);
        compare(g, fast.b2[k], local.b2[k], backprop.b2[k]);
    }
    let worst = |d: [f64; 4]| d.into_iter().fold(0.0, f64::max);
    writeln!(
        out,
        "The gradient on that batch, the largest difference of one entry:"
    )?;
    writeln!(
        out,
        "  chapter local vs engine local (all 39,760)       {:.3e}",
        worst(local.max_abs_diff(&fast))
    )?;
    writeln!(
        out,
        "  chapter local vs naive ({checked} entries)          {local_naive:.3e}"
    )?;
    writeln!(
        out,
        "  engine local vs naive (the same entries)         {fast_naive:.3e}"
    )?;
    writeln!(
        out,
        "  naive vs backprop (the same entries)             {naive_bp:.3e}"
    )?;
    writeln!(
        out,
        "  engine local vs backprop (all 39,760)            {:.3e}",
        worst(fast.max_abs_diff(&backprop))
    )?;

    // the book's whole run with each gradient, same seed
    let cfg = TrainConfig::default();
    eprintln!(
        "4.5.4: training the book's run ({} iterations) with the numerical gradient, then with backprop (about 1.5 minutes on two cores)",
        cfg.iters
    );
    let numerical = train(
        &TrainConfig {
            grad: GradMethod::Numerical,
            ..cfg
        },
        Precision::F64,
        &data.engine,
        |_, _| {},
        |_| {},
    )?;
    let bp = train(&cfg, Precision::F64, &data.engine, |_, _| {}, |_| {})?;
    let (n_train, n_test) = (data.mnist.train.len(), data.mnist.test.len());
    writeln!(
        out,
        "The book's whole run ({} iterations, seed 0) with each gradient, images classified right:",
        cfg.iters
    )?;
    writeln!(
        out,
        "  iter | train: numerical backprop | test: numerical backprop"
    )?;
    let right = |acc: f64, n: usize| (acc * n as f64).round() as i64;
    let mut differ = vec![];
    for (a, b) in numerical.epochs.iter().zip(&bp.epochs) {
        let (tn, tb) = (right(a.train_acc, n_train), right(b.train_acc, n_train));
        let (sn, sb) = (right(a.test_acc, n_test), right(b.test_acc, n_test));
        let mark = if (tn, sn) == (tb, sb) {
            ""
        } else {
            "  differs"
        };
        if !mark.is_empty() {
            differ.push(a.iter);
        }
        writeln!(
            out,
            "  {:>4} | {tn:>16} {tb:>8} | {sn:>15} {sb:>8}{mark}",
            a.iter
        )?;
    }
    writeln!(
        out,
        "  rows that differ: {} of {}",
        differ.len(),
        numerical.epochs.len()
    )?;
    if let (Some(a), Some(b)) = (numerical.epochs.last(), bp.epochs.last()) {
        writeln!(
            out,
            "  final accuracy | numerical {}, {} | backprop {}, {}",
            py_repr(a.train_acc),
            py_repr(a.test_acc),
            py_repr(b.train_acc),
            py_repr(b.test_acc)
        )?;
    }
    let (ln, lb) = (numerical.train_loss_list.last(), bp.train_loss_list.last());
    if let (Some(ln), Some(lb)) = (ln, lb) {
        writeln!(
            out,
            "  last mini-batch loss | numerical {} | backprop {}",
            py_repr(*ln),
            py_repr(*lb)
        )?;
    }
    ctx.figure("4.5.4-numerical-vs-backprop", |area| {
        draw_both(area, &numerical.epochs, &bp.epochs, n_train)
    })
}

/// Test accuracy per evaluation, numerical-gradient training over backprop's;
/// below, how many more training images (of `n_train`) the numerical run gets
/// right at each evaluation.
pub fn draw_both(
    area: &plot::Area,
    numerical: &[Epoch],
    backprop: &[Epoch],
    n_train: usize,
) -> plot::DrawResult {
    let pts = |e: &[Epoch]| {
        e.iter()
            .map(|e| (e.iter as f64, e.test_acc))
            .collect::<Vec<_>>()
    };
    let last = numerical.last().map_or(1.0, |e| e.iter.max(1) as f64);
    let panels = plot::panels(area, 2, 1);
    let p = Plot::new(
        "4.5.4  test accuracy: numerical gradient vs backprop (seed 0)",
        "iteration",
        "test accuracy",
        0.0..last,
        0.0..1.0,
    )
    .legend(SeriesLabelPosition::LowerRight);
    plot::line_chart(
        &panels[0],
        &p,
        &[
            Series::line("numerical gradient (local)", pts(numerical)),
            Series::dashed("backprop", pts(backprop)),
        ],
    )?;
    let n = n_train as f64;
    let diff: Vec<(f64, f64)> = numerical
        .iter()
        .zip(backprop)
        .map(|(a, b)| (a.iter as f64, ((a.train_acc - b.train_acc) * n).round()))
        .collect();
    let reach = diff.iter().fold(2.0f64, |m, p| m.max(p.1.abs() + 1.0));
    let d = Plot::new(
        &format!("training images right, numerical minus backprop (of {n_train})"),
        "iteration",
        "images",
        0.0..last,
        -reach..reach,
    )
    .legend(SeriesLabelPosition::UpperRight);
    plot::line_chart(
        &panels[1],
        &d,
        &[Series::new(
            "numerical - backprop",
            diff,
            plot::Mark::LinePoints,
        )],
    )
}

//! 4.5.2 Mini-batch training: the book's loop, 10,000 iterations of 100 images,
//! and its loss curve (fig 4-11).

use super::book_run_cached;
use super::{Ctx, mnist_or_explain};
use crate::common::numpy::{moving_average, py_repr};
use crate::engine::train::Precision;
use crate::error::Result;
use crate::plot::{self, Plot, Series};

pub fn run(ctx: &mut Ctx) -> Result<()> {
    if mnist_or_explain(ctx)?.is_none() {
        return Ok(());
    }
    let r = book_run_cached(&ctx.data, Precision::F64, ctx.rng)?;
    let c = &r.config;
    let out = &mut *ctx.out;
    writeln!(
        out,
        "iters_num = {}, batch_size = {} (drawn with replacement), learning_rate = {}, hidden_size = {}, seed = {}",
        c.iters, c.batch, c.lr, c.hidden, c.seed
    )?;
    let losses = &r.train_loss_list;
    writeln!(
        out,
        "train_loss_list has {} entries, one per iteration:",
        losses.len()
    )?;
    for i in (0..10.min(losses.len())).chain((1000..losses.len()).step_by(1000)) {
        writeln!(out, "  iteration {i:5}: loss {}", py_repr(losses[i]))?;
    }
    if let Some(&last) = losses.last() {
        writeln!(
            out,
            "  iteration {:5}: loss {}",
            losses.len() - 1,
            py_repr(last)
        )?;
    }
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len().max(1) as f64;
    writeln!(
        out,
        "mean loss of the first 100 iterations {:.6}, of the last 100 {:.6}",
        mean(&losses[..100.min(losses.len())]),
        mean(&losses[losses.len().saturating_sub(100)..])
    )?;
    ctx.figure("4.5.2-fig4-11-loss", |area| {
        draw_loss(area, &r.train_loss_list)
    })
}

/// How many iterations the moving average of fig 4-11 spans.
pub const LOSS_WINDOW: usize = 100;

/// Fig 4-11: every mini-batch's loss against the iteration (thin, light), and
/// its moving average over [`LOSS_WINDOW`] iterations drawn at the window's last
/// iteration.
pub fn draw_loss(area: &plot::Area, losses: &[f64]) -> plot::DrawResult {
    let points: Vec<(f64, f64)> = losses
        .iter()
        .enumerate()
        .map(|(i, &l)| (i as f64, l))
        .collect();
    let window = LOSS_WINDOW.min(losses.len()).max(1);
    let mean: Vec<(f64, f64)> = moving_average(losses, window)
        .into_iter()
        .enumerate()
        .map(|(i, m)| ((i + window - 1) as f64, m))
        .collect();
    let top = losses.iter().fold(0.0f64, |m, &l| m.max(l)).max(2.5);
    let p = Plot::new(
        "4.5.2 (fig 4-11)  mini-batch loss while training",
        "iteration",
        "loss",
        0.0..points.len().max(1) as f64,
        0.0..top * 1.05,
    );
    plot::line_chart(
        area,
        &p,
        &[
            Series::line("loss of each mini-batch", points)
                .color(LIGHT_BLUE)
                .width(1),
            Series::line(&format!("mean of the last {window} losses"), mean).color(plot::color(0)),
        ],
    )
}

/// The raw losses' colour: the palette's blue, lightened, so the average on
/// top stands out.
const LIGHT_BLUE: plot::RGBColor = plot::RGBColor(158, 198, 228);

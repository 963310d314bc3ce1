//! 4.5.2 Mini-batch training: the book's loop, 10,000 iterations of 100 images,
//! and its loss curve (fig 4-11).

use super::book_run_cached;
use super::{Ctx, mnist_or_explain};
use crate::common::numpy::{moving_average, py_repr};
use crate::engine::train::Precision;
use crate::error::Result;
use crate::plot::{self, Plot, Series};
use plotters::prelude::{Color, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
    // ANCHOR: plateau
    let n = plateau_length(losses, PLATEAU_LEVEL);
    writeln!(
        out,
        "the loss stays above {PLATEAU_LEVEL} for the first {n} iterations (the plateau, 고원): \
         mean {:.4} there, ln 10 = {:.4}",
        mean(&losses[..n.max(1).min(losses.len())]),
        10f64.ln()
    )?;
    // ANCHOR_END: plateau
    ctx.figure("4.5.2-fig4-11-loss", |area| {
        draw_loss(area, &r.train_loss_list)
    })
}

/// The loss level that marks the end of the first plateau: 2.2, a little below
/// ln 10 ≈ 2.30, the loss of a net whose ten outputs are all about 0.1.
pub const PLATEAU_LEVEL: f64 = 2.2;

/// The number of iterations before the first loss below `level`: how long the
/// run sits on its starting plateau (all of them if it never gets below).
pub fn plateau_length(losses: &[f64], level: f64) -> usize {
    losses
        .iter()
        .position(|&l| l < level)
        .unwrap_or(losses.len())
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
    let n = plateau_length(losses, PLATEAU_LEVEL);
    let y_top = top * 1.05;
    plot::line_chart_with(
        area,
        &p,
        &[
            Series::line("loss of each mini-batch", points)
                .color(LIGHT_BLUE)
                .width(1),
            Series::line(&format!("mean of the last {window} losses"), mean).color(plot::color(0)),
        ],
        |chart| {
            // The plateau: a light band over the iterations before the first
            // loss below PLATEAU_LEVEL, and a note with an arrow pointing at it.
            if n == 0 || n >= losses.len() {
                return Ok(());
            }
            let band = plot::color(1);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, 0.0), (n as f64, y_top)],
                band.mix(0.18).filled(),
            )))?;
            let span = losses.len() as f64;
            let (tx, ty) = (n as f64 + 0.07 * span, 1.95);
            plot::arrow(
                chart,
                (tx, ty),
                (n as f64 * 0.6, 2.33),
                plot::RGBColor(90, 90, 90),
                9.0,
            )?;
            chart.draw_series(std::iter::once(Text::new(
                format!("plateau: above {PLATEAU_LEVEL} for the first {n} iterations"),
                (tx + 0.01 * span, ty),
                plot::legend_style().pos(Pos::new(HPos::Left, VPos::Center)),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                "(loss ≈ ln 10: every output ≈ 0.1)".to_string(),
                (tx + 0.01 * span, ty - 0.13),
                plot::legend_style().pos(Pos::new(HPos::Left, VPos::Center)),
            )))?;
            Ok(())
        },
    )
}

/// The raw losses' colour: the palette's blue, lightened, so the average on
/// top stands out.
const LIGHT_BLUE: plot::RGBColor = plot::RGBColor(158, 198, 228);

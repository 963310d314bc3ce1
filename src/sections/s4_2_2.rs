//! 4.2.2 Cross-entropy error on the same two outputs.

use super::Ctx;
use super::s4_2_1::{book_t, book_y1, book_y2};
use crate::ch04::loss::{cross_entropy_error, cross_entropy_error_with_delta};
use crate::common::numpy::{format_array, py_repr};
use crate::error::Result;
use crate::plot::{self, Plot, Series};

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    let (t, y1, y2) = (book_t(), book_y1(), book_y2());
    writeln!(out, "t  = {}", format_array(&t))?;
    writeln!(out, "y1 = {}   the net bets on 2", format_array(&y1))?;
    writeln!(
        out,
        "cross_entropy_error(&y1, &t) = {}",
        py_repr(cross_entropy_error(&y1, &t))
    )?;
    writeln!(out, "y2 = {}   the net bets on 7", format_array(&y2))?;
    writeln!(
        out,
        "cross_entropy_error(&y2, &t) = {}",
        py_repr(cross_entropy_error(&y2, &t))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Only the correct class counts: the loss is -log(y[2] + 1e-7)."
    )?;
    writeln!(
        out,
        "  -(0.6 + 1e-7).ln() = {}",
        py_repr(-(0.6f64 + 1e-7).ln())
    )?;
    writeln!(
        out,
        "  -(0.1 + 1e-7).ln() = {}",
        py_repr(-(0.1f64 + 1e-7).ln())
    )?;
    writeln!(
        out,
        "  -(0.0 + 1e-7).ln() = {}   (without the delta: -log(0) = inf)",
        py_repr(-(1e-7f64).ln())
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Without the delta the one-hot form breaks even for y1, whose right class has 0.6:"
    )?;
    writeln!(
        out,
        "  cross_entropy_error_with_delta(&y1, &t, 0.0) = {}   (y1[3] = 0: t[3] * log(0) = 0 * -inf = NaN)",
        py_repr(cross_entropy_error_with_delta(&y1, &t, 0.0))
    )?;
    ctx.figure("4.2.2-log", draw_log)?;
    Ok(())
}

/// y = log x on (0, 1] and the loss -log x beside it: log x is almost 0 near 1
/// and falls without bound towards 0, so the loss -log y of a small output for
/// the correct class is large.
fn draw_log(area: &plot::Area) -> plot::DrawResult {
    // log-spaced x from 1e-3 to 1, so the plunge near 0 is drawn smoothly
    let xs: Vec<f64> = (0..=300)
        .map(|i| 10f64.powf(-3.0 + 3.0 * i as f64 / 300.0))
        .collect();
    let log = xs.iter().map(|&x| (x, x.ln())).collect();
    let loss = xs.iter().map(|&x| (x, -x.ln())).collect();
    let book = [0.6, 0.1].iter().map(|&y: &f64| (y, -y.ln())).collect();
    plot::line_chart(
        area,
        &Plot::new(
            "4.2.2  log x and the loss -log x",
            "x (the output for the correct class)",
            "y",
            0.0..1.0,
            -7.0..7.0,
        )
        .legend(plot::SeriesLabelPosition::UpperRight),
        &[
            Series::dashed("y = log x", log).color(plot::color(6)),
            Series::line("y = -log x (the loss)", loss).color(plot::color(0)),
            Series::points("loss at the book's y[2] = 0.6 and 0.1", book).color(plot::color(3)),
        ],
    )
}

//! 4.4 The gradient of f(x0, x1) = x0² + x1² at three points.

use ndarray::arr1;

use super::Ctx;
use crate::ch04::gradient::{function_2, numerical_gradient};
use crate::common::numpy::{format_array, py_repr};
use crate::error::Result;
use crate::plot::{self, Plot};

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    writeln!(
        out,
        "function_2(x) = x[0].powi(2) + x[1].powi(2); its gradient is (2 x0, 2 x1)."
    )?;
    writeln!(out)?;
    for p in [[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]] {
        let mut x = arr1(&p);
        let grad = numerical_gradient(function_2, &mut x);
        let call = format!(
            "numerical_gradient(function_2, &mut arr1(&[{:.1}, {:.1}]))",
            p[0], p[1]
        );
        writeln!(out, "{call} = {}", format_array(&grad))?;
        let full: Vec<String> = grad.iter().map(|&g| py_repr(g)).collect();
        writeln!(
            out,
            "{:width$}   full digits: [{}]",
            "",
            full.join(", "),
            width = call.len()
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "NumPy prints 8 digits after the point (precision=8) and drops trailing zeros, so 6.00000000000378 shows as 6."
    )?;
    ctx.figure("4.4-fig4-9-gradient-field", draw_field)?;
    Ok(())
}

/// The grid of fig 4-9: -2 to 2 in steps of 0.25 in each direction, 17 points
/// centred on the minimum. (The book's `np.arange(-2, 2.5, 0.25)` stops at 2.25,
/// one column and one row more on the positive side, which makes the picture
/// lopsided; the arrows themselves are the same.)
pub fn field_grid() -> Vec<f64> {
    (0..17).map(|i| -2.0 + 0.25 * i as f64).collect()
}

/// Fig 4-9: at every grid point an arrow along -∇f, the way downhill; the
/// arrows all point at the minimum (0, 0) and shrink as they near it.
fn draw_field(area: &plot::Area) -> plot::DrawResult {
    let grid = field_grid();
    // Arrow length = 0.06 * |∇f|: the longest (at the corners, |∇f| ≈ 6) is
    // under two grid steps, as in the book's quiver plot.
    let scale = 0.06;
    let frame = Plot::new(
        "4.4 (fig 4-9)  -∇f for f(x0, x1) = x0² + x1²",
        "x0",
        "x1",
        -2.6..2.6,
        -2.6..2.6,
    )
    .equal_aspect();
    plot::line_chart_with(area, &frame, &[], |chart| {
        for &x1 in &grid {
            for &x0 in &grid {
                let g = numerical_gradient(function_2, &mut arr1(&[x0, x1]));
                let to = (x0 - scale * g[0], x1 - scale * g[1]);
                plot::arrow(chart, (x0, x1), to, plot::RGBColor(80, 80, 80), 7.0)?;
            }
        }
        Ok(())
    })
}

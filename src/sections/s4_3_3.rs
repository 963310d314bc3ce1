//! 4.3.3 Partial derivatives of f(x0, x1) = x0² + x1² at (3, 4).

use super::Ctx;
use crate::ch04::diff::{function_tmp1, function_tmp2, numerical_diff};
use crate::ch04::gradient::function_2;
use crate::common::numpy::py_repr;
use crate::error::Result;
use crate::plot::{self, Surface};

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    writeln!(
        out,
        "f(x0, x1) = x0² + x1² at (x0, x1) = (3, 4): hold one variable fixed, vary the other."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "∂f/∂x0: function_tmp1(x0) = x0 * x0 + 4.0_f64.powf(2.0)"
    )?;
    writeln!(
        out,
        "numerical_diff(function_tmp1, 3.0) = {}   (exact: 2 * 3 = 6)",
        py_repr(numerical_diff(function_tmp1, 3.0))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "∂f/∂x1: function_tmp2(x1) = 3.0_f64.powf(2.0) + x1 * x1"
    )?;
    writeln!(
        out,
        "numerical_diff(function_tmp2, 4.0) = {}   (exact: 2 * 4 = 8)",
        py_repr(numerical_diff(function_tmp2, 4.0))
    )?;
    ctx.figure("4.3.3-fig4-8-surface", draw_surface)?;
    Ok(())
}

/// Fig 4-8: the bowl f(x0, x1) = x0² + x1² over [-3, 3]², lowest at (0, 0).
fn draw_surface(area: &plot::Area) -> plot::DrawResult {
    plot::surface(
        area,
        &Surface {
            title: "4.3.3 (fig 4-8)  f(x0, x1) = x0² + x1²",
            labels: ("x0", "x1", "f(x)"),
            x_range: -3.0..3.0,
            y_range: -3.0..3.0,
            z_range: 0.0..18.0,
            steps: 30,
            yaw: 0.7,
            pitch: 0.35,
        },
        |x0, x1| function_2(&ndarray::arr1(&[x0, x1])),
    )
}

//! 4.3.3 Partial derivatives of f(x0, x1) = x0² + x1² at (3, 4).

use super::Ctx;
use crate::diff::{function_tmp1, function_tmp2, numerical_diff};
use crate::error::Result;
use crate::numpy::py_repr;

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
    Ok(())
}

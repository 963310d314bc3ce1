//! 4.3.2 The numerical derivative of y = 0.01x² + 0.1x at x = 5 and x = 10.

use super::Ctx;
use crate::diff::{function_1, function_1_derivative, numerical_diff};
use crate::error::Result;
use crate::numpy::py_repr;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    writeln!(out, "function_1(x) = 0.01 * x.powi(2) + 0.1 * x")?;
    writeln!(out)?;
    for x in [5.0, 10.0] {
        let num = numerical_diff(function_1, x);
        let exact = function_1_derivative(x);
        writeln!(out, "numerical_diff(function_1, {x:.1}) = {}", py_repr(num))?;
        writeln!(out, "  true derivative 0.02x + 0.1 = {}", py_repr(exact))?;
        writeln!(
            out,
            "  error                       = {}",
            py_repr(num - exact)
        )?;
    }
    Ok(())
}

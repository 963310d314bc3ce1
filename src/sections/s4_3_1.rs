//! 4.3.1 Why the naive derivative with h = 1e-50 fails, and the central difference.

use super::Ctx;
use crate::diff::{
    forward_diff, function_1, function_1_derivative, numerical_diff, numerical_diff_bad,
};
use crate::error::Result;
use crate::numpy::py_repr;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    writeln!(out, "Problem 1: h = 1e-50 is too small for floating point.")?;
    writeln!(
        out,
        "  1e-50_f64 as f32        = {}   (np.float32(1e-50): below the smallest f32)",
        py_repr(1e-50_f64 as f32 as f64)
    )?;
    writeln!(
        out,
        "  5.0 + 10e-50 == 5.0     = {}   (a 64-bit float near 5 has only ~16 digits)",
        rounds_away(5.0, 10e-50)
    )?;
    writeln!(
        out,
        "  numerical_diff_bad(function_1, 5.0) = {}",
        py_repr(numerical_diff_bad(function_1, 5.0))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Problem 2: (f(x+h) - f(x)) / h is the slope between x and x+h, not at x."
    )?;
    writeln!(
        out,
        "At x = 5 the true slope of function_1 is {}:",
        py_repr(function_1_derivative(5.0))
    )?;
    let fwd = forward_diff(function_1, 5.0, 1e-4);
    let cen = numerical_diff(function_1, 5.0);
    writeln!(
        out,
        "  forward, h = 1e-4:  {:<20}  error {}",
        py_repr(fwd),
        py_repr(fwd - 0.2)
    )?;
    writeln!(
        out,
        "  central, h = 1e-4:  {:<20}  error {}",
        py_repr(cen),
        py_repr(cen - 0.2)
    )?;
    writeln!(out)?;
    writeln!(out, "numerical_diff(function_1, 5.0) = {}", py_repr(cen))?;
    Ok(())
}

/// Whether adding h to x gives x back: h is below half the gap between doubles near x.
fn rounds_away(x: f64, h: f64) -> bool {
    x + h == x
}

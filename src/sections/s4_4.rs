//! 4.4 The gradient of f(x0, x1) = x0² + x1² at three points.

use ndarray::arr1;

use super::Ctx;
use crate::error::Result;
use crate::gradient::{function_2, numerical_gradient};
use crate::numpy::{format_array, py_repr};

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
        "NumPy prints 8 significant digits, so 6.00000000000378 shows as 6."
    )?;
    Ok(())
}

//! 4.4.1 Gradient descent from (-3, 4) with a good, a too-large and a too-small learning rate.

use ndarray::{Array1, arr1};

use super::Ctx;
use crate::error::Result;
use crate::gradient::{function_2, gradient_descent, numerical_gradient};
use crate::numpy::{format_array, py_repr};

/// The book's start point and number of steps.
pub const INIT_X: [f64; 2] = [-3.0, 4.0];
pub const STEP_NUM: usize = 100;

/// The first step at which each coordinate's numerical gradient is exactly 0,
/// so that coordinate never moves again.
pub fn freeze_steps(path: &[Array1<f64>]) -> [Option<usize>; 2] {
    let mut frozen = [None, None];
    for (k, x) in path.iter().enumerate() {
        let grad = numerical_gradient(function_2, &mut x.clone());
        for i in 0..2 {
            if frozen[i].is_none() && grad[i] == 0.0 {
                frozen[i] = Some(k);
            }
        }
    }
    frozen
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    let init_x = arr1(&INIT_X);
    writeln!(
        out,
        "init_x = {}, step_num = {STEP_NUM}; the minimum is at (0, 0).",
        format_array(&init_x)
    )?;
    writeln!(out)?;
    let notes = [
        (0.1, "a good step: next to (0, 0)"),
        (10.0, "too large: it overshoots, grows, then freezes"),
        (1e-10, "too small: it has hardly moved"),
    ];
    for (lr, note) in notes {
        let (x, _) = gradient_descent(function_2, &init_x, lr, STEP_NUM);
        writeln!(
            out,
            "gradient_descent(function_2, &init_x, lr = {}, {STEP_NUM})",
            py_repr(lr)
        )?;
        writeln!(out, "  = {}   {note}", format_array(&x))?;
    }

    // ANCHOR: freeze
    let lr = 10.0;
    let (x, path) = gradient_descent(function_2, &init_x, lr, STEP_NUM);
    writeln!(out)?;
    writeln!(
        out,
        "Why lr = 10.0 ends at {} and not at 3 * 19^100 = {}:",
        format_array(&x),
        py_repr(3.0 * 19f64.powi(100))
    )?;
    writeln!(
        out,
        "each step multiplies x by (1 - 2 lr) = -19, until x is so large that x + h == x."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "step  x0                    x1                    gradient (numerical)"
    )?;
    for (k, p) in path.iter().enumerate().take(12) {
        let g = numerical_gradient(function_2, &mut p.clone());
        writeln!(
            out,
            "{k:>4}  {:<21} {:<21} [{}, {}]",
            py_repr(p[0]),
            py_repr(p[1]),
            py_repr(g[0]),
            py_repr(g[1])
        )?;
    }
    let [f0, f1] = freeze_steps(&path);
    let step = |f: Option<usize>| f.map_or("never".to_string(), |k| k.to_string());
    writeln!(out)?;
    writeln!(
        out,
        "x1 freezes at step {}, x0 at step {}.",
        step(f1),
        step(f0)
    )?;
    writeln!(
        out,
        "Near 2^40 = {} the gap between neighbouring doubles is {},",
        py_repr(2f64.powi(40)),
        py_repr(spacing(2f64.powi(40)))
    )?;
    writeln!(
        out,
        "more than 2h = 2e-4: x + 1e-4 rounds back to x, f(x+h) == f(x-h), and the gradient is exactly 0."
    )?;
    // ANCHOR_END: freeze
    Ok(())
}

/// The distance from x to the next larger double (NumPy's `np.spacing`).
pub fn spacing(x: f64) -> f64 {
    f64::from_bits(x.abs().to_bits() + 1) - x.abs()
}

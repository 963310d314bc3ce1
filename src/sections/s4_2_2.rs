//! 4.2.2 Cross-entropy error on the same two outputs.

use super::Ctx;
use super::s4_2_1::{book_t, book_y1, book_y2};
use crate::error::Result;
use crate::loss::cross_entropy_error;
use crate::numpy::{format_array, py_repr};

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
    Ok(())
}

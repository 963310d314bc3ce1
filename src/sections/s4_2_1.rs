//! 4.2.1 Sum of squares error, on the book's two example outputs.

use ndarray::{Array1, arr1};

use super::Ctx;
use crate::ch04::loss::{mean_squared_error, mean_squared_error_mean};
use crate::common::numpy::{format_array, np_sum, py_repr, sequential_sum};
use crate::error::Result;

/// The book's label: one-hot, the answer is 2.
pub fn book_t() -> Array1<f64> {
    arr1(&[0., 0., 1., 0., 0., 0., 0., 0., 0., 0.])
}

/// The book's first output: the net thinks 2 is most likely (0.6).
pub fn book_y1() -> Array1<f64> {
    arr1(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
}

/// The book's second output: the net thinks 7 is most likely (0.6).
pub fn book_y2() -> Array1<f64> {
    arr1(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    let (t, y1, y2) = (book_t(), book_y1(), book_y2());
    writeln!(out, "t  = {}   one-hot: the answer is 2", format_array(&t))?;
    writeln!(out)?;
    writeln!(out, "y1 = {}   the net bets on 2", format_array(&y1))?;
    writeln!(
        out,
        "mean_squared_error(&y1, &t) = {}",
        py_repr(mean_squared_error(&y1, &t))
    )?;
    writeln!(out)?;
    writeln!(out, "y2 = {}   the net bets on 7", format_array(&y2))?;
    writeln!(
        out,
        "mean_squared_error(&y2, &t) = {}",
        py_repr(mean_squared_error(&y2, &t))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "The right bet gives the smaller loss. The order of the sum decides the last digit:"
    )?;
    let sq: Vec<f64> = (&y2 - &t).mapv(|d| d.powi(2)).to_vec();
    writeln!(
        out,
        "  0.5 * sum, left to right       = {}",
        py_repr(0.5 * sequential_sum(&sq))
    )?;
    writeln!(
        out,
        "  0.5 * sum, NumPy's pairwise    = {}   (8 partial sums, as np.sum adds 10 numbers)",
        py_repr(0.5 * np_sum(&sq))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Many readers write np.mean((y - t)**2) instead: the same squares, divided by 10, not by 2."
    )?;
    writeln!(
        out,
        "mean_squared_error_mean(&y1, &t) = {}   (= 0.0975 * 2 / 10)",
        py_repr(mean_squared_error_mean(&y1, &t))
    )?;
    writeln!(
        out,
        "mean_squared_error_mean(&y2, &t) = {}",
        py_repr(mean_squared_error_mean(&y2, &t))
    )?;
    Ok(())
}

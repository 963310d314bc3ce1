//! 4.2.4 Cross-entropy for a mini-batch, with one-hot labels and with label indices.

use ndarray::{Axis, stack};

use super::Ctx;
use super::s4_2_1::{book_t, book_y1, book_y2};
use crate::ch04::loss::{
    cross_entropy_error, cross_entropy_error_batch, cross_entropy_error_labels,
};
use crate::common::numpy::{format_array, py_repr};
use crate::error::Result;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    let (t, y1, y2) = (book_t(), book_y1(), book_y2());
    let y = stack(Axis(0), &[y1.view(), y2.view()]).expect("rows of equal length");
    let t_one_hot = stack(Axis(0), &[t.view(), t.view()]).expect("rows of equal length");
    let labels = [2, 2];

    writeln!(out, "A batch of the two outputs, both with the answer 2:")?;
    writeln!(out, "y = {}", format_array(&y).replace('\n', "\n    "))?;
    writeln!(
        out,
        "t (one-hot) = {}",
        format_array(&t_one_hot).replace('\n', "\n              ")
    )?;
    writeln!(out, "t (labels)  = {labels:?}")?;
    writeln!(out)?;
    writeln!(
        out,
        "cross_entropy_error_batch(&y, &t)       = {}",
        py_repr(cross_entropy_error_batch(&y, &t_one_hot))
    )?;
    writeln!(
        out,
        "cross_entropy_error_labels(&y, &[2, 2]) = {}",
        py_repr(cross_entropy_error_labels(&y, &labels))
    )?;
    let mean = (cross_entropy_error(&y1, &t) + cross_entropy_error(&y2, &t)) / 2.0;
    writeln!(
        out,
        "mean of the two single losses           = {}",
        py_repr(mean)
    )?;
    writeln!(out)?;
    writeln!(out, "A 1-D output is a batch of one:")?;
    writeln!(
        out,
        "cross_entropy_error_batch(&y1, &t)      = {}",
        py_repr(cross_entropy_error_batch(&y1, &t))
    )?;
    writeln!(
        out,
        "cross_entropy_error_labels(&y1, &[2])   = {}",
        py_repr(cross_entropy_error_labels(&y1, &[2]))
    )?;
    Ok(())
}

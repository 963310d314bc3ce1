//! 4.2.3 Mini-batch learning: the training set's shapes, and a seeded random
//! mini-batch of 10 drawn from 60,000, from the stream `--rng` names (and the
//! other stream's draw beside it).

use super::{Ctx, mnist_or_explain};
use crate::common::mnist::{CLASSES, one_hot, one_hot_rows};
use crate::common::random::{Random, RngKind, Stream};
use crate::error::Result;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let Some(data) = mnist_or_explain(ctx)? else {
        return Ok(());
    };
    let m = &data.mnist;
    let out = &mut *ctx.out;
    let t_train = one_hot(&m.train.labels);
    writeln!(out, "load_mnist(normalize=True, one_hot_label=True):")?;
    writeln!(
        out,
        "x_train.shape = ({}, {})",
        m.train.len(),
        m.train.images.rows * m.train.images.cols
    )?;
    writeln!(
        out,
        "t_train.shape = ({}, {})",
        t_train.nrows(),
        t_train.ncols()
    )?;
    writeln!(out)?;

    let train_size = m.train.len();
    let batch_size = 10;
    // np.random.seed(0); np.random.choice(train_size, batch_size): with replacement
    let choice = |kind| Stream::new(kind, 0).choice(train_size, batch_size);
    let batch_mask = choice(ctx.rng);
    let x_batch = m.train.x_rows(&batch_mask);
    let t_batch = one_hot_rows(&m.train.labels, &batch_mask);
    writeln!(out, "train_size = {train_size}, batch_size = {batch_size}")?;
    let (this, other, other_name) = match ctx.rng {
        RngKind::ChaCha8 => (
            "ChaCha8Rng, seed 0",
            RngKind::NumPy,
            "np.random.seed(0); np.random.choice(60000, 10), NumPy's Mersenne Twister (--rng numpy) draws",
        ),
        RngKind::NumPy => (
            "np.random.seed(0); np.random.choice, NumPy's stream",
            RngKind::ChaCha8,
            "ChaCha8Rng with seed 0 (--rng chacha, the default) draws",
        ),
    };
    writeln!(
        out,
        "batch_mask ({this}, with replacement) = {batch_mask:?}"
    )?;
    writeln!(out, "  {other_name}")?;
    writeln!(out, "  {:?}", choice(other))?;
    writeln!(
        out,
        "x_batch.shape = ({}, {}), t_batch.shape = ({}, {CLASSES})",
        x_batch.nrows(),
        x_batch.ncols(),
        t_batch.nrows()
    )?;
    let labels: Vec<u8> = batch_mask.iter().map(|&i| m.train.labels[i]).collect();
    writeln!(out, "their labels: {labels:?}")?;
    writeln!(
        out,
        "The loss of these {batch_size} stands in for the loss of all {train_size}, as a TV rating's sample stands in for every home."
    )?;
    Ok(())
}

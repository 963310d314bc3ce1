//! 4.2.3 Mini-batch learning: the training set's shapes, and a seeded random
//! mini-batch of 10 drawn from 60,000.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::{Ctx, mnist_or_explain};
use crate::common::mnist::{CLASSES, one_hot, one_hot_rows};
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
    // np.random.choice(train_size, batch_size): with replacement, seeded here
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let batch_mask: Vec<usize> = (0..batch_size)
        .map(|_| rng.random_range(0..train_size))
        .collect();
    let x_batch = m.train.x_rows(&batch_mask);
    let t_batch = one_hot_rows(&m.train.labels, &batch_mask);
    writeln!(out, "train_size = {train_size}, batch_size = {batch_size}")?;
    writeln!(
        out,
        "batch_mask (ChaCha8Rng, seed 0, with replacement) = {batch_mask:?}"
    )?;
    writeln!(
        out,
        "  np.random.seed(0); np.random.choice(60000, 10) draws other indices (NumPy's Mersenne Twister):"
    )?;
    writeln!(
        out,
        "  [2732, 43567, 42613, 52416, 45891, 21243, 30403, 32103, 41993, 57043] (NumPy 2.4)"
    )?;
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

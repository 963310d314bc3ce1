//! 4.1 Learning from data: the MNIST data set, its size, its labels, and what a
//! sample looks like.

use super::{Ctx, mnist_or_explain};
use crate::error::Result;
use crate::plot::{self, GrayImage};

/// How many samples the figure shows.
const SAMPLES: usize = 10;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let Some(data) = mnist_or_explain(ctx)? else {
        return Ok(());
    };
    let m = &data.mnist;
    let out = &mut *ctx.out;
    let (train, test) = (&m.train, &m.test);
    let px = train.images.rows * train.images.cols;
    writeln!(
        out,
        "{}: {} training images and {} test images of {}x{} pixels (0 = background .. 255 = full ink), labels 0-9.",
        ctx.data.dataset,
        train.len(),
        test.len(),
        train.images.rows,
        train.images.cols
    )?;
    writeln!(out, "load_mnist(normalize=True, flatten=True) gives")?;
    writeln!(
        out,
        "  x_train.shape = ({}, {px}), t_train.shape = ({},)",
        train.len(),
        train.len()
    )?;
    writeln!(
        out,
        "  x_test.shape  = ({}, {px}), t_test.shape  = ({},)",
        test.len(),
        test.len()
    )?;
    let first = |labels: &[u8]| {
        labels[..10.min(labels.len())]
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    writeln!(out, "first training labels: [{}]", first(&train.labels))?;
    writeln!(out, "first test labels:     [{}]", first(&test.labels))?;
    writeln!(out)?;
    writeln!(out, "label  training  test")?;
    for digit in 0..10u8 {
        let count = |labels: &[u8]| labels.iter().filter(|&&l| l == digit).count();
        writeln!(
            out,
            "{digit:>5}  {:>8}  {:>4}",
            count(&train.labels),
            count(&test.labels)
        )?;
    }
    let zeros = train.images.pixels.iter().filter(|&&p| p == 0).count();
    writeln!(out)?;
    writeln!(
        out,
        "{zeros} of the {} training pixels are 0 ({:.1}%): the background. x·W1 skips them (sparse.rs).",
        train.images.pixels.len(),
        100.0 * zeros as f64 / train.images.pixels.len() as f64
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "x_train[0], label {}, as text ('#' >= 128, '+' > 0):",
        train.labels[0]
    )?;
    let img = train.images.image(0);
    for r in 0..train.images.rows {
        let row: String = img[r * train.images.cols..(r + 1) * train.images.cols]
            .iter()
            .map(|&p| match p {
                0 => '.',
                1..=127 => '+',
                _ => '#',
            })
            .collect();
        writeln!(out, "  {row}")?;
    }

    let n = SAMPLES.min(train.len());
    let pixels: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            train
                .images
                .image(i)
                .iter()
                .map(|&p| p as f64 / 255.0)
                .collect()
        })
        .collect();
    let (rows, cols) = (train.images.rows, train.images.cols);
    let labels = train.labels.clone();
    let title = format!("4.1  the first {n} {} training images", ctx.data.dataset);
    // Two rows of five: a figure only as tall as they are, no empty bands.
    ctx.figure_sized("4.1-mnist-samples", (800, 430), |area| {
        let images: Vec<GrayImage> = pixels
            .iter()
            .enumerate()
            .map(|(i, p)| GrayImage {
                caption: format!("x_train[{i}]: {}", labels[i]),
                width: cols,
                height: rows,
                pixels: p,
            })
            .collect();
        plot::image_grid(area, &title, &images, 5)
    })
}

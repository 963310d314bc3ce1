//! 4.5.3 Evaluating with test data: accuracy on all training and test images once
//! per epoch (600 iterations), 17 rows, and fig 4-12.

use plotters::prelude::SeriesLabelPosition;

use super::book_run_cached;
use super::{Ctx, mnist_or_explain};
use crate::ch04::train::{Epoch, TrainConfig};
use crate::common::functions::Activation;
use crate::common::numpy::py_repr;
use crate::engine;
use crate::engine::train::Precision;
use crate::error::Result;
use crate::plot::{self, Plot, Series};

pub fn run(ctx: &mut Ctx) -> Result<()> {
    if mnist_or_explain(ctx)?.is_none() {
        return Ok(());
    }
    let r = book_run_cached(&ctx.data, Precision::F64, ctx.rng)?;
    let single = book_run_cached(&ctx.data, Precision::F32, ctx.rng)?;
    let out = &mut *ctx.out;
    writeln!(
        out,
        "The same run as 4.5.2; once per epoch (every 600 iterations) both accuracies on all images:"
    )?;
    for e in &r.epochs {
        writeln!(
            out,
            "epoch {:2} (iter {:5}) | train acc, test acc | {}, {}",
            e.epoch,
            e.iter,
            py_repr(e.train_acc),
            py_repr(e.test_acc)
        )?;
    }
    if let Some(last) = r.epochs.last() {
        writeln!(
            out,
            "Final test accuracy {} (train {}): the two curves stay together, so no overfitting (오버피팅).",
            py_repr(last.test_acc),
            py_repr(last.train_acc)
        )?;
    }
    // The same run in single precision: does f32 lose anything here?
    let pairs = r.epochs.iter().zip(&single.epochs);
    let same = pairs
        .clone()
        .map(|(a, b)| {
            usize::from(a.train_acc == b.train_acc) + usize::from(a.test_acc == b.test_acc)
        })
        .sum::<usize>();
    let gap = pairs
        .flat_map(|(a, b)| {
            [
                (a.train_acc - b.train_acc).abs(),
                (a.test_acc - b.test_acc).abs(),
            ]
        })
        .fold(0.0, f64::max);
    writeln!(
        out,
        "The same run in single precision (train --precision f32): {same} of {} accuracies equal, largest difference {}; last loss {} (f64: {}).",
        2 * r.epochs.len(),
        py_repr(gap),
        single
            .train_loss_list
            .last()
            .map_or("-".into(), |&l| py_repr(l)),
        r.train_loss_list.last().map_or("-".into(), |&l| py_repr(l)),
    )?;
    // The same run with ReLU in the hidden layer (train --activation relu):
    // same seed, so the same starting weights and the same mini-batches.
    let data = super::load_cached(&ctx.data)?;
    let cfg = TrainConfig {
        rng: ctx.rng,
        activation: Activation::Relu,
        ..TrainConfig::default()
    };
    let relu = engine::train::train(&cfg, Precision::F64, &data.engine, |_, _| {}, |_| {})?;
    writeln!(out)?;
    writeln!(
        out,
        "The same run with ReLU instead of sigmoid (train --activation relu), same seed and weights:"
    )?;
    writeln!(
        out,
        "activation  epoch 1 train, test          final train, test           last loss"
    )?;
    for (name, run) in [("sigmoid", &*r), ("relu", &relu)] {
        let (Some(first), Some(last)) = (run.epochs.get(1), run.epochs.last()) else {
            continue;
        };
        writeln!(
            out,
            "{name:<11} {:<28} {:<27} {}",
            format!("{}, {}", py_repr(first.train_acc), py_repr(first.test_acc)),
            format!("{}, {}", py_repr(last.train_acc), py_repr(last.test_acc)),
            run.train_loss_list
                .last()
                .map_or("-".into(), |&l| py_repr(l)),
        )?;
    }
    ctx.figure_sized("4.5.3-fig4-12-accuracy", ACCURACY_SIZE, |area| {
        draw_accuracy(area, &r.epochs)
    })
}

/// The size of fig 4-12 in pixels: two stacked panels, each as tall as a
/// usual figure's chart.
pub const ACCURACY_SIZE: (u32, u32) = (800, 900);

/// A curve's points, (x, y).
pub type Points = Vec<(f64, f64)>;

/// Each evaluation as (epoch, train accuracy) and (epoch, test accuracy).
pub fn accuracy_points(epochs: &[Epoch]) -> (Points, Points) {
    epochs
        .iter()
        .map(|e| ((e.epoch as f64, e.train_acc), (e.epoch as f64, e.test_acc)))
        .unzip()
}

/// Fig 4-12: train and test accuracy at each epoch. Above, the whole scale as
/// in the book; below, the same curves from epoch 1 on a y axis just wide
/// enough for them, where the small gap between training and test accuracy
/// (no overfitting, but not none at all) can be seen.
pub fn draw_accuracy(area: &plot::Area, epochs: &[Epoch]) -> plot::DrawResult {
    let (train, test) = accuracy_points(epochs);
    let last = epochs.len().max(2) as f64 - 1.0;
    let panels = plot::panels(area, 2, 1);
    let p = Plot::new(
        "4.5.3 (fig 4-12)  accuracy on training and test data",
        "epochs",
        "accuracy",
        0.0..last,
        0.0..1.0,
    )
    .legend(SeriesLabelPosition::LowerRight);
    let series = [
        Series::line("train acc", train.clone()),
        Series::dashed("test acc", test.clone()),
    ];
    plot::line_chart(&panels[0], &p, &series)?;
    // The zoom: epochs 1.. (epoch 0 is the untrained net), y from the lowest
    // to the highest accuracy there, rounded out to 0.01.
    let later = |v: &[(f64, f64)]| v.iter().skip(1).map(|p| p.1).collect::<Vec<_>>();
    let ys: Vec<f64> = [later(&train), later(&test)].concat();
    let (lo, hi) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
            (a.min(y), b.max(y))
        });
    let (lo, hi) = if lo.is_finite() && hi > lo {
        ((lo * 100.0).floor() / 100.0, (hi * 100.0).ceil() / 100.0)
    } else {
        (0.0, 1.0)
    };
    let zoom = Plot::new(
        "the same from epoch 1, y axis enlarged: the train-test gap",
        "epochs",
        "accuracy",
        1.0_f64.min(last - 1.0)..last,
        lo..hi,
    )
    .legend(SeriesLabelPosition::LowerRight);
    plot::line_chart(&panels[1], &zoom, &series)
}

/// Comparing settings: each run's test accuracy per epoch, one line per run.
pub fn draw_comparison(
    area: &plot::Area,
    what: &str,
    runs: &[(String, &[Epoch])],
) -> plot::DrawResult {
    let last = runs.iter().map(|(_, e)| e.len()).max().unwrap_or(2).max(2) as f64 - 1.0;
    let series: Vec<Series> = runs
        .iter()
        .map(|(label, epochs)| {
            Series::line(
                label,
                epochs
                    .iter()
                    .map(|e| (e.epoch as f64, e.test_acc))
                    .collect(),
            )
        })
        .collect();
    let p = Plot::new(
        &format!("4.5.3  test accuracy for each --{what} value (same seed)"),
        "epochs",
        "test accuracy",
        0.0..last,
        0.0..1.0,
    )
    .legend(SeriesLabelPosition::LowerRight);
    plot::line_chart(area, &p, &series)
}

//! 4.1.2 Overfitting (오버피팅), seen: the book's two-layer net trained on only the
//! first 300 training images, accuracy on those 300 and on all 10,000 test images
//! after every epoch (3 iterations).

use plotters::prelude::SeriesLabelPosition;

use super::{Ctx, mnist_or_explain};
use crate::ch04::train::{Epoch, TrainConfig};
use crate::common::mnist::Mnist;
use crate::common::numpy::py_repr;
use crate::engine;
use crate::engine::train::Precision;
use crate::error::Result;
use crate::plot::{self, Plot, Series};

/// How many training images the net sees: the book's `x_train[:300]`.
pub const IMAGES: usize = 300;

/// The run's settings: the book's net, batch and seed; a larger learning rate
/// (1.0 against 0.1) so that memorising the 300 images takes 300 iterations
/// rather than thousands.
pub fn config(rng: crate::common::random::RngKind) -> TrainConfig {
    TrainConfig {
        iters: 300,
        lr: 1.0,
        rng,
        ..TrainConfig::default()
    }
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let Some(data) = mnist_or_explain(ctx)? else {
        return Ok(());
    };
    let small = Mnist {
        train: data.mnist.train.head(IMAGES),
        test: data.mnist.test.clone(),
    };
    let cfg = config(ctx.rng);
    // The engine trains it; it gives the chapter loop's numbers bit for bit
    // (engine::train's tests).
    let r = engine::train::train(
        &cfg,
        Precision::F64,
        &engine::train::Data::new(&small),
        |_, _| {},
        |_| {},
    )?;
    let out = &mut *ctx.out;
    writeln!(
        out,
        "The two-layer net (hidden {}, batch {}, lr {}, seed {}) trained on x_train[:{IMAGES}] only,",
        cfg.hidden,
        cfg.batch,
        py_repr(cfg.lr),
        cfg.seed
    )?;
    writeln!(
        out,
        "{} iterations = {} epochs of 3 iterations; accuracy on those {IMAGES} and on all 10,000 test images:",
        cfg.iters,
        cfg.iters / 3,
    )?;
    writeln!(out)?;
    writeln!(out, "epoch  iter  train acc  test acc  gap")?;
    let last = r.epochs.len().saturating_sub(1);
    for (k, e) in r.epochs.iter().enumerate() {
        if k % 10 == 0 || k == last {
            writeln!(
                out,
                "{:5}  {:4}  {:.4}     {:.4}    {:.4}",
                e.epoch,
                e.iter,
                e.train_acc,
                e.test_acc,
                e.train_acc - e.test_acc
            )?;
        }
    }
    writeln!(out)?;
    match r.epochs.iter().position(|e| e.train_acc == 1.0) {
        Some(k) => writeln!(
            out,
            "All {IMAGES} training images are right for the first time at epoch {} (iteration {}){}.",
            r.epochs[k].epoch,
            r.epochs[k].iter,
            if r.epochs[k..].iter().all(|e| e.train_acc == 1.0) {
                ", and stay right to the end"
            } else {
                ""
            }
        )?,
        None => writeln!(out, "The training accuracy never reaches 1.0 in this run.")?,
    }
    let best = r.epochs.iter().map(|e| e.test_acc).fold(0.0, f64::max);
    if let Some(e) = r.epochs.last() {
        writeln!(
            out,
            "At the end: train {}, test {} (best test {}), a gap of {:.4}; trained on all 60,000 images (section 4.5.3) the same net ends at about 0.94.",
            py_repr(e.train_acc),
            py_repr(e.test_acc),
            py_repr(best),
            e.train_acc - e.test_acc
        )?;
    }
    ctx.figure("4.1.2-overfitting", |area| draw(area, &r.epochs))
}

/// Train and test accuracy per epoch of the 300-image run.
fn draw(area: &plot::Area, epochs: &[Epoch]) -> plot::DrawResult {
    let (train, test) = super::s4_5_3::accuracy_points(epochs);
    let last = epochs.len().max(2) as f64 - 1.0;
    let p = Plot::new(
        "4.1.2  overfitting: 300 training images",
        "epochs",
        "accuracy",
        0.0..last,
        0.0..1.05,
    )
    .legend(SeriesLabelPosition::LowerRight);
    plot::line_chart(
        area,
        &p,
        &[
            Series::line(&format!("train acc (the {IMAGES} images)"), train),
            Series::dashed("test acc (10,000 unseen images)", test),
        ],
    )
}

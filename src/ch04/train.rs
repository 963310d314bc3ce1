//! 4.5.2–4.5.3 Training the two-layer net on MNIST (미니배치 학습 구현, 시험
//! 데이터로 평가하기): the book's `train_neuralnet.py`, seeded so every run
//! repeats bit for bit.

use ndarray::{Array2, Axis};

use crate::ch04::two_layer_net::TwoLayerNet;
use crate::common::functions::Activation;
use crate::common::mnist::{CLASSES, Mnist, PIXELS, Split};
use crate::common::numpy::py_repr;
use crate::common::random::{Random, RngKind, Stream, check_seed};
use crate::error::{Error, Result};

/// How the gradient is found each step: the two lines of the book's loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GradMethod {
    /// `network.gradient(x_batch, t_batch)`: backpropagation.
    Backprop,
    /// `network.numerical_gradient(x_batch, t_batch)`: central differences on
    /// every parameter, two forward passes each.
    Numerical,
}

/// The hyperparameters (하이퍼파라미터); `Default` is the book's choice.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainConfig {
    pub iters: usize,
    pub batch: usize,
    pub lr: f64,
    pub hidden: usize,
    pub seed: u64,
    pub weight_init_std: f64,
    pub grad: GradMethod,
    /// Which stream draws the weights and batches: ChaCha8, or NumPy's
    /// (`np.random.seed(seed)`), which gives the book's Python's draws.
    pub rng: RngKind,
    /// The hidden layer's activation: the book's sigmoid, or ReLU.
    pub activation: Activation,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            iters: 10_000,
            batch: 100,
            lr: 0.1,
            hidden: 50,
            seed: 0,
            weight_init_std: 0.01,
            grad: GradMethod::Backprop,
            rng: RngKind::ChaCha8,
            activation: Activation::Sigmoid,
        }
    }
}

/// One evaluation on the full training and test sets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Epoch {
    pub epoch: usize,
    pub iter: usize,
    pub train_acc: f64,
    pub test_acc: f64,
    /// The mini-batch loss of that iteration.
    pub loss: f64,
}

/// What a training run leaves: every mini-batch loss, every evaluation, the net.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainResult {
    pub config: TrainConfig,
    pub train_loss_list: Vec<f64>,
    pub epochs: Vec<Epoch>,
    pub net: TwoLayerNet,
}

/// The data as the book's loop reads it: `load_mnist(normalize=True,
/// one_hot_label=True)`, one image per row (pixels / 255) and one-hot labels.
pub struct TrainData {
    pub x_train: Array2<f64>,
    pub t_train: Array2<f64>,
    pub x_test: Array2<f64>,
    pub t_test: Array2<f64>,
}

impl TrainData {
    /// Pixels p / 255 computed in f64.
    pub fn new(m: &Mnist) -> Self {
        TrainData {
            x_train: m.train.x(),
            t_train: m.train.t(),
            x_test: m.test.x(),
            t_test: m.test.t(),
        }
    }

    /// The data as the book's Python holds it: its loader divides in float32
    /// (`astype(np.float32) / 255.0`), and `np.dot` with the float64 weights
    /// turns those values into float64. A run with NumPy's stream uses this, so
    /// that it computes with the very numbers the Python does.
    pub fn like_numpy(m: &Mnist) -> Self {
        let f32_pixels = |s: &Split| {
            let n = s.images.rows * s.images.cols;
            Array2::from_shape_fn((s.len(), n), |(r, k)| numpy_pixel(s.images.image(r)[k]))
        };
        TrainData {
            x_train: f32_pixels(&m.train),
            t_train: m.train.t(),
            x_test: f32_pixels(&m.test),
            t_test: m.test.t(),
        }
    }

    /// The data for a run with this stream: [`TrainData::like_numpy`] for
    /// NumPy's, [`TrainData::new`] for ChaCha8's.
    pub fn for_rng(m: &Mnist, rng: RngKind) -> Self {
        match rng {
            RngKind::ChaCha8 => Self::new(m),
            RngKind::NumPy => Self::like_numpy(m),
        }
    }
}

/// The pixel byte p as the book's loader normalises it: p / 255 in float32,
/// then widened to float64.
pub fn numpy_pixel(p: u8) -> f64 {
    (p as f32 / 255.0) as f64
}

/// The most iterations a run may ask for (the book's run has 10,000): every
/// loss is kept, so a typo such as 10000000000 must be refused, not start.
pub const MAX_ITERS: usize = 100_000_000;

/// The most memory a run's arrays may need (the book's run needs about 60 MB).
pub const MEMORY_LIMIT: u64 = 4 << 30;

/// The bytes a run's arrays need, roughly: the parameters three times (the net,
/// its gradient, a working copy), the mini-batch and its layers forward and
/// back, the layers of the largest evaluation (all training images at once),
/// and the record: every iteration's loss and every epoch's row.
pub fn memory_needed(cfg: &TrainConfig, train_size: usize, test_size: usize) -> u128 {
    let (h, n) = (cfg.hidden as u128, cfg.batch as u128);
    let e = train_size.max(test_size) as u128;
    let (p, c) = (PIXELS as u128, CLASSES as u128);
    let params = h * (p + 1) + c * (h + 1);
    let batch = n * (p + c + 4 * h + 4 * c);
    let eval = e * (2 * h + 2 * c);
    let epochs = (cfg.iters as u128 * n).div_ceil(train_size.max(1) as u128) + 1;
    8 * (3 * params + batch + eval + cfg.iters as u128 + 10 * epochs)
}

/// A size in bytes as people say it: "80.0 GB".
fn human_bytes(b: u128) -> String {
    let gb = b as f64 / 1e9;
    if gb >= 1.0 {
        format!("{gb:.1} GB")
    } else {
        format!("{:.1} MB", b as f64 / 1e6)
    }
}

/// Refuses settings and data the loop cannot run with, naming what is wrong.
/// Every way of training calls it first.
pub fn check_config(cfg: &TrainConfig, train_size: usize, test_size: usize) -> Result<()> {
    check_settings(cfg)?;
    let need = memory_needed(cfg, train_size, test_size);
    if need > MEMORY_LIMIT as u128 {
        return Err(Error::Invalid(format!(
            "hidden size {} with batch size {} and {} iterations would need about {} for the \
             weights, the mini-batch, the evaluation of {} images and the record of every \
             iteration, more than the {} limit: choose a smaller hidden or batch size",
            cfg.hidden,
            cfg.batch,
            cfg.iters,
            human_bytes(need),
            train_size.max(test_size),
            human_bytes(MEMORY_LIMIT as u128)
        )));
    }
    if train_size == 0 {
        return Err(Error::Invalid("the training set is empty".into()));
    }
    if test_size == 0 {
        return Err(Error::Invalid("the test set is empty".into()));
    }
    Ok(())
}

/// The checks of [`check_config`] that need no data: the one copy of the
/// settings checks (the command line runs them before it loads anything).
pub fn check_settings(cfg: &TrainConfig) -> Result<()> {
    if cfg.iters == 0 {
        return Err(Error::Invalid(
            "the number of iterations must be at least 1, got 0".into(),
        ));
    }
    if cfg.batch == 0 || cfg.hidden == 0 {
        return Err(Error::Invalid(format!(
            "batch size and hidden size must be at least 1, got batch {} and hidden {}",
            cfg.batch, cfg.hidden
        )));
    }
    if cfg.iters > MAX_ITERS {
        return Err(Error::Invalid(format!(
            "the number of iterations must be at most {MAX_ITERS}, got {}: the loss of every \
             iteration is kept (8 bytes each), which would need {}",
            cfg.iters,
            human_bytes(8 * cfg.iters as u128)
        )));
    }
    if !(cfg.lr.is_finite() && cfg.lr > 0.0) {
        return Err(Error::Invalid(format!(
            "learning rate must be a positive number, got {}",
            cfg.lr
        )));
    }
    check_seed(cfg.rng, cfg.seed).map_err(Error::Invalid)?;
    Ok(())
}

/// A loss that is not a number means the steps overshot until the weights
/// overflowed: say so rather than train on.
pub fn check_loss(i: usize, loss: f64, lr: f64) -> Result<()> {
    if loss.is_finite() {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "training diverged at iteration {i}: the loss is {loss}; the learning rate {} \
             is too large for this net, try a smaller --lr",
            py_repr(lr)
        )))
    }
}

// ANCHOR: train
/// The book's loop: draw a mini-batch (with replacement), find the gradient, step,
/// record the loss; once per epoch, measure accuracy on all training and test
/// images. `on_iter(i, loss)` and `on_epoch(&epoch)` report progress as it happens.
pub fn train_neuralnet(
    cfg: &TrainConfig,
    data: &TrainData,
    mut on_iter: impl FnMut(usize, f64),
    mut on_epoch: impl FnMut(&Epoch),
) -> Result<TrainResult> {
    check_config(cfg, data.x_train.nrows(), data.x_test.nrows())?;
    // np.random.seed(seed), or ChaCha8's stream for that seed
    let mut rng = Stream::new(cfg.rng, cfg.seed);
    let mut network = TwoLayerNet::new(PIXELS, cfg.hidden, CLASSES, cfg.weight_init_std, &mut rng)
        .with_activation(cfg.activation);
    let train_size = data.x_train.nrows();
    // The book divides as floats (600.0) and tests i % 600.0 == 0.
    let iter_per_epoch = f64::max(train_size as f64 / cfg.batch as f64, 1.0);
    let mut train_loss_list = Vec::new();
    let mut epochs = Vec::new();

    for i in 0..cfg.iters {
        // np.random.choice(train_size, batch_size): with replacement
        let batch_mask = rng.choice(train_size, cfg.batch);
        let x_batch = data.x_train.select(Axis(0), &batch_mask);
        let t_batch = data.t_train.select(Axis(0), &batch_mask);

        let grad = match cfg.grad {
            GradMethod::Numerical => network.numerical_gradient(x_batch.view(), t_batch.view()),
            GradMethod::Backprop => network.gradient(x_batch.view(), t_batch.view()),
        };
        network.update(&grad, cfg.lr);

        let loss = network.loss(x_batch.view(), t_batch.view());
        check_loss(i, loss, cfg.lr)?;
        train_loss_list.push(loss);
        on_iter(i, loss);

        if (i as f64) % iter_per_epoch == 0.0 {
            let train_acc = network.accuracy(data.x_train.view(), data.t_train.view());
            let test_acc = network.accuracy(data.x_test.view(), data.t_test.view());
            let e = Epoch {
                epoch: epochs.len(),
                iter: i,
                train_acc,
                test_acc,
                loss,
            };
            on_epoch(&e);
            epochs.push(e);
        }
    }
    Ok(TrainResult {
        config: *cfg,
        train_loss_list,
        epochs,
        net: network,
    })
}
// ANCHOR_END: train

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::mnist::toy_mnist;

    #[test]
    fn the_loop_learns_and_repeats_bit_for_bit() {
        let data = TrainData::new(&toy_mnist(300, 1));
        let cfg = TrainConfig {
            iters: 300,
            batch: 20,
            lr: 1.0,
            hidden: 16,
            weight_init_std: 0.1,
            ..TrainConfig::default()
        };
        let mut seen = 0;
        let a = train_neuralnet(&cfg, &data, |_, _| seen += 1, |_| {}).unwrap();
        assert_eq!(seen, 300);
        assert_eq!(a.train_loss_list.len(), 300);
        // 300 / 20 = 15 iterations per epoch: evaluations at 0, 15, ..., 285
        assert_eq!(a.epochs.len(), 20);
        assert_eq!(a.epochs[1].iter, 15);
        assert!(
            a.epochs.last().unwrap().test_acc > 0.9,
            "{:?}",
            a.epochs.last()
        );
        let b = train_neuralnet(&cfg, &data, |_, _| {}, |_| {}).unwrap();
        assert_eq!(a, b, "same seed, same bits");
        let c = train_neuralnet(&TrainConfig { seed: 1, ..cfg }, &data, |_, _| {}, |_| {}).unwrap();
        assert_ne!(a.train_loss_list, c.train_loss_list);
    }

    #[test]
    fn numerical_and_backprop_training_agree_closely() {
        let data = TrainData::new(&toy_mnist(50, 2));
        let cfg = TrainConfig {
            iters: 3,
            batch: 5,
            hidden: 3,
            weight_init_std: 0.1,
            ..TrainConfig::default()
        };
        let b = train_neuralnet(&cfg, &data, |_, _| {}, |_| {}).unwrap();
        let n = train_neuralnet(
            &TrainConfig {
                grad: GradMethod::Numerical,
                ..cfg
            },
            &data,
            |_, _| {},
            |_| {},
        )
        .unwrap();
        for (x, y) in b.train_loss_list.iter().zip(&n.train_loss_list) {
            assert!((x - y).abs() < 1e-6, "{x} vs {y}");
        }
    }

    #[test]
    fn a_diverging_learning_rate_stops_with_an_error_naming_it() {
        let data = TrainData::new(&toy_mnist(60, 7));
        let cfg = TrainConfig {
            iters: 20,
            batch: 10,
            hidden: 20,
            lr: 1e308,
            ..TrainConfig::default()
        };
        let e = train_neuralnet(&cfg, &data, |_, _| {}, |_| {})
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("diverged at iteration") && e.contains("1e+308"),
            "{e}"
        );
    }

    #[test]
    fn bad_settings_and_data_are_refused_with_what_is_wrong() {
        let data = TrainData::new(&toy_mnist(10, 3));
        let d = TrainConfig::default();
        for (cfg, want) in [
            (TrainConfig { iters: 0, ..d }, "iterations"),
            (TrainConfig { batch: 0, ..d }, "batch"),
            (TrainConfig { hidden: 0, ..d }, "hidden"),
            (TrainConfig { lr: -1.0, ..d }, "learning rate"),
            (TrainConfig { lr: f64::NAN, ..d }, "learning rate"),
            (
                TrainConfig {
                    iters: 10_000_000_000,
                    ..d
                },
                "80.0 GB",
            ),
            (
                TrainConfig {
                    iters: 100_000_000_000,
                    grad: GradMethod::Numerical,
                    ..d
                },
                "at most",
            ),
            (
                TrainConfig {
                    hidden: 100_000_000,
                    ..d
                },
                "smaller hidden",
            ),
            (
                TrainConfig {
                    batch: 1_000_000_000,
                    ..d
                },
                "batch size 1000000000",
            ),
        ] {
            let e = train_neuralnet(&cfg, &data, |_, _| {}, |_| {})
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{cfg:?}: {e}");
        }
        assert!(
            check_config(&d, 10, 0)
                .unwrap_err()
                .to_string()
                .contains("test set is empty")
        );
        assert!(
            check_config(&d, 0, 10)
                .unwrap_err()
                .to_string()
                .contains("training set is empty")
        );
    }
}

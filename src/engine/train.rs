//! Which loop runs a training configuration, and the data in the engine's form.
//!
//! [`crate::ch04::train::train_neuralnet`] is the loop as the book writes it.
//! [`train`] gives the same results faster: backpropagation runs
//! [`crate::engine::fast::train_fast`] on every core (the chapter loop's bits
//! in f64, tested below on several seeds and settings), the numerical gradient
//! runs the same loop with the sparse forward pass of [`crate::engine::net`].

use crate::ch04::train::{Epoch, GradMethod, TrainConfig, TrainResult, check_config, check_loss};
use crate::ch04::two_layer_net::TwoLayerNet;
use crate::common::functions::Activation;
use crate::common::mnist::{CLASSES, Mnist, PIXELS, one_hot_rows};
use crate::common::random::{Random, RngKind, Stream};
use crate::engine::fast::{FastData, train_fast};
use crate::engine::precision::Real;
use crate::engine::sparse::{PixelRows, pixel_values, pixel_values_for};
use crate::engine::{net, numgrad};
use crate::error::{Error, Result};

/// The float type the loop computes in (the book: f64).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    F64,
    F32,
}

/// The data in the engine's form: each image's nonzero pixels (their bytes
/// meaning p / 255 in f64, as `load_mnist(normalize=True)`), and the labels.
pub struct Data {
    pub x_train: PixelRows,
    pub t_train: Vec<u8>,
    pub x_test: PixelRows,
    pub t_test: Vec<u8>,
}

impl Data {
    pub fn new(m: &Mnist) -> Self {
        let images = |s: &crate::common::mnist::Split| {
            PixelRows::new(&s.images.pixels, PIXELS, pixel_values())
        };
        Data {
            x_train: images(&m.train),
            t_train: m.train.labels.clone(),
            x_test: images(&m.test),
            t_test: m.test.labels.clone(),
        }
    }

    /// The images as the fast loop reads them, for computing in F.
    pub fn fast_data<F: Real>(&self) -> FastData<'_, F> {
        self.fast_data_with(pixel_values())
    }

    /// The images as the fast loop reads them for a run with this stream
    /// (NumPy's: the book's float32 pixels, see `pixel_values_for`).
    pub fn fast_data_for<F: Real>(&self, rng: RngKind) -> FastData<'_, F> {
        self.fast_data_with(pixel_values_for(rng))
    }

    fn fast_data_with<F: Real>(&self, value: [F; 256]) -> FastData<'_, F> {
        FastData {
            x_train: self.x_train.with_values(value),
            t_train: &self.t_train,
            x_test: self.x_test.with_values(value),
            t_test: &self.t_test,
        }
    }

    /// Rows `rows` of the training images, their bytes meaning f64 pixel values
    /// (p / 255, as `load_mnist(normalize=True)`; for NumPy's stream, as its
    /// float32 loader).
    #[cfg(test)]
    fn sparse_train_rows(&self, rows: &[usize], rng: RngKind) -> PixelRows {
        self.x_train.select(rows).with_values(pixel_values_for(rng))
    }
}

/// Trains as configured, with the chapter loop's results.
pub fn train(
    cfg: &TrainConfig,
    precision: Precision,
    data: &Data,
    on_iter: impl FnMut(usize, f64),
    on_epoch: impl FnMut(&Epoch),
) -> Result<TrainResult> {
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    check_numerical_activation(cfg)?;
    match (cfg.grad, precision) {
        (GradMethod::Numerical, Precision::F64) => {
            let grad = |net: &TwoLayerNet,
                        x: &PixelRows,
                        labels: &[usize],
                        _: ndarray::ArrayView2<f64>| {
                numgrad::numerical_gradient_local(net, x, labels, threads)
            };
            train_numerical(cfg, data, grad, |_| {}, on_iter, on_epoch)
        }
        (GradMethod::Numerical, Precision::F32) => Err(Error::Invalid(
            "the numerical gradient needs f64 (h = 1e-4 is lost in f32's 7 digits)".into(),
        )),
        (GradMethod::Backprop, Precision::F64) => train_fast(
            cfg,
            &data.fast_data_for::<f64>(cfg.rng),
            threads,
            on_iter,
            on_epoch,
        ),
        (GradMethod::Backprop, Precision::F32) => train_fast(
            cfg,
            &data.fast_data_for::<f32>(cfg.rng),
            threads,
            on_iter,
            on_epoch,
        ),
    }
}

/// The engine's numerical gradients are written for the sigmoid (4.5.4's
/// local update uses its algebra): ReLU trains with backprop here, or with
/// `--engine book`, whose chapter code takes either.
fn check_numerical_activation(cfg: &TrainConfig) -> Result<()> {
    if cfg.grad == GradMethod::Numerical && cfg.activation != Activation::Sigmoid {
        return Err(Error::Invalid(format!(
            "--activation {} with --grad numerical needs --engine book (the fast numerical gradient is the sigmoid's)",
            cfg.activation.name()
        )));
    }
    Ok(())
}

/// The chapter's loop with the naive numerical gradient, on sparse rows:
/// every parameter nudged, a whole (sparse) forward pass for each nudge.
/// `on_first` is told how long the first iteration took (to say how long the
/// whole run will take) before the first `on_iter`.
pub fn train_numerical_naive(
    cfg: &TrainConfig,
    data: &Data,
    on_first: impl FnMut(std::time::Duration),
    on_iter: impl FnMut(usize, f64),
    on_epoch: impl FnMut(&Epoch),
) -> Result<TrainResult> {
    check_numerical_activation(cfg)?;
    let grad = |net: &TwoLayerNet, x: &PixelRows, _: &[usize], t: ndarray::ArrayView2<f64>| {
        net::numerical_gradient_naive(net, x, t)
    };
    train_numerical(cfg, data, grad, on_first, on_iter, on_epoch)
}

/// The chapter's loop with a numerical gradient `grad`, on sparse rows.
fn train_numerical(
    cfg: &TrainConfig,
    data: &Data,
    grad: impl Fn(
        &TwoLayerNet,
        &PixelRows,
        &[usize],
        ndarray::ArrayView2<f64>,
    ) -> crate::ch04::two_layer_net::Grads,
    mut on_first: impl FnMut(std::time::Duration),
    mut on_iter: impl FnMut(usize, f64),
    mut on_epoch: impl FnMut(&Epoch),
) -> Result<TrainResult> {
    check_config(cfg, data.x_train.nrows(), data.x_test.nrows())?;
    let mut rng = Stream::new(cfg.rng, cfg.seed);
    let mut network = TwoLayerNet::new(PIXELS, cfg.hidden, CLASSES, cfg.weight_init_std, &mut rng);
    let train_size = data.x_train.nrows();
    let iter_per_epoch = f64::max(train_size as f64 / cfg.batch as f64, 1.0);
    let value = pixel_values_for::<f64>(cfg.rng);
    let (x_train, x_test) = (
        data.x_train.with_values(value),
        data.x_test.with_values(value),
    );
    let labels = |t: &[u8]| t.iter().map(|&l| l as usize).collect::<Vec<_>>();
    let (train_labels, test_labels) = (labels(&data.t_train), labels(&data.t_test));
    let mut train_loss_list = Vec::new();
    let mut epochs = Vec::new();
    for i in 0..cfg.iters {
        let batch_mask = rng.choice(train_size, cfg.batch);
        let started = std::time::Instant::now();
        let x_batch = x_train.select(&batch_mask);
        let t_batch = one_hot_rows(&data.t_train, &batch_mask);
        let labels: Vec<usize> = batch_mask
            .iter()
            .map(|&r| data.t_train[r] as usize)
            .collect();
        let g = grad(&network, &x_batch, &labels, t_batch.view());
        network.update(&g, cfg.lr);
        let loss = net::loss(&network, &x_batch, t_batch.view());
        check_loss(i, loss, cfg.lr)?;
        train_loss_list.push(loss);
        if i == 0 {
            on_first(started.elapsed());
        }
        on_iter(i, loss);
        if (i as f64) % iter_per_epoch == 0.0 {
            let e = Epoch {
                epoch: epochs.len(),
                iter: i,
                train_acc: net::accuracy(&network, &x_train, &train_labels),
                test_acc: net::accuracy(&network, &x_test, &test_labels),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch04::train::{TrainData, train_neuralnet};
    use crate::common::mnist::toy_mnist;

    fn book(cfg: &TrainConfig, m: &Mnist) -> Result<TrainResult> {
        train_neuralnet(cfg, &TrainData::for_rng(m, cfg.rng), |_, _| {}, |_| {})
    }

    #[test]
    fn the_fast_loop_gives_the_chapter_loops_bits_with_any_number_of_threads() {
        // odd sizes, a batch smaller than the threads, a thread with no hidden
        // unit, several seeds
        for (m, hidden, batch, iters, seed) in [
            (toy_mnist(300, 5), 16, 20, 40, 0),
            (toy_mnist(300, 5), 7, 13, 30, 3),
            (toy_mnist(300, 6), 50, 100, 7, 11),
            (toy_mnist(120, 7), 3, 1, 25, 0),
            (toy_mnist(120, 7), 1, 5, 10, 42),
        ] {
            // both streams: ChaCha8's, and NumPy's with the book's float32 pixels
            for rng in [RngKind::ChaCha8, RngKind::NumPy] {
                let cfg = TrainConfig {
                    iters,
                    batch,
                    hidden,
                    lr: 0.5,
                    weight_init_std: 0.1,
                    seed,
                    rng,
                    ..TrainConfig::default()
                };
                let book = book(&cfg, &m).unwrap();
                let data = Data::new(&m);
                for threads in [1, 2, 3] {
                    let mut seen = Vec::new();
                    let mut seen_epochs = Vec::new();
                    let fast = train_fast(
                        &cfg,
                        &data.fast_data_for::<f64>(rng),
                        threads,
                        |i, l| seen.push((i, l)),
                        |e| seen_epochs.push(*e),
                    )
                    .unwrap();
                    assert_eq!(
                        fast, book,
                        "hidden {hidden} batch {batch} threads {threads} {rng:?}"
                    );
                    let expect: Vec<(usize, f64)> =
                        book.train_loss_list.iter().copied().enumerate().collect();
                    assert_eq!(seen, expect);
                    // every epoch reported, in order (some a little later than the
                    // chapter's loop reports them: evaluations run in the background)
                    assert_eq!(seen_epochs, book.epochs);
                }
            }
        }
    }

    #[test]
    fn the_fast_loop_with_relu_gives_the_chapter_loops_bits() {
        for (m, hidden, batch, iters, seed) in [
            (toy_mnist(300, 5), 16, 20, 40, 0),
            (toy_mnist(120, 7), 3, 1, 25, 42),
        ] {
            for rng in [RngKind::ChaCha8, RngKind::NumPy] {
                let cfg = TrainConfig {
                    iters,
                    batch,
                    hidden,
                    lr: 0.5,
                    weight_init_std: 0.1,
                    seed,
                    rng,
                    activation: Activation::Relu,
                    ..TrainConfig::default()
                };
                let chapter = book(&cfg, &m).unwrap();
                let sigmoid = book(
                    &TrainConfig {
                        activation: Activation::Sigmoid,
                        ..cfg
                    },
                    &m,
                )
                .unwrap();
                assert_ne!(chapter.train_loss_list, sigmoid.train_loss_list);
                let data = Data::new(&m);
                for threads in [1, 2, 3] {
                    let fast = train_fast(
                        &cfg,
                        &data.fast_data_for::<f64>(rng),
                        threads,
                        |_, _| {},
                        |_| {},
                    )
                    .unwrap();
                    assert_eq!(
                        fast, chapter,
                        "relu hidden {hidden} threads {threads} {rng:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn relu_with_the_engines_numerical_gradient_is_a_clear_error() {
        let cfg = TrainConfig {
            grad: GradMethod::Numerical,
            activation: Activation::Relu,
            ..TrainConfig::default()
        };
        let err = check_numerical_activation(&cfg).unwrap_err().to_string();
        assert!(
            err.contains("--activation relu") && err.contains("--engine book"),
            "{err}"
        );
    }

    #[test]
    fn the_numerical_loop_gives_the_chapter_loops_bits() {
        let m = toy_mnist(40, 2);
        for rng in [RngKind::ChaCha8, RngKind::NumPy] {
            let cfg = TrainConfig {
                iters: 3,
                batch: 5,
                hidden: 3,
                weight_init_std: 0.1,
                grad: GradMethod::Numerical,
                rng,
                ..TrainConfig::default()
            };
            let data = Data::new(&m);
            let book = book(&cfg, &m).unwrap();
            let mut first = None;
            let naive =
                train_numerical_naive(&cfg, &data, |d| first = Some(d), |_, _| {}, |_| {}).unwrap();
            assert!(first.is_some(), "the first iteration's time is reported");
            assert_eq!(naive, book, "{rng:?}");
            // the local numerical gradient: the same gradient to ~1e-12, so the
            // same run to about that
            let local = train(&cfg, Precision::F64, &data, |_, _| {}, |_| {}).unwrap();
            for (a, b) in local.train_loss_list.iter().zip(&book.train_loss_list) {
                assert!((a - b).abs() < 1e-10, "{a} vs {b}");
            }
            assert_eq!(local.epochs.len(), book.epochs.len());
        }
    }

    #[test]
    fn the_streams_draw_different_runs_and_numpys_pixels_are_float32() {
        let m = toy_mnist(300, 5);
        let cfg = TrainConfig {
            iters: 20,
            batch: 10,
            hidden: 8,
            ..TrainConfig::default()
        };
        let numpy = TrainConfig {
            rng: RngKind::NumPy,
            ..cfg
        };
        let data = Data::new(&m);
        let a = train(&cfg, Precision::F64, &data, |_, _| {}, |_| {}).unwrap();
        let b = train(&numpy, Precision::F64, &data, |_, _| {}, |_| {}).unwrap();
        assert_ne!(a.train_loss_list, b.train_loss_list);
        // the starting weights are np.random.seed(0)'s 0.01 * randn(784, 8)
        let mut np = crate::common::numpy_random::RandomState::new(0);
        let w0 = 0.01 * np.randn();
        let first = TwoLayerNet::new(
            PIXELS,
            8,
            CLASSES,
            0.01,
            &mut Stream::new(RngKind::NumPy, 0),
        );
        assert_eq!(first.w1[[0, 0]], w0);
        let v = *data.fast_data_for::<f64>(RngKind::NumPy).x_train.values();
        assert_eq!(v[1], (1.0f32 / 255.0) as f64);
        assert_ne!(v[1], 1.0 / 255.0);
        assert_eq!(
            data.fast_data_for::<f64>(RngKind::ChaCha8).x_train.values()[1],
            1.0 / 255.0
        );
        // a NumPy seed must fit in 32 bits, as np.random.seed demands
        let big = TrainConfig {
            seed: 1 << 32,
            ..numpy
        };
        let e = train(&big, Precision::F64, &data, |_, _| {}, |_| {}).unwrap_err();
        assert!(e.to_string().contains("2**32 - 1"), "{e}");
    }

    #[test]
    fn single_precision_follows_double_closely() {
        let m = toy_mnist(300, 6);
        let data = Data::new(&m);
        let cfg = TrainConfig {
            iters: 300,
            batch: 20,
            lr: 1.0,
            hidden: 16,
            weight_init_std: 0.1,
            ..TrainConfig::default()
        };
        let f64_run = train(&cfg, Precision::F64, &data, |_, _| {}, |_| {}).unwrap();
        let f32_run = train(&cfg, Precision::F32, &data, |_, _| {}, |_| {}).unwrap();
        assert_ne!(f32_run.train_loss_list, f64_run.train_loss_list);
        for (a, b) in f32_run.train_loss_list.iter().zip(&f64_run.train_loss_list) {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
        for (a, b) in f32_run.epochs.iter().zip(&f64_run.epochs) {
            assert!((a.test_acc - b.test_acc).abs() <= 0.01, "{a:?} vs {b:?}");
        }
        // and repeats bit for bit, with any number of threads
        let again = train_fast(&cfg, &data.fast_data::<f32>(), 3, |_, _| {}, |_| {}).unwrap();
        assert_eq!(again, f32_run);
        let numerical = TrainConfig {
            grad: GradMethod::Numerical,
            ..cfg
        };
        let e = train(&numerical, Precision::F32, &data, |_, _| {}, |_| {}).unwrap_err();
        assert!(e.to_string().contains("f64"), "{e}");
    }

    #[test]
    fn a_diverging_learning_rate_stops_with_an_error_naming_it() {
        let data = Data::new(&toy_mnist(60, 7));
        for precision in [Precision::F64, Precision::F32] {
            let cfg = TrainConfig {
                iters: 20,
                batch: 10,
                hidden: 20,
                lr: 1e308,
                ..TrainConfig::default()
            };
            let e = train(&cfg, precision, &data, |_, _| {}, |_| {})
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("diverged at iteration") && e.contains("1e+308"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_run_that_diverges_late_reports_the_same_epochs_before_its_error() {
        let m = toy_mnist(60, 7);
        let cfg = TrainConfig {
            iters: 200,
            batch: 10,
            hidden: 20,
            // the weights grow until a sum overflows: NaN at iteration 32
            lr: 3e307,
            ..TrainConfig::default()
        };
        let mut book_epochs = Vec::new();
        let book = train_neuralnet(
            &cfg,
            &TrainData::new(&m),
            |_, _| {},
            |e| book_epochs.push(*e),
        )
        .unwrap_err()
        .to_string();
        assert!(book.contains("diverged at iteration"), "{book}");
        assert!(book_epochs.len() >= 2, "diverges after a few epochs");
        let data = Data::new(&m);
        for threads in [1, 2, 3] {
            let mut fast_epochs = Vec::new();
            let fast = train_fast(
                &cfg,
                &data.fast_data::<f64>(),
                threads,
                |_, _| {},
                |e| fast_epochs.push(*e),
            )
            .unwrap_err()
            .to_string();
            assert_eq!(fast, book);
            assert_eq!(fast_epochs, book_epochs, "threads {threads}");
        }
    }

    #[test]
    fn pixel_bytes_give_the_chapters_pixel_values() {
        let m = toy_mnist(50, 8);
        let data = Data::new(&m);
        let rows: Vec<usize> = (0..50).collect();
        assert_eq!(
            data.sparse_train_rows(&rows, RngKind::ChaCha8).to_dense(),
            m.train.x()
        );
        assert_eq!(
            data.sparse_train_rows(&rows, RngKind::NumPy).to_dense(),
            TrainData::like_numpy(&m).x_train
        );
        // f32: the book's astype(np.float32) / 255.0
        let v32 = *data.fast_data::<f32>().x_train.values();
        assert_eq!(v32[1], 1.0f32 / 255.0);
        assert_eq!(v32[255], 1.0);
    }

    #[test]
    fn bad_settings_are_refused_by_every_loop() {
        let data = Data::new(&toy_mnist(10, 3));
        for grad in [GradMethod::Backprop, GradMethod::Numerical] {
            for cfg in [
                TrainConfig {
                    iters: 0,
                    grad,
                    ..TrainConfig::default()
                },
                TrainConfig {
                    batch: 0,
                    grad,
                    ..TrainConfig::default()
                },
                TrainConfig {
                    hidden: 0,
                    grad,
                    ..TrainConfig::default()
                },
                TrainConfig {
                    lr: f64::NAN,
                    grad,
                    ..TrainConfig::default()
                },
            ] {
                assert!(
                    train(&cfg, Precision::F64, &data, |_, _| {}, |_| {}).is_err(),
                    "{cfg:?}"
                );
            }
        }
    }
}

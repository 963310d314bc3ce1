//! 4.5.2–4.5.3 Training the two-layer net on MNIST (미니배치 학습 구현, 시험
//!데이터로 평가하기): the book's `train_neuralnet.py`, seeded so every run repeats
//! bit for bit.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, RwLock, mpsc};

use ndarray::Array2;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::error::{Error, Result};
use crate::fast::{FastData, PixelRows, pixel_values, train_fast};
use crate::mnist::{CLASSES, DataSource, Mnist, PIXELS, one_hot_rows};
use crate::precision::Real;
use crate::sparse::SparseRows;
use crate::two_layer_net::TwoLayerNet;

/// How the gradient is found each step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GradMethod {
    /// Backpropagation: fast.
    Backprop,
    /// Central differences on every parameter: 79,520 forward passes per step.
    Numerical,
}

impl std::str::FromStr for GradMethod {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "backprop" => Ok(GradMethod::Backprop),
            "numerical" => Ok(GradMethod::Numerical),
            _ => Err(Error::Invalid(format!(
                "unknown gradient method '{s}', expected 'backprop' or 'numerical'"
            ))),
        }
    }
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
    pub precision: Precision,
}

/// The float type the loop computes in (the book: f64).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    F64,
    F32,
}

impl std::str::FromStr for Precision {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "f64" => Ok(Precision::F64),
            "f32" => Ok(Precision::F32),
            _ => Err(Error::Invalid(format!(
                "unknown precision '{s}', expected 'f64' or 'f32'"
            ))),
        }
    }
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
            precision: Precision::F64,
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

/// The data in the form training needs: sparse rows of normalised pixels and labels.
pub struct TrainData {
    pub x_train: SparseRows,
    pub t_train: Vec<u8>,
    pub x_test: SparseRows,
    pub t_test: Vec<u8>,
    /// The same images as pixel bytes, for the fast loop.
    pub pixels_train: PixelRows,
    pub pixels_test: PixelRows,
}

impl TrainData {
    pub fn new(m: &Mnist) -> Self {
        TrainData {
            x_train: m.train.sparse_rows(),
            t_train: m.train.labels.clone(),
            x_test: m.test.sparse_rows(),
            t_test: m.test.labels.clone(),
            pixels_train: PixelRows::new(&m.train.images.pixels, PIXELS),
            pixels_test: PixelRows::new(&m.test.images.pixels, PIXELS),
        }
    }

    /// The images as the fast loop reads them, for computing in F.
    pub fn fast_data<F: Real>(&self) -> FastData<'_, F> {
        FastData {
            x_train: &self.pixels_train,
            t_train: &self.t_train,
            x_test: &self.pixels_test,
            t_test: &self.t_test,
            value: pixel_values(),
        }
    }
}

/// Refuses settings the loop cannot run with, naming the setting.
pub(crate) fn check_config(cfg: &TrainConfig, train_size: usize) -> Result<()> {
    if cfg.batch == 0 || cfg.hidden == 0 {
        return Err(Error::Invalid(format!(
            "batch size and hidden size must be at least 1, got batch {} and hidden {}",
            cfg.batch, cfg.hidden
        )));
    }
    if !(cfg.lr.is_finite() && cfg.lr > 0.0) {
        return Err(Error::Invalid(format!(
            "learning rate must be a positive number, got {}",
            cfg.lr
        )));
    }
    if train_size == 0 {
        return Err(Error::Invalid("the training set is empty".into()));
    }
    Ok(())
}

/// Trains as configured: backpropagation runs `fast::train_fast` on every core
/// (the same numbers as `train_book`, bit for bit in f64); the numerical
/// gradient runs the book's loop.
pub fn train(
    cfg: &TrainConfig,
    data: &TrainData,
    on_iter: impl FnMut(usize, f64),
    on_epoch: impl FnMut(&Epoch),
) -> Result<TrainResult> {
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    match (cfg.grad, cfg.precision) {
        (GradMethod::Numerical, Precision::F64) => train_book(cfg, data, on_iter, on_epoch),
        (GradMethod::Numerical, Precision::F32) => Err(Error::Invalid(
            "the numerical gradient needs f64 (h = 1e-4 is lost in f32's 7 digits)".into(),
        )),
        (GradMethod::Backprop, Precision::F64) => {
            train_fast(cfg, &data.fast_data::<f64>(), threads, on_iter, on_epoch)
        }
        (GradMethod::Backprop, Precision::F32) => {
            train_fast(cfg, &data.fast_data::<f32>(), threads, on_iter, on_epoch)
        }
    }
}

// ANCHOR: train
/// The book's loop: draw a mini-batch (with replacement), find the gradient, step,
/// record the loss; once per epoch, measure accuracy on all training and test
/// images. `on_iter(i, loss)` and `on_epoch(&epoch)` report progress as it happens.
pub fn train_book(
    cfg: &TrainConfig,
    data: &TrainData,
    mut on_iter: impl FnMut(usize, f64),
    mut on_epoch: impl FnMut(&Epoch),
) -> Result<TrainResult> {
    check_config(cfg, data.x_train.nrows())?;
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let network = TwoLayerNet::new(PIXELS, cfg.hidden, CLASSES, cfg.weight_init_std, &mut rng);
    let train_size = data.x_train.nrows();
    // The book divides as floats (600.0) and tests i % 600.0 == 0.
    let iter_per_epoch = f64::max(train_size as f64 / cfg.batch as f64, 1.0);
    let train_labels: Vec<usize> = data.t_train.iter().map(|&l| l as usize).collect();
    let test_labels: Vec<usize> = data.t_test.iter().map(|&l| l as usize).collect();

    let mut train_loss_list = Vec::with_capacity(cfg.iters);
    let mut epochs = Vec::new();
    // Iteration i's loss (a forward pass with the weights after step i) runs on a
    // second thread while this one computes iteration i+1's gradient. Both only
    // read the weights after step i, and step i+1 waits for that loss before it
    // changes them, so every number is the same as computing them one after the
    // other. The lock shares the weights without copying them every iteration.
    let shared = RwLock::new(network);
    std::thread::scope(|s| {
        let (job_tx, job_rx) = mpsc::channel::<(SparseRows, Array2<f64>)>();
        let (loss_tx, loss_rx) = mpsc::channel::<f64>();
        let net = &shared;
        s.spawn(move || {
            for (x_batch, t_batch) in job_rx {
                let loss = read(net).loss_rows(&x_batch, t_batch.view());
                if loss_tx.send(loss).is_err() {
                    break;
                }
            }
        });
        // Records iteration i's loss and, once per epoch, the accuracies; called
        // while `network` still holds the weights after step i.
        let mut finish = |i: usize, network: &TwoLayerNet| -> Result<()> {
            let loss = loss_rx.recv().expect("the loss thread answers");
            check_loss(i, loss, cfg.lr)?;
            train_loss_list.push(loss);
            on_iter(i, loss);
            if (i as f64) % iter_per_epoch == 0.0 {
                let e = Epoch {
                    epoch: epochs.len(),
                    iter: i,
                    train_acc: network.accuracy_rows(&data.x_train, &train_labels),
                    test_acc: network.accuracy_rows(&data.x_test, &test_labels),
                    loss,
                };
                on_epoch(&e);
                epochs.push(e);
            }
            Ok(())
        };
        for i in 0..cfg.iters {
            let batch_mask: Vec<usize> = (0..cfg.batch)
                .map(|_| rng.random_range(0..train_size))
                .collect();
            let x_batch = data.x_train.select(&batch_mask);
            let t_batch = one_hot_rows(&data.t_train, &batch_mask);

            let grad = match cfg.grad {
                GradMethod::Backprop => read(&shared).gradient_rows(&x_batch, t_batch.view()),
                GradMethod::Numerical => {
                    let mut network = shared.write().unwrap_or_else(|e| e.into_inner());
                    network.numerical_gradient(x_batch.to_dense().view(), t_batch.view())
                }
            };
            if i > 0 {
                finish(i - 1, &read(&shared))?;
            }
            // the loss thread has answered for step i - 1: nobody reads the weights
            let mut network = shared.write().unwrap_or_else(|e| e.into_inner());
            network.update(&grad, cfg.lr);
            drop(network);

            // loss = network.loss(x_batch, t_batch), on the other thread
            job_tx
                .send((x_batch, t_batch))
                .expect("the loss thread runs");
        }
        if cfg.iters > 0 {
            finish(cfg.iters - 1, &read(&shared))?;
        }
        Ok::<(), Error>(())
    })?;
    let network = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(TrainResult {
        config: *cfg,
        train_loss_list,
        epochs,
        net: network,
    })
}
// ANCHOR_END: train

/// A loss that is not a number means the steps overshot until the weights
/// overflowed: say so rather than train on.
pub(crate) fn check_loss(i: usize, loss: f64, lr: f64) -> Result<()> {
    if loss.is_finite() {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "training diverged at iteration {i}: the loss is {loss}; the learning rate {} \
             is too large for this net, try a smaller --lr",
            crate::numpy::py_repr(lr)
        )))
    }
}

/// A read lock on the weights (a panic elsewhere does not make them wrong).
fn read(net: &RwLock<TwoLayerNet>) -> std::sync::RwLockReadGuard<'_, TwoLayerNet> {
    net.read().unwrap_or_else(|e| e.into_inner())
}

/// The data, read once per process per folder (sections 4.1 to 4.5.3 share it).
pub fn load_cached(source: &DataSource) -> Result<Arc<(Mnist, TrainData)>> {
    type Cache = Mutex<Vec<(DataSource, Arc<(Mnist, TrainData)>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, d)) = c.iter().find(|(s, _)| s == source) {
        return Ok(d.clone());
    }
    let m = source.load()?;
    let t = TrainData::new(&m);
    let d = Arc::new((m, t));
    c.push((source.clone(), d.clone()));
    Ok(d)
}

/// The book's run (default settings) in the given precision, trained once per
/// process per folder: sections 4.5.2 and 4.5.3 show views of the same run.
pub fn book_run_cached(source: &DataSource, precision: Precision) -> Result<Arc<TrainResult>> {
    type Cache = Mutex<Vec<((DataSource, Precision), Arc<TrainResult>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (source.clone(), precision);
    if let Some((_, r)) = lock(cache).iter().find(|(k, _)| *k == key) {
        return Ok(r.clone());
    }
    let data = load_cached(source)?;
    let cfg = TrainConfig {
        precision,
        ..TrainConfig::default()
    };
    let r = Arc::new(train(&cfg, &data.1, |_, _| {}, |_| {})?);
    lock(cache).push((key, r.clone()));
    Ok(r)
}

/// A lock on a cache (a panic elsewhere does not make its entries wrong).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Writes the run(s) as CSV: run, iter, loss, and the accuracies on evaluation
/// iterations (empty otherwise). Written to a temporary file and renamed, so a
/// failed run never leaves half a log.
pub fn write_log(path: &Path, runs: &[(String, &TrainResult)]) -> Result<()> {
    let mut text = String::from("run,iter,loss,train_acc,test_acc\n");
    for (label, r) in runs {
        let mut e = r.epochs.iter().peekable();
        for (i, loss) in r.train_loss_list.iter().enumerate() {
            let (tr, te) = match e.peek() {
                Some(ep) if ep.iter == i => {
                    let v = (ep.train_acc.to_string(), ep.test_acc.to_string());
                    e.next();
                    v
                }
                _ => (String::new(), String::new()),
            };
            text.push_str(&format!("{label},{i},{loss},{tr},{te}\n"));
        }
    }
    write_atomic(path, text.as_bytes())
}

/// Writes `bytes` to `path` through a temporary file in the same folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.part", std::process::id()));
    let r = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = r {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mnist::{Images, Split};

    /// A tiny learnable data set: class c lights up pixels 10c..10c+10.
    fn toy(n: usize, seed: u64) -> TrainData {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut pixels = vec![0u8; n * PIXELS];
        let mut labels = Vec::new();
        for i in 0..n {
            let c = rng.random_range(0..CLASSES);
            labels.push(c as u8);
            for k in 0..10 {
                pixels[i * PIXELS + 10 * c + k] = rng.random_range(128..=255);
            }
        }
        let split = Split {
            images: Images {
                count: n,
                rows: 28,
                cols: 28,
                pixels,
            },
            labels,
        };
        TrainData::new(&Mnist {
            train: split.clone(),
            test: split,
        })
    }

    #[test]
    fn the_loop_learns_and_repeats_bit_for_bit() {
        let data = toy(300, 1);
        let cfg = TrainConfig {
            iters: 300,
            batch: 20,
            lr: 1.0,
            hidden: 16,
            weight_init_std: 0.1,
            ..TrainConfig::default()
        };
        let mut seen = 0;
        let a = train(&cfg, &data, |_, _| seen += 1, |_| {}).unwrap();
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
        let b = train(&cfg, &data, |_, _| {}, |_| {}).unwrap();
        assert_eq!(a, b, "same seed, same bits");
        let c = train(&TrainConfig { seed: 1, ..cfg }, &data, |_, _| {}, |_| {}).unwrap();
        assert_ne!(a.train_loss_list, c.train_loss_list);
    }

    #[test]
    fn the_fast_loop_gives_the_book_loops_bits_with_any_number_of_threads() {
        let data = toy(300, 5);
        // odd sizes, a batch smaller than the threads, a thread with no hidden unit
        for (hidden, batch, iters) in [
            (16, 20, 40),
            (7, 13, 30),
            (50, 100, 7),
            (3, 1, 25),
            (1, 5, 10),
        ] {
            let cfg = TrainConfig {
                iters,
                batch,
                hidden,
                lr: 0.5,
                weight_init_std: 0.1,
                ..TrainConfig::default()
            };
            let book = train_book(&cfg, &data, |_, _| {}, |_| {}).unwrap();
            for threads in [1, 2, 3] {
                let mut seen = Vec::new();
                let mut seen_epochs = Vec::new();
                let fast = train_fast(
                    &cfg,
                    &data.fast_data::<f64>(),
                    threads,
                    |i, l| seen.push((i, l)),
                    |e| seen_epochs.push(*e),
                )
                .unwrap();
                assert_eq!(
                    fast, book,
                    "hidden {hidden} batch {batch} threads {threads}"
                );
                let expect: Vec<(usize, f64)> =
                    book.train_loss_list.iter().copied().enumerate().collect();
                assert_eq!(seen, expect);
                // every epoch reported, in order (some a little later than
                // the book's loop reports them: evaluations run in the
                // background)
                assert_eq!(seen_epochs, book.epochs);
            }
        }
    }

    #[test]
    fn single_precision_follows_double_closely() {
        let data = toy(300, 6);
        let cfg = TrainConfig {
            iters: 300,
            batch: 20,
            lr: 1.0,
            hidden: 16,
            weight_init_std: 0.1,
            ..TrainConfig::default()
        };
        let f64_run = train(&cfg, &data, |_, _| {}, |_| {}).unwrap();
        let f32_cfg = TrainConfig {
            precision: Precision::F32,
            ..cfg
        };
        let f32_run = train(&f32_cfg, &data, |_, _| {}, |_| {}).unwrap();
        assert_ne!(f32_run.train_loss_list, f64_run.train_loss_list);
        for (a, b) in f32_run.train_loss_list.iter().zip(&f64_run.train_loss_list) {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
        for (a, b) in f32_run.epochs.iter().zip(&f64_run.epochs) {
            assert!((a.test_acc - b.test_acc).abs() <= 0.01, "{a:?} vs {b:?}");
        }
        // and repeats bit for bit, with any number of threads
        let again = train_fast(&f32_cfg, &data.fast_data::<f32>(), 3, |_, _| {}, |_| {}).unwrap();
        assert_eq!(again, f32_run);
        assert!(
            train(
                &TrainConfig {
                    grad: GradMethod::Numerical,
                    ..f32_cfg
                },
                &data,
                |_, _| {},
                |_| {}
            )
            .unwrap_err()
            .to_string()
            .contains("f64")
        );
    }

    #[test]
    fn a_diverging_learning_rate_stops_with_an_error_naming_it() {
        let data = toy(60, 7);
        for precision in [Precision::F64, Precision::F32] {
            let cfg = TrainConfig {
                iters: 20,
                batch: 10,
                hidden: 20,
                lr: 1e308,
                precision,
                ..TrainConfig::default()
            };
            let e = train(&cfg, &data, |_, _| {}, |_| {})
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("diverged at iteration") && e.contains("1e+308"),
                "{e}"
            );
            if precision == Precision::F64 {
                let e = train_book(&cfg, &data, |_, _| {}, |_| {})
                    .unwrap_err()
                    .to_string();
                assert!(e.contains("diverged at iteration"), "{e}");
            }
        }
    }

    #[test]
    fn a_run_that_diverges_late_reports_the_same_epochs_before_its_error() {
        let data = toy(60, 7);
        let cfg = TrainConfig {
            iters: 200,
            batch: 10,
            hidden: 20,
            // the weights grow until a sum overflows: NaN at iteration 32
            lr: 3e307,
            ..TrainConfig::default()
        };
        let mut book_epochs = Vec::new();
        let book = train_book(&cfg, &data, |_, _| {}, |e| book_epochs.push(*e))
            .unwrap_err()
            .to_string();
        assert!(book.contains("diverged at iteration"), "{book}");
        assert!(book_epochs.len() >= 2, "diverges after a few epochs");
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
    fn pixel_bytes_give_the_same_values_as_the_sparse_rows() {
        let data = toy(50, 8);
        let fast = data.fast_data::<f64>();
        for i in 0..50 {
            let (cols, vals) = data.x_train.row(i);
            let (c, p) = fast.x_train.row(i);
            assert_eq!(
                cols.iter().map(|&k| k as usize).collect::<Vec<_>>(),
                c.iter().map(|&k| k as usize).collect::<Vec<_>>()
            );
            let v: Vec<f64> = p.iter().map(|&p| fast.value[p as usize]).collect();
            assert_eq!(vals, &v[..]);
        }
        // f32: the book's astype(np.float32) / 255.0
        let v32 = data.fast_data::<f32>().value;
        assert_eq!(v32[1], 1.0f32 / 255.0);
        assert_eq!(v32[255], 1.0);
    }

    #[test]
    fn numerical_and_backprop_training_agree_closely() {
        let data = toy(50, 2);
        let cfg = TrainConfig {
            iters: 3,
            batch: 5,
            hidden: 3,
            weight_init_std: 0.1,
            ..TrainConfig::default()
        };
        let b = train(&cfg, &data, |_, _| {}, |_| {}).unwrap();
        let n = train(
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
    fn bad_settings_are_refused() {
        let data = toy(10, 3);
        for cfg in [
            TrainConfig {
                batch: 0,
                ..TrainConfig::default()
            },
            TrainConfig {
                hidden: 0,
                ..TrainConfig::default()
            },
            TrainConfig {
                lr: -1.0,
                ..TrainConfig::default()
            },
            TrainConfig {
                lr: f64::NAN,
                ..TrainConfig::default()
            },
        ] {
            assert!(train(&cfg, &data, |_, _| {}, |_| {}).is_err(), "{cfg:?}");
        }
        assert!(
            "adam"
                .parse::<GradMethod>()
                .unwrap_err()
                .to_string()
                .contains("'adam'")
        );
    }

    #[test]
    fn the_log_has_one_row_per_iteration_and_is_written_whole() {
        let data = toy(40, 4);
        let cfg = TrainConfig {
            iters: 5,
            batch: 10,
            hidden: 4,
            ..TrainConfig::default()
        };
        let r = train(&cfg, &data, |_, _| {}, |_| {}).unwrap();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("log.csv");
        write_log(&path, &[("hidden=4".into(), &r)]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "run,iter,loss,train_acc,test_acc");
        assert_eq!(lines.len(), 6);
        assert!(lines[1].starts_with("hidden=4,0,") && !lines[1].ends_with(",,"));
        assert!(lines[2].ends_with(",,"));
        assert_eq!(
            lines[5].split(',').nth(2).unwrap().parse::<f64>().unwrap(),
            r.train_loss_list[4]
        );
        // a folder that does not exist: an error naming the file, nothing written
        let bad = d.path().join("no/such/log.csv");
        let e = write_log(&bad, &[("x".into(), &r)])
            .unwrap_err()
            .to_string();
        assert!(e.contains("log.csv"), "{e}");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }
}

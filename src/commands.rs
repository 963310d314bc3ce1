//! The bodies of `dlfs train` and `dlfs bench`: what they print and write.
//! `main.rs` only parses the flags and calls these.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::{Error, Result};
use crate::mnist::DataSource;
use crate::numpy::py_repr;
use crate::train::{GradMethod, Precision, TrainConfig, TrainData, TrainResult, train, write_log};

/// `dlfs train`'s settings. A list in `hidden`, `lr` or `batch` (one of them)
/// compares the settings: one run per value, same seed.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub iters: usize,
    pub batch: Vec<usize>,
    pub lr: Vec<f64>,
    pub hidden: Vec<usize>,
    pub seed: u64,
    pub grad: GradMethod,
    pub precision: Precision,
    pub data: DataSource,
    pub log: Option<PathBuf>,
    pub figure_dir: Option<PathBuf>,
}

impl TrainOptions {
    /// One (label, config) per run.
    pub fn runs(&self) -> Result<Vec<(String, TrainConfig)>> {
        let lists = [self.hidden.len(), self.lr.len(), self.batch.len()];
        if lists.contains(&0) {
            return Err(Error::Invalid(
                "--hidden, --lr and --batch each need at least one value".into(),
            ));
        }
        if lists.iter().filter(|&&n| n > 1).count() > 1 {
            return Err(Error::Invalid(
                "compare one setting at a time: give a list to only one of --hidden, --lr, --batch"
                    .into(),
            ));
        }
        if let Some(b) = self.batch.iter().chain(&self.hidden).find(|&&v| v == 0) {
            return Err(Error::Invalid(format!(
                "--batch and --hidden must be at least 1, got {b}"
            )));
        }
        if let Some(lr) = self.lr.iter().find(|lr| !(lr.is_finite() && **lr > 0.0)) {
            return Err(Error::Invalid(format!(
                "--lr must be a positive number, got {lr}"
            )));
        }
        let base = TrainConfig {
            iters: self.iters,
            batch: self.batch[0],
            lr: self.lr[0],
            hidden: self.hidden[0],
            seed: self.seed,
            grad: self.grad,
            precision: self.precision,
            ..TrainConfig::default()
        };
        let runs = if self.hidden.len() > 1 {
            self.hidden
                .iter()
                .map(|&h| (format!("hidden={h}"), TrainConfig { hidden: h, ..base }))
                .collect()
        } else if self.lr.len() > 1 {
            self.lr
                .iter()
                .map(|&lr| (format!("lr={}", py_repr(lr)), TrainConfig { lr, ..base }))
                .collect()
        } else if self.batch.len() > 1 {
            self.batch
                .iter()
                .map(|&b| (format!("batch={b}"), TrainConfig { batch: b, ..base }))
                .collect()
        } else {
            vec![(
                format!(
                    "hidden={} lr={} batch={}",
                    base.hidden,
                    py_repr(base.lr),
                    base.batch
                ),
                base,
            )]
        };
        Ok(runs)
    }
}

/// A progress bar on stderr: iteration, loss and rate. indicatif draws nothing
/// when stderr is not a terminal, so logs and tests see no bar.
fn progress(iters: usize, label: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(iters as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{prefix} [{bar:30}] {pos}/{len} it | loss {msg} | {per_sec} | eta {eta}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar.set_prefix(label.to_string());
    bar
}

/// Runs `dlfs train`: one run with its 17 evaluation rows, or a comparison table.
pub fn train_command(opts: &TrainOptions, out: &mut dyn Write) -> Result<()> {
    let runs = opts.runs()?;
    if !opts.data.is_available() {
        return Err(Error::Invalid(opts.data.missing_message()));
    }
    let t0 = Instant::now();
    let mnist = opts.data.load()?;
    let data = TrainData::new(&mnist);
    drop(mnist);
    eprintln!(
        "loaded {} from '{}' in {:.2} s",
        opts.data.dataset,
        opts.data.dir.display(),
        t0.elapsed().as_secs_f64()
    );
    let mut results: Vec<(String, TrainResult)> = Vec::new();
    for (label, cfg) in &runs {
        writeln!(
            out,
            "{label}: iters {} batch {} lr {} hidden {} seed {} grad {:?} precision {:?}",
            cfg.iters,
            cfg.batch,
            py_repr(cfg.lr),
            cfg.hidden,
            cfg.seed,
            cfg.grad,
            cfg.precision
        )?;
        let bar = progress(cfg.iters, label);
        let t = Instant::now();
        let mut rows = Vec::new();
        let r = train(
            cfg,
            &data,
            |i, loss| {
                if i % 20 == 0 || i + 1 == cfg.iters {
                    bar.set_position(i as u64 + 1);
                    bar.set_message(format!("{loss:.4}"));
                }
            },
            |e| rows.push(*e),
        )?;
        bar.finish_and_clear();
        for e in &rows {
            writeln!(
                out,
                "  epoch {:2} (iter {:5}) | train acc, test acc | {}, {}",
                e.epoch,
                e.iter,
                py_repr(e.train_acc),
                py_repr(e.test_acc)
            )?;
        }
        eprintln!("{label}: {:.2} s", t.elapsed().as_secs_f64());
        results.push((label.clone(), r));
    }
    if results.len() > 1 {
        writeln!(out)?;
        writeln!(
            out,
            "{:<14} {:>10} {:>10} {:>22}",
            "run", "train acc", "test acc", "mean loss, last 100"
        )?;
        for (label, r) in &results {
            let last = r.epochs.last();
            let tail = &r.train_loss_list[r.train_loss_list.len().saturating_sub(100)..];
            let mean = tail.iter().sum::<f64>() / tail.len().max(1) as f64;
            writeln!(
                out,
                "{:<14} {:>10} {:>10} {:>22.6}",
                label,
                last.map_or("-".into(), |e| format!("{:.4}", e.train_acc)),
                last.map_or("-".into(), |e| format!("{:.4}", e.test_acc)),
                mean
            )?;
        }
    }
    if let Some(path) = &opts.log {
        let runs: Vec<(String, &TrainResult)> =
            results.iter().map(|(l, r)| (l.clone(), r)).collect();
        write_log(path, &runs)?;
        writeln!(out, "log written to {}", path.display())?;
    }
    draw(opts, &results, out)
}

/// The run's figures 4-11 and 4-12, or one comparison figure, when a figure
/// folder is given.
fn draw(opts: &TrainOptions, results: &[(String, TrainResult)], out: &mut dyn Write) -> Result<()> {
    use crate::sections::{s4_5_2, s4_5_3};
    let Some(dir) = &opts.figure_dir else {
        return Ok(());
    };
    let mut ctx = crate::sections::Ctx::with_figures(out, dir)?;
    match results {
        [(_, r)] => {
            ctx.figure("4.5.2-fig4-11-loss", |a| {
                s4_5_2::draw_loss(a, &r.train_loss_list)
            })?;
            ctx.figure("4.5.3-fig4-12-accuracy", |a| {
                s4_5_3::draw_accuracy(a, &r.epochs)
            })?;
        }
        _ => {
            let what = if opts.hidden.len() > 1 {
                "hidden"
            } else if opts.lr.len() > 1 {
                "lr"
            } else {
                "batch"
            };
            let runs: Vec<(String, &[crate::train::Epoch])> = results
                .iter()
                .map(|(l, r)| (l.clone(), &r.epochs[..]))
                .collect();
            ctx.figure(&format!("4.5.3-compare-{what}"), |a| {
                s4_5_3::draw_comparison(a, what, &runs)
            })?;
        }
    }
    Ok(())
}

/// `dlfs bench`'s settings.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    pub data: DataSource,
    pub python: String,
    pub script: PathBuf,
    pub repeat: usize,
}

/// Times the book's full run (10,000 iterations, 17 evaluations) here and in
/// NumPy, one after the other on the same machine, and prints the ratio.
pub fn bench_command(opts: &BenchOptions, out: &mut dyn Write) -> Result<()> {
    if !opts.data.is_available() {
        return Err(Error::Invalid(opts.data.missing_message()));
    }
    if !opts.script.exists() {
        return Err(Error::Invalid(format!(
            "NumPy benchmark script not found at '{}' (pass --script)",
            opts.script.display()
        )));
    }
    let data = TrainData::new(&opts.data.load()?);
    let mut best = [f64::INFINITY; 3];
    for round in 1..=opts.repeat.max(1) {
        for (slot, precision) in [(0, Precision::F64), (1, Precision::F32)] {
            let cfg = TrainConfig {
                precision,
                ..TrainConfig::default()
            };
            let t = Instant::now();
            let r = train(&cfg, &data, |_, _| {}, |_| {})?;
            let rust = t.elapsed().as_secs_f64();
            let acc = r.epochs.last().map_or(0.0, |e| e.test_acc);
            writeln!(
                out,
                "round {round}: Rust {precision:?} {rust:7.3} s (training loop with 17 evaluations; final test acc {acc})"
            )?;
            out.flush()?;
            best[slot] = best[slot].min(rust);
        }
        let numpy = numpy_time(opts)?;
        writeln!(
            out,
            "round {round}: NumPy   {numpy:7.3} s (the same loop, numpy_train.py --net sigmoid --numgrad none)"
        )?;
        out.flush()?;
        best[2] = best[2].min(numpy);
    }
    let [f64_time, f32_time, numpy] = best;
    writeln!(
        out,
        "best of {}: NumPy {numpy:.3} s; Rust F64 {f64_time:.3} s, ratio {:.1}x; Rust F32 {f32_time:.3} s, ratio {:.1}x",
        opts.repeat.max(1),
        numpy / f64_time,
        numpy / f32_time
    )?;
    Ok(())
}

/// Runs the NumPy reference and reads its "total loop" wall time.
fn numpy_time(opts: &BenchOptions) -> Result<f64> {
    let output = std::process::Command::new(&opts.python)
        .arg(&opts.script)
        .args(["--net", "sigmoid", "--numgrad", "none", "--data"])
        .arg(&opts.data.dir)
        // These two slow OpenBLAS down here; unset for this command only.
        .env_remove("OPENBLAS_CORETYPE")
        .env_remove("OPENBLAS_L2_SIZE")
        .output()
        .map_err(|e| Error::Invalid(format!("cannot run '{}': {e}", opts.python)))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(Error::Invalid(format!(
            "the NumPy benchmark failed: {}",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )));
    }
    text.lines()
        .find_map(|l| {
            l.strip_prefix("WALL TIME sigmoid: total loop ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|v| v.parse::<f64>().ok())
        })
        .ok_or_else(|| {
            Error::Invalid("the NumPy benchmark printed no 'WALL TIME sigmoid' line".into())
        })
}

//! `dlfs train`: the book's run, or a comparison of settings, with its
//! evaluation rows, figures and CSV log.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ch04::train::{
    Epoch, GradMethod, TrainConfig, TrainData, TrainResult, check_settings, train_neuralnet,
};
use crate::common::functions::Activation;
use crate::common::mnist::DataSource;
use crate::common::numpy::py_repr;
use crate::common::random::RngKind;
use crate::engine::train::{Data, Precision, train, train_numerical_naive};
use crate::error::{Error, Result};
use crate::sections::s4_5_5;

/// Which loop `dlfs train` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// The engine: the same numbers, faster.
    Fast,
    /// `ch04::train::train_neuralnet`, the loop the book page shows.
    Book,
}

/// `dlfs train`'s settings. A list in `hidden`, `lr` or `batch` (one of them)
/// compares the settings: one run per value, same seed; two or more `seeds`
/// run every setting from each seed and compare means ± sd (4.5.5).
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub iters: usize,
    pub batch: Vec<usize>,
    pub lr: Vec<f64>,
    pub hidden: Vec<usize>,
    /// The seeds each setting is trained from (`--seed 0` is `[0]`).
    pub seeds: Vec<u64>,
    /// Which stream draws the weights and batches (NumPy's: the book's Python's).
    pub rng: RngKind,
    pub grad: GradMethod,
    /// The hidden layer's activation (`--activation`): sigmoid, as the book, or ReLU.
    pub activation: Activation,
    /// With the numerical gradient: the naive way (a whole forward pass per
    /// nudge) instead of 4.5.4's local one.
    pub naive_numerical: bool,
    pub precision: Precision,
    /// Which loop trains: the engine's (fast) or the chapter's as the book writes it.
    pub engine: Engine,
    pub data: DataSource,
    pub log: Option<PathBuf>,
    pub figure_dir: Option<PathBuf>,
}

impl TrainOptions {
    /// One (setting, config) per run: every setting from every seed.
    pub fn runs(&self) -> Result<Vec<(String, TrainConfig)>> {
        let lists = [self.hidden.len(), self.lr.len(), self.batch.len()];
        if lists.contains(&0) {
            return Err(Error::Invalid(
                "--hidden, --lr and --batch each need at least one value".into(),
            ));
        }
        if self.seeds.is_empty() {
            return Err(Error::Invalid("--seeds needs at least one seed".into()));
        }
        if lists.iter().filter(|&&n| n > 1).count() > 1 {
            return Err(Error::Invalid(
                "compare one setting at a time: give a list to only one of --hidden, --lr, --batch"
                    .into(),
            ));
        }
        let base = TrainConfig {
            iters: self.iters,
            batch: self.batch[0],
            lr: self.lr[0],
            hidden: self.hidden[0],
            seed: self.seeds[0],
            rng: self.rng,
            grad: self.grad,
            activation: self.activation,
            ..TrainConfig::default()
        };
        let settings: Vec<(String, TrainConfig)> = if self.hidden.len() > 1 {
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
        let runs: Vec<(String, TrainConfig)> = settings
            .into_iter()
            .flat_map(|(setting, cfg)| {
                self.seeds
                    .iter()
                    .map(move |&seed| (setting.clone(), TrainConfig { seed, ..cfg }))
            })
            .collect();
        // the one copy of the settings checks, before any data is read
        for (_, cfg) in &runs {
            check_settings(cfg)?;
        }
        Ok(runs)
    }
}

impl TrainOptions {
    /// The setting that is compared: the one given as a list (hidden when none is).
    fn what(&self) -> &'static str {
        if self.lr.len() > 1 {
            "lr"
        } else if self.batch.len() > 1 {
            "batch"
        } else {
            "hidden"
        }
    }

    /// The compared setting's value in `cfg`, for a figure's x axis.
    fn value_of(&self, cfg: &TrainConfig) -> f64 {
        match self.what() {
            "lr" => cfg.lr,
            "batch" => cfg.batch as f64,
            _ => cfg.hidden as f64,
        }
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
    check_outputs(opts)?;
    if opts.engine == Engine::Book && opts.precision == Precision::F32 {
        return Err(Error::Invalid(
            "--engine book computes in f64, as the book does; --precision f32 needs --engine fast"
                .into(),
        ));
    }
    let t0 = Instant::now();
    let mnist = opts.data.load()?;
    let loaded = match opts.engine {
        Engine::Fast => Loaded::Engine(Data::new(&mnist)),
        Engine::Book => Loaded::Book(TrainData::for_rng(&mnist, opts.rng)),
    };
    drop(mnist);
    eprintln!(
        "loaded {} from '{}' in {:.2} s",
        opts.data.dataset,
        opts.data.dir.display(),
        t0.elapsed().as_secs_f64()
    );
    let mut results: Vec<(String, TrainResult)> = Vec::new();
    // the log grows as the runs go: an interrupted or failed run leaves its rows
    let log = std::cell::RefCell::new(match &opts.log {
        Some(path) => Some(Log::create(path)?),
        None => None,
    });
    let many_seeds = opts.seeds.len() > 1;
    let mut finals = Vec::new();
    for (setting, cfg) in &runs {
        let label = &if many_seeds {
            format!("{setting} seed={}", cfg.seed)
        } else {
            setting.clone()
        };
        if let Some(log) = log.borrow_mut().as_mut() {
            log.label.clone_from(label);
        }
        writeln!(
            out,
            "{label}: iters {} batch {} lr {} hidden {} seed {} rng {} grad {:?} precision {:?} engine {:?}{}",
            cfg.iters,
            cfg.batch,
            py_repr(cfg.lr),
            cfg.hidden,
            cfg.seed,
            match cfg.rng {
                RngKind::ChaCha8 => "chacha",
                RngKind::NumPy => "numpy",
            },
            cfg.grad,
            opts.precision,
            opts.engine,
            match cfg.activation {
                Activation::Sigmoid => String::new(),
                a => format!(" activation {}", a.name()),
            }
        )?;
        let bar = progress(cfg.iters, label);
        let t = Instant::now();
        let on_iter = |i: usize, loss: f64| {
            if i.is_multiple_of(20) || i + 1 == cfg.iters {
                bar.set_position(i as u64 + 1);
                bar.set_message(format!("{loss:.4}"));
            }
            if let Some(log) = log.borrow_mut().as_mut() {
                log.pending.push_back((i, loss));
            }
        };
        // each evaluation row is printed as soon as it is known
        let mut failed = None;
        let on_epoch = |e: &Epoch| {
            // the log first: a row on the screen is already in the log
            if let Some(log) = log.borrow_mut().as_mut()
                && let Err(err) = log.epoch(e)
            {
                failed.get_or_insert(err);
            }
            let row = format!(
                "  epoch {:2} (iter {:5}) | train acc, test acc | {}, {}",
                e.epoch,
                e.iter,
                py_repr(e.train_acc),
                py_repr(e.test_acc)
            );
            bar.suspend(|| {
                if let Err(err) = writeln!(out, "{row}").and_then(|()| out.flush()) {
                    failed.get_or_insert(err);
                }
            });
        };
        let r = match &loaded {
            Loaded::Engine(data) if opts.naive_numerical && cfg.grad == GradMethod::Numerical => {
                let eta = |first: std::time::Duration| {
                    bar.suspend(|| {
                        eprintln!(
                            "{label}: the first iteration took {:.1} s, so the {} iterations will take about {}",
                            first.as_secs_f64(),
                            cfg.iters,
                            human_duration(first.as_secs_f64() * cfg.iters as f64)
                        )
                    })
                };
                train_numerical_naive(cfg, data, eta, on_iter, on_epoch)
            }
            Loaded::Engine(data) => train(cfg, opts.precision, data, on_iter, on_epoch),
            Loaded::Book(data) => train_neuralnet(cfg, data, on_iter, on_epoch),
        };
        bar.finish_and_clear();
        if let Some(err) = failed {
            return Err(err.into());
        }
        // the iterations after the last evaluation (also when the run failed)
        if let Some(log) = log.borrow_mut().as_mut() {
            log.rest()?;
        }
        let r = r?;
        eprintln!("{label}: {:.2} s", t.elapsed().as_secs_f64());
        if let Some(last) = r.epochs.last() {
            let value = opts.value_of(cfg);
            finals.push(s4_5_5::Final::of(setting.clone(), value, cfg.seed, last));
        }
        results.push((label.clone(), r));
    }
    if results.len() > 1 {
        let width = results
            .iter()
            .map(|(l, _)| l.len())
            .max()
            .unwrap_or(0)
            .max(14);
        writeln!(out)?;
        writeln!(
            out,
            "{:<width$} {:>10} {:>10} {:>22}",
            "run", "train acc", "test acc", "mean loss, last 100"
        )?;
        for (label, r) in &results {
            let last = r.epochs.last();
            let tail = &r.train_loss_list[r.train_loss_list.len().saturating_sub(100)..];
            let mean = tail.iter().sum::<f64>() / tail.len().max(1) as f64;
            writeln!(
                out,
                "{:<width$} {:>10} {:>10} {:>22.6}",
                label,
                last.map_or("-".into(), |e| format!("{:.4}", e.train_acc)),
                last.map_or("-".into(), |e| format!("{:.4}", e.test_acc)),
                mean
            )?;
        }
    }
    if many_seeds {
        writeln!(out)?;
        s4_5_5::write_summary(out, &finals)?;
    }
    if let Some(path) = &opts.log {
        writeln!(out, "log written to {}", path.display())?;
    }
    draw(opts, &results, &finals, out)
}

/// Parses `--seeds`: single seeds and ranges joined by commas, such as `0-4`,
/// `0,3,7` or `0-2,10`; each seed once, at most 1,000.
pub fn parse_seeds(text: &str) -> Result<Vec<u64>> {
    let bad = |why: &str| {
        Error::Invalid(format!(
            "--seeds expects {why}, such as 0-4 or 0,3,7; got '{text}'"
        ))
    };
    let mut seeds: Vec<u64> = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        let number = |s: &str| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| bad("whole numbers from 0 (a range as low-high)"))
        };
        let (a, b) = (number(a)?, number(b)?);
        if a > b {
            return Err(bad("a range from low to high"));
        }
        if b - a >= 1000 || seeds.len() as u64 + (b - a) >= 1000 {
            return Err(bad("at most 1000 seeds"));
        }
        for seed in a..=b {
            if seeds.contains(&seed) {
                return Err(bad("each seed once"));
            }
            seeds.push(seed);
        }
    }
    Ok(seeds)
}

/// Seconds as the largest sensible unit: "42 s", "3.5 min", "47.9 hours", "2.0 days".
pub fn human_duration(secs: f64) -> String {
    if secs < 120.0 {
        format!("{secs:.0} s")
    } else if secs < 7200.0 {
        format!("{:.1} min", secs / 60.0)
    } else if secs < 3.0 * 86400.0 {
        format!("{:.1} hours", secs / 3600.0)
    } else {
        format!("{:.1} days", secs / 86400.0)
    }
}

/// The data in the form the chosen loop reads.
enum Loaded {
    Engine(Data),
    Book(TrainData),
}

/// Checks, before any training, that the log and the figures can be written:
/// a typo in a path must not cost a whole run.
fn check_outputs(opts: &TrainOptions) -> Result<()> {
    if let Some(path) = &opts.log {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        if !dir.is_dir() {
            return Err(Error::Invalid(format!(
                "cannot write the log '{}': the folder '{}' does not exist",
                path.display(),
                dir.display()
            )));
        }
        if path.is_dir() {
            return Err(Error::Invalid(format!(
                "cannot write the log '{}': it is a folder",
                path.display()
            )));
        }
    }
    if let Some(dir) = &opts.figure_dir {
        // made only when the figures are drawn; now, check that it can be
        let existing = dir
            .ancestors()
            .find(|a| a.exists())
            .unwrap_or(std::path::Path::new("."));
        if !existing.is_dir() {
            return Err(Error::Invalid(format!(
                "cannot write figures into '{}': '{}' is not a folder",
                dir.display(),
                existing.display()
            )));
        }
    }
    Ok(())
}

/// The CSV log (run, iter, loss, and the accuracies on evaluation iterations,
/// empty otherwise), written while the runs go rather than at the end, so that
/// Ctrl-C or a failure keeps what was done. It is written in place (a log is a
/// record of what happened, not a result to swap in whole): the header first,
/// then whole rows. A row waits only until it is known whether its iteration
/// has an evaluation: each evaluation writes the rows up to it and flushes, so a
/// killed run leaves a valid CSV of the iterations up to its last evaluation,
/// and a failed one (a diverging loss) every iteration it finished.
struct Log {
    file: std::fs::File,
    path: PathBuf,
    label: String,
    /// Iterations finished but not written: (iteration, loss).
    pending: std::collections::VecDeque<(usize, f64)>,
}

impl Log {
    fn create(path: &std::path::Path) -> Result<Self> {
        let mut log = std::fs::File::create(path)
            .map(|file| Log {
                file,
                path: path.to_path_buf(),
                label: String::new(),
                pending: Default::default(),
            })
            .map_err(|source| Error::Write {
                path: path.to_path_buf(),
                source,
            })?;
        log.write(String::from("run,iter,loss,train_acc,test_acc\n"))?;
        Ok(log)
    }

    fn write(&mut self, text: String) -> Result<()> {
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|source| Error::Write {
                path: self.path.clone(),
                source,
            })
    }

    /// An evaluation: the rows before it, then its own row with the accuracies.
    fn epoch(&mut self, e: &Epoch) -> std::io::Result<()> {
        let mut text = String::new();
        while let Some((i, loss)) = self.pending.pop_front() {
            if i < e.iter {
                text.push_str(&format!("{},{i},{loss},,\n", self.label));
            } else {
                text.push_str(&format!(
                    "{},{i},{loss},{},{}\n",
                    self.label, e.train_acc, e.test_acc
                ));
                break;
            }
        }
        self.write(text)
            .map_err(|e| std::io::Error::other(e.to_string()))
    }

    /// The rows after the last evaluation.
    fn rest(&mut self) -> Result<()> {
        let text: String = self
            .pending
            .drain(..)
            .map(|(i, loss)| format!("{},{i},{loss},,\n", self.label))
            .collect();
        self.write(text)
    }
}

/// The run's figures 4-11 and 4-12, or one comparison figure, when a figure
/// folder is given.
fn draw(
    opts: &TrainOptions,
    results: &[(String, TrainResult)],
    finals: &[s4_5_5::Final],
    out: &mut dyn Write,
) -> Result<()> {
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
        _ if opts.seeds.len() > 1 => {
            let what = opts.what();
            ctx.figure(&format!("4.5.5-{what}-over-seeds"), |a| {
                s4_5_5::draw_over_seeds(a, what, finals)
            })?;
        }
        _ => {
            let what = opts.what();
            let runs: Vec<(String, &[Epoch])> = results
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

//! `dlfs bench`: the book's full run timed here and in NumPy, one after the
//! other in the same command, and the ratio.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use crate::ch04::train::TrainConfig;
use crate::common::mnist::DataSource;
use crate::engine::train::{Data, Precision, train};
use crate::error::{Error, Result};

/// `dlfs bench`'s settings.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    pub data: DataSource,
    pub python: String,
    pub script: PathBuf,
    pub repeat: usize,
    /// Time the numerical gradient instead (naive, local, and NumPy's).
    pub numerical: bool,
    /// NumPy nudges only this many parameters and extrapolates to all 39,760.
    pub numgrad_params: usize,
}

/// Times the book's full run (10,000 iterations, 17 evaluations) here and in
/// NumPy, one after the other on the same machine, and prints the ratio.
pub fn bench_command(opts: &BenchOptions, out: &mut dyn Write) -> Result<()> {
    if !opts.data.is_available() {
        return Err(Error::Invalid(opts.data.missing_message()));
    }
    if !opts.script.exists() {
        return Err(Error::Invalid(format!(
            "the NumPy benchmark script '{}' does not exist (pass --script FILE)",
            opts.script.display()
        )));
    }
    check_python(&opts.python)?;
    let data = Data::new(&opts.data.load()?);
    if opts.numerical {
        return bench_numerical(opts, &data, out);
    }
    let mut best = [f64::INFINITY; 3];
    for round in 1..=opts.repeat.max(1) {
        for (slot, precision) in [(0, Precision::F64), (1, Precision::F32)] {
            let cfg = TrainConfig::default();
            let t = Instant::now();
            let r = train(&cfg, precision, &data, |_, _| {}, |_| {})?;
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
            "round {round}: NumPy   {numpy:7.3} s (the same loop, bench/numpy_train.py)"
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

/// Before any timing: the Python runs and has NumPy, so a typo in `--python`
/// costs a second, not the Rust half of the benchmark.
fn check_python(python: &str) -> Result<()> {
    let output = std::process::Command::new(python)
        .args(["-c", "import numpy"])
        .output()
        .map_err(|e| Error::Invalid(format!("cannot run '{python}': {e} (pass --python PATH)")))?;
    if !output.status.success() {
        return Err(Error::Invalid(format!(
            "'{python}' cannot import numpy: {}",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )));
    }
    Ok(())
}

/// Runs the NumPy reference and reads its "total loop" wall time.
fn numpy_time(opts: &BenchOptions) -> Result<f64> {
    let output = std::process::Command::new(&opts.python)
        .arg(&opts.script)
        .arg("--data")
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

/// One numerical-gradient iteration timed three ways (the engine's naive loop,
/// the engine's local one, NumPy's book code), then the whole local run.
fn bench_numerical(opts: &BenchOptions, data: &Data, out: &mut dyn Write) -> Result<()> {
    use crate::ch04::train::GradMethod;
    use crate::ch04::two_layer_net::TwoLayerNet;
    use crate::common::mnist::{CLASSES, PIXELS, one_hot_rows};
    use crate::engine::{net, numgrad, sparse::PixelRows};
    use rand::{RngExt, SeedableRng};
    let mnist = opts.data.load()?;
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(0);
    let network = TwoLayerNet::new(PIXELS, 50, CLASSES, 0.01, &mut rng);
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    let batches: Vec<Vec<usize>> = (0..50)
        .map(|_| (0..100).map(|_| rng.random_range(0..60_000)).collect())
        .collect();
    let prepared: Vec<(PixelRows, Vec<usize>, ndarray::Array2<f64>)> = batches
        .iter()
        .map(|m| {
            let x = PixelRows::from_dense(mnist.train.x_rows(m).view());
            let labels = m.iter().map(|&r| mnist.train.labels[r] as usize).collect();
            (x, labels, one_hot_rows(&mnist.train.labels, m))
        })
        .collect();
    let t = Instant::now();
    for (x, labels, _) in &prepared {
        std::hint::black_box(numgrad::numerical_gradient_local(
            &network, x, labels, threads,
        ));
    }
    let fast = t.elapsed().as_secs_f64() / prepared.len() as f64;
    writeln!(
        out,
        "local numerical gradient (engine, {threads} threads): {:.2} ms per iteration",
        fast * 1e3
    )?;
    out.flush()?;
    let t = Instant::now();
    let (x, _, tb) = &prepared[0];
    std::hint::black_box(net::numerical_gradient_naive(&network, x, tb.view()));
    let naive = t.elapsed().as_secs_f64();
    writeln!(
        out,
        "naive numerical gradient (engine, sparse forward passes): {naive:.2} s per iteration"
    )?;
    out.flush()?;
    let output = std::process::Command::new(&opts.python)
        .arg(&opts.script)
        .arg("--data")
        .arg(&opts.data.dir)
        .arg("--numgrad-iteration")
        .arg("--numgrad-params")
        .arg(opts.numgrad_params.to_string())
        .env_remove("OPENBLAS_CORETYPE")
        .env_remove("OPENBLAS_L2_SIZE")
        .output()
        .map_err(|e| Error::Invalid(format!("cannot run '{}': {e}", opts.python)))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let numpy = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("NUMGRAD ITERATION: ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|v| v.parse::<f64>().ok())
        })
        .ok_or_else(|| {
            Error::Invalid("the NumPy benchmark printed no 'NUMGRAD ITERATION' line".into())
        })?;
    writeln!(
        out,
        "NumPy numerical gradient (the book's code, {} of 39760 parameters, extrapolated): {numpy:.2} s per iteration",
        opts.numgrad_params
    )?;
    writeln!(
        out,
        "per iteration: local is {:.0}x the engine's naive, {:.0}x NumPy's",
        naive / fast,
        numpy / fast
    )?;
    out.flush()?;
    let cfg = TrainConfig {
        grad: GradMethod::Numerical,
        ..TrainConfig::default()
    };
    let t = Instant::now();
    let r = train(&cfg, Precision::F64, data, |_, _| {}, |_| {})?;
    let whole = t.elapsed().as_secs_f64();
    let acc = r.epochs.last().map_or(0.0, |e| e.test_acc);
    writeln!(
        out,
        "the book's whole run with the local numerical gradient: {whole:.1} s (10,000 iterations, 17 evaluations; final test acc {acc}); NumPy's would take {:.1} hours",
        numpy * cfg.iters as f64 / 3600.0
    )?;
    Ok(())
}

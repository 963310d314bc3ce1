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

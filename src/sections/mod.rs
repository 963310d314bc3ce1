//! What `dlfs section ID` prints: one file per book section, named after its id
//! (`s4_4_1.rs` is section 4.4.1). The library code they call lives in the
//! modules named after the book's topics; these files only demonstrate it.

use std::io::Write;
use std::path::PathBuf;

use std::sync::{Arc, Mutex, OnceLock};

use crate::ch04::train::{TrainConfig, TrainResult};
use crate::common::mnist::{DataSource, Mnist};
use crate::common::random::RngKind;
use crate::engine;
use crate::engine::train::Precision;
use crate::error::{Error, Result};

pub mod s4_1;
pub mod s4_1_2;
pub mod s4_2_1;
pub mod s4_2_2;
pub mod s4_2_3;
pub mod s4_2_4;
pub mod s4_2_5;
pub mod s4_3_1;
pub mod s4_3_2;
pub mod s4_3_3;
pub mod s4_4;
pub mod s4_4_1;
pub mod s4_4_2;
pub mod s4_4_3;
pub mod s4_5_1;
pub mod s4_5_2;
pub mod s4_5_3;
pub mod s4_5_4;
pub mod s4_5_5;

/// A checked flag value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Steps(usize),
    Pair([f64; 2]),
}

/// The flags given to one section, checked by `registry::check_flags`: empty
/// for the book's run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(Vec<(&'static str, Value)>);

impl Params {
    /// Adds a checked value.
    pub fn push(&mut self, name: &'static str, value: Value) {
        self.0.push((name, value));
    }

    /// No flags: the section prints the book's run.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn get(&self, name: &str) -> Option<Value> {
        self.0.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }

    /// The number given as `--name`, else `default`.
    pub fn number(&self, name: &str, default: f64) -> f64 {
        match self.get(name) {
            Some(Value::Number(v)) => v,
            _ => default,
        }
    }

    /// The count given as `--name`, else `default`.
    pub fn steps(&self, name: &str, default: usize) -> usize {
        match self.get(name) {
            Some(Value::Steps(n)) => n,
            _ => default,
        }
    }

    /// The pair given as `--name`, else `default`.
    pub fn pair(&self, name: &str, default: [f64; 2]) -> [f64; 2] {
        match self.get(name) {
            Some(Value::Pair(p)) => p,
            _ => default,
        }
    }
}

/// Where a section writes: its text, and (when asked) its figures.
pub struct Ctx<'a> {
    pub out: &'a mut dyn Write,
    /// The folder for the section's figures; `None` draws nothing.
    pub figure_dir: Option<PathBuf>,
    /// Every figure written through this context, in order.
    pub written: Vec<PathBuf>,
    /// Where the sections that need MNIST (4.1, 4.2.3, 4.5.x) find it.
    pub data: crate::common::mnist::DataSource,
    /// Which stream the sections that draw random numbers use (`--rng`).
    pub rng: RngKind,
    /// The section's flags (`--lr 0.5`), checked; empty for the book's run.
    pub params: Params,
}

impl<'a> Ctx<'a> {
    /// A context that prints to `out` and draws no figures.
    pub fn text_only(out: &'a mut dyn Write) -> Self {
        Ctx {
            out,
            figure_dir: None,
            written: Vec::new(),
            data: crate::common::mnist::DataSource::default(),
            rng: RngKind::default(),
            params: Default::default(),
        }
    }

    /// A context that prints to `out` and writes figures into `dir`, which it
    /// creates now (with its parents), so a bad folder fails before any output.
    pub fn with_figures(out: &'a mut dyn Write, dir: impl Into<PathBuf>) -> Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        Ok(Ctx {
            out,
            figure_dir: Some(dir),
            written: Vec::new(),
            data: crate::common::mnist::DataSource::default(),
            rng: RngKind::default(),
            params: Default::default(),
        })
    }

    /// Draws one figure with the house style (see [`crate::plot`]) and saves it
    /// atomically as `<figure_dir>/<name>.png`, then prints `figure: <path>`.
    /// Names start with the section id: `4.4.1-descent-path`. Without a
    /// `figure_dir` (text-only runs, the snapshot tests) it draws nothing.
    pub fn figure(
        &mut self,
        name: &str,
        draw: impl FnOnce(&crate::plot::Area) -> crate::plot::DrawResult,
    ) -> Result<()> {
        self.figure_sized(name, crate::plot::SIZE, draw)
    }

    /// [`Ctx::figure`] for a figure of another size in pixels (see
    /// [`crate::plot::save_png_sized`]).
    pub fn figure_sized(
        &mut self,
        name: &str,
        size: (u32, u32),
        draw: impl FnOnce(&crate::plot::Area) -> crate::plot::DrawResult,
    ) -> Result<()> {
        let Some(dir) = &self.figure_dir else {
            return Ok(());
        };
        let path = dir.join(format!("{name}.png"));
        crate::plot::save_png_sized(&path, size, draw)?;
        writeln!(self.out, "figure: {}", path.display())?;
        self.written.push(path);
        Ok(())
    }
}

/// The data for the sections that need MNIST, read once per process. When it is
/// missing, prints the one line that says how to get it and returns `None`: the
/// section then ends there, and the other sections still run.
pub fn mnist_or_explain(ctx: &mut Ctx) -> Result<Option<Arc<Loaded>>> {
    if !ctx.data.is_available() {
        writeln!(ctx.out, "{}", ctx.data.missing_message())?;
        return Ok(None);
    }
    load_cached(&ctx.data).map(Some)
}

/// The data set as read from disk, and in the engine's form.
pub struct Loaded {
    pub mnist: Mnist,
    pub engine: engine::train::Data,
}

/// The data, read once per process per folder (sections 4.1 to 4.5.3 share it).
pub fn load_cached(source: &DataSource) -> Result<Arc<Loaded>> {
    type Cache = Mutex<Vec<(DataSource, Arc<Loaded>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, d)) = c.iter().find(|(s, _)| s == source) {
        return Ok(d.clone());
    }
    let mnist = source.load()?;
    let engine = engine::train::Data::new(&mnist);
    let d = Arc::new(Loaded { mnist, engine });
    c.push((source.clone(), d.clone()));
    Ok(d)
}

/// The book's run (default settings) in the given precision, drawn from the
/// given stream, trained once per process per folder: sections 4.5.2 and
/// 4.5.3 show views of the same run. The engine trains it; `engine::train`'s
/// tests prove that its numbers are the chapter loop's
/// (`the_fast_loop_gives_the_chapter_loops_bits_with_any_number_of_threads`).
pub fn book_run_cached(
    source: &DataSource,
    precision: Precision,
    rng: RngKind,
) -> Result<Arc<TrainResult>> {
    type Key = (DataSource, Precision, RngKind);
    type Cache = Mutex<Vec<(Key, Arc<TrainResult>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (source.clone(), precision, rng);
    let lock = || cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, r)) = lock().iter().find(|(k, _)| *k == key) {
        return Ok(r.clone());
    }
    let data = load_cached(source)?;
    let cfg = TrainConfig {
        rng,
        ..TrainConfig::default()
    };
    let r = Arc::new(engine::train::train(
        &cfg,
        precision,
        &data.engine,
        |_, _| {},
        |_| {},
    )?);
    lock().push((key, r.clone()));
    Ok(r)
}

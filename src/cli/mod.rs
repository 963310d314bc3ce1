//! The `dlfs` command line: parse, dispatch, print errors. Nothing else lives
//! here; each command's body is in a module of its own.

pub mod bench; // `dlfs bench`
pub mod exercises; // `dlfs exercises`: the students' progress
pub mod fetch; // `dlfs data fetch`: download and verify MNIST
pub mod train; // `dlfs train`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::ch04::train::GradMethod;
use crate::common::functions::Activation;
use crate::common::mnist::{DataSource, Dataset};
use crate::common::random::RngKind;
use crate::engine::train::Precision;
use crate::error::{Error, Result};
use crate::registry::SECTIONS;
use crate::registry::{self, SectionId};
use crate::sections::Ctx;

#[derive(Parser)]
#[command(
    name = "dlfs",
    version,
    about = "Chapter 4 of Deep Learning from Scratch (밑바닥부터 시작하는 딥러닝), section by section"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a section's numbers and draw its figures: an id like 4.4.1, or a
    /// prefix (4.4, 4) for every section under it.
    Section {
        /// The section id, e.g. 4.2.1, 4.4 or 4 (`dlfs sections` lists them)
        id: String,
        #[command(flatten)]
        figures: FigureArgs,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        rng: RngArgs,
    },
    /// List every section id with its title.
    Sections,
    /// Run the exercises' tests (`cargo test -p exercises`) and show which are done.
    Exercises,
    /// Draw every figure of the chapter (into the book's figure folder by default).
    Figures {
        /// The folder for the figures (created if missing) [default: the
        /// project's book/src/figures]
        #[arg(long, value_name = "DIR")]
        figure_dir: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Train the two-layer net on MNIST (4.5.2-4.5.3); a list such as `--hidden 10,50,100` compares settings.
    Train(TrainArgs),
    /// Time the book's full training run here and in NumPy, side by side, and print the ratio.
    Bench(BenchArgs),
    /// Get the data set.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
}

/// Where a command that draws puts its figures.
#[derive(clap::Args)]
struct FigureArgs {
    /// The folder for the figures (created if missing)
    #[arg(long, value_name = "DIR", default_value = "figures")]
    figure_dir: PathBuf,
    /// Print only; draw no figures
    #[arg(long, conflicts_with = "figure_dir")]
    no_figures: bool,
}

impl FigureArgs {
    fn dir(self) -> Option<PathBuf> {
        (!self.no_figures).then_some(self.figure_dir)
    }
}

/// Where the data is: `--data-dir`, else $DLFS_DATA, else data/mnist.
#[derive(clap::Args)]
struct DataArgs {
    /// The folder with the four IDX files (or mnist_train.csv and mnist_test.csv)
    /// [default: $DLFS_DATA, else data/mnist]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Which data set
    #[arg(long, value_enum, default_value_t = DatasetArg::Mnist)]
    dataset: DatasetArg,
}

impl DataArgs {
    fn source(self) -> DataSource {
        DataSource::locate(self.data_dir, self.dataset.into())
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DatasetArg {
    /// The handwritten digits
    Mnist,
    /// Zalando's clothing images, in MNIST's format
    Fashion,
}

impl From<DatasetArg> for Dataset {
    fn from(d: DatasetArg) -> Self {
        match d {
            DatasetArg::Mnist => Dataset::Mnist,
            DatasetArg::Fashion => Dataset::Fashion,
        }
    }
}

/// Which random stream draws weights and mini-batches.
#[derive(clap::Args)]
struct RngArgs {
    /// The random stream: chacha (ChaCha8, the default) or numpy (NumPy's
    /// np.random.seed stream, with the book's float32 pixels: the Python's numbers)
    #[arg(long, value_enum, default_value_t = RngArg::Chacha)]
    rng: RngArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum RngArg {
    /// ChaCha8 (rand's ChaCha8Rng): the default
    Chacha,
    /// NumPy's legacy stream: np.random.seed(seed), randn, choice, bit for bit
    Numpy,
}

impl From<RngArg> for RngKind {
    fn from(r: RngArg) -> Self {
        match r {
            RngArg::Chacha => RngKind::ChaCha8,
            RngArg::Numpy => RngKind::NumPy,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum GradArg {
    /// Backpropagation (chapter 5's method): fast
    Backprop,
    /// Central differences on every parameter, as the book's 4.5.2 listing,
    /// computed locally (4.5.4): the whole run in minutes
    Numerical,
    /// The same numerical gradient the naive way (a whole forward pass per
    /// nudge): prints how long the run will take, then takes it
    NumericalNaive,
}

impl From<GradArg> for GradMethod {
    fn from(g: GradArg) -> Self {
        match g {
            GradArg::Backprop => GradMethod::Backprop,
            GradArg::Numerical | GradArg::NumericalNaive => GradMethod::Numerical,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ActivationArg {
    /// 1 / (1 + e^-x), as the book
    Sigmoid,
    /// max(0, x): chapter 5's ReLU
    Relu,
}

impl From<ActivationArg> for Activation {
    fn from(a: ActivationArg) -> Self {
        match a {
            ActivationArg::Sigmoid => Activation::Sigmoid,
            ActivationArg::Relu => Activation::Relu,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PrecisionArg {
    /// Double precision, as the book
    F64,
    /// Single precision: faster, the same accuracy on the book's run
    F32,
}

impl From<PrecisionArg> for Precision {
    fn from(p: PrecisionArg) -> Self {
        match p {
            PrecisionArg::F64 => Precision::F64,
            PrecisionArg::F32 => Precision::F32,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum EngineArg {
    /// The engine: the same numbers on both cores, faster
    Fast,
    /// The chapter's loop as the book page shows it (one thread, dense arrays)
    Book,
}

impl From<EngineArg> for train::Engine {
    fn from(e: EngineArg) -> Self {
        match e {
            EngineArg::Fast => train::Engine::Fast,
            EngineArg::Book => train::Engine::Book,
        }
    }
}

#[derive(clap::Args)]
struct TrainArgs {
    /// Iterations (mini-batches)
    #[arg(long, default_value_t = 10_000)]
    iters: usize,
    /// Mini-batch size; a comma list compares
    #[arg(long, value_delimiter = ',', default_value = "100")]
    batch: Vec<usize>,
    /// Learning rate; a comma list compares
    #[arg(long, value_delimiter = ',', default_value = "0.1")]
    lr: Vec<f64>,
    /// Hidden layer size; a comma list compares
    #[arg(long, value_delimiter = ',', default_value = "50")]
    hidden: Vec<usize>,
    /// Random seed: the same seed gives the same run, bit for bit
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Train every setting from each of these seeds and report mean ± sd,
    /// e.g. 0-4 or 0,3,7 (instead of --seed)
    #[arg(long, value_name = "LIST", conflicts_with = "seed")]
    seeds: Option<String>,
    #[command(flatten)]
    rng: RngArgs,
    /// How the gradient is found
    #[arg(long, value_enum, default_value_t = GradArg::Backprop)]
    grad: GradArg,
    /// The hidden layer's activation function (활성화 함수)
    #[arg(long, value_enum, default_value_t = ActivationArg::Sigmoid)]
    activation: ActivationArg,
    /// The float type the loop computes in
    #[arg(long, value_enum, default_value_t = PrecisionArg::F64)]
    precision: PrecisionArg,
    /// Which loop trains (the same numbers either way)
    #[arg(long, value_enum, default_value_t = EngineArg::Fast)]
    engine: EngineArg,
    /// Write every iteration's loss (and each evaluation) to this CSV file
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
    #[command(flatten)]
    figures: FigureArgs,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(clap::Args)]
struct BenchArgs {
    /// Rounds; the best time of each side is compared
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// The Python with NumPy
    #[arg(long, default_value = "python3")]
    python: String,
    /// The NumPy reference script [default: the project's bench/numpy_train.py]
    #[arg(long, value_name = "FILE")]
    script: Option<PathBuf>,
    /// Time the numerical gradient (naive, local, NumPy's) and the whole local run
    #[arg(long)]
    numerical: bool,
    /// With --numerical: NumPy nudges this many parameters and extrapolates
    #[arg(long, default_value_t = 1000)]
    numgrad_params: usize,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Subcommand)]
enum DataCommand {
    /// Download the four MNIST files from the public mirrors and check their SHA-256 sums.
    Fetch {
        /// Download from this base URL instead of the public mirrors (also $DLFS_MNIST_URL)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
}

/// The project's folder (where Cargo.toml is): the book's figures and the
/// NumPy reference are found from here, not from the working directory.
pub fn project_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the command line; prints an error as one line and returns its exit code.
pub fn main() -> ExitCode {
    let matches = with_section_flags(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let given = matches
        .subcommand_matches("section")
        .map(given_flags)
        .unwrap_or_default();
    match run(cli, &given) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                Error::UnknownSection { .. } | Error::BadFlag(_) => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// Adds every flag of [`registry::FLAGS`] to `dlfs section`, once per name. The
/// values are taken as text here and checked by [`registry::check_flags`], so a
/// bad one gets the registry's one line (and `--init -3,4` may start with `-`).
fn with_section_flags(cmd: clap::Command) -> clap::Command {
    cmd.mut_subcommand("section", |mut sub| {
        let mut seen: Vec<&str> = Vec::new();
        for f in registry::FLAGS {
            if seen.contains(&f.name) {
                continue;
            }
            seen.push(f.name);
            sub = sub.arg(
                Arg::new(f.name)
                    .long(f.name)
                    .value_name(f.kind.value_name())
                    .allow_hyphen_values(true)
                    .help(f.help)
                    .help_heading("Experiment (a section's own flags)"),
            );
        }
        sub
    })
}

/// The section flags given, as (name, text), in command-line order.
fn given_flags(m: &ArgMatches) -> Vec<(String, String)> {
    let mut seen: Vec<&str> = Vec::new();
    let mut given: Vec<(usize, String, String)> = Vec::new();
    for f in registry::FLAGS {
        if seen.contains(&f.name) {
            continue;
        }
        seen.push(f.name);
        if let (Some(text), Some(index)) = (m.get_one::<String>(f.name), m.index_of(f.name)) {
            given.push((index, f.name.to_string(), text.clone()));
        }
    }
    given.sort();
    given.into_iter().map(|(_, n, t)| (n, t)).collect()
}

fn run(cli: Cli, given: &[(String, String)]) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Section {
            id,
            figures,
            data,
            rng,
        } => {
            let id: SectionId = id.parse()?;
            let params = registry::check_flags(&id, given)?;
            // An experiment (any section flag) prints only: the figures show the book's run.
            let mut ctx = match figures.dir().filter(|_| params.is_empty()) {
                Some(dir) => Ctx::with_figures(&mut out, dir)?,
                None => Ctx::text_only(&mut out),
            };
            ctx.data = data.source();
            ctx.rng = rng.rng.into();
            ctx.params = params;
            registry::run(&id, &mut ctx)?;
        }
        Command::Sections => {
            for s in SECTIONS {
                writeln!(out, "{:<6} {}", s.id, s.title)?;
            }
        }
        Command::Exercises => exercises::run_command(&mut out)?,
        Command::Figures { figure_dir, data } => {
            let dir = figure_dir.unwrap_or_else(|| project_dir().join("book/src/figures"));
            let drawn = registry::write_all_figures(&dir, &data.source())?;
            for path in &drawn.written {
                writeln!(out, "figure: {}", path.display())?;
            }
            writeln!(
                out,
                "{} figures written to {}",
                drawn.written.len(),
                dir.display()
            )?;
            if !drawn.missing.is_empty() {
                return Err(Error::Invalid(format!(
                    "{} figures could not be drawn: {}",
                    drawn.missing.len(),
                    drawn.missing.join(", ")
                )));
            }
        }
        Command::Train(a) => {
            let opts = train::TrainOptions {
                iters: a.iters,
                batch: a.batch,
                lr: a.lr,
                hidden: a.hidden,
                seeds: match &a.seeds {
                    Some(list) => train::parse_seeds(list)?,
                    None => vec![a.seed],
                },
                rng: a.rng.rng.into(),
                naive_numerical: matches!(a.grad, GradArg::NumericalNaive),
                grad: a.grad.into(),
                activation: a.activation.into(),
                precision: a.precision.into(),
                engine: a.engine.into(),
                data: a.data.source(),
                log: a.log,
                figure_dir: a.figures.dir(),
            };
            train::train_command(&opts, &mut out)?;
        }
        Command::Bench(a) => {
            let opts = bench::BenchOptions {
                data: a.data.source(),
                python: a.python,
                script: a
                    .script
                    .unwrap_or_else(|| project_dir().join("bench/numpy_train.py")),
                repeat: a.repeat,
                numerical: a.numerical,
                numgrad_params: a.numgrad_params,
            };
            bench::bench_command(&opts, &mut out)?;
        }
        Command::Data {
            command: DataCommand::Fetch { base_url, data },
        } => {
            let base = base_url.or_else(|| std::env::var("DLFS_MNIST_URL").ok());
            fetch::fetch_command(&data.source(), base.as_deref(), &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

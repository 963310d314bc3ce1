//! The `dlfs` command line: parse, dispatch, print errors. Nothing else lives here.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dlfs::error::{Error, Result};
use dlfs::sections::{self, Ctx, SECTIONS, SectionId};

#[derive(Parser)]
#[command(
    name = "dlfs",
    version,
    about = "Chapter 4 of Deep Learning from Scratch, section by section"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a section's numbers: an id like 4.4.1, or a prefix (4.4, 4) for every section under it.
    Section {
        /// The section id, e.g. 4.2.1, 4.4 or 4
        id: String,
        /// The folder for the section's figures (created if missing)
        #[arg(long, default_value = "figures")]
        out: PathBuf,
    },
    /// List every section id with its title.
    Sections,
    /// Run the exercises' tests (`cargo test -p exercises`) and show which are done.
    Exercises,
    /// Regenerate every figure of the chapter (the book's folder by default).
    Figures {
        /// The folder for the figures (created if missing)
        #[arg(long, default_value = "book/src/figures")]
        out: PathBuf,
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

/// Where the data is: `--data-dir`, else $DLFS_DATA, else data/mnist.
#[derive(clap::Args)]
struct DataArgs {
    /// The folder with the four IDX files (or mnist_train.csv and mnist_test.csv)
    #[arg(long, value_name = "DIR")]
    data_dir: Option<std::path::PathBuf>,
    /// mnist or fashion
    #[arg(long, default_value = "mnist")]
    dataset: dlfs::mnist::Dataset,
}

impl DataArgs {
    fn source(self) -> dlfs::mnist::DataSource {
        dlfs::mnist::DataSource::locate(self.data_dir, self.dataset)
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
    /// backprop or numerical
    #[arg(long, default_value = "backprop")]
    grad: dlfs::train::GradMethod,
    /// f64 (the book's) or f32 (single precision: faster, same accuracy)
    #[arg(long, default_value = "f64")]
    precision: dlfs::train::Precision,
    /// Write every iteration's loss (and each evaluation) to this CSV file
    #[arg(long, value_name = "FILE")]
    log: Option<std::path::PathBuf>,
    /// Where to write the figures
    #[arg(long, value_name = "DIR", default_value = "figures")]
    figure_dir: std::path::PathBuf,
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
    /// The NumPy reference script
    #[arg(long, value_name = "FILE", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/numpy_train.py"))]
    script: std::path::PathBuf,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                Error::UnknownSection { .. } => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Section { id, out: dir } => {
            let id: SectionId = id.parse()?;
            sections::run(&id, &mut Ctx::with_figures(&mut out, dir)?)?;
        }
        Command::Sections => {
            for s in SECTIONS {
                writeln!(out, "{:<6} {}", s.id, s.title)?;
            }
        }
        Command::Exercises => dlfs::exercises::run_command(&mut out)?,
        Command::Figures { out: dir } => {
            let written = sections::write_all_figures(&dir)?;
            for path in &written {
                writeln!(out, "figure: {}", path.display())?;
            }
            writeln!(
                out,
                "{} figures written to {}",
                written.len(),
                dir.display()
            )?;
        }
        Command::Train(a) => {
            let opts = dlfs::commands::TrainOptions {
                iters: a.iters,
                batch: a.batch,
                lr: a.lr,
                hidden: a.hidden,
                seed: a.seed,
                grad: a.grad,
                precision: a.precision,
                data: a.data.source(),
                log: a.log,
                figure_dir: Some(a.figure_dir),
            };
            dlfs::commands::train_command(&opts, &mut out)?;
        }
        Command::Bench(a) => {
            let opts = dlfs::commands::BenchOptions {
                data: a.data.source(),
                python: a.python,
                script: a.script,
                repeat: a.repeat,
            };
            dlfs::commands::bench_command(&opts, &mut out)?;
        }
        Command::Data {
            command: DataCommand::Fetch { base_url, data },
        } => {
            let base = base_url.or_else(|| std::env::var("DLFS_MNIST_URL").ok());
            dlfs::fetch::fetch_command(&data.source(), base.as_deref(), &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

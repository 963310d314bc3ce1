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
    }
    out.flush()?;
    Ok(())
}

//! The `dlfs` command: everything it does is in [`dlfs::cli`].

fn main() -> std::process::ExitCode {
    dlfs::cli::main()
}

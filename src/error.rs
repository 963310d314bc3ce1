//! Every way a command can fail, each with a message that names the thing and
//! what was expected. `main` prints the message on one line and exits non-zero.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown section id '{id}'; valid ids are: {valid}")]
    UnknownSection { id: String, valid: String },

    #[error("cannot write '{path}': {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot read '{path}': {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{0}")]
    Invalid(String),

    /// A flag of `dlfs section` given to the wrong section or with a bad value:
    /// a usage error, like an unknown id.
    #[error("{0}")]
    BadFlag(String),

    #[error("output: {0}")]
    Output(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

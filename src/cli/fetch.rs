//! `dlfs data fetch`: download the four MNIST files, check each SHA-256, write
//! each file whole or not at all, and keep what is already there and correct.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::common::mnist::{DataSource, Dataset, FILES};
use crate::error::{Error, Result};

/// Public mirrors of the original files (the same bytes, the same checksums).
pub const MIRRORS: [&str; 2] = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
];

/// Why one download failed.
#[derive(Debug)]
pub enum FetchError {
    /// No connection at all: DNS, refused, timed out.
    Unreachable(String),
    /// The server answered with an error status (404, ...).
    Status(u16),
    /// The transfer stopped before the promised length.
    CutOff {
        got: u64,
        expected: Option<u64>,
        why: String,
    },
    /// The bytes arrived but are not the right file.
    Checksum { got: String, expected: String },
    /// Writing the file failed.
    Write(std::io::Error),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Unreachable(e) => write!(f, "cannot connect ({e})"),
            FetchError::Status(code) => write!(f, "the server answered HTTP {code}"),
            FetchError::CutOff { got, expected, why } => match expected {
                Some(n) => write!(f, "transfer cut off after {got} of {n} bytes ({why})"),
                None => write!(f, "transfer cut off after {got} bytes ({why})"),
            },
            FetchError::Checksum { got, expected } => {
                write!(f, "SHA-256 is {got}, expected {expected}")
            }
            FetchError::Write(e) => write!(f, "cannot write the file ({e})"),
        }
    }
}

/// The SHA-256 of some bytes, as lowercase hex.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a file, or `None` if it cannot be read.
pub fn sha256_file(path: &Path) -> Option<String> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Some(hex(&h.finalize()))
}

// ANCHOR: download
/// Downloads `url` to `dest`: streamed into `dest`'s folder as a hidden `.part`
/// file while hashing, then renamed into place only if the length and the
/// SHA-256 are right. On any failure the `.part` file is removed.
pub fn download(url: &str, sha256: &str, dest: &Path) -> Result<u64, FetchError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(15)))
        .timeout_recv_body(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => FetchError::Status(code),
        other => FetchError::Unreachable(other.to_string()),
    })?;
    let expected = resp.body().content_length();
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let part = dest.with_file_name(format!(".{name}.part"));
    let bar = ProgressBar::with_draw_target(expected, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix(name.clone());

    let result = (|| {
        let mut file = std::fs::File::create(&part).map_err(FetchError::Write)?;
        let mut reader = resp.body_mut().as_reader();
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut got = 0u64;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    return Err(FetchError::CutOff {
                        got,
                        expected,
                        why: e.to_string(),
                    });
                }
            };
            hasher.update(&buf[..n]);
            file.write_all(&buf[..n]).map_err(FetchError::Write)?;
            got += n as u64;
            bar.set_position(got);
        }
        if expected.is_some_and(|n| n != got) {
            return Err(FetchError::CutOff {
                got,
                expected,
                why: "connection closed early".into(),
            });
        }
        let digest = hex(&hasher.finalize());
        if digest != sha256 {
            return Err(FetchError::Checksum {
                got: digest,
                expected: sha256.to_string(),
            });
        }
        file.sync_all().map_err(FetchError::Write)?;
        std::fs::rename(&part, dest).map_err(FetchError::Write)?;
        Ok(got)
    })();
    bar.finish_and_clear();
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}
// ANCHOR_END: download

/// Fetches whichever of the four files are missing or wrong into the data
/// folder, trying each base URL in turn; files already there with the right
/// checksum are kept.
pub fn fetch_command(
    source: &DataSource,
    base_url: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    if source.dataset == Dataset::Fashion {
        return Err(Error::Invalid(format!(
            "data fetch downloads MNIST only; for Fashion-MNIST run `apt-get install dataset-fashion-mnist` (it fills {}) or copy its four files into '{}'",
            crate::common::mnist::FASHION_SYSTEM_DIR,
            source.dir.display()
        )));
    }
    let dir = &source.dir;
    std::fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.clone(),
        source: e,
    })?;
    let custom: Vec<String>;
    let bases: Vec<&str> = match base_url {
        Some(b) => {
            custom = vec![if b.ends_with('/') {
                b.to_string()
            } else {
                format!("{b}/")
            }];
            custom.iter().map(String::as_str).collect()
        }
        None => MIRRORS.to_vec(),
    };
    for (name, sha) in FILES {
        let dest = dir.join(name);
        if dest.exists() && sha256_file(&dest).as_deref() == Some(sha) {
            writeln!(out, "{name}: already here, checksum ok")?;
            continue;
        }
        let mut failures = Vec::new();
        let mut done = None;
        for base in &bases {
            match download(&format!("{base}{name}"), sha, &dest) {
                Ok(n) => {
                    done = Some(n);
                    break;
                }
                Err(e) => failures.push((base.to_string(), e)),
            }
        }
        match done {
            Some(n) => writeln!(out, "{name}: downloaded {n} bytes, checksum ok")?,
            None if failures
                .iter()
                .all(|(_, e)| matches!(e, FetchError::Unreachable(_))) =>
            {
                return Err(Error::Invalid(format!(
                    "cannot reach {} (offline?): download the four MNIST files elsewhere and copy them into '{}' by hand",
                    bases.join(" or "),
                    dir.display()
                )));
            }
            None => {
                let why: Vec<String> = failures
                    .iter()
                    .map(|(b, e)| format!("{b}{name}: {e}"))
                    .collect();
                return Err(Error::Invalid(format!(
                    "could not fetch {name}: {}; nothing was written",
                    why.join("; ")
                )));
            }
        }
    }
    writeln!(out, "MNIST is ready in {}", dir.display())?;
    Ok(())
}

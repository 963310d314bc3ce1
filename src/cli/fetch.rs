//! `dlfs data fetch`: download the four MNIST files, check each SHA-256, write
//! each file whole or not at all, and keep what is already there and correct.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::common::io::AtomicFile;
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
    /// The URL itself is wrong: not http(s), no host, a port outside 1..=65535.
    BadUrl(String),
    /// No connection at all: DNS, refused, timed out (offline?).
    Unreachable(String),
    /// The server redirects in a loop or to nowhere.
    Redirects(String),
    /// The server answered with an error status (404, ...).
    Status(u16),
    /// The transfer stopped before the promised length.
    CutOff {
        got: u64,
        expected: Option<u64>,
        why: String,
    },
    /// The bytes on disk are not the right file.
    Checksum { got: String, expected: String },
    /// Writing the file failed.
    Write(std::io::Error),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::BadUrl(e) => write!(f, "bad URL: {e}"),
            FetchError::Unreachable(e) => write!(f, "cannot connect ({e})"),
            FetchError::Redirects(e) => write!(f, "{e}"),
            FetchError::Status(code) => write!(f, "the server answered HTTP {code}"),
            FetchError::CutOff { got, expected, why } => match expected {
                Some(n) => write!(f, "transfer cut off after {got} of {n} bytes ({why})"),
                None => write!(f, "transfer cut off after {got} bytes ({why})"),
            },
            FetchError::Checksum { got, expected } => {
                write!(
                    f,
                    "SHA-256 of the file on disk is {got}, expected {expected}"
                )
            }
            FetchError::Write(e) => write!(f, "cannot write the file ({e})"),
        }
    }
}

/// How long a download may wait: to connect, and for each read (idle time, so
/// a slow but steady link can fetch a large file).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub connect: Duration,
    pub idle: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(15),
            idle: Duration::from_secs(30),
        }
    }
}

/// Checks what ureq would only call a transport error: the scheme, the host,
/// the port.
pub fn check_url(url: &str) -> Result<(), FetchError> {
    let bad = |why: String| Err(FetchError::BadUrl(format!("'{url}': {why}")));
    let Some((scheme, rest)) = url.split_once("://") else {
        return bad("expected http://HOST/... or https://HOST/...".into());
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return bad(format!(
            "the scheme '{scheme}' is not supported, expected http or https"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    if host.is_empty() {
        return bad("no host name".into());
    }
    if let Some(p) = port
        && !matches!(p.parse::<u16>(), Ok(1..))
    {
        return bad(format!("the port '{p}' is not a number from 1 to 65535"));
    }
    Ok(())
}

/// What a ureq error means for the reader.
fn describe(e: ureq::Error) -> FetchError {
    use ureq::Error as E;
    match e {
        E::StatusCode(code) => FetchError::Status(code),
        E::HostNotFound => FetchError::Unreachable("host not found: a typo, or offline?".into()),
        E::TooManyRedirects => {
            FetchError::Redirects("too many redirects (the server redirects in a loop?)".into())
        }
        E::RedirectFailed => FetchError::Redirects("a redirect leads nowhere".into()),
        E::BadUri(u) => FetchError::BadUrl(u),
        E::Http(h) => FetchError::BadUrl(h.to_string()),
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            FetchError::Unreachable("connection refused: nothing listens on that port".into())
        }
        E::Timeout(t) => FetchError::Unreachable(format!("timed out: {t}")),
        other => FetchError::Unreachable(other.to_string()),
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
/// Downloads `url` to `dest`: streamed into a temporary file of its own in
/// `dest`'s folder, then read back from disk and renamed into place only if
/// the length and the SHA-256 of the bytes on disk are right. On any failure
/// the temporary file is removed.
pub fn download(url: &str, sha256: &str, dest: &Path, limits: Limits) -> Result<u64, FetchError> {
    check_url(url)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_recv_response(Some(limits.idle))
        .timeout_per_read(Some(limits.idle))
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(describe)?;
    let expected = resp.body().content_length();
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bar = ProgressBar::with_draw_target(expected, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix(name.clone());

    let result = (|| {
        let mut file = AtomicFile::create(dest).map_err(FetchError::Write)?;
        let mut reader = resp.body_mut().as_reader();
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
        file.flush().map_err(FetchError::Write)?;
        verify_on_disk(file.temp_path(), sha256)?;
        file.commit().map_err(FetchError::Write)?;
        Ok(got)
    })();
    bar.finish_and_clear();
    result
}
// ANCHOR_END: download

/// The bytes on disk (not the bytes that were sent) must have the right SHA-256.
pub fn verify_on_disk(path: &Path, sha256: &str) -> Result<(), FetchError> {
    let digest = sha256_file(path).ok_or_else(|| {
        FetchError::Write(std::io::Error::other(format!(
            "cannot read back '{}'",
            path.display()
        )))
    })?;
    if digest != sha256 {
        return Err(FetchError::Checksum {
            got: digest,
            expected: sha256.to_string(),
        });
    }
    Ok(())
}

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
    // Files fetched or found by this run: a later failure says they are kept.
    let mut written: Vec<&str> = Vec::new();
    let kept = |written: &[&str]| {
        if written.is_empty() {
            "nothing was written".to_string()
        } else {
            format!("{} written and checked, kept", written.join(", "))
        }
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
            match download(&format!("{base}{name}"), sha, &dest, Limits::default()) {
                Ok(n) => {
                    done = Some(n);
                    break;
                }
                Err(e) => failures.push((base.to_string(), e)),
            }
        }
        match done {
            Some(n) => {
                writeln!(out, "{name}: downloaded {n} bytes, checksum ok")?;
                written.push(name);
            }
            None if failures
                .iter()
                .all(|(_, e)| matches!(e, FetchError::Unreachable(_))) =>
            {
                let why: Vec<String> = failures
                    .iter()
                    .map(|(b, e)| match e {
                        FetchError::Unreachable(w) => format!("{b}: {w}"),
                        other => format!("{b}: {other}"),
                    })
                    .collect();
                return Err(Error::Invalid(format!(
                    "cannot reach {} (offline?): download the four MNIST files elsewhere and copy them into '{}' by hand; {}",
                    why.join("; "),
                    dir.display(),
                    kept(&written)
                )));
            }
            None => {
                let why: Vec<String> = failures
                    .iter()
                    .map(|(b, e)| format!("{b}{name}: {e}"))
                    .collect();
                return Err(Error::Invalid(format!(
                    "could not fetch {name}: {}; {}",
                    why.join("; "),
                    kept(&written)
                )));
            }
        }
    }
    writeln!(out, "MNIST is ready in {}", dir.display())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;

    #[test]
    fn bad_urls_are_named_before_any_connection() {
        for (url, want) in [
            ("ftp://127.0.0.1/x", "the scheme 'ftp' is not supported"),
            ("http://127.0.0.1:99999/x", "the port '99999'"),
            ("http://127.0.0.1:0/x", "the port '0'"),
            ("http:///x", "no host name"),
            ("127.0.0.1/x", "expected http://HOST"),
        ] {
            let e = check_url(url).unwrap_err().to_string();
            assert!(e.starts_with("bad URL") && e.contains(want), "{url}: {e}");
        }
        assert!(check_url("https://ossci-datasets.s3.amazonaws.com:443/mnist/x").is_ok());
        assert!(check_url("http://[::1]:8080/x").is_ok());
    }

    #[test]
    fn each_kind_of_failure_says_what_is_wrong() {
        let e = describe(ureq::Error::HostNotFound).to_string();
        assert!(e.contains("host not found") && e.contains("offline"), "{e}");
        let e = describe(ureq::Error::TooManyRedirects).to_string();
        assert!(e.contains("redirects in a loop"), "{e}");
        assert!(matches!(
            describe(ureq::Error::StatusCode(404)),
            FetchError::Status(404)
        ));
    }

    #[test]
    fn the_bytes_on_disk_are_what_is_checked() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("f");
        std::fs::write(&path, b"abc").unwrap();
        let sum = sha256_file(&path).unwrap();
        assert!(verify_on_disk(&path, &sum).is_ok());
        std::fs::write(&path, b"abd").unwrap();
        let e = verify_on_disk(&path, &sum).unwrap_err().to_string();
        assert!(e.contains("on disk") && e.contains(&sum), "{e}");
    }

    /// Serves one request: `body` in `chunks` pieces, `gap` apart.
    fn slow_server(body: Vec<u8>, chunks: usize, gap: Duration) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            for piece in body.chunks(body.len().div_ceil(chunks)) {
                std::thread::sleep(gap);
                if stream
                    .write_all(piece)
                    .and_then(|_| stream.flush())
                    .is_err()
                {
                    return;
                }
            }
        });
        format!("http://{addr}/f")
    }

    #[test]
    fn idle_time_is_limited_not_total_time() {
        let d = tempfile::tempdir().unwrap();
        let body = vec![5u8; 10_000];
        let sum = hex(&Sha256::digest(&body));
        let limits = Limits {
            connect: Duration::from_secs(5),
            idle: Duration::from_millis(1500),
        };
        // a slow but steady link: 2.5 s in all, never idle for long
        let url = slow_server(body.clone(), 10, Duration::from_millis(250));
        let dest = d.path().join("steady");
        assert_eq!(download(&url, &sum, &dest, limits).unwrap(), 10_000);
        assert_eq!(std::fs::read(&dest).unwrap(), body);
        // a stalled link: one piece, then silence past the idle limit
        let url = slow_server(body, 2, Duration::from_secs(4));
        let dest = d.path().join("stalled");
        let e = download(&url, &sum, &dest, limits).unwrap_err().to_string();
        assert!(e.contains("timed out") || e.contains("cut off"), "{e}");
        assert_eq!(
            std::fs::read_dir(d.path()).unwrap().count(),
            1,
            "steady only"
        );
    }
}

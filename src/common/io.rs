//! Writing a file whole or not at all: the one way the project writes its
//! outputs (figures, the training log, downloaded data).
//!
//! The bytes go to a hidden temporary file in the destination's folder, with a
//! name no other writer shares (process id and a counter), are flushed to disk,
//! and only then is the file renamed into place. A reader of `path` sees the old
//! file or the whole new one, never half of one; a failure leaves no trace.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

/// A file being written at a temporary path; [`AtomicFile::commit`] renames it
/// into place. Dropped without a commit, it removes the temporary file.
pub struct AtomicFile {
    file: Option<File>,
    tmp: PathBuf,
    path: PathBuf,
}

impl AtomicFile {
    /// Starts writing `path` (its folder must exist).
    pub fn create(path: &Path) -> io::Result<Self> {
        let tmp = temp_path(path);
        let file = File::create(&tmp)?;
        Ok(AtomicFile {
            file: Some(file),
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// The temporary file's path (for reading back what was written).
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// Flushes the bytes to disk and renames the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("not committed yet");
        if let Err(e) = file.sync_all() {
            let _ = std::fs::remove_file(&self.tmp);
            return Err(e);
        }
        drop(file);
        std::fs::rename(&self.tmp, &self.path).inspect_err(|_| {
            let _ = std::fs::remove_file(&self.tmp);
        })
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("not committed yet").write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("not committed yet").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let written = AtomicFile::create(path).and_then(|mut f| {
        f.write_all(bytes)?;
        f.commit()
    });
    written.map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// `dir/.name.<pid>.<n>.part`: hidden, in the same folder (so the rename is
/// atomic), and unique per process and per call.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = format!(".{name}.{}.{n}.part", std::process::id());
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(tmp),
        _ => PathBuf::from(tmp),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the file itself remains");
    }

    #[test]
    fn an_uncommitted_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.bin");
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn two_writers_of_one_path_use_different_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        let a = AtomicFile::create(&path).unwrap();
        let b = AtomicFile::create(&path).unwrap();
        assert_ne!(a.temp_path(), b.temp_path());
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let err = write_atomic(Path::new("/nonexistent/dir/x.csv"), b"x").unwrap_err();
        assert!(err.to_string().contains("/nonexistent/dir/x.csv"), "{err}");
    }
}

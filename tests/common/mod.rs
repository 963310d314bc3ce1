//! What several test files share.

/// Whether the MNIST data is where the sections look for it (`$DLFS_DATA`, else
/// `data/mnist`). Missing: with CI=true a loud failure (CI links the data, so a
/// missing copy is a broken `.ci/run`); elsewhere a note, and the caller skips
/// the data sections, so a new user's `cargo test` passes without the download.
pub fn have_mnist() -> bool {
    let data = dlfs::common::mnist::DataSource::default();
    let ok = data.is_available();
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but MNIST is missing from {}: .ci/run must link it there",
            data.dir.display()
        );
        eprintln!(
            "MNIST not in {}: the data sections ({}) are not checked (not CI)",
            data.dir.display(),
            dlfs::registry::SECTIONS
                .iter()
                .filter(|s| s.needs_data)
                .map(|s| s.id)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    ok
}

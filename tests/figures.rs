//! The book's figures are fresh: every figure the sections draw, rendered now,
//! is byte for byte the PNG committed in `book/src/figures/`. And the check
//! itself is checked: it names a changed, a missing and a leftover figure.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;

/// Where the book keeps its figures, relative to the package root.
const BOOK_FIGURES: &str = "book/src/figures";
const REGENERATE: &str = "cargo run -- figures";

/// Every figure rendered once for this test binary, into a temporary folder.
fn fresh() -> &'static (tempfile::TempDir, Vec<PathBuf>) {
    static FRESH: OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = OnceLock::new();
    FRESH.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let data = dlfs::common::mnist::DataSource::default();
        let drawn =
            dlfs::registry::write_all_figures(dir.path(), &data).expect("every figure renders");
        (dir, drawn.written)
    })
}

fn png_names(dir: &Path) -> BTreeSet<String> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".png"))
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

/// One line for each committed figure in `committed` that is not what the code
/// draws now (in `fresh`): changed, missing, or no longer drawn.
fn stale_figures(fresh: &Path, committed: &Path) -> Vec<String> {
    let (now, then) = (png_names(fresh), png_names(committed));
    let mut problems = Vec::new();
    for name in &now {
        if !then.contains(name) {
            problems.push(format!("{name}: missing from {}", committed.display()));
        } else if fs::read(fresh.join(name)).ok() != fs::read(committed.join(name)).ok() {
            problems.push(format!("{name}: differs from what the code draws now"));
        }
    }
    for name in then.difference(&now) {
        problems.push(format!("{name}: no section draws it any more (delete it)"));
    }
    problems
}

#[test]
fn the_committed_figures_are_fresh() {
    let (dir, written) = fresh();
    assert!(!written.is_empty());
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(BOOK_FIGURES);
    let mut problems = stale_figures(dir.path(), &committed);
    if !common::have_mnist() {
        // Without the data the data sections draw nothing: their committed
        // figures cannot be checked here (CI has the data and checks them).
        let of_data_section = |p: &String| {
            dlfs::registry::SECTIONS
                .iter()
                .filter(|s| s.needs_data)
                .any(|s| p.starts_with(&format!("{}-", s.id)))
        };
        problems.retain(|p| !of_data_section(p));
    }
    assert!(
        problems.is_empty(),
        "stale figures in {BOOK_FIGURES}:\n  {}\nRun `{REGENERATE}` and commit {BOOK_FIGURES}/.",
        problems.join("\n  ")
    );
}

#[test]
fn the_check_names_changed_missing_and_leftover_figures() {
    let (dir, written) = fresh();
    let copy = tempfile::tempdir().unwrap();
    for path in written {
        fs::copy(path, copy.path().join(path.file_name().unwrap())).unwrap();
    }
    assert_eq!(stale_figures(dir.path(), copy.path()), Vec::<String>::new());

    let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
    let (changed, missing) = (name(&written[0]), name(&written[1]));
    let mut bytes = fs::read(copy.path().join(&changed)).unwrap();
    let last = bytes.len() - 20;
    bytes[last] ^= 1;
    fs::write(copy.path().join(&changed), bytes).unwrap();
    fs::remove_file(copy.path().join(&missing)).unwrap();
    fs::write(copy.path().join("4.9-old.png"), b"not drawn").unwrap();

    let problems = stale_figures(dir.path(), copy.path());
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&changed) && p.contains("differs"))
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&missing) && p.contains("missing"))
    );
    assert!(problems.iter().any(|p| p.starts_with("4.9-old.png")));
}

#[test]
fn every_figure_is_a_png_named_after_its_section() {
    let (_, written) = fresh();
    let ids: Vec<&str> = dlfs::registry::SECTIONS.iter().map(|s| s.id).collect();
    for path in written {
        let bytes = fs::read(path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let id = name.split('-').next().unwrap();
        assert!(ids.contains(&id), "{name} starts with a section id");
        // width and height from the IHDR chunk
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        // As wide as the book's content column; as tall as the content needs.
        assert_eq!(w, dlfs::plot::SIZE.0, "{name}");
        assert!((300..=1000).contains(&h), "{name}: {h} pixels tall");
    }
}

#[test]
fn each_section_draws_exactly_the_figures_the_registry_names() {
    let (_, written) = fresh();
    let have_mnist = common::have_mnist();
    for section in dlfs::registry::SECTIONS {
        if section.needs_data && !have_mnist {
            continue;
        }
        let drawn: Vec<String> = written
            .iter()
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .filter(|n| n.split('-').next() == Some(section.id))
            .collect();
        assert_eq!(
            drawn, section.figures,
            "section {}: figures drawn vs the registry",
            section.id
        );
    }
}

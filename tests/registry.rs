//! The tree agrees with the registry (`src/registry.rs`): every section's
//! demonstration, snapshot, page and figures exist and nothing exists that the
//! registry does not know; the same for the exercises.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use dlfs::registry::{EXERCISES, SECTIONS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// File names in `dir` that end with `ext`, sorted.
fn names(dir: &Path, ext: &str) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext))
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn ids_are_unique_and_in_book_order() {
    let ids: Vec<Vec<u32>> = SECTIONS
        .iter()
        .map(|s| s.id.split('.').map(|p| p.parse().unwrap()).collect())
        .collect();
    for pair in ids.windows(2) {
        assert!(pair[0] < pair[1], "{:?} then {:?}", pair[0], pair[1]);
    }
}

#[test]
fn every_demonstration_file_is_a_registered_section_and_back() {
    let on_disk = names(&root().join("src/sections"), ".rs");
    let mut want: BTreeSet<String> = SECTIONS
        .iter()
        .map(|s| {
            s.source_file()
                .trim_start_matches("src/sections/")
                .to_string()
        })
        .collect();
    want.insert("mod.rs".into());
    assert_eq!(on_disk, want, "src/sections/ against the registry");
}

#[test]
fn every_snapshot_is_a_registered_section_and_back() {
    let on_disk = names(&root().join("snapshots"), ".snap");
    let want: BTreeSet<String> = SECTIONS
        .iter()
        .map(|s| {
            s.snapshot_file()
                .trim_start_matches("snapshots/")
                .to_string()
        })
        .collect();
    assert_eq!(on_disk, want, "snapshots/ against the registry");
}

#[test]
fn every_figure_is_registered_and_back() {
    let on_disk = names(&root().join("book/src/figures"), ".png");
    let want: BTreeSet<String> = SECTIONS
        .iter()
        .flat_map(|s| s.figures.iter().map(|f| format!("{f}.png")))
        .collect();
    assert_eq!(on_disk, want, "book/src/figures/ against the registry");
    for s in SECTIONS {
        for f in s.figures {
            assert!(
                f.starts_with(&format!("{}-", s.id)),
                "{f} starts with its section's id {}",
                s.id
            );
        }
    }
}

#[test]
fn each_page_shows_its_sections_snapshots_figures_and_exercises() {
    let book = root().join("book/src");
    for s in SECTIONS {
        let text = read(&book.join(s.page));
        assert!(
            text.contains(&format!("snapshots/{}.snap", s.id)),
            "{} does not include {}'s snapshot",
            s.page,
            s.id
        );
        for f in s.figures {
            assert!(
                text.contains(&format!("figures/{f}.png")),
                "{} does not show {f}.png",
                s.page
            );
        }
        for e in s.exercises() {
            assert!(
                text.contains(&format!("exercises/src/{}.rs:{}", e.file, e.name)),
                "{} does not show the exercise {}::{}",
                s.page,
                e.file,
                e.name
            );
        }
    }
}

#[test]
fn every_chapter_page_belongs_to_a_section() {
    let pages: BTreeSet<&str> = SECTIONS.iter().map(|s| s.page).collect();
    for name in names(&root().join("book/src/ch04"), ".md") {
        let page = format!("ch04/{name}");
        // 4.6 is the summary: it has no demonstration of its own
        assert!(
            pages.contains(page.as_str()) || name == "4.6.md",
            "{page} is no section's page"
        );
    }
}

#[test]
fn every_exercise_has_its_stub_and_every_stub_is_listed() {
    let dir = root().join("exercises/src");
    let mut anchors = BTreeSet::new();
    for name in names(&dir, ".rs") {
        let file = name.trim_end_matches(".rs").to_string();
        for line in read(&dir.join(&name)).lines() {
            if let Some(a) = line.trim().strip_prefix("// ANCHOR: ") {
                anchors.insert((file.clone(), a.trim().to_string()));
            }
        }
    }
    let listed: BTreeSet<(String, String)> = EXERCISES
        .iter()
        .map(|e| (e.file.to_string(), e.name.to_string()))
        .collect();
    assert_eq!(
        anchors, listed,
        "the ANCHORs in exercises/src/ against registry::EXERCISES"
    );
    for e in EXERCISES {
        assert!(
            SECTIONS.iter().any(|s| s.id == e.section),
            "exercise {} names section {}, which the registry does not have",
            e.name,
            e.section
        );
    }
}

#[test]
fn the_exercises_readme_lists_every_exercise() {
    let readme = read(&root().join("exercises/README.md"));
    for e in EXERCISES {
        assert!(
            readme.contains(&format!("`{}`", e.name))
                && readme.contains(&format!("src/{}.rs", e.file)),
            "exercises/README.md does not list {} in src/{}.rs",
            e.name,
            e.file
        );
    }
}

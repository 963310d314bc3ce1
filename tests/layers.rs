//! The two layers stay apart. The chapter (`src/ch04/`, `src/common/`) is the
//! book's code: it mentions no engine, thread, `unsafe` or sparse format and
//! imports nothing outside itself. And no two modules import each other.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every .rs file under `dir`, as (module path like `ch04::train`, text).
fn modules(dir: &Path, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            out.extend(modules(&path, &format!("{prefix}{name}::")));
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let module = match stem {
                "mod" | "lib" | "main" => prefix.trim_end_matches("::").to_string(),
                _ => format!("{prefix}{stem}"),
            };
            out.push((module, fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

/// The crate modules a file refers to (`crate::engine::fast::X` → `engine::fast`),
/// resolved to modules that exist.
fn imports(text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        // the longest prefix that is a module
        for n in (1..=parts.len()).rev() {
            let m = parts[..n].join("::");
            if known.contains(&m) {
                out.insert(m);
                break;
            }
        }
    }
    out
}

#[test]
fn the_chapter_layer_mentions_no_speed_machinery() {
    let forbidden = [
        "engine",
        "thread",
        "unsafe",
        "sparse",
        "Sparse",
        "RwLock",
        "Mutex",
        "mpsc",
        "atomic::",
        "target_feature",
        "Real",
        "prefetch",
    ];
    for dir in ["ch04", "common"] {
        for (module, text) in modules(&src().join(dir), &format!("{dir}::")) {
            // the one exception: common::io writes files, it shares nothing
            for word in forbidden {
                if module == "common::io" && word == "atomic::" {
                    continue;
                }
                assert!(
                    !text.contains(word),
                    "{module} mentions `{word}`: the chapter layer is the book's code only"
                );
            }
        }
    }
}

#[test]
fn the_chapter_layer_imports_only_itself_and_the_errors() {
    let all: Vec<(String, String)> = modules(&src(), "");
    let known: BTreeSet<String> = all.iter().map(|(m, _)| m.clone()).collect();
    for (module, text) in &all {
        if !(module.starts_with("ch04") || module.starts_with("common")) {
            continue;
        }
        for dep in imports(text, &known) {
            assert!(
                dep.starts_with("ch04") || dep.starts_with("common") || dep == "error",
                "{module} imports {dep}: the chapter uses nothing outside ch04, common and error"
            );
        }
    }
}

#[test]
fn no_two_modules_import_each_other() {
    let all: Vec<(String, String)> = modules(&src(), "");
    let known: BTreeSet<String> = all.iter().map(|(m, _)| m.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &all {
        // a parent module naming its children (`pub mod x`) is not an import
        let deps = imports(text, &known)
            .into_iter()
            .filter(|d| d != module)
            .collect();
        graph.insert(module.clone(), deps);
    }
    // a cycle is a path from a module back to itself
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((m, path)) = stack.pop() {
            for d in &graph[&m] {
                if d == start {
                    panic!("import cycle: {} -> {start}", path.join(" -> "));
                }
                if seen.insert(d.clone()) {
                    let mut p = path.clone();
                    p.push(d.clone());
                    stack.push((d.clone(), p));
                }
            }
        }
    }
}

#[test]
fn the_checks_themselves_see_an_import() {
    let known: BTreeSet<String> = [
        "engine::fast".to_string(),
        "engine".into(),
        "ch04::train".into(),
    ]
    .into();
    let found = imports(
        "use crate::engine::fast::{train_fast};\nlet x = crate::ch04::train::X;",
        &known,
    );
    assert_eq!(
        found,
        ["ch04::train".to_string(), "engine::fast".into()].into()
    );
}

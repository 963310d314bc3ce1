//! The book's sources hold together: every `{{#include}}` resolves to a file and
//! an anchor or line range that exists, every image and every link to another
//! page points at a file, every section's snapshot and every figure is shown
//! somewhere, and every included Rust block is marked `ignore` (it uses outside
//! crates, which `mdbook test` cannot link; `cargo test` tests that code).
//!
//! Fragments (`page.md#heading`) and external URLs are checked on the built site
//! by `book/check/site.mjs`, where the heading ids exist.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use dlfs::registry::SECTIONS;

/// Every markdown file under `dir`, sorted.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("a readable folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The `{{#include ...}}` directives of a page: (line number, argument).
fn includes(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{#include ") {
            let after = &rest[start + "{{#include ".len()..];
            let Some(end) = after.find("}}") else { break };
            out.push((n + 1, after[..end].trim().to_string()));
            rest = &after[end..];
        }
    }
    out
}

/// `[text](target)` and `![alt](target)` in a page: (line, is_image, target).
fn links(text: &str) -> Vec<(usize, bool, String)> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (n, line) in text.lines().enumerate() {
        if line
            .trim_start()
            .trim_start_matches('>')
            .trim()
            .starts_with("```")
        {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(pos) = rest.find("](") {
            let is_image = rest[..pos]
                .rfind('[')
                .is_some_and(|b| b > 0 && rest.as_bytes()[b - 1] == b'!');
            let after = &rest[pos + 2..];
            let Some(end) = after.find(')') else { break };
            let target = after[..end].split_whitespace().next().unwrap_or("");
            out.push((n + 1, is_image, target.to_string()));
            rest = &after[end..];
        }
        // <img src="..."> written as HTML
        let mut rest = line;
        while let Some(pos) = rest.find("<img ") {
            let after = &rest[pos..];
            if let Some(s) = after.find("src=\"") {
                let v = &after[s + 5..];
                if let Some(e) = v.find('"') {
                    out.push((n + 1, true, v[..e].to_string()));
                }
            }
            rest = &after[5..];
        }
    }
    out
}

/// Whether an include's range (`4:`, `:10`, `2:7`, `5`) fits a file of `len` lines.
fn range_fits(spec: &str, len: usize) -> Result<(), String> {
    let num = |s: &str| -> Result<Option<usize>, String> {
        if s.is_empty() {
            Ok(None)
        } else {
            s.parse()
                .map(Some)
                .map_err(|_| format!("`{s}` is not a line number"))
        }
    };
    let (from, to) = match spec.split_once(':') {
        Some((a, b)) => (num(a)?, num(b)?),
        None => (num(spec)?, num(spec)?),
    };
    if let Some(f) = from
        && (f == 0 || f > len)
    {
        return Err(format!("starts at line {f}, the file has {len} lines"));
    }
    if let Some(t) = to
        && t > len
    {
        return Err(format!("ends at line {t}, the file has {len} lines"));
    }
    Ok(())
}

/// The widest line of included code the book's column shows whole: 100
/// columns of its code font at a 1100 px window (book/css/book.css;
/// `node book/check/browser.mjs` measures every block in Chromium).
const MAX_CODE_COLUMNS: usize = 100;

/// Checks one include directive of `page`; returns what is wrong with it.
fn check_include(page: &Path, arg: &str) -> Option<String> {
    let (path, spec) = match arg.split_once(':') {
        Some((p, s)) => (p, Some(s)),
        None => (arg, None),
    };
    let file = page.parent().expect("a page has a folder").join(path);
    let Ok(text) = fs::read_to_string(&file) else {
        return Some(format!("`{path}` does not exist"));
    };
    let len = text.lines().count();
    match spec {
        None => (text.trim().is_empty()).then(|| format!("`{path}` is empty")),
        Some(s)
            if s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == ':') =>
        {
            if let Err(e) = range_fits(s, len) {
                return Some(format!("`{arg}`: {e}"));
            }
            // A snapshot is included from line 4 on: its first three lines are
            // insta's header, which the book must not show.
            if path.contains("snapshots/") {
                let head: Vec<&str> = text.lines().take(3).collect();
                let is_header = head.len() == 3
                    && head[0] == "---"
                    && head[1].starts_with("source:")
                    && head[2] == "---";
                if !is_header || s != "4:" {
                    return Some(format!(
                        "`{arg}`: a snapshot is included as `:4:`, after its 3-line insta header"
                    ));
                }
            }
            None
        }
        Some(anchor) => {
            let begin = text
                .lines()
                .position(|l| l.trim() == format!("// ANCHOR: {anchor}"));
            let end = text
                .lines()
                .position(|l| l.trim() == format!("// ANCHOR_END: {anchor}"));
            match (begin, end) {
                (Some(b), Some(e)) if e > b + 1 => text
                    .lines()
                    .enumerate()
                    .take(e)
                    .skip(b + 1)
                    .find(|(_, l)| l.chars().count() > MAX_CODE_COLUMNS)
                    .map(|(n, l)| {
                        format!(
                            "`{arg}`: {path}:{} is {} columns, wider than the book's code column \
                             ({MAX_CODE_COLUMNS}): it would be cut; split it (a long string \
                             literal can go on with a `\\` at the end of the line)",
                            n + 1,
                            l.chars().count()
                        )
                    }),
                (Some(_), Some(_)) => Some(format!("`{arg}`: the anchor is empty")),
                _ => Some(format!(
                    "`{arg}`: no `// ANCHOR: {anchor}` / `// ANCHOR_END: {anchor}` pair in {path}"
                )),
            }
        }
    }
}

/// Everything wrong with the book whose `src` folder is `src`.
fn problems(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for page in markdown_files(src) {
        let name = page
            .strip_prefix(src)
            .unwrap_or(&page)
            .display()
            .to_string();
        let text = fs::read_to_string(&page).expect("a readable page");
        for (line, arg) in includes(&text) {
            if let Some(p) = check_include(&page, &arg) {
                found.push(format!("{name}:{line}: include {p}"));
            }
        }
        for (line, is_image, target) in links(&text) {
            let external = target.contains("://") || target.starts_with("mailto:");
            let path = target.split('#').next().unwrap_or("");
            if external || path.is_empty() {
                continue;
            }
            let file = page.parent().expect("a page has a folder").join(path);
            if !file.is_file() {
                let what = if is_image { "image" } else { "link" };
                found.push(format!("{name}:{line}: {what} `{target}` does not exist"));
            }
        }
        // Included Rust uses ndarray and friends: `mdbook test` cannot build it.
        let mut fence: Option<String> = None;
        for (n, l) in text.lines().enumerate() {
            let t = l.trim_start().trim_start_matches('>').trim();
            if let Some(info) = t.strip_prefix("```") {
                fence = match fence {
                    None => Some(info.to_string()),
                    Some(_) => None,
                };
                continue;
            }
            if let Some(info) = &fence
                && info.starts_with("rust")
                && !info.contains("ignore")
                && l.contains("{{#include")
            {
                found.push(format!(
                    "{name}:{}: a Rust block with an include must be `rust,ignore`",
                    n + 1
                ));
            }
        }
    }
    found
}

fn book_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src")
}

fn all_pages_text() -> String {
    markdown_files(&book_src())
        .iter()
        .map(|p| fs::read_to_string(p).expect("a readable page"))
        .collect()
}

#[test]
fn every_include_image_and_link_of_the_book_resolves() {
    let found = problems(&book_src());
    assert!(
        found.is_empty(),
        "the book has problems:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_section_output_is_shown_in_the_book() {
    let text = all_pages_text();
    let missing: Vec<&str> = SECTIONS
        .iter()
        .map(|s| s.id)
        .filter(|id| !text.contains(&format!("snapshots/{id}.snap:4:")))
        .collect();
    assert!(
        missing.is_empty(),
        "sections whose snapshot no page includes: {missing:?}"
    );
}

#[test]
fn every_figure_is_shown_in_the_book() {
    let text = all_pages_text();
    let dir = book_src().join("figures");
    let figures: BTreeSet<String> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".png"))
                .collect()
        })
        .unwrap_or_default();
    let unshown: Vec<&String> = figures
        .iter()
        .filter(|f| !text.contains(&format!("figures/{f})")))
        .collect();
    assert!(unshown.is_empty(), "figures no page shows: {unshown:?}");
}

#[test]
fn the_checker_finds_each_kind_of_break() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let src = dir.path().join("book/src");
    fs::create_dir_all(src.join("ch04")).unwrap();
    fs::create_dir_all(dir.path().join("snapshots")).unwrap();
    fs::write(
        dir.path().join("code.rs"),
        format!(
            "// ANCHOR: good\nfn good() {{}}\n// ANCHOR_END: good\n\
             // ANCHOR: long\nconst S: &str = \"{}\";\n// ANCHOR_END: long\n",
            "x".repeat(100)
        ),
    )
    .unwrap();
    fs::write(
        dir.path().join("snapshots/x.snap"),
        "---\nsource: tests/snapshots.rs\n---\nout\n",
    )
    .unwrap();
    let page = "\
```rust,ignore
{{#include ../../../code.rs:good}}
```
```rust,ignore
{{#include ../../../code.rs:missing_anchor}}
```
```rust
{{#include ../../../code.rs:good}}
```
```rust,ignore
{{#include ../../../code.rs:long}}
```
{{#include ../../../no_such_file.rs}}
{{#include ../../../snapshots/x.snap:4:}}
{{#include ../../../snapshots/x.snap:3:}}
{{#include ../../../snapshots/x.snap:9:}}
![a figure](../figures/none.png)
[a page](other.md#somewhere)
[outside](https://example.org/x)
";
    fs::write(src.join("ch04/page.md"), page).unwrap();
    let found = problems(&src);
    let expect = [
        "missing_anchor",
        "must be `rust,ignore`",
        "no_such_file.rs` does not exist",
        "x.snap:3:`: a snapshot is included as `:4:`",
        "starts at line 9",
        "code.rs:5 is 119 columns, wider than the book's code column",
        "image `../figures/none.png` does not exist",
        "link `other.md#somewhere` does not exist",
    ];
    for e in expect {
        assert!(
            found.iter().any(|f| f.contains(e)),
            "expected a problem containing {e:?}, got:\n{}",
            found.join("\n")
        );
    }
    assert_eq!(found.len(), expect.len(), "{}", found.join("\n"));
}

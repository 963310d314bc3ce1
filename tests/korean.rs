//! The Korean edition (`book/ko/src/`, 한국어판) keeps up with the English one
//! (`book/src/`).
//!
//! Every English page has a Korean page at the same path. A page is cut into
//! blocks at blank lines (a fenced code block stays whole). A block that is only
//! code included from the project (a fence holding `{{#include}}`) or a
//! `<div>`/`</div>` line is *shared*: the Korean page has the very same block
//! (its include paths one `../` deeper). Every other block is *prose* (headings,
//! paragraphs, lists, tables, figures with their alt text, shell snippets) and
//! the Korean page translates it under a marker line
//!
//! ```text
//! <!-- en 1a2b3c4d: The first words of the English -->
//! ```
//!
//! where `1a2b3c4d` is a hash of the English block it translates (whitespace
//! does not count, every other character does) and the words are only there to
//! be read. When an English block changes, its hash changes and
//! `cargo test --test korean` fails, naming the English page, the line and the
//! first words of the changed English, and the line of its Korean. Re-translate
//! that Korean paragraph, then run
//!
//! ```sh
//! DLFS_KO_RECORD=1 cargo test --test korean
//! ```
//!
//! which records the new hashes in the marker lines, replaces changed code
//! blocks, and copies each new English block (a whole new page, too) into the
//! Korean page under a `<!-- 번역 필요 ... -->` line; the test fails until
//! that English is translated and the line deleted. A Korean paragraph whose
//! English is gone is named too, for a person to delete.

use std::fs;
use std::path::{Path, PathBuf};

const RECORD: &str = "DLFS_KO_RECORD";
/// The line the recorder puts above an English block it copied in, untranslated.
const TODO: &str = "<!-- 번역 필요: translate the English below, then delete this line -->";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Markdown files under `dir`, as paths relative to it, sorted.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("a readable folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                // The Korean tree links the English figures folder: no pages there.
                if !path.ends_with("figures") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Blocks of a page: (first line number, lines). Blank lines end a block,
/// except inside a fenced code block.
fn blocks(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut cur: Option<(usize, Vec<&str>)> = None;
    let mut fence = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() && !fence {
            out.extend(cur.take());
            continue;
        }
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        cur.get_or_insert_with(|| (n + 1, Vec::new())).1.push(line);
    }
    out.extend(cur);
    out
}

fn is_marker(line: &str) -> bool {
    line.trim_start().starts_with("<!-- en")
}

/// A block the Korean page must hold unchanged: `<div ...>`, `</div>`, or one
/// fenced block of included code.
fn is_shared(lines: &[&str]) -> bool {
    let first = lines[0].trim();
    if lines.len() == 1 && (first.starts_with("<div") || first == "</div>") {
        return true;
    }
    first.starts_with("```")
        && lines.last().unwrap().trim() == "```"
        && lines.iter().any(|l| l.contains("{{#include "))
}

/// FNV-1a (64 bits) of the block with its whitespace collapsed, as 8 hex digits.
fn hash(lines: &[&str]) -> String {
    let text = lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

/// The first words of a block, safe inside an HTML comment and untouched by
/// mdbook's and KaTeX's preprocessors.
fn words(lines: &[&str]) -> String {
    let text: String = lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    let clean: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || " .,;:'()/-".contains(*c))
        .collect();
    clean.replace("--", "-").trim().to_string()
}

fn marker_line(hash: &str, words: &str) -> String {
    format!("<!-- en {hash}: {words} -->")
}

/// The hash a marker line records ("" for a bare `<!-- en -->`).
fn marker_hash(line: &str) -> String {
    let rest = line.trim_start().trim_start_matches("<!-- en").trim_start();
    rest.split(':')
        .next()
        .unwrap_or("")
        .trim_end_matches("-->")
        .trim()
        .to_string()
}

fn marker_words(line: &str) -> String {
    line.split_once(':')
        .map(|(_, w)| w.trim_end().trim_end_matches("-->").trim().to_string())
        .unwrap_or_default()
}

/// One step of a page's structure: a shared block (its text) or a prose block
/// (its hash).
#[derive(Clone, Debug, PartialEq)]
enum Key {
    Shared(String),
    Prose(String),
}

#[derive(Clone, Debug)]
struct Unit {
    key: Key,
    /// Line of the block (English) or of the marker (Korean).
    line: usize,
    /// The English block's first words, or those the Korean marker recorded.
    words: String,
    /// How many lines the unit spans (a shared block; 1 for a marker).
    len: usize,
    /// The English block itself (empty for Korean units).
    text: Vec<String>,
}

fn english_units(text: &str) -> Vec<Unit> {
    blocks(text)
        .into_iter()
        .map(|(line, b)| Unit {
            key: if is_shared(&b) {
                Key::Shared(b.join("\n"))
            } else {
                Key::Prose(hash(&b))
            },
            line,
            words: words(&b),
            len: b.len(),
            text: b.iter().map(|l| l.to_string()).collect(),
        })
        .collect()
}

/// A Korean include path points one folder deeper (`book/ko/src` vs `book/src`).
fn shallower(block: &str) -> String {
    block.replace("{{#include ../", "{{#include ")
}

fn korean_units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    for (line, b) in blocks(text) {
        if is_shared(&b) {
            out.push(Unit {
                key: Key::Shared(shallower(&b.join("\n"))),
                line,
                words: words(&b),
                len: b.len(),
                text: Vec::new(),
            });
            continue;
        }
        for (i, l) in b.iter().enumerate() {
            if is_marker(l) {
                out.push(Unit {
                    key: Key::Prose(marker_hash(l)),
                    line: line + i,
                    words: marker_words(l),
                    len: 1,
                    text: Vec::new(),
                });
            }
        }
    }
    out
}

/// Longest common subsequence of the two key lists: the matched index pairs.
fn matches(a: &[Unit], b: &[Unit]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i].key == b[j].key {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i].key == b[j].key {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// What is out of date in the Korean page `ko_name` against `en_name`, one line
/// each; empty when every Korean block translates the current English.
fn drift(en_name: &str, en: &str, ko_name: &str, ko: &str) -> Vec<String> {
    let (e, k) = (english_units(en), korean_units(ko));
    let pairs = matches(&e, &k);
    let mut out = Vec::new();
    for (n, line) in ko.lines().enumerate() {
        if line.contains(TODO) {
            out.push(format!(
                "{ko_name}:{}: still in English, to translate (then delete this 번역 필요 line)",
                n + 1
            ));
        }
    }
    let mut bounds = pairs.clone();
    bounds.push((e.len(), k.len()));
    let (mut i, mut j) = (0, 0);
    for (mi, mj) in bounds {
        let (eg, kg) = (&e[i..mi], &k[j..mj]);
        let n = eg.len().max(kg.len());
        for x in 0..n {
            match (eg.get(x), kg.get(x)) {
                (Some(a), Some(b)) => match (&a.key, &b.key) {
                    (Key::Prose(_), Key::Prose(h)) if h.is_empty() => out.push(format!(
                        "{ko_name}:{}: a marker without a hash; English {en_name}:{} \"{}\" (record it)",
                        b.line, a.line, a.words
                    )),
                    (Key::Prose(_), Key::Prose(_)) => out.push(format!(
                        "{en_name}:{} changed: \"{}…\"; its Korean is {ko_name}:{} (translated from \"{}…\"): re-translate it",
                        a.line, a.words, b.line, b.words
                    )),
                    _ => out.push(format!(
                        "{en_name}:{} \"{}…\" and {ko_name}:{} \"{}…\" should be the same kind of block (shared code, or prose under a marker)",
                        a.line, a.words, b.line, b.words
                    )),
                },
                (Some(a), None) => out.push(format!(
                    "{en_name}:{} is new: \"{}…\": it has no Korean; add it to {ko_name} after the block at line {} ({})",
                    a.line,
                    a.words,
                    // The Korean block before the gap's end: the gap's last
                    // Korean block, or the matched one before the gap.
                    if mj == 0 { 0 } else { k[mj - 1].line },
                    match a.key {
                        Key::Shared(_) => "copy the block, include paths one ../ deeper",
                        Key::Prose(_) => "a `<!-- en -->` line, then its translation",
                    }
                )),
                (None, Some(b)) => out.push(format!(
                    "{ko_name}:{} \"{}…\" translates English that is no longer in {en_name}: remove it (or fold it into its neighbour)",
                    b.line, b.words
                )),
                (None, None) => unreachable!(),
            }
        }
        i = mi + 1;
        j = mj + 1;
    }
    out
}

/// The Korean page brought up to the English one's structure: the marker of
/// each changed paragraph records the new English (run it once the Korean is
/// re-translated), a changed code block is replaced, and each new English
/// block is copied in (prose under a marker and a [`TODO`] line, to be
/// translated). Korean blocks whose English is gone are left for a person to
/// remove; the test keeps naming them.
fn record(en: &str, ko: &str) -> String {
    let (e, k) = (english_units(en), korean_units(ko));
    let mut lines: Vec<String> = ko.lines().map(str::to_string).collect();
    // (first line index, lines removed, lines put there), applied bottom up.
    let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut bounds = matches(&e, &k);
    bounds.push((e.len(), k.len()));
    let (mut i, mut j) = (0, 0);
    for (mi, mj) in bounds {
        let at = k.get(mj).map_or(lines.len(), |u| u.line - 1);
        let mut new = Vec::new();
        let prose = |u: &&Unit| matches!(u.key, Key::Prose(_));
        for shared in [false, true] {
            let eg: Vec<&Unit> = e[i..mi].iter().filter(|u| prose(u) != shared).collect();
            let kg: Vec<&Unit> = k[j..mj].iter().filter(|u| prose(u) != shared).collect();
            for (x, a) in eg.iter().enumerate() {
                let replacement: Vec<String> = if shared {
                    a.text
                        .iter()
                        .map(|l| l.replace("{{#include ", "{{#include ../"))
                        .collect()
                } else {
                    let Key::Prose(h) = &a.key else {
                        unreachable!()
                    };
                    vec![marker_line(h, &a.words)]
                };
                match kg.get(x) {
                    Some(b) => edits.push((b.line - 1, b.len, replacement)),
                    None if shared => new.push((a.line, replacement)),
                    None => {
                        let mut block = replacement;
                        block.push(TODO.to_string());
                        block.extend(a.text.iter().cloned());
                        new.push((a.line, block));
                    }
                }
            }
        }
        new.sort_by_key(|(line, _)| *line);
        if !new.is_empty() {
            let mut block = Vec::new();
            if at == lines.len() && lines.last().is_some_and(|l| !l.trim().is_empty()) {
                block.push(String::new());
            }
            for (_, b) in new {
                block.extend(b);
                block.push(String::new());
            }
            if at == lines.len() {
                block.pop();
            }
            edits.push((at, 0, block));
        }
        i = mi + 1;
        j = mj + 1;
    }
    edits.sort_by_key(|(at, _, _)| std::cmp::Reverse(*at));
    for (at, remove, put) in edits {
        lines.splice(at..at + remove, put);
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn en_dir() -> PathBuf {
    root().join("book/src")
}
fn ko_dir() -> PathBuf {
    root().join("book/ko/src")
}

/// The pages whose paragraphs are checked: all but SUMMARY.md, which mdbook
/// parses itself (its links are compared instead).
fn checked_pages() -> Vec<PathBuf> {
    pages(&en_dir())
        .into_iter()
        .filter(|p| p != Path::new("SUMMARY.md"))
        .collect()
}

#[test]
fn every_english_page_has_a_korean_page_and_back() {
    assert_eq!(
        pages(&en_dir()),
        pages(&ko_dir()),
        "book/src and book/ko/src must hold the same pages"
    );
}

#[test]
fn every_korean_paragraph_translates_the_current_english() {
    let recording = std::env::var_os(RECORD).is_some();
    let mut problems = Vec::new();
    for page in checked_pages() {
        let (en_path, ko_path) = (en_dir().join(&page), ko_dir().join(&page));
        let en = fs::read_to_string(&en_path).unwrap();
        let ko = fs::read_to_string(&ko_path).unwrap_or_default();
        let en_name = format!("book/src/{}", page.display());
        let ko_name = format!("book/ko/src/{}", page.display());
        let found = drift(&en_name, &en, &ko_name, &ko);
        if found.is_empty() {
            continue;
        }
        if recording {
            fs::create_dir_all(ko_path.parent().unwrap()).unwrap();
            let new = record(&en, &ko);
            fs::write(&ko_path, &new).unwrap();
            let left = drift(&en_name, &en, &ko_name, &new);
            eprintln!("{ko_name}: recorded; {} thing(s) left to do", left.len());
            problems.extend(left);
        } else {
            problems.extend(found);
        }
    }
    assert!(
        problems.is_empty(),
        "the Korean edition is behind the English one:\n  {}\n\n\
         Re-translate each changed paragraph named above, then run\n  \
         {RECORD}=1 cargo test --test korean\n\
         It records the English each Korean paragraph now translates (the \
         `<!-- en ... -->` lines), replaces changed code blocks, and copies each \
         new English block in, under a `<!-- 번역 필요 ... -->` line, for you to translate. \
         Korean paragraphs whose English is gone are yours to delete.",
        problems.join("\n  ")
    );
}

/// `# ...` heading levels, include targets, image files and link targets of a page.
fn skeleton(text: &str, korean: bool) -> (Vec<usize>, Vec<String>, Vec<String>) {
    let mut levels = Vec::new();
    let mut incs = Vec::new();
    let mut imgs = Vec::new();
    let mut fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        if !fence && line.starts_with('#') {
            levels.push(line.chars().take_while(|&c| c == '#').count());
        }
        let mut rest = line;
        while let Some(s) = rest.find("{{#include ") {
            let after = &rest[s + 11..];
            let end = after.find("}}").unwrap_or(after.len());
            let arg = after[..end].trim();
            let arg = if korean {
                arg.strip_prefix("../").unwrap_or(arg)
            } else {
                arg
            };
            incs.push(arg.to_string());
            rest = &after[end..];
        }
        let mut rest = line;
        while let Some(s) = rest.find("](") {
            let after = &rest[s + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = &after[..end];
            if target.ends_with(".png") {
                imgs.push(target.to_string());
            }
            rest = &after[end..];
        }
    }
    (levels, incs, imgs)
}

#[test]
fn each_korean_page_has_the_english_headings_includes_and_figures() {
    let mut problems = Vec::new();
    for page in pages(&en_dir()) {
        let en = fs::read_to_string(en_dir().join(&page)).unwrap();
        let Ok(ko) = fs::read_to_string(ko_dir().join(&page)) else {
            continue;
        };
        let (el, ei, eimg) = skeleton(&en, false);
        let (kl, ki, kimg) = skeleton(&ko, true);
        let p = page.display();
        if el != kl {
            problems.push(format!(
                "{p}: heading levels {el:?} in English, {kl:?} in Korean"
            ));
        }
        if ei != ki {
            problems.push(format!(
                "{p}: includes (code, snapshots) {ei:?} in English, {ki:?} in Korean"
            ));
        }
        if eimg != kimg {
            problems.push(format!(
                "{p}: figures {eimg:?} in English, {kimg:?} in Korean"
            ));
        }
        // Every Korean include resolves, from the Korean page's folder.
        let dir = ko_dir().join(&page);
        let dir = dir.parent().unwrap();
        for line in ko.lines() {
            if let Some(s) = line.find("{{#include ") {
                let arg = line[s + 11..].split("}}").next().unwrap().trim();
                let file = arg.split(':').next().unwrap();
                if !dir.join(file).is_file() {
                    problems.push(format!("book/ko/src/{p}: include {file} does not exist"));
                }
            }
        }
        for img in &kimg {
            if !dir.join(img).is_file() {
                problems.push(format!("book/ko/src/{p}: figure {img} does not exist"));
            }
        }
    }
    // SUMMARY.md: the same pages in the same order.
    let targets = |t: &str| -> Vec<String> {
        t.split("](")
            .skip(1)
            .map(|s| s.split(')').next().unwrap().to_string())
            .collect()
    };
    let en = fs::read_to_string(en_dir().join("SUMMARY.md")).unwrap();
    let ko = fs::read_to_string(ko_dir().join("SUMMARY.md")).unwrap();
    if targets(&en) != targets(&ko) {
        problems.push(format!(
            "SUMMARY.md: pages {:?} in English, {:?} in Korean",
            targets(&en),
            targets(&ko)
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The first cell of every row of the glossary's table (after the header).
fn glossary_terms(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.split('|').nth(1).unwrap().trim().to_string())
        .collect()
}

fn first_out_of_order(terms: &[String], key: impl Fn(&str) -> String) -> Option<String> {
    terms
        .windows(2)
        .find(|w| key(&w[0]) > key(&w[1]))
        .map(|w| format!("\"{}\" comes before \"{}\"", w[0], w[1]))
}

#[test]
fn the_english_glossary_is_alphabetical_and_the_korean_one_in_ganada_order() {
    let en = glossary_terms(&fs::read_to_string(en_dir().join("glossary.md")).unwrap());
    let ko = glossary_terms(&fs::read_to_string(ko_dir().join("glossary.md")).unwrap());
    assert!(en.len() > 20, "the English glossary has its rows");
    assert_eq!(en.len(), ko.len(), "both glossaries have the same terms");
    // English: letters only, case ignored ("forward / central" sorts as "forwardcentral").
    let latin = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    if let Some(e) = first_out_of_order(&en, latin) {
        panic!("book/src/glossary.md is not in alphabetical order: {e}");
    }
    // Korean: Hangul syllables are encoded in 가나다 order, so comparing the
    // syllables (spaces and punctuation left out) is 가나다 order.
    assert!(
        ko.iter()
            .all(|t| t.starts_with(|c: char| ('가'..='힣').contains(&c)))
    );
    let hangul = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    if let Some(e) = first_out_of_order(&ko, hangul) {
        panic!("book/ko/src/glossary.md is not in 가나다 order: {e}");
    }
}

#[test]
fn changing_one_english_sentence_names_the_page_and_its_first_words() {
    let en = "# 4.9 A page\n\nThe first paragraph says one thing.\n\n```rust,ignore\n{{#include ../../../src/x.rs:a}}\n```\n\nThe second paragraph.\n";
    let ko = "<!-- en -->\n# 4.9 쪽\n\n<!-- en -->\n첫 문단.\n\n```rust,ignore\n{{#include ../../../../src/x.rs:a}}\n```\n\n<!-- en -->\n둘째 문단.\n";
    assert_eq!(drift("en.md", en, "ko.md", ko).len(), 3, "bare markers");
    let ko = record(en, ko);
    assert!(drift("en.md", en, "ko.md", &ko).is_empty(), "{ko}");
    assert!(ko.contains("<!-- en ") && ko.contains("첫 문단."), "{ko}");
    assert_eq!(record(en, &ko), ko, "recording twice changes nothing");

    // One sentence changed: the page, its line and its first words are named.
    let changed = en.replace("says one thing", "says another thing");
    let found = drift("en.md", &changed, "ko.md", &ko);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("en.md:3 changed: \"The first paragraph says another"));
    assert!(found[0].contains("ko.md:4"), "{}", found[0]);
    // Re-translated and recorded: only the marker line changes.
    let fixed = record(&changed, &ko);
    assert!(drift("en.md", &changed, "ko.md", &fixed).is_empty());
    assert_eq!(fixed.lines().count(), ko.lines().count());
    assert!(fixed.contains("첫 문단."));

    // A new English paragraph: named; recording copies it in, to translate.
    let added = en.replace("The second", "A new one.\n\nThe second");
    let found = drift("en.md", &added, "ko.md", &ko);
    assert!(
        found.len() == 1 && found[0].contains("en.md:9 is new"),
        "{found:?}"
    );
    let todo = record(&added, &ko);
    let found = drift("en.md", &added, "ko.md", &todo);
    assert!(
        found.len() == 1 && found[0].contains("still in English"),
        "{found:?}\n{todo}"
    );
    let translated = todo.replace(&format!("{TODO}\nA new one."), "새 문단.");
    assert!(
        drift("en.md", &added, "ko.md", &translated).is_empty(),
        "{translated}"
    );
    assert!(translated.find("새 문단.") > translated.find("{{#include"));
    assert!(translated.find("새 문단.") < translated.find("둘째 문단."));

    // More new English than Korean in one gap, at the page's end: named, no panic.
    let more = en.replace(
        "The second paragraph.\n",
        "The second paragraph.\n\nOne.\n\nTwo.\n\nThree.\n",
    );
    let found = drift("en.md", &more, "ko.md", &ko);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().all(|f| f.contains("is new")), "{found:?}");
    // Each goes after the last Korean block (the marker of 둘째 문단., line 11).
    assert!(
        found
            .iter()
            .all(|f| f.contains("after the block at line 11")),
        "{found:?}"
    );

    // A removed English paragraph: its Korean is named, and stays until deleted.
    let removed = en.replace("\nThe second paragraph.\n", "");
    let found = drift("en.md", &removed, "ko.md", &ko);
    assert!(
        found.len() == 1 && found[0].contains("no longer in en.md"),
        "{found:?}"
    );
    assert_eq!(
        drift("en.md", &removed, "ko.md", &record(&removed, &ko)),
        found
    );

    // Changed code: named; recording copies it, include paths one folder deeper.
    let code = en.replace("x.rs:a", "x.rs:b");
    assert_eq!(drift("en.md", &code, "ko.md", &ko).len(), 1);
    let recopied = record(&code, &ko);
    assert!(
        recopied.contains("{{#include ../../../../src/x.rs:b}}"),
        "{recopied}"
    );
    assert!(drift("en.md", &code, "ko.md", &recopied).is_empty());

    // A new page: recording writes it whole, every prose block to translate.
    let fresh = record(en, "");
    assert_eq!(drift("en.md", en, "ko.md", &fresh).len(), 3, "{fresh}");
    assert!(fresh.contains("{{#include ../../../../src/x.rs:a}}"));
}

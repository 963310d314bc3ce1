//! `dlfs exercises`: how far a student is with the `exercises/` crate.
//!
//! The main binary does not depend on the exercises crate (a half-written
//! exercise must never stop `dlfs section ...` from building). Instead it runs
//! `cargo test -p exercises --no-fail-fast`, reads what the tests print, and
//! turns that into a progress table.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

pub use crate::registry::{EXERCISES, Exercise as ExerciseInfo};

/// One test's result, as `cargo test` printed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestOutcome {
    /// The test binary: `s4_2` for `tests/s4_2.rs`.
    pub binary: String,
    /// The test's path inside it: `mean_squared_error::book_numbers`.
    pub name: String,
    pub passed: bool,
}

/// What one `cargo test` run printed, parsed.
#[derive(Debug, Default)]
pub struct TestRun {
    pub tests: Vec<TestOutcome>,
    /// What each failed test printed, keyed by (binary, name).
    pub messages: HashMap<(String, String), String>,
    /// The compiler's errors, when the crate did not build.
    pub compile_errors: Vec<String>,
    /// The "floating point:" notes of passing checks (a right answer whose last
    /// digits differ from the book's), each with its indented lines.
    pub notes: Vec<String>,
}

/// Reads `cargo test` output (cargo's stderr and the tests' stdout, interleaved).
pub fn parse(output: &str) -> TestRun {
    let mut run = TestRun::default();
    let mut binary = String::new();
    // The failure message being collected: (test name, lines).
    let mut message: Option<(String, Vec<&str>)> = None;
    let mut error: Option<Vec<&str>> = None;
    // The floating-point note being collected.
    let mut note: Option<Vec<&str>> = None;

    let finish = |run: &mut TestRun, binary: &str, message: &mut Option<(String, Vec<&str>)>| {
        if let Some((name, mut lines)) = message.take() {
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            run.messages
                .insert((binary.to_string(), name), lines.join("\n"));
        }
    };

    for line in output.lines() {
        if let Some(lines) = note.as_mut() {
            if line.starts_with("  ") {
                lines.push(line);
                continue;
            }
            let text = lines.join("\n");
            if !run.notes.contains(&text) {
                run.notes.push(text);
            }
            note = None;
        }
        if line.starts_with("floating point") {
            note = Some(vec![line]);
            continue;
        }
        // A compiler error runs from `error[...]:` / `error:` to the next blank line.
        if let Some(lines) = error.as_mut() {
            if line.trim().is_empty() {
                run.compile_errors.push(lines.join("\n"));
                error = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("Running ") {
            finish(&mut run, &binary, &mut message);
            binary = binary_name(rest);
            continue;
        }
        if trimmed.starts_with("Doc-tests ") {
            finish(&mut run, &binary, &mut message);
            binary = "doc".to_string();
            continue;
        }
        if is_compile_error(line) {
            finish(&mut run, &binary, &mut message);
            error = Some(vec![line]);
            continue;
        }
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            finish(&mut run, &binary, &mut message);
            message = Some((name.to_string(), Vec::new()));
            continue;
        }
        if line == "failures:" || line.starts_with("test result:") {
            finish(&mut run, &binary, &mut message);
            continue;
        }
        if let Some((_, lines)) = message.as_mut() {
            lines.push(line);
            continue;
        }
        if let Some(rest) = line.strip_prefix("test ") {
            let outcome = rest
                .strip_suffix(" ... ok")
                .map(|n| (n, true))
                .or_else(|| rest.strip_suffix(" ... FAILED").map(|n| (n, false)));
            if let Some((name, passed)) = outcome {
                run.tests.push(TestOutcome {
                    binary: binary.clone(),
                    name: name.to_string(),
                    passed,
                });
            }
        }
    }
    finish(&mut run, &binary, &mut message);
    if let Some(lines) = note {
        let text = lines.join("\n");
        if !run.notes.contains(&text) {
            run.notes.push(text);
        }
    }
    if let Some(lines) = error {
        run.compile_errors.push(lines.join("\n"));
    }
    run
}

/// The first line of a compiler error; cargo's own "error:" lines about failed
/// builds and failed test targets are not.
fn is_compile_error(line: &str) -> bool {
    let cargo_says = line.starts_with("error: could not compile")
        || line.starts_with("error: test failed")
        || (line.starts_with("error: ")
            && (line.contains(" targets failed") || line.contains(" target failed")));
    (line.starts_with("error[") || line.starts_with("error:")) && !cargo_says
}

/// `tests/s4_2.rs (target/debug/deps/s4_2-0a1b2c)` → `s4_2`.
fn binary_name(running: &str) -> String {
    let path = running
        .split_whitespace()
        .find(|w| w.ends_with(".rs"))
        .unwrap_or(running);
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where an exercise stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every test of it passes.
    Done,
    /// A test reached its `todo!()`.
    NotDone,
    /// It runs, but a test turned its answer down.
    Wrong,
    /// No test of it ran (e.g. its test file is missing).
    NotRun,
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::NotDone => "not done",
            Status::Wrong => "wrong",
            Status::NotRun => "not run",
        }
    }
}

/// One row of the progress table, with the message of its first failed test.
#[derive(Clone, Debug)]
pub struct Progress {
    pub exercise: ExerciseInfo,
    pub status: Status,
    pub passed: usize,
    pub total: usize,
    pub message: Option<String>,
}

/// Each exercise's status, from the tests of its binary whose path starts with
/// its name (`mean_squared_error::...` in `s4_2`).
pub fn progress(run: &TestRun) -> Vec<Progress> {
    EXERCISES
        .iter()
        .map(|e| {
            let tests: Vec<&TestOutcome> = run
                .tests
                .iter()
                .filter(|t| t.binary == e.file && t.name.split("::").next() == Some(e.name))
                .collect();
            let passed = tests.iter().filter(|t| t.passed).count();
            let message = tests.iter().find(|t| !t.passed).map(|t| {
                run.messages
                    .get(&(t.binary.clone(), t.name.clone()))
                    .cloned()
                    .unwrap_or_else(|| format!("test {} failed", t.name))
            });
            let status = if tests.is_empty() {
                Status::NotRun
            } else if passed == tests.len() {
                Status::Done
            } else if tests.iter().any(|t| {
                !t.passed
                    && run
                        .messages
                        .get(&(t.binary.clone(), t.name.clone()))
                        .is_some_and(|m| m.contains("not done yet"))
            }) {
                Status::NotDone
            } else {
                Status::Wrong
            };
            Progress {
                exercise: *e,
                status,
                passed,
                total: tests.len(),
                message,
            }
        })
        .collect()
}

/// The progress table and the hint for the first exercise not done.
pub fn report(rows: &[Progress], out: &mut dyn Write) -> std::io::Result<()> {
    let count = |s: Status| rows.iter().filter(|r| r.status == s).count();
    writeln!(
        out,
        "Exercises: {} of {} done, {} wrong, {} not done yet",
        count(Status::Done),
        rows.len(),
        count(Status::Wrong),
        count(Status::NotDone) + count(Status::NotRun)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "  {:<8} {:<28} {:<26} {:<9} tests",
        "section", "exercise", "file", "status"
    )?;
    for r in rows {
        writeln!(
            out,
            "  {:<8} {:<28} {:<26} {:<9} {}/{}",
            r.exercise.section,
            r.exercise.name,
            format!("exercises/src/{}.rs", r.exercise.file),
            r.status.label(),
            r.passed,
            r.total
        )?;
    }
    writeln!(out)?;
    match rows.iter().find(|r| r.status != Status::Done) {
        None => writeln!(out, "All {} exercises done.", rows.len())?,
        Some(r) => {
            writeln!(
                out,
                "Next: `{}` (section {}) in exercises/src/{}.rs",
                r.exercise.name, r.exercise.section, r.exercise.file
            )?;
            let hint = r.message.clone().unwrap_or_else(|| {
                format!(
                    "no test of it ran; is exercises/tests/{}.rs there?",
                    r.exercise.file
                )
            });
            for line in hint.lines() {
                writeln!(out, "  {line}")?;
            }
        }
    }
    Ok(())
}

/// The workspace root: `CARGO_MANIFEST_DIR` (set by `cargo run`) or the nearest
/// folder at or above the current one that holds `exercises/Cargo.toml`.
pub fn workspace_root() -> Result<PathBuf> {
    let has_exercises = |d: &Path| d.join("exercises").join("Cargo.toml").is_file();
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)
        && has_exercises(&dir)
    {
        return Ok(dir);
    }
    let cwd = std::env::current_dir()?;
    cwd.ancestors()
        .find(|d| has_exercises(d))
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "cannot find the exercises: no exercises/Cargo.toml in '{}' or any folder above it; run this from the dlfs repository",
                cwd.display()
            ))
        })
}

/// Runs `cargo test -p exercises --no-fail-fast` in `root` and returns what it
/// printed, stdout and stderr interleaved as a terminal would show them.
pub fn run_tests(root: &Path) -> Result<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let (mut reader, writer) = std::io::pipe()?;
    let mut command = Command::new(&cargo);
    command
        .args([
            "test",
            "-p",
            "exercises",
            "--no-fail-fast",
            "--color",
            "never",
        ])
        .current_dir(root)
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    let mut child = command.spawn().map_err(|e| {
        Error::Invalid(format!(
            "cannot run '{} test -p exercises': {e}",
            cargo.to_string_lossy()
        ))
    })?;
    // The command holds the pipe's write end; drop it so the read ends with the child.
    drop(command);
    let mut output = String::new();
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    output.push_str(&String::from_utf8_lossy(&bytes));
    child.wait()?;
    Ok(output)
}

/// `dlfs exercises`: run the tests, print the table. A crate that does not
/// compile is an error that quotes the compiler's first complaint.
pub fn run_command(out: &mut dyn Write) -> Result<()> {
    let root = workspace_root()?;
    writeln!(
        out,
        "Running `cargo test -p exercises` in {} ...",
        root.display()
    )?;
    out.flush()?;
    let output = run_tests(&root)?;
    show(&output, out)
}

/// The table for one run's output, or the error for a crate that did not build.
pub fn show(output: &str, out: &mut dyn Write) -> Result<()> {
    let run = parse(output);
    if run.tests.is_empty() {
        let why = if run.compile_errors.is_empty() || !output.contains("could not compile") {
            let tail: Vec<&str> = output.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            format!(
                "no exercise test ran; the last lines cargo printed:\n{}",
                tail.join("\n")
            )
        } else {
            let shown: Vec<&String> = run.compile_errors.iter().take(2).collect();
            format!(
                "the exercises do not compile yet ({} error(s)); fix this first, or put `todo!()` back:\n\n{}",
                run.compile_errors.len(),
                shown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n")
            )
        };
        return Err(Error::Invalid(why));
    }
    report(&progress(&run), out)?;
    if !run.notes.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Floating-point notes (these answers are right; their last digits differ from the book's):"
        )?;
        for n in &run.notes {
            for line in n.lines() {
                writeln!(out, "  {line}")?;
            }
        }
    }
    if let Some(first) = run.compile_errors.first() {
        writeln!(out)?;
        writeln!(
            out,
            "Some tests did not compile, so their exercises show as 'not run'. The first error:"
        )?;
        writeln!(out, "{first}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `cargo test -p exercises --no-fail-fast` prints with one exercise
    /// done, one wrong and the rest still `todo!()` (shortened to three binaries).
    const SOME_DONE: &str = r#"   Compiling exercises v0.1.0 (/work/dlfs/exercises)
    Finished `test` profile [optimized + debuginfo] target(s) in 3.20s
     Running unittests src/lib.rs (target/debug/deps/exercises-1a2b3c)

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/s4_2.rs (target/debug/deps/s4_2-4d5e6f)

running 4 tests
test cross_entropy_error::book_numbers ... FAILED
test mean_squared_error::book_numbers ... ok
test mean_squared_error::zero_when_perfect_and_growing_with_the_error ... ok
test cross_entropy_error::stays_finite_when_a_probability_is_zero ... FAILED

failures:

---- cross_entropy_error::book_numbers stdout ----
wrong: `cross_entropy_error` (section 4.2.2, exercises/src/s4_2.rs)
  case:     the book's y1
  expected: 0.510825457099338 (± 1e-12)
  got:      0.5108256237659907
  hint:     E = −Σ t_k log(y_k + δ) (section 4.2.2)

---- cross_entropy_error::stays_finite_when_a_probability_is_zero stdout ----
wrong: `cross_entropy_error` (section 4.2.2, exercises/src/s4_2.rs)
  case:     y gives probability 0 to the right answer
  expected: 16.11809565095832 (± 1e-9)
  got:      inf


failures:
    cross_entropy_error::book_numbers
    cross_entropy_error::stays_finite_when_a_probability_is_zero

test result: FAILED. 2 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: test failed, to rerun pass `-p exercises --test s4_2`
     Running tests/s4_4.rs (target/debug/deps/s4_4-7a8b9c)

running 2 tests
test numerical_gradient::book_numbers ... FAILED
test gradient_descent::book_numbers ... FAILED

failures:

---- numerical_gradient::book_numbers stdout ----
not done yet: `numerical_gradient` (section 4.4, exercises/src/s4_4.rs)
  its todo!() was reached at exercises/src/s4_4.rs:19.

---- gradient_descent::book_numbers stdout ----
not done yet: `gradient_descent` (section 4.4.1, exercises/src/s4_4.rs)

failures:
    numerical_gradient::book_numbers
    gradient_descent::book_numbers

test result: FAILED. 0 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: test failed, to rerun pass `-p exercises --test s4_4`
     Running tests/s4_4_2.rs (target/debug/deps/s4_4_2-0d1e2f)

running 1 test
test numerical_gradient::book_numbers ... ok

test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

   Doc-tests exercises

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: 2 targets failed:
    `-p exercises --test s4_2`
    `-p exercises --test s4_4`
"#;

    const DOES_NOT_COMPILE: &str = r#"   Compiling exercises v0.1.0 (/work/dlfs/exercises)
error[E0308]: mismatched types
  --> exercises/src/s4_2.rs:18:5
   |
13 | pub fn mean_squared_error<S, T, D>(y: &ArrayBase<S, D>, t: &ArrayBase<T, D>) -> f64
   |                                                                                 --- expected `f64` because of return type
...
18 |     (y - t).sum()
   |     ^^^^^^^^^^^^^ expected `f64`, found `()`

For more information about this error, try `rustc --explain E0308`.
error: could not compile `exercises` (lib) due to 1 previous error
"#;

    fn row<'a>(rows: &'a [Progress], file: &str, name: &str) -> &'a Progress {
        rows.iter()
            .find(|r| r.exercise.file == file && r.exercise.name == name)
            .unwrap()
    }

    #[test]
    fn parses_each_test_with_its_binary() {
        let run = parse(SOME_DONE);
        assert_eq!(run.tests.len(), 7);
        assert!(run.compile_errors.is_empty());
        assert_eq!(
            run.tests[0],
            TestOutcome {
                binary: "s4_2".into(),
                name: "cross_entropy_error::book_numbers".into(),
                passed: false
            }
        );
        assert_eq!(run.tests[6].binary, "s4_4_2");
        assert!(run.tests[6].passed);
        let msg = &run.messages[&(
            "s4_2".to_string(),
            "cross_entropy_error::book_numbers".to_string(),
        )];
        assert!(msg.starts_with("wrong: `cross_entropy_error`"), "{msg}");
        assert!(msg.ends_with("(section 4.2.2)"), "{msg}");
        assert_eq!(run.messages.len(), 4);
    }

    #[test]
    fn statuses_come_from_the_tests_of_each_exercise() {
        let rows = progress(&parse(SOME_DONE));
        assert_eq!(rows.len(), EXERCISES.len());
        assert_eq!(
            row(&rows, "s4_2", "mean_squared_error").status,
            Status::Done
        );
        assert_eq!(row(&rows, "s4_2", "mean_squared_error").passed, 2);
        assert_eq!(
            row(&rows, "s4_2", "cross_entropy_error").status,
            Status::Wrong
        );
        assert_eq!(
            row(&rows, "s4_4", "numerical_gradient").status,
            Status::NotDone
        );
        // The same name in another section's file is another exercise.
        assert_eq!(
            row(&rows, "s4_4_2", "numerical_gradient").status,
            Status::Done
        );
        assert_eq!(row(&rows, "s4_3", "numerical_diff").status, Status::NotRun);
    }

    #[test]
    fn the_report_shows_the_table_and_the_first_hint() {
        let mut out = Vec::new();
        show(SOME_DONE, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let n = EXERCISES.len();
        assert!(
            text.starts_with(&format!(
                "Exercises: 2 of {n} done, 1 wrong, {} not done yet",
                n - 3
            )),
            "{text}"
        );
        let mse = text
            .lines()
            .find(|l| l.contains("mean_squared_error"))
            .unwrap();
        assert!(
            mse.contains("4.2.1") && mse.contains("done") && mse.contains("2/2"),
            "{mse}"
        );
        assert!(
            text.contains("Next: `cross_entropy_error` (section 4.2.2) in exercises/src/s4_2.rs"),
            "{text}"
        );
        assert!(text.contains("  got:      0.5108256237659907"), "{text}");
    }

    #[test]
    fn everything_done_says_so() {
        let all: String = EXERCISES
            .iter()
            .map(|e| {
                format!(
                    "     Running tests/{}.rs (x)\ntest {}::check ... ok\n",
                    e.file, e.name
                )
            })
            .collect();
        let mut out = Vec::new();
        show(&all, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(&format!("All {} exercises done.", EXERCISES.len())),
            "{text}"
        );
    }

    #[test]
    fn a_compile_error_is_quoted_not_a_crash() {
        let err = show(DOES_NOT_COMPILE, &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("the exercises do not compile yet (1 error(s))"),
            "{err}"
        );
        assert!(err.contains("error[E0308]: mismatched types"), "{err}");
        assert!(err.contains("exercises/src/s4_2.rs:18:5"), "{err}");
        assert!(!err.contains("could not compile"), "{err}");
    }

    #[test]
    fn floating_point_notes_are_shown_once_each() {
        let output = "     Running tests/s4_2.rs (x)\n\
            floating point: `mean_squared_error` (s4_2): the book's y2\n  \
            the book's digits: 0.5975\n  yours: 0.5974999999999999\n\
            floating point: `mean_squared_error` (s4_2): the book's y2\n  \
            the book's digits: 0.5975\n  yours: 0.5974999999999999\n\
            test mean_squared_error::book_numbers ... ok\n";
        let run = parse(output);
        assert_eq!(run.notes.len(), 1, "{:?}", run.notes);
        assert_eq!(run.tests.len(), 1);
        let mut out = Vec::new();
        show(output, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Floating-point notes"), "{text}");
        assert!(text.contains("    yours: 0.5974999999999999"), "{text}");
    }

    #[test]
    fn output_without_tests_is_an_error() {
        let err = show("error: no such command: `tset`\n", &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("no exercise test ran"), "{err}");
    }

    #[test]
    fn the_list_matches_the_anchors_in_the_stub_files() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises/src");
        let mut found = Vec::new();
        for file in ["s4_2", "s4_3", "s4_4", "s4_4_2", "s4_5"] {
            let text = std::fs::read_to_string(dir.join(format!("{file}.rs"))).unwrap();
            for line in text.lines() {
                if let Some(name) = line.trim().strip_prefix("// ANCHOR: ") {
                    found.push((file, name.trim().to_string()));
                }
            }
        }
        let listed: Vec<(&str, String)> = EXERCISES
            .iter()
            .map(|e| (e.file, e.name.to_string()))
            .collect();
        assert_eq!(found, listed);
    }
}

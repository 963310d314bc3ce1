//! The built binary, run as a user runs it: good ids, prefix ids and bad ids.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary in a fresh temporary folder, so the figures a section writes
/// by default (to `figures/`) land there and not in the source tree.
fn dlfs(args: &[&str]) -> Output {
    let cwd = tempfile::tempdir().expect("a temporary folder");
    dlfs_in(cwd.path(), args)
}

fn dlfs_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .current_dir(cwd)
        // No MNIST here: the data sections print how to get it and the rest run
        // (tests/mnist_cli.rs runs them with the data).
        .env("DLFS_DATA", cwd.join("no-mnist-here"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The names of the files in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_good_id_prints_its_section() {
    let o = dlfs(&["section", "4.4.1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("4.4.1 Gradient descent"), "{text}");
    assert!(text.contains("[-2.58983747e+13 -1.29524862e+12]"));
    assert!(!text.contains("4.4.2"), "only 4.4.1 runs");
}

#[test]
fn a_prefix_id_runs_its_sections_in_order() {
    let text = stdout(&dlfs(&["section", "4.4"]));
    let heads: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("4."))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(heads, ["4.4", "4.4.1", "4.4.2", "4.4.3"]);
    let all = stdout(&dlfs(&["section", "4"]));
    for id in [
        "4.1", "4.1.2", "4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5", "4.3.1", "4.3.2", "4.3.3",
        "4.4", "4.4.1", "4.4.2", "4.4.3", "4.5.1", "4.5.2", "4.5.3", "4.5.4", "4.5.5",
    ] {
        assert!(
            all.lines().any(|l| l.starts_with(&format!("{id} "))),
            "section 4 runs {id}"
        );
    }
    // without the data, each data section says how to get it in one line
    let missing: Vec<&str> = all
        .lines()
        .filter(|l| l.contains("data not found"))
        .collect();
    assert_eq!(missing.len(), 8, "4.1, 4.1.2, 4.2.3, 4.5.1-4.5.5: {all}");
    assert!(
        missing[0].contains("cargo run -- data fetch"),
        "{}",
        missing[0]
    );
}

#[test]
fn sections_lists_every_id_with_a_title() {
    let o = dlfs(&["sections"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(
        text.contains("4.4.1  Gradient descent (경사 하강법)"),
        "{text}"
    );
    assert_eq!(text.lines().count(), dlfs::registry::SECTIONS.len());
}

#[test]
fn bad_ids_fail_with_one_clear_line() {
    for bad in ["4.9", "four", ""] {
        let o = dlfs(&["section", bad]);
        assert!(!o.status.success(), "{bad:?} must fail");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "one line for {bad:?}: {err}");
        assert!(err.contains(&format!("'{bad}'")), "names the id: {err}");
        assert!(
            err.contains("4.2.1") && err.contains("4.4.2"),
            "lists the valid ids: {err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn a_section_writes_its_figures_where_asked_and_prints_their_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new").join("figs");
    let o = dlfs(&["section", "4.4.1", "--figure-dir", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("4.4.1 Gradient descent"),
        "the numbers first"
    );
    let printed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("figure: "))
        .collect();
    assert_eq!(printed.len(), 3, "{text}"); // 4.4.1 draws three figures
    for p in &printed {
        let bytes = fs::read(p).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(&bytes[1..4], b"PNG");
        assert!(Path::new(p).starts_with(&dir));
        assert!(
            Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("4.4.1-")
        );
    }
    assert_eq!(names(&dir).len(), 3, "nothing else in the folder");
}

#[test]
fn a_section_writes_to_figures_by_default() {
    let cwd = tempfile::tempdir().unwrap();
    let o = dlfs_in(cwd.path(), &["section", "4.3.2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        names(&cwd.path().join("figures")),
        ["4.3.2-fig4-6-function.png", "4.3.2-fig4-7-tangents.png"]
    );
    assert!(stdout(&o).contains("figure: figures/4.3.2-fig4-6-function.png"));
}

#[test]
fn figures_twice_gives_identical_bytes_and_names_what_it_could_not_draw() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        // without MNIST: every other figure is drawn, then the command fails
        // naming each figure it could not draw
        let o = dlfs(&["figures", "--figure-dir", dir.to_str().unwrap()]);
        assert!(
            !o.status.success(),
            "no MNIST, so not every figure: {}",
            stdout(&o)
        );
        assert!(stdout(&o).contains("figures written to"));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        for f in [
            "4.1-mnist-samples.png",
            "4.5.2-fig4-11-loss.png",
            "4.5.3-fig4-12-accuracy.png",
        ] {
            assert!(err.contains(f), "names {f}: {err}");
        }
    }
    let files = names(&a);
    assert!(files.len() >= 10, "{files:?}");
    assert_eq!(files, names(&b));
    for f in &files {
        assert!(f.ends_with(".png"), "no temporary file left: {f}");
        assert_eq!(
            fs::read(a.join(f)).unwrap(),
            fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn an_output_folder_that_cannot_be_created_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    let bad = file.join("figures");
    for args in [
        vec!["figures", "--figure-dir", bad.to_str().unwrap()],
        vec!["section", "4.4.1", "--figure-dir", bad.to_str().unwrap()],
    ] {
        let o = dlfs(&args);
        assert!(!o.status.success(), "{args:?} must fail");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.starts_with("error: cannot write"), "{err}");
        assert!(
            err.contains(bad.to_str().unwrap()),
            "names the folder: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&o).is_empty(), "no numbers before the error");
        assert_eq!(names(tmp.path()), ["a-file"], "no stray file");
        assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
    }
}

#[test]
fn a_figure_that_cannot_be_written_leaves_no_partial_png() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("figs");
    // A folder where the first 4.4.1 figure should go: the rename onto it fails.
    let blocked = dir.join("4.4.1-fig4-10-descent-path.png");
    fs::create_dir_all(&blocked).unwrap();
    let o = dlfs(&["section", "4.4.1", "--figure-dir", dir.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("4.4.1-fig4-10-descent-path.png"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        names(&dir),
        ["4.4.1-fig4-10-descent-path.png"],
        "only the blocking folder: no temporary file, no later figure"
    );
    assert!(blocked.is_dir());
}

/// `dlfs exercises` with a stand-in for cargo (the CARGO variable) that prints
/// `output` and exits with `code`, in a folder that looks like the repository.
#[cfg(unix)]
fn exercises_with_fake_cargo(output: &str, code: i32) -> Output {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("exercises")).unwrap();
    fs::write(root.path().join("exercises/Cargo.toml"), "").unwrap();
    fs::write(root.path().join("output.txt"), output).unwrap();
    let cargo = root.path().join("fake-cargo");
    fs::write(
        &cargo,
        format!(
            "#!/bin/sh\n[ \"$1 $2 $3\" = \"test -p exercises\" ] || exit 3\ncat output.txt\nexit {code}\n"
        ),
    )
    .unwrap();
    fs::set_permissions(&cargo, fs::Permissions::from_mode(0o755)).unwrap();
    Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .arg("exercises")
        .current_dir(root.path())
        .env("CARGO", &cargo)
        .env("CARGO_MANIFEST_DIR", root.path())
        .output()
        .expect("the binary runs")
}

#[cfg(unix)]
#[test]
fn exercises_prints_the_progress_table_and_the_next_hint() {
    let o = exercises_with_fake_cargo(
        "     Running tests/s4_2.rs (target/debug/deps/s4_2-abc)\n\
         \n\
         running 2 tests\n\
         test mean_squared_error::book_numbers ... ok\n\
         test cross_entropy_error::book_numbers ... FAILED\n\
         \n\
         failures:\n\
         \n\
         ---- cross_entropy_error::book_numbers stdout ----\n\
         not done yet: `cross_entropy_error` (section 4.2.2, exercises/src/s4_2.rs)\n\
         \x20 task: E = −Σ_k t_k log(y_k + δ) with δ = 1e-7.\n\
         \n\
         failures:\n\
         \x20   cross_entropy_error::book_numbers\n\
         \n\
         test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n",
        101,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let n = dlfs::cli::exercises::EXERCISES.len();
    assert!(
        text.contains(&format!(
            "Exercises: 1 of {n} done, 0 wrong, {} not done yet",
            n - 1
        )),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.contains(" cross_entropy_error "))
        .unwrap();
    assert!(row.contains("4.2.2") && row.contains("not done"), "{row}");
    assert!(
        text.contains("Next: `cross_entropy_error` (section 4.2.2) in exercises/src/s4_2.rs"),
        "{text}"
    );
    assert!(text.contains("task: E = −Σ_k t_k log(y_k + δ)"), "{text}");
}

#[cfg(unix)]
#[test]
fn exercises_that_do_not_compile_give_the_compiler_error_not_a_crash() {
    let o = exercises_with_fake_cargo(
        "error[E0308]: mismatched types\n  --> exercises/src/s4_3.rs:21:30\n   |\n\n\
         error: could not compile `exercises` (lib) due to 1 previous error\n",
        101,
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("the exercises do not compile yet"), "{err}");
    assert!(err.contains("exercises/src/s4_3.rs:21:30"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn exercises_outside_the_repository_is_a_clear_error() {
    let cwd = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .arg("exercises")
        .current_dir(cwd.path())
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("the binary runs");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("cannot find the exercises"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn figures_from_elsewhere_write_into_the_projects_book() {
    // run from a folder that is not the project: the default folder is still
    // the project's book/src/figures, never ./book/src/figures here
    let o = dlfs(&["figures", "--help"]);
    assert!(stdout(&o).contains("book/src/figures"), "{}", stdout(&o));
    let tmp = tempfile::tempdir().unwrap();
    let o = dlfs_in(tmp.path(), &["section", "4.3.2", "--no-figures"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stdout(&o).contains("figure:"),
        "--no-figures draws nothing"
    );
    assert!(
        names(tmp.path()).is_empty(),
        "nothing written: {:?}",
        names(tmp.path())
    );
}

#[test]
fn every_help_lists_the_choices() {
    let o = dlfs(&["train", "--help"]);
    let text = stdout(&o);
    for choice in [
        "backprop",
        "numerical",
        "f64",
        "f32",
        "fast",
        "book",
        "mnist",
        "fashion",
    ] {
        assert!(text.contains(choice), "train --help lists {choice}: {text}");
    }
    for cmd in ["section", "figures", "bench", "data"] {
        let o = dlfs(&[cmd, "--help"]);
        assert!(o.status.success(), "{cmd} --help");
    }
    let text = stdout(&dlfs(&["section", "--help"]));
    for flag in ["--figure-dir", "--no-figures", "--data-dir", "--dataset"] {
        assert!(text.contains(flag), "section --help has {flag}");
    }
    let o = dlfs(&["train", "--grad", "adam"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("possible values"), "{}", stderr(&o));
}

/// The numbers on the output line that starts with `label` (after trimming).
fn numbers_after(out: &str, label: &str) -> Vec<f64> {
    let line = out
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line starting {label:?} in:\n{out}"));
    line[label.len()..]
        .split(|c: char| c.is_whitespace() || c == '=' || c == '[' || c == ']' || c == '*')
        .filter_map(|w| w.parse::<f64>().ok())
        .collect()
}

#[test]
fn gradient_descent_takes_its_settings_and_shows_the_first_step_at_lr_half() {
    let o = dlfs(&["section", "4.4.1", "--lr", "0.5", "--steps", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Step 1 by hand: the central difference of x0² + x1² with h = 1e-4 along
    // each coordinate, from (-3, 4), then x - 0.5 * grad.
    let (h, x) = (1e-4, [-3.0_f64, 4.0]);
    let f = |a: f64, b: f64| a * a + b * b;
    let g0 = (f(x[0] + h, x[1]) - f(x[0] - h, x[1])) / (2.0 * h);
    let g1 = (f(x[0], x[1] + h) - f(x[0], x[1] - h)) / (2.0 * h);
    let want = [x[0] - 0.5 * g0, x[1] - 0.5 * g1];
    let row = numbers_after(&out, "1 ");
    assert_eq!(&row[..2], &want, "step 1 of lr 0.5:\n{out}");
    assert!(want.iter().all(|v| v.abs() < 1e-10 && *v != 0.0));
    assert!(out.contains("not exactly on it"), "{out}");
    assert!(!out.contains("figure:"), "an experiment draws nothing");
}

#[test]
fn gradient_descent_prints_every_step_up_to_twenty_then_the_ends() {
    let o = dlfs(&[
        "section", "4.4.1", "--lr", "0.1", "--init", "1,-2", "--steps", "20",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("..."), "{out}");
    // exact descent multiplies by 0.8 each step; the numerical one agrees closely
    for k in 0..=20 {
        let row = numbers_after(&out, &format!("{k} "));
        let want = [0.8_f64.powi(k), -2.0 * 0.8_f64.powi(k)];
        assert!(
            (row[0] - want[0]).abs() < 1e-9 && (row[1] - want[1]).abs() < 1e-9,
            "step {k}: {row:?} vs {want:?}"
        );
    }
    let o = dlfs(&["section", "4.4.1", "--steps", "21"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("..."), "{}", stdout(&o));
}

#[test]
fn the_differences_take_h_and_x() {
    let o = dlfs(&["section", "4.3.1", "--h", "1e-6", "--x", "5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let f = |x: f64| 0.01 * x * x + 0.1 * x;
    let (x, h) = (5.0, 1e-6);
    let fwd = numbers_after(&out, "forward (f(x+h) - f(x)) / h");
    assert_eq!(fwd[0], (f(x + h) - f(x)) / h, "{out}");
    assert!(
        (fwd[1] - 0.01 * h).abs() < 1e-9,
        "forward error ≈ 0.01 h: {out}"
    );
    let cen = numbers_after(&out, "central (f(x+h) - f(x-h)) / 2h");
    assert_eq!(cen[0], (f(x + h) - f(x - h)) / (2.0 * h), "{out}");
    assert_eq!(numbers_after(&out, "exact 0.02x + 0.1"), [0.2]);

    let o = dlfs(&["section", "4.3.2", "--x", "-20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let slope = numbers_after(&out, "numerical_diff(function_1, x)")[0];
    assert!((slope - (0.02 * -20.0 + 0.1)).abs() < 1e-9, "{out}");
}

#[test]
fn bad_section_flags_fail_with_one_line_naming_the_flag() {
    let cases: [(&[&str], &str, &str); 10] = [
        (&["4.2.1", "--lr", "0.5"], "--lr", "4.4.1"),
        (&["4.4", "--steps", "3"], "--steps", "4.4.1"),
        (&["4.4.1", "--h", "1e-6"], "--h", "4.3.1"),
        (&["4.4.1", "--lr", "fast"], "--lr", "finite number"),
        (&["4.4.1", "--lr", "NaN"], "--lr", "finite number"),
        (&["4.3.1", "--x", "inf"], "--x", "finite number"),
        (&["4.4.1", "--steps", "0"], "--steps", "whole number"),
        (&["4.4.1", "--steps", "-2"], "--steps", "whole number"),
        (&["4.4.1", "--init", "1"], "--init", "two finite numbers"),
        (&["4.3.1", "--h", "0"], "--h", "other than 0"),
    ];
    for (args, flag, expected) in cases {
        let o = dlfs(&[&["section"], args].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?} is a usage error");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "one line for {args:?}: {err}");
        assert!(
            err.contains(flag) && err.contains(expected),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&o).is_empty(), "nothing printed for {args:?}");
    }
}

//! The built binary, run as a user runs it: good ids, prefix ids and bad ids.

use std::process::{Command, Output};

fn dlfs(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .args(args)
        .output()
        .expect("the binary runs")
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
    assert_eq!(heads, ["4.4", "4.4.1", "4.4.2"]);
    let all = stdout(&dlfs(&["section", "4"]));
    for id in [
        "4.2.1", "4.2.2", "4.2.4", "4.3.1", "4.3.2", "4.3.3", "4.4", "4.4.1", "4.4.2",
    ] {
        assert!(
            all.lines().any(|l| l.starts_with(&format!("{id} "))),
            "section 4 runs {id}"
        );
    }
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
    assert_eq!(text.lines().count(), dlfs::sections::SECTIONS.len());
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

//! The data commands as a user runs them: `train`, `data fetch` (against a
//! local HTTP server on 127.0.0.1, never the internet), and the data sections.
//! Tests that need MNIST use `data/mnist`; with CI=true a missing copy fails.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mnist")
}

/// Whether MNIST is in data/mnist. Missing: a loud failure in CI, a note elsewhere.
fn have_data() -> bool {
    let ok = dlfs::common::mnist::FILES
        .iter()
        .all(|(name, _)| data_dir().join(name).exists());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but MNIST is missing from {}: .ci/run must link it there",
            data_dir().display()
        );
        eprintln!("MNIST not in {}: skipping (not CI)", data_dir().display());
    }
    ok
}

fn dlfs(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .current_dir(cwd)
        .env_remove("DLFS_DATA")
        .env_remove("DLFS_MNIST_URL")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn train_repeats_bit_for_bit_and_writes_its_log() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = data_dir();
    let args = |log: &str| {
        vec![
            "train".to_string(),
            "--iters".into(),
            "601".into(),
            "--hidden".into(),
            "20".into(),
            "--data-dir".into(),
            d.to_string_lossy().into_owned(),
            "--log".into(),
            log.into(),
            "--figure-dir".into(),
            "figs".into(),
        ]
    };
    let run = |log: &str| {
        let a = args(log);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        dlfs(tmp.path(), &a)
    };
    let (a, b) = (run("a.csv"), run("b.csv"));
    assert!(a.status.success(), "{}", text(&a.stderr));
    let out = text(&a.stdout);
    assert_eq!(
        out.replace("a.csv", "b.csv"),
        text(&b.stdout),
        "same seed, same output"
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("train acc, test acc"))
        .collect();
    assert_eq!(rows.len(), 2, "evaluations at iterations 0 and 600: {out}");
    let log_a = std::fs::read(tmp.path().join("a.csv")).unwrap();
    assert_eq!(log_a, std::fs::read(tmp.path().join("b.csv")).unwrap());
    let log = text(&log_a);
    assert_eq!(log.lines().count(), 1 + 601);
    assert!(log.starts_with("run,iter,loss,train_acc,test_acc\n"));
    // a different seed is a different run
    let mut c = args("c.csv");
    c.extend(["--seed".to_string(), "1".into()]);
    let c: Vec<&str> = c.iter().map(String::as_str).collect();
    let c = dlfs(tmp.path(), &c);
    assert_ne!(text(&c.stdout).replace("c.csv", "a.csv"), out);
}

#[test]
fn comparing_settings_prints_one_table() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = data_dir();
    let o = dlfs(
        tmp.path(),
        &[
            "train",
            "--iters",
            "30",
            "--hidden",
            "5,20",
            "--data-dir",
            d.to_str().unwrap(),
            "--figure-dir",
            "figs",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("hidden=5: ") && out.contains("hidden=20: "),
        "{out}"
    );
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("run "))
        .take_while(|l| !l.starts_with("figure:"))
        .collect();
    assert_eq!(table.len(), 3, "header and one row per setting: {out}");
    assert!(table[1].starts_with("hidden=5") && table[2].starts_with("hidden=20"));
    assert!(tmp.path().join("figs/4.5.3-compare-hidden.png").exists());
}

#[test]
fn seeds_give_each_setting_a_mean_and_sd_over_its_runs() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = data_dir();
    let o = dlfs(
        tmp.path(),
        &[
            "train",
            "--iters",
            "61",
            "--batch",
            "1000",
            "--hidden",
            "5,20",
            "--seeds",
            "0-1,7",
            "--data-dir",
            d.to_str().unwrap(),
            "--figure-dir",
            "figs",
            "--log",
            "runs.csv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    // every setting from every seed, in order
    let heads: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(": iters 61 "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        heads,
        [
            "hidden=5 seed=0",
            "hidden=5 seed=1",
            "hidden=5 seed=7",
            "hidden=20 seed=0",
            "hidden=20 seed=1",
            "hidden=20 seed=7"
        ],
        "{out}"
    );
    // each run's last test accuracy, from its evaluation rows (iterations 0 and 60)
    let mut last = Vec::new();
    for l in out.lines() {
        if l.contains(": iters 61 ") {
            last.push(f64::NAN);
        } else if let Some(row) = l.strip_prefix("  epoch ") {
            let acc: f64 = row.rsplit(", ").next().unwrap().trim().parse().unwrap();
            *last.last_mut().unwrap() = acc;
        }
    }
    assert_eq!(last.len(), 6);
    // mean and sample sd recomputed here, checked against the printed table
    for (k, setting) in ["hidden=5", "hidden=20"].iter().enumerate() {
        let a = &last[3 * k..3 * k + 3];
        let mean = a.iter().sum::<f64>() / 3.0;
        let sd = (a.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 2.0).sqrt();
        let row = out
            .lines()
            .find(|l| l.starts_with(setting) && l.contains(" ± ") && !l.contains("seed="))
            .unwrap_or_else(|| panic!("a summary row for {setting}: {out}"));
        let want = format!("{mean:.4} ± {sd:.4}");
        assert!(
            row.trim_end().ends_with(&want),
            "{row} should end with {want}"
        );
        assert!(row.contains("    3 "), "three seeds: {row}");
    }
    assert!(
        out.contains("hidden=20 - hidden=5: "),
        "the difference line: {out}"
    );
    assert!(tmp.path().join("figs/4.5.5-hidden-over-seeds.png").exists());
    // the log: a header, then 61 rows per run labelled with setting and seed
    let log = std::fs::read_to_string(tmp.path().join("runs.csv")).unwrap();
    let mut lines = log.lines();
    assert_eq!(lines.next(), Some("run,iter,loss,train_acc,test_acc"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 6 * 61);
    assert!(rows[61].starts_with("hidden=5 seed=1,0,"), "{}", rows[61]);
    assert!(rows[6 * 61 - 1].starts_with("hidden=20 seed=7,60,"));
}

#[test]
fn bad_seed_lists_fail_with_one_line_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    for (list, expected) in [
        ("4-0", "a range from low to high"),
        ("a", "whole numbers"),
        ("", "whole numbers"),
        ("0,,2", "whole numbers"),
        ("-1", "whole numbers"),
        ("1,0-2", "each seed once"),
        ("0-99999", "at most 1000 seeds"),
    ] {
        let o = dlfs(
            tmp.path(),
            &[
                "train",
                &format!("--seeds={list}"),
                "--data-dir",
                "/nonexistent/mnist",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "--seeds {list:?}");
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "one line for {list:?}: {err}");
        assert!(
            err.contains("--seeds") && err.contains(expected) && err.contains(&format!("'{list}'")),
            "{list:?}: {err}"
        );
        assert!(text(&o.stdout).is_empty());
    }
    // one seed or many, not both
    let o = dlfs(tmp.path(), &["train", "--seed", "1", "--seeds", "0-4"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--seeds"));
}

#[test]
fn bad_train_flags_fail_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        vec!["train", "--hidden", "10,20", "--lr", "0.1,0.2"],
        vec!["train", "--batch", "0", "--iters", "1"],
        vec!["train", "--data-dir", "/nonexistent/mnist"],
        vec!["train", "--lr=-1", "--iters", "1"],
    ] {
        let o = dlfs(tmp.path(), &args);
        assert!(!o.status.success(), "{args:?} must fail");
        let err = text(&o.stderr);
        let last = err.lines().last().unwrap_or("");
        assert!(last.starts_with("error: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = dlfs(tmp.path(), &["train", "--data-dir", "/nonexistent/mnist"]);
    let err = text(&o.stderr);
    assert!(
        err.contains("/nonexistent/mnist") && err.contains("data fetch"),
        "{err}"
    );
    let o = dlfs(tmp.path(), &["train", "--grad", "adam"]);
    assert!(!o.status.success() && text(&o.stderr).contains("'adam'"));
    let o = dlfs(tmp.path(), &["train", "--precision", "f16"]);
    assert!(!o.status.success() && text(&o.stderr).contains("'f16'"));
}

#[test]
fn single_precision_and_a_diverging_learning_rate_from_the_command_line() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = data_dir().to_string_lossy().into_owned();
    let base = [
        "train",
        "--iters",
        "601",
        "--hidden",
        "20",
        "--data-dir",
        &d,
    ];
    let mut args = base.to_vec();
    args.extend(["--precision", "f32", "--figure-dir", "figs"]);
    let o = dlfs(tmp.path(), &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("precision F32"), "{out}");
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("train acc, test acc"))
            .count(),
        2
    );
    // the loss overflows: one error line naming the learning rate, no figures
    let mut args = base.to_vec();
    args.extend(["--lr", "1e308", "--figure-dir", "diverged"]);
    let o = dlfs(tmp.path(), &args);
    assert!(!o.status.success());
    let err = text(&o.stderr);
    let last = err.lines().last().unwrap_or("");
    assert!(
        last.starts_with("error: training diverged at iteration") && last.contains("1e+308"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!tmp.path().join("diverged").exists());
    // the learning rate is printed the way it was typed, not as 309 digits
    assert!(
        text(&o.stdout).starts_with("hidden=20 lr=1e+308 batch=100:"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn the_data_sections_run_with_the_data() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let o = dlfs(tmp.path(), &["section", "4.1", "--figure-dir", "figs"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("first training labels: [5 0 4 1 9 2 1 3 1 4]"),
        "{out}"
    );
    assert!(
        out.contains("first test labels:     [7 2 1 0 4 1 4 9 5 9]"),
        "{out}"
    );
    assert!(tmp.path().join("figs/4.1-mnist-samples.png").exists());
    // $DLFS_DATA is used when --data-dir is not given
    let o = Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .current_dir(tmp.path())
        .env("DLFS_DATA", tmp.path().join("elsewhere"))
        .args(["section", "4.2.3"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = text(&o.stdout);
    assert!(
        out.contains("elsewhere") && out.contains("data not found"),
        "{out}"
    );
}

// ---------------------------------------------------------------- data fetch

/// A tiny HTTP server on 127.0.0.1: `/good/NAME` serves the real file from
/// data/mnist, `/badsum/NAME` the right length of wrong bytes, `/cut/NAME`
/// promises 1000 bytes and sends 10, anything else is a 404.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    reader.read_line(&mut request).unwrap();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = request.split(' ').nth(1).unwrap_or("/").to_string();
    let parts: Vec<&str> = path.trim_start_matches('/').splitn(2, '/').collect();
    let file = data_dir().join(parts.get(1).unwrap_or(&""));
    let ok = |stream: &mut TcpStream, len: usize| {
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
        )
    };
    let _ = match parts[0] {
        "good" if file.is_file() => {
            let bytes = std::fs::read(&file).unwrap();
            ok(&mut stream, bytes.len()).and_then(|_| stream.write_all(&bytes))
        }
        "badsum" => ok(&mut stream, 64).and_then(|_| stream.write_all(&[7u8; 64])),
        // the first file, then 404s
        "first" if file.is_file() && path.ends_with(dlfs::common::mnist::FILES[0].0) => {
            let bytes = std::fs::read(&file).unwrap();
            ok(&mut stream, bytes.len()).and_then(|_| stream.write_all(&bytes))
        }
        // a redirect to itself
        "loop" => write!(
            stream,
            "HTTP/1.1 302 Found\r\nLocation: {path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        // the real file in pieces, slowly (two fetches overlap)
        "slow" if file.is_file() => {
            let bytes = std::fs::read(&file).unwrap();
            ok(&mut stream, bytes.len()).and_then(|_| {
                for piece in bytes.chunks(256 << 10) {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    stream.write_all(piece)?;
                }
                Ok(())
            })
        }
        "cut" => ok(&mut stream, 1000).and_then(|_| stream.write_all(&[1u8; 10])),
        _ => write!(
            stream,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    };
    let _ = stream.flush();
}

fn fetch(dir: &Path, base: &str) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    dlfs(
        tmp.path(),
        &[
            "data",
            "fetch",
            "--data-dir",
            dir.to_str().unwrap(),
            "--base-url",
            base,
        ],
    )
}

/// The files in a folder (hidden `.part` files included).
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn fetch_downloads_verifies_and_keeps_the_cache() {
    if !have_data() {
        return;
    }
    let base = serve();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mnist");
    let o = fetch(&dir, &format!("{base}/good"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(out.matches("checksum ok").count(), 4, "{out}");
    for (name, _) in dlfs::common::mnist::FILES {
        assert_eq!(
            std::fs::read(dir.join(name)).unwrap(),
            std::fs::read(data_dir().join(name)).unwrap()
        );
    }
    // a second fetch, even from a server that only says 404, keeps the files
    let o = fetch(&dir, &format!("{base}/nothing"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).matches("already here").count(), 4);
    assert_eq!(listing(&dir).len(), 4);
}

#[test]
fn fetch_failures_name_the_problem_and_write_nothing() {
    let base = serve();
    for (prefix, expect) in [
        ("badsum", "SHA-256 of the file on disk is"),
        ("cut", "cut off after 10 of 1000 bytes"),
        ("missing", "HTTP 404"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("mnist");
        let o = fetch(&dir, &format!("{base}/{prefix}"));
        assert!(!o.status.success(), "{prefix} must fail");
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{prefix}: one line: {err}");
        assert!(err.contains(expect), "{prefix}: {err}");
        assert!(err.contains("train-images-idx3-ubyte.gz"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            listing(&dir).is_empty(),
            "{prefix}: nothing written: {:?}",
            listing(&dir)
        );
    }
}

#[test]
fn fetch_offline_says_so_and_where_to_put_the_files() {
    // a port with nobody listening: bind, note the port, close
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mnist");
    let o = fetch(&dir, &format!("http://127.0.0.1:{port}"));
    assert!(!o.status.success());
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("offline") && err.contains(dir.to_str().unwrap()),
        "{err}"
    );
}

#[test]
fn fetch_names_bad_urls_redirect_loops_and_what_was_already_written() {
    let base = serve();
    let port = base.rsplit(':').next().unwrap().to_string();
    for (url, want) in [
        (
            format!("ftp://127.0.0.1:{port}"),
            "the scheme 'ftp' is not supported",
        ),
        ("http://127.0.0.1:99999".to_string(), "the port '99999'"),
        (format!("{base}/loop"), "redirects in a loop"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("mnist");
        let o = fetch(&dir, &url);
        assert!(!o.status.success(), "{url} must fail");
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{url}: one line: {err}");
        assert!(
            err.contains(want) && !err.contains("offline"),
            "{url}: {err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
    }
    if !have_data() {
        return;
    }
    // the first file arrives, the second is missing: say which file is kept
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mnist");
    let o = fetch(&dir, &format!("{base}/first"));
    let err = text(&o.stderr);
    assert!(!o.status.success() && err.contains("HTTP 404"), "{err}");
    assert!(!err.contains("nothing was written"), "{err}");
    assert!(
        err.contains("train-images-idx3-ubyte.gz written and checked, kept"),
        "{err}"
    );
    assert_eq!(listing(&dir), ["train-images-idx3-ubyte.gz"]);
}

#[test]
fn two_fetches_into_one_folder_both_end_with_the_right_files() {
    if !have_data() {
        return;
    }
    let base = serve();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mnist");
    std::fs::create_dir(&dir).unwrap();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_dlfs"))
            .env_remove("DLFS_DATA")
            .args(["data", "fetch", "--data-dir", dir.to_str().unwrap()])
            .args(["--base-url", &format!("{base}/slow")])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    for (name, _) in dlfs::common::mnist::FILES {
        assert_eq!(
            std::fs::read(dir.join(name)).unwrap(),
            std::fs::read(data_dir().join(name)).unwrap(),
            "{name}"
        );
    }
    assert_eq!(listing(&dir).len(), 4, "{:?}", listing(&dir));
}

#[test]
fn settings_that_would_exhaust_memory_or_never_end_fail_with_one_line() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for (args, want) in [
        (
            vec!["train", "--hidden", "100000000"],
            "smaller hidden or batch size",
        ),
        (
            vec!["train", "--grad", "numerical", "--iters", "100000000000"],
            "at most 100000000",
        ),
        (vec!["train", "--iters", "10000000000"], "80.0 GB"),
    ] {
        let o = dlfs(tmp.path(), &args);
        assert!(!o.status.success(), "{args:?} must fail");
        let err = text(&o.stderr);
        let last = err.lines().last().unwrap_or("");
        assert!(
            last.starts_with("error: ") && last.contains(want),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_killed_run_leaves_a_valid_log_of_what_it_did() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("run.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .current_dir(tmp.path())
        .env_remove("DLFS_DATA")
        .args(["train", "--iters", "100000", "--data-dir"])
        .arg(data_dir())
        .arg("--log")
        .arg(&log)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // wait for the second evaluation row (iteration 600), then kill the run
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut rows = 0;
    while rows < 2 {
        let line = lines.next().expect("the run prints its rows").unwrap();
        rows += usize::from(line.trim_start().starts_with("epoch"));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let csv = std::fs::read_to_string(&log).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "run,iter,loss,train_acc,test_acc");
    assert!(
        rows.len() > 601,
        "at least the first 601 iterations: {}",
        rows.len()
    );
    assert!(csv.ends_with('\n'), "whole rows only");
    for (i, row) in rows[1..].iter().enumerate() {
        let f: Vec<&str> = row.split(',').collect();
        assert_eq!(f.len(), 5, "{row}");
        assert_eq!(f[1], i.to_string(), "{row}");
        assert!(f[2].parse::<f64>().is_ok(), "{row}");
        assert_eq!(!f[3].is_empty(), i % 600 == 0, "{row}");
    }
}

#[test]
fn a_diverging_run_keeps_the_rows_before_it_failed() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let o = dlfs(
        tmp.path(),
        &[
            "train",
            "--iters",
            "50",
            "--lr",
            "1e308",
            "--log",
            "d.csv",
            "--data-dir",
            data_dir().to_str().unwrap(),
        ],
    );
    let err = text(&o.stderr);
    assert!(
        !o.status.success() && err.contains("diverged at iteration"),
        "{err}"
    );
    let at: usize = err
        .split("diverged at iteration ")
        .nth(1)
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .expect("the iteration");
    let csv = std::fs::read_to_string(tmp.path().join("d.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + at,
        "the header and iterations 0..{at}: {csv}"
    );
    assert!(
        csv.starts_with("run,iter,loss,train_acc,test_acc\n"),
        "{csv}"
    );
}

#[test]
fn bench_checks_its_python_before_any_work() {
    if !have_data() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let o = dlfs(
        tmp.path(),
        &[
            "bench",
            "--python",
            "/nonexistent/python3",
            "--repeat",
            "1",
            "--data-dir",
            data_dir().to_str().unwrap(),
        ],
    );
    let err = text(&o.stderr);
    assert!(
        !o.status.success() && err.contains("/nonexistent/python3"),
        "{err}"
    );
    assert_eq!(text(&o.stdout), "", "nothing was timed");
}

#[test]
fn csv_data_problems_name_the_file_and_dataset_mixups_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let px = vec!["0"; 784].join(",");
    std::fs::write(tmp.path().join("mnist_train.csv"), format!("3,{px}\n")).unwrap();
    std::fs::write(tmp.path().join("mnist_test.csv"), format!("label,{px}\n")).unwrap();
    let o = dlfs(
        tmp.path(),
        &[
            "train",
            "--iters",
            "1",
            "--data-dir",
            tmp.path().to_str().unwrap(),
        ],
    );
    let err = text(&o.stderr);
    assert!(
        !o.status.success() && err.contains("mnist_test.csv") && err.contains("no images"),
        "{err}"
    );
    // $DLFS_DATA names MNIST's folder; Fashion-MNIST is not looked for there
    if have_data() {
        let o = Command::new(env!("CARGO_BIN_EXE_dlfs"))
            .current_dir(tmp.path())
            .env("DLFS_DATA", data_dir())
            .args(["train", "--iters", "1", "--dataset", "fashion"])
            .output()
            .unwrap();
        let err = text(&o.stderr);
        assert!(!o.status.success(), "must not train on digits: {err}");
        assert!(
            !err.contains(data_dir().to_str().unwrap()) || err.contains("not Fashion-MNIST"),
            "{err}"
        );
    }
    // the hint names the folder given
    let o = dlfs(tmp.path(), &["train", "--data-dir", "/nonexistent/here"]);
    let err = text(&o.stderr);
    assert!(
        err.contains("data fetch --data-dir '/nonexistent/here'"),
        "{err}"
    );
}

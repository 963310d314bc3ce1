//! The book's 4.5 run with NumPy's stream (`--rng numpy`) against the book's
//! Python itself: `tests/fixtures/numpy_train_seed0.txt` holds the evaluation
//! lines of `python3 bench/numpy_train.py --data data/mnist --seed 0`.

mod common;

use dlfs::common::mnist::DataSource;
use dlfs::common::numpy::py_repr;
use dlfs::common::random::RngKind;
use dlfs::engine::train::Precision;
use dlfs::sections::book_run_cached;

/// (epoch, iter, train_acc, test_acc) as the Python printed them.
fn numpy_rows() -> Vec<(usize, usize, String, String)> {
    let unwrap = |s: &str| {
        s.trim_start_matches("np.float64(")
            .trim_end_matches(')')
            .to_string()
    };
    include_str!("fixtures/numpy_train_seed0.txt")
        .lines()
        .filter(|l| l.starts_with("epoch "))
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            // epoch E iter I train_acc A test_acc B
            (
                w[1].parse().unwrap(),
                w[3].parse().unwrap(),
                unwrap(w[5]),
                unwrap(w[7]),
            )
        })
        .collect()
}

#[test]
fn all_34_accuracies_of_the_books_run_are_numpys() {
    if !common::have_mnist() {
        return;
    }
    let want = numpy_rows();
    assert_eq!(want.len(), 17);
    let r = book_run_cached(&DataSource::default(), Precision::F64, RngKind::NumPy).unwrap();
    let got: Vec<(usize, usize, String, String)> = r
        .epochs
        .iter()
        .map(|e| (e.epoch, e.iter, py_repr(e.train_acc), py_repr(e.test_acc)))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_seed_numpy_would_refuse_is_refused_in_one_line() {
    if !common::have_mnist() {
        return;
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .args([
            "train",
            "--rng",
            "numpy",
            "--seed",
            "4294967296",
            "--iters",
            "1",
        ])
        .args(["--no-figures"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines().any(|l| l
            == "error: NumPy's seed must be between 0 and 2**32 - 1 (4294967295), got 4294967296"),
        "{err}"
    );
    assert!(out.stdout.is_empty() || !String::from_utf8_lossy(&out.stdout).contains("epoch"));
}

#[test]
fn section_4_2_3_with_numpys_stream_prints_the_pythons_indices() {
    if !common::have_mnist() {
        return;
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dlfs"))
        .args(["section", "4.2.3", "--rng", "numpy", "--no-figures"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // np.random.seed(0); np.random.choice(60000, 10)
    assert!(
        text.contains(
            "with replacement) = [2732, 43567, 42613, 52416, 45891, 21243, 30403, 32103, 41993, 57043]"
        ),
        "{text}"
    );
}

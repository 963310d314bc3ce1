//! How the tests talk to you. Every check returns `Ok(())` or a [`Failure`] that
//! says what was expected, what came back and where in the book to look, and
//! [`run`] turns a `todo!()` into a short "not done yet" instead of a crash dump.
//!
//! You do not need to change anything here.

use std::cell::{Cell, RefCell};
use std::fmt::Display;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use ndarray::{Array, Dimension};

/// One exercise: the function you write, the section of the book that explains
/// it, and the file where its stub waits for you.
pub struct Exercise {
    pub name: &'static str,
    pub section: &'static str,
    pub file: &'static str,
    /// The task in a line, repeated when the exercise is not done yet.
    pub task: &'static str,
}

/// Why a check did not pass: the case it tried, what it wanted, what it got,
/// and a hint about the usual mistake behind such an answer.
#[derive(Debug)]
pub struct Failure {
    pub case: String,
    pub expected: String,
    pub got: String,
    pub hint: String,
}

/// What a check returns.
pub type Outcome = Result<(), Failure>;

/// A failed check, spelled out.
pub fn fail(case: &str, expected: impl Display, got: impl Display, hint: &str) -> Outcome {
    Err(Failure {
        case: case.to_string(),
        expected: expected.to_string(),
        got: got.to_string(),
        hint: hint.to_string(),
    })
}

/// Passes when `ok` holds.
pub fn ensure(
    ok: bool,
    case: &str,
    expected: impl Display,
    got: impl Display,
    hint: &str,
) -> Outcome {
    if ok {
        Ok(())
    } else {
        fail(case, expected, got, hint)
    }
}

/// `got` within `epsilon` of `want` (an absolute tolerance).
pub fn close(case: &str, got: f64, want: f64, epsilon: f64, hint: &str) -> Outcome {
    ensure(
        approx::abs_diff_eq!(got, want, epsilon = epsilon),
        case,
        format!("{want:?} (± {epsilon:e})"),
        format!("{got:?}"),
        hint,
    )
}

/// `got` within a relative tolerance of `want`, for numbers far from 1.
pub fn close_rel(case: &str, got: f64, want: f64, max_relative: f64, hint: &str) -> Outcome {
    ensure(
        approx::relative_eq!(got, want, epsilon = 0.0, max_relative = max_relative),
        case,
        format!("{want:?} (± {max_relative:e} relative)"),
        format!("{got:?}"),
        hint,
    )
}

/// Two arrays of the same shape whose elements agree within `epsilon`.
pub fn close_array<D: Dimension>(
    case: &str,
    got: &Array<f64, D>,
    want: &Array<f64, D>,
    epsilon: f64,
    hint: &str,
) -> Outcome {
    if got.shape() != want.shape() {
        return fail(
            case,
            format!("an array of shape {:?}", want.shape()),
            format!("an array of shape {:?}: {got}", got.shape()),
            hint,
        );
    }
    ensure(
        approx::abs_diff_eq!(got, want, epsilon = epsilon),
        case,
        format!("{want} (± {epsilon:e} each)"),
        got,
        hint,
    )
}

/// Two arrays of the same shape whose elements agree within a relative tolerance.
pub fn close_array_rel<D: Dimension>(
    case: &str,
    got: &Array<f64, D>,
    want: &Array<f64, D>,
    max_relative: f64,
    hint: &str,
) -> Outcome {
    let same = got.shape() == want.shape()
        && got
            .iter()
            .zip(want)
            .all(|(&g, &w)| approx::relative_eq!(g, w, epsilon = 0.0, max_relative = max_relative));
    ensure(
        same,
        case,
        format!("{want} (± {max_relative:e} relative each)"),
        got,
        hint,
    )
}

thread_local! {
    /// Set while a check runs, so the panic hook stays quiet and remembers where.
    static CHECKING: Cell<bool> = const { Cell::new(false) };
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Our reports start with one of these; the hook prints them without the
/// "thread '...' panicked at" preamble.
const REPORT_PREFIXES: [&str; 2] = ["not done yet:", "wrong:"];

fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CHECKING.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                PANIC_AT.with(|p| *p.borrow_mut() = at);
            } else if let Some(msg) = info.payload_as_str()
                && REPORT_PREFIXES.iter().any(|p| msg.starts_with(p))
            {
                eprintln!("{msg}");
            } else {
                default(info);
            }
        }));
    });
}

/// Runs a check quietly: its outcome, or the message and place of the panic it raised.
fn catch(check: impl FnOnce() -> Outcome) -> Result<Outcome, (String, Option<String>)> {
    install_quiet_hook();
    CHECKING.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(check));
    CHECKING.with(|c| c.set(false));
    result.map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(a panic without a message)".to_string());
        (msg, PANIC_AT.with(|p| p.borrow_mut().take()))
    })
}

/// Runs one check of exercise `ex` and fails the test with a readable report
/// unless it passes.
pub fn run(ex: &Exercise, check: impl FnOnce() -> Outcome) {
    let report = match catch(check) {
        Ok(Ok(())) => return,
        Ok(Err(f)) => wrong(ex, &f),
        Err((msg, at)) if msg.starts_with("not yet implemented") => not_done(ex, at),
        Err((msg, at)) => crashed(ex, &msg, at),
    };
    panic!("{report}");
}

/// Whether a check turns an answer down (with a failure or a panic). The tests
/// use it to prove that the usual wrong answers do not pass.
pub fn rejects(check: impl FnOnce() -> Outcome) -> bool {
    !matches!(catch(check), Ok(Ok(())))
}

fn heading(ex: &Exercise) -> String {
    format!(
        "`{}` (section {}, exercises/{})",
        ex.name, ex.section, ex.file
    )
}

fn not_done(ex: &Exercise, at: Option<String>) -> String {
    let at = at.map(|a| format!(" at {a}")).unwrap_or_default();
    format!(
        "not done yet: {}\n  its todo!() was reached{at}.\n  task: {}\n  Replace the todo!() with your code (section {} of the book explains it), then run `cargo test` again.",
        heading(ex),
        ex.task,
        ex.section
    )
}

fn wrong(ex: &Exercise, f: &Failure) -> String {
    let indent = |s: &str| s.replace('\n', "\n            ");
    format!(
        "wrong: {}\n  case:     {}\n  expected: {}\n  got:      {}\n  hint:     {} (section {})",
        heading(ex),
        f.case,
        indent(&f.expected),
        indent(&f.got),
        f.hint,
        ex.section
    )
}

fn crashed(ex: &Exercise, msg: &str, at: Option<String>) -> String {
    let at = at.map(|a| format!(" at {a}")).unwrap_or_default();
    format!(
        "wrong: {}\n  it panicked{at}: {msg}\n  hint:     a panic usually means a shape mismatch or an index out of range; compare your shapes with section {}.",
        heading(ex),
        ex.section
    )
}

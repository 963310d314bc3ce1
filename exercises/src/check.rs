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

/// One exercise: its stub file, its function, the section of the book that
/// explains it, and its task in a line. The one list of them is
/// [`dlfs::registry::EXERCISES`]; the tests look theirs up with [`exercise`].
pub use dlfs::registry::Exercise;

/// The exercise `name` of the stub file `file` (`"s4_2"` is `src/s4_2.rs`), from
/// the one list, [`dlfs::registry::EXERCISES`].
pub fn exercise(file: &str, name: &str) -> &'static Exercise {
    dlfs::registry::EXERCISES
        .iter()
        .find(|e| e.file == file && e.name == name)
        .unwrap_or_else(|| panic!("{file}::{name} is not in dlfs::registry::EXERCISES"))
}

/// Whether the messages speak Korean: `DLFS_LANG=ko` or `DLFS_LANG=en` decides;
/// without it, a locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) that starts with `ko` does.
pub fn korean() -> bool {
    if let Some(ko) = LANG_OVERRIDE.with(Cell::get) {
        return ko;
    }
    korean_from(|k| std::env::var(k).ok())
}

/// [`korean`] for the environment `var` gives.
pub fn korean_from(var: impl Fn(&str) -> Option<String>) -> bool {
    let var = |k: &str| var(k).filter(|v| !v.is_empty());
    if let Some(v) = var("DLFS_LANG") {
        return v.to_ascii_lowercase().starts_with("ko");
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| var(k))
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("ko"))
}

thread_local! {
    static LANG_OVERRIDE: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Runs `f` with the messages in Korean (`true`) or English (`false`) on this
/// thread, whatever the environment says; the tests of the hints use it.
pub fn with_korean<R>(ko: bool, f: impl FnOnce() -> R) -> R {
    let old = LANG_OVERRIDE.with(|l| l.replace(Some(ko)));
    let r = f();
    LANG_OVERRIDE.with(|l| l.set(old));
    r
}

/// The English or the Korean text, as [`korean`] chooses.
pub fn tr(en: impl Into<String>, ko: impl Into<String>) -> String {
    if korean() { ko.into() } else { en.into() }
}

/// Prints a note beside a passing check, straight to the terminal (the test
/// harness hides what passing tests print with `println!`).
pub fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// The floating-point note for a right answer whose last digits differ from the
/// book's: the mathematics is right, the order of the arithmetic is another one.
pub fn float_note(ex: &Exercise, case: &str, got: impl Display, book: impl Display, why: &str) {
    note(&format!(
        "{} `{}` ({}): {case}\n  {}: {book}\n  {}: {got}\n  {why}",
        tr("floating point:", "floating point (부동소수점):"),
        ex.name,
        ex.file,
        tr("the book's digits", "책의 숫자"),
        tr("yours            ", "여러분의 숫자"),
    ));
}

/// A known mistake: the value it gives and what to tell the student who made it.
pub struct Mistake<T> {
    pub gives: T,
    pub says: String,
    /// How near (relatively) an answer must be to `gives` to count as this mistake.
    pub within: f64,
}

/// A mistake that gives `gives` (to a relative 1e-9), explained by `says`.
pub fn mistake<T>(gives: T, says: String) -> Mistake<T> {
    Mistake {
        gives,
        says,
        within: 1e-9,
    }
}

impl<T> Mistake<T> {
    /// The same mistake, recognised within a looser relative tolerance (for
    /// values whose rounding grows along the way, like a run that climbs).
    pub fn roughly(self, within: f64) -> Self {
        Mistake { within, ..self }
    }
}

fn near(a: f64, b: f64, epsilon: f64, within: f64) -> bool {
    (a - b).abs() <= epsilon.max(within * b.abs()) || (a.is_nan() && b.is_nan())
}

/// The hint for a wrong `got`: the mistake it matches, or, when it matches
/// none, what was expected and where to read (no guessing).
fn diagnose(
    matches: impl Fn(usize) -> bool,
    mistakes: &[Mistake<impl Sized>],
    otherwise: &str,
) -> String {
    match (0..mistakes.len()).find(|&i| matches(i)) {
        Some(i) => mistakes[i].says.clone(),
        None => otherwise.to_string(),
    }
}

/// Like [`close`], and when `got` is wrong, the hint names the known mistake it
/// matches, or says `otherwise` when it matches none.
pub fn close_or(
    case: &str,
    got: f64,
    want: f64,
    epsilon: f64,
    mistakes: &[Mistake<f64>],
    otherwise: &str,
) -> Outcome {
    if approx::abs_diff_eq!(got, want, epsilon = epsilon) {
        return Ok(());
    }
    let hint = diagnose(
        |i| near(got, mistakes[i].gives, epsilon, mistakes[i].within),
        mistakes,
        otherwise,
    );
    fail(
        case,
        format!("{want:?} (± {epsilon:e})"),
        format!("{got:?}"),
        &hint,
    )
}

/// Like [`close_array`], with the hint of [`close_or`].
pub fn close_array_or<D: Dimension>(
    case: &str,
    got: &Array<f64, D>,
    want: &Array<f64, D>,
    epsilon: f64,
    mistakes: &[Mistake<Array<f64, D>>],
    otherwise: &str,
) -> Outcome {
    if got.shape() != want.shape() {
        return fail(
            case,
            tr(
                format!("an array of shape {:?}", want.shape()),
                format!("모양(shape)이 {:?}인 배열", want.shape()),
            ),
            tr(
                format!("an array of shape {:?}: {got}", got.shape()),
                format!("모양이 {:?}인 배열: {got}", got.shape()),
            ),
            &shape_hint(got.shape(), want.shape()),
        );
    }
    if approx::abs_diff_eq!(got, want, epsilon = epsilon) {
        return Ok(());
    }
    let same = |a: &Array<f64, D>, b: &Array<f64, D>, eps: f64, within: f64| {
        a.shape() == b.shape() && a.iter().zip(b).all(|(&x, &y)| near(x, y, eps, within))
    };
    let hint = diagnose(
        |i| same(got, &mistakes[i].gives, epsilon, mistakes[i].within),
        mistakes,
        otherwise,
    );
    fail(case, format!("{want} (± {epsilon:e})"), got, &hint)
}

/// What to say about an array of the wrong shape.
fn shape_hint(got: &[usize], want: &[usize]) -> String {
    let swapped = got.len() == 2 && want.len() == 2 && got[0] == want[1] && got[1] == want[0];
    tr(
        format!(
            "the shape is wrong: {got:?} instead of {want:?}{}",
            if swapped {
                " (transposed? rows and columns swapped)"
            } else {
                ""
            }
        ),
        format!(
            "모양(shape)이 틀렸습니다: {got:?}가 아니라 {want:?}여야 합니다{}",
            if swapped {
                " (전치? 행과 열이 바뀜)"
            } else {
                ""
            }
        ),
    )
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

thread_local! {
    /// Set while a check runs, so the panic hook stays quiet and remembers where.
    static CHECKING: Cell<bool> = const { Cell::new(false) };
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Our reports start with one of these; the hook prints them without the
/// "thread '...' panicked at" preamble.
const REPORT_PREFIXES: [&str; 2] = ["not done yet:", "wrong:"];

/// A panic's message when it is a string (as `PanicHookInfo::payload_as_str`,
/// which needs Rust 1.91; the project supports 1.88).
fn payload_str(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

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
            } else if let Some(msg) = payload_str(info.payload())
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

/// The hint a check gives an answer ("" when it passes; the panic message when
/// it panics). The tests use it to prove that a hint names the mistake made.
pub fn hint_for(check: impl FnOnce() -> Outcome) -> String {
    match catch(check) {
        Ok(Ok(())) => String::new(),
        Ok(Err(f)) => f.hint,
        Err((msg, _)) => msg,
    }
}

/// Whether a check turns an answer down (with a failure or a panic). The tests
/// use it to prove that the usual wrong answers do not pass.
pub fn rejects(check: impl FnOnce() -> Outcome) -> bool {
    !matches!(catch(check), Ok(Ok(())))
}

fn heading(ex: &Exercise) -> String {
    format!(
        "`{}` (section {}, exercises/src/{}.rs)",
        ex.name, ex.section, ex.file
    )
}

fn not_done(ex: &Exercise, at: Option<String>) -> String {
    let at = at.map(|a| format!(" ({a})")).unwrap_or_default();
    format!(
        "not done yet: {}\n  {}{at}.\n  {} {}\n  {}",
        heading(ex),
        tr("its todo!() was reached", "todo!()에 도달했습니다"),
        tr("task:", "과제:"),
        if korean() { ex.task_ko } else { ex.task },
        tr(
            format!(
                "Replace the todo!() with your code (section {} of the book explains it), then run `cargo test` again.",
                ex.section
            ),
            format!(
                "todo!()를 여러분의 코드로 바꾸고(책의 {}절에 설명이 있습니다) `cargo test`를 다시 실행하세요.",
                ex.section
            ),
        ),
    )
}

fn wrong(ex: &Exercise, f: &Failure) -> String {
    let indent = |s: &str| s.replace('\n', "\n            ");
    let (case, expected, got, hint, place) = if korean() {
        (
            "경우:   ",
            "기대값: ",
            "결과:   ",
            "힌트:   ",
            format!("{}절", ex.section),
        )
    } else {
        (
            "case:    ",
            "expected:",
            "got:     ",
            "hint:    ",
            format!("section {}", ex.section),
        )
    };
    format!(
        "wrong: {}\n  {case} {}\n  {expected} {}\n  {got} {}\n  {hint} {} ({place})",
        heading(ex),
        f.case,
        indent(&f.expected),
        indent(&f.got),
        f.hint,
    )
}

fn crashed(ex: &Exercise, msg: &str, at: Option<String>) -> String {
    let at = at.map(|a| format!(" ({a})")).unwrap_or_default();
    format!(
        "wrong: {}\n  {}{at}: {msg}\n  {}",
        heading(ex),
        tr("it panicked", "패닉이 났습니다"),
        tr(
            format!(
                "hint:     a panic usually means a shape mismatch or an index out of range; compare your shapes with section {}.",
                ex.section
            ),
            format!(
                "힌트:     패닉은 대개 배열 모양이 맞지 않거나 인덱스가 범위를 벗어났다는 뜻입니다. {}절의 모양과 비교해 보세요.",
                ex.section
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_language_comes_from_dlfs_lang_then_the_locale() {
        assert!(!korean_from(env(&[])));
        assert!(korean_from(env(&[("LANG", "ko_KR.UTF-8")])));
        assert!(korean_from(env(&[
            ("LC_ALL", "ko_KR.UTF-8"),
            ("LANG", "en_US.UTF-8")
        ])));
        assert!(!korean_from(env(&[
            ("LC_ALL", "C"),
            ("LANG", "ko_KR.UTF-8")
        ])));
        assert!(korean_from(env(&[
            ("DLFS_LANG", "ko"),
            ("LANG", "en_US.UTF-8")
        ])));
        assert!(!korean_from(env(&[
            ("DLFS_LANG", "en"),
            ("LANG", "ko_KR.UTF-8")
        ])));
        assert!(korean_from(env(&[("LC_ALL", ""), ("LANG", "ko_KR.UTF-8")])));
    }

    #[test]
    fn reports_speak_either_language() {
        let ex = exercise("s4_2", "mean_squared_error");
        let f = Failure {
            case: "c".into(),
            expected: "1".into(),
            got: "2".into(),
            hint: tr("h", "힌트"),
        };
        let en = with_korean(false, || wrong(ex, &f));
        assert!(
            en.starts_with("wrong: `mean_squared_error`") && en.contains("expected: 1"),
            "{en}"
        );
        let ko = with_korean(true, || wrong(ex, &f));
        assert!(
            ko.starts_with("wrong: `mean_squared_error`")
                && ko.contains("기대값:")
                && ko.contains("(4.2.1절)"),
            "{ko}"
        );
        let ko = with_korean(true, || not_done(ex, None));
        assert!(ko.starts_with("not done yet: `mean_squared_error`"), "{ko}");
        assert!(
            ko.contains("todo!()를") && ko.contains(&format!("과제: {}", ex.task_ko)),
            "{ko}"
        );
        let en = with_korean(false, || not_done(ex, None));
        assert!(en.contains(&format!("task: {}", ex.task)), "{en}");
        assert_eq!(with_korean(true, || tr("a", "가")), "가");
        assert_eq!(with_korean(false, || tr("a", "가")), "a");
    }

    #[test]
    fn a_wrong_answer_gets_the_hint_of_the_mistake_it_matches() {
        let m = [mistake(2.0, "twice".to_string())];
        assert_eq!(
            hint_for(|| close_or("c", 2.0, 1.0, 1e-9, &m, "other")),
            "twice"
        );
        assert_eq!(
            hint_for(|| close_or("c", 3.0, 1.0, 1e-9, &m, "other")),
            "other"
        );
        assert_eq!(hint_for(|| close_or("c", 1.0, 1.0, 1e-9, &m, "other")), "");
    }
}

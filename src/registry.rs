//! The registry: one table that names everything about each book section, and
//! the one list of exercises. The command line, the snapshot test, the figure
//! test, the book test and the exercises' progress view all read it, and
//! `tests/registry.rs` fails when the tree and the table disagree.
//!
//! From a section's id (`4.4.1`) follow, without searching:
//!
//! | what | where |
//! | --- | --- |
//! | its demonstration | `src/sections/s4_4_1.rs` |
//! | its locked output | `snapshots/4.4.1.snap` |
//! | its page | `book/src/` + [`Section::page`] |
//! | its figures | `book/src/figures/` + each of [`Section::figures`] + `.png` |
//! | its exercises | the rows of [`EXERCISES`] with that section |

use std::path::PathBuf;
use std::str::FromStr;

use crate::common::mnist::DataSource;
use crate::error::{Error, Result};
use crate::sections::{self, Ctx, Params, Value};

/// One book section.
pub struct Section {
    /// The book's numbering: `4.4.1`.
    pub id: &'static str,
    /// The title, with the Korean edition's term.
    pub title: &'static str,
    /// Its page in the book, relative to `book/src/`.
    pub page: &'static str,
    /// Whether it reads MNIST (without the data it prints how to get it).
    pub needs_data: bool,
    /// The figures it draws, by file name without `.png`.
    pub figures: &'static [&'static str],
    /// What `dlfs section ID` runs.
    pub run: fn(&mut Ctx) -> Result<()>,
}

impl Section {
    /// `src/sections/s4_4_1.rs` for 4.4.1: the file of its demonstration.
    pub fn source_file(&self) -> String {
        format!("src/sections/s{}.rs", self.id.replace('.', "_"))
    }

    /// `snapshots/4.4.1.snap`: its locked output.
    pub fn snapshot_file(&self) -> String {
        format!("snapshots/{}.snap", self.id)
    }

    /// The exercises on this section.
    pub fn exercises(&self) -> impl Iterator<Item = &'static Exercise> + '_ {
        EXERCISES.iter().filter(move |e| e.section == self.id)
    }
}

/// The chapter's sections, in book order.
pub static SECTIONS: &[Section] = &[
    Section {
        id: "4.1",
        title: "Learning from data: MNIST (데이터에서 학습한다)",
        page: "ch04/4.1.md",
        needs_data: true,
        figures: &["4.1-mnist-samples"],
        run: sections::s4_1::run,
    },
    Section {
        id: "4.1.2",
        title: "Overfitting, seen: 300 training images (오버피팅)",
        page: "ch04/4.1.md",
        needs_data: true,
        figures: &["4.1.2-overfitting"],
        run: sections::s4_1_2::run,
    },
    Section {
        id: "4.2.1",
        title: "Sum of squares error (오차제곱합)",
        page: "ch04/4.2.md",
        needs_data: false,
        figures: &[],
        run: sections::s4_2_1::run,
    },
    Section {
        id: "4.2.2",
        title: "Cross-entropy error (교차 엔트로피 오차)",
        page: "ch04/4.2.md",
        needs_data: false,
        figures: &["4.2.2-log"],
        run: sections::s4_2_2::run,
    },
    Section {
        id: "4.2.3",
        title: "Mini-batch learning (미니배치 학습)",
        page: "ch04/4.2.md",
        needs_data: true,
        figures: &[],
        run: sections::s4_2_3::run,
    },
    Section {
        id: "4.2.4",
        title: "Cross-entropy for a mini-batch (배치용 교차 엔트로피 오차)",
        page: "ch04/4.2.md",
        needs_data: false,
        figures: &[],
        run: sections::s4_2_4::run,
    },
    Section {
        id: "4.2.5",
        title: "Why a loss function, not accuracy (왜 손실 함수를 설정하는가?)",
        page: "ch04/4.2.md",
        needs_data: false,
        figures: &["4.2.5-loss-vs-accuracy", "4.2.5-step-vs-sigmoid"],
        run: sections::s4_2_5::run,
    },
    Section {
        id: "4.3.1",
        title: "Derivatives (미분): why h = 1e-50 fails",
        page: "ch04/4.3.md",
        needs_data: false,
        figures: &["4.3.1-forward-vs-central", "4.3.1-error-vs-h"],
        run: sections::s4_3_1::run,
    },
    Section {
        id: "4.3.2",
        title: "A numerical derivative (수치 미분의 예)",
        page: "ch04/4.3.md",
        needs_data: false,
        figures: &["4.3.2-fig4-6-function", "4.3.2-fig4-7-tangents"],
        run: sections::s4_3_2::run,
    },
    Section {
        id: "4.3.3",
        title: "Partial derivatives (편미분)",
        page: "ch04/4.3.md",
        needs_data: false,
        figures: &["4.3.3-fig4-8-surface"],
        run: sections::s4_3_3::run,
    },
    Section {
        id: "4.4",
        title: "The gradient (기울기)",
        page: "ch04/4.4.md",
        needs_data: false,
        figures: &["4.4-fig4-9-gradient-field"],
        run: sections::s4_4::run,
    },
    Section {
        id: "4.4.1",
        title: "Gradient descent (경사 하강법)",
        page: "ch04/4.4.md",
        needs_data: false,
        figures: &[
            "4.4.1-fig4-10-descent-path",
            "4.4.1-learning-rates",
            "4.4.1-convergence",
        ],
        run: sections::s4_4_1::run,
    },
    Section {
        id: "4.4.2",
        title: "The gradient of a neural network (신경망에서의 기울기)",
        page: "ch04/4.4.md",
        needs_data: false,
        figures: &[],
        run: sections::s4_4_2::run,
    },
    Section {
        id: "4.4.3",
        title: "Local minima, saddle points, plateaus (극솟값, 안장점, 고원)",
        page: "ch04/4.4.md",
        needs_data: false,
        figures: &[
            "4.4.3-saddle",
            "4.4.3-zigzag",
            "4.4.3-local-minimum",
            "4.4.3-plateau",
        ],
        run: sections::s4_4_3::run,
    },
    Section {
        id: "4.5.1",
        title: "A two-layer network class (2층 신경망 클래스 구현하기)",
        page: "ch04/4.5.md",
        needs_data: true,
        figures: &[],
        run: sections::s4_5_1::run,
    },
    Section {
        id: "4.5.2",
        title: "Mini-batch training (미니배치 학습 구현하기)",
        page: "ch04/4.5.md",
        needs_data: true,
        figures: &["4.5.2-fig4-11-loss"],
        run: sections::s4_5_2::run,
    },
    Section {
        id: "4.5.3",
        title: "Evaluating with test data (시험 데이터로 평가하기)",
        page: "ch04/4.5.md",
        needs_data: true,
        figures: &["4.5.3-fig4-12-accuracy"],
        run: sections::s4_5_3::run,
    },
    Section {
        id: "4.5.4",
        title: "The numerical gradient, computed locally (수치 미분의 국소성)",
        page: "ch04/4.5.md",
        needs_data: true,
        figures: &["4.5.4-numerical-vs-backprop"],
        run: sections::s4_5_4::run,
    },
    Section {
        id: "4.5.5",
        title: "Comparing settings over seeds (시드별 비교)",
        page: "ch04/4.5.md",
        needs_data: true,
        figures: &["4.5.5-hidden-over-seeds"],
        run: sections::s4_5_5::run,
    },
];

/// One exercise: the stub file it lives in (`s4_2` is `exercises/src/s4_2.rs`,
/// checked by `exercises/tests/s4_2.rs`), its function's name, its book section
/// and its task in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exercise {
    pub file: &'static str,
    pub name: &'static str,
    pub section: &'static str,
    pub task: &'static str,
    /// The same task in Korean (the exercises speak it with `DLFS_LANG=ko`).
    pub task_ko: &'static str,
}

const fn ex(
    file: &'static str,
    name: &'static str,
    section: &'static str,
    task: &'static str,
    task_ko: &'static str,
) -> Exercise {
    Exercise {
        file,
        name,
        section,
        task,
        task_ko,
    }
}

/// Every exercise, in book order: the one list (like rustlings' `info.toml`).
pub static EXERCISES: &[Exercise] = &[
    ex(
        "s4_2",
        "mean_squared_error",
        "4.2.1",
        "E = ½ Σ_k (y_k − t_k)² for an output y and a one-hot label t.",
        "출력 y와 원-핫 레이블 t에 대해 E = ½ Σ_k (y_k − t_k)².",
    ),
    ex(
        "s4_2",
        "cross_entropy_error",
        "4.2.2",
        "E = −Σ_k t_k log(y_k + δ) with δ = 1e-7.",
        "δ = 1e-7로 E = −Σ_k t_k log(y_k + δ).",
    ),
    ex(
        "s4_2",
        "cross_entropy_error_batch",
        "4.2.4",
        "E = −(1/N) Σ_n Σ_k t_nk log(y_nk + δ) over the N rows of a mini-batch.",
        "미니배치의 N개 행에 대해 E = −(1/N) Σ_n Σ_k t_nk log(y_nk + δ).",
    ),
    ex(
        "s4_2",
        "cross_entropy_error_labels",
        "4.2.4",
        "E = −(1/N) Σ_n log(y[n, t_n] + δ) with class-number labels t.",
        "클래스 번호 레이블 t로 E = −(1/N) Σ_n log(y[n, t_n] + δ).",
    ),
    ex(
        "s4_3",
        "numerical_diff",
        "4.3.1",
        "the central difference (f(x + h) − f(x − h)) / 2h with h = 1e-4.",
        "h = 1e-4인 중심 차분 (f(x + h) − f(x − h)) / 2h.",
    ),
    ex(
        "s4_3",
        "function_1",
        "4.3.2",
        "y = 0.01x² + 0.1x.",
        "y = 0.01x² + 0.1x.",
    ),
    ex(
        "s4_3",
        "function_2",
        "4.3.3",
        "f(x0, x1) = x0² + x1².",
        "f(x0, x1) = x0² + x1².",
    ),
    ex(
        "s4_3",
        "best_h",
        "4.3.1",
        "find it out: the h whose central difference of sin at 1 is nearest cos(1).",
        "알아내기: 1에서 sin의 중심 차분이 cos(1)에 가장 가까워지는 h.",
    ),
    ex(
        "s4_4",
        "numerical_gradient",
        "4.4",
        "the central difference along every element of x, restoring each element after use.",
        "x의 모든 원소에 대한 중심 차분, 쓴 원소는 매번 복원.",
    ),
    ex(
        "s4_4",
        "gradient_descent",
        "4.4.1",
        "step_num times x ← x − lr ∇f(x); return the final x and every point visited.",
        "x ← x − lr ∇f(x)를 step_num번; 마지막 x와 지나간 모든 점을 돌려줌.",
    ),
    ex(
        "s4_4",
        "largest_converging_lr",
        "4.4.1",
        "find it out: the largest learning rate that still converges on x0² + x1².",
        "알아내기: x0² + x1²에서 아직 수렴하는 가장 큰 학습률.",
    ),
    ex(
        "s4_4_2",
        "predict",
        "4.4.2",
        "simpleNet's scores p = x · W (no softmax).",
        "simpleNet의 점수 p = x · W (softmax 없음).",
    ),
    ex(
        "s4_4_2",
        "loss",
        "4.4.2",
        "simpleNet's loss: cross_entropy_error(softmax(x · W), t).",
        "simpleNet의 손실: cross_entropy_error(softmax(x · W), t).",
    ),
    ex(
        "s4_4_2",
        "numerical_gradient",
        "4.4.2",
        "dL/dW for simpleNet, a 2x3 array, leaving net.w as it was.",
        "simpleNet의 dL/dW (2x3 배열), net.w는 그대로.",
    ),
    ex(
        "s4_4_2",
        "step_downhill",
        "4.4.2",
        "find it out: one gradient-descent step on net.w; return the loss before and after.",
        "알아내기: net.w에 경사 하강법 한 걸음; 이전과 이후의 손실을 돌려줌.",
    ),
    ex(
        "s4_5",
        "predict",
        "4.5.1",
        "y = softmax(sigmoid(x · W1 + b1) · W2 + b2), softmax along each row.",
        "y = softmax(sigmoid(x · W1 + b1) · W2 + b2), 각 행에 softmax.",
    ),
    ex(
        "s4_5",
        "loss",
        "4.5.1",
        "the mini-batch cross-entropy of predict(x) against t, averaged over the rows.",
        "predict(x)와 t의 미니배치 교차 엔트로피, 행 평균.",
    ),
    ex(
        "s4_5",
        "accuracy",
        "4.5.1",
        "the share of rows whose argmax of y equals the argmax of t.",
        "y의 argmax와 t의 argmax가 같은 행의 비율.",
    ),
    ex(
        "s4_5",
        "numerical_gradient",
        "4.5.1",
        "the numerical gradient of the loss for W1, b1, W2 and b2, leaving the net as it was.",
        "W1, b1, W2, b2에 대한 손실의 수치 기울기, 넷은 그대로.",
    ),
    ex(
        "s4_5",
        "sgd_step",
        "4.5.2",
        "p ← p − lr · grad for each of W1, b1, W2, b2.",
        "W1, b1, W2, b2 각각 p ← p − lr · grad.",
    ),
    ex(
        "s4_5",
        "sample_sd",
        "4.5.5",
        "np.std(a, ddof=1): the spread of one setting's accuracies over its seeds.",
        "np.std(a, ddof=1): 한 설정의 정확도가 시드에 따라 퍼진 정도.",
    ),
];

/// What a section flag's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A finite number: `0.5`, `-3`, `1e-6`.
    Number,
    /// A finite number other than 0 (a step h of 0 divides by 0).
    NonZero,
    /// A whole number of steps, from 1 to [`MAX_STEPS`].
    Steps,
    /// Two finite numbers, comma-separated: `-3,4`.
    Pair,
}

/// The most steps `--steps` accepts (a million steps of the 2-element
/// numerical gradient take well under a second).
pub const MAX_STEPS: usize = 1_000_000;

impl ValueKind {
    /// What the value must be, for the error line.
    fn expected(self) -> String {
        match self {
            ValueKind::Number => "a finite number such as 0.5".into(),
            ValueKind::NonZero => "a finite number other than 0, such as 1e-6".into(),
            ValueKind::Steps => format!("a whole number of steps from 1 to {MAX_STEPS}"),
            ValueKind::Pair => "two finite numbers x0,x1 such as -3,4".into(),
        }
    }

    /// The value shown in `--help`.
    pub fn value_name(self) -> &'static str {
        match self {
            ValueKind::Number | ValueKind::NonZero => "NUMBER",
            ValueKind::Steps => "N",
            ValueKind::Pair => "X0,X1",
        }
    }

    fn parse(self, text: &str) -> Option<Value> {
        let number = |t: &str| t.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        match self {
            ValueKind::Number => number(text).map(Value::Number),
            ValueKind::NonZero => number(text).filter(|&v| v != 0.0).map(Value::Number),
            ValueKind::Steps => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_STEPS).contains(n))
                .map(Value::Steps),
            ValueKind::Pair => match text.split(',').collect::<Vec<_>>()[..] {
                [a, b] => Some(Value::Pair([number(a)?, number(b)?])),
                _ => None,
            },
        }
    }
}

/// One flag of `dlfs section ID`: the section it belongs to, its long name
/// (`lr` is `--lr`), what its value must be, and its help.
pub struct Flag {
    pub section: &'static str,
    pub name: &'static str,
    pub kind: ValueKind,
    pub help: &'static str,
}

/// Every section flag: the one list the command line, `--help` and the check
/// read. Without flags a section prints the book's run (its snapshot); with
/// any of its flags it runs that experiment instead.
pub static FLAGS: &[Flag] = &[
    Flag {
        section: "4.3.1",
        name: "h",
        kind: ValueKind::NonZero,
        help: "4.3.1: the step h of the forward and central differences [default: 1e-4]",
    },
    Flag {
        section: "4.3.1",
        name: "x",
        kind: ValueKind::Number,
        help: "4.3.1, 4.3.2: the point x at which function_1 is differentiated [default: 5]",
    },
    Flag {
        section: "4.3.2",
        name: "x",
        kind: ValueKind::Number,
        help: "4.3.1, 4.3.2: the point x at which function_1 is differentiated [default: 5]",
    },
    Flag {
        section: "4.4.1",
        name: "lr",
        kind: ValueKind::Number,
        help: "4.4.1: the learning rate of gradient descent on function_2 [default: 0.1]",
    },
    Flag {
        section: "4.4.1",
        name: "init",
        kind: ValueKind::Pair,
        help: "4.4.1: the start point x0,x1 of gradient descent [default: -3,4]",
    },
    Flag {
        section: "4.4.1",
        name: "steps",
        kind: ValueKind::Steps,
        help: "4.4.1: the number of gradient-descent steps [default: 100]",
    },
];

/// Checks the flags given to `dlfs section ID` (as long name and text, in the
/// order given): each must belong to the section `id` names exactly, and its
/// value must be of its kind. The first bad one is the error, one line that
/// names the flag and what was expected.
pub fn check_flags(id: &SectionId, given: &[(String, String)]) -> Result<Params> {
    let mut params = Params::default();
    for (name, text) in given {
        let owners: Vec<&Flag> = FLAGS.iter().filter(|f| f.name == name).collect();
        let Some(flag) = owners.iter().find(|f| f.section == id.as_str()) else {
            let sections: Vec<&str> = owners.iter().map(|f| f.section).collect();
            return Err(Error::BadFlag(format!(
                "--{name} is a flag of section{} {}, not of '{}'",
                if sections.len() > 1 { "s" } else { "" },
                sections.join(" and "),
                id.as_str()
            )));
        };
        let value = flag.kind.parse(text).ok_or_else(|| {
            Error::BadFlag(format!(
                "--{name} expects {}, got '{text}'",
                flag.kind.expected()
            ))
        })?;
        params.push(flag.name, value);
    }
    Ok(params)
}

/// The section with this exact id.
pub fn section(id: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.id == id)
}

/// A section id given on the command line: an exact id ("4.4.1") or a chapter or
/// section prefix ("4", "4.4") that stands for every section under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionId(String);

impl SectionId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The sections this id selects, in book order.
    pub fn sections(&self) -> Vec<&'static Section> {
        SECTIONS.iter().filter(|s| covers(&self.0, s.id)).collect()
    }
}

/// Whether `id` is `section` itself or one of its parents ("4.4" covers "4.4.1").
fn covers(id: &str, section: &str) -> bool {
    section == id
        || section
            .strip_prefix(id)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Every id the CLI accepts: each section and each parent of one.
pub fn valid_ids() -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for s in SECTIONS {
        let parts: Vec<&str> = s.id.split('.').collect();
        for n in 1..=parts.len() {
            let id = parts[..n].join(".");
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

impl FromStr for SectionId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let id = s.trim();
        if !id.is_empty() && SECTIONS.iter().any(|sec| covers(id, sec.id)) {
            Ok(SectionId(id.to_string()))
        } else {
            Err(Error::UnknownSection {
                id: s.to_string(),
                valid: valid_ids().join(", "),
            })
        }
    }
}

/// Runs every section `id` selects, one after another, with a heading for each.
pub fn run(id: &SectionId, ctx: &mut Ctx) -> Result<()> {
    for (i, section) in id.sections().into_iter().enumerate() {
        if i > 0 {
            writeln!(ctx.out)?;
        }
        run_one(section, ctx)?;
    }
    Ok(())
}

/// What [`write_all_figures`] did: the files written, in book order, and the
/// registered figures it could not draw (those of the sections that need MNIST,
/// when the data is missing).
pub struct Drawn {
    pub written: Vec<PathBuf>,
    pub missing: Vec<String>,
}

/// Every figure of the chapter: runs every section with its text thrown away and
/// its figures written into `dir` (created if missing). A section added to the
/// registry is in here with no more work.
pub fn write_all_figures(dir: &std::path::Path, data: &DataSource) -> Result<Drawn> {
    let mut sink = std::io::sink();
    let mut ctx = Ctx::with_figures(&mut sink, dir)?;
    ctx.data = data.clone();
    for section in SECTIONS {
        run_one(section, &mut ctx)?;
    }
    let written = ctx.written;
    let missing = SECTIONS
        .iter()
        .flat_map(|s| s.figures.iter())
        .filter(|name| {
            !written
                .iter()
                .any(|p| p.file_stem().is_some_and(|f| f == **name))
        })
        .map(|name| format!("{name}.png"))
        .collect();
    Ok(Drawn { written, missing })
}

/// One section: its heading, then its demonstration.
pub fn run_one(section: &Section, ctx: &mut Ctx) -> Result<()> {
    let heading = format!("{} {}", section.id, section.title);
    writeln!(ctx.out, "{heading}")?;
    writeln!(ctx.out, "{}", "=".repeat(display_width(&heading)))?;
    (section.run)(ctx)
}

/// Columns a terminal gives the text: a Hangul syllable or letter takes two.
fn display_width(s: &str) -> usize {
    let wide = |c: char| matches!(c, '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' | '\u{ac00}'..='\u{d7af}');
    s.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_data_sections_need_the_data() {
        let missing = crate::common::mnist::DataSource {
            dir: PathBuf::from("/nonexistent/mnist"),
            dataset: crate::common::mnist::Dataset::Mnist,
        };
        let line = missing.missing_message();
        for section in SECTIONS {
            let mut out = Vec::new();
            let mut ctx = Ctx::text_only(&mut out);
            ctx.data = missing.clone();
            run_one(section, &mut ctx).expect("runs without the data");
            let text = String::from_utf8(out).unwrap();
            assert_eq!(
                text.contains(&line),
                section.needs_data,
                "{}: the registry's needs_data must mark exactly the sections that read MNIST",
                section.id
            );
        }
    }

    #[test]
    fn prefixes_select_their_subsections() {
        let ids = |s: &str| {
            s.parse::<SectionId>()
                .unwrap()
                .sections()
                .iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("4.4"), ["4.4", "4.4.1", "4.4.2", "4.4.3"]);
        assert_eq!(ids("4.4.1"), ["4.4.1"]);
        assert_eq!(ids("4").len(), SECTIONS.len());
    }

    #[test]
    fn bad_ids_are_rejected() {
        for bad in ["4.9", "four", "", "4.4.", "4.44", "44"] {
            assert!(
                bad.parse::<SectionId>().is_err(),
                "{bad:?} should be rejected"
            );
        }
    }
}

//! What `dlfs section ID` prints: one file per book section, named after its id
//! (`s4_4_1.rs` is section 4.4.1). The library code they call lives in the
//! modules named after the book's topics; these files only demonstrate it.

use std::io::Write;
use std::path::PathBuf;
use std::str::FromStr;

use crate::error::{Error, Result};

mod s4_1;
mod s4_2_1;
mod s4_2_2;
mod s4_2_3;
mod s4_2_4;
mod s4_2_5;
mod s4_3_1;
mod s4_3_2;
mod s4_3_3;
mod s4_4;
mod s4_4_1;
mod s4_4_2;
mod s4_5_1;
pub mod s4_5_2;
pub mod s4_5_3;

/// Where a section writes: its text, and (when asked) its figures.
pub struct Ctx<'a> {
    pub out: &'a mut dyn Write,
    /// The folder for the section's figures; `None` draws nothing.
    pub figure_dir: Option<PathBuf>,
    /// Every figure written through this context, in order.
    pub written: Vec<PathBuf>,
    /// Where the sections that need MNIST (4.1, 4.2.3, 4.5.x) find it.
    pub data: crate::mnist::DataSource,
}

impl<'a> Ctx<'a> {
    /// A context that prints to `out` and draws no figures.
    pub fn text_only(out: &'a mut dyn Write) -> Self {
        Ctx {
            out,
            figure_dir: None,
            written: Vec::new(),
            data: crate::mnist::DataSource::default(),
        }
    }

    /// A context that prints to `out` and writes figures into `dir`, which it
    /// creates now (with its parents), so a bad folder fails before any output.
    pub fn with_figures(out: &'a mut dyn Write, dir: impl Into<PathBuf>) -> Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        Ok(Ctx {
            out,
            figure_dir: Some(dir),
            written: Vec::new(),
            data: crate::mnist::DataSource::default(),
        })
    }

    /// Draws one figure with the house style (see [`crate::plot`]) and saves it
    /// atomically as `<figure_dir>/<name>.png`, then prints `figure: <path>`.
    /// Names start with the section id: `4.4.1-descent-path`. Without a
    /// `figure_dir` (text-only runs, the snapshot tests) it draws nothing.
    pub fn figure(
        &mut self,
        name: &str,
        draw: impl FnOnce(&crate::plot::Area) -> crate::plot::DrawResult,
    ) -> Result<()> {
        let Some(dir) = &self.figure_dir else {
            return Ok(());
        };
        let path = dir.join(format!("{name}.png"));
        crate::plot::save_png(&path, draw)?;
        writeln!(self.out, "figure: {}", path.display())?;
        self.written.push(path);
        Ok(())
    }
}

/// One book section: its id, its title, and the demonstration it runs.
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub run: fn(&mut Ctx) -> Result<()>,
}

/// The chapter's sections, in book order.
pub static SECTIONS: &[Section] = &[
    Section {
        id: "4.1",
        title: "Learning from data: MNIST (데이터에서 학습한다)",
        run: s4_1::run,
    },
    Section {
        id: "4.2.1",
        title: "Sum of squares error (오차제곱합)",
        run: s4_2_1::run,
    },
    Section {
        id: "4.2.2",
        title: "Cross-entropy error (교차 엔트로피 오차)",
        run: s4_2_2::run,
    },
    Section {
        id: "4.2.3",
        title: "Mini-batch learning (미니배치 학습)",
        run: s4_2_3::run,
    },
    Section {
        id: "4.2.4",
        title: "Cross-entropy for a mini-batch (배치용 교차 엔트로피 오차)",
        run: s4_2_4::run,
    },
    Section {
        id: "4.2.5",
        title: "Why a loss function, not accuracy (왜 손실 함수를 설정하는가?)",
        run: s4_2_5::run,
    },
    Section {
        id: "4.3.1",
        title: "Derivatives (미분): why h = 1e-50 fails",
        run: s4_3_1::run,
    },
    Section {
        id: "4.3.2",
        title: "A numerical derivative (수치 미분의 예)",
        run: s4_3_2::run,
    },
    Section {
        id: "4.3.3",
        title: "Partial derivatives (편미분)",
        run: s4_3_3::run,
    },
    Section {
        id: "4.4",
        title: "The gradient (기울기)",
        run: s4_4::run,
    },
    Section {
        id: "4.4.1",
        title: "Gradient descent (경사 하강법)",
        run: s4_4_1::run,
    },
    Section {
        id: "4.4.2",
        title: "The gradient of a neural network (신경망에서의 기울기)",
        run: s4_4_2::run,
    },
    Section {
        id: "4.5.1",
        title: "A two-layer network class (2층 신경망 클래스 구현하기)",
        run: s4_5_1::run,
    },
    Section {
        id: "4.5.2",
        title: "Mini-batch training (미니배치 학습 구현하기)",
        run: s4_5_2::run,
    },
    Section {
        id: "4.5.3",
        title: "Evaluating with test data (시험 데이터로 평가하기)",
        run: s4_5_3::run,
    },
];

/// The sections that read MNIST. Without the data each prints the one line that
/// says how to get it, and the tests that compare their output skip them (or,
/// with CI=true, fail).
pub const DATA_SECTIONS: &[&str] = &["4.1", "4.2.3", "4.5.1", "4.5.2", "4.5.3"];

impl Section {
    /// Whether this section needs the MNIST data set.
    pub fn needs_data(&self) -> bool {
        DATA_SECTIONS.contains(&self.id)
    }
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

/// Every figure of the chapter: runs every section with its text thrown away and
/// its figures written into `dir` (created if missing). Returns the paths written,
/// in book order. A section added to `SECTIONS` is in here with no more work.
pub fn write_all_figures(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
    let mut sink = std::io::sink();
    let mut ctx = Ctx::with_figures(&mut sink, dir)?;
    for section in SECTIONS {
        run_one(section, &mut ctx)?;
    }
    Ok(ctx.written)
}

/// The data for the sections that need MNIST, read once per process. When it is
/// missing, prints the one line that says how to get it and returns `None`: the
/// section then ends there, and the other sections still run.
pub fn mnist_or_explain(
    ctx: &mut Ctx,
) -> Result<Option<std::sync::Arc<(crate::mnist::Mnist, crate::train::TrainData)>>> {
    if !ctx.data.is_available() {
        writeln!(ctx.out, "{}", ctx.data.missing_message())?;
        return Ok(None);
    }
    crate::train::load_cached(&ctx.data).map(Some)
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
        let missing = crate::mnist::DataSource {
            dir: PathBuf::from("/nonexistent/mnist"),
            dataset: crate::mnist::Dataset::Mnist,
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
                section.needs_data(),
                "{}: DATA_SECTIONS must list exactly the sections that read MNIST",
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
        assert_eq!(ids("4.4"), ["4.4", "4.4.1", "4.4.2"]);
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

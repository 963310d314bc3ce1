//! 4.5.5 Comparing settings over seeds: hidden sizes 10, 50 and 100, each
//! trained from seeds 0-4 (one epoch each, to keep the section quick), final
//! accuracies as mean ± sample sd, and each difference beside its standard
//! error. `dlfs train --hidden 10,50,100 --seeds 0-4` does the same for any
//! settings and length, with the same table and figure.

use plotters::prelude::*;

use super::{Ctx, mnist_or_explain};
use crate::ch04::compare::{Spread, difference, mean_sd};
use crate::ch04::train::{Epoch, TrainConfig};
use crate::engine;
use crate::engine::train::Precision;
use crate::error::Result;
use crate::plot::{self, Plot, Series};

/// The hidden sizes compared and the seeds each is trained from.
pub const HIDDEN: [usize; 3] = [10, 50, 100];
pub const SEEDS: std::ops::Range<u64> = 0..5;
/// One epoch (600 mini-batches of 100) and one: the book's loop evaluates at
/// iterations 0 and 600.
pub const ITERS: usize = 601;

/// One finished run: its setting's label, its seed, its last evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Final {
    pub setting: String,
    /// The setting's value on the figure's x axis (e.g. the hidden size).
    pub value: f64,
    pub seed: u64,
    pub train_acc: f64,
    pub test_acc: f64,
}

impl Final {
    /// The run of `setting` (x-axis value `value`) from `seed`, ending at `last`.
    pub fn of(setting: String, value: f64, seed: u64, last: &Epoch) -> Final {
        Final {
            setting,
            value,
            seed,
            train_acc: last.train_acc,
            test_acc: last.test_acc,
        }
    }
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let Some(data) = mnist_or_explain(ctx)? else {
        return Ok(());
    };
    let engine_data = engine::train::Data::new(&data.mnist);
    let mut finals = Vec::new();
    for hidden in HIDDEN {
        for seed in SEEDS {
            let cfg = TrainConfig {
                iters: ITERS,
                hidden,
                seed,
                rng: ctx.rng,
                ..TrainConfig::default()
            };
            // the engine gives the chapter loop's numbers bit for bit (engine::train's tests)
            let r = engine::train::train(&cfg, Precision::F64, &engine_data, |_, _| {}, |_| {})?;
            let last = r.epochs.last().expect("the loop evaluates at iteration 0");
            finals.push(Final::of(
                format!("hidden={hidden}"),
                hidden as f64,
                seed,
                last,
            ));
        }
    }
    let out = &mut *ctx.out;
    writeln!(
        out,
        "The two-layer net (batch 100, lr 0.1) with hidden 10, 50 and 100, each from seeds 0-4;"
    )?;
    writeln!(
        out,
        "{ITERS} iterations (one epoch), accuracy at the last evaluation (iteration 600):"
    )?;
    writeln!(out)?;
    write_summary(out, &finals)?;
    ctx.figure("4.5.5-hidden-over-seeds", |area| {
        draw_over_seeds(area, "hidden", &finals)
    })
}

/// The settings in their first-seen order, each with its runs.
fn by_setting(finals: &[Final]) -> Vec<(&str, Vec<&Final>)> {
    let mut groups: Vec<(&str, Vec<&Final>)> = Vec::new();
    for f in finals {
        match groups.iter_mut().find(|(s, _)| *s == f.setting) {
            Some((_, runs)) => runs.push(f),
            None => groups.push((&f.setting, vec![f])),
        }
    }
    groups
}

fn spread_of(runs: &[&Final], acc: impl Fn(&Final) -> f64) -> Option<Spread> {
    mean_sd(&runs.iter().map(|f| acc(f)).collect::<Vec<_>>())
}

/// The table `train --seeds` and this section print: each run's final
/// accuracies, each setting's mean ± sd over its seeds, and each setting's
/// test-accuracy difference from the one before it beside its standard error.
pub fn write_summary(out: &mut dyn std::io::Write, finals: &[Final]) -> std::io::Result<()> {
    let groups = by_setting(finals);
    let seeds: Vec<String> = groups
        .first()
        .map(|(_, runs)| {
            runs.iter()
                .map(|f| format!("{:>6}", format!("seed {}", f.seed)))
                .collect()
        })
        .unwrap_or_default();
    let width = groups
        .iter()
        .map(|(s, _)| s.len())
        .max()
        .unwrap_or(7)
        .max(7);
    writeln!(out, "test accuracy of each seed")?;
    writeln!(out, "{:<width$}  {}", "setting", seeds.join("  "))?;
    for (setting, runs) in &groups {
        let accs: Vec<String> = runs
            .iter()
            .map(|f| format!("{:>6.4}", f.test_acc))
            .collect();
        writeln!(out, "{setting:<width$}  {}", accs.join("  "))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<width$}  seeds  {:>17}  {:>17}",
        "setting", "train acc mean±sd", "test acc mean±sd"
    )?;
    let mut spreads = Vec::new();
    for (setting, runs) in &groups {
        let train = spread_of(runs, |f| f.train_acc);
        let test = spread_of(runs, |f| f.test_acc);
        let show = |s: Option<Spread>| {
            s.map_or("- (one seed)".to_string(), |s| {
                format!("{:.4} ± {:.4}", s.mean, s.sd)
            })
        };
        writeln!(
            out,
            "{setting:<width$}  {:>5}  {:>17}  {:>17}",
            runs.len(),
            show(train),
            show(test)
        )?;
        spreads.push((setting, test));
    }
    if spreads.len() > 1 {
        writeln!(out)?;
        writeln!(
            out,
            "test accuracy difference from the setting before, beside its standard error (se):"
        )?;
        for pair in spreads.windows(2) {
            let ((a_name, a), (b_name, b)) = (&pair[0], &pair[1]);
            match (a, b) {
                (Some(a), Some(b)) => {
                    let (d, se) = difference(a, b);
                    let verdict = if se == 0.0 {
                        "no spread between the seeds at all".to_string()
                    } else if d.abs() < 2.0 * se {
                        format!("{:.1} se, within what other seeds could give", d.abs() / se)
                    } else {
                        format!("{:.1} se, larger than the seeds' spread", d.abs() / se)
                    };
                    writeln!(out, "  {b_name} - {a_name}: {d:+.4}, se {se:.4}: {verdict}")?;
                }
                _ => writeln!(
                    out,
                    "  {b_name} - {a_name}: needs at least two seeds each to compare with the spread"
                )?,
            }
        }
    }
    Ok(())
}

/// One dot per seed at the setting's value, and the mean with a bar of ± one
/// sample sd beside the dots.
pub fn draw_over_seeds(area: &plot::Area, what: &str, finals: &[Final]) -> plot::DrawResult {
    let groups = by_setting(finals);
    let values: Vec<f64> = groups.iter().map(|(_, r)| r[0].value).collect();
    // Learning rates a decade or more apart (0.01, 0.1, 1) are placed by their
    // log10, as they are usually compared (a linear axis bunches them to the left).
    let (vlo, vhi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let log = what == "lr" && vlo > 0.0 && vhi / vlo >= 10.0;
    let to_u = |v: f64| if log { v.log10() } else { v };
    let (lo, hi) = (to_u(vlo), to_u(vhi));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let accs: Vec<f64> = finals.iter().map(|f| f.test_acc).collect();
    let (amin, amax) = accs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let pad = ((amax - amin) * 0.25).max(0.002);
    // dots spread a little sideways by seed so that equal accuracies stay visible
    let n_seeds = groups.iter().map(|(_, r)| r.len()).max().unwrap_or(1);
    let step = span * 0.012;
    let dots: Vec<(f64, f64)> = groups
        .iter()
        .flat_map(|(_, runs)| {
            runs.iter().enumerate().map(move |(k, f)| {
                (
                    to_u(f.value) - step * (n_seeds as f64 + 1.0) + step * k as f64,
                    f.test_acc,
                )
            })
        })
        .collect();
    let bar_x = span * 0.04;
    let means: Vec<(f64, Spread)> = groups
        .iter()
        .filter_map(|(_, runs)| {
            spread_of(runs, |f| f.test_acc).map(|s| (to_u(runs[0].value) + bar_x, s))
        })
        .collect();
    let x_label = if log {
        format!("log10({what})")
    } else {
        what.to_string()
    };
    let p = Plot::new(
        &format!("4.5.5  final test accuracy over seeds, by --{what}"),
        &x_label,
        "test accuracy",
        lo - span * 0.15..hi + span * 0.15,
        amin - pad..amax + pad,
    )
    .legend(SeriesLabelPosition::LowerRight);
    let mean_color = plot::color(1);
    plot::line_chart_with(
        area,
        &p,
        &[
            Series::points(&format!("one seed ({n_seeds} per setting)"), dots),
            Series::points(
                "mean ± sd over the seeds",
                means.iter().map(|(x, s)| (*x, s.mean)).collect(),
            )
            .color(mean_color),
        ],
        |chart| {
            let style = mean_color.stroke_width(plot::px(3));
            let cap = span * 0.012;
            for (x, s) in &means {
                let (top, bottom) = (s.mean + s.sd, s.mean - s.sd);
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(*x, bottom), (*x, top)],
                    style,
                )))?;
                for y in [top, bottom] {
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(x - cap, y), (x + cap, y)],
                        style,
                    )))?;
                }
            }
            Ok(())
        },
    )
}

//! 4.4.3 Local minima, saddle points and plateaus: gradient descent on four small
//! landscapes from the readers' start points, and gradient ascent.

use ndarray::{Array1, arr1};

use super::Ctx;
use crate::ch04::gradient::{function_2, gradient_descent, numerical_gradient};
use crate::ch04::landscape::{double_well, gradient_ascent, plateau, saddle, stretched_bowl};
use crate::common::numpy::{format_array, py_repr};
use crate::error::Result;
use crate::plot::{self, Plot, Series};

/// The start points readers ran: the book's (−3, 4) and its mirror images.
pub const STARTS: [[f64; 2]; 4] = [[-3.0, 4.0], [3.0, -4.0], [3.0, -2.0], [-3.0, 2.0]];

/// One landscape: its function, how it is descended, and from where.
pub struct Landscape {
    pub id: &'static str,
    pub name: &'static str,
    pub f: fn(&Array1<f64>) -> f64,
    pub lr: f64,
    pub steps: usize,
    pub starts: &'static [[f64; 2]],
}

/// The saddle adds two starts on and next to its ridge x1 = 0.
pub const SADDLE_STARTS: [[f64; 2]; 6] = [
    [-3.0, 4.0],
    [3.0, -4.0],
    [3.0, -2.0],
    [-3.0, 2.0],
    [3.0, 0.0],
    [3.0, 1e-6],
];

pub const LANDSCAPES: [Landscape; 4] = [
    Landscape {
        id: "saddle",
        name: "saddle f = x0² − x1²",
        f: saddle,
        lr: 0.1,
        steps: 100,
        starts: &SADDLE_STARTS,
    },
    Landscape {
        id: "zigzag",
        name: "stretched bowl f = x0²/20 + x1²",
        f: stretched_bowl,
        lr: 0.9,
        steps: 100,
        starts: &STARTS,
    },
    Landscape {
        id: "local-minimum",
        name: "two valleys f = (x0² − 4)²/16 + x0/2 + x1²",
        f: double_well,
        lr: 0.1,
        steps: 100,
        starts: &STARTS,
    },
    Landscape {
        id: "plateau",
        name: "plateau f = 1 − exp(−(x0² + x1²)/3)",
        f: plateau,
        lr: 1.0,
        steps: 1000,
        starts: &STARTS,
    },
];

/// The first step at which `hit` holds for the point visited, if any.
fn first_step(path: &[Array1<f64>], hit: impl Fn(&Array1<f64>) -> bool) -> Option<usize> {
    path.iter().position(hit)
}

/// The angle in degrees between −∇f at x and the straight line from x to `goal`:
/// 0 when the way down points at the minimum.
pub fn angle_to(f: fn(&Array1<f64>) -> f64, x: &Array1<f64>, goal: [f64; 2]) -> f64 {
    let g = numerical_gradient(f, &mut x.clone());
    let (dx, dy) = (-g[0], -g[1]);
    let (tx, ty) = (goal[0] - x[0], goal[1] - x[1]);
    let cos = (dx * tx + dy * ty) / (dx.hypot(dy) * tx.hypot(ty));
    cos.clamp(-1.0, 1.0).acos().to_degrees()
}

/// |∇f| at x.
fn slope(f: fn(&Array1<f64>) -> f64, x: &Array1<f64>) -> f64 {
    let g = numerical_gradient(f, &mut x.clone());
    g[0].hypot(g[1])
}

/// What the path did, in a few words (measured, not assumed).
fn verdict(l: &Landscape, path: &[Array1<f64>]) -> String {
    let f = l.f;
    let end = path.last().expect("a path has its start");
    match l.id {
        "saddle" => {
            if path.iter().all(|p| p[1] == 0.0) {
                format!(
                    "stays on the ridge x1 = 0 and stops at the saddle point; |grad| = {:.1e}",
                    slope(f, end)
                )
            } else {
                match first_step(path, |p| p[1].abs() > 10.0) {
                    Some(k) => format!("escapes along x1: |x1| > 10 at step {k}"),
                    None => "still near the saddle".to_string(),
                }
            }
        }
        "zigzag" => {
            let done = first_step(path, |p| f(p) < 1e-4);
            let upto = done.unwrap_or(path.len() - 1);
            let flips = path[..=upto]
                .windows(2)
                .filter(|w| w[0][1] * w[1][1] < 0.0)
                .count();
            let angle = angle_to(f, &path[0], [0.0, 0.0]);
            match done {
                Some(k) => format!(
                    "f < 1e-4 at step {k} after {flips} zig-zags; -grad at the start is {angle:.0}° off (0, 0)"
                ),
                None => format!("{flips} zig-zags, not yet down"),
            }
        }
        "local-minimum" => {
            let which = if end[0] > 0.54 {
                "the local minimum (극솟값)"
            } else {
                "the global minimum"
            };
            format!("settles in {which}; |grad| = {:.1e}", slope(f, end))
        }
        _ => {
            let s0 = slope(f, &path[0]);
            match first_step(path, |p| f(p) < 0.5) {
                Some(k) => format!("|grad| at the start {s0:.1e}; f < 0.5 only at step {k}"),
                None => format!("|grad| at the start {s0:.1e}; still on the plateau"),
            }
        }
    }
}

/// A start point as the table prints it: (-3, 4), (3, 1e-6).
fn start_label(p: [f64; 2]) -> String {
    let num = |v: f64| {
        if v.fract() == 0.0 {
            format!("{}", v as i64)
        } else {
            py_repr(v)
        }
    };
    format!("({}, {})", num(p[0]), num(p[1]))
}

/// f at the end, short: 6 decimals, or 3 significant digits when very large or small.
fn short(v: f64) -> String {
    if v == 0.0 || (1e-3..1e4).contains(&v.abs()) {
        format!("{v:.6}")
    } else {
        format!("{v:.3e}")
    }
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let out = &mut *ctx.out;
    writeln!(
        out,
        "gradient_descent (4.4.1) on four landscapes, from the start points readers ran."
    )?;
    // ANCHOR: table
    for l in &LANDSCAPES {
        writeln!(out)?;
        writeln!(out, "{}, lr = {}, {} steps", l.name, py_repr(l.lr), l.steps)?;
        writeln!(
            out,
            "  {:<13} {:<34} {:<12} what happened",
            "start", "end", "f at end"
        )?;
        for &s in l.starts {
            let (x, path) = gradient_descent(l.f, &arr1(&s), l.lr, l.steps);
            writeln!(
                out,
                "  {:<13} {:<34} {:<12} {}",
                start_label(s),
                format_array(&x),
                short((l.f)(&x)),
                verdict(l, &path)
            )?;
        }
    }
    // ANCHOR_END: table
    writeln!(out)?;
    writeln!(
        out,
        "On the round bowl x0² + x1² (4.4.1) -grad points straight at (0, 0): {:.0}° from (3, -2).",
        angle_to(function_2, &arr1(&[3.0, -2.0]), [0.0, 0.0])
    )?;

    // ANCHOR: ascent
    writeln!(out)?;
    let init_x = arr1(&[3.0, -2.0]);
    let neg = |x: &Array1<f64>| -saddle(x);
    let (up, _) = gradient_ascent(saddle, &init_x, 0.1, 30);
    let (down, _) = gradient_descent(neg, &init_x, 0.1, 30);
    writeln!(
        out,
        "gradient_ascent(saddle, (3, -2), lr = 0.1, 30) = {}: it climbs along x0 and x1 goes to 0.",
        format_array(&up)
    )?;
    writeln!(
        out,
        "gradient_descent(-saddle, ...) gives the same point, bit for bit: {}",
        up == down
    )?;
    let (top, _) = gradient_ascent(plateau, &arr1(&[0.5, 0.5]), 1.0, 100);
    writeln!(
        out,
        "gradient_ascent(plateau, (0.5, 0.5), lr = 1, 100) = {}: f = {}, |grad| = {:.1e},",
        format_array(&top),
        short(plateau(&top)),
        slope(plateau, &top)
    )?;
    writeln!(
        out,
        "  out of the well and onto the plateau, where climbing slows down just as descending did."
    )?;
    // ANCHOR_END: ascent
    for l in &LANDSCAPES {
        ctx.figure(&format!("4.4.3-{}", l.id), |area| draw(area, l))?;
    }
    Ok(())
}

/// The level sets of each landscape as polylines (the values of f they mark are
/// listed in the book's caption): saddle 0, ±1, ±4, ±9, ±16; stretched bowl
/// 0.25, 1, 4, 9, 16; two valleys −0.9, −0.5, 0, 1, 2, 4, 8, 16; plateau 0.1,
/// 0.3, 0.5, 0.7, 0.9, 0.99, 0.999.
fn level_sets(l: &Landscape) -> Vec<Vec<(f64, f64)>> {
    let n = 400;
    let xs = |a: f64, b: f64| -> Vec<f64> {
        (0..=n).map(|i| a + (b - a) * i as f64 / n as f64).collect()
    };
    match l.id {
        "saddle" => {
            let mut sets = Vec::new();
            let cs = [-16.0, -9.0, -4.0, -1.0, 0.0, 1.0, 4.0, 9.0, 16.0];
            for c in cs {
                for sign in [-1.0, 1.0] {
                    let line: Vec<(f64, f64)> = if c > 0.0 {
                        // x0 = ±sqrt(c + x1²), opening left and right
                        xs(-8.0, 8.0)
                            .into_iter()
                            .map(|y| (sign * (c + y * y).sqrt(), y))
                            .collect()
                    } else {
                        // x1 = ±sqrt(x0² - c), opening up and down (c = 0: the two diagonals)
                        xs(-12.0, 12.0)
                            .into_iter()
                            .map(|x| (x, sign * (x * x - c).sqrt()))
                            .collect()
                    };
                    sets.push(line);
                }
            }
            sets
        }
        "plateau" => {
            let cs = [0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999];
            cs.iter()
                .map(|&c: &f64| {
                    let r = (-3.0 * (1.0 - c).ln()).sqrt();
                    (0..=200)
                        .map(|i| {
                            let a = std::f64::consts::TAU * i as f64 / 200.0;
                            (r * a.cos(), r * a.sin())
                        })
                        .collect()
                })
                .collect()
        }
        _ => {
            // f = g(x0) + x1²: the set f = c is x1 = ±sqrt(c − g(x0)) over each
            // stretch of x0 where c ≥ g(x0), closed into a loop.
            let cs: &[f64] = if l.id == "zigzag" {
                &[0.25, 1.0, 4.0, 9.0, 16.0]
            } else {
                &[-0.9, -0.5, 0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
            };
            let g = |x0: f64| (l.f)(&arr1(&[x0, 0.0]));
            let grid = xs(-20.0, 20.0)
                .into_iter()
                .flat_map(|a| (0..10).map(move |k| a + 0.01 * k as f64))
                .collect::<Vec<f64>>();
            let mut sets = Vec::new();
            for &c in cs {
                let mut run: Vec<f64> = Vec::new();
                let mut close = |run: &mut Vec<f64>| {
                    if run.len() > 1 {
                        let upper = run.iter().map(|&x| (x, (c - g(x)).max(0.0).sqrt()));
                        let lower = run.iter().rev().map(|&x| (x, -(c - g(x)).max(0.0).sqrt()));
                        let mut lp: Vec<(f64, f64)> = upper.chain(lower).collect();
                        lp.push(lp[0]);
                        sets.push(lp);
                    }
                    run.clear();
                };
                for &x in &grid {
                    if g(x) <= c {
                        run.push(x);
                    } else {
                        close(&mut run);
                    }
                }
                close(&mut run);
            }
            sets
        }
    }
}

/// One landscape: its level sets (grey, dashed), the path from every start
/// (one colour each) and the start points (black).
fn draw(area: &plot::Area, l: &Landscape) -> plot::DrawResult {
    let grey = plot::RGBColor(185, 185, 185);
    let mut series = Vec::new();
    for (i, set) in level_sets(l).into_iter().enumerate() {
        let name = if i == 0 { "level sets of f" } else { "" };
        series.push(Series::dashed(name, set).color(grey).width(1));
    }
    for (i, &s) in l.starts.iter().enumerate() {
        let (_, path) = gradient_descent(l.f, &arr1(&s), l.lr, l.steps);
        let pts = path.iter().map(|p| (p[0], p[1])).collect();
        // The path along the ridge x1 = 0 is drawn thick, under the one that
        // starts a hair off it, so both show.
        let (mark, width) = if s == [3.0, 0.0] {
            (plot::Mark::Line, 6)
        } else {
            (plot::Mark::LinePoints, 2)
        };
        series.push(
            Series::new(&format!("from {}", start_label(s)), pts, mark)
                .color(plot::color(i))
                .width(width),
        );
    }
    let starts = l.starts.iter().map(|s| (s[0], s[1])).collect();
    series.push(Series::points("start points", starts).color(plot::BLACK));
    let frame = Plot::new(
        &format!(
            "4.4.3  {}: lr = {}, {} steps",
            l.name.replace("f = ", ""),
            py_repr(l.lr),
            l.steps
        ),
        "x0",
        "x1",
        // Centred right of the paths (all within |x0| <= 3), so the legend in
        // the upper right covers none of them.
        -2.0..7.0,
        -5.5..5.5,
    )
    .equal_aspect()
    .legend(plot::SeriesLabelPosition::UpperRight);
    plot::line_chart(area, &frame, &series)
}

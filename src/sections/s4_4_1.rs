//! 4.4.1 Gradient descent from (-3, 4) with a good, a too-large and a too-small learning rate.

use ndarray::{Array1, arr1};

use super::Ctx;
use crate::ch04::gradient::{function_2, gradient_descent, numerical_gradient, step_factor};
use crate::common::numpy::{format_array, py_repr};
use crate::error::Result;
use crate::plot::{self, Plot, Series};

/// The book's start point and number of steps.
pub const INIT_X: [f64; 2] = [-3.0, 4.0];
pub const STEP_NUM: usize = 100;

/// The first step at which each coordinate's numerical gradient is exactly 0,
/// so that coordinate never moves again.
pub fn freeze_steps(path: &[Array1<f64>]) -> [Option<usize>; 2] {
    let mut frozen = [None, None];
    for (k, x) in path.iter().enumerate() {
        let grad = numerical_gradient(function_2, &mut x.clone());
        for i in 0..2 {
            if frozen[i].is_none() && grad[i] == 0.0 {
                frozen[i] = Some(k);
            }
        }
    }
    frozen
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    if !ctx.params.is_empty() {
        let p = &ctx.params;
        let (lr, init, steps) = (
            p.number("lr", 0.1),
            p.pair("init", INIT_X),
            p.steps("steps", STEP_NUM),
        );
        return experiment(ctx.out, lr, init, steps);
    }
    let out = &mut *ctx.out;
    let init_x = arr1(&INIT_X);
    writeln!(
        out,
        "init_x = {}, step_num = {STEP_NUM}; the minimum is at (0, 0).",
        format_array(&init_x)
    )?;
    writeln!(out)?;
    let notes = [
        (0.1, "a good step: next to (0, 0)"),
        (10.0, "too large: it overshoots, grows, then freezes"),
        (1e-10, "too small: it has hardly moved"),
    ];
    for (lr, note) in notes {
        let (x, _) = gradient_descent(function_2, &init_x, lr, STEP_NUM);
        writeln!(
            out,
            "gradient_descent(function_2, &init_x, lr = {}, {STEP_NUM})",
            py_repr(lr)
        )?;
        writeln!(out, "  = {}   {note}", format_array(&x))?;
    }

    // ANCHOR: freeze
    let lr = 10.0;
    let (x, path) = gradient_descent(function_2, &init_x, lr, STEP_NUM);
    writeln!(out)?;
    writeln!(
        out,
        "Why lr = 10.0 ends at {} and not at 3 * 19^100 = {}:",
        format_array(&x),
        py_repr(3.0 * 19f64.powi(100))
    )?;
    writeln!(
        out,
        "each step multiplies x by (1 - 2 lr) = -19, until x is so large that x + h == x."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        concat!(
            "step  x0                    x1                    gradient (numerical)",
            "                       exact 2x                                   rel. error"
        )
    )?;
    let mut worst = (0, 0.0);
    for (k, p) in path.iter().enumerate().take(12) {
        let g = numerical_gradient(function_2, &mut p.clone());
        let exact = 2.0 * p;
        // the error of each coordinate that has not frozen yet (a frozen one is 100% off)
        let err = (0..2)
            .filter(|&i| g[i] != 0.0)
            .map(|i| ((g[i] - exact[i]) / exact[i]).abs())
            .fold(None, |m: Option<f64>, e| Some(m.map_or(e, |m| m.max(e))));
        if let Some(e) = err
            && e > worst.1
        {
            worst = (k, e);
        }
        let pair = |a: f64, b: f64| format!("[{}, {}]", py_repr(a), py_repr(b));
        writeln!(
            out,
            "{k:>4}  {:<21} {:<21} {:<42} {:<42} {}",
            py_repr(p[0]),
            py_repr(p[1]),
            pair(g[0], g[1]),
            pair(exact[0], exact[1]),
            err.map_or("frozen".to_string(), |e| format!("{e:.2e}"))
        )?;
    }
    let (k, e) = worst;
    let p = &path[k];
    let f = function_2(p);
    writeln!(out)?;
    writeln!(
        out,
        "Before a coordinate freezes its numerical gradient is already up to {:.0}% off \
         (x0 at step {k}):",
        100.0 * e
    )?;
    writeln!(
        out,
        "f(x) = {} there, one ulp of f is {}, and one ulp / 2h = {}.",
        py_repr(f),
        py_repr(spacing(f)),
        py_repr(spacing(f) / 2e-4)
    )?;
    writeln!(
        out,
        "f(x+h) - f(x-h) can only be a whole number of ulps: cancellation (상쇄) of two huge, \
         nearly equal numbers."
    )?;
    let [f0, f1] = freeze_steps(&path);
    let step = |f: Option<usize>| f.map_or("never".to_string(), |k| k.to_string());
    writeln!(out)?;
    writeln!(
        out,
        "x1 freezes at step {}, x0 at step {}.",
        step(f1),
        step(f0)
    )?;
    writeln!(
        out,
        "Near 2^40 = {} the gap between neighbouring doubles is {},",
        py_repr(2f64.powi(40)),
        py_repr(spacing(2f64.powi(40)))
    )?;
    writeln!(
        out,
        "more than 2h = 2e-4: x + 1e-4 rounds back to x, f(x+h) == f(x-h), \
         and the gradient is exactly 0."
    )?;
    // ANCHOR_END: freeze
    ctx.figure("4.4.1-fig4-10-descent-path", draw_path)?;
    ctx.figure("4.4.1-learning-rates", draw_learning_rates)?;
    print_rates(&mut *ctx.out, &arr1(&INIT_X))?;
    ctx.figure("4.4.1-convergence", draw_rates)?;
    Ok(())
}

/// The figure's run, as in the book's fig 4-10: lr = 0.1, 20 steps.
pub const FIG_LR: f64 = 0.1;
pub const FIG_STEPS: usize = 20;

/// Fig 4-10: the 21 points gradient descent visits from (-3, 4), over the level
/// sets of f (circles x0² + x1² = r²), each step 0.8 times the last.
fn draw_path(area: &plot::Area) -> plot::DrawResult {
    let (_, path) = gradient_descent(function_2, &arr1(&INIT_X), FIG_LR, FIG_STEPS);
    let pts: Vec<(f64, f64)> = path.iter().map(|p| (p[0], p[1])).collect();
    let circle = |r: f64| -> Vec<(f64, f64)> {
        // 200 points: smooth to the eye at this size.
        (0..=200)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / 200.0;
                (r * a.cos(), r * a.sin())
            })
            .collect()
    };
    let grey = plot::RGBColor(170, 170, 170);
    let mut series =
        vec![Series::dashed("level sets f = 1, 4, 9, 16, 25", circle(1.0)).color(grey)];
    for r in [2.0, 3.0, 4.0, 5.0] {
        series.push(Series::dashed("", circle(r)).color(grey));
    }
    series.push(
        Series::new(
            "gradient_descent, lr = 0.1, 20 steps from (-3, 4)",
            pts,
            plot::Mark::LinePoints,
        )
        .color(plot::color(0)),
    );
    let frame = Plot::new(
        "4.4.1 (fig 4-10)  gradient descent on f = x0² + x1²",
        "x0",
        "x1",
        -3.5..3.5,
        -5.5..7.6,
    )
    .equal_aspect()
    // Above the f = 25 circle (radius 5), where the chart is empty.
    .legend(plot::SeriesLabelPosition::UpperMiddle);
    plot::line_chart(area, &frame, &series)
}

/// |x| after each of the 100 steps for lr = 0.1, 10.0 and 1e-10, on a log axis:
/// 0.1 shrinks by 0.8 a step, 10.0 grows by 19 a step until the gradient
/// underflows to 0 and x freezes, 1e-10 stays at 5.
fn draw_learning_rates(area: &plot::Area) -> plot::DrawResult {
    let init_x = arr1(&INIT_X);
    let mut series = Vec::new();
    let labels = [
        (0.1, "lr = 0.1: shrinks by 0.8 a step"),
        (10.0, "lr = 10.0: grows by 19 a step, then freezes"),
        (1e-10, "lr = 1e-10: hardly moves from |x| = 5"),
    ];
    for (k, (lr, name)) in labels.into_iter().enumerate() {
        let (_, path) = gradient_descent(function_2, &init_x, lr, STEP_NUM);
        let norms = path
            .iter()
            .enumerate()
            .map(|(i, p)| (i as f64, p[0].hypot(p[1])))
            .collect();
        series.push(Series::new(name, norms, plot::Mark::LinePoints).color(plot::color(k)));
    }
    plot::line_chart(
        area,
        &Plot::new(
            "4.4.1  |x| per step for three learning rates",
            "step",
            "|x| (log scale)",
            0.0..100.0,
            1e-10..1e16,
        )
        .log_y()
        .legend(plot::SeriesLabelPosition::LowerLeft),
        &series,
    )
}

/// The distance from x to the next larger double (NumPy's `np.spacing`).
pub fn spacing(x: f64) -> f64 {
    f64::from_bits(x.abs().to_bits() + 1) - x.abs()
}

/// The learning rates of the convergence table, with what each one does.
pub const RATES: [(f64, &str); 6] = [
    (0.1, "converges, same side"),
    (0.5, "lands on (0, 0) in one step"),
    (0.9, "oscillates inward"),
    (1.0, "bounces for ever"),
    (1.1, "oscillates outward: diverges"),
    (-0.1, "gradient ascent: climbs"),
];

/// Which learning rates converge on x0² + x1²: the factor (1 - 2 lr) per step.
fn print_rates(out: &mut dyn std::io::Write, init_x: &Array1<f64>) -> Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "Which learning rates converge? Each step is x <- (1 - 2 lr) x; from (-3, 4), 20 steps:"
    )?;
    writeln!(
        out,
        "lr     1 - 2 lr             x after 1 step                     |x| after 20 steps  behaviour"
    )?;
    for (lr, note) in RATES {
        let (x20, path) = gradient_descent(function_2, init_x, lr, 20);
        let norm = (x20[0].powi(2) + x20[1].powi(2)).sqrt();
        writeln!(
            out,
            "{:<6} {:<20} {:<34} {:<19} {note}",
            py_repr(lr),
            py_repr(step_factor(lr)),
            format_array(&path[1]),
            format!("{norm:.3e}")
        )?;
    }
    writeln!(
        out,
        "(0 < lr < 1 converges; a negative lr steps along the gradient, uphill: gradient ascent, 경사 상승법.)"
    )?;
    Ok(())
}

/// x0 per step for the convergence table's rates: the sign flips of 0.9, 1.0 and
/// 1.1 are the oscillation, shrinking, constant and growing.
fn draw_rates(area: &plot::Area) -> plot::DrawResult {
    let init_x = arr1(&INIT_X);
    let series: Vec<Series> = RATES[..5]
        .iter()
        .enumerate()
        .map(|(i, &(lr, note))| {
            let (_, path) = gradient_descent(function_2, &init_x, lr, 12);
            let pts = path
                .iter()
                .enumerate()
                .map(|(k, x)| (k as f64, x[0]))
                .collect();
            Series::new(&format!("lr = {lr}: {note}"), pts, plot::Mark::LinePoints)
                .color(plot::color(i))
        })
        .collect();
    plot::line_chart(
        area,
        &Plot::new(
            "4.4.1  x0 per step on x0² + x1²: x <- (1 - 2 lr) x",
            "step",
            "x0",
            0.0..12.0,
            -8.0..8.0,
        )
        .legend(plot::SeriesLabelPosition::LowerRight),
        &series,
    )
}

/// With at most this many steps the experiment prints every one.
const PRINT_ALL: usize = 20;

/// `dlfs section 4.4.1 --lr LR --init X0,X1 --steps N`: gradient descent on
/// function_2 with those settings, step by step, against the exact descent.
fn experiment(out: &mut dyn std::io::Write, lr: f64, init: [f64; 2], steps: usize) -> Result<()> {
    let init_x = arr1(&init);
    let (x, path) = gradient_descent(function_2, &init_x, lr, steps);
    writeln!(
        out,
        "gradient_descent(function_2, init_x = {}, lr = {}, step_num = {steps})",
        format_array(&init_x),
        py_repr(lr)
    )?;
    writeln!(
        out,
        "(the book: init_x = [-3., 4.], lr = 0.1, step_num = 100; the minimum is at (0, 0))"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "step  x0                       x1                       f(x)"
    )?;
    for (k, p) in path.iter().enumerate() {
        if steps > PRINT_ALL && k >= 5 && k + 5 <= steps {
            if k == 5 {
                writeln!(out, "   ...")?;
            }
            continue;
        }
        writeln!(
            out,
            "{k:>4}  {:<24} {:<24} {}",
            py_repr(p[0]),
            py_repr(p[1]),
            py_repr(function_2(p))
        )?;
    }
    writeln!(out)?;
    writeln!(out, "final x = {}", format_array(&x))?;
    let factor = step_factor(lr);
    let exact = init_x.mapv(|v| v * factor.powi(steps as i32));
    writeln!(
        out,
        "With the exact gradient 2x each step multiplies x by 1 - 2 lr = {}: after {steps} step{} x = {}.",
        py_repr(factor),
        if steps == 1 { "" } else { "s" },
        format_array(&exact)
    )?;
    writeln!(
        out,
        "The numerical gradient (h = 1e-4) is 2x only up to rounding, so the path above differs in the last digits."
    )?;
    if factor == 0.0 {
        writeln!(
            out,
            "That is why lr = 0.5 lands near 0 (about 1e-12) in one step, not exactly on it."
        )?;
    }
    Ok(())
}
